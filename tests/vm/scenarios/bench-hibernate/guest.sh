#!/bin/sh
# bench-hibernate: one A, hibernated by kjump and then by the kernel.
#   boot 1  A starts its workload (64 MiB of random file data in tmpfs, a
#           counter) and runs kjump-hibernate; B saves A to /dev/vda and
#           powers off.
#   boot 2  kjump-resume brings A back.  A checks itself, turns /dev/vda
#           (the used image) into swap and hibernates with
#           echo disk >/sys/power/state; the kernel powers off.
#   boot 3  writing /dev/vda's device number to /sys/power/resume makes
#           the kernel restore A, which checks itself again.
# "KJUMP-BENCH <event>" lines mark the moments tests/bench/hibernate
# measures between (host time stamps: CONSOLE_TIMESTAMPS).
. /usr/lib/kjump/stages.sh

hibernation_config

# check_a WHO: A's file is intact and its counter is still counting.
check_a() {
	[ "$(sha256sum </tmp/a-file)" = "$sum" ] || fail "A after $1: the tmpfs file changed"
	c0=$(cat /tmp/counter)
	sleep 1
	c1=$(cat /tmp/counter)
	[ "$c1" -gt "$c0" ] || fail "A after $1: the counter stopped at $c0"
	step "A is back after $1: file intact, counter $c0 -> $c1, uptime $(cut -d' ' -f1 /proc/uptime)s"
}

if [ "$(param kjump_hibernate)" = save ]; then
	echo "KJUMP-BENCH B saving"
	kjump-hibernate --save
	fail "B: kjump-hibernate --save came back"
fi

case $(param kjump_boot) in
1)
	head -c $((64 << 20)) /dev/urandom >/tmp/a-file
	sum=$(sha256sum </tmp/a-file)
	counter &
	KEEP_BOOT=1 make_next_initrd /tmp/b.cpio.gz "bench$$"
	sync
	echo "KJUMP-BENCH kjump-hibernate start"
	kjump-hibernate || fail "A: kjump-hibernate exited with status $?"
	echo "KJUMP-BENCH kjump A running"
	check_a "kjump"
	echo "KJUMP-BENCH kjump-image-bytes $(kdump info /dev/vda | sed -n 's/^Resume record: .*, \([0-9]*\) bytes$/\1/p')"
	mkswap /dev/vda >/dev/null || fail "mkswap failed"
	swapon /dev/vda || fail "swapon failed"
	# Power off once the image is written (the default, platform, would
	# go through ACPI S4).
	echo shutdown >/sys/power/disk
	sync
	echo "KJUMP-BENCH kernel-hibernate start"
	echo disk >/sys/power/state || fail "echo disk >/sys/power/state failed"
	echo "KJUMP-BENCH kernel A running"
	check_a "the kernel's hibernation"
	swapoff /dev/vda
	echo "KJUMP-BENCH-DONE"
	;;
2)
	# Where kexec --resume spends its time: the same checks and plan
	# without the load (not part of the resume-to-running interval).
	echo "KJUMP-BENCH kjump-check start"
	kexec --resume --dry-run /dev/vda >/tmp/plan || fail "kexec --resume --dry-run failed"
	echo "KJUMP-BENCH kjump-check done $(grep -c '^  image' /tmp/plan) segments"
	# The resume proper reads the image from the disk again.
	sync
	echo 3 >/proc/sys/vm/drop_caches
	echo "KJUMP-BENCH kjump-resume start"
	kjump-resume
	fail "boot 2: kjump-resume returned instead of resuming A"
	;;
3)
	echo "KJUMP-BENCH kernel-resume start"
	cat /sys/block/vda/dev >/sys/power/resume
	fail "boot 3: the kernel did not resume from /dev/vda"
	;;
*) fail "no kjump_boot= on the command line" ;;
esac
