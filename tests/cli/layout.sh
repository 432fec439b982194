#!/bin/bash
# The shape of the source tree, as issue 15 asks and the README says:
# small files, loaders that never see the command line, arch numbers
# only under kexec/arch/, kdump blind to kexec's headers, one name per
# header, and no environment variable the man pages do not document.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"
cd "$KJUMP_SRCDIR" || exit 1

# Every C file of the programs and the purgatory: at most 500 lines.
long=$(find kexec kdump util_lib purgatory -name '*.c' -exec wc -l {} + |
	awk '$2 != "total" && $1 > 500 { print $2 " (" $1 " lines)" }')
files=$(find kexec kdump util_lib purgatory -name '*.c' | wc -l)
check "found the C files ($files)" test "$files" -gt 50
check "no C file is longer than 500 lines" test -z "$long"
[ -z "$long" ] || echo "# $long"

# Loaders (the image types and what builds their plans) include no
# command-line header.
loaders=$(grep -l 'const struct image_type [a-z0-9_]*_image_type = {' kexec/arch/*/*.c kexec/load/*.c)
check "found the loaders" test -n "$loaders"
for f in $loaders kexec/load/build.c kexec/load/crash.c kexec/load/jump.c kexec/load/request.c; do
	check "$f includes no cli/ header" bash -c "! grep -n '#include \"cli/' '$f'"
done

# kdump and util_lib never include kexec's headers (they are not on
# their include path either; this says so when someone adds a -I).
for dir in kdump util_lib; do
	check "$dir includes no kexec header" \
		bash -c "! grep -nE '#include \"(cli|load|plan|system|arch|purgatory)/' $dir/*.c $dir/*.h"
done

# Generic kexec code names no x86 number or type: those live in arch/.
check "generic kexec code names no KEXEC_ARCH_386/X86_64, EM_386/EM_X86_64" \
	bash -c "! grep -rnE 'KEXEC_ARCH_(386|X86_64)|EM_(386|X86_64)' kexec --include='*.[ch]' | grep -v '^kexec/arch/'"
check "generic kexec code has no 1 MiB or 4 GiB literal" \
	bash -c "! grep -rnE '\b[12]ull << 20|0xffffffffull' kexec/load kexec/plan kexec/cli kexec/system"

# plan_* functions are declared in kexec/plan/; plan_build() and
# plan_build_image(), the path from a request to a plan, live in load/
# because they call the loaders, which plan/ never does.
check "plan_* functions are declared only in kexec/plan/ (plan_build* aside)" \
	bash -c "! grep -rnE '^[a-z].* \*?plan_[a-z_]+\(' kexec --include='*.h' | grep -v '^kexec/plan/' | grep -v 'plan_build'"
check "kexec/plan/ includes nothing from load/ or cli/" \
	bash -c "! grep -nE '#include \"(load|cli)/' kexec/plan/*.[ch]"

# One name per header.
dups=$(git ls-files '*.h' 2>/dev/null | xargs -n1 basename | sort | uniq -d)
[ -n "$(git ls-files '*.h' 2>/dev/null)" ] ||
	dups=$(find include kexec kdump util_lib purgatory -name '*.h' | xargs -n1 basename | sort | uniq -d)
check "no header name exists twice${dups:+: $dups}" test -z "$dups"

# Every environment variable kexec and kdump read is in their man pages.
vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)' kexec kdump util_lib | sed 's/getenv("\(.*\)")/\1/' | sort -u)
check "found the environment variables kexec and kdump read" test -n "$vars"
for v in $vars; do
	check "$v is documented in doc/kexec.8 or doc/kdump.8" \
		grep -qE "^\.B \\\$?$v|^\.BR \\\$?$v|\\\$$v" doc/kexec.8 doc/kdump.8
done
done_testing
