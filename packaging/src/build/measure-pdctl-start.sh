#!/bin/sh
#
# measure-pdctl-start.sh PREFIX [RUNS] [-- PDCTL-ARGS...]
#
# What each JVM flag of the pdctl launcher, and the AppCDS archive, does to
# pdctl's start-up, measured with hyperfine: the java, class path and main
# class of PREFIX/bin/pdctl, with no flag, each flag alone, the launcher's
# set, that set with -XX:+UseSerialGC (left out on purpose), and the set
# with PREFIX/lib/pdsup/pdctl.jsa (run libexec/pdsup-cds first), and
# PREFIX/bin/pdctl itself (what the shell script adds).  RUNS
# defaults to 20; the pdctl arguments default to --help.  Prints a Markdown
# table of wall-clock median and minimum, and of CPU time (user + system,
# which other load on the machine disturbs less than the wall clock).
# Example, from the repository root after "mvn package":
#   sh packaging/src/build/measure-pdctl-start.sh packaging/target/pdsup 20 -- version
set -eu

prefix=$1
runs=${2:-20}
shift
[ $# -gt 0 ] && shift
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || set -- --help

command -v hyperfine >/dev/null || { echo "measure-pdctl-start: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
lib=$prefix/lib/pdsup
java=$(PDSUP_PRINT_CDS_ID=1 "$prefix/bin/pdctl") || exit 1
java=${java%% *}
pdctl_args=$*
main="-cp $lib/pdsup-pdctl.jar:$lib/pdsup-protocol.jar:$lib/jackson-core.jar org.pdsup.pdctl.Main $pdctl_args"
set_="-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto"
out=$(mktemp "${TMPDIR:-/tmp}/pdctl-start.XXXXXX")
trap 'rm -f "$out"' EXIT

# (hyperfine takes a name starting with "-" for an option: none here does)
set -- -n "no flags" "$java $main" \
	-n "TieredStopAtLevel=1" "$java -XX:TieredStopAtLevel=1 $main" \
	-n "UsePerfData off" "$java -XX:-UsePerfData $main" \
	-n "UseSerialGC" "$java -XX:+UseSerialGC $main" \
	-n "launcher set" "$java $set_ $main" \
	-n "launcher set + UseSerialGC" "$java $set_ -XX:+UseSerialGC $main"
if [ -r "$lib/pdctl.jsa" ]; then
	set -- "$@" -n "launcher set + pdctl.jsa" "$java $set_ -XX:SharedArchiveFile=$lib/pdctl.jsa $main"
fi
set -- "$@" -n "bin/pdctl (launcher script included)" "$prefix/bin/pdctl $pdctl_args"
hyperfine -N -i --warmup 3 --runs "$runs" --style none --export-json "$out" "$@" >/dev/null 2>&1
python3 - "$out" <<'EOF'
import json
import statistics
import sys

results = json.load(open(sys.argv[1]))["results"]
print("| JVM flags | median [ms] | min [ms] | CPU user+sys, mean [ms] |")
print("|---|---:|---:|---:|")
for r in results:
    cpu = (r["user"] + r["system"]) * 1000
    print("| %s | %.1f | %.1f | %.1f |" % (r["command"], statistics.median(r["times"]) * 1000,
                                          min(r["times"]) * 1000, cpu))
EOF
