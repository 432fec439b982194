#!/bin/sh
# lockdown-signed: A is locked down (lockdown=integrity), so kexec_load is
# refused and kexec_file_load takes only images signed with a key the
# kernel trusts.  A plain kexec -l (no -s) of the bzImage signed with the
# test key must load and kexec -e must boot B.
. /usr/lib/kjump/stages.sh
. /usr/lib/kjump/uefi.sh

case $(stage) in
A)
	need_lockdown integrity
	step "A sees: $(machine_view)"
	marker="signed$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -l --debug --append "$(next_cmdline B "$marker")" \
		--initrd /tmp/next.cpio.gz /boot/bzImage.signed 2>/tmp/load.err ||
		fail "kexec -l of the signed bzImage exited with status $?: $(grep -v '^  ' /tmp/load.err | tail -n 1)"
	step "A: kexec -l used $(sed -n 's/^syscall: *//p' /tmp/load.err)"
	[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "A: kexec_loaded is not 1 after kexec -l"
	kexec -e
	fail "A: kexec -e exited with status $?"
	;;
B)
	check_marker
	step "B sees: $(machine_view)"
	echo "KJUMP-PASS"
	;;
esac
