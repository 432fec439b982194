#!/bin/bash
# What the units and the init script run: kjump-load (fast-reboot and
# crash kernels), kjump-kdump-capture and /etc/init.d/kjump, as installed
# under a prefix in $WORK.  kexec is a stub that records its arguments,
# except for --dry-run plans against tests/data/sysroot-qemu; reboot and
# poweroff are stubs too, and KJUMP_FORBID_SYSCALLS=1 (make check) keeps
# kjump-kdump-capture from running them anyway.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"
[ "${KJUMP_FORBID_SYSCALLS:-}" = 1 ] || { echo "Bail out! KJUMP_FORBID_SYSCALLS=1 not set"; exit 99; }

P="$WORK/prefix"
check "make install prefix=\$WORK/prefix" install_under "$P"

mkdir -p "$WORK/bin"
cat >"$WORK/bin/stub-kexec" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/kexec-args"
exit \${STUB_RC:-0}
EOF
for cmd in reboot poweroff; do
	printf '#!/bin/sh\necho %s >"%s/action"\n' "$cmd" "$WORK" >"$WORK/bin/$cmd"
done
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
cat >"$WORK/bin/plan-kexec" <<EOF
#!/bin/sh
exec "$KEXEC" --kernel-arch $karch --system-root "$DATA/sysroot-qemu" "\$@"
EOF
chmod +x "$WORK/bin/"*
export PATH="$WORK/bin:$PATH"
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000
head -c 100000 /dev/urandom >"$WORK/initrd"

BASE="KJUMP_KEXEC=$WORK/bin/stub-kexec
KJUMP_KERNEL=$WORK/bzImage
KJUMP_INITRD=$WORK/initrd
KJUMP_CRASH_KERNEL=$WORK/bzImage
KJUMP_CRASH_INITRD=$WORK/initrd
KJUMP_BOOT_ID_FILE=$WORK/boot-id
KJUMP_DUMP_DIR=$WORK/crash
KJUMP_DUMP_ACTION=none"
export KJUMP_CONFIG="$WORK/kjump.conf"

# load LINES ARGS...: run kjump-load ARGS with BASE plus LINES as settings.
load() {
	local lines=$1
	shift
	printf '%s\n%s\n' "$BASE" "$lines" >"$KJUMP_CONFIG"
	rm -f "$WORK/kexec-args"
	PROG="$P/sbin/kjump-load" run "$@"
	ARGS=$(cat "$WORK/kexec-args" 2>/dev/null | tr '\n' '|')
}
# called WANT: kexec got exactly the arguments WANT ("|" between them).
called() { [ "$ARGS" = "$1" ] || { echo "kexec got: $ARGS"; return 1; }; }

load ""
check "kjump-load: kexec -l the kernel, initramfs, running command line" \
	called "-l|--initrd|$WORK/initrd|--reuse-cmdline|$WORK/bzImage|"
load 'KJUMP_APPEND="console=ttyS0 quiet"
KJUMP_REUSE_CMDLINE=no
KJUMP_INITRD=none'
check "kjump-load: KJUMP_APPEND one argument, no initramfs, no --reuse-cmdline" \
	called "-l|--append|console=ttyS0 quiet|$WORK/bzImage|"
load "KJUMP_FAST_REBOOT=no"
check "kjump-load: KJUMP_FAST_REBOOT=no loads nothing, status 0" \
	test $RC -eq 0 -a -z "$ARGS" -a "${ERR#*KJUMP_FAST_REBOOT=no}" != "$ERR"
load "KJUMP_FAST_REBOOT=auto"
check "kjump-load: KJUMP_FAST_REBOOT=auto is refused, naming the choices" \
	test $RC -eq 1 -a -z "$ARGS" -a "${ERR#*yes or no}" != "$ERR"
load "KJUMP_KERNEL=$WORK/none"
check "kjump-load: a missing kernel is an error naming KJUMP_KERNEL" \
	test $RC -eq 1 -a -z "$ARGS" -a "${ERR#*KJUMP_KERNEL}" != "$ERR"
load "KJUMP_INITRD=$WORK/none"
check "kjump-load: a missing initramfs is an error naming KJUMP_INITRD" \
	test $RC -eq 1 -a "${ERR#*KJUMP_INITRD}" != "$ERR"
STUB_RC=1 load ""
check "kjump-load: a failing kexec fails it" test $RC -eq 1
load "" --unload
check "kjump-load --unload: kexec -u" called "-u|"

# The kernel a reboot starts is the one the next boot would: /vmlinuz,
# else /boot/vmlinuz, else the newest /boot/vmlinuz-*; never simply the
# running one.  The crash kernel is the running one.
R="$WORK/root"
mkdir -p "$R/boot"
for v in 6.1.0-9-amd64 6.1.0-10-amd64 "$(uname -r)"; do
	cp "$WORK/bzImage" "$R/boot/vmlinuz-$v"
	cp "$WORK/initrd" "$R/boot/initrd.img-$v"
done
printf '%s\n%s\n' "$BASE" "KJUMP_KERNEL=
KJUMP_INITRD=
KJUMP_CRASH_KERNEL=
KJUMP_CRASH_INITRD=
KJUMP_CRASH_DUMP=yes" >"$KJUMP_CONFIG"
newest=$(printf '%s\n' 6.1.0-9-amd64 6.1.0-10-amd64 "$(uname -r)" | sort -V | tail -n 1)
KJUMP_ROOT=$R PROG="$P/sbin/kjump-load" run
check "kjump-load: no /vmlinuz: the newest /boot/vmlinuz-* and its initramfs" \
	bash -c '[ "$(tr "\n" "|" <"$1")" = "-l|--initrd|$2/boot/initrd.img-$3|--reuse-cmdline|$2/boot/vmlinuz-$3|" ]' \
	_ "$WORK/kexec-args" "$R" "$newest"
ln -s boot/vmlinuz-6.1.0-9-amd64 "$R/vmlinuz"
ln -s boot/initrd.img-6.1.0-9-amd64 "$R/initrd.img"
rm -f "$WORK/kexec-args"
KJUMP_SHUTTING_DOWN=no KJUMP_ROOT=$R PROG="$P/sbin/kjump-load" run --at-shutdown
check "kjump-load --at-shutdown when the unit is only stopped (an upgrade): nothing loaded" \
	bash -c '[ "$1" = 0 ] && [ ! -e "$2" ] && grep -q "not shutting down" <<<"$3"' \
	_ "$RC" "$WORK/kexec-args" "$ERR"
KJUMP_SHUTTING_DOWN=yes KJUMP_ROOT=$R PROG="$P/sbin/kjump-load" run --at-shutdown
check "kjump-load --at-shutdown: /vmlinuz and /initrd.img, saying so" \
	bash -c '[ "$(tr "\n" "|" <"$1")" = "-l|--initrd|$2/initrd.img|--reuse-cmdline|$2/vmlinuz|" ] &&
		grep -q "shutting down: loading $2/vmlinuz, the kernel the next boot would start" <<<"$3"' \
	_ "$WORK/kexec-args" "$R" "$ERR"
rm "$R/initrd.img"
KJUMP_ROOT=$R PROG="$P/sbin/kjump-load" run
check "kjump-load: /vmlinuz without /initrd.img loads no initramfs" \
	bash -c '[ "$(tr "\n" "|" <"$1")" = "-l|--reuse-cmdline|$2/vmlinuz|" ]' _ "$WORK/kexec-args" "$R"
KJUMP_ROOT=$R PROG="$P/sbin/kjump-load" run --crash
check "kjump-load --crash: the running kernel $(uname -r), capture command line" \
	bash -c '[ "$(tr "\n" "|" <"$1")" = "-p|--initrd|$2/boot/initrd.img-$3|--reuse-cmdline|--append|reset_devices nr_cpus=1 irqpoll noresume systemd.unit=kjump-kdump-capture.service|$2/boot/vmlinuz-$3|" ]' \
	_ "$WORK/kexec-args" "$R" "$(uname -r)"
KJUMP_ROOT=$WORK/empty PROG="$P/sbin/kjump-load" expect_error "kjump-load: no kernel to load" \
	"no kernel in /vmlinuz, /boot/vmlinuz or /boot/vmlinuz-*"
cp "$WORK/bzImage" "$WORK/crash-bzImage"
load "KJUMP_CRASH_DUMP=yes
KJUMP_CRASH_KERNEL=$WORK/crash-bzImage
KJUMP_CRASH_INITRD=none
KJUMP_CRASH_REUSE_CMDLINE=no
KJUMP_CRASH_APPEND=nr_cpus=1" --crash
check "kjump-load --crash: KJUMP_CRASH_* settings" \
	called "-p|--append|nr_cpus=1|$WORK/crash-bzImage|"
load "KJUMP_CRASH_DUMP=no" --crash
check "kjump-load --crash: KJUMP_CRASH_DUMP=no loads nothing" test $RC -eq 0 -a -z "$ARGS"
load "" --crash
check "kjump-load --crash: KJUMP_CRASH_DUMP=auto, status 0 either way" test $RC -eq 0
load "" --crash --unload
check "kjump-load --crash --unload: kexec -u -p" called "-u|-p|"
load "" --bogus
check "kjump-load: an unknown argument is an error" test $RC -eq 1 -a -z "$ARGS"

# Real plans (kexec --dry-run) against a QEMU guest's /proc and /sys.
load "KJUMP_KEXEC=$WORK/bin/plan-kexec
KJUMP_CRASH_DUMP=yes" --crash --dry-run
check "kjump-load --crash --dry-run: planned; crashkernel= and BOOT_IMAGE= dropped" \
	test $RC -eq 0 -a "$(printf '%s\n' "$OUT" | sed -n 's/^cmdline: *//p' | sed 's/ elfcorehdr=.*//')" = \
	"root=/dev/vda console=ttyS0 reset_devices nr_cpus=1 irqpoll noresume systemd.unit=kjump-kdump-capture.service"
load "KJUMP_KEXEC=$WORK/bin/plan-kexec" --dry-run
check "kjump-load --dry-run: planned with the guest's command line" \
	test $RC -eq 0 -a "$(printf '%s\n' "$OUT" | sed -n 's/^cmdline: *//p')" = \
	"root=/dev/vda crashkernel=128M console=ttyS0"

# kjump-kdump-capture on a small core (make-core.py).
python3 "$KJUMP_SRCDIR/tests/cli/make-core.py" "$WORK/core"
capture() {	# capture LINES ARGS...
	local lines=$1
	shift
	printf '%s\n%s\n' "$BASE" "$lines" >"$KJUMP_CONFIG"
	rm -rf "$WORK/crash" "$WORK/action"
	PROG="$P/sbin/kjump-kdump-capture" run "$@"
	DUMP=$(ls -d "$WORK"/crash/*/ 2>/dev/null)
}
capture "" "$WORK/core"
check "kjump-kdump-capture: saved into KJUMP_DUMP_DIR/DATE/vmcore" \
	test $RC -eq 0 -a -f "$DUMP/vmcore" -a "$(ls "$WORK/crash" | grep -c .)" = 1
check "kjump-kdump-capture: kdump info reads the dump" "$P/sbin/kdump" info "$DUMP/vmcore"
# make-core.py's VMCOREINFO cannot find free pages: saved with them.
check "kjump-kdump-capture: --exclude zero,free failing, saved again with --exclude zero" \
	test "${ERR#*--exclude zero)}" != "$ERR"
check "kjump-kdump-capture: no .part left, no action with KJUMP_DUMP_ACTION=none" \
	test ! -e "$DUMP/vmcore.part" -a ! -e "$WORK/action"
capture "KJUMP_DUMP_COMPRESS=zstd
KJUMP_DUMP_EXCLUDE=zero" "$WORK/core"
check "kjump-kdump-capture: KJUMP_DUMP_COMPRESS=zstd makes vmcore.zst" \
	test $RC -eq 0 -a -f "$DUMP/vmcore.zst"
check "kjump-kdump-capture: kdump info reads vmcore.zst" "$P/sbin/kdump" info "$DUMP/vmcore.zst"
capture "KJUMP_DUMP_COMPRESS=lz4
KJUMP_DUMP_ACTION=poweroff" "$WORK/core"
check "kjump-kdump-capture: a bad KJUMP_DUMP_COMPRESS fails, then powers off" \
	test $RC -eq 1 -a "${ERR#*not running poweroff}" != "$ERR" -a "${ERR#*KJUMP_DUMP_COMPRESS}" != "$ERR"
capture "KJUMP_DUMP_ACTION=reboot" "$WORK/core"
check "kjump-kdump-capture: KJUMP_DUMP_ACTION=reboot reboots after saving" \
	test $RC -eq 0 -a -f "$DUMP/vmcore" -a "${ERR#*not running reboot}" != "$ERR"
capture "" "$WORK/no-core"
check "kjump-kdump-capture: no core, nothing to do" \
	test $RC -eq 0 -a ! -e "$WORK/crash" -a ! -e "$WORK/action"

# The init script reads $sysconfdir/default/kjump, whatever KJUMP_CONFIG
# says.  Under systemd, init-functions must not hand it to systemctl.
export SYSTEMCTL_SKIP_REDIRECT=1
printf '%s\nKJUMP_CRASH_DUMP=yes\n' "$BASE" >>"$P/etc/default/kjump"
rm -f "$WORK/kexec-args"
PROG="$P/etc/init.d/kjump" run start
check "init.d/kjump start: loads (the crash kernel last), records the boot" \
	test $RC -eq 0 -a "$(head -n 1 "$WORK/kexec-args")" = -p -a -s "$WORK/boot-id"
PROG="$P/etc/init.d/kjump" run stop
ARGS=$(tr '\n' '|' <"$WORK/kexec-args")
check "init.d/kjump stop: unloads the crash kernel" called "-u|-p|"
# kexec -S as kexec-tools: exit 1 means loaded.
STUB_RC=1 PROG="$P/etc/init.d/kjump" run status
check "init.d/kjump status: 0 when loaded" test $RC -eq 0
PROG="$P/etc/init.d/kjump" run status
check "init.d/kjump status: 3 when nothing is loaded" test $RC -eq 3
PROG="$P/etc/init.d/kjump" run bogus
check "init.d/kjump: usage for an unknown action" test $RC -eq 3
done_testing
