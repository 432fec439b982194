#!/bin/sh
# Debian's kexec-tools on the UEFI machine; each step reports what happened
# as a KJUMP-PEER line.  A: what A sees, then kexec-tools -l (its default
# syscall) and -e into B.  B: what B sees; then lockdown=integrity switched
# on at run time, kexec-tools -c -l of the signed bzImage and -s -l of the
# unsigned one (both refused) and -s -l of the signed one, -e into C,
# booted with lockdown=integrity crashkernel=96M.  C: what C sees, then
# kexec-tools -s -p of the signed bzImage and a crash.  D, the capture
# kernel: what it sees, and /proc/vmcore.
. /usr/lib/kjump/stages.sh
. /usr/lib/kjump/uefi.sh
KT=/opt/kexec-tools/kexec
report() { echo "KJUMP-PEER: $*"; }
oneline() { tr '\n' '|' <"$1" | tail -c 600; }
# kt_load WHAT ARGS...: run kexec-tools with ARGS, report its exit status
# and the lines of its --debug output that tell the syscall.
kt_load() {
	what=$1; shift
	$KT --debug "$@" >/tmp/kt.out 2>&1; rc=$?
	report "$what: exit $rc; syscall lines: $(grep -i 'syscall\|file_load\|kexec_load' /tmp/kt.out | tr '\n' '|' | tail -c 300)"
	[ "$rc" = 0 ] || report "$what: output: $(oneline /tmp/kt.out)"
	report "$what: kexec_loaded $(cat /sys/kernel/kexec_loaded), kexec_crash_loaded $(cat /sys/kernel/kexec_crash_loaded)"
	return $rc
}

case $(stage) in
A)
	report "A sees: $(machine_view)"
	report "A: $($KT --version 2>&1)"
	marker="peerA$(date +%s)$$"
	KEEP_BOOT=1 make_next_initrd /tmp/next.cpio.gz "$marker"
	kt_load "kexec-tools -l" -l "--append=$(next_cmdline B "$marker")" \
		--initrd=/tmp/next.cpio.gz /boot/bzImage ||
		{ echo "KJUMP-PEER-DONE"; exit 0; }
	report "A: kexec-tools -e"
	$KT -e
	report "A: kexec-tools -e exited with status $?"
	echo "KJUMP-PEER-DONE"
	;;
B)
	check_marker
	report "B (after kexec-tools -l) sees: $(machine_view)"
	missing=$(machine_missing)
	report "B misses: ${missing:-nothing}"
	lockdown_level >/dev/null	# mounts securityfs
	echo integrity >/sys/kernel/security/lockdown
	report "B: lockdown now $(cat /sys/kernel/security/lockdown)"
	marker="peerB$(date +%s)$$"
	KEEP_BOOT=1 make_next_initrd /tmp/next.cpio.gz "$marker"
	set -- "--append=$(next_cmdline C "$marker") lockdown=integrity crashkernel=96M" \
		--initrd=/tmp/next.cpio.gz
	kt_load "B: locked down, kexec-tools -c -l (kexec_load) of the signed bzImage" -c -l "$@" /boot/bzImage.signed
	kt_load "B: locked down, kexec-tools -s -l of the unsigned bzImage" -s -l "$@" /boot/bzImage
	kt_load "B: locked down, kexec-tools -s -l of the signed bzImage" -s -l "$@" /boot/bzImage.signed ||
		{ echo "KJUMP-PEER-DONE"; exit 0; }
	report "B: kexec-tools -e"
	$KT -e
	report "B: kexec-tools -e exited with status $?"
	echo "KJUMP-PEER-DONE"
	;;
C)
	check_marker
	report "C (after kexec-tools -s -l under lockdown) sees: $(machine_view)"
	missing=$(machine_missing)
	report "C misses: ${missing:-nothing}"
	report "C: lockdown $(lockdown_level); $(grep 'Crash kernel' /proc/iomem | tr -s ' ')"
	marker="peerC$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kt_load "C: locked down, kexec-tools -s -p of the signed bzImage" -s -p \
		"--append=$(next_cmdline D "$marker") maxcpus=1 reset_devices" \
		--initrd=/tmp/next.cpio.gz /boot/bzImage.signed ||
		{ echo "KJUMP-PEER-DONE"; exit 0; }
	report "C: crashing"
	echo c >/proc/sysrq-trigger
	report "C: still alive after sysrq-c"
	echo "KJUMP-PEER-DONE"
	;;
D)
	check_marker
	report "D (capture kernel of C) sees: $(machine_view)"
	if head -c 65536 /proc/vmcore >/tmp/head 2>/dev/null; then
		report "D: /proc/vmcore: $(ls -l /proc/vmcore | awk '{print $5}') bytes;" \
			"VMCOREINFO $(grep -aq "OSRELEASE=$(uname -r)" /tmp/head && echo found || echo missing)"
	else
		report "D: /proc/vmcore NOT readable"
	fi
	echo "KJUMP-PEER-DONE"
	;;
esac
