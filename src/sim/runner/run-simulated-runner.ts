import { sendHttp } from "../send-http.js";
import { decodeJitConfig } from "./decode-jit-config.js";

/** Options for `runSimulatedRunner`. */
export interface SimulatedRunnerOptions {
  /** The `encoded_jit_config` from generate-jitconfig; never logged. */
  jitConfig: string;
  /** Receives the runner's console lines. */
  log: (line: string) => void;
  /** Aborting stops the runner as a shutdown signal would. */
  signal?: AbortSignal;
}

/* actions/runner's `Constants.Runner.ReturnCode` (github-protocol.md §5.4). */
const SUCCESS = 0;
const TERMINATED_ERROR = 1;
const RUNNER_VERSION = "2.330.0";
const POLL_WAIT_MS = 20_000;

type Message =
  | { seq: number; type: "job"; job: { id: number; name: string } }
  | { seq: number; type: "job-completed"; job: { id: number; name: string; conclusion: string | null } }
  | { seq: number; type: "removed" };

/**
 * A stand-in for actions/runner talking to the GitHub simulator: decodes the JIT config, opens its
 * one session, listens for a job, reports it, and exits 0 after its one job (ephemeral). A bad
 * config or a refused session exits 1.
 */
export async function runSimulatedRunner(options: SimulatedRunnerOptions): Promise<number> {
  const { log, signal } = options;
  const decoded = decodeJitConfig(options.jitConfig);
  if (!decoded.ok) {
    log(`An error occurred: ${decoded.reason}`);
    return TERMINATED_ERROR;
  }
  const { config } = decoded;
  const base = config.serverUrl.replace(/\/$/, "");
  let sessionId: string;
  try {
    const response = await sendHttp(`${base}/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ agentId: config.agentId, proof: config.proof }),
      ...(signal === undefined ? {} : { signal }),
    });
    const body = JSON.parse(response.body) as { sessionId?: string; message?: string };
    if (response.status < 200 || response.status >= 300 || body.sessionId === undefined) {
      log(`Failed to create a session. ${body.message ?? `HTTP ${response.status}`}`);
      return TERMINATED_ERROR;
    }
    sessionId = body.sessionId;
  } catch (error) {
    if (signal?.aborted === true) return exiting(log);
    log(`An error occurred: cannot connect to ${base}: ${describe(error)}`);
    return TERMINATED_ERROR;
  }

  log("√ Connected to GitHub");
  log(`Current runner version: '${RUNNER_VERSION}'`);
  log(`${stamp()}: Listening for Jobs`);
  try {
    return await listen(`${base}/sessions/${sessionId}`, log, signal);
  } finally {
    await sendHttp(`${base}/sessions/${sessionId}`, { method: "DELETE" }).catch(() => undefined);
  }
}

async function listen(session: string, log: (line: string) => void, signal: AbortSignal | undefined): Promise<number> {
  let after = 0;
  for (;;) {
    let messages: Message[];
    try {
      const response = await sendHttp(`${session}/messages?after=${after}&wait=${POLL_WAIT_MS}`, signal === undefined ? {} : { signal });
      messages = response.status === 200 ? (JSON.parse(response.body) as { messages: Message[] }).messages : [];
      if (response.status !== 200 && response.status !== 204) {
        log(`An error occurred: the session ended (HTTP ${response.status})`);
        return TERMINATED_ERROR;
      }
    } catch (error) {
      if (signal?.aborted === true) return exiting(log);
      log(`An error occurred: lost the connection to GitHub: ${describe(error)}`);
      return TERMINATED_ERROR;
    }
    for (const message of messages) {
      after = message.seq;
      if (message.type === "job") log(`${stamp()}: Running job: ${message.job.name}`);
      if (message.type === "removed") {
        log("The runner registration has been deleted from the server, please re-configure.");
        return TERMINATED_ERROR;
      }
      if (message.type === "job-completed") {
        log(`${stamp()}: Job ${message.job.name} completed with result: ${describeResult(message.job.conclusion)}`);
        return SUCCESS;
      }
    }
  }
}

/** The runner prints results in its own words (`TaskResult`). */
function describeResult(conclusion: string | null): string {
  if (conclusion === "success") return "Succeeded";
  if (conclusion === "cancelled") return "Canceled";
  return "Failed";
}

/** A runner stopped by a shutdown signal says so and exits cleanly, as run.sh does on SIGINT. */
function exiting(log: (line: string) => void): number {
  log("Exiting...");
  return SUCCESS;
}

function stamp(): string {
  return new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
