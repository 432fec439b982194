#!/bin/sh
# The jump-kernel flow with Debian's kexec-tools; each step reports what
# happened as a KJUMP-PEER line.
. /usr/lib/kjump/stages.sh
KT=/opt/kexec-tools/kexec
report() { echo "KJUMP-PEER: $*"; }

case $(stage) in
A)
	# jump-phys's flow: a physical-mode program, called twice.
	out=$($KT -c -l --load-preserve-context --args-none --mem-min=0x2000000 --mem-max=0x2ffffff \
		/phys/phys-$KJUMP_ARCH 2>&1); rc=$?
	report "kexec-tools -c -l --load-preserve-context --args-none phys: exit $rc: $(echo "$out" | tr "\n" "|" | tail -c 400)"
	for n in 1 2; do
		out=$($KT -e 2>&1); rc=$?
		report "kexec-tools -e (call $n) exit $rc: $(echo "$out" | tr "\n" "|" | tail -c 400)"
	done
	$KT -u 2>/dev/null
	marker="peer$(date +%s)$$"
	make_next_initrd /tmp/next.cpio.gz "$marker"
	# The range kjump would choose by default (kexec-tools asks for one).
	range=$(kexec --dry-run -l --load-preserve-context /boot/bzImage | sed -n 's/^b range: *\([^ ]*\).*/\1/p')
	[ -n "$range" ] || { report "kjump --dry-run printed no range"; echo "KJUMP-PEER-DONE"; exit 0; }
	report "kjump's default range for B: $range (A's kernel: $(grep Kernel /proc/iomem | tr -s ' \n' ' '))"
	set -- --mem-min="${range%-*}" --mem-max="${range#*-}" \
		"--append=$(next_cmdline B "$marker")" --initrd=/tmp/next.cpio.gz /boot/bzImage
	out=$($KT -l --load-preserve-context "$@" 2>&1); rc=$?
	report "kexec-tools -l --load-preserve-context (default syscall): exit $rc: $(echo "$out" | tr "\n" "|" | tail -c 400)"
	out=$($KT -c -l --load-preserve-context "$@" 2>&1); rc=$?
	report "kexec-tools -c -l --load-preserve-context: exit $rc: $(echo "$out" | tr "\n" "|" | tail -c 400)"
	[ "$rc" = 0 ] || { echo "KJUMP-PEER-DONE"; exit 0; }
	head -c 4000000 /dev/urandom >/tmp/a-file
	sum=$(sha256sum </tmp/a-file)
	out=$($KT -e 2>&1); rc=$?
	report "back in A: kexec-tools -e exit $rc: $(echo "$out" | tr "\n" "|" | tail -c 400)"
	[ "$(sha256sum </tmp/a-file)" = "$sum" ] && report "A's tmpfs file intact" ||
		report "A's tmpfs file CHANGED"
	echo "KJUMP-PEER-DONE"
	;;
B)
	report "B booted; command line: $(cat /proc/cmdline)"
	grep -o 'BIOS-e820\|usable' /dev/null
	if head -c 65536 /proc/vmcore >/dev/null 2>&1; then report "B: /proc/vmcore readable"
	else report "B: /proc/vmcore NOT readable"; fi
	entry=$(param kexec_jump_back_entry)
	[ -n "$entry" ] || { report "B: no kexec_jump_back_entry= on the command line"; echo "KJUMP-PEER-DONE"; exit 0; }
	out=$($KT --load-jump-back-helper --entry="$entry" 2>&1); rc=$?
	report "B: kexec-tools --load-jump-back-helper: exit $rc: $(echo "$out" | tr "\n" "|" | tail -c 400)"
	report "B: kexec-tools -e (back to A)"
	$KT -e
	report "B: kexec-tools -e returned $?"
	echo "KJUMP-PEER-DONE"
	;;
esac
