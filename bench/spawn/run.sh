#!/bin/sh
# bench/spawn/run.sh [PDSUP_HOME [SPAWNS_PER_ROUND [ROUNDS [PROGRAM]]]]
# One spawn's cost on the direct path (posix_spawn + pidfd_open) and through the exec helper, from the
# tarball's jars (default packaging/target/pdsup). Prints medians over rounds; see SpawnPaths.java.
set -eu
here=$(cd -P -- "$(dirname -- "$0")" && pwd)
home=${1:-$here/../../packaging/target/pdsup}
shift || true
cp=
for jar in "$home"/lib/pdsup/*.jar; do cp=${cp:+$cp:}$jar; done
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" -Dpdsup.home="$home" \
	-Dpdsup.exec.helper="$home/libexec/pdsup-exec" "$here/SpawnPaths.java" "$@"
