#!/bin/bash
# kexec -p: the capture kernel's plan against a copy of a QEMU guest's
# /proc and /sys (tests/data/sysroot-qemu: 512 MiB, crashkernel=128M at
# 256 MiB, two CPUs).
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

ROOT="$DATA/sysroot-qemu"
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000
head -c 200000 /dev/urandom >"$WORK/initrd"
P=(--dry-run -c --json --kernel-arch "$karch" -p --system-root "$ROOT")

run "${P[@]}" --append "console=ttyS0" --initrd "$WORK/initrd" "$WORK/bzImage"
printf '%s\n' "$OUT" >"$WORK/p.json"
check "-p bzImage: planned with KEXEC_ON_CRASH" test "$(json_get "$WORK/p.json" 'j["flags"] & 1')" = 1
check "-p: an elfcorehdr segment at the top of the reservation" \
	test "$(json_get "$WORK/p.json" '[hex(s["mem"] + s["memsz"]) for s in j["segments"] if s["name"] == "elfcorehdr"]')" = "['0x18000000']"
check "-p: every segment inside the reservation" \
	test "$(json_get "$WORK/p.json" 'all(0x10000000 <= s["mem"] and s["mem"] + s["memsz"] <= 0x18000000 for s in j["segments"])')" = True
check "-p: elfcorehdr= on the capture kernel's command line" \
	test "$(json_get "$WORK/p.json" 'j["cmdline"] == "console=ttyS0 elfcorehdr=" + [hex(s["mem"]) for s in j["segments"] if s["name"] == "elfcorehdr"][0]')" = True

# The header's contents are checked by the unit tests; here its size:
# ELF header + 2 crash notes + VMCOREINFO + 3 RAM pieces (below 640K,
# below the reservation, above it).
check "-p: ELF64 header size for 2 CPUs and 3 RAM pieces" \
	test "$(json_get "$WORK/p.json" '[s["bufsz"] for s in j["segments"] if s["name"] == "elfcorehdr"][0]')" = $((64 + 6 * 56))
run --dry-run -c --json --kernel-arch i386 -p --system-root "$ROOT" --elf32-core-headers "$WORK/bzImage"
printf '%s\n' "$OUT" >"$WORK/p32.json"
check "-p --elf32-core-headers (i386 kernel): ELF32 header size" \
	test "$(json_get "$WORK/p32.json" '[s["bufsz"] for s in j["segments"] if s["name"] == "elfcorehdr"][0]')" = $((52 + 6 * 32))

expect_error "-p --elf32-core-headers for an x86_64 kernel" "cannot describe an x86_64 kernel's memory" \
	--dry-run -c --kernel-arch x86_64 -p --system-root "$ROOT" --elf32-core-headers "$WORK/bzImage"
expect_error "-p without crashkernel=" "no crash kernel memory is reserved (boot with crashkernel=SIZE)" \
	"${P[@]}" --memory-map "$DATA/qemu-6g-nocrash.iomem" "$WORK/bzImage"
expect_error "-p with a reservation too small" "the reservation is 4 MiB, the capture kernel's segments need at least" \
	"${P[@]}" --memory-map "$DATA/tiny-crash.iomem" "$WORK/bzImage"
mkdir -p "$WORK/nocrashdump/proc" && cp "$ROOT/proc/iomem" "$WORK/nocrashdump/proc/"
mkdir -p "$WORK/nocrashdump/sys/kernel" && cp "$ROOT/sys/kernel/vmcoreinfo" "$WORK/nocrashdump/sys/kernel/"
expect_error "-p on a kernel without CONFIG_CRASH_DUMP" "cannot open $WORK/nocrashdump/sys/devices/system/cpu" \
	--dry-run -c --kernel-arch "$karch" -p --system-root "$WORK/nocrashdump" "$WORK/bzImage"
expect_error "--system-root without --dry-run" "--system-root goes with --dry-run" \
	-p --system-root "$ROOT" "$WORK/bzImage"
run --dry-run -c --kernel-arch "$karch" -l --reuse-cmdline --system-root "$ROOT" "$WORK/bzImage"
check "--reuse-cmdline reads the system root's /proc/cmdline, drops BOOT_IMAGE=" \
	bash -c 'grep -q "^cmdline: *root=/dev/vda crashkernel=128M console=ttyS0$" <<<"$0"' "$OUT"
# A command line with a terminal escape and a carriage return in it is
# shown escaped by the text plan (and kept as it is in the JSON one).
cp -r "$ROOT" "$WORK/root"
printf 'root=/dev/vda \033[2J\rhidden\n' >"$WORK/root/proc/cmdline"
run --dry-run -c --kernel-arch "$karch" -l --reuse-cmdline --system-root "$WORK/root" "$WORK/bzImage"
check "--dry-run -c shows control bytes of /proc/cmdline escaped" \
	bash -c 'printf "%s" "$0" | grep -qF "cmdline:    root=/dev/vda \x1b[2J\x0dhidden" &&
		! printf "%s" "$0" | grep -q "$(printf "\033")"' "$OUT"
run --dry-run -c --kernel-arch "$karch" -p --reuse-cmdline --system-root "$ROOT" "$WORK/bzImage"
check "-p --reuse-cmdline drops crashkernel=" \
	bash -c 'grep -q "^cmdline: *root=/dev/vda console=ttyS0 elfcorehdr=0x" <<<"$0"' "$OUT"
done_testing
