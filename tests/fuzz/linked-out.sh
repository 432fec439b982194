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

# The check itself must see them where they are.
found=$(defines "$KEXEC")
tap_result "$([ -n "$found" ] && echo 0 || echo 1)" "nm finds the syscall layer in kexec"
found=$(imports "$KEXEC")
tap_result "$([ -n "$found" ] && echo 0 || echo 1)" "nm finds syscall() in kexec"

for bin in "$KJUMP_BUILDDIR"/tests/fuzz/replay-* "$KJUMP_BUILDDIR"/tests/fuzz/fuzz-*; do
	if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then continue; fi
	found=$(defines "$bin"; imports "$bin")
	tap_result "$([ -z "$found" ] && echo 0 || echo 1)" \
		"$(basename "$bin") links neither kexec/system/syscall.c nor reboot() or syscall()" "$found"
done
done_testing
