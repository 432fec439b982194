#!/bin/bash
# Compression bombs: 512 MiB of zeros as a gzip, xz and zstd image,
# loaded into a machine with 64 MiB of RAM, and given to kdump info as a
# compressed core.  kexec must refuse each in one line without ever
# holding much more than the machine's RAM, kdump before expanding it
# to disk (it is no ELF core): the harness
# measures the peak resident size and the time of each run and fails
# above BOMB_RSS_MAX_KIB (256 MiB, four times the machine, twice what a
# bounded decompression can reach) or BOMB_SECONDS_MAX.  Unbounded, the
# decompression would have grown to the 512 MiB of the image (and on a
# larger machine up to 2 GiB).  Measured, not timed in a unit test.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAP="$DATA/qemu-64m.iomem"
BOMB_RSS_MAX_KIB=$((256 * 1024))
BOMB_SECONDS_MAX=60
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# AddressSanitizer's shadow memory is not the program's: no RSS bound
# there, only the verdict and the time.
asan=0
nm "$KEXEC" 2>/dev/null | grep -q __asan_init && asan=1

# measure OUTFILE CMD...: run CMD, write "RC KIB SECONDS" to OUTFILE.
measure() {
	local out=$1
	shift
	python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t = time.monotonic()
with open(out + ".err", "wb") as err:
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err).returncode
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as f:
    f.write(f"{rc} {ru.ru_maxrss} {time.monotonic() - t:.1f}\n")
PY
}

# bounded NAME NEEDLE CMD...: CMD refuses in one line with NEEDLE, within
# the RSS (outside ASan) and time bounds.
bounded() {
	local name=$1 needle=$2 rc kib secs
	shift 2
	measure "$WORK/m" "$@"
	read -r rc kib secs <"$WORK/m"
	check "$name: refused in one line (exit $rc: $(cat "$WORK/m.err"))" \
		bash -c '[ "$0" -eq 1 ] && [ "$(grep -c "" "$1")" -eq 1 ] && grep -q "$2" "$1"' \
		"$rc" "$WORK/m.err" "$needle"
	if [ "$asan" = 0 ]; then
		check "$name: peak RSS ${kib} KiB <= $BOMB_RSS_MAX_KIB KiB" test "$kib" -le "$BOMB_RSS_MAX_KIB"
	fi
	check "$name: ${secs} s <= $BOMB_SECONDS_MAX s" \
		python3 -c 'import sys; sys.exit(float(sys.argv[1]) > float(sys.argv[2]))' "$secs" "$BOMB_SECONDS_MAX"
}

for codec in gzip xz zstd; do
	case $codec in
	gzip) tool=(gzip -1 -c) ;;
	xz) tool=(xz -1 -c -T1) ;;
	zstd) tool=(zstd -1 -q -c) ;;
	esac
	head -c 512M /dev/zero | "${tool[@]}" >"$WORK/bomb.$codec"
	bounded "$codec bomb" "expands beyond" "$KEXEC" --dry-run --memory-map "$MAP" -l "$WORK/bomb.$codec"
	# kdump expands a compressed core to --tmpdir: stopped at once.
	bounded "$codec bomb, kdump info" "not an ELF file" \
		"$KJUMP_BUILDDIR/build/sbin/kdump" info --tmpdir "$WORK" "$WORK/bomb.$codec"
	check "$codec bomb, kdump info: nothing left in --tmpdir" bash -c '! ls -a "$0" | grep -q kdump-core' "$WORK"
	rm -f "$WORK/bomb.$codec"
done
done_testing
