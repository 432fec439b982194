#!/bin/bash
# kdump on the command line: one-line errors and exit codes, and saved
# cores that binutils' readelf accepts.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

KDUMP="$KJUMP_BUILDDIR/build/sbin/kdump"
PROG="$KDUMP"

# A small x86_64 core (make-core.py): a PRSTATUS and a VMCOREINFO note,
# low RAM ending inside a page, 3 MiB above 1 MiB with runs of zero pages.
python3 "$KJUMP_SRCDIR/tests/cli/make-core.py" "$WORK/core"

run --help
check "--help exits 0 and lists the commands" \
	bash -c '[ "$0" -eq 0 ] && grep -q "save \[options\] VMCORE OUT" "$1" && grep -q "dmesg FILE" "$1"' "$RC" "$WORK/out"
run --version
check "--version" test "$RC:${OUT#kdump (kjump) }" != "0:$OUT"

expect_error "no command" "no command given" 
expect_error "unknown command" 'unknown command "sav"' sav "$WORK/core" "$WORK/x"
expect_error "unknown option" "unknown option --frobnicate for kdump info" info --frobnicate "$WORK/core"
expect_error "option of another command" "unknown option --json for kdump save" save --json "$WORK/core" "$WORK/x"
expect_error "--exclude value" '--exclude takes zero, free or none, not "pages"' save --exclude zero,pages "$WORK/core" "$WORK/x"
expect_error "--compress value" '--compress takes none, gzip, xz or zstd, not "lz4"' save --compress lz4 "$WORK/core" "$WORK/x"
expect_error "--compress without a value" "option --compress needs an argument" save "$WORK/core" "$WORK/x" --compress
expect_error "--json with a value" "option --json takes no argument" info --json=yes "$WORK/core"
expect_error "a negative --resume-entry" '--resume-entry takes an address such as 0x1000, not "-1"' \
	save --resume-entry -1 "$WORK/core" "$WORK/x"
expect_error "save with one file" "kdump: save takes VMCORE and OUT" save "$WORK/core"
expect_error "info with two files" "kdump: info takes FILE" info "$WORK/core" "$WORK/core"
expect_error "missing input" "cannot open $WORK/missing: No such file or directory" info "$WORK/missing"
expect_error "a directory as input" "is a directory" dmesg "$WORK"
head -c 5000 /dev/urandom >"$WORK/random"
expect_error "not an ELF file" "not an ELF file" info "$WORK/random"
head -c 1000000 "$WORK/core" >"$WORK/cut"
expect_error "truncated core" "truncated core: PT_LOAD 2 needs bytes up to" info "$WORK/cut"
expect_error "save of a truncated core" "truncated core" save --exclude zero "$WORK/cut" "$WORK/cut.out"
check "a failed save leaves no output" test ! -e "$WORK/cut.out"
check "and no temporary file" bash -c '! ls -a "$0" | grep -q kdump-' "$WORK"
expect_error "save to a directory" "is a directory" save "$WORK/core" "$WORK"
expect_error "--exclude free needs the kernel's structures" \
	"--exclude free: VMCOREINFO lacks SIZE(page), needed for finding free pages" \
	save --exclude free "$WORK/core" "$WORK/free.out"
expect_error "dmesg needs the printk ringbuffer" "VMCOREINFO lacks SYMBOL(prb), needed for kdump dmesg" \
	dmesg "$WORK/core"
gzip -c "$WORK/core" >"$WORK/core.gz"
head -c $(($(stat -c %s "$WORK/core.gz") / 2)) "$WORK/core.gz" >"$WORK/cut.gz"
expect_error "truncated gzip core" "truncated gzip data" info --tmpdir "$WORK" "$WORK/cut.gz"
# Compressed bombs are stopped by what the expanded bytes must be, not
# by the disk filling up: not an ELF file at all, or an ELF core that
# goes on past its last segment.
head -c 64M /dev/zero | gzip -1 >"$WORK/zeros.gz"
expect_error "a compressed bomb that is not a core" "zeros.gz: not an ELF file (expanded from gzip)" \
	info --tmpdir "$WORK" "$WORK/zeros.gz"
{ cat "$WORK/core"; head -c 64M /dev/zero; } | gzip -1 >"$WORK/core-and-zeros.gz"
expect_error "a core with a bomb after it" "bytes (the end of the core's last segment)" \
	info --tmpdir "$WORK" "$WORK/core-and-zeros.gz"
check "no expanded temporary file left" bash -c '! ls -a "$0" | grep -q kdump-core' "$WORK"

run save --exclude zero "$WORK/core" "$WORK/saved"
check "save --exclude zero succeeds" test "$RC" -eq 0
check "one summary line" bash -c '[ "$(printf "%s\n" "$0" | grep -c "")" -eq 1 ] &&
	printf "%s" "$0" | grep -Eq "^saved .*/saved: [0-9]+ pages kept, [0-9]+ excluded \(zero [0-9]+, free 0\), [0-9]+ bytes written in [0-9.]+ s, [0-9.]+ MB/s$"' "$OUT"
check "no progress bar when stderr is not a terminal" test -z "$ERR"
# 1 + 64 + 110 zero pages: (0x80 - 0x40) + the pages == 3 mod 7 outside that run.
zeros=$(python3 -c 'print(1 + sum(1 for p in range(0x300) if 0x40 <= p < 0x80 or p % 7 == 3))')
check "every zero page excluded" bash -c 'printf "%s" "$0" | grep -q "(zero $1, free 0)"' "$OUT" "$zeros"
check "readelf accepts the saved core" readelf -l -W "$WORK/saved"
readelf -l -W "$WORK/saved" >"$WORK/readelf" 2>&1
check "readelf: no warnings" bash -c '! grep -qi "warning\|error" "$0"' "$WORK/readelf"
check "excluded runs are zero tails (FileSiz < MemSiz)" \
	bash -c 'awk "\$1 == \"LOAD\" && \$5 != \$6 { n++ } END { exit n < 2 }" "$0"' "$WORK/readelf"
readelf -n -W "$WORK/saved" >"$WORK/notes" 2>&1
check "notes kept: VMCOREINFO and PRSTATUS" \
	bash -c 'grep -q VMCOREINFO "$0" && grep -q NT_PRSTATUS "$0"' "$WORK/notes"
check "the output is mode 0600" test "$(stat -c %a "$WORK/saved")" = 600

run info "$WORK/saved"
check "info: kernel release" bash -c 'printf "%s" "$0" | grep -q "^Kernel:        6.1.0-cli"' "$OUT"
check "info: zero-filled summary" bash -c 'printf "%s" "$0" | grep -q "^Zero-filled:   $1 bytes"' "$OUT" "$((zeros * 4096))"
run info --json "$WORK/saved"
printf '%s\n' "$OUT" >"$WORK/info.json"
check "info --json: ranges, sizes, release" \
	test "$(json_get "$WORK/info.json" '(j["osrelease"], j["zero_filled_bytes"], len(j["ranges"]), j["memory_bytes"], j["cpus"])')" = \
	"('6.1.0-cli', $((zeros * 4096)), 2, $((0x9fc00 - 0x1000 + 0x300000)), 1)"
run info --vmcoreinfo "$WORK/saved"
check "info --vmcoreinfo prints the note" test "$OUT" = "$(printf 'OSRELEASE=6.1.0-cli\nPAGESIZE=4096\nNUMBER(phys_base)=0\nKERNELOFFSET=0')"

for c in gzip xz zstd; do
	run save --exclude zero --compress "$c" "$WORK/core" "$WORK/saved.$c"
	check "save --compress $c" bash -c '[ "$0" -eq 0 ] && printf "%s" "$1" | grep -q "bytes written ($2)"' "$RC" "$OUT" "$c"
	"$c" -dc <"$WORK/saved.$c" >"$WORK/unpacked.$c" 2>/dev/null
	check "$c -d gives the plain save back" cmp -s "$WORK/unpacked.$c" "$WORK/saved"
	run info --json --tmpdir "$WORK" "$WORK/saved.$c"
	printf '%s\n' "$OUT" >"$WORK/info.$c.json"
	check "info reads the $c core" test "$(json_get "$WORK/info.$c.json" '(j["compression"], j["zero_filled_bytes"])')" = \
		"('$c', $((zeros * 4096)))"
done
run save --tmpdir "$WORK" -q "$WORK/saved.zstd" "$WORK/resaved"
check "save -q reads a compressed core, prints nothing" test "$RC:$OUT" = "0:"
check "and gives the same core" cmp -s "$WORK/resaved" "$WORK/saved"
check "no expanded copy is left in --tmpdir" bash -c '! ls "$0" | grep -q kdump-core' "$WORK"

# The man page renders silently and documents every option --help lists.
MAN="$KJUMP_SRCDIR/doc/kdump.8"
check "kdump.8 renders without groff warnings" test -z "$(groff -ww -man -z "$MAN" 2>&1)"
run --help
for opt in $(printf '%s\n' "$OUT" | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
	check "kdump.8 documents $opt" grep -qF -- "${opt//-/\\-}" "$MAN"
done
done_testing
