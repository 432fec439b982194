#!/bin/sh
# crash-capture: A reserves crash memory (crashkernel= on its command
# line), loads a capture kernel with kexec -p and crashes on purpose.
# The capture kernel must boot inside the reservation and see A's memory
# as /proc/vmcore: an ELF core whose notes carry A's VMCOREINFO.
. /usr/lib/kjump/stages.sh

case $(stage) in
A)
	grep -q 'Crash kernel' /proc/iomem || fail "no crash kernel reservation in /proc/iomem"
	marker="crash$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -p --append "$(next_cmdline B "$marker") maxcpus=1 reset_devices" \
		--initrd /tmp/next.cpio.gz /boot/bzImage || fail "kexec -p exited with status $?"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "kexec_crash_loaded is not 1"
	# kexec-tools' -S: exit 1 when the crash kernel is loaded.
	kexec -S && fail "kexec -S says no crash kernel is loaded"
	kexec -S -l || fail "kexec -S -l says a kexec image is loaded"
	echo "marker-in-A-memory: $marker" >/dev/kmsg
	step "capture kernel loaded; crashing"
	echo c >/proc/sysrq-trigger
	fail "still alive after sysrq-c"
	;;
B)
	check_marker
	grep -q 'elfcorehdr=' /proc/cmdline || fail "no elfcorehdr= on the capture kernel's command line"
	[ -e /proc/vmcore ] || fail "no /proc/vmcore in the capture kernel"
	# The ELF header and notes come first; 64 KiB holds them.
	head -c 65536 /proc/vmcore >/tmp/head || fail "cannot read /proc/vmcore"
	[ "$(head -c 4 /tmp/head | od -An -c | tr -d ' ')" = '177ELF' ] || fail "/proc/vmcore is not ELF"
	grep -aq "OSRELEASE=$(uname -r)" /tmp/head || fail "no VMCOREINFO with OSRELEASE=$(uname -r) in /proc/vmcore"
	size=$(ls -l /proc/vmcore | awk '{print $5}')
	step "/proc/vmcore is $size bytes with A's VMCOREINFO"
	[ "$size" -gt $((256 << 20)) ] || fail "/proc/vmcore is only $size bytes: A's RAM is missing"
	echo "KJUMP-PASS"
	;;
esac
