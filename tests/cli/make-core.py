#!/usr/bin/env python3
"""Write a small x86_64 ELF core for the command-line tests:

    make-core.py OUT [OSRELEASE]

a PRSTATUS and a VMCOREINFO note (OSRELEASE default 6.1.0-cli), low RAM
from 0x1000 ending inside a page (its first page zero), and 3 MiB above
1 MiB with runs of zero pages (0x40-0x7f and every 7th page)."""
import struct, sys

def note(name, ntype, desc):
    name = name.encode() + b"\0"
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    return struct.pack("<III", len(name), len(desc), ntype) + pad(name) + pad(desc)

release = sys.argv[2] if len(sys.argv) > 2 else "6.1.0-cli"
vmcoreinfo = ("OSRELEASE=%s\nPAGESIZE=4096\nNUMBER(phys_base)=0\nKERNELOFFSET=0\n"
              % release).encode()
notes = note("CORE", 1, b"\x11" * 336) + note("VMCOREINFO", 0, vmcoreinfo)
segs = []
low = bytearray(b"L" * (0x9fc00 - 0x1000))
low[0:0x1000] = bytes(0x1000)                     # first page zero
segs.append((0x1000, bytes(low)))
high = bytearray()
for page in range(0x300):
    zero = 0x40 <= page < 0x80 or page % 7 == 3
    high += bytes(4096) if zero else struct.pack("<Q", page + 1) * 512
segs.append((0x100000, bytes(high)))

phnum = 1 + len(segs)
off = 64 + phnum * 56
out = bytearray(struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9),
                            4, 62, 1, 0, 64, 0, 0, 64, 56, phnum, 0, 0, 0))
out += struct.pack("<IIQQQQQQ", 4, 0, off, 0, 0, len(notes), len(notes), 0)
off += len(notes)
for paddr, data in segs:
    out += struct.pack("<IIQQQQQQ", 1, 7, off, 0xffff888000000000 + paddr, paddr,
                       len(data), len(data), 0)
    off += len(data)
out += notes
for _, data in segs:
    out += data
open(sys.argv[1], "wb").write(out)
