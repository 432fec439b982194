#!/usr/bin/env python3
"""Write a synthetic bzImage: a boot-protocol 2.15 setup header
(Documentation/x86/boot.rst) in front of PAYLOAD_BYTES of pseudo-random
"kernel".  Enough for a loader to plan; nothing that would boot.  An
optional third argument sets another protocol version (hex, "0x0208")."""
import random
import struct
import sys

out, payload_bytes = sys.argv[1], int(sys.argv[2])
version = int(sys.argv[3], 16) if len(sys.argv) > 3 else 0x020F
setup_sects = 4
hdr = bytearray((setup_sects + 1) * 512)
struct.pack_into("<B", hdr, 0x1f1, setup_sects)
struct.pack_into("<I", hdr, 0x1f4, (payload_bytes + 15) // 16)  # syssize
struct.pack_into("<H", hdr, 0x1fe, 0xAA55)
struct.pack_into("<BB", hdr, 0x200, 0xEB, 0x6A)       # jump: header ends at 0x26c
struct.pack_into("<I", hdr, 0x202, 0x53726448)        # "HdrS"
struct.pack_into("<H", hdr, 0x206, version)
struct.pack_into("<B", hdr, 0x211, 0x01)              # LOADED_HIGH
struct.pack_into("<I", hdr, 0x22C, 0x7FFFFFFF)        # initrd_addr_max
struct.pack_into("<I", hdr, 0x230, 0x200000)          # kernel_alignment
struct.pack_into("<B", hdr, 0x234, 1)                 # relocatable
struct.pack_into("<H", hdr, 0x236, 0x03)              # XLF_KERNEL_64 | above 4G
struct.pack_into("<I", hdr, 0x238, 2047)              # cmdline_size
struct.pack_into("<Q", hdr, 0x258, 0x1000000)         # pref_address
struct.pack_into("<I", hdr, 0x260, 0x800000)          # init_size
rng = random.Random(1)
payload = bytes(rng.getrandbits(8) for _ in range(payload_bytes))
with open(out, "wb") as f:
    f.write(hdr)
    f.write(payload + bytes(-payload_bytes % 16))
