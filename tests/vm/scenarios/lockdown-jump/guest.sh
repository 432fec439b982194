#!/bin/sh
# lockdown-jump: kexec jump needs kexec_load (kexec_file_load cannot
# preserve context), which lockdown refuses whatever the image.  Even with
# the signed bzImage, kexec -l --load-preserve-context must refuse in one
# line that names lockdown, exit with status 1 and load nothing.
. /usr/lib/kjump/stages.sh
. /usr/lib/kjump/uefi.sh

need_lockdown integrity
rc=0
kexec -l --load-preserve-context --append "$(next_cmdline B none)" \
	/boot/bzImage.signed 2>/tmp/load.err || rc=$?
refused_in_one_line "kexec -l --load-preserve-context" "$rc" /tmp/load.err 'lockdown'
echo "KJUMP-PASS"
