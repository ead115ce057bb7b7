/** A file in a committed tree, as the runner's checkout writes it. */
export interface TreeFile {
  readonly path: string;
  readonly mode: string;
  readonly content: Buffer;
}

/** One step of a simulated job: timestamps follow the process that ran it. */
export interface BatchStep {
  readonly number: number;
  readonly name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: "success" | "failure" | "cancelled" | "skipped" | null;
  startedAt: string | null;
  completedAt: string | null;
  log: string;
}

/** One job (one matrix member) of a run. */
export interface BatchJob {
  readonly id: number;
  readonly name: string;
  readonly labels: readonly string[];
  status: "queued" | "in_progress" | "completed";
  conclusion: "success" | "failure" | "cancelled" | null;
  readonly createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  readonly steps: BatchStep[];
  runnerName: string | null;
}

/** An uploaded artifact: a zip of the files `actions/upload-artifact` was pointed at. */
export interface BatchArtifact {
  readonly id: number;
  readonly name: string;
  readonly zip: Uint8Array;
  readonly createdAt: string;
}

/** A workflow run started by a push to a batch repository. */
export interface BatchRun {
  readonly id: number;
  readonly repoId: number;
  readonly runNumber: number;
  readonly workflowName: string;
  readonly path: string;
  readonly headSha: string;
  readonly headBranch: string;
  readonly createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  cancelRequested: boolean;
  readonly jobs: BatchJob[];
  readonly artifacts: BatchArtifact[];
}

/** What the simulator keeps for a repository created through the REST API. */
export interface BatchRepo {
  readonly repoId: number;
  readonly private: boolean;
  readonly createdAt: string;
  pushedAt: string;
  readonly blobs: Map<string, Buffer>;
  readonly trees: Map<string, readonly TreeEntry[]>;
  readonly commits: Map<string, { tree: string; parents: readonly string[]; message: string }>;
  readonly refs: Map<string, string>;
  /** Secret values, decrypted with the simulator's key (the test of the sealed box). */
  readonly secrets: Map<string, { value: string; updatedAt: string }>;
}

export interface TreeEntry {
  readonly path: string;
  readonly mode: string;
  readonly type: "blob" | "tree";
  readonly sha: string;
}

/** Batch-side state, beside the shared SimState (which holds the repository records). */
export interface BatchSimState {
  readonly repos: Map<number, BatchRepo>;
  readonly runs: Map<number, BatchRun>;
  /** Artifact and log downloads are answered under /_sim/batch/ with these keys, valid one minute. */
  readonly downloads: Map<string, ({ kind: "logs"; runId: number } | { kind: "artifact"; artifactId: number }) & { expiresAt: number }>;
  /** Labels the simulated runner serves; null serves every label. */
  labels: readonly string[] | null;
}

export function createBatchSimState(): BatchSimState {
  return { repos: new Map(), runs: new Map(), downloads: new Map(), labels: null };
}

/** A run's overall status and conclusion, derived from its jobs as GitHub does. */
export function deriveBatchRunStatus(run: BatchRun): { status: "queued" | "in_progress" | "completed"; conclusion: "success" | "failure" | "cancelled" | null } {
  if (run.jobs.every((job) => job.status === "queued")) return { status: "queued", conclusion: null };
  if (run.jobs.some((job) => job.status !== "completed")) return { status: "in_progress", conclusion: null };
  const conclusions = run.jobs.map((job) => job.conclusion);
  if (conclusions.includes("cancelled")) return { status: "completed", conclusion: "cancelled" };
  if (conclusions.includes("failure")) return { status: "completed", conclusion: "failure" };
  return { status: "completed", conclusion: "success" };
}
