#!/bin/sh
# Guest side of the multiboot scenarios: sourced by their guest.sh.
#
# mb_guest TYPE: print the memory map kexec plans with (the firmware
# map, as "guest-memmap: START END TYPE" lines, for check_console), plan
# tests/multiboot's kernel without -t and check it is probed as TYPE,
# then load it with -t TYPE, two modules and a command line, and start
# it.  The kernel reports on COM1 what it received ("mbtest: ..." lines)
# and powers the machine off; kexec -e never returns.

fail() { echo "KJUMP-FAIL: $*"; exit 1; }
step() { echo "KJUMP-STEP: $*"; }

mb_guest() {
	type=$1
	prog=/mb/prog
	append="console=ttyS0 mbtest=$KJUMP_SCENARIO"
	[ -f "$prog" ] || fail "no test kernel at $prog"
	for entry in /sys/firmware/memmap/*; do
		echo "guest-memmap: $(cat "$entry/start") $(cat "$entry/end") $(cat "$entry/type")"
	done
	kexec --dry-run --json -l "$prog" --module "/mb/mod1 arg1 arg2=x" --module /mb/mod2 \
		--append "$append" >/tmp/plan.json || fail "kexec --dry-run failed"
	grep -q "\"type\":\"$type\"" /tmp/plan.json || fail "not probed as $type: $(cat /tmp/plan.json)"
	kexec -l -t "$type" "$prog" --module "/mb/mod1 arg1 arg2=x" --module /mb/mod2 \
		--append "$append" || fail "kexec -l exited with status $?"
	step "loaded as $type; kexec -e"
	kexec -e
	fail "kexec -e returned (status $?)"
}
