import type { Command } from "commander";
import { createParser } from "eventsource-parser";
import type { JobDetails } from "../server/read-job-details.js";
import { describeJobStart } from "./describe-job-start.js";
import { addUrlOption, callDispatcher, getJson, readApiTarget, reportFailure } from "./dispatcher-api.js";
import { parseJobReference } from "./parse-job-reference.js";

/** One `/api/jobs/:id/log` event's text: `line` carries `{ at, text }`, `notice` and `end` a `{ message }`. */
function readText(data: string): string {
  try {
    const parsed = JSON.parse(data) as { text?: unknown; message?: unknown };
    if (typeof parsed.text === "string") return parsed.text;
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // Not JSON: the line itself.
  }
  return data;
}

/** `offload logs <job>`: the job's runner output, followed until it ends (Ctrl-C stops). */
export function registerLogsCommand(program: Command): void {
  const command = program
    .command("logs")
    .description("print a job's runner log from the dispatcher, following it until the runner ends")
    .argument("<job>", "the job id, as `offload jobs` lists it, or the job's GitHub URL")
    .option("--no-follow", "print what there is and stop");
  addUrlOption(command, process.env).action(async (job: string, options: { url?: string; follow: boolean }) => {
    const stop = new AbortController();
    process.once("SIGINT", () => stop.abort());
    try {
      const id = parseJobReference(job, "logs");
      const target = readApiTarget(options, process.env);
      // Human lines first: which job this is and where it stands; a refused job has no log to wait for.
      const note = describeJobStart(await getJson<JobDetails>(target, `/api/jobs/${id}`));
      for (const line of note.lines) process.stderr.write(`${line}\n`);
      if (note.final) return;
      const path = `/api/jobs/${id}/log${options.follow ? "" : "?follow=false"}`;
      const response = await callDispatcher(target, "GET", path, { accept: "text/event-stream", signal: stop.signal });
      let ended = false;
      const parser = createParser({
        onEvent: (event) => {
          if (event.event === "end") {
            ended = true;
            return;
          }
          const text = readText(event.data);
          if (event.event === "notice") process.stderr.write(`${text}\n`);
          else process.stdout.write(`${text}\n`);
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body ?? []) {
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
        if (ended) break;
      }
      stop.abort();
    } catch (error) {
      if (stop.signal.aborted) return;
      reportFailure(error, process.stderr);
    }
  });
}
