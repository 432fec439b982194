#!/bin/bash
# The x86 loaders through --dry-run: bzImage (plain and compressed) and
# ELF programs, with the segments and entry they must produce.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-512m.iomem"
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
# Plan for a kernel of the binary's own arch: an i386 kexec serves an
# i386 kernel, whatever this host runs.
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000
head -c 1000000 /dev/urandom >"$WORK/initrd"
kernel_sha=$(tail -c +2561 "$WORK/bzImage" | sha256sum | cut -d' ' -f1)

plan() {	# plan OUTFILE ARGS...: dry-run JSON plan into OUTFILE
	plan_json "$1" -c --kernel-arch "$karch" "${@:2}"
}

plan "$WORK/bz.json" -l --memory-map "$MAP" --append "console=ttyS0 marker=42" \
	--initrd "$WORK/initrd" "$WORK/bzImage"
check "bzImage: probed and planned" test "$(json_get "$WORK/bz.json" 'j["type"]')" = bzImage
check "bzImage: kernel, initrd, setup and purgatory segments" \
	test "$(json_get "$WORK/bz.json" 'sorted(s["name"] for s in j["segments"])')" = \
	"['initrd', 'kernel', 'purgatory', 'setup']"
check "bzImage: kernel at pref_address with init_size reserved" \
	test "$(seg "$WORK/bz.json" kernel mem):$(seg "$WORK/bz.json" kernel memsz)" = "16777216:8388608"
check "bzImage: kernel digest is of the protected-mode part" \
	test "$(seg "$WORK/bz.json" kernel sha256)" = "$kernel_sha"
check "bzImage: initrd digest and size" \
	test "$(seg "$WORK/bz.json" initrd sha256):$(seg "$WORK/bz.json" initrd bufsz)" = \
	"$(sha256sum <"$WORK/initrd" | cut -d' ' -f1):1000000"
check "bzImage: initrd below initrd_addr_max, in RAM" \
	test "$(( $(seg "$WORK/bz.json" initrd mem) + 1000000 <= 0x1ffe0000 ))" = 1
check "bzImage: entry is the purgatory" \
	test "$(json_get "$WORK/bz.json" 'j["entry"] >= [s["mem"] for s in j["segments"] if s["name"] == "purgatory"][0]')" = True

for c in gzip xz zstd; do
	"$c" -c "$WORK/bzImage" >"$WORK/bzImage.$c"
	plan "$WORK/c.json" -l --memory-map "$MAP" "$WORK/bzImage.$c"
	check "bzImage.$c: read transparently (same kernel digest)" \
		test "$(seg "$WORK/c.json" kernel sha256)" = "$kernel_sha"
done

long=$(head -c 3000 /dev/zero | tr '\0' a)
expect_error "bzImage: command line over cmdline_size" \
	"the command line is 3000 bytes, this kernel accepts at most 2047" \
	--dry-run -c -l --memory-map "$MAP" --append "$long" "$WORK/bzImage"
expect_error "bzImage: --args-none does not apply" "--args-none and --args-elf do not apply" \
	--dry-run -c -l --args-none --memory-map "$MAP" "$WORK/bzImage"
head -c 3000 "$WORK/bzImage" >"$WORK/bzImage.cut"
expect_error "truncated bzImage" "not a kernel image kjump can load" \
	--dry-run -c -l --memory-map "$MAP" "$WORK/bzImage.cut"
head -c 20000 "$WORK/bzImage.gzip" >"$WORK/bzImage.cut.gz"
expect_error "truncated gzip image" "corrupt gzip data" \
	--dry-run -c -l --memory-map "$MAP" "$WORK/bzImage.cut.gz"

# A tiny physical-mode program linked at 32 MiB.
printf '.globl _start\n_start: hlt\n jmp _start\n.data\n.long 0x12345678\n' >"$WORK/prog.S"
gcc -m64 -nostdlib -static -Wl,-Ttext=0x2000000 -Wl,--build-id=none -o "$WORK/prog64" "$WORK/prog.S"
gcc -m32 -nostdlib -static -Wl,-Ttext=0x2000000 -Wl,--build-id=none -o "$WORK/prog32" "$WORK/prog.S"
if [ "$is64" = 1 ]; then own=prog64 other=prog32 owntype=elf-x86_64; else own=prog32 other=prog64 owntype=elf-x86; fi
plan "$WORK/elf.json" -l --load-preserve-context --args-none --memory-map "$MAP" "$WORK/$own"
check "ELF --args-none: type $owntype" test "$(json_get "$WORK/elf.json" 'j["type"]')" = "$owntype"
check "ELF --args-none: entered at e_entry, no purgatory" \
	test "$(json_get "$WORK/elf.json" '(hex(j["entry"]), sorted(set(s["name"] for s in j["segments"])))')" = \
	"('0x2000000', ['elf'])"
check "ELF --args-none: PT_LOADs sharing no page become page-aligned segments" \
	test "$(json_get "$WORK/elf.json" 'all(s["mem"] % 4096 == 0 for s in j["segments"])')" = True
expect_error "ELF --args-none in the kernel's other mode" "would enter this" \
	--dry-run -c --kernel-arch "$karch" -l --args-none --memory-map "$MAP" "$WORK/$other"
expect_error "ELF --args-none with a command line" "--args-none passes nothing" \
	--dry-run -c --kernel-arch "$karch" -l --args-none --append x --memory-map "$MAP" "$WORK/$own"
if [ "$is64" = 0 ]; then
	expect_error "i386 kexec for an x86_64 kernel" "use the x86_64 kexec" \
		--dry-run -c --kernel-arch x86_64 -l --memory-map "$MAP" "$WORK/bzImage"
fi
expect_error "--kernel-arch without --dry-run" "--kernel-arch goes with --dry-run" \
	--kernel-arch i386 -l "$WORK/bzImage"
plan "$WORK/i386.json" --kernel-arch i386 -l --memory-map "$MAP" "$WORK/bzImage"
check "i386 kernel: purgatory and flags for an i386 kernel" \
	test "$(json_get "$WORK/i386.json" '(j["flag_names"], j["flags"] >> 16)')" = "('i386', 3)"
# A 64 MiB bss that ends in the page where the next PT_LOAD starts: the
# two share that page, but the bss is zero-filled by the kernel, never
# put in a buffer (a hostile ELF cannot make kexec allocate and hash it).
python3 - "$WORK/bss-gap" <<'PY'
import struct, sys
loads = [(0x1000, 0x2000000, 0x100, 0x4000010), (0x2000, 0x6000800, 0x200, 0x200)]
eh = struct.pack("<16sHHIIIIIHHHHHH", b"\x7fELF\x01\x01\x01" + bytes(9), 2, 3, 1,
                 0x2000000, 52, 0, 0, 52, 32, len(loads), 40, 0, 0)
ph = b"".join(struct.pack("<IIIIIIII", 1, off, pa, pa, fs, ms, 7, 0x1000)
              for off, pa, fs, ms in loads)
img = bytearray(0x2200)
img[:len(eh + ph)] = eh + ph
img[0x1000:0x1100] = b"\x90" * 0x100
img[0x2000:0x2200] = b"\xcc" * 0x200
open(sys.argv[1], "wb").write(img)
PY
plan_json "$WORK/gap.json" -c --kernel-arch i386 -l -t elf-x86 --args-none \
	--load-preserve-context --memory-map "$MAP" "$WORK/bss-gap"
check "ELF: a large bss before the next PT_LOAD is not buffered" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
elf = sorted((s["mem"], s["memsz"], s["bufsz"]) for s in j["segments"] if s["name"] == "elf")
assert elf == [(0x2000000, 0x4000000, 0x100), (0x6000000, 0x1000, 0xa00)], elf' "$WORK/gap.json"
plan "$WORK/elfl.json" -l --memory-map "$MAP" --append "console=ttyS0" "$WORK/$own"
check "ELF --args-linux: zero page and purgatory added" \
	test "$(json_get "$WORK/elfl.json" 'sorted(set(s["name"] for s in j["segments"]))')" = \
	"['elf', 'purgatory', 'setup']"

plan "$WORK/elfe.json" -l --args-elf --memory-map "$MAP" --append "console=ttyS0" "$WORK/$own"
check "ELF --args-elf: boot notes and purgatory added" \
	test "$(json_get "$WORK/elfe.json" 'sorted(set(s["name"] for s in j["segments"]))')" = \
	"['elf', 'notes', 'purgatory']"
expect_error "ELF --args-elf with an initrd" "--args-elf passes no initrd" \
	--dry-run -c --kernel-arch "$karch" -l --args-elf --initrd "$WORK/initrd" --memory-map "$MAP" "$WORK/$own"

done_testing
