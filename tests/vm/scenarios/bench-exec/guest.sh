#!/bin/sh
# bench-exec: load tests/phys as a preserve-context image, then run
# `kexec -e` under exec-timer five times; each jump comes back to A.
# One "KJUMP-BENCH|kexec -e|total|in syscalls|syscalls" line per jump,
# then KJUMP-BENCH-DONE.  tests/bench/exec reads them from the log.

fail() { echo "KJUMP-FAIL: $*"; exit 1; }

prog=/phys/phys-$KJUMP_ARCH
kexec -l --load-preserve-context --args-none "$prog" ||
	fail "kexec -l --load-preserve-context exited with status $?"
for i in 1 2 3 4 5; do
	exec-timer kexec -e >/tmp/timer.out 2>/tmp/exec.err ||
		fail "kexec -e #$i exited with status $?: $(cat /tmp/exec.err)"
	line=$(grep '^exec-timer: ' /tmp/timer.out)
	case $line in
	*"no reboot()"*) fail "kexec -e #$i never called reboot()" ;;
	esac
	# "exec-timer: T us from execve to reboot(), S us of it in N syscalls, ..."
	echo "$line" | awk '{ printf "KJUMP-BENCH|kexec -e|%s|%s|%s\n", $2, $8, $13 }'
done
kexec -u || fail "kexec -u exited with status $?"
echo "KJUMP-BENCH-DONE"
