#!/bin/sh
# multiboot: kexec -l -t multiboot-x86 of tests/multiboot's Multiboot 0.6.96
# kernel with two modules and a command line, then kexec -e
# (common/multiboot-guest.sh).
# The kernel reports on COM1 what it received; scenario.conf's
# check_console compares that with what was passed.
. /usr/lib/kjump/multiboot-guest.sh

mb_guest multiboot-x86
