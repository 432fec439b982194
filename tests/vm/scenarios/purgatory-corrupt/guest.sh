#!/bin/sh
# purgatory-corrupt: a segment changed after its digest was recorded must
# make the purgatory refuse to start the image.  The test-only loader
# kexec-corrupt (tests/vm/tools/kexec-corrupt.c) loads as kexec -l would
# and flips one byte of the named segment after the plan (and its SHA-256
# digests) is final; kexec itself cannot be made to do that.  The purgatory reports on
# the serial console, because the new command line asks for ttyS0, and
# halts; the runner fails the test if stage B ever starts.
. /usr/lib/kjump/stages.sh

case $(stage) in
A)
	marker="bad$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec-corrupt kernel -l --append "$(next_cmdline B "$marker")" \
		--initrd /tmp/next.cpio.gz /boot/bzImage || fail "kexec-corrupt exited with status $?"
	step "loaded with a corrupted kernel segment; kexec -e"
	kexec -e
	fail "kexec -e returned (status $?)"
	;;
*)
	fail "stage $(stage) started from a corrupted image"
	;;
esac
