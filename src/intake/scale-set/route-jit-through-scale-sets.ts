import { OffloadError } from "../../errors/offload-error.js";
import type { GitHubPort } from "../../github/github-port.js";
import type { ScaleSetPort } from "../../github/actions-service/scale-set-port.js";
import { formatScope, type RunnerScope } from "../../policy/runner-scope.js";

/** Scale sets by `<scope>|<normalised labels>`, the way a pool names its runners' registration. */
export type ScaleSetRegistry = Map<string, { readonly scope: RunnerScope; readonly scaleSetId: number; readonly name: string }>;

export function registryKey(scope: RunnerScope, labels: readonly string[]): string {
  return `${formatScope(scope)}|${labels.join(",")}`;
}

/**
 * The GitHub port the reconciler launches through: a runner of a scale-set pool gets its JIT
 * config from the scale set (`POST _apis/runtime/runnerscalesets/{id}/generatejitconfig`,
 * actions/scaleset client.go l.606-638 @ 6ce0259), so it is bound to the set and takes the jobs
 * the service assigned there; every other runner is created as before. Removing, listing and
 * reading go to the REST API for both (a scale set's runners are runners of its scope).
 */
export function routeJitThroughScaleSets(github: GitHubPort, port: ScaleSetPort, registry: ScaleSetRegistry, register: (key: string) => Promise<boolean>): GitHubPort {
  return {
    ...github,
    createJitRunner: async (scope, request) => {
      const key = registryKey(scope, request.labels);
      // A launch can come before the listener registered its set (the poller found the job first): register it now.
      if (!registry.has(key) && !(await register(key))) return github.createJitRunner(scope, request);
      const set = registry.get(key);
      if (set === undefined) throw new OffloadError("OFFLOAD_ACTIONS_SERVICE", `scale set for runners '${key}' in the Actions service: not registered`);
      return port.generateJitConfig(set.scope, set.scaleSetId, request.name);
    },
  };
}
