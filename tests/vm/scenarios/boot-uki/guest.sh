#!/bin/sh
# boot-uki: kexec -l of a Unified Kernel Image with nothing else given;
# kernel B must get the UKI's command line (kjump_uki=b) and boot from
# the UKI's initrd (the one whose /etc/kjump.env sets KJUMP_UKI_INITRD).
fail() { echo "KJUMP-FAIL: $*"; exit 1; }
step() { echo "KJUMP-STEP: $*"; }

case " $(cat /proc/cmdline) " in
*" kjump_uki=b "*)
	[ "${KJUMP_UKI_INITRD:-}" = 1 ] || fail "kernel B did not boot from the UKI's initrd"
	step "kernel B: the UKI's command line and initrd"
	echo "KJUMP-PASS"
	;;
*)
	[ -z "${KJUMP_UKI_INITRD:-}" ] || fail "the first kernel booted from the UKI's initrd"
	kexec --dry-run --json -l /boot/kernel.efi >/tmp/plan.json || fail "kexec --dry-run failed"
	grep -q '"type":"uki"' /tmp/plan.json || fail "not planned as uki: $(cat /tmp/plan.json)"
	# x86_64: the kernel's own loader gets .linux, and .initrd in a memfd.
	want=kexec_load
	[ "$(uname -m)" = x86_64 ] && [ "$KJUMP_ARCH" = x86_64 ] && want=kexec_file_load
	grep -q "\"syscall\":\"$want\"" /tmp/plan.json ||
		fail "not planned for $want: $(cat /tmp/plan.json)"
	grep -q '"cmdline":"console=ttyS0 panic=-1 kjump_uki=b"' /tmp/plan.json ||
		fail "not the UKI's command line: $(cat /tmp/plan.json)"
	kexec -l /boot/kernel.efi || fail "kexec -l exited with status $?"
	step "loaded; kexec -e"
	kexec -e
	fail "kexec -e returned (status $?)"
	;;
esac
