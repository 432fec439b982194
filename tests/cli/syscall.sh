#!/bin/bash
# Which system call a load takes (kexec(8), SYSTEM CALL): kexec_file_load
# first by default, kexec_load where only it can do the load, -s/-c as
# kexec-tools means them, lockdown checked before any call; and the
# kexec-tools options that kjump took over (-S, --print-ckr-size,
# --hotplug, -i, the purgatory consoles, the refused ones).
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-512m.iomem"
ROOT="$DATA/sysroot-qemu"
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
# Plans without --kernel-arch x86_64 are for a kernel of the binary's own arch.
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000
head -c 100000 /dev/urandom >"$WORK/initrd"
head -c 8192 /dev/urandom >"$WORK/prog.bin"

# A copy of the QEMU guest's /proc and /sys, locked down or not.
mkdir -p "$WORK/locked"
cp -r "$ROOT/." "$WORK/locked/"
mkdir -p "$WORK/locked/sys/kernel/security"
echo "none [integrity] confidentiality" >"$WORK/locked/sys/kernel/security/lockdown"
mkdir -p "$WORK/open"
cp -r "$ROOT/." "$WORK/open/"
mkdir -p "$WORK/open/sys/kernel/security"
echo "[none] integrity confidentiality" >"$WORK/open/sys/kernel/security/lockdown"

plan() {	# plan OUTFILE ARGS...: the JSON plan, and its "syscall" and "syscall_why"
	local f=$1
	shift
	run --dry-run --json "$@"
	printf '%s\n' "$OUT" >"$WORK/$f"
	SYSCALL=$(json_get "$WORK/$f" 'j.get("syscall")' 2>/dev/null)
	WHY=$(json_get "$WORK/$f" 'j.get("syscall_why")' 2>/dev/null)
}

if [ "$is64" = 1 ]; then
	# The default for a 64-bit bzImage: the kernel's own loader.
	plan auto.json --kernel-arch x86_64 -l --memory-map "$MAP" --initrd "$WORK/initrd" \
		--append "console=ttyS0" "$WORK/bzImage"
	check "-l bzImage: kexec_file_load by default" test "$SYSCALL" = kexec_file_load
	check "-l bzImage: the plan says why (the default, -a)" \
		grep -q "the default (-a)" <<<"$WHY"
	check "kexec_file_load plan: the kernel as read, no segments" python3 -c '
import hashlib, json, sys
j = json.load(open(sys.argv[1]))
data = open(sys.argv[2], "rb").read()
assert j["segments"] == [], j
assert j["kernel_bytes"] == len(data), j
assert j["kernel_sha256"] == hashlib.sha256(data).hexdigest(), j
assert j["initrd_bytes"] == 100000, j
assert j["cmdline"] == "console=ttyS0", j
assert j["file_flags"] == 0, j' "$WORK/auto.json" "$WORK/bzImage"
	plan noinitrd.json --kernel-arch x86_64 -l --memory-map "$MAP" "$WORK/bzImage"
	check "no initrd: KEXEC_FILE_NO_INITRAMFS" \
		test "$(json_get "$WORK/noinitrd.json" 'j["file_flags"]')" = 4
	plan sflag.json --kernel-arch x86_64 -s -l --memory-map "$MAP" "$WORK/bzImage"
	check "-s: kexec_file_load" test "$SYSCALL" = kexec_file_load
	plan cflag.json --kernel-arch x86_64 -c -l --memory-map "$MAP" "$WORK/bzImage"
	check "-c: kexec_load with segments" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["syscall"] == "kexec_load" and j["syscall_why"] == "-c asks for kexec_load", j
assert [s["name"] for s in j["segments"]][:1] == ["kernel"], j' "$WORK/cflag.json"
	plan crash.json --kernel-arch x86_64 -p --system-root "$ROOT" --reuse-cmdline "$WORK/bzImage"
	check "-p: kexec_file_load with KEXEC_FILE_ON_CRASH, crashkernel= dropped" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["syscall"] == "kexec_file_load" and j["file_flags"] == 2 | 4, j
assert "crashkernel=" not in j["cmdline"] and "elfcorehdr=" not in j["cmdline"], j' \
		"$WORK/crash.json"
	expect_error "-p with kexec_file_load and no crashkernel=" \
		"no crash kernel memory is reserved" \
		--dry-run --kernel-arch x86_64 -p --memory-map "$DATA/qemu-6g-nocrash.iomem" "$WORK/bzImage"
	run --dry-run --kernel-arch x86_64 -l --memory-map "$MAP" "$WORK/bzImage"
	check "text plan: the call, why, the kernel's digest" python3 -c '
import sys
t = open(sys.argv[1]).read()
assert "syscall:    kexec_file_load\nbecause:    the default (-a)" in t, t
assert "file flags: 0x4 (no-initramfs)" in t and "placed by the running kernel" in t, t' \
		"$WORK/out"
	long=$(head -c 3000 /dev/zero | tr '\0' a)
	expect_error "kexec_file_load: a command line over cmdline_size" "this kernel accepts at most" \
		--dry-run --kernel-arch x86_64 -l --memory-map "$MAP" --append "$long" "$WORK/bzImage"

	# Loads only kexec_load can do go there at once, saying why.
	while IFS='|' read -r name why args; do
		# shellcheck disable=SC2086
		plan auto-kl.json --kernel-arch x86_64 --system-root "$ROOT" $args
		check "$name: kexec_load, and why" \
			bash -c '[ "$1" = kexec_load ] && grep -qF -- "$2" <<<"$3"' _ "$SYSCALL" "$why" "$WHY"
	done <<EOT
--load-preserve-context|--load-preserve-context (kexec jump) needs kexec_load|--load-preserve-context -t raw --mem-min 0x3000000 $WORK/prog.bin
--mem-min|--mem-min/--mem-max need kexec_load|-l --mem-min 0x4000000 $WORK/bzImage
--entry-32bit|--entry-32bit needs kexec_load|-l --entry-32bit $WORK/bzImage
--noefi|--noefi needs kexec_load|-l --noefi $WORK/bzImage
--console-serial|are the purgatory's of kexec_load|-l --console-serial $WORK/bzImage
raw image|the kernel's own loader takes no raw image|-l -t raw --mem-min 0x3000000 $WORK/prog.bin
EOT
	plan i386.json --kernel-arch i386 -l --memory-map "$MAP" "$WORK/bzImage"
	check "an i386 kernel: kexec_load (it has no kexec_file_load)" \
		bash -c '[ "$1" = kexec_load ] && grep -q "running i386 kernel has no kexec_file_load" <<<"$2"' \
		_ "$SYSCALL" "$WHY"
	run --dry-run --json --kernel-arch x86_64 -l --memory-map "$MAP" \
		--initrd <(cat "$WORK/initrd") "$WORK/bzImage"
	printf '%s\n' "$OUT" >"$WORK/pipe.json"
	check "an initrd from a pipe: kexec_load (the kernel reads regular files only)" \
		test "$(json_get "$WORK/pipe.json" 'j["syscall"]')" = kexec_load
	expect_error "-s with --load-preserve-context" "kexec_file_load cannot preserve context" \
		--dry-run --kernel-arch x86_64 -s --load-preserve-context --mem-min 0x8000000 \
		--memory-map "$MAP" "$WORK/bzImage"
	expect_error "-s with --mem-min" "-s (kexec_file_load) cannot do this load: --mem-min/--mem-max" \
		--dry-run --kernel-arch x86_64 -s -l --mem-min 0x4000000 --memory-map "$MAP" "$WORK/bzImage"

	# Lockdown: kexec_load is refused before any call.
	plan locked.json --kernel-arch x86_64 -l --system-root "$WORK/locked" "$WORK/bzImage"
	check "lockdown: a plain -l still plans kexec_file_load" test "$SYSCALL" = kexec_file_load
	expect_error "lockdown: --load-preserve-context refused, naming lockdown" \
		"the kernel is in lockdown (integrity) and refuses kexec_load, and --load-preserve-context (kexec jump) needs kexec_load" \
		--dry-run --kernel-arch x86_64 --load-preserve-context --system-root "$WORK/locked" \
		"$WORK/bzImage"
	expect_error "lockdown: -c refused, saying to drop it" \
		"lockdown (integrity) and refuses kexec_load (-c): drop -c" \
		--dry-run --kernel-arch x86_64 -c -l --system-root "$WORK/locked" "$WORK/bzImage"
	expect_error "lockdown: a raw image refused" "only a signed kernel loaded with kexec_file_load" \
		--dry-run --kernel-arch x86_64 -l -t raw --mem-min 0x3000000 \
		--system-root "$WORK/locked" "$WORK/prog.bin"
	plan open.json --kernel-arch x86_64 -c -l --system-root "$WORK/open" "$WORK/bzImage"
	check "lockdown [none]: -c plans kexec_load" test "$SYSCALL" = kexec_load

	# --hotplug: room for the core header, and the flag for kexec_load.
	mkdir -p "$WORK/hot" && cp -r "$ROOT/." "$WORK/hot/"
	echo 1048576 >"$WORK/hot/sys/kernel/crash_elfcorehdr_size"
	plan hot.json --kernel-arch x86_64 -c -p --hotplug --system-root "$WORK/hot" "$WORK/bzImage"
	check "--hotplug -c -p: KEXEC_UPDATE_ELFCOREHDR and a 1 MiB elfcorehdr" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["flags"] & 4 and "update-elfcorehdr" in j["flag_names"], j
h = [s for s in j["segments"] if s["name"] == "elfcorehdr"][0]
assert h["memsz"] == 1 << 20 and h["bufsz"] < 1 << 20, h
# The kernel rewrites it on hotplug: the purgatory must not check it.
assert h["verified"] is False, h
assert all("verified" not in s for s in j["segments"] if s["name"] != "elfcorehdr"), j' \
		"$WORK/hot.json"
	expect_error "--hotplug on a kernel without CONFIG_CRASH_HOTPLUG" "needs CONFIG_CRASH_HOTPLUG" \
		--dry-run --kernel-arch x86_64 -c -p --hotplug --system-root "$ROOT" "$WORK/bzImage"

	# -i: the purgatory is told to verify nothing, so its segment differs.
	plan checks.json --kernel-arch x86_64 -c -l --memory-map "$MAP" "$WORK/bzImage"
	plan nochecks.json --kernel-arch x86_64 -c -l -i --memory-map "$MAP" "$WORK/bzImage"
	check "-i: the same plan but the purgatory's configuration" python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sa = {s["name"]: s["sha256"] for s in a["segments"]}
sb = {s["name"]: s["sha256"] for s in b["segments"]}
assert sa.keys() == sb.keys(), (sa, sb)
assert [n for n in sa if sa[n] != sb[n]] == ["purgatory"], (sa, sb)' \
		"$WORK/checks.json" "$WORK/nochecks.json"
fi

# -S as kexec-tools: exit 1 when loaded; the crash image unless -l.
mkdir -p "$WORK/st/sys/kernel"
echo 1 >"$WORK/st/sys/kernel/kexec_loaded"
echo 0 >"$WORK/st/sys/kernel/kexec_crash_loaded"
run -S --dry-run --system-root "$WORK/st"
check "-S: asks about the crash kernel (not loaded: exit 0)" test "$RC" = 0
run -S -l --dry-run --system-root "$WORK/st"
check "-S -l: asks about the kexec image (loaded: exit 1)" test "$RC" = 1
run -S -p --dry-run --system-root "$WORK/st"
check "-S -p: the crash kernel (exit 0)" test "$RC" = 0
echo 1 >"$WORK/st/sys/kernel/kexec_crash_loaded"
run -S --dry-run --system-root "$WORK/st"
check "-S: crash kernel loaded: exit 1, nothing printed" bash -c '[ "$1" = 1 ] && [ -z "$2$3" ]' \
	_ "$RC" "$OUT" "$ERR"

rm "$WORK/st/sys/kernel/kexec_crash_loaded"
run -S --dry-run --system-root "$WORK/st"
check "-S: an unreadable state is 255 with one line, never 1 (loaded)" \
	bash -c '[ "$1" = 255 ] && [ "$(printf "%s\n" "$2" | wc -l)" = 1 ]' _ "$RC" "$ERR"

run --print-ckr-size --memory-map "$ROOT/proc/iomem"
check "--print-ckr-size: the crashkernel= bytes" test "$RC:$OUT" = "0:134217728"
run --print-ckr-size --memory-map "$DATA/qemu-6g-nocrash.iomem"
check "--print-ckr-size without a reservation: 0" test "$RC:$OUT" = "0:0"

expect_error "--real-mode is refused" "--real-mode is not in kjump" \
	--dry-run -l --real-mode --memory-map "$MAP" "$WORK/bzImage"
expect_error "--reuseinitrd is refused as on kexec-tools x86" "--reuseinitrd: x86 kernels keep no initrd" \
	--dry-run -l --reuseinitrd --memory-map "$MAP" "$WORK/bzImage"
expect_error "--exec-live-update is Xen's" "--exec-live-update is for a Xen hypervisor" -e --exec-live-update
expect_error "--serial-baud out of range" "--serial-baud: want a rate from 9600 to 115200" \
	--dry-run -l --console-serial --serial-baud 300 --memory-map "$MAP" "$WORK/bzImage"
expect_error "--serial not a port" "--serial: want ttyS0..ttyS3" \
	--dry-run -l --console-serial --serial COM1 --memory-map "$MAP" "$WORK/bzImage"
run --dry-run -c -l --reset-vga --kernel-arch "$karch" --memory-map "$MAP" "$WORK/bzImage"
check "--reset-vga: accepted, one line saying it is not done" \
	bash -c '[ "$1" = 0 ] && [ "$2" = "kexec: --reset-vga is accepted but not done: kjump'"'"'s purgatory leaves the VGA as it is" ]' \
	_ "$RC" "$ERR"

done_testing
