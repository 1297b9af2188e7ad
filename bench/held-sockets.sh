#!/bin/sh
# Held sockets across crashes (docs/benchmarks.md, "Held sockets"): a client
# connecting in a loop while the service is killed 20 times, with and without
# services.NAME.sockets. Needs the built tarball (packaging/target/pdsup).
#   bench/held-sockets.sh [--pdsup-home DIR] [--kills N] [--per-run N] [--backoff 100ms]
here=$(cd -P -- "$(dirname -- "$0")" && pwd) || exit 1
exec python3 "$here/held-sockets.py" "$@"
