#!/usr/bin/env python3
"""Write a running kernel's /sys/kernel/boot_params/data as an OVMF boot
through the kernel's EFI stub leaves it (arch/x86/include/uapi/asm/
bootparam.h, Documentation/x86/zero-page.rst): 4096 bytes with the
framebuffer the firmware reported (screen_info, EFI GOP, 1280x800x32 at
0x80000000), efi_info (EL64, the system table, 48-byte descriptors of
version 1, the memory map the stub copied) and secure_boot.  No
acpi_rsdp_addr: the stub leaves it 0 and the kernel finds the RSDP in
the EFI configuration table.  Used for tests/data/uefi-root."""
import struct
import sys

bp = bytearray(4096)
# screen_info (0x000): VIDEO_TYPE_EFI, the mode, the framebuffer, the
# colour layout, and a stale pre-2.02 command line pointer kexec must drop.
struct.pack_into("<B", bp, 0x0F, 0x70)                  # orig_video_isVGA
struct.pack_into("<HHH", bp, 0x12, 1280, 800, 32)       # lfb_width/height/depth
struct.pack_into("<II", bp, 0x18, 0x80000000, 0x3E8000)  # lfb_base, lfb_size (bytes)
struct.pack_into("<HH", bp, 0x20, 0xA33F, 0x1234)       # cl_magic, cl_offset
struct.pack_into("<H", bp, 0x24, 5120)                  # lfb_linelength
struct.pack_into("<8B", bp, 0x26, 8, 16, 8, 8, 8, 0, 8, 24)  # red..rsvd size/pos
# efi_info (0x1c0)
struct.pack_into("<4sIIIIIII", bp, 0x1C0, b"EL64", 0x1EBEE018, 48, 1,
                 0x1E6E8018, 48 * 119, 0, 0)
struct.pack_into("<B", bp, 0x1EC, 1)                    # secure_boot
# The setup header the kernel keeps (0x1f1...): boot protocol 2.15.
struct.pack_into("<H", bp, 0x1FE, 0xAA55)
struct.pack_into("<I", bp, 0x202, 0x53726448)           # "HdrS"
struct.pack_into("<H", bp, 0x206, 0x020F)
with open(sys.argv[1], "wb") as f:
    f.write(bp)
