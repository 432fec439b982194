# Helpers shared by the scenarios that kexec from one kernel into the
# next.  Sourced by guest.sh; every kernel in the chain runs the same
# /init and guest.sh, and tells which stage it is from its command line
# (kjump_stage=A by default, set by the kexec that started it).

fail() { echo "KJUMP-FAIL: $*"; exit 1; }
step() { echo "KJUMP-STEP: $*"; }

# The value of kernel parameter $1 on /proc/cmdline (empty if absent).
param() {
	for p in $(cat /proc/cmdline); do
		case "$p" in "$1="*) echo "${p#*=}"; return ;; esac
	done
}

stage() { s=$(param kjump_stage); echo "${s:-A}"; }

# make_next_initrd OUT MARKER: pack this guest's own root file system
# (without the kernel images under /boot, which the next stage only needs
# when it kexecs again: KEEP_BOOT=1) as the next kernel's initramfs, with
# MARKER in /marker.
make_next_initrd() {
	out=$1 marker=$2
	echo "$marker" >/marker
	(
		cd / || exit 1
		# -xdev keeps the mount points (proc, sys, dev, tmp) but not
		# their contents; the kernel needs /dev/console before /init.
		{ find . -xdev -print; echo ./dev/console; } |
			if [ "${KEEP_BOOT:-0}" = 1 ]; then cat; else grep -v '^\./boot/'; fi |
			cpio -o -H newc 2>/dev/null
	) | gzip -1 >"$out" || fail "packing the next initramfs failed"
	rm -f /marker
}

# The next kernel's command line: serial console, stage and marker.
next_cmdline() {
	echo "console=ttyS0 panic=-1 kjump_stage=$1 kjump_marker=$2"
}

# check_marker: in a later stage, the initramfs must hold the marker the
# command line names (proves both the command line and the initrd arrived).
check_marker() {
	want=$(param kjump_marker)
	[ -n "$want" ] || fail "no kjump_marker= on the command line: $(cat /proc/cmdline)"
	[ -f /marker ] || fail "the initrd has no /marker: wrong or missing initrd"
	got=$(cat /marker)
	[ "$got" = "$want" ] || fail "marker mismatch: initrd has '$got', command line '$want'"
	step "stage $(stage): command line and initrd marker '$want' arrived"
}

# hibernation_config: /etc/kjump.conf for the hibernation scenarios,
# exported as KJUMP_CONFIG: the image on /dev/vda, the boot record on
# /dev/vdb, kernel B the running kernel with /tmp/b.cpio.gz.
hibernation_config() {
	cat >/etc/kjump.conf <<CONF
KJUMP_IMAGE=/dev/vda
KJUMP_B_KERNEL=/boot/bzImage
KJUMP_B_INITRD=/tmp/b.cpio.gz
KJUMP_B_APPEND="console=ttyS0 panic=-1"
KJUMP_BOOT_ID_FILE=/dev/vdb
CONF
	export KJUMP_CONFIG=/etc/kjump.conf
}

# counter: count up in /tmp/counter five times a second (run it with &);
# a process whose state must survive hibernation.
counter() {
	n=0
	while :; do n=$((n + 1)); echo $n >/tmp/counter.new; mv /tmp/counter.new /tmp/counter; sleep 0.2; done
}
