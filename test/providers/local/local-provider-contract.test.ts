import { createLocalProvider } from "../../../src/providers/local/create-local-provider.js";
import { createCapturedLogger } from "../../support/provider-test-tools.js";
import { CONTRACT_CHILD_SCRIPT, describeProviderContract } from "../provider-contract.js";

describeProviderContract("local", async () => {
  const { log, text } = createCapturedLogger();
  const provider = createLocalProvider({
    command: [process.execPath, "-e", CONTRACT_CHILD_SCRIPT],
    dispatcherId: "contract",
    log,
    killGraceMs: 2_000,
  });
  return { provider, providerLog: text, close: async () => undefined };
});
