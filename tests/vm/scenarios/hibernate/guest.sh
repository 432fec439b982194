#!/bin/sh
# hibernate: boot 1 (A) keeps a file in tmpfs and a counter running and
# runs kjump-hibernate; kernel B saves A to /dev/vda and powers off.
# Boot 2 runs kjump-resume, which jumps back into A: A's kjump-hibernate
# returns, and A checks the file, the counter and its uptime, then powers
# off.  Boot 3 runs kjump-resume again, which must refuse the used image
# and let the boot go on.  hibernate-corrupt sources this file with
# CORRUPT=1: boot 2 flips a byte of the image first and must boot on.
. /usr/lib/kjump/stages.sh
CORRUPT=${CORRUPT:-0}

cat >/etc/kjump.conf <<CONF
KJUMP_IMAGE=/dev/vda
KJUMP_B_KERNEL=/boot/bzImage
KJUMP_B_INITRD=/tmp/b.cpio.gz
KJUMP_B_APPEND="console=ttyS0 panic=-1"
CONF
export KJUMP_CONFIG=/etc/kjump.conf

counter() {
	n=0
	while :; do n=$((n + 1)); echo $n >/tmp/counter.new; mv /tmp/counter.new /tmp/counter; sleep 0.2; done
}

if [ "$(param kjump_hibernate)" = save ]; then
	step "B: saving A"
	kjump-hibernate --save
	fail "B: kjump-hibernate --save came back"
fi

case $(param kjump_boot) in
1)
	head -c 4000000 /dev/urandom >/tmp/a-file
	sum=$(sha256sum </tmp/a-file)
	counter &
	sleep 1
	up0=$(cut -d. -f1 /proc/uptime)
	KEEP_BOOT=1 make_next_initrd /tmp/b.cpio.gz "hibernate$$"
	before=$(cat /tmp/counter)
	step "A: hibernating with counter $before, uptime ${up0}s"
	kjump-hibernate || fail "A: kjump-hibernate exited with status $?"
	[ "$(sha256sum </tmp/a-file)" = "$sum" ] || fail "A: the tmpfs file changed"
	sleep 1
	after=$(cat /tmp/counter) up1=$(cut -d. -f1 /proc/uptime)
	[ "$after" -gt "$before" ] || fail "A: the counter stopped at $before ($after)"
	[ "$up1" -ge "$up0" ] || fail "A: uptime went from ${up0}s to ${up1}s: A was rebooted"
	step "A: resumed: file intact, counter $before -> $after, uptime ${up0}s -> ${up1}s"
	echo "KJUMP-RESUMED"
	;;
2)
	if [ "$CORRUPT" = 1 ]; then
		# A byte in the middle of the image's data.
		printf '\377' | dd of=/dev/vda bs=1 seek=$((3 << 20)) conv=notrunc 2>/dev/null
		out=$(kjump-resume 2>&1)
		echo "$out"
		echo "$out" | grep -q "not resuming: /dev/vda is corrupted" ||
			fail "boot 2: kjump-resume did not refuse the corrupted image: $out"
		step "boot 2: corrupted image refused, booting on"
		echo "KJUMP-PASS"
		exit 0
	fi
	step "boot 2: kjump-resume"
	kjump-resume
	fail "boot 2: kjump-resume returned instead of resuming A"
	;;
3)
	out=$(kjump-resume 2>&1)
	echo "$out"
	echo "$out" | grep -q "not resuming: /dev/vda was resumed once already" ||
		fail "boot 3: kjump-resume did not refuse the used image: $out"
	step "boot 3: used image refused, booting on"
	echo "KJUMP-PASS"
	;;
*) fail "no kjump_boot= on the command line" ;;
esac
