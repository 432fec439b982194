#!/usr/bin/env python3
"""Write a /proc/kcore look-alike for kexec's tests: an ELF64 core whose
one PT_LOAD maps the direct-map address of a VMCOREINFO note (physical
PADDR) to a page holding a note with TEXT, so kexec can copy it.
ARCH x86_64 (default) or i386 chooses the direct map's base."""
import struct
import sys

out, paddr, text = sys.argv[1], int(sys.argv[2], 0), sys.argv[3].encode()
arch = sys.argv[4] if len(sys.argv) > 4 else "x86_64"
page_offset = 0xFFFF888000000000 if arch == "x86_64" else 0xC0000000
name = b"VMCOREINFO\0"
note = struct.pack("<III", len(name), len(text), 0) + name + bytes(-len(name) % 4) + text
note += bytes(-len(note) % 4)
page = note + bytes(4096 - len(note))
ehdr = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9) + struct.pack(
    "<HHIQQQIHHHHHH", 4, 62, 1, 0, 64, 0, 0, 64, 56, 1, 64, 0, 0)
phdr = struct.pack("<IIQQQQQQ", 1, 7, 0x1000, page_offset + paddr, paddr, 4096, 4096, 4096)
with open(out, "wb") as f:
    f.write(ehdr + phdr)
    f.write(bytes(0x1000 - len(ehdr) - len(phdr)))
    f.write(page)
