#!/bin/sh
# The benchmarks' quick mode, for the test suite: installs the peers if
# needed, runs `bench/run.sh --quick` (N = 5, one repetition, W2 + W6 + W5 on
# one instance per supervisor, well under a minute) and fails unless every
# supervisor produced samples for every workload of the quick mode.
#
#   bench/quick-test.sh                  all supervisors (pdsup needs the built
#                                        tarball packaging/target/pdsup)
#   BENCH_QUICK_SUPERVISORS=s6,runit bench/quick-test.sh
#   bench/quick-test.sh --pdsup-home DIR   (further options go to run.sh)
#
# Prints "bench quick: N passed, N failed" (one check per supervisor and
# workload) and exits non-zero when a check failed or the run failed.
set -u
here=$(cd -P -- "$(dirname -- "$0")" && pwd) || exit 1
sups=${BENCH_QUICK_SUPERVISORS:-all}

"$here/install-peers.sh" >/dev/null || {
	echo "bench quick: cannot install the peers (bench/install-peers.sh failed)" >&2
	exit 1
}

out=$(mktemp -d "${TMPDIR:-/tmp}/pdbench-quick.XXXXXX") || exit 1
trap 'rm -rf "$out"' EXIT
"$here/run.sh" --quick --supervisor "$sups" --out "$out" "$@"
run_rc=$?

python3 - "$out/raw.json" "$run_rc" <<'EOF'
import json
import sys

path, run_rc = sys.argv[1], int(sys.argv[2])
try:
    raw = json.load(open(path))
except (OSError, ValueError) as e:
    print(f"bench quick: no results ({e})")
    print("bench quick: 0 passed, 1 failed")
    sys.exit(1)
opts = raw["options"]
samples = {
    "W2": lambda r: [x["last_ms"] for x in r],
    "W5": lambda r: [x["gone_ms"] for x in r],
    "W6": lambda r: [s for x in r for s in x["samples_ms"]],
}
passed = failed = 0
for sup in opts["sups"]:
    for wl in opts["wanted"]:
        reps = raw["results"].get(sup, {}).get(wl, {}).get(str(opts["ns"][0]), [])
        values = samples[wl](reps) if reps else []
        ok = bool(values) and all(v > 0 for v in values)
        why = "" if ok else " — " + (raw["notes"].get(f"{sup}/{wl}") or raw["notes"].get(f"{sup}/*") or "no samples")
        print(f"bench quick: {sup} {wl}: {'ok' if ok else 'FAILED'} ({len(values)} samples){why}")
        passed, failed = passed + ok, failed + (not ok)
if run_rc != 0 and not failed:
    print(f"bench quick: bench/run.sh exited {run_rc}")
    failed += 1
print(f"bench quick: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
