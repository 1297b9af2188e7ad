#!/bin/sh
#
# scripts/test.sh: runs the whole test suite on a fresh machine.
#
#   1. scripts/install-test-deps.sh   the Debian packages the tests use
#   2. mvn -B -ntp clean verify       every module's tests (from a clean tree: what an
#                                     earlier build left, such as a class whose source is gone,
#                                     would reach the tarball), then the tarball's:
#                                     lint of every shell script (shellcheck),
#                                     mandoc -Tlint on every man page, the
#                                     FreeBSD port against the tarball, and
#                                     pdsupd + pdctl run from the tarball
#   3. bench/quick-test.sh            the benchmarks' quick mode (when present)
#   4. bench/chaos/run.sh             the chaos and soak suite's short mode (about 3 minutes)
#
# Prints a summary and exits non-zero if any step failed.  Extra arguments go
# to Maven (e.g. scripts/test.sh -pl config).
set -u

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd) || exit 1
cd "$root" || exit 1

marker=$(mktemp "${TMPDIR:-/tmp}/pdsup-test.XXXXXX") || exit 1
bench_out=$(mktemp "${TMPDIR:-/tmp}/pdsup-bench.XXXXXX") || exit 1
chaos_out=$(mktemp "${TMPDIR:-/tmp}/pdsup-chaos.XXXXXX") || exit 1
trap 'rm -f "$marker" "$bench_out" "$chaos_out"' EXIT
started=$(date +%s)
summary=
failed_steps=0

# step NAME COMMAND...: runs a step and records PASS/FAIL for the summary.
step() {
	name=$1
	shift
	printf '\n==> %s: %s\n' "$name" "$*"
	if "$@"; then
		summary="$summary  PASS  $name
"
	else
		summary="$summary  FAIL  $name (exit $?)
"
		failed_steps=$((failed_steps + 1))
	fi
}

run_bench_quick() {
	# keep its output for the counts, show it as it comes
	"$root/bench/quick-test.sh" >"$bench_out" 2>&1
	rc=$?
	cat "$bench_out"
	return "$rc"
}

run_chaos_short() {
	"$root/bench/chaos/run.sh" >"$chaos_out" 2>&1
	rc=$?
	cat "$chaos_out"
	return "$rc"
}

step "install test dependencies" sh scripts/install-test-deps.sh
if [ "$failed_steps" -eq 0 ]; then
	step "mvn clean verify" mvn -B -ntp clean verify "$@"
	# The benchmarks run the tree this build laid out (even if a test failed).
	if [ -x bench/quick-test.sh ]; then
		# the laid-out tree's files carry the build's fixed timestamp (reproducible builds): the tarball,
		# made anew by every build, says whether this build laid it out
		if [ -x packaging/target/pdsup/bin/pdsupd ] &&
			[ -n "$(find packaging/target -maxdepth 1 -name 'pdsup-*.tar.gz' -newer "$marker" 2>/dev/null)" ]; then
			step "benchmarks, quick mode" run_bench_quick
			step "chaos and soak, short mode" run_chaos_short
		else
			summary="$summary  FAIL  benchmarks, quick mode (the build made no packaging/target/pdsup)
"
			failed_steps=$((failed_steps + 1))
		fi
	fi
else
	summary="$summary  SKIP  mvn verify and the benchmarks (the test dependencies are missing)
"
fi

# Test counts from the Surefire reports this run wrote.
counts=$(find . -path ./.git -prune -o -name 'TEST-*.xml' -newer "$marker" -exec cat {} + 2>/dev/null |
	awk '
	function attr(name,   m) {
		if (match($0, " " name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 }
		return 0
	}
	/<testsuite[ >]/ { t += attr("tests"); f += attr("failures"); e += attr("errors"); s += attr("skipped") }
	END { printf "%d %d %d %d\n", t, f, e, s }')
read -r tests failures errors skipped <<EOF
$counts
EOF
bench_passed=0
bench_failed=0
if [ -s "$bench_out" ]; then
	line=$(grep -E '^bench quick: [0-9]+ passed, [0-9]+ failed' "$bench_out" | tail -n 1)
	if [ -n "$line" ]; then
		bench_passed=$(printf '%s\n' "$line" | sed -E 's/^bench quick: ([0-9]+) passed.*/\1/')
		bench_failed=$(printf '%s\n' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	fi
fi
chaos_passed=0
chaos_failed=0
if [ -s "$chaos_out" ]; then
	line=$(grep -E '^chaos: [0-9]+ passed, [0-9]+ failed' "$chaos_out" | tail -n 1)
	if [ -n "$line" ]; then
		chaos_passed=$(printf '%s\n' "$line" | sed -E 's/^chaos: ([0-9]+) passed.*/\1/')
		chaos_failed=$(printf '%s\n' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	fi
fi
passed=$((tests - failures - errors - skipped + bench_passed + chaos_passed))
failed=$((failures + errors + bench_failed + chaos_failed))

printf '\n==> summary (%s s)\n%s' "$(($(date +%s) - started))" "$summary"
printf '  JUnit: %d tests, %d failures, %d errors, %d skipped; benchmarks quick mode: %d passed, %d failed; chaos short mode: %d passed, %d failed\n' \
	"$tests" "$failures" "$errors" "$skipped" "$bench_passed" "$bench_failed" "$chaos_passed" "$chaos_failed"
printf 'tests: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"

[ "$failed_steps" -eq 0 ] && [ "$failed" -eq 0 ]
