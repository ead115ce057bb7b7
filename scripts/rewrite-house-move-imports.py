"""Rewrites imports after the house moves of issue #10 item 2. Usage: python3 rewrite_imports.py <root> (files under src/ test/ bench/)."""
import os, re, sys
root = sys.argv[1]
# name -> new module (relative to repo root, without .ts)
MOVED = {
  "src/ledger/records": {
    "JOB_STATUS_RANK": "src/intake/job-fact", "JobStatus": "src/intake/job-fact", "JobFact": "src/intake/job-fact",
    "PoolSpec": "src/policy/routing", "Routing": "src/policy/routing",
    "RUNNER_STATES": "src/domain/runner-states", "RunnerState": "src/domain/runner-states",
    "IDLE_RUNNER_STATES": "src/domain/runner-states", "TERMINAL_RUNNER_STATES": "src/domain/runner-states",
  },
  "src/ledger/runner-states": {
    "ACTIVE_RUNNER_STATES": "src/domain/runner-states", "isTerminalRunnerState": "src/domain/runner-states",
  },
}
WHOLE = {  # whole-module moves
  "src/cli/start-dispatcher": "src/app/start-dispatcher",
  "src/github/runner-scope": "src/policy/runner-scope",
  "src/server/setup/inspect-github-app": "src/github/inspect-github-app",
  "src/server/setup/check-hf-token": "src/probes/check-hf-token",
  "src/server/setup/check-url-reachable": "src/probes/check-url-reachable",
  "src/server/setup/manifest-target": "src/github/manifest-target",
}
IMPORT = re.compile(r'import (type )?\{([^}]*)\} from "([^"]+)\.js";')
def rel(frm_file, target):
    r = os.path.relpath(os.path.join(root, target), os.path.dirname(frm_file))
    if not r.startswith("."): r = "./" + r
    return r + ".js"
def resolve(frm_file, spec):
    if not spec.startswith("."): return None
    return os.path.relpath(os.path.normpath(os.path.join(os.path.dirname(frm_file), spec)), root)
for base in ("src", "test", "bench"):
    for d, _, files in os.walk(os.path.join(root, base)):
        for f in files:
            if not f.endswith(".ts"): continue
            path = os.path.join(d, f)
            src = open(path).read()
            def fix(m):
                type_kw, names, spec = m.group(1), m.group(2), m.group(3)
                target = resolve(path, spec)
                if target is None: return m.group(0)
                if target in WHOLE:
                    return f'import {type_kw or ""}{{{names}}} from "{rel(path, WHOLE[target])}";'
                if target not in MOVED: return m.group(0)
                groups = {}
                for raw in [n.strip() for n in names.split(",") if n.strip()]:
                    is_type = raw.startswith("type ")
                    name = raw[5:].strip() if is_type else raw
                    bare = name.split(" as ")[0].strip()
                    dest = MOVED[target].get(bare, target)
                    groups.setdefault(dest, []).append((is_type or bool(type_kw), name))
                out = []
                for dest, items in groups.items():
                    if all(t for t, _ in items):
                        out.append(f'import type {{ {", ".join(n for _, n in items)} }} from "{rel(path, dest)}";')
                    else:
                        out.append(f'import {{ {", ".join(("type " + n) if t else n for t, n in items)} }} from "{rel(path, dest)}";')
                return "\n".join(out)
            new = IMPORT.sub(fix, src)
            if new != src:
                open(path, "w").write(new); print("rewrote", path)
