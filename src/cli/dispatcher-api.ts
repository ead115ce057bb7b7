import type { Command } from "commander";

/** A failure a person can act on: what happened and how to fix it. */
export class CliFailure extends Error {
  readonly fix: string;

  constructor(message: string, fix: string) {
    super(message);
    this.name = "CliFailure";
    this.fix = fix;
  }
}

/** Where the dispatcher's JSON API is and how to prove we may use it. */
export interface ApiTarget {
  readonly url: string;
  readonly token: string | null;
}

/** `--url` on a command, defaulting to this machine's dispatcher on $PORT (7860 as on HF Spaces). */
export function addUrlOption(command: Command, env: Record<string, string | undefined>): Command {
  return command.option("--url <url>", "the dispatcher's address", `http://127.0.0.1:${env["PORT"]?.trim() || "7860"}`);
}

export function readApiTarget(options: { url?: string }, env: Record<string, string | undefined>): ApiTarget {
  return { url: (options.url ?? `http://127.0.0.1:${env["PORT"]?.trim() || "7860"}`).replace(/\/+$/, ""), token: env["OFFLOAD_ADMIN_TOKEN"]?.trim() || null };
}

/** The dispatcher's `{ error: { code, message, remedy } }`, as a CliFailure. */
async function toFailure(response: Response, what: string): Promise<CliFailure> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; remedy?: string } } | null;
  const error = body?.error;
  if (error?.message) return new CliFailure(`${what} failed with ${response.status} ${error.code ?? ""}: ${error.message}`.replace(/ :/, ":"), error.remedy ?? "See docs/errors.md.");
  return new CliFailure(`${what} failed with ${response.status}`, "Check --url points at an offload dispatcher.");
}

/** One request to the dispatcher; a refused connection says how to point at the right one. */
export async function callDispatcher(
  target: ApiTarget,
  method: "GET" | "POST",
  path: string,
  init: { accept?: string; signal?: AbortSignal; body?: unknown } = {},
): Promise<Response> {
  const what = `${method} ${target.url}${path}`;
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        accept: init.accept ?? "application/json",
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...(target.token === null ? {} : { authorization: `Bearer ${target.token}` }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliFailure(`${what} failed without an answer (${code})`, "Start the dispatcher (`offload serve`), or pass --url with its address.");
  }
  if (!response.ok) throw await toFailure(response, what);
  return response;
}

/** GET a JSON document from the dispatcher. */
export async function getJson<T>(target: ApiTarget, path: string): Promise<T> {
  const response = await callDispatcher(target, "GET", path);
  return (await response.json()) as T;
}

/** Prints a failure and its fix, and sets exit code 1. */
export function reportFailure(error: unknown, err: NodeJS.WritableStream): void {
  if (error instanceof CliFailure) err.write(`✗ ${error.message}\n  fix: ${error.fix}\n`);
  else err.write(`✗ ${(error as Error).message ?? String(error)}\n`);
  process.exitCode = 1;
}
