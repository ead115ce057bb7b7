import type { OffloadConfig } from "../config/config.js";
import { findFlavor } from "../config/flavors.js";
import type { JobFact } from "../intake/job-fact.js";
import type { Routing } from "./routing.js";
import { admitJob } from "./admit-job.js";
import { routeJob } from "./route-job.js";

/**
 * Intake's whole verdict on a job: routing (which pool, if any, serves its labels) then
 * admission (whether policy lets this repository have that hardware). Webhooks, the poller and
 * redelivery all call this one function.
 */
export function decideRouting(fact: JobFact, config: OffloadConfig): Routing {
  const routing = routeJob(fact, config);
  if (routing.kind !== "pool") return routing;
  const gpus = findFlavor(routing.pool.flavor)?.accelerator?.count ?? 0;
  return admitJob(fact, routing, config.policy, { gpus });
}
