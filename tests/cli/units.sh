#!/bin/bash
# The systemd units pass systemd-analyze verify, silently (an unknown key
# is only a warning there).  They are installed under a prefix in $WORK,
# without DESTDIR, so that the programs they run exist at the paths they
# name.  Skipped (77) without systemd-analyze.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

if ! command -v systemd-analyze >/dev/null; then
	echo "1..0 # SKIP systemd-analyze not found (Debian: systemd)"
	exit 77
fi
P="$WORK/prefix"
check "make install prefix=\$WORK/prefix" install_under "$P"

units=("$P"/units/kjump-*.service)
check "five units installed" test ${#units[@]} -eq 5
for unit in "${units[@]}"; do
	out=$(systemd-analyze verify --man=no "$unit" 2>&1)
	rc=$?
	tap_result $((rc != 0 || ${#out} != 0)) "systemd-analyze verify ${unit##*/}" "$out"
done

# Documentation=man:PAGE(N): the page is in doc/ (and so installed).
for page in $(sed -n 's/^Documentation=//p' "${units[@]}" | tr ' ' '\n' | sed -n 's/^man:\(.*\)(\([1-8]\))$/\1.\2/p' | sort -u); do
	check "Documentation= man page doc/$page exists" test -f "$KJUMP_SRCDIR/doc/$page"
done
done_testing
