#!/bin/sh
# kdump-capture: A boots with crashkernel=, loads a capture kernel with
# kexec -p, writes a marker to its log and crashes.  The capture kernel
# saves /proc/vmcore with kdump save --exclude zero,free straight onto
# the virtio disk and powers off; host-check then reads the disk with
# readelf, Debian's vmcore-dmesg and makedumpfile, and kdump itself.
. /usr/lib/kjump/stages.sh

case $(stage) in
A)
	marker="kdump$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -p --append "$(next_cmdline B "$marker") maxcpus=1 reset_devices" \
		--initrd /tmp/next.cpio.gz /boot/bzImage || fail "kexec -p exited with status $?"
	echo "KJUMP-A-LOG-MARKER $marker" >/dev/kmsg
	step "capture kernel loaded; crashing"
	echo c >/proc/sysrq-trigger
	fail "still alive after sysrq-c"
	;;
B)
	check_marker
	[ -b /dev/vda ] || fail "no /dev/vda in the capture kernel"
	kdump save --exclude zero,free /proc/vmcore /dev/vda || fail "kdump save exited with status $?"
	kdump dmesg /proc/vmcore | grep -q "KJUMP-A-LOG-MARKER $(param kjump_marker)" ||
		fail "kdump dmesg /proc/vmcore lacks A's marker"
	step "vmcore saved to /dev/vda"
	echo "KJUMP-PASS $(param kjump_marker)"
	;;
esac
