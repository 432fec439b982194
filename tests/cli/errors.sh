#!/bin/bash
# Every rejection: exit status 1, one line on stderr naming the problem.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-512m.iomem"
head -c 5000 /dev/urandom >"$WORK/prog.bin"
: >"$WORK/empty.bin"
L=(--dry-run -l -t raw --memory-map "$MAP")

expect_error "overlapping segments" "segments overlap: segment1 0x2000000-0x2001fff and image 0x2000000-0x2001fff" \
	"${L[@]}" --mem-min 0x2000000 --segment "$WORK/prog.bin@0x2000000" "$WORK/prog.bin"
expect_error "destination in reserved memory" "image segment 0x1ffe0000-0x1ffe1fff is not inside System RAM" \
	"${L[@]}" --mem-min 0x1ffe0000 "$WORK/prog.bin"
expect_error "destination beyond RAM" "not inside System RAM" \
	"${L[@]}" --mem-min 0x40000000 "$WORK/prog.bin"
expect_error "destination straddling the end of RAM" "not inside System RAM" \
	"${L[@]}" --mem-min 0x1ffdf000 "$WORK/prog.bin"
segs=()
for i in $(seq 1 16); do segs+=(--segment "$WORK/prog.bin@$((0x3000000 + i * 0x10000))"); done
# The system root has no kexec_segment_max: the stock limit, whatever the host runs.
expect_error "too many segments" "too many segments: 17, the kernel accepts at most 16" \
	"${L[@]}" --system-root "$DATA/sysroot-qemu" "${segs[@]}" "$WORK/prog.bin"
expect_error "unaligned destination" "not page-aligned" "${L[@]}" --mem-min 0x2000010 "$WORK/prog.bin"
expect_error "image above --mem-max" "does not fit below --mem-max" \
	"${L[@]}" --mem-min 0x2000000 --mem-max 0x2000fff "$WORK/prog.bin"
expect_error "entry outside every segment" "entry point 0x5000000 is not inside any segment" \
	"${L[@]}" --mem-min 0x2000000 --entry 0x5000000 "$WORK/prog.bin"
expect_error "crash load without crashkernel=" "no crash kernel memory is reserved (boot with crashkernel=SIZE)" \
	--dry-run -p -t raw --memory-map "$DATA/qemu-6g-nocrash.iomem" "$WORK/prog.bin"
expect_error "crash load outside the reservation" "outside the crash kernel reservation" \
	--dry-run -p -t raw --memory-map "$MAP" --mem-min 0x2000000 "$WORK/prog.bin"
expect_error "unknown image type" 'unknown image type "bzimage-typo"' \
	"${L[@]/raw/bzimage-typo}" "$WORK/prog.bin"
expect_error "unrecognised image" "not a kernel image kjump can load" \
	--dry-run -l --memory-map "$MAP" "$WORK/prog.bin"
expect_error "empty image" "empty.bin is empty" "${L[@]}" "$WORK/empty.bin"
expect_error "missing image" "cannot open $WORK/missing: No such file or directory" \
	"${L[@]}" "$WORK/missing"
expect_error "kexec_file_load for a raw image" "-s (kexec_file_load) cannot do this load: " \
	"${L[@]}" -s "$WORK/prog.bin"
expect_error "raw with a command line" "the raw type takes no command line" \
	"${L[@]}" --append "console=ttyS0" "$WORK/prog.bin"
expect_error "garbage in the memory map" "broken-garbage.iomem:2: not an iomem line" \
	--dry-run -l -t raw --memory-map "$DATA/broken-garbage.iomem" "$WORK/prog.bin"
expect_error "overlapping memory map" "ranges overlap" \
	--dry-run -l -t raw --memory-map "$DATA/broken-overlap.iomem" "$WORK/prog.bin"
expect_error "iomem read without root" "needs root" \
	--dry-run -l -t raw --memory-map "$DATA/nonroot-zeros.iomem" "$WORK/prog.bin"
expect_error "missing memory map" "cannot open /nonexistent.iomem" \
	--dry-run -l -t raw --memory-map /nonexistent.iomem "$WORK/prog.bin"
expect_error "unknown option" "unknown option --frobnicate" --frobnicate
expect_error "option without its argument" "needs an argument" -l "$WORK/prog.bin" --initrd
expect_error "bad number" '--mem-min: not a number: "0xZZ"' "${L[@]}" --mem-min 0xZZ "$WORK/prog.bin"
expect_error "--json without --dry-run" "--json goes with --dry-run" -l --json "$WORK/prog.bin"
expect_error "two images" 'unexpected argument' "${L[@]}" "$WORK/prog.bin" "$WORK/prog.bin"
expect_error "load without an image" "no image given" -l
expect_error "preserve context through kexec_file_load" "kexec_file_load cannot preserve context" \
	-l -s --load-preserve-context "$WORK/prog.bin"
expect_error "jump-back helper without an entry" "no --entry given and no kexec_jump_back_entry=" \
	--dry-run --load-jump-back-helper --memory-map "$MAP" 2>/dev/null

done_testing
