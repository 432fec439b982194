#!/bin/bash
# The man pages: every doc/*.[1-8] renders without a groff warning; every
# long option kexec and kdump parse is in their page; every setting of
# /etc/default/kjump has an entry in kjump(7); every command has a page
# that its --help names.  Skipped (77) without groff.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

if ! command -v groff >/dev/null; then
	echo "1..0 # SKIP groff not found (Debian: groff-base)"
	exit 77
fi
DOC="$KJUMP_SRCDIR/doc"

for page in "$DOC"/*.[1-8]; do
	out=$(groff -ww -man -Tutf8 "$page" 2>&1 >/dev/null)
	check "${page##*/} renders without groff warnings" test -z "$out"
	if command -v man >/dev/null; then
		out=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
		check "man -l ${page##*/} works silently" test -z "$out"
	fi
done

# documents PAGE OPTION: PAGE has --OPTION (written \-\-...) and not only
# as the start of a longer option (--load in --load-panic).
documents() {
	local escaped
	escaped=$(printf '%s' "$2" | sed 's/-/\\\\-/g')
	grep -qP -- "\\\\-\\\\-$escaped(?!\\\\-[a-z0-9])" "$1" ||
		{ echo "--$2 is not in ${1##*/}"; return 1; }
}
# The long options in a C file's struct option tables.
long_options() {
	grep -oE '\{[[:space:]]*"[a-z0-9-]+",[[:space:]]*(no|required|optional)_argument' "$1" |
		sed 's/^{[[:space:]]*"\([^"]*\)".*/\1/' | sort -u
}
for src in kexec/cli/options.c kdump/kdump_options.c; do
	prog=${src%%/*}
	opts=$(long_options "$KJUMP_SRCDIR/$src")
	check "$src has long options" test -n "$opts"
	for opt in $opts; do
		check "$prog.8 documents --$opt" documents "$DOC/$prog.8" "$opt"
	done
done

# Each setting in scripts/kjump.default (KJUMP_X= or #KJUMP_X=) is an
# entry in kjump(7): a .TP tag ".B KJUMP_X" or ".BR KJUMP_X= default".
settings=$(sed -n 's/^#\{0,1\}\(KJUMP_[A-Z0-9_]*\)=.*/\1/p' "$KJUMP_SRCDIR/scripts/kjump.default" | sort -u)
check "scripts/kjump.default has settings" test -n "$settings"
tags=$(awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' "$DOC/kjump.7")
for var in $settings; do
	check "kjump.7 has an entry for $var" grep -qE "^\.BR? $var(=| |\$)" <<<"$tags"
done
# ... and every KJUMP_* default a script sets is one of those settings.
for script in "$KJUMP_SRCDIR"/scripts/kjump-*; do
	for var in $(sed -n 's/^\(KJUMP_[A-Z0-9_]*\)=.*/\1/p' "$script" | sort -u); do
		[ "$var" = KJUMP_CONFIG ] && continue
		check "${script##*/}: $var is in scripts/kjump.default" grep -qx "$var" <<<"$settings"
	done
done

# Every command has a page, and its --help is short and names it.
export KJUMP_CONFIG=/dev/null
for cmd in "$KJUMP_BUILDDIR/build/sbin/kexec" "$KJUMP_BUILDDIR/build/sbin/kdump" \
	   "$KJUMP_SRCDIR"/scripts/kjump-*; do
	name=${cmd##*/}
	name=${name%.in}
	[ "$name" = kjump.default ] && continue
	check "$name has a man page doc/$name.8" test -f "$DOC/$name.8"
	case $cmd in
	*/scripts/*) help=$(sh "$cmd" --help 2>&1) ;;
	*) help=$("$cmd" --help 2>&1) ;;
	esac
	rc=$?
	check "$name --help exits 0 and names $name(8)" \
		bash -c '[ "$0" -eq 0 ] && grep -qF "$1" <<<"$2"' "$rc" "$name(8)" "$help"
	case $name in
	kexec|kdump) ;;
	*) check "$name --help is at most 20 lines" test "$(grep -c '' <<<"$help")" -le 20 ;;
	esac
done

# Pages of kjump's that the pages refer to exist.
for ref in $(cat "$DOC"/*.[1-8] | sed -n 's/^\.BR \(kjump[a-z\\-]*\|kexec\|kdump\) (\([1-8]\)).*/\1.\2/p' | sed 's/\\-/-/g' | sort -u); do
	check "referenced page doc/$ref exists" test -f "$DOC/$ref"
done
done_testing
