import type { FastifyInstance } from "fastify";
import type { Ledger } from "../ledger/ledger.js";
import type { Provider } from "../providers/provider.js";
import { isOffloadError } from "../errors/offload-error.js";
import type { DashboardFeed } from "./dashboard-feed.js";
import type { EventStreams } from "./event-streams.js";
import { pickLogRunner, readJobDetails } from "./read-job-details.js";

/** `GET /api/events`: the dashboard feed as server-sent events, one stream per page. */
export function registerEventRoute(app: FastifyInstance, feed: DashboardFeed, streams: EventStreams): void {
  app.get("/api/events", async (_request, reply) => {
    const stream = streams.open(reply);
    const off = feed.subscribe((event) => stream.send(event.type, event.data));
    stream.signal.addEventListener("abort", off, { once: true });
  });
}

/**
 * `GET /api/jobs/:id/log`: the output of the job's runner, streamed from its provider as
 * server-sent events: `line` ({at, text}) per line, `notice` when there is nothing to stream
 * (yet), `end` when the machine's output is over. `?follow=false` sends what there is and ends.
 */
export function registerJobLogRoute(app: FastifyInstance, ledger: () => Ledger, providers: ReadonlyMap<string, Provider> | undefined, streams: EventStreams): void {
  app.get<{ Params: { id: string }; Querystring: { follow?: string } }>("/api/jobs/:id/log", async (request, reply) => {
    const details = await readJobDetails(ledger(), request.params.id);
    const runner = pickLogRunner(details);
    const provider = runner === null ? undefined : providers?.get(runner.provider);
    const stream = streams.open(reply);
    const finish = (event: "notice" | "end", message: string): void => {
      stream.send(event, { message });
      if (event === "notice") stream.send("end", { message });
      stream.close();
    };
    if (runner === null || runner.computeId === null) return finish("notice", "No runner has started for this job yet.");
    if (provider?.logs === undefined) return finish("notice", `The ${runner.provider} provider does not stream logs to this dashboard.`);
    stream.send("runner", { name: runner.name, provider: runner.provider, computeId: runner.computeId });
    try {
      for await (const line of provider.logs(runner.computeId, { follow: request.query.follow !== "false", signal: stream.signal })) {
        stream.send("line", { at: line.at, text: line.text });
      }
      finish("end", "The runner's machine has ended.");
    } catch (error) {
      if (stream.signal.aborted) return;
      request.log.warn({ err: error, runner: runner.name }, "log stream failed");
      finish("notice", isOffloadError(error) ? `The log stream failed: ${error.message}` : "The log stream failed; see the dispatcher's log.");
    }
  });
}
