import { createSetupProbes } from "../app/create-setup-probes.js";
import { loadConfig } from "../config/load-config.js";
import { runDoctorChecks, type DoctorCheck } from "./run-doctor-checks.js";
import { createTerminalStyle, type TerminalStyle } from "./terminal-style.js";

function formatCheck(check: DoctorCheck, style: TerminalStyle): string {
  const mark = check.status === "ok" ? style.green("✓") : check.status === "fail" ? style.red("✗") : style.dim("-");
  const line = `${mark} ${style.bold(check.name)}: ${check.detail}`;
  return check.fix === null ? line : `${line}\n    fix: ${check.fix}`;
}

/** `offload doctor`: checks this machine's configuration against GitHub and Hugging Face; exit 1 when anything fails. */
export async function runDoctor(options: { json?: boolean }): Promise<void> {
  const style = createTerminalStyle(process.stdout, process.stderr, process.env);
  const { config, problems } = loadConfig(process.env);
  const spinner = style.spinner("checking GitHub, Hugging Face and this machine");
  const checks = await runDoctorChecks({ config, problems, now: () => Date.now(), probes: createSetupProbes() });
  spinner.stop();
  const failed = checks.filter((check) => check.status === "fail").length;
  if (options.json === true) process.stdout.write(`${JSON.stringify({ ok: failed === 0, checks }, null, 2)}\n`);
  else {
    const summary = failed === 0 ? style.green("all checks passed") : style.red(`${failed} check${failed === 1 ? "" : "s"} failed`);
    process.stdout.write(`${checks.map((check) => formatCheck(check, style)).join("\n")}\n\n${summary}\n`);
  }
  if (failed > 0) process.exitCode = 1;
}
