import type { ScaleSetStatistics } from "../../../github/actions-service/actions-service-schemas.js";
import type { ActionsService } from "../actions-service.js";
import type { RouteTable } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import { addRegistrationRoutes, type AdminGrant } from "./registration-routes.js";
import { addScaleSetRoutes, type ScaleSetFaults } from "./scale-set-routes.js";
import { createScaleSetService, type ScaleSetServiceOptions } from "./scale-set-service.js";

/** What tests see of the simulated scale-set service. */
export interface ScaleSetSimControls {
  /** Scale sets as registered, with their statistics now. */
  list(): { id: number; name: string; labels: string[]; scope: string; runnerGroupId: number; statistics: ScaleSetStatistics; sessions: number; unacknowledged: number }[];
  /** The network to the Actions service is down (every call 503) or back. */
  setOutage(down: boolean): void;
  /** Acknowledgements are withheld (never answered, never applied) from now on, or not. */
  holdAcks(hold: boolean): void;
  /** Acknowledgements withheld so far. */
  heldAcks(): number;
  /** No runner took the assigned job: the service cancels the assignment and offers the job again (at most 3 times). */
  reassign(jobId: number): boolean;
  /** Forgets every session, as the service does when it restarts or expires them. */
  dropSessions(): void;
}

/**
 * Adds the scale-set service to the simulated GitHub: the registration routes on the GitHub host
 * and the Actions service under `/_actions/tenant-1/`, neither of which is in GitHub's REST
 * description, so they go to `unlisted` and are checked against our zod schemas instead.
 */
export function addScaleSetService(input: {
  rest: RouteTable;
  unlisted: RouteTable;
  context: SimContext;
  actions: ActionsService;
  violations: string[];
  options: ScaleSetServiceOptions;
}): ScaleSetSimControls {
  const { context } = input;
  const service = createScaleSetService({ state: context.state, clock: context.clock, actions: input.actions, options: input.options });
  const grants = new Map<string, AdminGrant>();
  const faults: ScaleSetFaults = { outage: false, holdAcks: false, heldAcks: 0 };
  const serviceUrl = (): string => `${context.url}/_actions/tenant-1/`;
  addRegistrationRoutes(input.rest, input.unlisted, context, grants, serviceUrl);
  addScaleSetRoutes(input.unlisted, { context, service, grants, faults, violations: input.violations, queueUrl: (session) => `${context.url}/_actions/tenant-1/messagequeue/${session.id}` });
  return {
    list: () =>
      [...service.sets.values()].map((set) => ({
        id: set.id,
        name: set.name,
        labels: set.labels.map((label) => label.name),
        scope: set.scope,
        runnerGroupId: set.runnerGroupId,
        statistics: service.statistics(set),
        sessions: [...service.sessions.values()].filter((session) => session.scaleSetId === set.id).length,
        unacknowledged: set.queue.unacknowledged(),
      })),
    setOutage: (down) => {
      faults.outage = down;
      for (const set of service.sets.values()) set.queue.wakeAll();
    },
    holdAcks: (hold) => {
      faults.holdAcks = hold;
    },
    heldAcks: () => faults.heldAcks,
    reassign: (jobId) => service.reassign(jobId),
    dropSessions: () => {
      service.sessions.clear();
      for (const set of service.sets.values()) set.queue.wakeAll();
    },
  };
}
