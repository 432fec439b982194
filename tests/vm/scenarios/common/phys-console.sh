# shellcheck shell=bash
# Host side of the tests/phys scenarios: sourced by their scenario.conf.

# phys_calls_in_order LOG N: the program's "phys: call K entry=..." lines
# must come in order, each followed by A's "back in A" step.  The
# counter proves the program's pages survived between calls; the
# entries prove the re-entry slot works both ways: a plain return keeps
# the entry, and calls 2 and 4 switch start <-> resume, so calls 3 and 4
# enter at resume.
phys_calls_in_order() {
	local want='' got n entry
	for ((n = 1; n <= $2; n++)); do
		case $n in 3|4) entry=resume ;; *) entry=start ;; esac
		want="$want${want:+
}phys: call $n entry=$entry
KJUMP-STEP: jump $n: back in A"
	done
	got=$(tr -d '\r' <"$1" |
		grep -a -o -E 'phys: call [0-9]+ entry=[a-z]+|KJUMP-STEP: jump [0-9]+: back in A')
	[ "$got" = "$want" ] && return 0
	echo "expected calls and returns in this order: $(echo "$want" | paste -sd '|')," \
		"got: $(echo "$got" | paste -sd '|')"
	return 1
}
