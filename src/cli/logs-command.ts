import type { Command } from "commander";
import { createParser } from "eventsource-parser";
import { addUrlOption, callDispatcher, CliFailure, readApiTarget, reportFailure } from "./dispatcher-api.js";

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
    .argument("<job>", "the job id, as `offload jobs` lists it")
    .option("--no-follow", "print what there is and stop");
  addUrlOption(command, process.env).action(async (job: string, options: { url?: string; follow: boolean }) => {
    const stop = new AbortController();
    process.once("SIGINT", () => stop.abort());
    try {
      if (!/^\d{1,16}$/.test(job)) throw new CliFailure(`job '${job.slice(0, 40)}' in offload logs: expected a numeric job id`, "Use an id from `offload jobs`.");
      const path = `/api/jobs/${job}/log${options.follow ? "" : "?follow=false"}`;
      const response = await callDispatcher(readApiTarget(options, process.env), "GET", path, { accept: "text/event-stream", signal: stop.signal });
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
