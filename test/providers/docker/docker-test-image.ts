import { importBusyboxImage, type DockerEngine } from "../../support/docker-engine.js";

/**
 * The contract's machine behaviour (see CONTRACT_CHILD_SCRIPT) as a busybox script: it reads its
 * JIT config from the file the provider wrote, and prints only its length.
 */
export const CONTRACT_RUNNER_SH = `#!/bin/sh
echo "line one"
echo "line two" >&2
config="$(cat "$ACTIONS_RUNNER_INPUT_JITCONFIG_FILE")"
echo "config length \${#config}"
case "$CONTRACT_BEHAVIOUR" in
  fail) exit 7 ;;
  wait) trap 'exit 143' TERM; echo waiting; while :; do sleep 1; done ;;
esac
exit 0
`;

/** A stand-in runner: reports what it was given (GPUs, the secret file's mode), never the secret. */
export const REPORTING_RUNNER_SH = `#!/bin/sh
echo "gpus=$NVIDIA_VISIBLE_DEVICES"
ls -l "$ACTIONS_RUNNER_INPUT_JITCONFIG_FILE"
[ -n "$ACTIONS_RUNNER_INPUT_JITCONFIG" ] && echo "jit config in environment"
trap 'exit 143' TERM
while [ ! -e /tmp/stop ]; do sleep 1; done
`;

export const TEST_IMAGE = "offload-test-runner:1";

export function importTestImage(engine: DockerEngine): Promise<string> {
  return importBusyboxImage(engine, TEST_IMAGE, { "/contract.sh": CONTRACT_RUNNER_SH, "/report.sh": REPORTING_RUNNER_SH });
}
