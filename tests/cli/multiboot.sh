#!/bin/bash
# The multiboot-x86 and multiboot2-x86 types through --dry-run, with
# tests/multiboot's kernels (ELF and flat binaries with address fields):
# probing, the segments and where they go, the modules' bytes, the
# command line, the entry, and what is refused in one line.  What the
# boot information holds is decoded by tests/unit/test_multiboot.c; the
# kernels report what they got in tests/vm/scenarios/multiboot{,2}.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-64m.iomem"
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
K="$WORK/k"
"$KJUMP_SRCDIR/tests/multiboot/build" "$K" >/dev/null
printf 'MODULE-ONE\n' >"$WORK/mod1"
head -c 9000 /dev/urandom >"$WORK/mod2"
: >"$WORK/empty"

plan() {	# plan OUTFILE ARGS...: the dry-run JSON plan for this map
	plan_json "$1" --kernel-arch "$karch" --memory-map "$MAP" "${@:2}"
}
sha() { sha256sum <"$1" | cut -d' ' -f1; }

# Probing: each kernel is taken for what its header says, ahead of the
# ELF types it also is.
for k in mb1:multiboot-x86 mb1-address:multiboot-x86 mb2:multiboot2-x86 mb2-address:multiboot2-x86; do
	plan "$WORK/p.json" -l "$K/${k%%:*}"
	check "${k%%:*}: probed as ${k#*:}" test "$(json_get "$WORK/p.json" 'j["type"]')" = "${k#*:}"
done

for k in mb1:multiboot-x86 mb2:multiboot2-x86; do
	name=${k%%:*} type=${k#*:}
	plan "$WORK/$name.json" -l -t "$type" "$K/$name" --module "$WORK/mod1 arg1 arg2" \
		--module "$WORK/mod2" --module "$WORK/empty" --append "console=ttyS0 x=1"
	check "$name: kernel, three modules, boot information, purgatory" \
		test "$(json_get "$WORK/$name.json" '[s["name"] for s in j["segments"]]')" = \
		"['kernel', 'module1', 'module2', 'module3', 'mbinfo', 'purgatory']"
	filesz=$(($(readelf -lW "$K/$name" | awk '$1 == "LOAD" { print $5 }')))
	check "$name: the kernel at its p_paddr, 1 MiB, with its file bytes" \
		test "$(seg "$WORK/$name.json" kernel mem):$(seg "$WORK/$name.json" kernel bufsz)" = \
		"1048576:$filesz"
	check "$name: module1 holds the file's bytes" \
		test "$(seg "$WORK/$name.json" module1 sha256):$(seg "$WORK/$name.json" module1 bufsz)" = \
		"$(sha "$WORK/mod1"):11"
	check "$name: module2 holds the file's bytes" \
		test "$(seg "$WORK/$name.json" module2 sha256):$(seg "$WORK/$name.json" module2 bufsz)" = \
		"$(sha "$WORK/mod2"):9000"
	check "$name: an empty module still gets its page" \
		test "$(seg "$WORK/$name.json" module3 bufsz):$(seg "$WORK/$name.json" module3 memsz)" = "0:4096"
	check "$name: modules and boot information page-aligned, below 4 GiB, after the kernel" \
		test "$(json_get "$WORK/$name.json" 'all(s["mem"] % 4096 == 0 and s["mem"] + s["memsz"] <= 1 << 32 and s["mem"] >= 0x106000 for s in j["segments"] if s["name"] != "kernel")')" = True
	check "$name: the command line is the image's path, then --append" \
		test "$(json_get "$WORK/$name.json" 'j["cmdline"]')" = "$K/$name console=ttyS0 x=1"
	check "$name: kexec enters the purgatory" \
		test "$(json_get "$WORK/$name.json" '[s["mem"] <= j["entry"] < s["mem"] + s["memsz"] for s in j["segments"] if s["name"] == "purgatory"][0]')" = True
done

# The flat binaries: the header's address fields say where they go; bss
# (up to bss_end_addr) is the kernel's memsz.
for name in mb1-address mb2-address; do
	plan "$WORK/a.json" -l "$K/$name"
	check "$name: loaded whole at load_addr, bss reserved after it" \
		test "$(seg "$WORK/a.json" kernel mem):$(seg "$WORK/a.json" kernel bufsz):$(seg "$WORK/a.json" kernel sha256)" = \
		"1048576:$(stat -c %s "$K/$name"):$(sha "$K/$name")"
	check "$name: memsz covers the bss" \
		test "$(seg "$WORK/a.json" kernel memsz)" -gt "$(stat -c %s "$K/$name")"
done
run --dry-run --kernel-arch "$karch" --memory-map "$MAP" -l "$K/mb2" --module "$WORK/mod1 a b"
check "text plan: the multiboot2 type and its command line" \
	bash -c '[[ $1 == *"image type: multiboot2-x86"* && $1 == *"cmdline:    $2"* ]]' _ "$OUT" "$K/mb2"

# setfield FILE OFFSET VALUE: write a little-endian u32 into a copy.
setfield() {
	python3 -c 'import struct,sys; d=bytearray(open(sys.argv[1],"rb").read()); struct.pack_into("<I", d, int(sys.argv[2], 0), int(sys.argv[3], 0)); open(sys.argv[1],"wb").write(d)' "$@"
}
# header OFFSET-OF-MAGIC in a file
header() {
	python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); m=bytes.fromhex(sys.argv[2]); print(min(i for i in range(0, len(d), 4) if d[i:i+4] == m))' "$1" "$2"
}
mb1_at=$(header "$K/mb1" 02b0ad1b)
mb2_at=$(header "$K/mb2" d65052e8)

cp "$K/mb1" "$WORK/badsum"
setfield "$WORK/badsum" $((mb1_at + 8)) 0x12345678
expect_error "multiboot: a wrong header checksum" "multiboot header with a wrong checksum" \
	--dry-run -l -t multiboot-x86 --memory-map "$MAP" "$WORK/badsum"
cp "$K/mb1" "$WORK/video"
setfield "$WORK/video" $((mb1_at + 4)) 0x7
setfield "$WORK/video" $((mb1_at + 8)) $(( (0x100000000 - 0x1BADB002 - 7) & 0xffffffff ))
expect_error "multiboot: a video mode is required" "requires a video mode (flag bit 2)" \
	--dry-run -l -t multiboot-x86 --memory-map "$MAP" "$WORK/video"
head -c 3000 "$K/mb1-address" >"$WORK/cut"
expect_error "multiboot: a flat binary cut short" "bytes past the end of the file" \
	--dry-run -l -t multiboot-x86 --memory-map "$MAP" "$WORK/cut"
# mb2's optional framebuffer tag (type 5, flags 1), made required.
fb=$(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d.index(bytes.fromhex("0500010014000000")))' "$K/mb2")
cp "$K/mb2" "$WORK/fb"
setfield "$WORK/fb" "$fb" 0x5
expect_error "multiboot2: a required framebuffer" "requires a framebuffer" \
	--dry-run -l -t multiboot2-x86 --memory-map "$MAP" "$WORK/fb"
cp "$K/mb2" "$WORK/arch"
setfield "$WORK/arch" $((mb2_at + 4)) 4
setfield "$WORK/arch" $((mb2_at + 12)) $(( (0x100000000 - 0xE85250D6 - 4 - $(python3 -c 'import struct,sys; print(struct.unpack_from("<I", open(sys.argv[1],"rb").read(), int(sys.argv[2]))[0])' "$K/mb2" $((mb2_at + 8)))) & 0xffffffff ))
expect_error "multiboot2: a MIPS header" "architecture 4, not i386 (0)" \
	--dry-run -l -t multiboot2-x86 --memory-map "$MAP" "$WORK/arch"

expect_error "-t multiboot2-x86 on a Multiboot kernel" "no multiboot2 header (magic 0xE85250D6)" \
	--dry-run -l -t multiboot2-x86 --memory-map "$MAP" "$K/mb1"
expect_error "-t multiboot-x86 on a Multiboot2 kernel" "no multiboot header (magic 0x1BADB002)" \
	--dry-run -l -t multiboot-x86 --memory-map "$MAP" "$K/mb2"
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 30000
expect_error "--module with a bzImage" "--module applies to the multiboot types only, not to bzImage" \
	--dry-run -l --memory-map "$MAP" --module "$WORK/mod1" "$WORK/bzImage"
expect_error "multiboot: --initrd" "the multiboot-x86 type takes no initrd" \
	--dry-run -l --memory-map "$MAP" --initrd "$WORK/mod1" "$K/mb1"
expect_error "multiboot: --args-none" "--args-linux, --args-elf and --args-none do not apply" \
	--dry-run -l --args-none --memory-map "$MAP" "$K/mb1"
expect_error "multiboot2: kexec_file_load" "-s (kexec_file_load) cannot do this load: " \
	--dry-run -l -s --kernel-arch x86_64 --memory-map "$MAP" "$K/mb2"
expect_error "multiboot: a module that is not there" "$WORK/nothere" \
	--dry-run -l --memory-map "$MAP" --module "$WORK/nothere arg" "$K/mb1"
# The kernel's fixed address outside this machine's RAM.
printf '00000000-0009ffff : System RAM\n00400000-03ffffff : System RAM\n' >"$WORK/hole.iomem"
expect_error "multiboot: the kernel's address is not RAM" "0x100000" \
	--dry-run -l --kernel-arch "$karch" --memory-map "$WORK/hole.iomem" "$K/mb1"

done_testing
