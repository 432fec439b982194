#!/bin/sh
# boot-i386-from-x86_64: an x86_64 kernel starts an i386 bzImage, which
# has no 64-bit entry: the x86_64 purgatory must leave long mode for
# 32-bit protected mode (no other scenario does that with a real
# kernel).  B's initramfs is A's with an i386 busybox, since x86_64
# binaries cannot run on an i386 kernel.
. /usr/lib/kjump/stages.sh

case $(stage) in
A)
	[ "$(uname -m)" = x86_64 ] || fail "stage A must run an x86_64 kernel, not $(uname -m)"
	kexec --dry-run --json -l /boot/i386-bzImage | grep -q '"type":"bzImage"' ||
		fail "the i386 bzImage is not planned as a bzImage"
	marker="B$(date +%s)$$"
	# Swap in the i386 busybox for B (every applet is a link to it).
	# Unlink first: the running binary cannot be written (ETXTBSY).
	bb=/tmp/busybox-x86_64
	cp /bin/busybox $bb && rm /bin/busybox && $bb cp /boot/i386-busybox /bin/busybox ||
		fail "cannot swap in the i386 busybox"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	$bb rm /bin/busybox && $bb cp $bb /bin/busybox || fail "cannot restore busybox"
	kexec -l --append "$(next_cmdline B "$marker")" --initrd /tmp/next.cpio.gz \
		/boot/i386-bzImage || fail "kexec -l exited with status $?"
	step "loaded the i386 bzImage; kexec -e"
	kexec -e
	fail "kexec -e returned (status $?)"
	;;
B)
	case "$(uname -m)" in i?86) ;; *) fail "stage B runs $(uname -m), not i386" ;; esac
	check_marker
	echo "KJUMP-PASS"
	;;
esac
