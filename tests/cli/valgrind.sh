#!/bin/bash
# valgrind finds no invalid access, uninitialised use or leak in
# --dry-run loads of every image type (not run in sanitizer builds,
# which cannot run under valgrind).
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

if ! command -v valgrind >/dev/null; then
	tap_result 1 "valgrind is installed" "install valgrind (tools/install-deps test)"
	done_testing
	exit 0
fi
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
if [ "$is64" = 0 ]; then
	# 32-bit valgrind needs the i386 libc's debug symbols (libc6-dbg:i386),
	# which cannot be installed beside the amd64 ones here.
	echo "ok 1 # SKIP valgrind of a 32-bit kexec needs libc6-dbg:i386"
	tap_n=1
	done_testing
	exit 0
fi
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 200000
gzip -c "$WORK/bzImage" >"$WORK/bzImage.gz"
head -c 300000 /dev/urandom >"$WORK/initrd"
printf '.globl _start\n_start: hlt\n jmp _start\n' >"$WORK/prog.S"
gcc -m$([ "$is64" = 1 ] && echo 64 || echo 32) -nostdlib -static -Wl,-Ttext=0x2000000 \
	-Wl,--build-id=none -o "$WORK/prog" "$WORK/prog.S"
ROOT="$DATA/sysroot-qemu"

vg() {	# vg NAME EXIT_STATUS ARGS...: valgrind's own failure is status 99
	local name=$1 want=$2 rc
	shift 2
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$KEXEC" --dry-run --kernel-arch "$karch" --system-root "$ROOT" "$@" \
		>/dev/null 2>"$WORK/vg"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		tap_result 0 "valgrind clean: $name"
	else
		tap_result 1 "valgrind clean: $name" "exit $rc, want $want: $(head -30 "$WORK/vg")"
	fi
}

vg "bzImage with initrd" 0 -l --append "console=ttyS0" --initrd "$WORK/initrd" "$WORK/bzImage"
vg "gzip'd bzImage" 0 -l "$WORK/bzImage.gz"
vg "crash kernel" 0 -p --json "$WORK/bzImage"
vg "ELF --args-none" 0 -l --args-none "$WORK/prog"
vg "ELF --args-linux" 0 -l --initrd "$WORK/initrd" "$WORK/prog"
vg "ELF --args-elf" 0 -l --args-elf --append x "$WORK/prog"
vg "raw" 0 -l -t raw --mem-min 0x3000000 "$WORK/prog"
vg "jump-back helper" 0 --load-jump-back-helper --entry 0x1000
vg "an error path" 1 -l --append "$(head -c 3000 /dev/zero | tr '\0' a)" "$WORK/bzImage"
done_testing
