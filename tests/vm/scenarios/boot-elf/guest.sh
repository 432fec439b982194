#!/bin/sh
# boot-elf: the same as boot-bzimage with the kernel's ELF image
# (vmlinux, elf-x86_64 on x86_64 and elf-x86 on i386), entered through
# the purgatory with Linux boot parameters.
. /usr/lib/kjump/stages.sh

want_type=elf-x86_64
[ "$KJUMP_ARCH" = i386 ] && want_type=elf-x86
case $(stage) in
A)
	marker="elf$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec --dry-run --json -l --append "$(next_cmdline B "$marker")" \
		--initrd /tmp/next.cpio.gz /boot/vmlinux >/tmp/plan.json || fail "kexec --dry-run failed"
	grep -q "\"type\":\"$want_type\"" /tmp/plan.json || fail "not planned as $want_type: $(cat /tmp/plan.json)"
	kexec -l --append "$(next_cmdline B "$marker")" --initrd /tmp/next.cpio.gz /boot/vmlinux ||
		fail "kexec -l exited with status $?"
	step "loaded; kexec -e"
	kexec -e
	fail "kexec -e returned (status $?)"
	;;
B)
	check_marker
	echo "KJUMP-PASS"
	;;
esac
