import { parentPort, Worker, workerData } from "node:worker_threads";
import { sendHttp } from "../../src/sim/send-http.js";
import { forEachConcurrently, forEachPaced } from "./stats.js";

/** One queued-job webhook, rendered by the simulators for the sender to POST. */
export interface PreparedDelivery {
  readonly jobId: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What the sender measured: when each webhook left, and how long its answer took. */
export interface SendResult {
  readonly sent: readonly { readonly jobId: number; readonly at: number; readonly ackMs: number }[];
  readonly lateStarts: number | null;
}

interface SenderPlan {
  readonly url: string;
  /** Several receivers (dispatcher replicas behind a balancer): webhooks go to them in turn instead of to `url`. */
  readonly urls?: readonly string[];
  readonly count: number;
  readonly concurrency: number;
  readonly ratePerSecond: number | null;
  /** Deliveries asked for ahead of their turn; each job is queued on GitHub that much early at most. */
  readonly lead: number;
}

type ToSender = { readonly kind: "deliveries"; readonly items: readonly PreparedDelivery[] };
type FromSender = { readonly kind: "need"; readonly count: number } | { readonly kind: "done"; readonly result: SendResult } | { readonly kind: "failed"; readonly message: string };

/**
 * Sends the benchmark's webhooks from a worker thread of its own, so that its clock and its
 * sockets do not wait for the simulators' event loop (their garbage collections took up to 19 ms
 * and showed up as slow acknowledgements). `prepare` runs on the simulators' thread: it queues
 * the job on GitHub and renders its delivery, a few turns before the worker sends it.
 */
export async function sendWebhooks(plan: Omit<SenderPlan, "lead">, prepare: () => PreparedDelivery): Promise<SendResult> {
  const lead = plan.ratePerSecond === null ? plan.concurrency : Math.max(2, Math.ceil(plan.ratePerSecond / 20));
  // A worker does not inherit the TypeScript loader: it registers tsx, then loads this file.
  const tsx = import.meta.resolve("tsx/esm/api");
  const source = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(source, { eval: true, workerData: { ...plan, lead } satisfies SenderPlan });
  try {
    return await new Promise<SendResult>((resolve, reject) => {
      worker.on("message", (message: FromSender) => {
        if (message.kind === "need") worker.postMessage({ kind: "deliveries", items: Array.from({ length: message.count }, prepare) } satisfies ToSender);
        else if (message.kind === "done") resolve(message.result);
        else reject(new Error(`webhook sender failed: ${message.message}`));
      });
      worker.on("error", reject);
    });
  } finally {
    await worker.terminate();
  }
}

/** The worker's side: asks for deliveries ahead, sends them as planned, reports what it measured. */
async function runSender(plan: SenderPlan, port: NonNullable<typeof parentPort>): Promise<void> {
  const ready: PreparedDelivery[] = [];
  const waiting: ((delivery: PreparedDelivery) => void)[] = [];
  let asked = 0;
  const ask = (count: number): void => {
    const n = Math.min(count, plan.count - asked);
    if (n <= 0) return;
    asked += n;
    port.postMessage({ kind: "need", count: n } satisfies FromSender);
  };
  port.on("message", (message: ToSender) => {
    for (const item of message.items) {
      const take = waiting.shift();
      if (take === undefined) ready.push(item);
      else take(item);
    }
  });
  const next = (): Promise<PreparedDelivery> => {
    ask(1);
    const item = ready.shift();
    return item === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(item);
  };
  ask(plan.lead);
  const sent: { jobId: number; at: number; ackMs: number }[] = [];
  let turn = 0;
  const send = async (): Promise<void> => {
    const delivery = await next();
    const url = plan.urls === undefined || plan.urls.length === 0 ? plan.url : (plan.urls[turn++ % plan.urls.length] as string);
    const at = performance.timeOrigin + performance.now();
    const answer = await sendHttp(url, { method: "POST", headers: delivery.headers, body: delivery.body });
    const ackMs = performance.timeOrigin + performance.now() - at;
    if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${answer.body}`);
    sent.push({ jobId: delivery.jobId, at, ackMs });
  };
  const slots = Array.from({ length: plan.count }, () => undefined);
  const lateStarts = plan.ratePerSecond === null
    ? (await forEachConcurrently(slots, plan.concurrency, send), null)
    : await forEachPaced(slots, plan.ratePerSecond, plan.concurrency, send);
  port.postMessage({ kind: "done", result: { sent, lateStarts } } satisfies FromSender);
}

if (parentPort !== null && (workerData as SenderPlan | undefined)?.url !== undefined) {
  const port = parentPort;
  runSender(workerData as SenderPlan, port).catch((error: unknown) => port.postMessage({ kind: "failed", message: error instanceof Error ? error.message : String(error) } satisfies FromSender));
}
