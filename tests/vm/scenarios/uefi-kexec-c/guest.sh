#!/bin/sh
# uefi-kexec-c: uefi-kexec with kexec -c, so that B is loaded with
# kexec_load: kexec itself, not the kernel, must hand B the EFI memory and
# runtime map, the ACPI RSDP and the EFI framebuffer.
. /usr/lib/kjump/stages.sh
. /usr/lib/kjump/uefi.sh

uefi_kexec_flow -c
