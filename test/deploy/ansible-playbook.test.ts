import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const DIR = fileURLToPath(new URL("../../deploy/ansible/", import.meta.url));
const has = (tool: string): boolean => ["/usr/bin", "/usr/local/bin"].some((bin) => existsSync(join(bin, tool)));
const env = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: tmpdir(), ANSIBLE_NOCOLOR: "1", NO_COLOR: "1", ANSIBLE_LOCAL_TEMP: join(tmpdir(), "offload-ansible-tmp") };

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

// CI installs ansible-core and ansible-lint from Debian (.ci/run); elsewhere these run only when present.
describe.runIf(has("ansible-playbook"))("the fleet playbook (deploy/ansible)", () => {
  it("passes ansible-playbook --syntax-check with the example inventory", async () => {
    const { stdout } = await run("ansible-playbook", ["--syntax-check", "-i", "inventory/hosts.yml", "playbook.yml"], { cwd: DIR, env });
    expect(stdout).toContain("playbook: playbook.yml");
  });

  it.runIf(has("ansible-lint"))("passes ansible-lint's production profile", async () => {
    const { stdout, stderr } = await run("ansible-lint", ["-p", "--profile", "production", "playbook.yml"], { cwd: DIR, env }).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`ansible-lint failed:\n${error.stdout}\n${error.stderr}`);
    });
    expect(`${stdout}${stderr}`).toContain("Passed");
  }, 120_000);

  it("runs in check mode against this machine, as far as it allows (no apt, no systemd)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "offload-ansible-"));
    temps.push(dir);
    for (const sub of ["release/offload", "app", "data", "config"]) await mkdir(join(dir, sub), { recursive: true });
    await writeFile(join(dir, "release/offload/package.json"), "{}\n");
    await run("tar", ["-C", join(dir, "release"), "-czf", join(dir, "offload.tar.gz"), "offload"]);
    await writeFile(join(dir, "inventory.yml"), "all:\n  children:\n    gpu_servers:\n      hosts:\n        localhost:\n          ansible_connection: local\n          ansible_python_interpreter: /usr/bin/python3\n");
    const vars = {
      offload_release_archive: join(dir, "offload.tar.gz"),
      offload_app_dir: join(dir, "app"),
      offload_data_dir: join(dir, "data"),
      offload_config_dir: join(dir, "config"),
      offload_user: "root",
      offload_manage_service: false,
      offload_docker_hosts: [{ name: "lab-1", url: "unix:///var/run/docker.sock", gpus: 8 }],
      offload_rules: [{ labels: "lab-a100x2", backend: "docker", gpus: 2 }],
    };
    const { stdout } = await run("ansible-playbook", ["--check", "--skip-tags", "packages", "-i", join(dir, "inventory.yml"), "playbook.yml", "-e", JSON.stringify(vars)], { cwd: DIR, env }).catch((error: { stdout: string }) => {
      throw new Error(`check mode failed:\n${error.stdout}`);
    });
    expect(stdout).toMatch(/localhost\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
  }, 120_000);
});
