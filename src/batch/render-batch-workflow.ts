import { stringify } from "yaml";
import type { BatchMember } from "./batch-members.js";

/** The line the workflow prints after the script, so the exit code survives into the logs. */
export const EXIT_CODE_MARKER = "OFFLOAD_BATCH_EXIT_CODE=";
export const WORKFLOW_PATH = ".github/workflows/batch.yml";
export const SCRIPT_PATH = "job.sh";

/** What goes into the committed workflow. Secret values never do: only their names. */
export interface BatchWorkflowInput {
  readonly runsOn: string;
  readonly branch: string;
  readonly env: Readonly<Record<string, string>>;
  readonly secretNames: readonly string[];
  /** null: one job; otherwise one matrix member each. */
  readonly members: readonly BatchMember[] | null;
  /** The job's own ceiling on the runner, so a run cannot outlive offload's wait by much. */
  readonly timeoutMinutes: number;
}

/**
 * The workflow: triggered by the push of the commit that adds it, `runs-on` the label, read-only
 * `contents` permission and nothing else (actions-batch granted `id-token: write` and
 * `packages: write` to any script), the script run with its exit code printed on a marker line,
 * then everything under `uploads/` uploaded as one artifact per member (`if: always()`, so a
 * failed script's partial results still come back).
 */
export function renderBatchWorkflow(input: BatchWorkflowInput): string {
  const matrix = input.members !== null;
  const env: Record<string, string> = { ...input.env, OFFLOAD_BATCH_INDEX: matrix ? "${{ matrix.index }}" : "0" };
  const keys = new Set((input.members ?? []).flatMap((member) => Object.keys(member.values)));
  for (const key of keys) env[`OFFLOAD_MATRIX_${key.toUpperCase()}`] = `\${{ matrix.${key} }}`;
  for (const name of input.secretNames) env[name] = `\${{ secrets.${name} }}`;
  const job: Record<string, unknown> = {
    ...(matrix ? { name: "member ${{ matrix.index }}" } : { name: "batch" }),
    "runs-on": input.runsOn,
    "timeout-minutes": input.timeoutMinutes,
    ...(matrix ? { strategy: { "fail-fast": false, matrix: { include: input.members?.map((member) => ({ index: member.index, ...member.values })) } } } : {}),
    steps: [
      { uses: "actions/checkout@v4" },
      {
        name: "job.sh",
        env,
        run: [`chmod +x ./${SCRIPT_PATH}`, "set +e", `./${SCRIPT_PATH}`, "code=$?", `echo "${EXIT_CODE_MARKER}$code"`, "exit $code", ""].join("\n"),
      },
      {
        name: "Upload results",
        if: "always()",
        uses: "actions/upload-artifact@v4",
        with: { name: matrix ? "uploads-${{ matrix.index }}" : "uploads", path: "uploads/", "if-no-files-found": "ignore", "retention-days": 1, "include-hidden-files": true },
      },
    ],
  };
  const workflow = {
    name: "offload batch",
    on: { push: { branches: [input.branch] } },
    permissions: { contents: "read" },
    jobs: { batch: job },
  };
  return stringify(workflow, { lineWidth: 0 });
}

/** The script's exit code from its step log, when the marker line is there. */
export function readExitCodeMarker(log: string): number | null {
  const matches = [...log.matchAll(/OFFLOAD_BATCH_EXIT_CODE=(\d+)\s*$/gm)];
  const last = matches.at(-1)?.[1];
  return last === undefined ? null : Number(last);
}
