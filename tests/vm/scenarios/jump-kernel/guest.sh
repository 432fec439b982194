#!/bin/sh
# jump-kernel: kernel A jumps to kernel B with kexec jump and back,
# twice.  A keeps a file in tmpfs and a counter process running; B checks
# that /proc/vmcore is A's memory, then jumps back with the jump-back
# helper.  The second time, B must find it was resumed, not rebooted.
. /usr/lib/kjump/stages.sh

counter() {	# counts in the background; its value shows A's processes ran on
	n=0
	# Written aside and renamed, so a reader never sees an empty file.
	while :; do n=$((n + 1)); echo $n >/tmp/counter.new; mv /tmp/counter.new /tmp/counter; sleep 0.2; done
}

case $(stage) in
A)
	head -c 4000000 /dev/urandom >/tmp/a-file
	sum=$(sha256sum </tmp/a-file)
	counter &
	sleep 1
	marker="jump$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -l --load-preserve-context --append "$(next_cmdline B "$marker")" \
		--initrd /tmp/next.cpio.gz /boot/bzImage || fail "kexec -l exited with status $?"
	for round in 1 2; do
		before=$(cat /tmp/counter)
		step "A: round $round, counter $before, kexec -e into B"
		kexec --debug -e 2>/tmp/exec.err ||
			fail "A: kexec -e round $round exited with status $?: $(tail -1 /tmp/exec.err)"
		grep -q "^kexec: back from kernel B /boot/bzImage (entered at 0x" /tmp/exec.err ||
			fail "A: kexec -e --debug does not say it came back from B: $(tail -1 /tmp/exec.err)"
		[ "$(sha256sum </tmp/a-file)" = "$sum" ] || fail "A: the tmpfs file changed"
		sleep 1
		after=$(cat /tmp/counter)
		[ "$after" -gt "$before" ] || fail "A: the counter stopped at $before ($after)"
		step "A: back from B (round $round): file intact, counter $before -> $after;" \
			"$(grep '^kexec: back from' /tmp/exec.err)"
	done
	echo "KJUMP-PASS"
	;;
B)
	if [ -f /tmp/b-was-here ]; then
		fail "B booted again instead of resuming"
	fi
	check_marker
	# Not touch(1): the i386 test kernels lack the 32-bit time syscalls it uses.
	echo here >/tmp/b-was-here
	[ -e /proc/vmcore ] || fail "B: no /proc/vmcore"
	head -c 65536 /proc/vmcore >/tmp/head || fail "B: cannot read /proc/vmcore"
	grep -aq "OSRELEASE=" /tmp/head || fail "B: no VMCOREINFO in /proc/vmcore"
	size=$(ls -l /proc/vmcore | awk '{print $5}')
	[ "$size" -gt $((256 << 20)) ] || fail "B: /proc/vmcore is only $size bytes"
	grep -q kexec_jump_back_entry= /proc/cmdline || fail "B: no kexec_jump_back_entry= on its command line"
	step "B: /proc/vmcore holds $size bytes of A; loading the way back"
	kexec --load-jump-back-helper || fail "B: --load-jump-back-helper exited with status $?"
	kexec --debug -e 2>/tmp/exec.err ||
		fail "B: kexec -e (back to A) exited with status $?: $(tail -1 /tmp/exec.err)"
	grep -q "^kexec: back from kernel A (entered at 0x" /tmp/exec.err ||
		fail "B: kexec -e --debug does not say it came back from A: $(tail -1 /tmp/exec.err)"
	step "B: resumed by A; $(grep '^kexec: back from' /tmp/exec.err)"
	[ -f /tmp/b-was-here ] || fail "B: resumed without its own state"
	kexec -e || fail "B: second kexec -e (back to A) exited with status $?"
	fail "B: resumed a second time"
	;;
esac
