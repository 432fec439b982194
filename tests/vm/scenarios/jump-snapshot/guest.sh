#!/bin/sh
# jump-snapshot: A logs a marker and jumps to kernel B; B saves A's
# memory (/proc/vmcore) onto the virtio disk with kdump save and jumps
# back; A goes on.  host-check then finds a valid ELF core on the disk
# that holds A's log with the marker.
. /usr/lib/kjump/stages.sh

case $(stage) in
A)
	marker="snap$(date +%s)$$"
	echo "KJUMP-A-LOG-MARKER $marker" >/dev/kmsg
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -l --load-preserve-context --append "$(next_cmdline B "$marker")" \
		--initrd /tmp/next.cpio.gz /boot/bzImage || fail "kexec -l exited with status $?"
	step "A: kexec -e into B"
	kexec -e || fail "A: kexec -e exited with status $?"
	step "A: back from B"
	echo "KJUMP-PASS $marker"
	;;
B)
	check_marker
	[ -b /dev/vda ] || fail "B: no /dev/vda"
	# Zero pages only: A's page structures may lie in B's range, where
	# B cannot read them, so free pages cannot be told apart here.
	kdump save --exclude zero /proc/vmcore /dev/vda || fail "B: kdump save exited with status $?"
	step "B: A's memory saved to /dev/vda; back to A"
	kexec --load-jump-back-helper || fail "B: --load-jump-back-helper exited with status $?"
	kexec -e || fail "B: kexec -e exited with status $?"
	fail "B: resumed, which nobody asked for"
	;;
esac
