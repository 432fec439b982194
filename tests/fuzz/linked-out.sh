#!/bin/bash
# The fuzz targets must not be able to reach kexec_load, kexec_file_load
# or reboot: the syscall layer (kexec/system/syscall.c) must not even be linked
# into them.  Checked on every replay-* and fuzz-* program of the build.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

# Functions only kexec/system/syscall.c defines.
syscall_layer='kexec_submit|kexec_unload|kexec_reboot|kexec_threads_can_wait'

defines() {	# defines BINARY: the syscall-layer functions BINARY defines
	nm "$1" 2>&1 | grep -E "( [A-Za-z] ($syscall_layer)\$|^nm: )"
}

imports() {	# imports BINARY: libc's ways to those syscalls in BINARY (static or not)
	nm "$1" 2>&1 | grep -E "( [UTW] (reboot|syscall)(@.*)?\$|^nm: )"
}

# The check itself must see them where they are (not just nm's errors,
# which count as found below).
found=$(defines "$KEXEC" | grep -v '^nm: ')
tap_result "$([ -n "$found" ] && echo 0 || echo 1)" "nm finds the syscall layer in kexec"
found=$(imports "$KEXEC" | grep -v '^nm: ')
tap_result "$([ -n "$found" ] && echo 0 || echo 1)" "nm finds syscall() in kexec"

# Every target with regression inputs has its replay program.
for dir in "$KJUMP_SRCDIR"/tests/fuzz/regress/*/; do
	target=$(basename "$dir")
	check "replay-$target is built" test -x "$KJUMP_BUILDDIR/tests/fuzz/replay-$target"
done

programs=0
for bin in "$KJUMP_BUILDDIR"/tests/fuzz/replay-* "$KJUMP_BUILDDIR"/tests/fuzz/fuzz-*; do
	if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then continue; fi
	programs=$((programs + 1))
	# nm must see the harness's own entry point, or an empty symbol
	# list would pass below.
	found=$(nm "$bin" 2>&1 | grep -E ' T LLVMFuzzerTestOneInput$')
	tap_result "$([ -n "$found" ] && echo 0 || echo 1)" \
		"nm finds LLVMFuzzerTestOneInput in $(basename "$bin")" "$(nm "$bin" 2>&1 | head -n 5)"
	found=$(defines "$bin"; imports "$bin")
	tap_result "$([ -z "$found" ] && echo 0 || echo 1)" \
		"$(basename "$bin") links neither kexec/system/syscall.c nor reboot() or syscall()" "$found"
done
tap_result "$([ "$programs" -gt 0 ] && echo 0 || echo 1)" "fuzz programs checked: $programs" \
	"none in $KJUMP_BUILDDIR/tests/fuzz"
done_testing
