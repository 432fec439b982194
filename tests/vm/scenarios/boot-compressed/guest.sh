#!/bin/sh
# boot-compressed: A starts B from a gzip'd bzImage, B starts C from an
# xz'd vmlinux; A also checks a zstd'd vmlinux is read.  Each stage
# checks the command line and initrd marker it was given.
. /usr/lib/kjump/stages.sh

hop() {		# hop IMAGE NEXT_STAGE KEEP_BOOT: load and start the next stage
	marker="$2$(date +%s)$$"
	KEEP_BOOT=$3 make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -l --append "$(next_cmdline "$2" "$marker")" --initrd /tmp/next.cpio.gz "$1" ||
		fail "kexec -l $1 exited with status $?"
	step "loaded $1; kexec -e into stage $2"
	kexec -e
	fail "kexec -e returned (status $?)"
}

case $(stage) in
A)
	for f in /boot/vmlinux.xz /boot/vmlinux.zst; do
		kexec --dry-run --json -l "$f" | grep -q '"type":"elf-' || fail "$f not read as ELF"
	done
	rm /boot/vmlinux.zst
	hop /boot/bzImage.gz B 1
	;;
B)
	check_marker
	hop /boot/vmlinux.xz C 0
	;;
C)
	check_marker
	echo "KJUMP-PASS"
	;;
esac
