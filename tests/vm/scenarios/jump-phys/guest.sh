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

i=1
while [ "$i" -le "$jumps" ]; do
	step "jump $i: kexec -e"
	kexec --debug -e 2>/tmp/exec.err
	rc=$?
	[ "$rc" -eq 0 ] || fail "kexec -e #$i exited with status $rc: $(cat /tmp/exec.err)"
	# --debug names the image that came back (kexec -l's load record).
	grep -q "^kexec: back from physical-mode program $prog (entered at 0x2000000) after" \
		/tmp/exec.err || fail "kexec -e --debug does not say where it came back from: $(cat /tmp/exec.err)"
	step "jump $i: back in A; $(grep '^kexec: back from' /tmp/exec.err)"
	[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] ||
		fail "the image is no longer loaded after jump $i"
	i=$((i + 1))
done

# The non-boot CPUs went offline for every jump; they must all be back.
online=$(cat /sys/devices/system/cpu/online)
want="0-$((KJUMP_SMP - 1))"; [ "$KJUMP_SMP" = 1 ] && want=0
[ "$online" = "$want" ] || fail "cpus online after the jumps: $online, expected $want"

kexec -u || fail "kexec -u exited with status $?"
[ "$(cat /sys/kernel/kexec_loaded)" = 0 ] || fail "kexec_loaded is not 0 after kexec -u"
[ ! -e /run/kjump/kexec-image ] || fail "kexec -u left the load record behind"
echo "KJUMP-PASS"
