import { createCapturedLogger } from "../../support/provider-test-tools.js";
import { describeProviderContract } from "../provider-contract.js";
import { startKubeSubject } from "./kube-sim-subject.js";

describeProviderContract("kubernetes", async () => {
  const { log, text } = createCapturedLogger();
  const { sim, provider } = await startKubeSubject({}, { log });
  return { provider, providerLog: text, close: () => sim.close() };
});
