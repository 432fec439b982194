# shellcheck shell=bash
# Host side of the multiboot scenarios: sourced by their scenario.conf.

multiboot_common=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The kernel prints "mbtest: done" last, then powers QEMU off through
# isa-debug-exit.
PASS_MARKER="mbtest: done"
FAIL_MARKERS=(KJUMP-FAIL "Kernel panic" "BUG:" "Oops" "mbtest: ERROR")
QEMU_ARGS=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)

# mb_pre_build WORKDIR KERNEL: tests/multiboot's KERNEL (mb1, mb2) as
# /mb/prog, and the two modules check-console knows the contents of.
mb_pre_build() {
	local out=$1/mb
	"$multiboot_common/../../../multiboot/build" "$out" >/dev/null || return 1
	python3 "$multiboot_common/multiboot-check.py" --write-modules "$out" || return 1
	FILES+=("$out/$2:/mb/prog" "$out/mod1:/mb/mod1" "$out/mod2:/mb/mod2"
		../common/multiboot-guest.sh:/usr/lib/kjump/multiboot-guest.sh)
}

# mb_check_console LOG MAGIC: what the kernel printed is what kexec was
# asked to pass (multiboot-check.py says what differs).
mb_check_console() {
	python3 "$multiboot_common/multiboot-check.py" "$1" "$2"
}
