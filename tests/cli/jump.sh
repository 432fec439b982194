#!/bin/bash
# kexec --load-preserve-context of a kernel B: the plan confines B to
# one range and covers all of it with segments (tests/data/sysroot-qemu
# with a generated /proc/kcore).
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
cp -r "$DATA/sysroot-qemu" "$WORK/root"
python3 "$KJUMP_SRCDIR/tests/cli/make-kcore.py" "$WORK/root/proc/kcore" 0x1f3a4000 \
	"OSRELEASE=6.1.0-test" "$karch"
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000
head -c 100000 /dev/urandom >"$WORK/initrd"
J=(--dry-run --json --kernel-arch "$karch" -l --load-preserve-context --system-root "$WORK/root")

run "${J[@]}" --append "console=ttyS0" --initrd "$WORK/initrd" "$WORK/bzImage"
printf '%s\n' "$OUT" >"$WORK/j.json"
check "B: planned with KEXEC_PRESERVE_CONTEXT" test "$(json_get "$WORK/j.json" 'j["flags"] & 2')" = 2
# Default range: the lowest 128 MiB above A's kernel image (which ends
# at 0x234ffff in the system root's iomem), 2 MiB aligned.
range='(0x2400000, 0xa400000)'
check "B: --dry-run shows the default range" \
	test "$(json_get "$WORK/j.json" "j['b_range'] == [$range[0], $range[1] - 1]")" = True
check "B: every segment inside its range or below 1 MiB" \
	test "$(json_get "$WORK/j.json" "all((s['mem'] >= $range[0] and s['mem'] + s['memsz'] <= $range[1]) or s['mem'] + s['memsz'] <= 0x100000 for s in j['segments'])")" = True
check "B: its range and A's RAM below 1 MiB are covered completely" \
	test "$(json_get "$WORK/j.json" "sum(s['memsz'] for s in j['segments'])")" = $(( 0x1fe00000 - 0x17e00000 + 0x9f000 - 0x1000 ))
check "B: at most 16 segments" test "$(json_get "$WORK/j.json" 'len(j["segments"]) <= 16')" = True
check "B: elfcorehdr= names the header after the VMCOREINFO copy" \
	test "$(json_get "$WORK/j.json" "j['cmdline'] == 'console=ttyS0 elfcorehdr=' + hex([s['mem'] for s in j['segments'] if s['name'] == 'elfcorehdr'][0] + 4096)")" = True

# KASLR put A's image high (at 336 MiB): B goes below it, at the bottom
# of RAM, not above it at the top of memory, where A's page structures
# are (kdump --exclude free reads them; the hibernate scenario failed
# whenever B displaced them).
kaslr_root() {	# kaslr_root DIR CODE_START: A's image at CODE_START
	cp -r "$WORK/root" "$1"
	python3 - "$1/proc/iomem" "$2" <<'PY'
import sys
path, start = sys.argv[1], int(sys.argv[2], 0)
lines = open(path).read().splitlines()
out = []
for line in lines:
    if line.endswith(" : Kernel code"):
        line = "  %08x-%08x : Kernel code" % (start, start + 0xe00f7f)
    elif line.endswith(" : Kernel data"):
        line = "  %08x-%08x : Kernel data" % (start + 0xe00f80, start + 0x134ffff)
    out.append(line)
open(path, "w").write("\n".join(out) + "\n")
PY
}
kaslr_root "$WORK/high" 0x15000000
run "${J[@]/$WORK\/root/$WORK/high}" "$WORK/bzImage"
printf '%s\n' "$OUT" >"$WORK/h.json"
check "B: below A's image when KASLR put the image high" \
	test "$(json_get "$WORK/h.json" "j['b_range']")" = "[2097152, $(( 0x81fffff ))]"
# Image at 80 MiB: the 78 MiB below it are too few, so B goes right above.
kaslr_root "$WORK/mid" 0x5000000
run "${J[@]/$WORK\/root/$WORK/mid}" "$WORK/bzImage"
printf '%s\n' "$OUT" >"$WORK/mid.json"
check "B: above A's image when there is no room below it" \
	test "$(json_get "$WORK/mid.json" "j['b_range']")" = "[$(( 0x6400000 )), $(( 0xe3fffff ))]"

run "${J[@]}" --mem-min 0x8000000 --mem-max 0xfffffff "$WORK/bzImage"
printf '%s\n' "$OUT" >"$WORK/m.json"
check "B: --mem-min/--mem-max choose the range" \
	test "$(json_get "$WORK/m.json" "sum(s['memsz'] for s in j['segments'] if s['mem'] >= 0x8000000 and s['mem'] + s['memsz'] <= 0x10000000)")" = $((0x8000000))
run --dry-run --kernel-arch "$karch" -l --load-preserve-context --system-root "$WORK/root" --mem-min 0x8000000 --mem-max 0xfffffff "$WORK/bzImage"
check "B: the text plan names the range" grep -q "^b range:    0x8000000-0xfffffff (128 MiB" <<<"$OUT"
expect_error "B: a range too small" "kernel B's range is 16 MiB, a kernel needs at least 32 MiB" \
	"${J[@]}" --mem-min 0x8000000 --mem-max 0x8ffffff "$WORK/bzImage"
expect_error "B: a range outside RAM" "is not one stretch of System RAM" \
	"${J[@]}" --mem-min 0x1e000000 --mem-max 0x21ffffff "$WORK/bzImage"
rm -f "$WORK/root/proc/kcore"
expect_error "B: no /proc/kcore for the VMCOREINFO copy" "needs CONFIG_PROC_KCORE" \
	"${J[@]}" "$WORK/bzImage"
done_testing
