import { z } from "zod";

/*
 * The Actions service's scale-set API is not in GitHub's REST description (@octokit/openapi), so
 * its shapes are written here from the Go library that GitHub publishes for it:
 * actions/scaleset `types.go` @ 6ce0259 (2026-05-05). Field names are the library's JSON tags.
 * The client parses answers with them and the simulator checks its own answers against them.
 */

/** `Label` (types.go l.64-67): `type` is "System" unless set (client.go l.384-390). */
export const ScaleSetLabelSchema = z.object({ name: z.string(), type: z.string() });

/** `RunnerScaleSetStatistic` (types.go l.133-141). */
export const ScaleSetStatisticsSchema = z.object({
  totalAvailableJobs: z.number().int(),
  totalAcquiredJobs: z.number().int(),
  totalAssignedJobs: z.number().int(),
  totalRunningJobs: z.number().int(),
  totalRegisteredRunners: z.number().int(),
  totalBusyRunners: z.number().int(),
  totalIdleRunners: z.number().int(),
});
export type ScaleSetStatistics = z.infer<typeof ScaleSetStatisticsSchema>;

/** `RunnerScaleSet` (types.go l.81-91); every field is `omitempty` there. */
export const RunnerScaleSetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  runnerGroupId: z.number().int(),
  runnerGroupName: z.string().optional(),
  labels: z.array(ScaleSetLabelSchema).optional(),
  runnerJitConfigUrl: z.string().optional(),
  statistics: ScaleSetStatisticsSchema.nullish(),
});
export type RunnerScaleSet = z.infer<typeof RunnerScaleSetSchema>;

/** What create and update send (`RunnerScaleSet` without the service's fields). */
export const RunnerScaleSetRequestSchema = z.object({
  name: z.string().min(1),
  runnerGroupId: z.number().int(),
  labels: z.array(ScaleSetLabelSchema).min(1),
  RunnerSetting: z.object({ disableUpdate: z.boolean().optional() }).optional(),
});

/** `runnerScaleSetsResponse` (types.go l.114-117). */
export const RunnerScaleSetListSchema = z.object({ count: z.number().int(), value: z.array(RunnerScaleSetSchema) });

/** `RunnerGroup` and `RunnerGroupList` (types.go l.69-79). */
export const RunnerGroupListSchema = z.object({
  count: z.number().int(),
  value: z.array(z.object({ id: z.number().int(), name: z.string(), size: z.number().int().optional(), isDefaultGroup: z.boolean().optional() })),
});

/** `RunnerScaleSetSession` (types.go l.124-131). */
export const ScaleSetSessionSchema = z.object({
  sessionId: z.string().uuid(),
  ownerName: z.string(),
  runnerScaleSet: RunnerScaleSetSchema.nullish(),
  messageQueueUrl: z.string(),
  messageQueueAccessToken: z.string(),
  statistics: ScaleSetStatisticsSchema.nullish(),
});
export type ScaleSetSession = z.infer<typeof ScaleSetSessionSchema>;

/** `JobMessageBase` (types.go l.47-62); times are RFC 3339 text. */
const JobMessageBase = {
  runnerRequestId: z.number().int(),
  repositoryName: z.string(),
  ownerName: z.string(),
  jobId: z.string(),
  jobWorkflowRef: z.string().optional(),
  jobDisplayName: z.string(),
  workflowRunId: z.number().int(),
  eventName: z.string().optional(),
  requestLabels: z.array(z.string()),
  queueTime: z.string().optional(),
  scaleSetAssignTime: z.string().optional(),
  runnerAssignTime: z.string().optional(),
  finishTime: z.string().optional(),
};

/** The four job messages (types.go l.13-41), told apart by `messageType`. */
export const JobMessageSchema = z.discriminatedUnion("messageType", [
  z.object({ messageType: z.literal("JobAvailable"), acquireJobUrl: z.string().optional(), ...JobMessageBase }),
  z.object({ messageType: z.literal("JobAssigned"), ...JobMessageBase }),
  z.object({ messageType: z.literal("JobStarted"), runnerId: z.number().int(), runnerName: z.string(), ...JobMessageBase }),
  z.object({ messageType: z.literal("JobCompleted"), result: z.string(), runnerId: z.number().int(), runnerName: z.string(), ...JobMessageBase }),
]);
export type JobMessage = z.infer<typeof JobMessageSchema>;

/**
 * `runnerScaleSetMessageResponse` (types.go l.98-103): `body` is a JSON text holding an array of
 * job messages, and the only `messageType` the library accepts is `RunnerScaleSetJobMessages`
 * (client.go l.507). Unknown job message types inside are skipped (client.go l.562).
 */
export const ScaleSetMessageResponseSchema = z.object({
  messageId: z.number().int(),
  messageType: z.literal("RunnerScaleSetJobMessages"),
  body: z.string(),
  statistics: ScaleSetStatisticsSchema,
});

/** `acquireJobsResponse` (types.go l.119-122); the request is a bare JSON array of request ids. */
export const AcquireJobsResponseSchema = z.object({ count: z.number().int(), value: z.array(z.number().int()) });
export const AcquireJobsRequestSchema = z.array(z.number().int());

/** `RunnerScaleSetJitRunnerSetting` (types.go l.93-96). */
export const JitRunnerSettingSchema = z.object({ name: z.string().min(1), workFolder: z.string() });

/** `RunnerScaleSetJitRunnerConfig` and `RunnerReference` (types.go l.152-161). */
export const JitRunnerConfigSchema = z.object({
  runner: z.object({ id: z.number().int(), name: z.string(), runnerScaleSetId: z.number().int() }),
  encodedJITConfig: z.string(),
});

/** `actionsServiceAdminConnection` (client.go l.826-829): what `POST /actions/runner-registration` answers. */
export const AdminConnectionSchema = z.object({ url: z.string().min(1), token: z.string().min(1) });
