import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createRepeatingTask, type RepeatingTask } from "../../src/intake/repeating-task.js";
import { captureLogger } from "../support/intake-fixtures.js";

let task: RepeatingTask | null = null;
afterEach(async () => {
  await task?.stop();
  task = null;
});

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("a repeating task", () => {
  it("joins the run under way instead of starting a second one", async () => {
    const release = gate();
    let runs = 0;
    task = createRepeatingTask({ name: "t", intervalMs: 60_000, log: pino({ level: "silent" }), run: async () => {
      runs += 1;
      await release.promise;
    } });
    const first = task.runNow();
    const second = task.runNow();
    release.open();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
  });

  it("logs a failing run, resolves, and runs again next time", async () => {
    const { log, lines } = captureLogger();
    let runs = 0;
    task = createRepeatingTask({ name: "flaky", intervalMs: 60_000, log, run: async () => {
      runs += 1;
      if (runs === 1) throw new Error("GitHub is down");
    } });
    await expect(task.runNow()).resolves.toBeUndefined();
    await task.runNow();
    expect(runs).toBe(2);
    expect(lines.filter((line) => line.includes("background round failed") && line.includes("flaky"))).toHaveLength(1);
  });

  it("repeats on its timer until stopped, and stop waits for the run under way", async () => {
    const third = gate();
    let runs = 0;
    let finished = 0;
    const running = gate();
    task = createRepeatingTask({ name: "t", intervalMs: 1, log: pino({ level: "silent" }), run: async () => {
      runs += 1;
      if (runs === 3) {
        running.open();
        await third.promise;
      }
      finished += 1;
    } });
    task.start();
    await running.promise;
    const stopped = task.stop();
    third.open();
    await stopped;
    expect(finished).toBe(3);
    expect(runs).toBe(3);
  });
});
