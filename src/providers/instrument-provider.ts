import type { EventBus } from "../events/event-bus.js";
import type { Provider } from "./provider.js";

/**
 * The same provider, reporting every launch, inspect, cancel and list on the bus (`provider:call`)
 * so metrics count calls and errors per provider without each backend knowing about them.
 */
export function instrumentProvider(provider: Provider, bus: EventBus): Provider {
  const timed =
    <A extends unknown[], R>(op: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      let ok = false;
      try {
        const result = await call(...args);
        ok = true;
        return result;
      } finally {
        bus.emit("provider:call", { provider: provider.name, op, ok, durationMs: performance.now() - started });
      }
    };
  const capacity = provider.capacity?.bind(provider);
  return {
    name: provider.name,
    launch: timed("launch", (spec) => provider.launch(spec)),
    inspect: timed("inspect", (id) => provider.inspect(id)),
    cancel: timed("cancel", (id) => provider.cancel(id)),
    listOurs: timed("list", () => provider.listOurs()),
    ...(provider.logs === undefined ? {} : { logs: provider.logs.bind(provider) }),
    ...(capacity === undefined ? {} : { capacity: timed("capacity", capacity) }),
  };
}
