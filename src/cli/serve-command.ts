import type { Command } from "commander";
import { loadConfig } from "../config/load-config.js";
import { pickSafeBaseEnv } from "../providers/local/build-local-env.js";
import { createLogger } from "./create-logger.js";
import { printConfigProblems } from "./print-config-problems.js";
import { startDispatcher } from "./start-dispatcher.js";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("run the dispatcher: webhook intake, reconciler and HTTP API (npm start)")
    .action(async () => {
      const { config, problems } = loadConfig(process.env);
      if (problems.length > 0) {
        printConfigProblems(problems, process.stderr);
        process.exit(2);
      }
      const log = createLogger(config.logLevel);
      const dispatcher = await startDispatcher({ config, log, baseEnv: pickSafeBaseEnv(process.env) });
      let stopping = false;
      const shutdown = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, "stopping: finishing in-flight requests and the current reconcile pass");
        dispatcher.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, "unclean stop");
            process.exit(1);
          },
        );
      };
      process.once("SIGTERM", () => shutdown("SIGTERM"));
      process.once("SIGINT", () => shutdown("SIGINT"));
    });
}
