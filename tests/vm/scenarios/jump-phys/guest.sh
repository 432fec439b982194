#!/bin/sh
# jump-phys: kexec jump into a physical-mode program and back, five times.
#
# A loads tests/phys (built for the guest's arch by scenario.conf's
# pre_build) as a preserve-context image with no arguments and runs
# kexec -e five times.  Each call must come back to A with status 0 and
# leave the image loaded.  The program writes "phys: call N entry=..."
# to COM1 on every call; scenario.conf's check_console compares those
# lines, interleaved with the steps below, against the expected sequence.
# Also run unchanged by jump-phys-unpatched, which expects this to break.

fail() { echo "KJUMP-FAIL: $*"; exit 1; }
step() { echo "KJUMP-STEP: $*"; }
. /usr/lib/kjump/phys.sh

prog=/phys/phys-$KJUMP_ARCH
jumps=5
[ -f "$prog" ] || fail "no test program at $prog"

kexec --dry-run --json -l --load-preserve-context --args-none "$prog" >/tmp/plan.json ||
	fail "kexec --dry-run failed"
grep -q '"flag_names":"preserve-context,' /tmp/plan.json ||
	fail "not planned as a preserve-context load: $(cat /tmp/plan.json)"
grep -q '"entry":33554432,' /tmp/plan.json ||
	fail "entry is not phys_start (0x2000000): $(cat /tmp/plan.json)"

kexec -l --load-preserve-context --args-none "$prog" ||
	fail "kexec -l --load-preserve-context exited with status $?"
[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "kexec_loaded is not 1 after the load"

phys_jumps "$prog" "$jumps"
phys_done
