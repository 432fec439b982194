#!/bin/sh
# lockdown-unsigned: under lockdown=integrity the kernel takes no unsigned
# image.  kexec -l of the unsigned bzImage must say so in one line on
# stderr that names the signature or lockdown, exit with status 1, and
# leave nothing loaded.
. /usr/lib/kjump/stages.sh
. /usr/lib/kjump/uefi.sh

need_lockdown integrity
rc=0
kexec -l --append "$(next_cmdline B none)" /boot/bzImage 2>/tmp/load.err || rc=$?
refused_in_one_line "kexec -l of the unsigned bzImage" "$rc" /tmp/load.err 'lockdown|sign'
echo "KJUMP-PASS"
