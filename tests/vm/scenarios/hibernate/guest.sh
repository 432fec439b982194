#!/bin/sh
# hibernate: boot 1 (A) keeps a file in tmpfs and a counter running and
# runs kjump-hibernate; kernel B saves A to /dev/vda and powers off.
# Boot 2 runs kjump-resume, which jumps back into A: A's kjump-hibernate
# returns, and A checks the file, the counter and its uptime, then powers
# off.  Boot 3 runs kjump-resume again, which must refuse the used image
# and let the boot go on.  /dev/vdb keeps the last boot's id
# (KJUMP_BOOT_ID_FILE).  Other scenarios source this file with VARIANT:
#   corrupt  boot 2 flips a byte of the image first: refused, discarded
#   stale    boot 2 cannot find the image and boots on; boot 3 finds it
#            again and must refuse it as stale
. /usr/lib/kjump/stages.sh
VARIANT=${VARIANT:-resume}

hibernation_config
this_boot=$(cat /proc/sys/kernel/random/boot_id)

# The boot recorded on /dev/vdb must be this one (kjump-resume booted on).
check_recorded() {
	rec=$(head -n 1 /dev/vdb)
	[ "$rec" = "$this_boot" ] || fail "$1: /dev/vdb records boot '$rec', not this boot $this_boot"
}

# kjump-resume must refuse (REASON in its message) and discard the image.
expect_refusal() {	# expect_refusal BOOT REASON
	out=$(kjump-resume 2>&1)
	echo "$out"
	echo "$out" | grep -qF "not resuming: $2" ||
		fail "$1: kjump-resume did not refuse the image ($2): $out"
	check_recorded "$1"
	out=$(kjump-resume 2>&1)
	echo "$out" | grep -q "not resuming: /dev/vda was resumed once already" ||
		fail "$1: the refused image was not discarded: $out"
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
	case $VARIANT in
	corrupt)
		# A byte in the middle of the image's data, flipped and read
		# back: writing a fixed 0xff changes nothing where the byte
		# already is 0xff, and one run resumed such an image.
		at=$((3 << 20))
		old=$(dd if=/dev/vda bs=1 skip=$at count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
		[ -n "$old" ] || fail "boot 2: cannot read the image's byte at $at"
		printf "\\$(printf %03o $((old ^ 0xff)))" |
			dd of=/dev/vda bs=1 seek=$at conv=notrunc 2>/dev/null
		new=$(dd if=/dev/vda bs=1 skip=$at count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
		[ "$new" = $((old ^ 0xff)) ] || fail "boot 2: the byte at $at is $new, not $((old ^ 0xff))"
		expect_refusal "boot 2" "/dev/vda is corrupted"
		step "boot 2: corrupted image refused and discarded, booting on"
		echo "KJUMP-PASS"
		exit 0
		;;
	stale)
		# The image device is missing at this boot, which goes on.
		echo "KJUMP_IMAGE=/dev/vdz" >>/etc/kjump.conf
		out=$(kjump-resume 2>&1)
		echo "$out"
		echo "$out" | grep -q "no image at /dev/vdz: booting normally" ||
			fail "boot 2: kjump-resume did not boot on without its image: $out"
		check_recorded "boot 2"
		step "boot 2: no image found, booting on (boot $this_boot recorded)"
		echo "KJUMP-BOOT-DONE"
		exit 0
		;;
	esac
	step "boot 2: kjump-resume"
	kjump-resume
	fail "boot 2: kjump-resume returned instead of resuming A"
	;;
3)
	if [ "$VARIANT" = stale ]; then
		expect_refusal "boot 3" "/dev/vda is stale: it was saved by boot "
		step "boot 3: image older than boot 2 refused and discarded, booting on"
		echo "KJUMP-PASS"
		exit 0
	fi
	out=$(kjump-resume 2>&1)
	echo "$out"
	echo "$out" | grep -q "not resuming: /dev/vda was resumed once already" ||
		fail "boot 3: kjump-resume did not refuse the used image: $out"
	check_recorded "boot 3"
	info=$(kdump info /dev/vda 2>&1)
	echo "$info" | grep -q "^Resume record: used (resumed once already), .*, kernel $(uname -r), " ||
		fail "boot 3: kdump info does not show the used image on /dev/vda: $info"
	step "boot 3: used image refused, booting on"
	echo "KJUMP-PASS"
	;;
*) fail "no kjump_boot= on the command line" ;;
esac
