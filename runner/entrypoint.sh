#!/usr/bin/env bash
# offload runner entrypoint: boots one ephemeral GitHub Actions runner from a JIT config.
#
# The dispatcher runs this script in every machine it starts, inline as `bash -c <this file>`, so
# any image with bash works; the runner images (Dockerfile.cpu, Dockerfile.gpu) also use it as
# their ENTRYPOINT. It is the single source: src/providers/runner-bootstrap.ts reads this file.
#
# Inputs (environment):
#   ACTIONS_RUNNER_INPUT_JITCONFIG  a secret: the runner reads it itself; never printed (HF Jobs, local).
#   ACTIONS_RUNNER_INPUT_JITCONFIG_FILE  instead of the variable, a file holding it (Docker: a 0400 file
#                          written into the container before it starts, so `docker inspect` never shows
#                          it); read once, with sudo when it is not readable, then deleted.
#   RUNNER_HOME            where the runner lives (default /actions-runner); used as is if run.sh is there.
#   RUNNER_INSTALL         auto (default): install the runner when RUNNER_HOME has none; never: fail instead.
#   RUNNER_VERSION         official runner release to install (default pinned below).
#   RUNNER_SHA256          checksum of the archive; required when RUNNER_VERSION or RUNNER_DOWNLOAD_URL is changed.
#   RUNNER_DOWNLOAD_URL    full archive URL, for a mirror (GitHub Enterprise Server, air-gapped hosts).
set -euo pipefail

# Pinned runner: GitHub stops dispatching to old runner versions, so bump this with the checksums
# from the release notes (lines "BEGIN SHA linux-x64" / "BEGIN SHA linux-arm64").
PINNED_RUNNER_VERSION="2.337.0"
PINNED_SHA256_X64="70920811a4f8ad4328818682bca5c6469c1c942fab52448868071d0063816613"
PINNED_SHA256_ARM64="9b1dc70626422526e3c94767cf024896beb15da5342a3f4819bf2feac13e0393"

say() { printf '[offload] %s\n' "$*"; }
fail() { printf '[offload] error: %s\n' "$*" >&2; exit 64; }

# As an image's ENTRYPOINT given a command (`docker run <image> bash`, or a platform that passes
# the job's command as arguments, which then re-runs this script inline), run that command.
if [[ $# -gt 0 ]]; then exec "$@"; fi

# Everything the runner prints reaches the provider's log (HF job log, local output) on stdout.
exec 2>&1

RUNNER_HOME="${RUNNER_HOME:-/actions-runner}"
RUNNER_INSTALL="${RUNNER_INSTALL:-auto}"

# Root needs nothing; otherwise sudo, but only when it works without a password.
as_root() {
  if [[ "$(id -u)" == "0" ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

# The JIT config from its file (Docker provider): into this shell's environment for the runner,
# then off the disk, so a job's steps cannot read it from there.
jit_file="${ACTIONS_RUNNER_INPUT_JITCONFIG_FILE:-}"
if [[ -z "${ACTIONS_RUNNER_INPUT_JITCONFIG:-}" && -n "$jit_file" ]]; then
  if [[ -r "$jit_file" ]]; then ACTIONS_RUNNER_INPUT_JITCONFIG="$(cat "$jit_file")"
  else ACTIONS_RUNNER_INPUT_JITCONFIG="$(as_root cat "$jit_file")" || fail "cannot read the JIT config file ${jit_file}: it needs root or passwordless sudo"
  fi
  export ACTIONS_RUNNER_INPUT_JITCONFIG
  rm -f "$jit_file" 2>/dev/null || as_root rm -f "$jit_file" || true
fi
unset jit_file ACTIONS_RUNNER_INPUT_JITCONFIG_FILE

if [[ -z "${ACTIONS_RUNNER_INPUT_JITCONFIG:-}" ]]; then
  fail "ACTIONS_RUNNER_INPUT_JITCONFIG is not set: this machine must be started by the offload dispatcher, which passes the runner's JIT config as a secret (or as a file named by ACTIONS_RUNNER_INPUT_JITCONFIG_FILE)"
fi

can_be_root() { [[ "$(id -u)" == "0" ]] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }

runner_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) fail "no official runner for CPU architecture '$(uname -m)': use an image with a runner at RUNNER_HOME" ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

install_tools() {
  local missing=()
  for tool in curl tar git; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null 2>&1 || fail "missing ${missing[*]} and no apt-get to install them: use a Debian/Ubuntu image or a runner image (runner/README.md)"
  say "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -qq -y --no-install-recommends \
    ca-certificates curl tar git git-lfs jq zstd sudo >/dev/null
}

install_runner() {
  local arch version url expected archive actual
  arch="$(runner_arch)"
  version="${RUNNER_VERSION:-$PINNED_RUNNER_VERSION}"
  url="${RUNNER_DOWNLOAD_URL:-https://github.com/actions/runner/releases/download/v${version}/actions-runner-linux-${arch}-${version}.tar.gz}"
  expected="${RUNNER_SHA256:-}"
  if [[ -z "$expected" ]]; then
    [[ "$version" == "$PINNED_RUNNER_VERSION" && -z "${RUNNER_DOWNLOAD_URL:-}" ]] \
      || fail "RUNNER_SHA256 is required with RUNNER_VERSION=${version} or RUNNER_DOWNLOAD_URL: copy it from the runner's release notes"
    if [[ "$arch" == "x64" ]]; then expected="$PINNED_SHA256_X64"; else expected="$PINNED_SHA256_ARM64"; fi
  fi
  install_tools
  say "installing GitHub Actions runner ${version} (${arch}) into ${RUNNER_HOME}"
  as_root mkdir -p "$RUNNER_HOME"
  as_root chown "$(id -u):$(id -g)" "$RUNNER_HOME"
  archive="$(mktemp)"
  curl -fsSL --retry 3 -o "$archive" "$url" || fail "could not download the runner from ${url}"
  actual="$(sha256_of "$archive")"
  if [[ "$actual" != "$expected" ]]; then
    rm -f "$archive"
    fail "runner archive checksum mismatch: expected ${expected}, got ${actual}; refusing to run it"
  fi
  tar -xzf "$archive" -C "$RUNNER_HOME"
  rm -f "$archive"
  if [[ -x "$RUNNER_HOME/bin/installdependencies.sh" ]]; then
    as_root "$RUNNER_HOME/bin/installdependencies.sh" >/dev/null
  fi
}

if [[ ! -x "$RUNNER_HOME/run.sh" ]]; then
  [[ "$RUNNER_INSTALL" == "never" ]] \
    && fail "no runner at ${RUNNER_HOME} (run.sh missing) and RUNNER_INSTALL=never: use a runner image or set RUNNER_HOME"
  can_be_root \
    || fail "no runner at ${RUNNER_HOME} and installing one needs root or passwordless sudo: use a runner image (runner/Dockerfile.cpu, runner/Dockerfile.gpu) or set RUNNER_HOME to a runner"
  install_runner
fi

# The official runner refuses root unless told; a single-use container is the case it allows.
if [[ "$(id -u)" == "0" ]]; then export RUNNER_ALLOW_RUNASROOT=1; fi

cd "$RUNNER_HOME"
say "starting runner from ${RUNNER_HOME}"
# exec: the runner gets the machine's signals and its exit code is ours.
exec ./run.sh
