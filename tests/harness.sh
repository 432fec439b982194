# How tests/run-all counts, sourced by it and by tests/cli/harness.sh
# (which runs it on the scripts in tests/harness-fixtures/).  Needs
# $logs, a directory for the logs.  Keeps the totals in $passed, $failed
# and $skipped and each phase's wall time; summary prints them.
#
# Nothing counts as passing that did not say so in full: a TAP command
# must print one plan and as many results as it plans, and exit 0; a
# suite must leave automake's summary, with at least one test in it.
passed=0 failed=0 skipped=0
phase_names=() phase_secs=()

phase_time() {	# phase_time NAME SECONDS: a row of summary's table
	phase_names+=("$1")
	phase_secs+=("$2")
}

log_name() {	# log_name FILE: FILE as the reader finds it from the top
	if [ -n "${top:-}" ]; then echo "${1#"$top"/}"; else echo "$1"; fi
}

reasons() {	# reasons WHY...: "why1; why2"
	local IFS=';' all
	all="$*"
	echo "${all//;/; }"
}

status_name() {	# status_name STATUS: "exited with status 1", "killed by SIGSEGV"
	local sig
	if [ "$1" -gt 128 ] && sig=$(kill -l $(($1 - 128)) 2>/dev/null); then
		echo "killed by SIG$sig (status $1)"
	else
		echo "exited with status $1"
	fi
}

# step NAME COMMAND...: one counted test, output to a log.
step() {
	local name=$1 log="$logs/$1.log" t0=$SECONDS rc
	shift
	"$@" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS: $name"
	else
		failed=$((failed + 1))
		echo "FAIL: $name ($(status_name "$rc"); log: $(log_name "$log"))"
		tail -n 20 "$log" | sed 's/^/    /'
	fi
	phase_time "$name" $((SECONDS - t0))
}

# suite NAME BUILDDIR [ENV...]: make check, counting every test case.
suite() {
	local name=$1 dir=$2 log="$logs/$1.log" t0=$SECONDS
	shift 2
	if [ ! -f "$dir/Makefile" ]; then
		failed=$((failed + 1))
		echo "FAIL: $name (not built)"
		return
	fi
	# A summary left by an earlier run must not stand for this one.
	rm -f "$dir/test-suite.log"
	env "$@" make -C "$dir" -j"$(nproc)" check >"$log" 2>&1
	suite_count "$name" $? "$dir/test-suite.log" "$log"
	phase_time "$name" $((SECONDS - t0))
	suite_vm_times "$name" "$dir/tests/vm/check.log"
}

# suite_count NAME STATUS SUITELOG LOG: add up the "# PASS:" ... lines
# automake's parallel harness wrote to SUITELOG.  Its tap-driver already
# makes a short plan, a missing plan, a "Bail out!" or a non-zero exit
# an ERROR (tests/cli/harness.sh checks that it still does).  make's
# STATUS and LOG (its output) catch what the summary cannot show.
suite_count() {
	local name=$1 rc=$2 sum=$3 log=$4 kind n total counted=0 bad=0 why=()
	if [ ! -f "$sum" ]; then
		failed=$((failed + 1))
		echo "FAIL: $name (make check did not run the tests: $(status_name "$rc"); log: $(log_name "$log"))"
		tail -n 20 "$log" | sed 's/^/    /'
		return
	fi
	for kind in PASS XFAIL FAIL XPASS ERROR SKIP; do
		n=$(sed -n "s/^# $kind: *\([0-9][0-9]*\)\$/\1/p" "$sum")
		if [ -z "$n" ]; then
			why+=("no \"# $kind:\" line in $(log_name "$sum")")
			continue
		fi
		counted=$((counted + n))
		case $kind in
		PASS|XFAIL) passed=$((passed + n)) ;;
		SKIP) skipped=$((skipped + n)) ;;
		*) failed=$((failed + n)); bad=$((bad + n)) ;;
		esac
	done
	total=$(sed -n 's/^# TOTAL: *\([0-9][0-9]*\)$/\1/p' "$sum")
	[ -n "$total" ] || { why+=("no \"# TOTAL:\" line"); total=0; }
	[ "$total" -eq "$counted" ] || why+=("TOTAL $total, but the kinds add up to $counted")
	[ "$total" -gt 0 ] || why+=("no tests ran")
	[ "$rc" -eq 0 ] || [ "$bad" -gt 0 ] || why+=("make check $(status_name "$rc") with no failing test")
	failed=$((failed + ${#why[@]}))
	grep -E '^(FAIL|ERROR|XPASS):' "$log" | sed 's/^/    /'
	if [ ${#why[@]} -gt 0 ]; then
		echo "FAIL: $name ($(reasons "${why[@]}"))"
	fi
	echo "suite $name: $total tests"
}

# suite_vm_times NAME CHECKLOG: the "# time PHASE SECONDS" lines
# tests/vm/check prints (kernel builds, scenarios), as rows under NAME.
suite_vm_times() {
	local phase secs
	[ -f "$2" ] || return 0
	while read -r phase secs; do
		phase_time "  $1: vm $phase" "$secs"
	done < <(sed -n 's/^# time \([a-z-]*\) \([0-9][0-9]*\)$/\1 \2/p' "$2")
}

# tap NAME COMMAND...: a command printing TAP.  Every "ok" passes and
# every "not ok" fails; and each of these fails once more, named in
# the output: no plan or more than one, a plan in the middle, fewer or
# more results than planned, misnumbered results, "Bail out!", a
# non-zero exit status.  "ok ... # SKIP" is a skip; "# TODO" turns
# a result round, as automake counts XFAIL and XPASS.
tap() {
	local name=$1 log="$logs/$1.log" t0=$SECONDS rc
	shift
	"$@" >"$log" 2>&1
	rc=$?
	tap_count "$name" "$rc" "$log"
	phase_time "$name" $((SECONDS - t0))
}

# tap_count NAME STATUS LOG: count the TAP in LOG of a command that
# ended with STATUS (see tap).
tap_count() {
	local name=$1 rc=$2 log=$3 ok bad skip ran plans plan plan_at misnumbered bail why=() line
	read -r ok bad skip ran plans plan plan_at misnumbered bail < <(awk '
		/^ok([ \t]|$)/ || /^not ok([ \t]|$)/ {
			ran++
			good = !/^not /
			if (/#[ \t]*[Tt][Oo][Dd][Oo]/) good = !good
			if (good && /#[ \t]*[Ss][Kk][Ii][Pp]/) skip++
			else if (good) ok++
			else bad++
			num = $0
			sub(/^(not )?ok[ \t]*/, "", num)
			if (num ~ /^[0-9]+/ && num + 0 != ran) misnumbered++
			next
		}
		/^1\.\.[0-9]+/ { plans++; plan = substr($1, 4) + 0; plan_at = ran; next }
		/^Bail out!/ { bail++ }
		END { print ok + 0, bad + 0, skip + 0, ran + 0, plans + 0, plan + 0,
			    plan_at + 0, misnumbered + 0, bail + 0 }' "$log")
	if [ "$plans" -eq 0 ]; then
		why+=("no plan line")
	elif [ "$plans" -gt 1 ]; then
		why+=("$plans plan lines")
	else
		[ "$plan_at" -eq 0 ] || [ "$plan_at" -eq "$ran" ] || why+=("the plan comes after result $plan_at of $ran")
		[ "$plan" -eq "$ran" ] || why+=("planned $plan, ran $ran")
		if [ "$plan" -eq 0 ] && [ "$ran" -eq 0 ]; then
			if grep -qiE '^1\.\.0[ \t]*#[ \t]*skip' "$log"; then
				skip=1
			else
				why+=("planned nothing")
			fi
		fi
	fi
	[ "$ran" -gt 0 ] || [ "$plans" -ne 0 ] || why+=("no results")
	[ "$misnumbered" -eq 0 ] || why+=("$misnumbered results out of sequence")
	[ "$bail" -eq 0 ] || why+=("Bail out!")
	[ "$rc" -eq 0 ] || why+=("$(status_name "$rc")")
	passed=$((passed + ok))
	failed=$((failed + bad + ${#why[@]}))
	skipped=$((skipped + skip))
	grep -E '^(not ok([ \t]|$)|Bail out!)' "$log" | sed 's/^/    /'
	line="tap $name: $ok passed, $((bad + ${#why[@]})) failed"
	[ "$skip" -eq 0 ] || line="$line, $skip skipped"
	if [ ${#why[@]} -gt 0 ]; then
		line="$line ($(reasons "${why[@]}"); log: $(log_name "$log"))"
	fi
	echo "$line"
}

fmt_secs() {	# fmt_secs SECONDS: "42s", "3m05s", "1h02m05s"
	local s=$1
	if [ "$s" -ge 3600 ]; then
		printf '%dh%02dm%02ds' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
	elif [ "$s" -ge 60 ]; then
		printf '%dm%02ds' $((s / 60)) $((s % 60))
	else
		printf '%ds' "$s"
	fi
}

# summary: the wall time of each phase, then the final line
#   N passed, N failed[, N skipped]
# which must stay the last line of the output.  Fails when any test did.
summary() {
	local i line
	if [ ${#phase_names[@]} -gt 0 ]; then
		echo "wall time:"
		for i in "${!phase_names[@]}"; do
			printf '  %10s  %s\n' "$(fmt_secs "${phase_secs[$i]}")" "${phase_names[$i]}"
		done
	fi
	line="$passed passed, $failed failed"
	[ "$skipped" -eq 0 ] || line="$line, $skipped skipped"
	echo "$line"
	[ "$failed" -eq 0 ]
}
