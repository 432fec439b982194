#!/bin/sh
# many-segments: kexec_load takes far more than 16 segments (kjump's
# kernel patch 0005) and a preserve-context image made of them still
# jumps and comes back.
#
# The kernel states its limit in /sys/kernel/kexec_segment_max, which
# kexec reads.  A loads tests/phys as a raw image at 0x2000000 plus
# FILLERS one-page segments at every other page from 0x3000000 (not
# adjacent, so each stays a segment of its own), runs kexec -e three
# times and checks that each call comes back; scenario.conf's
# check_console checks the program's console lines.  One segment past
# the limit must be refused before it reaches the kernel.

fail() { echo "KJUMP-FAIL: $*"; exit 1; }
step() { echo "KJUMP-STEP: $*"; }
. /usr/lib/kjump/phys.sh

prog=/phys/phys-$KJUMP_ARCH.bin
limit=2048
fillers=1999	# + the program = 2000 segments
jumps=3
[ -f "$prog" ] || fail "no test program at $prog"

f=/sys/kernel/kexec_segment_max
[ -e "$f" ] || fail "$f is missing: the kernel lacks kjump's patch 0005"
[ "$(cat "$f")" = "$limit" ] || fail "$f says $(cat "$f"), expected $limit"
step "$f: $limit"

printf 'kjump many-segments filler\n' >/tmp/filler
# Word-split on purpose below: the list has no spaces inside its words.
segments() {	# segments N: N --segment options
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf " --segment /tmp/filler@%d", 50331648 + i * 8192 }'
}
segs=$(segments "$fillers")
L="-l -t raw --load-preserve-context --args-none --mem-min 0x2000000 --entry 0x2000000"

# shellcheck disable=SC2086
kexec --dry-run --json $L $segs "$prog" >/tmp/plan.json ||
	fail "kexec --dry-run of $((fillers + 1)) segments failed"
n=$(grep -o '"name":"segment[0-9]*"' /tmp/plan.json | grep -c .)
[ "$n" = "$fillers" ] || fail "the plan has $n extra segments, expected $fillers"
grep -q '"flag_names":"preserve-context,' /tmp/plan.json ||
	fail "not planned as a preserve-context load"

# shellcheck disable=SC2086
kexec --dry-run $L $(segments "$limit") "$prog" >/dev/null 2>/tmp/over.err &&
	fail "kexec planned $((limit + 1)) segments with a limit of $limit"
grep -q "too many segments: $((limit + 1)), the kernel accepts at most $limit" /tmp/over.err ||
	fail "unexpected refusal of $((limit + 1)) segments: $(cat /tmp/over.err)"
step "$((limit + 1)) segments refused: $(cat /tmp/over.err)"

step "loading $((fillers + 1)) segments"
# shellcheck disable=SC2086
kexec $L $segs "$prog" 2>/tmp/load.err ||
	fail "kexec -l of $((fillers + 1)) segments failed: $(cat /tmp/load.err)"
[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "kexec_loaded is not 1 after the load"
step "loaded $((fillers + 1)) segments"

phys_jumps "$prog" "$jumps"
phys_done
