#!/usr/bin/env python3
"""Generate the malformed-image cases into DIR, one file per case, and
print one line per case:  NAME<TAB>EXPECTED-SUBSTRING<TAB>EXTRA-ARGS
(EXTRA-ARGS: kexec options, with @DIR@ for the case directory).
Every case must make kexec fail with exit status 1 and one line on
stderr containing EXPECTED-SUBSTRING."""
import os
import struct
import sys

out = sys.argv[1]
# The ELF cases are built for the kernel kexec plans for, so that each
# fails for the reason it names, not for being the wrong arch.
arch = sys.argv[2] if len(sys.argv) > 2 else "x86_64"
ELF_CLASS, ELF_MACHINE = (2, 62) if arch == "x86_64" else (1, 3)
cases = []


def case(name, data, expect, args=""):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    cases.append((name, expect, args))


# --- bzImage (Documentation/x86/boot.rst) ---------------------------------
def bzimage(setup_sects=4, payload=8192, version=0x020F, syssize=None, **over):
    # Always 4 setup sectors in the file, whatever the header claims.
    hdr = bytearray(5 * 512)
    struct.pack_into("<B", hdr, 0x1F1, setup_sects)
    struct.pack_into("<I", hdr, 0x1F4, (payload // 16) if syssize is None else syssize)
    struct.pack_into("<H", hdr, 0x1FE, 0xAA55)
    struct.pack_into("<BB", hdr, 0x200, 0xEB, 0x6A)
    struct.pack_into("<I", hdr, 0x202, 0x53726448)
    struct.pack_into("<H", hdr, 0x206, version)
    struct.pack_into("<B", hdr, 0x211, 1)
    struct.pack_into("<I", hdr, 0x22C, over.get("initrd_addr_max", 0x7FFFFFFF))
    struct.pack_into("<I", hdr, 0x230, over.get("align", 0x200000))
    struct.pack_into("<B", hdr, 0x234, 1)
    struct.pack_into("<H", hdr, 0x236, 1)
    struct.pack_into("<I", hdr, 0x238, over.get("cmdline_size", 2047))
    struct.pack_into("<Q", hdr, 0x258, 0x1000000)
    struct.pack_into("<I", hdr, 0x260, over.get("init_size", 0x800000))
    return bytes(hdr) + bytes((i * 7) & 0xFF for i in range(payload))


good_bz = bzimage()
for cut in (0, 1, 0x1F1, 0x1FE, 0x202, 0x206, 0x230, 0x263, 5 * 512, 5 * 512 + 100):
    case(f"bzimage-cut-{cut:#x}", good_bz[:cut],
         "is empty" if cut == 0 else "not a kernel image kjump can load")
case("bzimage-setup-sects-out-of-range", bzimage(setup_sects=200), "past the end of the file")
case("bzimage-old-protocol", bzimage(version=0x0204), "older than 2.06")
case("bzimage-syssize-beyond-file", bzimage(syssize=0x100000), "truncated")
case("bzimage-bad-alignment", bzimage(align=0x3000), "not a power of two")
case("bzimage-zero-cmdline-size", bzimage(cmdline_size=0), "cmdline_size is 0")
case("bzimage-huge-init-size", bzimage(init_size=0xFFFFF000), "no free RAM")
case("bzimage-cmdline-too-long", good_bz, "this kernel accepts at most 2047",
     "--append=" + "a" * 3000)
# The initrd's window is empty because of the image's own initrd_addr_max:
# the message names it, not --mem-min/--mem-max the user never gave.
with open(os.path.join(out, "small-initrd"), "wb") as f:
    f.write(bytes(4096))
case("bzimage-initrd-addr-max-below-1m", bzimage(initrd_addr_max=0x2000),
     "(the first MiB) is above the highest 0x2000 (the kernel's initrd_addr_max)",
     "--initrd=@DIR@/small-initrd")
case("bzimage-initrd-larger-than-ram", good_bz, "bytes of System RAM it would be loaded into", "--initrd=@DIR@/big-initrd")


# --- ELF executables -------------------------------------------------------
def elf(cls=ELF_CLASS, data=1, machine=ELF_MACHINE, etype=2, entry=0x2000000, phdrs=None, extra=b"",
        phentsize=None):
    phdrs = phdrs if phdrs is not None else [(1, 0x1000, 0x2000000, 0x100, 0x100)]
    if cls == 2:
        ehsize, phsize = 64, 56
    else:
        ehsize, phsize = 52, 32
    end = "<" if data == 1 else ">"
    ident = b"\x7fELF" + bytes([cls, data, 1]) + bytes(9)
    phoff = ehsize
    if cls == 2:
        eh = ident + struct.pack(end + "HHIQQQIHHHHHH", etype, machine, 1, entry, phoff, 0, 0,
                                 ehsize, phentsize or phsize, len(phdrs), 64, 0, 0)
    else:
        eh = ident + struct.pack(end + "HHIIIIIHHHHHH", etype, machine, 1, entry, phoff, 0, 0,
                                 ehsize, phentsize or phsize, len(phdrs), 40, 0, 0)
    body = bytearray(eh)
    for (ptype, off, paddr, filesz, memsz) in phdrs:
        if cls == 2:
            body += struct.pack(end + "IIQQQQQQ", ptype, 7, off, paddr, paddr, filesz, memsz, 0x1000)
        else:
            body += struct.pack(end + "IIIIIIII", ptype, off, paddr, paddr, filesz, memsz, 7, 0x1000)
    body += bytes(max(0, 0x1200 - len(body)))
    return bytes(body) + extra


good_elf = elf()
for cut in (16, 40, 63, 64 + 28, 64 + 55):
    case(f"elf-cut-{cut}", good_elf[:cut], "not a kernel image kjump can load")
case("elf-pt-load-beyond-file", elf(phdrs=[(1, 0x1000, 0x2000000, 0x100000, 0x100000)]),
     "not a kernel image kjump can load")
case("elf-overlapping-segments", elf(phdrs=[(1, 0x1000, 0x2000000, 0x100, 0x3000),
                                            (1, 0x1000, 0x2001000, 0x100, 0x1000)]),
     "PT_LOAD segments overlap", "--args-none")
case("elf-memsz-huge", elf(phdrs=[(1, 0x1000, 0x2000000, 0x100, (1 << (32 * ELF_CLASS - 2)))]),
     "is not inside System RAM")
# Wraps the 64-bit address space; on ELF32 it only runs past 4 GiB.
case("elf-memsz-wraps", elf(phdrs=[(1, 0x1000, (1 << (32 * ELF_CLASS)) - 0x1000, 0x100, 0x2000)]),
     "not a kernel image kjump can load" if ELF_CLASS == 2 else "destination limit")
case("elf-entry-outside-segments", elf(entry=0x5000000), "is not inside any segment", "--args-none")
case("elf-wrong-machine", elf(machine=40), "ELF machine 40")
# The table is written with the real entry size; the header claims
# another, which must be refused rather than read as if it were right.
case("elf-phentsize-40", elf(phentsize=40), "e_phentsize 40 is not the size of an ELF")
case("elf-wrong-class-for-machine", elf(cls=3 - ELF_CLASS, machine=ELF_MACHINE),
     f"ELF machine {ELF_MACHINE}")
case("elf-big-endian", elf(data=2), "not a little-endian ELF file")
case("elf-not-executable", elf(etype=3), "not an executable")
case("elf-zero-segments", elf(phdrs=[]), "no PT_LOAD segments")
case("elf-10000-segments",
     elf(phdrs=[(1, 0x1000, 0x2000000 + i * 0x1000, 0x10, 0x10) for i in range(10000)]),
     "more than 64 PT_LOAD segments")
case("elf-outside-ram", elf(entry=0x40000000, phdrs=[(1, 0x1000, 0x40000000, 0x100, 0x100)]),
     "is not inside System RAM", "--args-none")

# A sparse initrd as large as the whole guest's RAM.
with open(os.path.join(out, "big-initrd"), "wb") as f:
    f.truncate(600 << 20)

for name, expect, args in cases:
    print(f"{name}\t{expect}\t{args}")
