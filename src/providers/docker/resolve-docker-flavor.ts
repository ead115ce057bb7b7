import { OffloadError } from "../../errors/offload-error.js";
import type { DockerContext } from "./docker-context.js";
import type { DockerFlavor } from "./docker-options.js";

/** The rule behind a spec's flavor; an unknown one is refused naming the known ones. */
export function resolveDockerFlavor(context: DockerContext, flavor: string): DockerFlavor {
  const found = context.flavors.get(flavor) ?? context.defaultFlavor;
  if (found !== null) return found;
  const known = [...context.flavors.keys()].sort().join(", ") || "none";
  throw new OffloadError("OFFLOAD_CONFIG_INVALID", `Flavor '${flavor}' in the docker provider: expected a label rule with backend docker (known: ${known})`, {
    remedy: "Add a rule for this label with backend: docker to offload.yaml (rules), or route the label to another backend.",
  });
}
