#!/bin/sh
# uefi-kexec: kernel A, started by OVMF through its EFI stub, must see the
# UEFI machine: /sys/firmware/efi, the ACPI tables, both CPUs and the EFI
# framebuffer (if not, the test machine is wrong).  It loads itself as B
# with kexec -l (the syscall kexec picks, shown by --debug) and starts it
# with kexec -e; B must see all four too, which takes the EFI memory and
# runtime map, the ACPI RSDP and the screen info in B's boot parameters.
. /usr/lib/kjump/stages.sh
. /usr/lib/kjump/uefi.sh

uefi_kexec_flow
