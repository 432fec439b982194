#!/bin/bash
# Hibernation images: kdump save --resume-entry writes one, kexec
# --resume --dry-run checks and plans it (a real load is for QEMU:
# tests/vm/scenarios/hibernate).
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

KDUMP="$KJUMP_BUILDDIR/build/sbin/kdump"
MAP="$DATA/qemu-512m.iomem"
MAKE_CORE=(python3 "$KJUMP_SRCDIR/tests/cli/make-core.py")	# OUT RELEASE
release=$(uname -r)
"${MAKE_CORE[@]}" "$WORK/core" "$release"
R=(--dry-run --kernel-arch x86_64 --memory-map "$MAP" --resume)

PROG=$KDUMP
run save --exclude zero --resume-entry 0x100040 --boot-id 1234-abcd "$WORK/core" "$WORK/image"
check "kdump save --resume-entry writes an image" test "$RC" = 0 -a -s "$WORK/image"
check "readelf accepts it" bash -c 'readelf -lW "$0" | grep -q LOAD' "$WORK/image"
run info "$WORK/image"
check "kdump info shows the resume record" \
	grep -q "^Resume record: ready, entry 0x100040, kernel $release, boot id 1234-abcd, " <<<"$OUT"
expect_error "an image is not compressed" "cannot be compressed (drop --compress)" \
	save --resume-entry 0x100040 --compress gzip "$WORK/core" "$WORK/image.gz"
expect_error "--boot-id needs --resume-entry" "--boot-id goes with --resume-entry" \
	save --boot-id x "$WORK/core" "$WORK/x"
expect_error "--resume-entry needs an address" "--resume-entry takes an address" \
	save --resume-entry zero "$WORK/core" "$WORK/x"

PROG=$KEXEC
run "${R[@]}" "$WORK/image"
check "kexec --resume --dry-run plans the image" test "$RC" = 0
check "preserve-context, entered at the jump-back entry" \
	bash -c 'grep -q "^entry: *0x100040$" "$0" && grep -q "preserve-context" "$0"' "$WORK/out"
# 16 segments at most without the kjump kernel patch: the zero runs
# (every 7th page) are closed by loading zeros over them.
check "ranges merged to fit 16 segments" grep -q "^kexec: the kernel takes 16 segments: " <<<"$OUT"
check "at most 16 segments, none over the partial page at 0x9f000" \
	bash -c 'n=$(grep -c "^  image" "$0"); [ "$n" -le 16 ] && grep -q "^  image .*-0x00000009efff " "$0"' "$WORK/out"
# An image whose memory this machine does not have is refused before
# anything is merged or hashed (a hostile image's ranges 16 GiB apart
# would otherwise be merged, zeros and all, and hashed).
printf '00001000-0009fbff : System RAM\n00100000-001fffff : System RAM\n' >"$WORK/small.iomem"
expect_error "memory outside this machine's RAM" "its memory at 0x200000-0x206fff is not in this machine's System RAM" \
	--dry-run --kernel-arch x86_64 --memory-map "$WORK/small.iomem" --resume "$WORK/image"
expect_error "--resume with -p" "drop -p and -s" "${R[@]}" -p "$WORK/image"
expect_error "not an image" "is not a hibernation image" "${R[@]}" "$WORK/core"

cp "$WORK/image" "$WORK/flipped"
printf '\xff' | dd of="$WORK/flipped" bs=1 seek=$(( $(stat -c %s "$WORK/image") - 5000 )) conv=notrunc status=none
expect_error "a flipped byte" "is corrupted: its SHA-256 does not match" "${R[@]}" "$WORK/flipped"
head -c 300000 "$WORK/image" >"$WORK/cut"
expect_error "a truncated image" "truncated" "${R[@]}" "$WORK/cut"

"${MAKE_CORE[@]}" "$WORK/core-other" "0.0.1-other"
PROG=$KDUMP run save --resume-entry 0x100040 "$WORK/core-other" "$WORK/image-other"
expect_error "another kernel's image" "is stale: it was made by kernel 0.0.1-other, this is $release" \
	"${R[@]}" "$WORK/image-other"

# A used image (as kexec --resume leaves it after a load): the state word.
python3 - "$WORK/image" "$WORK/used" <<'EOF'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.index(b"KJRESUME")
d[i + 12:i + 16] = b"USED"
open(sys.argv[2], "wb").write(d)
EOF
expect_error "a used image" "was resumed once already" "${R[@]}" "$WORK/used"

# --boot-id: the image must come from the last boot recorded.
run "${R[@]}" --boot-id 1234-abcd "$WORK/image"
check "--boot-id of the boot that saved the image: planned" test "$RC" = 0
expect_error "another boot ran since" \
	"is stale: it was saved by boot 1234-abcd, but boot 9999-ffff ran since" \
	"${R[@]}" --boot-id 9999-ffff "$WORK/image"
expect_error "--boot-id without --resume" "--boot-id goes with --resume" \
	--dry-run -l --boot-id x "$WORK/image"

# --discard-image: marks it used in place; a second time says so.
cp "$WORK/image" "$WORK/discard"
run --discard-image "$WORK/discard"
check "--discard-image succeeds" test "$RC" = 0
check "and says the image will not be resumed" grep -q "discarded: it will not be resumed" <<<"$OUT"
check "only the state word changed" bash -c \
	'cmp -l "$0" "$1" | awk "END { exit !(NR == 4) }"' "$WORK/image" "$WORK/discard"
expect_error "a discarded image is not resumed" "was resumed once already" "${R[@]}" "$WORK/discard"
run --discard-image "$WORK/discard"
check "discarding twice: said, not an error" \
	bash -c '[ "$0" = 0 ] && grep -q "was used already" <<<"$1"' "$RC" "$OUT"
cp "$WORK/flipped" "$WORK/flipped2"
run --discard-image "$WORK/flipped2"
check "a corrupted image can be discarded" test "$RC" = 0
expect_error "--discard-image of a non-image" "is not a hibernation image" \
	--discard-image "$WORK/core"
expect_error "--discard-image --dry-run" "it has no --dry-run" --dry-run --discard-image "$WORK/image"
done_testing
