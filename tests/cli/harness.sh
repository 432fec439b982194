#!/bin/bash
# The counting itself, on the scripts in tests/harness-fixtures/ (and
# never on the real suite): tests/run-all's (tests/harness.sh) and make
# check's (automake's tap-driver, as tests/Makefile.inc sets it up).
# good.sh must pass; each other fixture must make the final line report
# a failure, make the run exit non-zero, and say why.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

FIX="$KJUMP_SRCDIR/tests/harness-fixtures"
final='^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'

# counting NAME COMMAND...: COMMAND in a subshell that has run-all's
# counting and a log directory, then summary; output to $WORK/NAME.out.
counting() {
	local name=$1
	shift
	(
		set -o pipefail	# as in run-all, which make check does not run
		unset MAKEFLAGS MFLAGS MAKELEVEL
		logs="$WORK/logs-$name"
		mkdir -p "$logs"
		. "$KJUMP_SRCDIR/tests/harness.sh"
		"$@"
		summary
	) >"$WORK/$name.out" 2>&1
}

# verdict NAME STATUS WANT [REASON]: one TAP result on the run NAME that
# ended with STATUS: WANT "red" (non-zero status, a final line with
# failures, and REASON in the output) or "green" (status 0, final line
# with no failures).  The name shows the final line.
verdict() {
	local name=$1 rc=$2 want=$3 why=${4:-} last ok=1
	last=$(tail -n 1 "$WORK/$name.out")
	if [[ $last =~ $final ]]; then
		case $want in
		red) [ "$rc" -ne 0 ] && [[ $last =~ [1-9][0-9]*\ failed ]] &&
			grep -qF -- "$why" "$WORK/$name.out" && ok=0 ;;
		green) [ "$rc" -eq 0 ] && [[ $last =~ \ 0\ failed ]] && ok=0 ;;
		esac
	fi
	tap_result "$ok" "$name: $want${why:+ ($why)}: $last" \
		"status $rc; output:
$(cat "$WORK/$name.out")"
}

# run-all's tap() on each fixture.
for f in good fail crash short-plan long-plan no-plan silent bail-out exit-status \
	 plan-in-middle empty-plan; do
	check "tests/harness-fixtures/$f.sh is there" test -x "$FIX/$f.sh"
done
counting tap-good tap good "$FIX/good.sh"
verdict tap-good $? green
check "the wall-time table names the phase" grep -qE '^ +[0-9]+s  good$' "$WORK/tap-good.out"
while IFS='|' read -r f why; do
	counting "tap-$f" tap "$f" "$FIX/$f.sh"
	verdict "tap-$f" $? red "$why"
done <<'EOF'
fail|not ok 2 - two
crash|killed by SIGSEGV
short-plan|planned 5, ran 3
long-plan|planned 2, ran 3
no-plan|no plan line
silent|no plan line; no results
bail-out|Bail out!
exit-status|exited with status 1
plan-in-middle|the plan comes after result 1 of 2
empty-plan|planned nothing
EOF

# step(): a command's status is the test.
counting step-true step ok true
verdict step-true $? green
counting step-false step fails sh -c 'exit 3'
verdict step-false $? red "exited with status 3"

# make check: automake's tap-driver must turn each bad fixture into an
# ERROR (fail.sh: a FAIL), and suite_count must count those as failed.
# It is run on copies, through check-TESTS with nothing to build, so that
# the logs stay in $WORK.  (A "1..0" plan is a SKIP to automake: a test
# that can run out of cases fails by itself, as tests/malformed/run.sh.)
am_run() {	# am_run NAME FIXTURE...: make check on just these fixtures
	local name=$1 f tests=""
	shift
	mkdir -p "$WORK/$name"
	for f in "$@"; do
		cp -p "$FIX/$f.sh" "$WORK/$name/"
		tests="$tests $WORK/$name/$f.sh"
	done
	kmake check-TESTS check_PROGRAMS= TESTS="$tests" \
		TEST_SUITE_LOG="$WORK/$name/test-suite.log" >"$WORK/$name.make" 2>&1
}
am_run am-good good
counting suite-good suite_count fixtures $? "$WORK/am-good/test-suite.log" "$WORK/am-good.make"
verdict suite-good $? green
bad="fail crash short-plan long-plan no-plan silent bail-out exit-status plan-in-middle"
# shellcheck disable=SC2086
am_run am-bad $bad
am_rc=$?
for f in $bad; do
	want=ERROR
	[ "$f" = fail ] && want=FAIL
	check "make check counts $f.sh as $want" \
		grep -qx ":global-test-result: $want" "$WORK/am-bad/$f.trs"
done
counting suite-bad suite_count fixtures "$am_rc" "$WORK/am-bad/test-suite.log" "$WORK/am-bad.make"
verdict suite-bad $? red "no-plan.sh - missing test plan"

# suite() itself, on build directories whose make check only writes a
# summary, or fails before it can: the summary an earlier run left must
# not count then.  The "# time" lines of tests/vm/check's log become
# rows of the table.
mkdir -p "$WORK/built/tests/vm" "$WORK/broken"
printf 'check:\n\tprintf "# TOTAL: 2\\n# PASS: 2\\n# SKIP: 0\\n# XFAIL: 0\\n# FAIL: 0\\n# XPASS: 0\\n# ERROR: 0\\n" >test-suite.log\n' \
	>"$WORK/built/Makefile"
printf '# time kernels 65\n# time scenarios 7\n1..0\n' >"$WORK/built/tests/vm/check.log"
counting suite-built suite built "$WORK/built"
verdict suite-built $? green
check "the table shows the VM phases" grep -qE '^ +1m05s    built: vm kernels$' "$WORK/suite-built.out"
printf 'check:\n\texit 2\n' >"$WORK/broken/Makefile"
cp "$WORK/built/test-suite.log" "$WORK/broken/"
counting suite-broken suite broken "$WORK/broken"
verdict suite-broken $? red "make check did not run the tests"

# suite_count on summaries that hide a failure.
summary_of() {	# summary_of FILE TOTAL PASS SKIP FAIL ERROR
	printf '# TOTAL: %s\n# PASS:  %s\n# SKIP:  %s\n# XFAIL: 0\n# FAIL:  %s\n# XPASS: 0\n# ERROR: %s\n' \
		"$2" "$3" "$4" "$5" "$6" >"$1"
}
: >"$WORK/make.out"
counting suite-missing suite_count missing 2 "$WORK/nothing/test-suite.log" "$WORK/make.out"
verdict suite-missing $? red "make check did not run the tests: exited with status 2"
summary_of "$WORK/empty.log" 0 0 0 0 0
counting suite-empty suite_count empty 0 "$WORK/empty.log" "$WORK/make.out"
verdict suite-empty $? red "no tests ran"
summary_of "$WORK/clean.log" 4 4 0 0 0
counting suite-make-failed suite_count make-failed 2 "$WORK/clean.log" "$WORK/make.out"
verdict suite-make-failed $? red "make check exited with status 2 with no failing test"
summary_of "$WORK/short.log" 9 4 0 0 0
counting suite-uncounted suite_count uncounted 0 "$WORK/short.log" "$WORK/make.out"
verdict suite-uncounted $? red "TOTAL 9, but the kinds add up to 4"
grep -v '^# ERROR' "$WORK/clean.log" >"$WORK/cut.log"
counting suite-cut suite_count cut 0 "$WORK/cut.log" "$WORK/make.out"
verdict suite-cut $? red "no \"# ERROR:\" line"
done_testing
