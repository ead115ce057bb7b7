import type { Clock } from "../../src/clock/clock.js";

/** A clock that moves only when a test calls `advance`; sleepers wake when their time is reached. */
export class GitHubFakeClock implements Clock {
  #now: number;
  #sleepers: { until: number; resolve: () => void }[] = [];

  constructor(start: number = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  iso(): string {
    return new Date(this.#now).toISOString();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#sleepers.push({ until: this.#now + ms, resolve }));
  }

  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((sleeper) => sleeper.until <= this.#now);
    this.#sleepers = this.#sleepers.filter((sleeper) => sleeper.until > this.#now);
    for (const sleeper of due) sleeper.resolve();
  }
}
