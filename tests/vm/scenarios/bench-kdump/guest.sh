#!/bin/sh
# bench-kdump: A fills some memory the way a running system does (64 MiB
# of file data in tmpfs), then crashes into a capture kernel,
# which saves /proc/vmcore once per command below into its tmpfs and
# reports "KJUMP-BENCH|command|seconds|bytes" for each.
. /usr/lib/kjump/stages.sh

seconds() { cut -d' ' -f1 /proc/uptime; }

bench() {	# bench OUTFILE COMMAND...: run it, report time and size, drop the file
	out=$1
	shift
	sync
	echo 3 >/proc/sys/vm/drop_caches
	t0=$(seconds)
	"$@" >/tmp/bench.log 2>&1 || { echo "KJUMP-BENCH-ERROR|$*|$(tail -1 /tmp/bench.log)"; rm -f "$out"; return; }
	t1=$(seconds)
	echo "KJUMP-BENCH|$*|$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')|$(stat -c %s "$out")"
	rm -f "$out"
}

case $(stage) in
A)
	marker="bench$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	kexec -p --append "$(next_cmdline B "$marker") maxcpus=1 reset_devices" \
		--initrd /tmp/next.cpio.gz /boot/bzImage || fail "kexec -p exited with status $?"
	head -c $((64 << 20)) /dev/urandom >/tmp/file-data
	echo c >/proc/sysrq-trigger
	fail "still alive after sysrq-c"
	;;
B)
	check_marker
	echo "KJUMP-BENCH-VMCORE|$(stat -c %s /proc/vmcore)"
	o=/tmp/out
	bench $o kdump save --exclude zero,free /proc/vmcore $o
	for c in gzip xz zstd; do
		bench $o kdump save --exclude zero,free --compress $c /proc/vmcore $o
	done
	# -d 17 leaves out what kdump save --exclude zero,free does (zero
	# pages 1, free pages 16); -d 31 also page cache and user pages.
	# Debian builds makedumpfile without snappy (-p) and zstd (-z).
	for d in 17 31; do
		bench $o makedumpfile -E -d $d /proc/vmcore $o
		bench $o makedumpfile -d $d /proc/vmcore $o
		bench $o makedumpfile -c -d $d /proc/vmcore $o
		bench $o makedumpfile -l -d $d /proc/vmcore $o
	done
	echo "KJUMP-BENCH-DONE"
	;;
esac
