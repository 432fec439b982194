#!/bin/bash
# What a Linux kernel is given besides its memory map (kexec(8) BOOT
# PARAMETERS), planned against tests/data/uefi-root, a UEFI (OVMF)
# machine's /proc and /sys as Linux 6.1 shows them: the EFI handover,
# the RSDP, the framebuffer, the RNG seed, SETUP_E820_EXT, --dtb and
# --pass-memmap-cmdline, each setup_data entry in the plan's details.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000
cp -r "$DATA/uefi-root" "$WORK/root"
ROOT=$WORK/root
L=(--dry-run --json -c --kernel-arch "$karch" -l --append console=ttyS0)

python3 "$KJUMP_SRCDIR/tests/cli/make-boot-params.py" "$WORK/bp"
check "uefi-root's boot_params/data is what make-boot-params.py writes" \
	cmp "$WORK/bp" "$ROOT/sys/kernel/boot_params/data"

plan() {	# plan OUTFILE ARGS...: a dry-run JSON plan, or the test fails
	local f=$1
	shift
	run "$@"
	printf '%s\n' "$OUT" >"$f"
	[ "$RC" -eq 0 ] || echo "# exit $RC: $ERR"
}
detail() {	# detail FILE TOPIC: the texts of TOPIC's details, one a line
	json_get "$1" "'\\n'.join(d['text'] for d in j.get('details', []) if d['topic'] == '$2')"
}
# Every setup_data entry lies inside the setup segment: "TYPE LEN" lines.
entries() {
	json_get "$1" "'\\n'.join(
		t[0] + ' ' + t[2] for t in (d['text'].split(' ') for d in j['details'] if d['topic'] == 'setup_data')
		if any(s['name'] == 'setup' and s['mem'] <= int(t[4], 16) and int(t[4], 16) + 16 + int(t[2]) <= s['mem'] + s['bufsz'] for s in j['segments']))"
}

plan "$WORK/uefi.json" "${L[@]}" --system-root "$ROOT" "$WORK/bzImage"
check "UEFI: EFI passed with the running kernel's system table and 6 runtime descriptors" \
	grep -q "^passed: EL64, system table 0x1ebee018, runtime map of 6 descriptors (48 bytes each) at 0x[0-9a-f]*, fw_vendor 0x1ebeb998, config_table 0x1ebea018, SMBIOS 0x1ebdf000$" \
	<(detail "$WORK/uefi.json" efi)
check "UEFI: the RSDP from the EFI system table's ACPI 2.0 entry" \
	test "$(detail "$WORK/uefi.json" acpi_rsdp)" = "0x1eb9a014 (EFI systab ACPI20)"
check "UEFI: efifb's framebuffer passed" \
	test "$(detail "$WORK/uefi.json" framebuffer)" = \
	'passed: EFI (video type 0x70) base 0x80000000 size 0x3e8000 1280x800x32 (fb0 is "EFI VGA")'
check "UEFI: a fixed RNG seed in a dry run" grep -q "^32 bytes, a fixed pattern" \
	<(detail "$WORK/uefi.json" rng_seed)
check "UEFI: SETUP_EFI and SETUP_RNG_SEED, inside the setup segment" \
	test "$(entries "$WORK/uefi.json" | tr '\n' ,)" = "SETUP_EFI 96,SETUP_RNG_SEED 32,"
check "UEFI: the e820 table fits the zero page" \
	test "$(detail "$WORK/uefi.json" e820)" = "19 ranges: 19 in the zero page, 0 in SETUP_E820_EXT"
setup_sha=$(json_get "$WORK/uefi.json" '[s["sha256"] for s in j["segments"] if s["name"] == "setup"][0]')
plan "$WORK/again.json" "${L[@]}" --system-root "$ROOT" "$WORK/bzImage"
check "a dry run's setup segment hashes the same every time" \
	test "$(json_get "$WORK/again.json" '[s["sha256"] for s in j["segments"] if s["name"] == "setup"][0]')" = "$setup_sha"
run --dry-run -c --kernel-arch "$karch" -l --system-root "$ROOT" "$WORK/bzImage"
check "the text plan lists the details" \
	bash -c 'grep -q "^details:    7$" <<<"$0" && grep -q "^  setup_data   SETUP_EFI len 96 at 0x" <<<"$0" &&
		 grep -q "^  efi          passed: EL64" <<<"$0"' "$OUT"

# --noefi: no EFI state, but the RSDP stays (B cannot find it through EFI).
plan "$WORK/noefi.json" "${L[@]}" --noefi --system-root "$ROOT" "$WORK/bzImage"
check "--noefi: EFI skipped" test "$(detail "$WORK/noefi.json" efi)" = "skipped: --noefi"
check "--noefi: the RSDP still passed" \
	test "$(detail "$WORK/noefi.json" acpi_rsdp)" = "0x1eb9a014 (EFI systab ACPI20)"
check "--noefi: no SETUP_EFI" test "$(entries "$WORK/noefi.json" | tr '\n' ,)" = "SETUP_RNG_SEED 32,"
check "--noefi: another setup segment" \
	test "$(json_get "$WORK/noefi.json" '[s["sha256"] for s in j["segments"] if s["name"] == "setup"][0]')" != "$setup_sha"

# A kernel without CONFIG_EFI_RUNTIME_MAP: no EFI state, said, not an error.
cp -r "$ROOT" "$WORK/nomap" && rm -r "$WORK/nomap/sys/firmware/efi/runtime-map"
plan "$WORK/nomap.json" "${L[@]}" --system-root "$WORK/nomap" "$WORK/bzImage"
check "no runtime-map: planned, EFI skipped with the reason" \
	grep -q "^skipped: .*/runtime-map: not there (a kernel without CONFIG_EFI_RUNTIME_MAP)$" \
	<(detail "$WORK/nomap.json" efi)
# A BIOS machine: no /sys/firmware/efi at all.
cp -r "$ROOT" "$WORK/bios" && rm -r "$WORK/bios/sys/firmware/efi"
plan "$WORK/bios.json" "${L[@]}" --system-root "$WORK/bios" "$WORK/bzImage"
check "BIOS: EFI skipped, RSDP unknown" \
	test "$(detail "$WORK/bios.json" efi | sed 's/.*(//'):$(detail "$WORK/bios.json" acpi_rsdp)" = \
	"a BIOS boot):none known: the kernel looks for it itself"

# A hostile runtime map is one line, and --noefi loads without reading it.
cp -r "$ROOT" "$WORK/bad"
printf '0x1e7f3010\n' >"$WORK/bad/sys/firmware/efi/runtime-map/0/phys_addr"
expect_error "a misaligned runtime descriptor is refused" "runtime-map/0: an address is not 4 KiB aligned" \
	"${L[@]}" --system-root "$WORK/bad" "$WORK/bzImage"
rm -r "$WORK/bad/sys/firmware/efi/runtime-map/3"
expect_error "a runtime map with a gap is refused" "entries 0 to 5 are not all there" \
	"${L[@]}" --system-root "$WORK/bad" "$WORK/bzImage"
plan "$WORK/bad.json" "${L[@]}" --noefi --system-root "$WORK/bad" "$WORK/bzImage"
check "--noefi: a bad runtime map is not read" test "$RC" -eq 0
printf 'ACPI20=0xnothex\n' >"$WORK/bad/sys/firmware/efi/systab"
expect_error "a malformed systab is refused" "systab: ACPI20=: not a number" \
	"${L[@]}" --noefi --system-root "$WORK/bad" "$WORK/bzImage"
head -c 100 "$ROOT/sys/kernel/boot_params/data" >"$WORK/bad/sys/kernel/boot_params/data"
expect_error "a truncated boot_params is refused" "boot_params/data: 100 bytes, a zero page has 4096" \
	"${L[@]}" --system-root "$WORK/bad" "$WORK/bzImage"

# The framebuffer: passed while fb0 is the firmware's, or with --reuse-video-type.
cp -r "$ROOT" "$WORK/drm" && printf 'i915drmfb\n' >"$WORK/drm/sys/class/graphics/fb0/name"
plan "$WORK/drm.json" "${L[@]}" --system-root "$WORK/drm" "$WORK/bzImage"
check "fb0 taken over by a driver: framebuffer skipped" \
	test "$(detail "$WORK/drm.json" framebuffer)" = \
	'skipped: fb0 is "i915drmfb", not the firmware'"'"'s (--reuse-video-type passes it)'
plan "$WORK/reuse.json" "${L[@]}" --reuse-video-type --system-root "$WORK/drm" "$WORK/bzImage"
check "--reuse-video-type: passed all the same" \
	grep -q '^passed: EFI (video type 0x70) base 0x80000000 .*(--reuse-video-type; fb0 is "i915drmfb")$' \
	<(detail "$WORK/reuse.json" framebuffer)
rm -r "$WORK/drm/sys/class/graphics/fb0"
plan "$WORK/nofb.json" "${L[@]}" --system-root "$WORK/drm" "$WORK/bzImage"
check "no fb0: framebuffer skipped" grep -q "^skipped: no fb0 now" <(detail "$WORK/nofb.json" framebuffer)
plan "$WORK/nofb2.json" "${L[@]}" --reuse-video-type --system-root "$WORK/drm" "$WORK/bzImage"
check "no fb0, --reuse-video-type: passed" grep -q "^passed: EFI .*(--reuse-video-type; no fb0)$" \
	<(detail "$WORK/nofb2.json" framebuffer)

# More than 128 ranges: the rest in SETUP_E820_EXT.
cp -r "$ROOT" "$WORK/many"
for i in $(seq 0 199); do
	printf '%x-%x : %s\n' $((0x100000000 + i * 0x2000)) $((0x100000000 + i * 0x2000 + 0xfff)) \
		"$([ $((i % 2)) = 0 ] && echo 'System RAM' || echo Reserved)"
done >>"$WORK/many/proc/iomem"
plan "$WORK/many.json" "${L[@]}" --system-root "$WORK/many" "$WORK/bzImage"
check "219 ranges: 128 in the zero page, 91 in SETUP_E820_EXT" \
	test "$(detail "$WORK/many.json" e820)" = "219 ranges: 128 in the zero page, 91 in SETUP_E820_EXT"
check "219 ranges: SETUP_E820_EXT of 91 records, then SETUP_EFI, SETUP_RNG_SEED" \
	test "$(entries "$WORK/many.json" | tr '\n' ,)" = "SETUP_E820_EXT $((91 * 20)),SETUP_EFI 96,SETUP_RNG_SEED 32,"
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bz208" 300000 0x0208
expect_error "219 ranges for a kernel without setup_data" "boot protocol 2.08 has no setup_data for more" \
	"${L[@]}" --system-root "$WORK/many" "$WORK/bz208"
plan "$WORK/old.json" "${L[@]}" --system-root "$ROOT" "$WORK/bz208"
check "boot protocol 2.08: no setup_data, EFI and the seed skipped" \
	test "$(entries "$WORK/old.json" | grep -c SETUP):$(detail "$WORK/old.json" efi):$(detail "$WORK/old.json" rng_seed)" = \
	"0:skipped: boot protocol before 2.09 has no setup_data for SETUP_EFI:skipped: boot protocol before 2.09 has no setup_data"

# --dtb: the tree as SETUP_DTB; anything else refused in one line.
python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack(">10I", 0xd00dfeed, 56, 40, 40, 40, 17, 16, 0, 0, 16) + bytes(16))' >"$WORK/board.dtb"
plan "$WORK/dtb.json" "${L[@]}" --dtb "$WORK/board.dtb" --system-root "$ROOT" "$WORK/bzImage"
check "--dtb: SETUP_DTB first, the tree's 56 bytes" \
	test "$(entries "$WORK/dtb.json" | tr '\n' ,)" = "SETUP_DTB 56,SETUP_EFI 96,SETUP_RNG_SEED 32,"
expect_error "--dtb with a file that is no device tree" "is not a flattened device tree" \
	"${L[@]}" --dtb "$WORK/bzImage" --system-root "$ROOT" "$WORK/bzImage"
expect_error "--dtb for a raw image" "--dtb goes in Linux boot parameters" \
	--dry-run -l -t raw --dtb "$WORK/board.dtb" --system-root "$ROOT" "$WORK/bzImage"

# --pass-memmap-cmdline: -p only, as kexec-tools.
plan "$WORK/pm.json" --dry-run --json -c --kernel-arch "$karch" -p --pass-memmap-cmdline \
	--append console=ttyS0 --system-root "$ROOT" "$WORK/bzImage"
check "-p --pass-memmap-cmdline: exactmap, low RAM, the ACPI ranges, the reservation" \
	grep -qE " elfcorehdr=0x[0-9a-f]+ memmap=exactmap memmap=636K@4K memmap=32K#8192K .* memmap=131068K@262144K memmap=8K#503396K memmap=400K#503404K$" \
	<(json_get "$WORK/pm.json" 'j["cmdline"]')
check "-p --pass-memmap-cmdline: e820 is the whole machine's" \
	test "$(detail "$WORK/pm.json" e820)" = "19 ranges: 19 in the zero page, 0 in SETUP_E820_EXT"
plan "$WORK/p.json" --dry-run --json -c --kernel-arch "$karch" -p --system-root "$ROOT" "$WORK/bzImage"
check "-p: the capture kernel gets the EFI state and a confined e820" \
	test "$(detail "$WORK/p.json" efi | cut -c1-13):$(detail "$WORK/p.json" e820 | cut -d' ' -f1)" = "passed: EL64,:14"
plan "$WORK/lm.json" "${L[@]}" --pass-memmap-cmdline --system-root "$ROOT" "$WORK/bzImage"
check "-l --pass-memmap-cmdline: ignored, and said so" \
	test "$(json_get "$WORK/lm.json" 'j["cmdline"]'):$(detail "$WORK/lm.json" memmap)" = \
	"console=ttyS0:--pass-memmap-cmdline applies to -p only: ignored"

# An ELF kernel with --args-linux gets the same setup segment.
printf '.globl _start\n_start: hlt\n jmp _start\n' >"$WORK/prog.S"
if [ "$is64" = 1 ]; then m=-m64; else m=-m32; fi
gcc $m -nostdlib -static -Wl,-Ttext=0x2000000 -Wl,--build-id=none -o "$WORK/prog" "$WORK/prog.S"
plan "$WORK/elf.json" "${L[@]}" --system-root "$ROOT" "$WORK/prog"
check "ELF --args-linux: EFI, RSDP and seed as for a bzImage" \
	test "$(entries "$WORK/elf.json" | tr '\n' ,):$(detail "$WORK/elf.json" acpi_rsdp)" = \
	"SETUP_EFI 96,SETUP_RNG_SEED 32,:0x1eb9a014 (EFI systab ACPI20)"
done_testing
