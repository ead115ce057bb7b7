/**
 * The one catalog of error codes. `docs/errors.md` shows the same table (code · meaning · how to
 * fix) and test/errors/catalog.test.ts fails when the two disagree.
 * `status` is the HTTP status an answer carries when the error reaches a client.
 */
export const ERRORS = {
  OFFLOAD_CONFIG_INVALID: {
    status: 500,
    meaning: "A setting in the environment or offload.yaml has a value offload cannot use.",
    remedy: "Correct the named setting as the message says and restart the dispatcher.",
  },
  OFFLOAD_NEEDS_SETUP: {
    status: 503,
    meaning: "The dispatcher is running without the GitHub App or Hugging Face credentials it needs.",
    remedy: "Set GH_APP_ID, GH_APP_PRIVATE_KEY, GH_WEBHOOK_SECRET and HF_TOKEN (or open /setup) and restart.",
  },
  OFFLOAD_WEBHOOK_SIGNATURE: {
    status: 401,
    meaning: "A webhook arrived without a valid X-Hub-Signature-256 for the configured secret.",
    remedy: "Make the App's webhook secret and GH_WEBHOOK_SECRET the same value (during rotation, set the new one as GH_WEBHOOK_SECRET_NEXT).",
  },
  OFFLOAD_WEBHOOK_BAD_REQUEST: {
    status: 400,
    meaning: "A webhook body or header is malformed: not JSON, missing a required field, or an id out of range.",
    remedy: "Send GitHub's own payload unchanged with Content-Type: application/json and the X-GitHub-Event and X-GitHub-Delivery headers.",
  },
  OFFLOAD_WEBHOOK_CONTENT_TYPE: {
    status: 415,
    meaning: "A webhook arrived with a content type other than application/json.",
    remedy: "Set the App's webhook content type to application/json.",
  },
  OFFLOAD_WEBHOOK_TOO_LARGE: {
    status: 413,
    meaning: "A webhook body is larger than GitHub ever sends (25 MB).",
    remedy: "Send only GitHub's own webhook payloads to /webhook.",
  },
  OFFLOAD_LABEL_UNKNOWN_FLAVOR: {
    status: 422,
    meaning: "A job asks for an hf-jobs-<flavor> label whose flavor is not in the catalogue.",
    remedy: "Use one of the flavors `offload flavors` lists, e.g. runs-on: hf-jobs-t4-small.",
  },
  OFFLOAD_LABEL_UNKNOWN_IMAGE: {
    status: 422,
    meaning: "A job asks for hf-jobs-<flavor>:<key> but no RUNNER_IMAGE_<KEY> is configured.",
    remedy: "Set RUNNER_IMAGE_<KEY> to a container image, or drop the :<key> suffix to use the default image.",
  },
  OFFLOAD_LABEL_AMBIGUOUS: {
    status: 422,
    meaning: "A job's runs-on names more than one offload label, so no single machine fits it.",
    remedy: "Keep exactly one hf-jobs-<flavor> label in runs-on.",
  },
  OFFLOAD_REPO_NOT_ALLOWED: {
    status: 403,
    meaning: "A job comes from a repository that ALLOWED_GITHUB_REPOSITORIES does not list.",
    remedy: "Add the repository (owner/name) to ALLOWED_GITHUB_REPOSITORIES, or uninstall the App there.",
  },
  OFFLOAD_GITHUB_API: {
    status: 502,
    meaning: "A call to the GitHub API failed.",
    remedy: "Check the App's permissions and GITHUB_API_URL; offload retries with backoff.",
  },
  OFFLOAD_GITHUB_AUTH: {
    status: 502,
    meaning: "GitHub refused the App's credentials (JWT or installation token).",
    remedy: "Check GH_APP_ID and GH_APP_PRIVATE_KEY belong to the same App, and that the machine's clock is right.",
  },
  OFFLOAD_PROVIDER_API: {
    status: 502,
    meaning: "A compute provider (HF Jobs, Docker, Kubernetes, local) refused or failed a call.",
    remedy: "Check the provider's credentials and status; offload retries with backoff.",
  },
  OFFLOAD_PROVIDER_UNKNOWN: {
    status: 500,
    meaning: "offload.yaml names a provider that does not exist.",
    remedy: "Use one of the provider names the message lists.",
  },
  OFFLOAD_LEDGER: {
    status: 503,
    meaning: "The ledger (SQLite file or PostgreSQL) could not be read or written.",
    remedy: "Check OFFLOAD_DATA_DIR is writable (or DATABASE_URL reachable) and has free space.",
  },
  OFFLOAD_NOT_FOUND: {
    status: 404,
    meaning: "The job, runner or page asked for does not exist.",
    remedy: "Check the id; `offload jobs` lists the jobs the ledger knows.",
  },
  OFFLOAD_SHUTTING_DOWN: {
    status: 503,
    meaning: "The dispatcher is stopping and no longer accepts webhooks.",
    remedy: "Nothing to do: GitHub's delivery is found again by redelivery once the dispatcher is back.",
  },
  OFFLOAD_API_BAD_REQUEST: {
    status: 400,
    meaning: "A request to the JSON API has a query parameter offload cannot use.",
    remedy: "Correct the parameter the message names (e.g. status=queued, limit between 1 and 500).",
  },
  OFFLOAD_UNAUTHORIZED: {
    status: 401,
    meaning: "The dashboard or JSON API was asked for without the admin token, or with a wrong one.",
    remedy: "Send Authorization: Bearer $OFFLOAD_ADMIN_TOKEN, or sign in at /login with the token the operator set.",
  },
  OFFLOAD_LOOPBACK_ONLY: {
    status: 403,
    meaning: "No OFFLOAD_ADMIN_TOKEN is set, so the dashboard and JSON API answer only clients on this machine.",
    remedy: "Set OFFLOAD_ADMIN_TOKEN (e.g. openssl rand -hex 32) and restart, then sign in at /login; or open the page from the dispatcher's own machine.",
  },
  OFFLOAD_SETUP_STATE: {
    status: 403,
    meaning: "The GitHub App manifest flow came back to /setup/callback with a state this dispatcher did not issue, already used, or older than one hour.",
    remedy: "Start again at /setup and finish within one hour on the same dispatcher (a restart forgets unfinished setups).",
  },
  OFFLOAD_SETUP_COMPLETE: {
    status: 409,
    meaning: "The setup wizard was asked to create a GitHub App, but this dispatcher already has its App credentials.",
    remedy: "Nothing to do. To replace the App, unset GH_APP_ID, GH_APP_PRIVATE_KEY and GH_WEBHOOK_SECRET, delete setup-credentials.json in OFFLOAD_DATA_DIR and restart.",
  },
  OFFLOAD_CANCEL_REFUSED: {
    status: 409,
    meaning: "A job cannot be cancelled: it has already completed, or GitHub refused to cancel its workflow run.",
    remedy: "Nothing to do for a finished job; otherwise cancel the run from GitHub's Actions page.",
  },
  OFFLOAD_NOT_AVAILABLE: {
    status: 501,
    meaning: "The dispatcher was started without the part this request needs (for example cancelling runs through GitHub).",
    remedy: "Run a dispatcher whose composition root wires that part (`offload serve` does once set up), or use GitHub's own page.",
  },
  OFFLOAD_INTERNAL: {
    status: 500,
    meaning: "offload failed in a way it does not expect; the dispatcher's log has the details.",
    remedy: "Report it with the log lines around the failure; the request can be retried.",
  },
  // Admission policy (offload.yaml policy: and budgets:).
  OFFLOAD_POLICY_REPO_DENIED: {
    status: 403,
    meaning: "A job comes from a repository that policy.repositories in offload.yaml denies or does not allow.",
    remedy: "Add the repository or its owner (owner/* glob) to policy.repositories.allow, or remove the deny entry that matches it.",
  },
  OFFLOAD_POLICY_FLAVOR_DENIED: {
    status: 403,
    meaning: "A job asks for a flavor that policy.flavors in offload.yaml does not allow for its repository.",
    remedy: "Use a flavor the rule allows, or add the flavor to the rule's allow list (or remove it from its deny list).",
  },
  OFFLOAD_POLICY_TOO_MANY_GPUS: {
    status: 403,
    meaning: "A job asks for more GPUs than policy.flavors maxGpus in offload.yaml allows for its repository.",
    remedy: "Use a flavor with fewer GPUs, or raise maxGpus in the rule that names the repository.",
  },
  OFFLOAD_POLICY_FORK_DENIED: {
    status: 403,
    meaning: "A job belongs to a pull request from a fork, and policy.forkPullRequests in offload.yaml denies forks.",
    remedy: "Run forks' pull requests on GitHub-hosted runners, or set policy.forkPullRequests.public to hold or sandbox.",
  },
  OFFLOAD_BATCH_USAGE: {
    status: 400,
    meaning: "An offload batch flag or argument has a value it cannot use (an --array range, a --matrix key, a duration, an --env pair, a secret file name).",
    remedy: "Correct the flag as the message says; offload batch --help lists them.",
  },
  OFFLOAD_BATCH_AUTH: {
    status: 401,
    meaning: "offload batch has no credentials for GitHub, or the App has no installation on the requested owner.",
    remedy: "Set GITHUB_TOKEN (or pass --token) to a fine-grained token with Administration, Contents, Workflows, Secrets and Actions write on the owner, or set GH_APP_ID and GH_APP_PRIVATE_KEY for an App installed on --owner.",
  },
  OFFLOAD_BATCH_NOT_FOUND: {
    status: 404,
    meaning: "No batch with this id is recorded on this machine (its state file is missing from the batch folder).",
    remedy: "Run offload batch list for the ids this machine knows; set OFFLOAD_BATCH_DIR to the folder used when it was submitted.",
  },
  OFFLOAD_BATCH_UNSAFE_ARCHIVE: {
    status: 422,
    meaning: "A downloaded artifact or log archive holds a path that would land outside the output folder (absolute, a drive letter or a .. segment).",
    remedy: "Nothing was written. Look at what the script puts under uploads/; keep paths relative and inside it.",
  },
  OFFLOAD_BATCH_NO_RUN: {
    status: 504,
    meaning: "The push that should start the batch workflow did not produce a workflow run before the timeout.",
    remedy: "Check that Actions is enabled for the owner and that the token may push workflows (Workflows: write); the repository is kept with --keep for a look.",
  },
  // Own hardware (issue #11): Docker hosts, GPU slots, label rules.
  OFFLOAD_PROVIDER_CAPACITY: {
    status: 503,
    meaning: "A launch does not fit right now: every host that may serve the label is full (GPUs or runner slots busy) or down. The job waits; the pool is not backed off.",
    remedy: "Nothing to do if the wait is acceptable: the job starts when a runner ends. Otherwise add hosts or GPUs to the rule's hosts in offload.yaml, or bring the host that is down back up.",
  },
  OFFLOAD_DOCKER_IMAGE_MISSING: {
    status: 502,
    meaning: "The runner image a label rule names is not on the Docker host; offload never pulls images itself.",
    remedy: "Build or load the image on that host (`docker build`, `docker load`, or the Ansible role in deploy/ansible), or correct the rule's image in offload.yaml.",
  },
  OFFLOAD_RUNNER_GROUP_UNKNOWN: {
    status: 500,
    meaning: "A label rule names a runner group that the organisation does not have, or the App cannot see it.",
    remedy: "Create the runner group in the organisation's Actions settings (or correct runnerGroup in offload.yaml), and give it access to the repositories that use the label.",
  },
  OFFLOAD_KUBERNETES_CONFIG: {
    status: 500,
    meaning: "The Kubernetes provider could not load how to reach the cluster: the kubeconfig is unreadable, names no cluster or lacks the configured context, or the in-cluster service account is missing.",
    remedy: "Point KUBECONFIG (or offload.yaml kubernetes.kubeconfig) at a readable kubeconfig and OFFLOAD_KUBERNETES_CONTEXT at one of its contexts; inside a cluster set OFFLOAD_KUBERNETES_IN_CLUSTER=true and mount the service account token.",
  },
  // Runner scale-set intake (issue #15).
  OFFLOAD_ACTIONS_SERVICE: {
    status: 502,
    meaning: "A call to GitHub's Actions service for a runner scale set (registration, scale set, message session, messages, JIT config) failed.",
    remedy: "Check that the App has administration: write (repository scale sets) or organization_self_hosted_runners: write (organisation scale sets) and that the dispatcher reaches GitHub over HTTPS; the intake retries with backoff and /readyz shows the session's state.",
  },
} as const satisfies Record<string, { status: number; meaning: string; remedy: string }>;

export type ErrorCode = keyof typeof ERRORS;
