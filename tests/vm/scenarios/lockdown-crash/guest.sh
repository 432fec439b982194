#!/bin/sh
# lockdown-crash: crash-capture under lockdown=integrity.  A plain kexec -p
# of the signed bzImage must load the capture kernel into the crashkernel=
# reservation; after sysrq-c the capture kernel must boot and find A's
# memory as /proc/vmcore, an ELF core with A's VMCOREINFO.
. /usr/lib/kjump/stages.sh
. /usr/lib/kjump/uefi.sh

case $(stage) in
A)
	need_lockdown integrity
	grep -q 'Crash kernel' /proc/iomem || fail "no crash kernel reservation in /proc/iomem"
	marker="lcrash$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -p --debug --append "$(next_cmdline B "$marker") maxcpus=1 reset_devices" \
		--initrd /tmp/next.cpio.gz /boot/bzImage.signed 2>/tmp/load.err ||
		fail "kexec -p of the signed bzImage exited with status $?: $(grep -v '^  ' /tmp/load.err | tail -n 1)"
	step "A: kexec -p used $(sed -n 's/^syscall: *//p' /tmp/load.err)"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "kexec_crash_loaded is not 1"
	step "capture kernel loaded; crashing"
	echo c >/proc/sysrq-trigger
	fail "still alive after sysrq-c"
	;;
B)
	check_marker
	step "capture kernel sees: $(machine_view)"
	[ -e /proc/vmcore ] || fail "no /proc/vmcore in the capture kernel"
	head -c 65536 /proc/vmcore >/tmp/head || fail "cannot read /proc/vmcore"
	[ "$(head -c 4 /tmp/head | od -An -c | tr -d ' ')" = '177ELF' ] || fail "/proc/vmcore is not ELF"
	grep -aq "OSRELEASE=$(uname -r)" /tmp/head || fail "no VMCOREINFO with OSRELEASE=$(uname -r) in /proc/vmcore"
	size=$(ls -l /proc/vmcore | awk '{print $5}')
	step "/proc/vmcore is $size bytes with A's VMCOREINFO"
	[ "$size" -gt $((256 << 20)) ] || fail "/proc/vmcore is only $size bytes: A's RAM is missing"
	echo "KJUMP-PASS"
	;;
esac
