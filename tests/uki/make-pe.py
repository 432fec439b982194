#!/usr/bin/env python3
"""Write a minimal PE32+ (x86_64) image with the sections given:

    make-pe.py OUT NAME=FILE...

Each section's bytes are FILE's, placed at the next 512-byte file
offset and the next 4 KiB virtual address, with VirtualSize = the file's
size.  The image has no code that runs: it is what kexec's uki type and
tests read, a stand-in for systemd-stub when that is not installed
(tests/uki/make-uki)."""
import struct
import sys

FILE_ALIGN, SECTION_ALIGN = 0x200, 0x1000
OPT_HEADER_SIZE = 240                   # PE32+ with 16 data directories


def align(x, a):
    return (x + a - 1) // a * a


def main():
    out, specs = sys.argv[1], sys.argv[2:]
    sections = []
    for spec in specs:
        name, path = spec.split("=", 1)
        if len(name.encode()) > 8:
            sys.exit("make-pe.py: section name %r is longer than 8 bytes" % name)
        sections.append((name.encode(), open(path, "rb").read()))
    pe_offset = 0x80
    table = pe_offset + 4 + 20 + OPT_HEADER_SIZE
    offset = align(table + 40 * len(sections), FILE_ALIGN)
    vaddr = SECTION_ALIGN
    headers, body = [], b""
    for name, data in sections:
        headers.append(struct.pack("<8sIIIIIIHHI", name, len(data), vaddr,
                                   align(len(data), FILE_ALIGN), offset if data else 0,
                                   0, 0, 0, 0, 0x40000040))   # initialised data, readable
        body += data + b"\0" * (align(len(data), FILE_ALIGN) - len(data))
        offset += align(len(data), FILE_ALIGN)
        vaddr += align(max(len(data), 1), SECTION_ALIGN)
    dos = bytearray(pe_offset)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, pe_offset)
    coff = struct.pack("<HHIIIHH", 0x8664, len(sections), 0, 0, 0, OPT_HEADER_SIZE, 0x0206)
    opt = bytearray(OPT_HEADER_SIZE)
    struct.pack_into("<HBB", opt, 0, 0x20B, 0, 0)             # magic, linker version
    struct.pack_into("<Q", opt, 24, 0)                        # ImageBase
    struct.pack_into("<II", opt, 32, SECTION_ALIGN, FILE_ALIGN)
    struct.pack_into("<I", opt, 56, vaddr)                    # SizeOfImage
    struct.pack_into("<I", opt, 60, align(table + 40 * len(sections), FILE_ALIGN))
    struct.pack_into("<H", opt, 68, 10)                       # subsystem: EFI application
    struct.pack_into("<I", opt, 108, 16)                      # NumberOfRvaAndSizes
    head = bytes(dos) + b"PE\0\0" + coff + bytes(opt) + b"".join(headers)
    head += b"\0" * (align(len(head), FILE_ALIGN) - len(head))
    with open(out, "wb") as f:
        f.write(head + body)


main()
