import { execute, type Transition } from "./transition.js";

/** Gives the lease up at once (a clean stop), so another replica need not wait for it to expire. Only its holder can. */
export function* releaseLease(name: string, holder: string): Transition<boolean> {
  return (yield* execute("delete from leases where name = ? and holder = ?", [name, holder])) > 0;
}
