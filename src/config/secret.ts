import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A credential (App key, token, webhook secret, JIT config). Printing, logging or serialising it
 * shows `[redacted]`; only `reveal()` gives the value, and only code that hands it to the one
 * place that needs it should call that.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
