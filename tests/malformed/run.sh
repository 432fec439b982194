#!/bin/bash
# The malformed-image suite: every generated case (tests/malformed/gen.py)
# must make kexec exit with status 1 and one line on stderr naming the
# problem: no crash, no sanitizer report, and (checked with strace,
# which also keeps the syscalls from ever executing) no kexec_load,
# kexec_file_load or reboot.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-512m.iomem"
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
# A 64-bit kexec plans for this x86_64 host; a real -l (refused anyway
# by KJUMP_FORBID_SYSCALLS) is what makes the strace check mean
# something.  An i386 kexec can only plan for an i386 kernel: --dry-run.
if [ "$is64" = 1 ]; then mode=(-l); else mode=(--dry-run --kernel-arch i386 -l); fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
: "${KJUMP_FORBID_SYSCALLS:=1}"
export KJUMP_FORBID_SYSCALLS

python3 "$KJUMP_SRCDIR/tests/malformed/gen.py" "$WORK" "$([ "$is64" = 1 ] && echo x86_64 || echo i386)" >"$WORK/cases" ||
	{ tap_result 1 "generate the cases"; done_testing; exit 0; }
# No cases would be a "1..0", which make check counts as a skip: the
# suite checking nothing must fail.  A name given twice would leave the
# first case testing the second one's file.
n=$(grep -c '' "$WORK/cases")
tap_result "$([ "$n" -gt 0 ] && echo 0 || echo 1)" "gen.py makes cases ($n)"
dups=$(cut -f1 "$WORK/cases" | sort | uniq -d)
tap_result "$([ -z "$dups" ] && echo 0 || echo 1)" "every case has a name of its own" "given twice: $dups"

while IFS=$'\t' read -r name expect args; do
	# An empty EXPECT would match any message; a case without its file
	# would test only that kexec cannot open it.
	if [ -z "$name" ] || [ -z "$expect" ] || [ ! -f "$WORK/$name" ]; then
		tap_result 1 "case \"$name\" has a name, an expected message and a file" \
			"expect: \"$expect\""
		continue
	fi
	rm -f "$WORK/trace"	# what strace writes for this case, not the last
	extra=()
	[ -n "$args" ] && extra=("${args//@DIR@/$WORK}")
	strace -f -qq -o "$WORK/trace" -e trace=kexec_load,kexec_file_load,reboot \
		-e inject=kexec_load,kexec_file_load,reboot:error=EPERM \
		"$KEXEC" "${mode[@]}" --memory-map "$MAP" "${extra[@]}" "$WORK/$name" \
		>"$WORK/out" 2>"$WORK/err"
	rc=$?
	lines=$(grep -c '' "$WORK/err")
	why=""
	[ "$rc" -eq 1 ] || why="exit status $rc"
	[ "$lines" -eq 1 ] || why="$why; $lines lines on stderr"
	grep -qF -- "$expect" "$WORK/err" || why="$why; no \"$expect\""
	grep -qE '^kexec: ' "$WORK/err" || why="$why; not a kexec: message"
	if [ ! -f "$WORK/trace" ]; then
		why="$why; strace wrote no trace"
	elif grep -qE '(kexec_load|kexec_file_load|reboot)\(' "$WORK/trace"; then
		why="$why; a kexec syscall was made"
	fi
	[ -s "$WORK/out" ] && why="$why; printed something on stdout"
	tap_result "$([ -z "$why" ] && echo 0 || echo 1)" "$name" "${why#; }: $(head -c 300 "$WORK/err")"
done <"$WORK/cases"
done_testing
