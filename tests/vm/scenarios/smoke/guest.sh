#!/bin/sh
# smoke: the cheapest check that the harness, the test kernel config and the
# static kexec binary fit together.  Loads nothing, so it is safe anywhere.

fail() { echo "KJUMP-FAIL: $*"; exit 1; }

echo "kernel: $(uname -r) ($(uname -m)), $KJUMP_SMP cpu(s) requested"

kexec --version || fail "kexec --version exited with status $?"
kexec --help >/dev/null || fail "kexec --help exited with status $?"

# /sys/kernel/kexec_loaded exists only with CONFIG_KEXEC_CORE.
[ -e /sys/kernel/kexec_loaded ] || fail "no /sys/kernel/kexec_loaded: kernel lacks kexec"
# kexec jump goes through the hibernation device-freeze path.
grep -qw disk /sys/power/state 2>/dev/null || fail "no hibernation support in /sys/power/state"
# The secondary CPUs must come up, or the SMP side of kexec jump is untested.
online=$(cat /sys/devices/system/cpu/online)
want="0-$((KJUMP_SMP - 1))"; [ "$KJUMP_SMP" = 1 ] && want=0
[ "$online" = "$want" ] || fail "cpus online: $online, expected $want"

echo "KJUMP-PASS"
