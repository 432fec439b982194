#!/bin/bash
# make install into a DESTDIR puts every file where data/Makefile.inc
# and the man pages say, with the install-time paths filled in;
# make uninstall takes them all away again, but keeps changed settings.
. "$KJUMP_SRCDIR/tests/cli/lib.sh"

D="$WORK/root"
# The layout of a distribution package (debian/rules asks for the same).
# Every directory is given: configure may have been told others (the
# Debian package's has --sbindir=/sbin).
DIRS=(prefix=/usr exec_prefix=/usr sbindir=/usr/sbin datarootdir=/usr/share
      datadir=/usr/share mandir=/usr/share/man docdir=/usr/share/doc/kjump
      sysconfdir=/etc localstatedir=/var systemdsystemunitdir=/lib/systemd/system
      bashcompletiondir=/usr/share/bash-completion/completions
      initramfstoolsdir=/usr/share/initramfs-tools)

check "make install DESTDIR=... prefix=/usr sysconfdir=/etc" \
	kmake install DESTDIR="$D" "${DIRS[@]}"

# MODE PATH: every file make install must put there.
expected="
755 /usr/sbin/kexec
755 /usr/sbin/kdump
755 /usr/sbin/kjump-load
755 /usr/sbin/kjump-kdump-capture
755 /usr/sbin/kjump-hibernate
755 /usr/sbin/kjump-resume
644 /etc/default/kjump
755 /etc/init.d/kjump
644 /lib/systemd/system/kjump-load.service
644 /lib/systemd/system/kjump-kdump.service
644 /lib/systemd/system/kjump-kdump-capture.service
644 /lib/systemd/system/kjump-hibernate.service
644 /lib/systemd/system/kjump-record-boot.service
755 /usr/share/initramfs-tools/hooks/kjump
755 /usr/share/initramfs-tools/scripts/local-premount/kjump
644 /usr/share/bash-completion/completions/kexec
644 /usr/share/bash-completion/completions/kdump
644 /usr/share/doc/kjump/hibernation.md
644 /usr/share/doc/kjump/kexec-jump.md
644 /usr/share/doc/kjump/jump-back-protocol.md"
# Every man page in doc/, in its section.
for page in "$KJUMP_SRCDIR"/doc/*.[1-8]; do
	name=${page##*/}
	expected="$expected
644 /usr/share/man/man${name##*.}/$name"
done

while read -r mode path; do
	[ -n "$path" ] || continue
	check "installed: $path (mode $mode)" \
		test -f "$D$path" -a "$(stat -c %a "$D$path" 2>/dev/null)" = "$mode"
done <<<"$expected"
check "installed: kjump.service masked (-> /dev/null)" \
	test "$(readlink "$D/lib/systemd/system/kjump.service")" = /dev/null

# Nothing else: the list above is the whole install.
(cd "$D" && find . \( -type f -o -type l \) | sed 's|^\.||' | sort) >"$WORK/got"
{ printf '%s\n' "$expected" | awk 'NF { print $2 }'; echo /lib/systemd/system/kjump.service; } |
	sort >"$WORK/want"
check "make install puts nothing anywhere else" diff "$WORK/want" "$WORK/got"

# Templates got their paths; the units run what was installed.
check "no @placeholder@ left in installed files" \
	bash -c '! grep -rlI "@[a-z_]*@" "$0"' "$D"
check "units run /usr/sbin/kjump-* and read /etc/default/kjump" \
	grep -q '^ExecStart=/usr/sbin/kjump-load --crash$' "$D/lib/systemd/system/kjump-kdump.service"
for unit in "$D"/lib/systemd/system/kjump-*.service; do
	# kjump's commands are installed; others (/bin/true) are the system's.
	for cmd in $(sed -n 's/^Exec\(Start\|Stop\)=\([^ ]*\).*/\2/p' "$unit"); do
		case $cmd in
		/usr/sbin/*) check "${unit##*/}: $cmd is installed" test -x "$D$cmd" ;;
		*) check "${unit##*/}: $cmd is the system's" test -x "$cmd" ;;
		esac
	done
	check "${unit##*/}: KJUMP_CONFIG=/etc/default/kjump" \
		grep -qx 'Environment=KJUMP_CONFIG=/etc/default/kjump' "$unit"
done
check "kjump-load reads /etc/default/kjump, finds kexec in /usr/sbin" \
	grep -q 'KJUMP_CONFIG:-/etc/default/kjump}' "$D/usr/sbin/kjump-load"
for f in kjump-hibernate kjump-resume; do
	check "$f reads /etc/default/kjump, finds kexec in /usr/sbin" \
		bash -c 'grep -qx "KJUMP_CONFIG=\${KJUMP_CONFIG:-/etc/default/kjump}" "$0" &&
			 grep -qx "PATH=/usr/sbin:\$PATH" "$0"' "$D/usr/sbin/$f"
	check "$f records boots in /var/lib/kjump/boot-id" \
		grep -qx 'KJUMP_BOOT_ID_FILE=/var/lib/kjump/boot-id' "$D/usr/sbin/$f"
done
check "the initramfs hook copies /usr/sbin/kexec" \
	grep -q '^copy_exec /usr/sbin/kexec /sbin/kexec$' "$D/usr/share/initramfs-tools/hooks/kjump"
for f in usr/sbin/kjump-load usr/sbin/kjump-kdump-capture usr/sbin/kjump-hibernate \
	 usr/sbin/kjump-resume etc/init.d/kjump etc/default/kjump \
	 usr/share/initramfs-tools/hooks/kjump usr/share/initramfs-tools/scripts/local-premount/kjump; do
	check "sh -n /$f" sh -n "$D/$f"
done
check "the installed /etc/default/kjump is scripts/kjump.default" \
	cmp "$KJUMP_SRCDIR/scripts/kjump.default" "$D/etc/default/kjump"
check "installed kexec runs" "$D/usr/sbin/kexec" --version

# A changed /etc/default/kjump survives make install and make uninstall.
echo 'KJUMP_IMAGE=/dev/mine' >>"$D/etc/default/kjump"
check "make install again" kmake install DESTDIR="$D" "${DIRS[@]}"
check "make install keeps a changed /etc/default/kjump" grep -q /dev/mine "$D/etc/default/kjump"
check "make uninstall" kmake uninstall DESTDIR="$D" "${DIRS[@]}"
left=$(cd "$D" && find . \( -type f -o -type l \) | sed 's|^\.||')
check "make uninstall leaves only the changed settings" test "$left" = /etc/default/kjump

# Directories given to make only (not to configure) are honoured.
check "make install prefix=/opt/kj sysconfdir=/opt/kj/etc" \
	kmake install DESTDIR="$WORK/opt" prefix=/opt/kj sbindir=/opt/kj/sbin mandir=/opt/kj/man \
	docdir=/opt/kj/doc sysconfdir=/opt/kj/etc \
	systemdsystemunitdir=/opt/kj/units bashcompletiondir=/opt/kj/bc initramfstoolsdir=/opt/kj/initramfs
check "prefix=/opt/kj: kjump-load.service runs /opt/kj/sbin/kjump-load at boot and at shutdown" \
	bash -c 'grep -qx "ExecStart=/opt/kj/sbin/kjump-load" "$1" &&
		grep -qx "ExecStop=/opt/kj/sbin/kjump-load --at-shutdown" "$1"' \
	_ "$WORK/opt/opt/kj/units/kjump-load.service"
check "prefix=/opt/kj: the settings in /opt/kj/etc/default/kjump" \
	grep -qx 'Environment=KJUMP_CONFIG=/opt/kj/etc/default/kjump' "$WORK/opt/opt/kj/units/kjump-load.service"
check "prefix=/opt/kj: kjump-resume records boots in /opt/kj/var/lib/kjump" \
	grep -qx 'KJUMP_BOOT_ID_FILE=/opt/kj/var/lib/kjump/boot-id' "$WORK/opt/opt/kj/sbin/kjump-resume"
check "prefix=/opt/kj: nothing outside /opt/kj" \
	test "$(ls -A "$WORK/opt")" = opt -a "$(ls -A "$WORK/opt/opt")" = kj
done_testing
