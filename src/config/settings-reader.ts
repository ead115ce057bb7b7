import type { ConfigProblem } from "./config.js";
import { Secret } from "./secret.js";

/** One setting's raw text and where it came from, for problems that name the right place. */
export interface RawSetting {
  readonly value: string;
  /** The name as the user wrote it: `PORT`, or `port` in offload.yaml. */
  readonly name: string;
  /** `the environment` or `offload.yaml (<path>)`. */
  readonly place: string;
}

/** Raw settings keyed by environment name (`PORT`, `RUNNER_IMAGE_CUDA13`, ...). */
export type RawSettings = ReadonlyMap<string, RawSetting>;

/**
 * Reads typed values out of raw settings and collects every problem instead of stopping at the
 * first, so one restart fixes them all. Secret values are never quoted in a problem.
 */
export class SettingsReader {
  readonly problems: ConfigProblem[] = [];
  readonly #raw: RawSettings;

  constructor(raw: RawSettings) {
    this.#raw = raw;
  }

  has(name: string): boolean {
    return this.#raw.has(name);
  }

  /** Trimmed text, or null when unset or blank. */
  text(name: string): string | null {
    return this.#raw.get(name)?.value.trim() ?? null;
  }

  /** The value untouched (a secret's spaces may be part of it), or null when unset or blank. */
  secret(name: string): Secret | null {
    const raw = this.#raw.get(name);
    return raw === undefined ? null : new Secret(raw.value);
  }

  /** `parse(text)`, or `fallback` with a recorded problem when the value is set but unusable. */
  parse<T>(name: string, fallback: T, parse: (text: string) => T | null, expected: string, fix: string, options?: { secret?: boolean }): T {
    const raw = this.#raw.get(name);
    if (raw === undefined) return fallback;
    const parsed = parse(options?.secret === true ? raw.value : raw.value.trim());
    if (parsed !== null) return parsed;
    this.report(raw, expected, fix, options);
    return fallback;
  }

  /** Records a problem with `raw`, in the pattern `<name> '<value>' in <place>: expected <...>`. */
  report(raw: RawSetting | string, expected: string, fix: string, options?: { secret?: boolean }): void {
    const setting = typeof raw === "string" ? this.#raw.get(raw) : raw;
    if (setting === undefined) return;
    const shown = options?.secret === true ? "" : ` '${setting.value.trim()}'`;
    this.problems.push({ setting: setting.name, message: `${setting.name}${shown} in ${setting.place}: expected ${expected}`, fix });
  }

  /** Every raw setting whose environment name starts with `prefix`. */
  withPrefix(prefix: string): [string, RawSetting][] {
    return [...this.#raw].filter(([name]) => name.startsWith(prefix));
  }
}
