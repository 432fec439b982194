#!/bin/bash
# kexec --dry-run: the plan printed for real command lines.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-512m.iomem"
head -c 10000 /dev/urandom >"$WORK/prog.bin"
digest=$(sha256sum "$WORK/prog.bin" | cut -d' ' -f1)

run --dry-run --json -l --type raw --entry 0x2000000 --mem-min 0x2000000 \
	--memory-map "$MAP" "$WORK/prog.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "raw load: exit 0" test "$RC" -eq 0
check "raw load: output is valid JSON" python3 -m json.tool "$WORK/plan.json"
check "raw load: syscall is kexec_load" test "$(json_get "$WORK/plan.json" 'j["syscall"]')" = kexec_load
check "raw load: entry" test "$(json_get "$WORK/plan.json" 'hex(j["entry"])')" = 0x2000000
check "raw load: one segment at --mem-min" \
	test "$(json_get "$WORK/plan.json" '[hex(s["mem"]) for s in j["segments"]]')" = "['0x2000000']"
check "raw load: bufsz is the file size, memsz page-rounded" \
	test "$(json_get "$WORK/plan.json" '(j["segments"][0]["bufsz"], j["segments"][0]["memsz"])')" = "(10000, 12288)"
check "raw load: sha256 matches sha256sum" \
	test "$(json_get "$WORK/plan.json" 'j["segments"][0]["sha256"]')" = "$digest"
check "raw load: arch flag of the running kernel" \
	grep -qE '"flag_names":"(x86_64|i386)"' "$WORK/plan.json"

run --dry-run -l -t raw --mem-min 0x2000000 --memory-map "$MAP" "$WORK/prog.bin"
check "text plan names syscall, entry and segment" \
	bash -c 'grep -q "^syscall: *kexec_load" <<<"$0" && grep -q "^entry: *0x2000000" <<<"$0" &&
		 grep -q "image .*mem 0x000002000000-0x000002002fff" <<<"$0"' "$OUT"

run --dry-run --json -l -t raw --memory-map "$MAP" "$WORK/prog.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "no --mem-min: lowest free RAM above 1 MiB" \
	test "$(json_get "$WORK/plan.json" 'hex(j["segments"][0]["mem"])')" = 0x100000

run --dry-run --json -l -t raw --load-preserve-context --args-none --memory-map "$MAP" "$WORK/prog.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "preserve context sets KEXEC_PRESERVE_CONTEXT" \
	test "$(json_get "$WORK/plan.json" 'j["flags"] & 2')" = 2

run --dry-run --json -p -t raw --memory-map "$MAP" "$WORK/prog.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "-p: placed in the crash reservation with KEXEC_ON_CRASH" \
	test "$(json_get "$WORK/plan.json" '(hex(j["segments"][0]["mem"]), j["flags"] & 1)')" = "('0x10000000', 1)"

printf 'blob' >"$WORK/extra.bin"
run --dry-run --json -l -t raw --mem-min 0x2000000 --segment "$WORK/extra.bin@0x3000000" \
	--memory-map "$MAP" "$WORK/prog.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "--segment adds a segment at its address" \
	test "$(json_get "$WORK/plan.json" '[(s["name"], hex(s["mem"]), s["bufsz"]) for s in j["segments"]]')" = \
	"[('segment1', '0x3000000', 4), ('image', '0x2000000', 10000)]"

run --dry-run --json -l -t raw --memory-map "$DATA/qemu-6g-nocrash.iomem" --mem-min 0x180000000 "$WORK/prog.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
# EI_CLASS of the kexec binary: 2 for a 64-bit build.
if [ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ]; then
	check "64-bit: a destination above 4 GiB is accepted" \
		test "$(json_get "$WORK/plan.json" 'hex(j["segments"][0]["mem"])')" = 0x180000000
else
	check "32-bit: a destination above 4 GiB is refused" test "$RC" -eq 1
fi

# kexec_load's segment limit: sys/kernel/kexec_segment_max under the
# system root (kernels with kjump's patch 0005), 16 where it is missing.
cp -r "$DATA/sysroot-qemu" "$WORK/root"
segs=()
for i in $(seq 1 2048); do segs+=(--segment "$WORK/extra.bin@$((0x3000000 + i * 0x2000))"); done
S=(--dry-run --json -l -t raw --system-root "$WORK/root" --mem-min 0x2000000)
expect_error "21 segments without kexec_segment_max: the stock limit" \
	"too many segments: 21, the kernel accepts at most 16" "${S[@]}" "${segs[@]:0:40}" "$WORK/prog.bin"
printf '2048\n' >"$WORK/root/sys/kernel/kexec_segment_max"
run "${S[@]}" "${segs[@]:0:40}" "$WORK/prog.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "21 segments with kexec_segment_max 2048: planned" \
	test "$RC/$(json_get "$WORK/plan.json" 'len(j["segments"])')" = 0/21
run "${S[@]}" "${segs[@]:0:4094}" "$WORK/prog.bin"
check "2048 segments with kexec_segment_max 2048: planned" \
	test "$RC/$(printf '%s' "$OUT" | grep -o '"name":"segment[0-9]*"' | grep -c .)" = 0/2047
expect_error "2049 segments with kexec_segment_max 2048: refused" \
	"too many segments: 2049, the kernel accepts at most 2048" "${S[@]}" "${segs[@]}" "$WORK/prog.bin"
printf '20\n' >"$WORK/root/sys/kernel/kexec_segment_max"
expect_error "21 segments with kexec_segment_max 20: refused" \
	"too many segments: 21, the kernel accepts at most 20" "${S[@]}" "${segs[@]:0:40}" "$WORK/prog.bin"
printf 'many\n' >"$WORK/root/sys/kernel/kexec_segment_max"
expect_error "unreadable kexec_segment_max" \
	"$WORK/root/sys/kernel/kexec_segment_max: expected a number of segments" \
	"${S[@]}" "$WORK/prog.bin"

run --dry-run --json --load-jump-back-helper --entry 0x1f7d000
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "jump-back helper: entry, one empty segment, preserve context" \
	test "$(json_get "$WORK/plan.json" '(hex(j["entry"]), len(j["segments"]), j["segments"][0]["memsz"], j["flags"] & 2)')" = \
	"('0x1f7d000', 1, 0, 2)"

# A large segment is verified, and printed, as 16 MiB regions, one
# digest each (hashed in parallel); no digest of the whole segment.
head -c $((40 << 20)) /dev/urandom >"$WORK/big.bin"
(cd "$WORK" && split -b 16M -d big.bin piece. && sha256sum piece.* | cut -d' ' -f1) >"$WORK/pieces"
run --dry-run --json -l -t raw --mem-min 0x2000000 --memory-map "$MAP" "$WORK/big.bin"
printf '%s\n' "$OUT" >"$WORK/plan.json"
check "40 MiB segment: exit 0" test "$RC" -eq 0
check "40 MiB segment: regions at 0, 16 and 32 MiB, no whole-segment sha256" \
	test "$(json_get "$WORK/plan.json" '([(r["offset"] >> 20, r["len"] >> 20) for r in j["segments"][0]["regions"]], "sha256" in j["segments"][0])')" = \
	"([(0, 16), (16, 16), (32, 8)], False)"
check "40 MiB segment: region digests are the pieces' sha256sums" \
	test "$(json_get "$WORK/plan.json" '" ".join(r["sha256"] for r in j["segments"][0]["regions"])')" = \
	"$(tr '\n' ' ' <"$WORK/pieces" | sed 's/ $//')"
run --dry-run -l -t raw --mem-min 0x2000000 --memory-map "$MAP" "$WORK/big.bin"
check "40 MiB segment: text plan has one line per region" \
	test "$(grep -c '^    region +0x0[0-9a-f]\{7\} len .* sha256 [0-9a-f]\{64\}$' <<<"$OUT"):$(grep -o 'sha256 [0-9a-f]*' <<<"$OUT" | cut -d' ' -f2 | tr '\n' ' ')" = \
	"3:$(tr '\n' ' ' <"$WORK/pieces")"
rm -f "$WORK"/big.bin "$WORK"/piece.*

run --dry-run -u
check "-u --dry-run says what it would do" test "$OUT" = "would unload the kexec image"
run --dry-run -p -u
check "-p -u --dry-run names the crash image" test "$OUT" = "would unload the crash image"

run --help
check "--help lists every kexec-tools option" bash -c '
	for o in --load --load-panic --unload --exec --status --kexec-file-syscall --kexec-syscall \
		 --kexec-syscall-auto --type --mem-min --mem-max --append --command-line --reuse-cmdline \
		 --initrd --ramdisk --entry --load-preserve-context --load-jump-back-helper --args-none \
		 --args-linux --args-elf --debug --force --no-ifdown --no-sync --version --help --dry-run \
		 --json --memory-map; do
		grep -q -- "$o" <<<"$0" || { echo "missing $o"; exit 1; }
	done' "$OUT"
check "--help lists the raw type and points at the man page" \
	bash -c 'grep -q "^  raw " <<<"$0" && grep -q "kexec(8)" <<<"$0"' "$OUT"
run --version
check "--version" bash -c '[[ $0 == "kexec (kjump) "* ]]' "$OUT"

done_testing
