#!/bin/bash
# Every file argument of kexec and kdump given something that is not a
# regular file (a FIFO, a socket, a character device, a directory, a
# dangling link): one line naming what it is, exit 1, within seconds
# (a FIFO must not block the tool), and nothing replaced.  kexec reads
# its images, initrds, segments and memory maps from a pipe too (to its
# end; a FIFO no one writes to is empty); kdump, which seeks, does not.
# kdump save's output may also be a symbolic link, which is followed.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

KDUMP="$KJUMP_BUILDDIR/build/sbin/kdump"
MAP="$DATA/qemu-512m.iomem"
head -c 4096 /dev/urandom >"$WORK/prog.bin"
python3 "$KJUMP_SRCDIR/tests/cli/make-core.py" "$WORK/core"
python3 "$KJUMP_SRCDIR/tests/cli/make-bzimage.py" "$WORK/bzImage" 300000

mkfifo "$WORK/fifo"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$WORK/socket"
mkdir "$WORK/dir"
ln -s "$WORK/nowhere" "$WORK/dangling"
# name:path:what the message must say
kinds=("fifo:$WORK/fifo:is a FIFO" "socket:$WORK/socket:is a socket"
	"chardev:/dev/null:is a character device" "zero:/dev/zero:is a character device"
	"directory:$WORK/dir:is a directory" "dangling link:$WORK/dangling:No such file")

# refuses NAME NEEDLE PROG ARGS...: exit 1, one line with NEEDLE, no hang.
refuses() {
	local name=$1 needle=$2 lines
	shift 2
	timeout 20 "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	lines=$(grep -c '' "$WORK/err")
	if [ "$RC" -eq 1 ] && [ "$lines" -eq 1 ] && grep -qF -- "$needle" "$WORK/err"; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name" "want exit 1 and one line with \"$needle\"; got exit $RC$([ "$RC" -eq 124 ] && echo ' (hung)'), $lines lines: $(cat "$WORK/err")"
	fi
}

# A 32-bit kexec plans for an i386 kernel (it cannot load for a 64-bit one).
is64=$([ "$(od -An -tu1 -j4 -N1 "$KEXEC" | tr -d ' ')" = 2 ] && echo 1 || echo 0)
karch=$([ "$is64" = 1 ] && echo x86_64 || echo i386)
K=("$KEXEC" --dry-run --kernel-arch "$karch" --memory-map "$MAP")
for k in "${kinds[@]}"; do
	name=${k%%:*} rest=${k#*:}
	path=${rest%%:*} needle=${rest#*:}
	# A FIFO with no writer is an empty stream to kexec's loaders.
	n1=$needle n2=$needle n3=$needle n4=$needle
	[ "$name" = fifo ] && n1="fifo is empty" n2="initrd segment is empty" \
		n3="segment1 segment is empty" n4="fifo: empty memory map"
	refuses "kexec IMAGE: $name" "$n1" "${K[@]}" -l -t raw --mem-min 0x2000000 "$path"
	refuses "kexec --initrd: $name" "$n2" "${K[@]}" -l --initrd "$path" "$WORK/bzImage"
	refuses "kexec --segment: $name" "$n3" "${K[@]}" -l -t raw --segment "$path@0x3000000" \
		--mem-min 0x2000000 "$WORK/prog.bin"
	refuses "kexec --memory-map: $name" "$n4" "$KEXEC" --dry-run --kernel-arch "$karch" --memory-map "$path" \
		-l -t raw --mem-min 0x2000000 "$WORK/prog.bin"
	refuses "kexec --resume: $name" "$needle" "${K[@]}" --resume "$path"
	refuses "kexec --discard-image: $name" "$needle" "$KEXEC" --discard-image "$path"
	refuses "kdump info: $name" "$needle" "$KDUMP" info "$path"
	refuses "kdump dmesg: $name" "$needle" "$KDUMP" dmesg "$path"
	refuses "kdump save VMCORE: $name" "$needle" "$KDUMP" save "$path" "$WORK/out.core"
done
check "no output left by the refused saves" test ! -e "$WORK/out.core"

# Streams kexec reads to their end: an image and an initrd from pipes.
timeout 20 "${K[@]}" --json -l -t raw --mem-min 0x2000000 <(cat "$WORK/prog.bin") >"$WORK/plan" 2>"$WORK/err"
check "kexec reads an image from a pipe" python3 -c '
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["segments"][0]["bufsz"] == 4096, plan["segments"][0]' "$WORK/plan"
head -c 10000 /dev/urandom >"$WORK/initrd"
timeout 20 "${K[@]}" --json -l --initrd <(cat "$WORK/initrd") "$WORK/bzImage" >"$WORK/plan" 2>"$WORK/err"
check "kexec reads an initrd from a pipe" python3 -c '
import json, sys
plan = json.load(open(sys.argv[1]))
assert [s["bufsz"] for s in plan["segments"] if s["name"] == "initrd"] == [10000], plan' "$WORK/plan"

# kdump save OUT: nothing that is not a regular file or block device is
# replaced by the atomic rename.
refuses "kdump save to a FIFO" "is a FIFO" "$KDUMP" save "$WORK/core" "$WORK/fifo"
check "the FIFO is still a FIFO" test -p "$WORK/fifo"
refuses "kdump save to a socket" "is a socket" "$KDUMP" save "$WORK/core" "$WORK/socket"
check "the socket is still a socket" test -S "$WORK/socket"
ln -s /dev/null "$WORK/null-link"
refuses "kdump save to /dev/null through a link" "is a character device" \
	"$KDUMP" save "$WORK/core" "$WORK/null-link"
check "the link is still a link" test -L "$WORK/null-link"
check "/dev/null is still a character device" test -c /dev/null
refuses "kdump save through a dangling link" "is a dangling symbolic link" \
	"$KDUMP" save "$WORK/core" "$WORK/dangling"
check "the dangling link is left as it is" test -L "$WORK/dangling"
check "no temporary file left" bash -c '! ls -a "$0" | grep -q kdump-' "$WORK"

# A link to a regular file: the file it names is replaced, not the link.
echo old >"$WORK/target"
ln -s "$WORK/target" "$WORK/link"
run_kdump() { "$KDUMP" "$@" >"$WORK/out" 2>"$WORK/err"; RC=$?; }
run_kdump save --exclude zero "$WORK/core" "$WORK/link"
check "save through a link to a file succeeds" test "$RC" -eq 0
check "the link is still a link" test -L "$WORK/link"
check "the file it names holds the core" readelf -h "$WORK/target"
done_testing
