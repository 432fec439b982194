# Guest helpers shared by the scenarios that jump to tests/phys, a
# physical-mode program loaded as a preserve-context image (jump-phys,
# jump-phys-unpatched, many-segments).  Sourced by guest.sh after it
# defines fail and step.

# phys_jumps PROG N: kexec -e N times; each call must come back to A with
# status 0, say with --debug which image came back (kexec -l's load
# record), and leave the image loaded.
phys_jumps() {
	i=1
	while [ "$i" -le "$2" ]; do
		step "jump $i: kexec -e"
		kexec --debug -e 2>/tmp/exec.err
		rc=$?
		[ "$rc" -eq 0 ] || fail "kexec -e #$i exited with status $rc: $(cat /tmp/exec.err)"
		grep -q "^kexec: back from physical-mode program $1 (entered at 0x2000000) after" \
			/tmp/exec.err || fail "kexec -e --debug does not say where it came back from: $(cat /tmp/exec.err)"
		step "jump $i: back in A; $(grep '^kexec: back from' /tmp/exec.err)"
		[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] ||
			fail "the image is no longer loaded after jump $i"
		i=$((i + 1))
	done
}

# phys_done: every CPU is back online (the non-boot ones went down for
# each jump), kexec -u unloads the image and its load record, pass.
phys_done() {
	online=$(cat /sys/devices/system/cpu/online)
	want="0-$((KJUMP_SMP - 1))"; [ "$KJUMP_SMP" = 1 ] && want=0
	[ "$online" = "$want" ] || fail "cpus online after the jumps: $online, expected $want"
	kexec -u || fail "kexec -u exited with status $?"
	[ "$(cat /sys/kernel/kexec_loaded)" = 0 ] || fail "kexec_loaded is not 0 after kexec -u"
	[ ! -e /run/kjump/kexec-image ] || fail "kexec -u left the load record behind"
	echo "KJUMP-PASS"
}
