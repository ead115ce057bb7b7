import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigProblem, OffloadConfig } from "../config/config.js";
import { isOffloadError } from "../errors/offload-error.js";
import type { AppInspection, SetupProbes } from "../probes/setup-probes.js";
import { buildInstallUrl } from "../github/manifest-target.js";
import { describeIntakeMode } from "../intake/scale-set/describe-intake-mode.js";
import { githubStatus } from "../github/to-github-error.js";
import { classifyReachFailure, describeReachFailure } from "../http/classify-reach-failure.js";
import { appPermissionsUrl, installationSettingsUrl } from "../github/app-settings-urls.js";
import { describePermissionGap, findPermissionGaps } from "../github/needed-permissions.js";

/** One line of `offload doctor`. `skip` is neither good nor bad: it could not be checked from here. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: "ok" | "fail" | "skip";
  readonly detail: string;
  readonly fix: string | null;
}

/** JWTs are signed with the local clock; GitHub refuses them when it is off by more than this. */
const MAX_SKEW_SECONDS = 30;

const ok = (name: string, detail: string): DoctorCheck => ({ name, status: "ok", detail, fix: null });
const fail = (name: string, detail: string, fix: string): DoctorCheck => ({ name, status: "fail", detail, fix });
const skip = (name: string, detail: string): DoctorCheck => ({ name, status: "skip", detail, fix: null });

function configChecks(config: OffloadConfig, problems: readonly ConfigProblem[]): DoctorCheck[] {
  const checks = problems.map((problem) => fail(`config ${problem.setting}`, problem.message, problem.fix));
  if (config.missing.length > 0) checks.push(fail("config", `missing ${config.missing.join(", ")}`, "Set them in the environment (Space secrets on a Space), or open /setup on the dispatcher to create the GitHub App."));
  else if (problems.length === 0) checks.push(ok("config", "every setting parses and the credentials are set"));
  return checks;
}

async function githubChecks(probes: SetupProbes, config: OffloadConfig, now: () => number): Promise<DoctorCheck[]> {
  const { appId, privateKey, apiUrl, webUrl } = config.github;
  if (appId === null || privateKey === null) return [skip("GitHub App", "no GH_APP_ID and GH_APP_PRIVATE_KEY to check")];
  let app: AppInspection;
  try {
    app = await probes.inspectGitHubApp({ apiUrl, appId, privateKey });
  } catch (error) {
    // An unreachable host is not a permission problem: say which, so nobody regenerates a good key.
    const unreachable = classifyReachFailure(error);
    if (unreachable !== null) {
      const { detail, fix } = describeReachFailure(new URL(apiUrl).host, unreachable);
      return [fail("GitHub API", detail, `${fix} (GITHUB_API_URL is ${apiUrl})`)];
    }
    const status = githubStatus(error);
    const what = status === 401 ? "GitHub refused the App's key" : status === 403 || status === 404 ? "GitHub answered but refused the App" : "GitHub failed";
    return [fail("GitHub App", `${what}: ${(error as Error).message}`, isOffloadError(error) ? error.remedy : "Check GITHUB_API_URL and the network.")];
  }
  const checks = [ok("GitHub App", `key accepted for App ${appId} (${app.slug})`)];
  const active = app.installations.filter((installation) => !installation.suspended);
  if (active.length === 0) checks.push(fail("installations", "the App is not installed anywhere", `Install it: ${buildInstallUrl(webUrl, app.slug)}`));
  const appSettings = appPermissionsUrl(webUrl, app.owner, app.slug);
  for (const installation of active) {
    const gaps = findPermissionGaps(installation.permissions);
    const name = `installation ${installation.account}`;
    const where = installationSettingsUrl(webUrl, { login: installation.account, type: installation.accountType ?? "User" }, installation.id);
    checks.push(gaps.length === 0
      ? ok(name, "has every permission offload uses: runners, actions (jobs, cancel), checks, metadata")
      : fail(name, `lacks ${gaps.map(describePermissionGap).join("; ")}`, `Add them to the App at ${appSettings} (the App's owner), then accept them for ${installation.account} at ${where}.`));
  }
  if (app.githubDate === null) checks.push(skip("clock", "GitHub sent no Date header to compare with"));
  else {
    const skew = Math.round((now() - Date.parse(app.githubDate)) / 1000);
    checks.push(Math.abs(skew) > MAX_SKEW_SECONDS
      ? fail("clock", `this machine's clock is ${skew} s off GitHub's`, "Synchronise the clock (e.g. enable NTP: timedatectl set-ntp true); App JWTs fail beyond a few seconds of skew.")
      : ok("clock", `within ${Math.abs(skew)} s of GitHub's`));
  }
  return checks;
}

async function webhookCheck(probes: SetupProbes, config: OffloadConfig): Promise<DoctorCheck> {
  if (describeIntakeMode(config).mode === "scale-set") return skip("webhook URL", "not needed: the scale-set intake only calls out to GitHub");
  if (config.publicUrl === null) return skip("webhook URL", "OFFLOAD_PUBLIC_URL is not set, so there is no public address to try from here");
  const reach = await probes.checkUrlReachable(config.publicUrl);
  return reach.ok ? ok("webhook URL", reach.detail) : fail("webhook URL", reach.detail, `Make ${config.publicUrl}/webhook reachable from the internet and make sure the App's webhook URL is exactly that.`);
}

async function hfChecks(probes: SetupProbes, config: OffloadConfig): Promise<DoctorCheck[]> {
  if (config.provider !== "hf-jobs") return [skip("Hugging Face", `OFFLOAD_PROVIDER=${config.provider} needs no token`)];
  const hf = await probes.checkHfToken({ endpoint: config.hf.endpoint, token: config.hf.token, namespace: config.hf.namespace });
  if (hf.unreachable !== undefined) {
    const { detail, fix } = describeReachFailure(new URL(config.hf.endpoint).host, hf.unreachable);
    return [fail("Hugging Face API", detail, `${fix} (HF_ENDPOINT is ${config.hf.endpoint})`)];
  }
  if (!hf.ok) return [fail("HF token", hf.detail, "Set HF_TOKEN to a token with write access (https://huggingface.co/settings/tokens).")];
  const namespaceFix = `Set HF_NAMESPACE to ${[hf.user, ...hf.orgs].join(" or ")}.`;
  const namespace = config.hf.namespace === null
    ? fail("HF namespace", "HF_NAMESPACE is not set", namespaceFix)
    : hf.namespaceOk === true ? ok("HF namespace", `jobs run in ${config.hf.namespace}`) : fail("HF namespace", `${config.hf.namespace} is neither ${hf.user} nor one of their organisations`, namespaceFix);
  return [ok("HF token", hf.detail), namespace];
}

async function dataDirCheck(config: OffloadConfig): Promise<DoctorCheck> {
  const probe = join(config.dataDir, `.doctor-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    await writeFile(probe, "ok", { mode: 0o600 });
    await rm(probe, { force: true });
    return ok("data directory", `${config.dataDir} is writable`);
  } catch (error) {
    return fail("data directory", `${config.dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? "error"})`, "Point OFFLOAD_DATA_DIR at a directory this user can write (on Docker, a volume at /data).");
  }
}

/** Every check `offload doctor` runs, independent ones in parallel, in a stable order. */
export async function runDoctorChecks(input: { config: OffloadConfig; problems: readonly ConfigProblem[]; now: () => number; probes: SetupProbes }): Promise<DoctorCheck[]> {
  const { config } = input;
  const [github, webhook, hf, dataDir] = await Promise.all([githubChecks(input.probes, config, input.now), webhookCheck(input.probes, config), hfChecks(input.probes, config), dataDirCheck(config)]);
  return [...configChecks(config, input.problems), ok("intake", describeIntakeMode(config).sentence), ...github, webhook, ...hf, dataDir];
}
