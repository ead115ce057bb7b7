import { loadConfig } from "../config/load-config.js";
import { pickSafeBaseEnv } from "../providers/local/build-local-env.js";
import { checkDataDir } from "./check-data-dir.js";
import { createLogger } from "./create-logger.js";
import { createTerminalDestination } from "./create-terminal-destination.js";
import { printConfigProblems } from "./print-config-problems.js";
import { startDispatcher, type Dispatcher } from "../app/start-dispatcher.js";

/** The `offload serve` process: loads the config, starts the dispatcher, restarts it after the setup wizard, stops on a signal. */
export async function runServe(): Promise<void> {
  const loaded = loadConfig(process.env);
  const { config } = loaded;
  // The SQLite ledger lives there (with PostgreSQL a read-only file system is fine). A data
  // directory that cannot exist explains an unreadable credentials file too: say it first.
  const dataDirProblem = config.databaseUrl === null ? checkDataDir(config.dataDir) : null;
  const problems = dataDirProblem === null ? loaded.problems : [dataDirProblem, ...loaded.problems.filter((problem) => problem.setting !== "setup-credentials.json")];
  if (problems.length > 0) {
    printConfigProblems(problems, process.stderr);
    process.exit(2);
  }
  const log = createLogger(config.logLevel, await createTerminalDestination(process.stdout));
  const start = (current: typeof config): Promise<Dispatcher> =>
    startDispatcher({ config: current, log, baseEnv: pickSafeBaseEnv(process.env), dockerEnv: readDockerEnv(process.env), onCredentialsStored: () => void restart() });
  let dispatcher = await start(config);
  // The first thing a newcomer needs: where to look. /setup is where a new dispatcher starts.
  log.info({ dashboard: `${dispatcher.url}/`, setup: `${dispatcher.url}/setup` }, config.missing.length > 0 ? "open the setup page to create the GitHub App" : "dashboard and setup pages");
  // The setup wizard stored the App's credentials in the data directory: start again with them,
  // in this process, so the operator never has to restart anything by hand.
  const restart = async (): Promise<void> => {
    log.info("credentials stored by the setup wizard; restarting the dispatcher with them");
    // Between closing the old server and listening again nothing else may hold the event loop
    // open; this handle keeps the process alive through the swap, whatever the parts await.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      await dispatcher.stop();
      const reloaded = loadConfig(process.env);
      if (reloaded.problems.length > 0) {
        printConfigProblems(reloaded.problems, process.stderr);
        process.exit(2);
      }
      dispatcher = await start(reloaded.config);
    } catch (error) {
      log.fatal({ err: error }, "could not restart with the stored credentials; start offload serve again");
      process.exit(1);
    } finally {
      clearInterval(keepAlive);
    }
  };
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
}

/** `DOCKER_HOST` and `SSH_AUTH_SOCK`, for the docker backend (the only environment it reads). */
function readDockerEnv(env: NodeJS.ProcessEnv): { dockerHost?: string; sshAgentSocket?: string } {
  return { ...(env.DOCKER_HOST ? { dockerHost: env.DOCKER_HOST } : {}), ...(env.SSH_AUTH_SOCK ? { sshAgentSocket: env.SSH_AUTH_SOCK } : {}) };
}
