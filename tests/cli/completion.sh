#!/bin/bash
# The bash completions (data/bash-completion) offer exactly the options
# and commands kexec/cli/options.c and kdump/kdump_options.c parse, and
# complete option values.  They need nothing from the bash-completion
# package.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

C="$KJUMP_SRCDIR/data/bash-completion"
# complete_words FILE WORDS...: the completions for the last word, one a
# line.  A completion that cannot be found or run, or that writes to
# stderr, fails: it prints nothing, says why on stderr, and is noted in
# $WORK/completion-errors (a test at the end), since in $(...) or a
# pipe its status would be lost.
complete_words() {
	local rc
	bash -c '. "$1" || exit; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		 spec=$(complete -p "$1") || exit
		 func=$(printf "%s\n" "$spec" | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		 [ -n "$func" ] || { echo "no completion function in: $spec" >&2; exit 1; }
		 "$func"
		 printf "%s\n" "${COMPREPLY[@]}"' _ "$@" >"$WORK/words" 2>"$WORK/words-err"
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$WORK/words-err" ]; then
		{ echo "completing \"${*:2}\": status $rc, stderr:"; cat "$WORK/words-err"; } |
			tee -a "$WORK/completion-errors" >&2
		return 1
	fi
	sort "$WORK/words"
}
# long_options FILE: the long options a getopt_long table in FILE lists.
long_options() {
	sed -n 's/^[[:space:]]*{ *"\([a-z0-9-]*\)",.*_argument.*/--\1/p' "$1" | sort
}

check "kexec: the completion loads" bash -c '. "$1" && complete -p kexec' _ "$C/kexec"
long_options "$KJUMP_SRCDIR/kexec/cli/options.c" >"$WORK/want"
check "kexec/cli/options.c lists options" test -s "$WORK/want"
complete_words "$C/kexec" kexec -- >"$WORK/got"
check "kexec --<TAB>: every long option kexec parses, nothing else" diff "$WORK/want" "$WORK/got"
short=$(sed -n 's/^static const char short_options\[\] = ":\(.*\)";/\1/p' "$KJUMP_SRCDIR/kexec/cli/options.c" |
	tr -d ':' | sed 's/./-& /g' | tr ' ' '\n' | grep . | sort)
check "kexec/cli/options.c has short options" test -n "$short"
check "kexec -<TAB>: every short option" \
	test "$(complete_words "$C/kexec" kexec - | grep -v -- '^--')" = "$short"
check "kexec --type <TAB>: the image types kexec -h lists" \
	test "$(complete_words "$C/kexec" kexec --type '' | tr '\n' ' ')" = "bzImage elf-x86 elf-x86_64 multiboot-x86 multiboot2-x86 raw uki "
types=$("$KEXEC" --help | sed -n '/^Image types/,$s/^  \([a-zA-Z][a-zA-Z0-9_-]*\) .*/\1/p' | sort | tr '\n' ' ')
check "kexec --help lists the same image types" \
	test "$types" = "bzImage elf-x86 elf-x86_64 multiboot-x86 multiboot2-x86 raw uki "
check "kexec --kernel-arch=<TAB>" \
	test "$(complete_words "$C/kexec" kexec --kernel-arch = '' | tr '\n' ' ')" = "i386 x86_64 "
touch "$WORK/initrd.img"
check "kexec --initrd <TAB>: files" \
	test "$(complete_words "$C/kexec" kexec --initrd "$WORK/initrd.")" = "$WORK/initrd.img"

check "kdump: the completion loads" bash -c '. "$1" && complete -p kdump' _ "$C/kdump"
check "kdump <TAB>: the commands, --help, --version" \
	test "$(complete_words "$C/kdump" kdump '' | tr '\n' ' ')" = "--help --version dmesg info save "
commands=$(sed -n 's/^[[:space:]]*{ "\([a-z]*\)", CMD_[A-Z]*,.*/\1/p' "$KJUMP_SRCDIR/kdump/kdump_options.c" | sort | tr '\n' ' ')
check "kdump/kdump_options.c has the same commands" test "$commands" = "dmesg info save "
# Each command offers its own options; together, every long option.
for cmd in save info dmesg; do
	complete_words "$C/kdump" kdump "$cmd" -- | grep -- '^--'
done | sort -u >"$WORK/got"
long_options "$KJUMP_SRCDIR/kdump/kdump_options.c" >"$WORK/want"
check "kdump/kdump_options.c lists options" test -s "$WORK/want"
check "kdump CMD --<TAB>: every long option kdump parses, nothing else" diff "$WORK/want" "$WORK/got"
not_offered() {	# not_offered OPTION FILE WORDS...: the completion offers words, not OPTION
	local opt=$1 words
	shift
	words=$(complete_words "$@") || return 1
	echo "offered: $words"
	[ -n "$words" ] && ! printf '%s\n' "$words" | grep -qx -- "$opt"
}
check "kdump info --<TAB>: not save's options" not_offered --exclude "$C/kdump" kdump info --
check "kdump save --compress <TAB>" \
	test "$(complete_words "$C/kdump" kdump save --compress '' | tr '\n' ' ')" = "gzip none xz zstd "
check "kdump save --exclude z<TAB>" \
	test "$(complete_words "$C/kdump" kdump save --exclude z | tr '\n' ' ')" = "zero zero,free "
touch "$WORK/completion-errors"
tap_result "$([ -s "$WORK/completion-errors" ] && echo 1 || echo 0)" \
	"no completion failed or wrote to stderr" "$(cat "$WORK/completion-errors")"
done_testing
