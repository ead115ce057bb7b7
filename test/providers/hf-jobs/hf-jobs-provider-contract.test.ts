import { Secret } from "../../../src/config/secret.js";
import { createHfJobsProvider } from "../../../src/providers/hf-jobs/create-hf-jobs-provider.js";
import { startHfJobsSim } from "../../../src/sim/hf-jobs/start-hf-jobs-sim.js";
import { createCapturedLogger } from "../../support/provider-test-tools.js";
import { contractExecutor, describeProviderContract } from "../provider-contract.js";

describeProviderContract("hf-jobs", async () => {
  const sim = await startHfJobsSim({ execute: contractExecutor, seed: 7 });
  const { log, text } = createCapturedLogger();
  const provider = createHfJobsProvider({
    endpoint: sim.url,
    token: new Secret(sim.token),
    namespace: sim.namespace,
    dispatcherId: "contract",
    log,
  });
  return { provider, providerLog: text, close: () => sim.close() };
});
