# Helpers shared by the scenarios on the UEFI machine (MACHINE=uefi: q35,
# OVMF, standard VGA).  Sourced by guest.sh after stages.sh.

# machine_view: one line with what this kernel sees of the machine: EFI
# (and its runtime map, which kexec passes on), the ACPI tables, the CPUs
# online, the framebuffer.
machine_view() {
	efi=no
	if [ -d /sys/firmware/efi ]; then
		efi="yes ($(cat /sys/firmware/efi/fw_platform_size 2>/dev/null || echo '?')-bit"
		if [ -d /sys/firmware/efi/runtime-map ]; then
			efi="$efi, runtime-map of $(ls /sys/firmware/efi/runtime-map | wc -l) entries)"
		else
			efi="$efi, no runtime-map)"
		fi
	fi
	acpi=
	for t in /sys/firmware/acpi/tables/*; do
		[ -f "$t" ] && acpi="$acpi ${t##*/}"
	done
	fb=none
	[ -r /sys/class/graphics/fb0/name ] && fb="fb0 '$(cat /sys/class/graphics/fb0/name)'"
	[ -c /dev/fb0 ] && fb="$fb, /dev/fb0"
	echo "efi: $efi; acpi tables:${acpi:- none}; cpus online: $(cat /sys/devices/system/cpu/online); framebuffer: $fb"
}

# machine_missing: what of the four (EFI, ACPI with its MADT, all
# KJUMP_SMP CPUs online, the EFI framebuffer) this kernel does not see,
# as "; "-separated text; empty when it sees all of them.
machine_missing() {
	m=
	[ -d /sys/firmware/efi ] || m="$m; no /sys/firmware/efi"
	[ -e /sys/firmware/acpi/tables/APIC ] || m="$m; no ACPI MADT in /sys/firmware/acpi/tables"
	want="0-$((KJUMP_SMP - 1))"; [ "$KJUMP_SMP" = 1 ] && want=0
	online=$(cat /sys/devices/system/cpu/online)
	[ "$online" = "$want" ] || m="$m; cpus online $online, not $want"
	name=$(cat /sys/class/graphics/fb0/name 2>/dev/null)
	[ "$name" = "EFI VGA" ] || m="$m; framebuffer fb0 is '${name:-absent}', not 'EFI VGA'"
	echo "${m#; }"
}

# see_machine WHO: print what kernel WHO sees; fail unless it is all there.
see_machine() {
	step "$1 sees: $(machine_view)"
	missing=$(machine_missing)
	[ -z "$missing" ] || fail "$1: $missing"
}

# lockdown_level: the lockdown LSM's current level (none, integrity or
# confidentiality), from securityfs.
lockdown_level() {
	[ -e /sys/kernel/security/lockdown ] ||
		mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
	sed -n 's/.*\[\([a-z]*\)\].*/\1/p' /sys/kernel/security/lockdown 2>/dev/null
}

# need_lockdown LEVEL: fail unless the kernel is locked down at LEVEL.
need_lockdown() {
	got=$(lockdown_level)
	[ "$got" = "$1" ] || fail "lockdown is '${got:-unavailable}' ($(cat /sys/kernel/security/lockdown 2>/dev/null)), not [$1]"
	step "lockdown: $(cat /sys/kernel/security/lockdown)"
}

# refused_in_one_line WHAT RC ERRFILE PATTERN: a load that lockdown must
# refuse: exit status 1, exactly one line on stderr matching PATTERN
# (grep -Ei), and nothing loaded.
refused_in_one_line() {
	what=$1 rc=$2 errfile=$3 pattern=$4
	msg=$(cat "$errfile")
	step "$what: exit status $rc, stderr: $msg"
	[ "$rc" = 1 ] || fail "$what: exit status $rc, not 1"
	lines=$(grep -c '' "$errfile")
	[ "$lines" = 1 ] || fail "$what: $lines lines on stderr, not one"
	grep -Eiq "$pattern" "$errfile" || fail "$what: the message does not match /$pattern/: $msg"
	[ "$(cat /sys/kernel/kexec_loaded)" = 0 ] || fail "$what: /sys/kernel/kexec_loaded is not 0"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 0 ] || fail "$what: /sys/kernel/kexec_crash_loaded is not 0"
}

# uefi_kexec_flow [KEXEC OPTION...]: the uefi-kexec scenarios.  A must see
# the whole machine (else the machine is wrong), loads itself as B with
# kexec -l OPTIONS --debug and starts it; B must see the same.
uefi_kexec_flow() {
	case $(stage) in
	A)
		see_machine A
		marker="uefi$(date +%s)$$"
		make_next_initrd /tmp/next.cpio.gz "$marker"
		kexec -l "$@" --debug --append "$(next_cmdline B "$marker")" \
			--initrd /tmp/next.cpio.gz /boot/bzImage 2>/tmp/load.err ||
			fail "kexec -l${*:+ $*} exited with status $?: $(grep -v '^  ' /tmp/load.err | tail -n 1)"
		step "A: kexec -l${*:+ $*} used $(sed -n 's/^syscall: *//p' /tmp/load.err)"
		[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "A: kexec_loaded is not 1 after kexec -l"
		kexec -e
		fail "A: kexec -e exited with status $?"
		;;
	B)
		check_marker
		see_machine B
		echo "KJUMP-PASS"
		;;
	esac
}
