#!/bin/sh
# The one entry point of the benchmarks: pdsup beside supervisord, s6 and runit.
#   bench/run.sh [--supervisor pdsup|supervisord|s6|runit|all] [--n 100,1000]
#                [--reps R] [--workloads W1,...] [--quick]
# See docs/benchmarks.md; bench/run.sh --help lists every option.
here=$(cd -P -- "$(dirname -- "$0")" && pwd) || exit 1
exec python3 "$here/bench.py" "$@"
