#!/bin/bash
# The uki type through --dry-run: a Unified Kernel Image made by
# tests/uki/make-uki (a synthetic PE, and with systemd-stub when it is
# installed) is loaded as its .linux bzImage with its .initrd and
# .cmdline, or with the user's --initrd and --append; broken images are
# refused in one line.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-64m.iomem"
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
MKUKI="$KJUMP_SRCDIR/tests/uki/make-uki"
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000
head -c 100000 /dev/urandom >"$WORK/initrd"
head -c 5000 /dev/urandom >"$WORK/my-initrd"
kernel_sha=$(tail -c +2561 "$WORK/bzImage" | sha256sum | cut -d' ' -f1)
sha() { sha256sum <"$1" | cut -d' ' -f1; }

plan() {	# plan OUTFILE ARGS...: the dry-run JSON plan for this map
	plan_json "$1" -c --kernel-arch "$karch" --memory-map "$MAP" "${@:2}"
}

kinds=(--synthetic)
[ -f "${KJUMP_UKI_STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}" ] && kinds+=(stub)
for kind in "${kinds[@]}"; do
	what=$("$MKUKI" ${kind/stub/} "$WORK/bzImage" "$WORK/initrd" "root=/dev/vda console=ttyS0" \
		"$WORK/uki.efi")
	what=${what%%:*}
	plan "$WORK/u.json" -l "$WORK/uki.efi"
	check "$what: probed as uki" test "$(json_get "$WORK/u.json" 'j["type"]')" = uki
	check "$what: .linux loaded as a bzImage, with the initrd, zero page, purgatory" \
		test "$(json_get "$WORK/u.json" 'sorted(s["name"] for s in j["segments"])')" = \
		"['initrd', 'kernel', 'purgatory', 'setup']"
	check "$what: the kernel is .linux's protected-mode part" \
		test "$(seg "$WORK/u.json" kernel sha256)" = "$kernel_sha"
	check "$what: the initrd is .initrd" \
		test "$(seg "$WORK/u.json" initrd sha256):$(seg "$WORK/u.json" initrd bufsz)" = \
		"$(sha "$WORK/initrd"):100000"
	check "$what: the command line is .cmdline" \
		test "$(json_get "$WORK/u.json" 'j["cmdline"]')" = "root=/dev/vda console=ttyS0"
	check "$what: kexec enters the purgatory" \
		test "$(json_get "$WORK/u.json" '[s["mem"] <= j["entry"] < s["mem"] + s["memsz"] for s in j["segments"] if s["name"] == "purgatory"][0]')" = True
	plan "$WORK/o.json" -l -t uki --append "root=/dev/sdb quiet" --initrd "$WORK/my-initrd" \
		"$WORK/uki.efi"
	check "$what: --append replaces .cmdline" \
		test "$(json_get "$WORK/o.json" 'j["cmdline"]')" = "root=/dev/sdb quiet"
	check "$what: --initrd replaces .initrd" \
		test "$(seg "$WORK/o.json" initrd sha256)" = "$(sha "$WORK/my-initrd")"
	# kexec_file_load (the default on x86_64): the kernel is handed
	# .linux itself, .initrd through a memfd, .cmdline.
	if [ "$is64" = 1 ]; then
		plan_json "$WORK/f.json" --kernel-arch x86_64 --memory-map "$MAP" -l "$WORK/uki.efi"
		check "$what: kexec_file_load of .linux, .initrd and .cmdline" python3 -c '
import hashlib, json, sys
j = json.load(open(sys.argv[1]))
bz = open(sys.argv[2], "rb").read()
assert j["syscall"] == "kexec_file_load" and j["type"] == "uki", j
assert j["kernel_sha256"] == hashlib.sha256(bz).hexdigest(), j
assert j["kernel_bytes"] == len(bz) and j["initrd_bytes"] == 100000, j
assert j["cmdline"] == "root=/dev/vda console=ttyS0" and j["file_flags"] == 0, j' \
			"$WORK/f.json" "$WORK/bzImage"
	fi
done

"$MKUKI" --synthetic "$WORK/bzImage" - - "$WORK/bare.efi" >/dev/null
plan "$WORK/b.json" -l "$WORK/bare.efi"
check "a UKI with .linux only: no initrd, an empty command line" \
	test "$(json_get "$WORK/b.json" '(j["cmdline"], sorted(s["name"] for s in j["segments"]))')" = \
	"('', ['kernel', 'purgatory', 'setup'])"
run --dry-run --kernel-arch "$karch" --memory-map "$MAP" -l "$WORK/uki.efi"
check "text plan: the uki type" bash -c '[[ $1 == *"image type: uki"* ]]' _ "$OUT"

head -c 70000 /dev/urandom >"$WORK/junk"
python3 "$KJUMP_SRCDIR/tests/uki/make-pe.py" "$WORK/notbz.efi" ".linux=$WORK/junk"
expect_error "uki: .linux that is not a bzImage" "UKI: .linux is not a bzImage" \
	--dry-run -l -t uki --memory-map "$MAP" "$WORK/notbz.efi"
size=$(stat -c %s "$WORK/uki.efi")
head -c $((size - 50000)) "$WORK/uki.efi" >"$WORK/cut.efi"
expect_error "uki: a section past the end of the file" "lies outside the file" \
	--dry-run -l -t uki --memory-map "$MAP" "$WORK/cut.efi"
expect_error "uki: probing a cut UKI says why it is not one" "uki: PE: section" \
	--dry-run -l --memory-map "$MAP" "$WORK/cut.efi"
python3 "$KJUMP_SRCDIR/tests/uki/make-pe.py" "$WORK/nolinux.efi" ".initrd=$WORK/initrd"
expect_error "-t uki on a PE without .linux" "a PE file without a .linux section, not a UKI" \
	--dry-run -l -t uki --memory-map "$MAP" "$WORK/nolinux.efi"
expect_error "-t uki on a file that is no PE" "not a PE file" \
	--dry-run -l -t uki --memory-map "$MAP" "$WORK/junk"
expect_error "uki: --args-none" "--args-none and --args-elf do not apply" \
	--dry-run -l --args-none --memory-map "$MAP" "$WORK/uki.efi"
expect_error "uki: --module" "--module applies to the multiboot types only, not to uki" \
	--dry-run -l --module "$WORK/initrd" --memory-map "$MAP" "$WORK/uki.efi"

done_testing
