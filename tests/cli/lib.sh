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
		tap_result 1 "$name" "$(cat "$WORK/check"; echo "stdout: $OUT"; echo "stderr: $ERR")"
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

# json_get FILE EXPR: evaluate a Python expression on the parsed JSON 'j'.
json_get() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
