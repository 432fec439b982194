#!/bin/bash
# The man page renders without warnings and documents every option that
# kexec --help lists.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

MAN="$KJUMP_SRCDIR/doc/kexec.8"
warnings=$(groff -ww -man -z "$MAN" 2>&1)
check "kexec.8 renders without groff warnings" test -z "$warnings"
run --help
for opt in $(printf '%s\n' "$OUT" | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
	# In the page, "-" is written "\-".
	check "kexec.8 documents $opt" grep -qF -- "${opt//-/\\-}" "$MAN"
done
done_testing
