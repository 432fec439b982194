#!/bin/sh
# boot-bzimage: A loads a bzImage with an initrd and a marker on the
# command line and starts it with kexec -e; B checks both arrived.
. /usr/lib/kjump/stages.sh

case $(stage) in
A)
	marker="bz$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec --dry-run --json -l --append "$(next_cmdline B "$marker")" \
		--initrd /tmp/next.cpio.gz /boot/bzImage >/tmp/plan.json ||
		fail "kexec --dry-run failed"
	grep -q '"type":"bzImage"' /tmp/plan.json || fail "not planned as a bzImage: $(cat /tmp/plan.json)"
	# kexec-tools' default: the kernel's own loader where there is one
	# (x86_64; an i386 kernel has no kexec_file_load).
	want=kexec_load
	[ "$(uname -m)" = x86_64 ] && [ "$KJUMP_ARCH" = x86_64 ] && want=kexec_file_load
	grep -q "\"syscall\":\"$want\"" /tmp/plan.json ||
		fail "not planned for $want: $(cat /tmp/plan.json)"
	kexec -l --append "$(next_cmdline B "$marker")" --initrd /tmp/next.cpio.gz /boot/bzImage ||
		fail "kexec -l exited with status $?"
	[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "kexec_loaded is not 1 after kexec -l"
	# kexec-tools' -S: exit 1 when loaded; -l asks about this image.
	kexec -S -l && fail "kexec -S -l says nothing is loaded"
	kexec -S || fail "kexec -S says a crash kernel is loaded"
	step "loaded; kexec -e"
	kexec -e
	fail "kexec -e returned (status $?)"
	;;
B)
	check_marker
	echo "KJUMP-PASS"
	;;
*) fail "unexpected stage $(stage)" ;;
esac
