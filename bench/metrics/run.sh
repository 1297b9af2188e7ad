#!/bin/sh
# Metrics scrape benchmark (docs/benchmarks.md, "Metrics scrape").
#
#   bench/metrics/run.sh [services] [scrapes] [warmup] [--no-procs]
#
# Defaults: 1000 services, 200 timed scrapes after 100 warm-up scrapes, one real `sleep` process per service.
# Runs with the JVM flags pdsupd's launcher ships (C1 only, Serial GC, 256 MiB heap); set BENCH_JAVA_OPTS to
# change them. Needs the daemon module compiled: it runs `mvn -o -pl daemon compile` first.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

: "${BENCH_JAVA_OPTS:=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss512k -Xmx256m}"

cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT INT TERM

mvn -B -q -o -Dstyle.color=never -pl daemon compile
mvn -B -q -o -Dstyle.color=never -pl daemon dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime

echo "machine: $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "java: $(java -version 2>&1 | head -1); flags: $BENCH_JAVA_OPTS"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
java $BENCH_JAVA_OPTS -Dlogback.configurationFile="$root/bench/metrics/logback-bench.xml" \
	-cp "$root/daemon/target/classes:$(cat "$cp_file")" "$root/bench/metrics/ScrapeBench.java" "$@"
