#!/bin/sh
# The chaos and soak suite: see bench/chaos/README.md.
#   bench/chaos/run.sh            short mode (the test suite runs this; about 3 minutes)
#   bench/chaos/run.sh --long     full sizes (about 75 minutes)
#   bench/chaos/run.sh --only storm,kill9 --out DIR
here=$(cd -P -- "$(dirname -- "$0")" && pwd) || exit 1
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m chaos "$@"
