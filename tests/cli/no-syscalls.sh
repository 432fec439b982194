#!/bin/bash
# --dry-run never reaches the kernel's kexec interface, and the
# KJUMP_FORBID_SYSCALLS guard stops a real load before the syscall.
#
# Every command here runs under strace with the three system calls
# injected to fail: strace then never lets them execute, so even a
# broken guard could not load or start anything on this host.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-512m.iomem"
head -c 5000 /dev/urandom >"$WORK/prog.bin"
TRACED="kexec_load,kexec_file_load,reboot"
# uname is traced too, as a positive control: it proves strace saw the process.

# LeakSanitizer cannot run under ptrace: in a sanitizer build, leaks are
# the other tests' business.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# traced ARGS...: run kexec under strace; the trace goes to $WORK/trace.
traced() {
	strace -f -qq -o "$WORK/trace" -e trace="$TRACED,uname" -e inject="$TRACED":error=EPERM \
		"$KEXEC" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
}

no_kexec_calls() {
	! grep -E '(kexec_load|kexec_file_load|reboot)\(' "$WORK/trace"
}

if ! command -v strace >/dev/null; then
	tap_result 1 "strace is installed" "install strace (tests/run-all does)"
	done_testing
	exit 0
fi

traced --dry-run -l -t raw --mem-min 0x2000000 --memory-map "$MAP" "$WORK/prog.bin"
check "dry-run load: exit 0" test "$RC" -eq 0
check "strace really traced kexec (uname seen)" grep -q 'uname(' "$WORK/trace"
check "dry-run load: no kexec syscall" no_kexec_calls
traced --dry-run --json -p -t raw --memory-map "$MAP" "$WORK/prog.bin"
check "dry-run crash load: no kexec syscall" bash -c "test $RC -eq 0 && ! grep -E 'kexec_load|kexec_file_load|reboot\\(' '$WORK/trace'"
traced --dry-run --load-preserve-context -l -t raw --memory-map "$MAP" "$WORK/prog.bin"
check "dry-run preserve-context load: no kexec syscall" no_kexec_calls
traced --dry-run --load-jump-back-helper --entry 0x1000
check "dry-run jump-back helper: no kexec syscall" no_kexec_calls
traced --dry-run -u
check "dry-run unload: no kexec syscall" no_kexec_calls
traced --dry-run -e
check "dry-run exec: no kexec syscall" no_kexec_calls
traced --dry-run -t raw --memory-map "$MAP" "$WORK/prog.bin"
check "dry-run load-and-reboot: no kexec syscall, no shutdown" \
	bash -c "grep -q 'would run shutdown -r now' <<<\"\$0\"" "$OUT"
check "dry-run load-and-reboot: no kexec syscall" no_kexec_calls

# The guard: a real load with KJUMP_FORBID_SYSCALLS set is refused in
# the syscall layer, after the plan was built and checked.
export KJUMP_FORBID_SYSCALLS=1
traced -l -t raw --mem-min 0x2000000 --memory-map "$MAP" "$WORK/prog.bin"
check "guard: load refused with exit 1" test "$RC" -eq 1
check "guard: says why" bash -c 'grep -q "refusing to call kexec_load: KJUMP_FORBID_SYSCALLS is set" <<<"$0"' "$ERR"
check "guard: no kexec syscall" no_kexec_calls
traced -u
check "guard: unload refused, no kexec syscall" bash -c "test $RC -eq 1 && ! grep -E 'kexec_load|kexec_file_load' '$WORK/trace'"

done_testing
