# shellcheck shell=bash disable=SC2034,SC2154
# (variables are set here for, or by, the sourcing script)

# Helpers shared by the tests/vm scripts.  Sourced, not executed; the caller
# sets $prog (used in messages) before sourcing.
#
# Convention: scripts print their result (a path, a PASS/FAIL line) on
# stdout and everything else on stderr, so callers can use $(...).

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$vm_dir/../.." && pwd)
cache_dir=${KJUMP_CACHE:-$HOME/.cache/kjump}

note() { echo "$prog: $*" >&2; }
die() { echo "$prog: error: $*" >&2; exit 1; }

# Our arch names double as the kernel's make ARCH; deb_arch gives Debian's.
check_arch() {
	case "${1:-}" in
	x86_64|i386) ;;
	"") die "--arch is required (x86_64 or i386)" ;;
	*) die "unsupported arch '$1' (x86_64 or i386)" ;;
	esac
}
deb_arch() { [ "$1" = x86_64 ] && echo amd64 || echo i386; }

# apt is serialised through our own lock: two harness runs started together
# would otherwise trip over dpkg's lock and fail instead of waiting.
apt_locked() {
	mkdir -p "$cache_dir"
	(
		flock 8
		DEBIAN_FRONTEND=noninteractive apt-get -q \
			-o DPkg::Lock::Timeout=600 "$@" >&2
	) 8>"$cache_dir/apt.lock"
}

# apt-get update exits non-zero when any one source fails (third-party
# repositories may be unreachable here); the install or download that
# follows is what really tells whether we got what we need.
apt_update() {
	apt_locked update || note "apt-get update reported errors; carrying on"
}

# Install the given Debian packages unless they are already there.
need_pkgs() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null |
			grep -qx installed || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	note "installing ${missing[*]}"
	apt_update
	apt_locked install -y --no-install-recommends "${missing[@]}"
}

# i386 packages (busybox-static:i386) need the foreign arch enabled.
need_i386_arch() {
	dpkg --print-foreign-architectures | grep -qx i386 && return 0
	note "enabling the i386 dpkg architecture"
	dpkg --add-architecture i386
	apt_update
}
