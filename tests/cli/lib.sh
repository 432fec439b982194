# TAP helpers for the command-line tests.  Sourced; each test file
# calls check/expect_error and ends with done_testing.
set -u
: "${KJUMP_SRCDIR:?run through make check}" "${KJUMP_BUILDDIR:?run through make check}"
KEXEC="$KJUMP_BUILDDIR/build/sbin/kexec"
# The command run() and expect_error() test; kdump.sh sets it to kdump.
PROG="$KEXEC"
DATA="$KJUMP_SRCDIR/tests/data"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kjump-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
tap_n=0

# run ARGS...: run $PROG, keeping stdout, stderr and status.
run() {
	"$PROG" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
}

tap_result() {	# tap_result STATUS NAME [DIAGNOSTIC]
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
	fi
	return 0
}

# check NAME COMMAND...: one test, passing when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@" >"$WORK/check" 2>&1; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name" "$(cat "$WORK/check"; echo "stdout: ${OUT:-}"; echo "stderr: ${ERR:-}")"
	fi
}

# expect_error NAME NEEDLE ARGS...: $PROG must exit 1 with exactly one
# line on stderr, "<prog>: ..." containing NEEDLE, and print nothing.
expect_error() {
	local name=$1 needle=$2 lines prefix
	shift 2
	prefix="$(basename "$PROG"): "
	run "$@"
	lines=$(printf '%s' "$ERR" | grep -c '')
	if [ "$RC" -eq 1 ] && [ "$lines" -eq 1 ] && [ -z "$OUT" ] &&
	   [ "${ERR#"$prefix"}" != "$ERR" ] && [ "${ERR#*"$needle"}" != "$ERR" ]; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name" "want exit 1 and one line with \"$needle\"; got exit $RC, $lines lines: $ERR"
	fi
}

done_testing() {
	echo "1..$tap_n"
}

# kmake ARGS...: make in the build directory (make install for the
# packaging tests), not joining make check's jobserver.
kmake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${MAKE:-make}" -s -C "$KJUMP_BUILDDIR" "$@"; }
# install_under DIR: make install with every directory inside DIR (no
# DESTDIR: the installed files name the paths they are at).  Each one is
# given, as configure may have made any of them absolute (the Debian
# package's --sbindir=/sbin): one left out would install on this host.
install_under() {
	kmake install prefix="$1" exec_prefix="$1" bindir="$1/bin" sbindir="$1/sbin" \
		libexecdir="$1/libexec" libdir="$1/lib" includedir="$1/include" \
		datarootdir="$1/share" datadir="$1/share" mandir="$1/man" infodir="$1/info" \
		docdir="$1/doc" sysconfdir="$1/etc" localstatedir="$1/var" runstatedir="$1/run" \
		systemdsystemunitdir="$1/units" bashcompletiondir="$1/completions" \
		initramfstoolsdir="$1/initramfs-tools"
}

# plan_json FILE ARGS...: kexec --dry-run --json ARGS, the plan into FILE
# (a failure shows as a diagnostic; the checks on FILE then fail).
plan_json() {
	local f=$1
	shift
	run --dry-run --json "$@"
	printf '%s\n' "$OUT" >"$f"
	[ "$RC" = 0 ] || echo "# kexec exited $RC: $ERR"
}
# seg FILE NAME FIELD: FIELD of segment NAME in the JSON plan FILE.
seg() {
	json_get "$1" "[s['$3'] for s in j['segments'] if s['name'] == '$2'][0]"
}

# json_get FILE EXPR: evaluate a Python expression on the parsed JSON 'j'.
json_get() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
