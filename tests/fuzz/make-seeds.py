#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets into OUTDIR/TARGET/:

    make-seeds.py SRCDIR BUILDDIR OUTDIR

from what the source tree and the build have: synthetic bzImages
(tests/cli/make-bzimage.py), UKIs of them (tests/uki/make-uki), the
multiboot test kernels (tests/multiboot/build), the malformed-image cases
(tests/malformed/gen.py), the physical-mode programs (tests/phys/build),
the purgatory objects of the build, the memory maps in tests/data, and
synthetic ELF cores with a VMCOREINFO note and a printk ringbuffer.
Test kernels cached by the VM tests ($KJUMP_CACHE, else
~/.cache/kjump/kernel/*/{bzImage,vmlinux}) are used when present, cut
down to a few KiB of kernel so that each run stays fast.

The loader targets (bzimage, elf32, elf64, multiboot, multiboot2, uki)
take a flags byte before the image (tests/fuzz/fuzz.h, FUZZ_LOAD_*);
every image is written with a few flag combinations.  Prints one line per target: its seed count."""
import glob
import gzip
import lzma
import os
import shutil
import struct
import subprocess
import sys
import tempfile

src, build, out = sys.argv[1:4]
cache = os.environ.get("KJUMP_CACHE", os.path.expanduser("~/.cache/kjump"))
counts = {}

# FUZZ_LOAD_* in tests/fuzz/fuzz.h.
PANIC, I386, PRESERVE, REUSE, INITRD, WINDOW = 0x01, 0x02, 0x04, 0x08, 0x10, 0x80
ARGS_LINUX, ARGS_ELF, ARGS_NONE = 1 << 5, 2 << 5, 3 << 5


def seed(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    counts[target] = counts.get(target, 0) + 1


def loader_seeds(target, name, image, flag_sets):
    for flags in flag_sets:
        seed(target, f"{name}.{flags:02x}", bytes([flags]) + image)


def run(*cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout


tmp = tempfile.mkdtemp(prefix="kjump-seeds.")
try:
    # --- bzImage ----------------------------------------------------------
    BZ_FLAGS = (0, PANIC, PRESERVE | REUSE, INITRD | WINDOW, I386, ARGS_LINUX | REUSE | INITRD)
    for payload in (16, 8192):
        path = os.path.join(tmp, f"bz-{payload}")
        run(sys.executable, os.path.join(src, "tests/cli/make-bzimage.py"), path, str(payload))
        loader_seeds("bzimage", f"synthetic-{payload}", open(path, "rb").read(), BZ_FLAGS)
    for kernel in sorted(glob.glob(os.path.join(cache, "kernel/*/bzImage"))):
        data = bytearray(open(kernel, "rb").read())
        setup = ((data[0x1F1] or 4) + 1) * 512
        keep = min(len(data) - setup, 16384) & ~15
        struct.pack_into("<I", data, 0x1F4, keep // 16)     # syssize: what is left
        loader_seeds("bzimage", "kernel-" + os.path.basename(os.path.dirname(kernel)),
                     bytes(data[:setup + keep]), BZ_FLAGS)

    # --- the malformed-image cases, per arch --------------------------------
    for arch, target in (("x86_64", "elf64"), ("i386", "elf32")):
        d = os.path.join(tmp, "malformed-" + arch)
        os.makedirs(d)
        run(sys.executable, os.path.join(src, "tests/malformed/gen.py"), d, arch)
        for name in sorted(os.listdir(d)):
            data = open(os.path.join(d, name), "rb").read()
            if not data or len(data) > 65536:
                continue
            if name.startswith("bzimage-") and arch == "x86_64":
                seed("bzimage", "malformed-" + name, bytes([0]) + data)
            elif name.startswith("elf-"):
                seed(target, "malformed-" + name, bytes([0]) + data)

    # --- ELF executables ----------------------------------------------------
    ELF_FLAGS = (0, ARGS_NONE, ARGS_NONE | PRESERVE, ARGS_ELF, PANIC, REUSE | INITRD | WINDOW)
    phys = os.path.join(tmp, "phys")
    try:
        run(os.path.join(src, "tests/phys/build"), phys, "x86_64", "i386")
    except (subprocess.CalledProcessError, OSError):
        print("make-seeds: cannot build tests/phys; no physical-mode programs", file=sys.stderr)
    for arch, target in (("x86_64", "elf64"), ("i386", "elf32")):
        path = os.path.join(phys, "phys-" + arch)
        if os.path.exists(path):
            flags = ELF_FLAGS if arch == "x86_64" else tuple(f | I386 for f in ELF_FLAGS) + (0,)
            loader_seeds(target, "phys-" + arch, open(path, "rb").read(), flags)

    def trimmed_vmlinux(data, keep=512):
        """The ELF header, program headers and KEEP bytes of each PT_LOAD."""
        cls = data[4]
        if cls == 2:
            phoff, = struct.unpack_from("<Q", data, 0x20)
            phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
            fmt, off_i, filesz_i = "<IIQQQQQQ", 2, 5
        else:
            phoff, = struct.unpack_from("<I", data, 0x1C)
            phentsize, phnum = struct.unpack_from("<HH", data, 0x2A)
            fmt, off_i, filesz_i = "<IIIIIIII", 1, 4
        head = bytearray(data[:phoff + phentsize * phnum])
        body = bytearray()
        for i in range(phnum):
            ph = list(struct.unpack_from(fmt, data, phoff + i * phentsize))
            if ph[0] != 1:
                continue
            n = min(ph[filesz_i], keep)
            chunk = data[ph[off_i]:ph[off_i] + n]
            ph[off_i] = len(head) + len(body)
            ph[filesz_i] = n
            body += chunk + bytes(-len(chunk) % 16)
            struct.pack_into(fmt, head, phoff + i * phentsize, *ph)
        struct.pack_into("<Q" if cls == 2 else "<I", head, 0x28 if cls == 2 else 0x20, 0)  # no sections
        struct.pack_into("<HH", head, 0x3C if cls == 2 else 0x30, 0, 0)
        return bytes(head + body)

    for vmlinux in sorted(glob.glob(os.path.join(cache, "kernel/*/vmlinux"))):
        with open(vmlinux, "rb") as f:
            ident = f.read(5)
        if ident[:4] != b"\x7fELF":
            continue
        target = "elf64" if ident[4] == 2 else "elf32"
        flags = (0, PANIC, PRESERVE, ARGS_LINUX | INITRD) if target == "elf64" else (I386, I386 | PANIC, 0)
        loader_seeds(target, "vmlinux-" + os.path.basename(os.path.dirname(vmlinux)),
                     trimmed_vmlinux(open(vmlinux, "rb").read()), flags)

    # --- multiboot kernels and UKIs -------------------------------------------
    MB_FLAGS = (0, INITRD, I386 | INITRD, REUSE | WINDOW, PANIC, ARGS_NONE)
    mb = os.path.join(tmp, "multiboot")
    try:
        run(os.path.join(src, "tests/multiboot/build"), mb)
    except (subprocess.CalledProcessError, OSError):
        print("make-seeds: cannot build tests/multiboot; no multiboot kernels", file=sys.stderr)
    for name, target in (("mb1", "multiboot"), ("mb1-address", "multiboot"),
                         ("mb2", "multiboot2"), ("mb2-address", "multiboot2")):
        path = os.path.join(mb, name)
        if os.path.exists(path):
            loader_seeds(target, name, open(path, "rb").read(), MB_FLAGS)
    UKI_FLAGS = (0, INITRD, PANIC, I386, REUSE | WINDOW, PRESERVE)
    for payload in (16, 8192):
        uki = os.path.join(tmp, f"uki-{payload}")
        run(os.path.join(src, "tests/uki/make-uki"), "--synthetic", os.path.join(tmp, f"bz-{payload}"),
            os.path.join(src, "tests/data/qemu-64m.iomem"), "root=/dev/vda console=ttyS0", uki)
        loader_seeds("uki", f"synthetic-{payload}", open(uki, "rb").read(), UKI_FLAGS)

    # --- the purgatory objects of this build --------------------------------
    for arch, flags in (("x86_64", (0x00, 0x06)), ("i386", (0x01, 0x03, 0x07))):
        path = os.path.join(build, "purgatory", f"purgatory-{arch}.ro")
        if os.path.exists(path):
            for f in flags:
                seed("purgatory", f"purgatory-{arch}.{f:02x}", bytes([f]) + open(path, "rb").read())

    # --- memory maps ----------------------------------------------------------
    iomems = sorted(glob.glob(os.path.join(src, "tests/data/*.iomem")))
    iomems.append(os.path.join(src, "tests/data/sysroot-qemu/proc/iomem"))
    for path in iomems:
        text = open(path, "rb").read()
        name = os.path.basename(path) if not path.endswith("/iomem") else "sysroot-qemu.iomem"
        seed("memmap", name, b"\x01" + text)
        # The same top-level entries as a firmware map: start, end, type per entry.
        fields = []
        for line in text.decode(errors="replace").splitlines():
            if line.startswith(" ") or " : " not in line:
                continue
            rng, kind = line.split(" : ", 1)
            start, _, end = rng.partition("-")
            fields += [f"0x{start}\n", f"0x{end}\n", kind + "\n"]
        if fields:
            seed("memmap", "firmware-" + name, b"\x00" + "\0".join(fields).encode())
    fw = "/sys/firmware/memmap"
    if os.path.isdir(fw):
        fields = []
        for entry in sorted(os.listdir(fw), key=lambda e: int(e) if e.isdigit() else -1):
            try:
                fields += [open(os.path.join(fw, entry, f)).read() for f in ("start", "end", "type")]
            except OSError:
                fields = []
                break
        if fields:
            seed("memmap", "firmware-this-host", b"\x00" + "\0".join(fields).encode())

    # --- firmware facts (tests/fuzz/firmware.c) ---------------------------------
    root = os.path.join(src, "tests/data/uefi-root")
    efi = os.path.join(root, "sys/firmware/efi")
    def text(*parts):
        return open(os.path.join(*parts)).read()
    bp = open(os.path.join(root, "sys/kernel/boot_params/data"), "rb").read()
    fields = [text(efi, "systab"), text(root, "sys/class/graphics/fb0/name").strip(),
              text(efi, "fw_platform_size"), text(efi, "fw_vendor"), text(efi, "config_table")]
    entries = sorted(os.listdir(os.path.join(efi, "runtime-map")), key=int)
    for e in entries:
        fields += [text(efi, "runtime-map", e, f)
                   for f in ("type", "phys_addr", "virt_addr", "num_pages", "attribute")]
    body = "\0".join(fields).encode()
    for flags in (0x00, 0x01, 0x02, 0x04):
        seed("firmware", f"uefi-root.{flags:02x}", bytes([flags]) + struct.pack("<H", len(bp)) + bp + body)
    seed("firmware", "no-boot-params", b"\x00\x00\x00" + body)
    seed("firmware", "i915-fb0", b"\x00" + struct.pack("<H", len(bp)) + bp +
         body.replace(b"EFI VGA", b"i915drmfb"))

    # --- compressed data ------------------------------------------------------
    samples = {"bzimage": open(os.path.join(tmp, "bz-8192"), "rb").read(),
               "iomem": open(iomems[0], "rb").read(), "empty": b""}
    zstd = shutil.which("zstd")
    for name, data in samples.items():
        packed = {"gz": gzip.compress(data, mtime=0), "xz": lzma.compress(data)}
        if zstd:
            packed["zst"] = subprocess.run([zstd, "-q", "-c"], input=data, check=True,
                                           stdout=subprocess.PIPE).stdout
        for fmt, blob in packed.items():
            for flags in (0x05, 0x02, 0x85, 0x45):  # 64 KiB; 4095 bytes; via a file; streamed
                seed("decompress", f"{name}.{fmt}.{flags:02x}", bytes([flags]) + blob)
        seed("decompress", f"{name}.raw.85", b"\x85" + data)
    # Two gzip members, as "cat a.gz b.gz" makes them.
    two = gzip.compress(b"one\n", mtime=0) + gzip.compress(b"two\n", mtime=0)
    seed("decompress", "two-members.gz.05", b"\x05" + two)
    seed("decompress", "two-members.gz.45", b"\x45" + two)

    # --- command lines ----------------------------------------------------------
    def cmdline(flags, *fields):
        return bytes([flags]) + b"\0".join(f.encode() for f in fields)

    proc = ("BOOT_IMAGE=/vmlinuz-6.1 root=/dev/vda ro initrd=/initrd.img crashkernel=128M "
            "console=ttyS0,115200 kexec_jump_back_entry=0x100000a quiet\n")
    seed("cmdline", "reuse", cmdline(1, proc, "console=ttyS1", "elfcorehdr=0x1000"))
    seed("cmdline", "reuse-crash", cmdline(3, proc, "", "elfcorehdr=0x17fff000"))
    seed("cmdline", "load", cmdline(0, proc, "root=/dev/sda", "", "-l", "--append=x", "--initrd",
                                    "/boot/initrd", "--mem-min=16M", "--mem-max", "0x7fffffff",
                                    "vmlinuz"))
    seed("cmdline", "jump", cmdline(1, "kexec_jump_back_entry=0xffff888000123456", "", "",
                                    "--load-preserve-context", "--args-none", "--entry=0x2000000",
                                    "--dry-run", "--json", "--kernel-arch=i386", "phys"))
    seed("cmdline", "panic", cmdline(2, "", "console=ttyS3", "", "-p", "--elf32-core-headers",
                                     "--reuse-cmdline", "-t", "bzImage", "--segment=a@1M", "k"))
    seed("cmdline", "bad-options", cmdline(0, "", "", "", "--mem-min", "1Q", "-Z", "--frob", "a", "b"))

    # --- ELF cores ------------------------------------------------------------
    # Layouts of the 6.1 printk structures (tests/unit/test_kdump_dmesg.c).
    LAYOUT = {
        8: dict(rb_desc_ring=0, rb_text_ring=48, rb_size=88, dr_count_bits=0, dr_descs=8,
                dr_infos=16, dr_head=24, dr_tail=32, desc_size=24, desc_state=0, desc_lpos=8,
                lpos_begin=0, lpos_next=8, info_size=88, info_seq=0, info_ts=8, info_len=16,
                info_caller=20, tr_size_bits=0, tr_data=8),
        4: dict(rb_desc_ring=0, rb_text_ring=24, rb_size=44, dr_count_bits=0, dr_descs=4,
                dr_infos=8, dr_head=12, dr_tail=16, desc_size=12, desc_state=0, desc_lpos=4,
                lpos_begin=0, lpos_next=4, info_size=88, info_seq=0, info_ts=8, info_len=16,
                info_caller=20, tr_size_bits=0, tr_data=4),
    }

    def note(name, ntype, desc):
        n = name.encode() + b"\0"
        return (struct.pack("<III", len(n), len(desc), ntype) + n + bytes(-len(n) % 4) +
                desc + bytes(-len(desc) % 4))

    def core(x86_64, messages=("Linux version 6.1.0 (kjump fuzz seed)", "Command line: quiet"),
             xnum=False, elf32=False, page_tables=False):
        """A small core: one PT_LOAD of RAM at 1 MiB holding a printk ringbuffer."""
        ls = 8 if x86_64 else 4
        lay = LAYOUT[ls]
        ram_pa, ram_size = 0x100000, 0x800
        if x86_64:
            page_offset, phys_base = 0xFFFF888000000000, 0x0
        else:
            page_offset, phys_base = 0xC0000000, 0
        ram = bytearray(ram_size)

        def va(pa):
            return page_offset + pa

        def put(pa, value, size):
            struct.pack_into({2: "<H", 4: "<I", 8: "<Q"}[size], ram, pa - ram_pa, value)

        count_bits, size_bits = 2, 9
        prb_pa, rb_pa = ram_pa, ram_pa + 0x80
        descs_pa, infos_pa, data_pa = ram_pa + 0x100, ram_pa + 0x200, ram_pa + 0x600
        put(prb_pa, va(rb_pa), ls)
        put(rb_pa + lay["rb_desc_ring"] + lay["dr_count_bits"], count_bits, 4)
        put(rb_pa + lay["rb_text_ring"] + lay["tr_size_bits"], size_bits, 4)
        put(rb_pa + lay["rb_desc_ring"] + lay["dr_descs"], va(descs_pa), ls)
        put(rb_pa + lay["rb_desc_ring"] + lay["dr_infos"], va(infos_pa), ls)
        put(rb_pa + lay["rb_text_ring"] + lay["tr_data"], va(data_pa), ls)
        lpos = 0
        for rid, text in enumerate(messages):
            text = text.encode()
            begin = lpos
            block = struct.pack("<Q" if ls == 8 else "<I", rid) + text
            block += bytes(-len(block) % ls)
            ram[data_pa - ram_pa + begin:data_pa - ram_pa + begin + len(block)] = block
            lpos += len(block)
            d = descs_pa + (rid % (1 << count_bits)) * lay["desc_size"]
            put(d + lay["desc_state"], (2 << (ls * 8 - 2)) | rid, ls)    # finalized
            put(d + lay["desc_lpos"] + lay["lpos_begin"], begin, ls)
            put(d + lay["desc_lpos"] + lay["lpos_next"], lpos, ls)
            i = infos_pa + (rid % (1 << count_bits)) * lay["info_size"]
            put(i + lay["info_seq"], rid, 8)
            put(i + lay["info_ts"], 1000000 * (rid + 1), 8)
            put(i + lay["info_len"], len(text), 2)
        put(rb_pa + lay["rb_desc_ring"] + lay["dr_head"], len(messages) - 1, ls)
        put(rb_pa + lay["rb_desc_ring"] + lay["dr_tail"], 0, ls)

        info = ["OSRELEASE=6.1.0-kjump", "BUILD-ID=0123456789abcdef", "PAGESIZE=4096",
                "CRASHTIME=1700000000", f"SYMBOL(prb)={va(prb_pa):x}",
                f"SYMBOL({'vmemmap' if x86_64 else 'mem_map'})=ffffea0000000000",
                f"SIZE(atomic_long_t)={ls}", "OFFSET(atomic_long_t.counter)=0"]
        if x86_64:
            info += ["KERNELOFFSET=0", f"NUMBER(phys_base)={phys_base}", "NUMBER(pgtable_l5_enabled)=0"]
            if page_tables:
                info.append("SYMBOL(init_top_pgt)=ffffffff82a0a000")
        elif page_tables:
            info += ["SYMBOL(swapper_pg_dir)=c1a00000", "CONFIG_X86_PAE=y"]
        info += [f"OFFSET(printk_ringbuffer.desc_ring)={lay['rb_desc_ring']}",
                 f"OFFSET(printk_ringbuffer.text_data_ring)={lay['rb_text_ring']}",
                 f"OFFSET(prb_desc_ring.count_bits)={lay['dr_count_bits']}",
                 f"OFFSET(prb_desc_ring.descs)={lay['dr_descs']}",
                 f"OFFSET(prb_desc_ring.infos)={lay['dr_infos']}",
                 f"OFFSET(prb_desc_ring.head_id)={lay['dr_head']}",
                 f"OFFSET(prb_desc_ring.tail_id)={lay['dr_tail']}",
                 f"SIZE(prb_desc)={lay['desc_size']}",
                 f"OFFSET(prb_desc.state_var)={lay['desc_state']}",
                 f"OFFSET(prb_desc.text_blk_lpos)={lay['desc_lpos']}",
                 f"OFFSET(prb_data_blk_lpos.begin)={lay['lpos_begin']}",
                 f"OFFSET(prb_data_blk_lpos.next)={lay['lpos_next']}",
                 f"SIZE(printk_info)={lay['info_size']}",
                 f"OFFSET(printk_info.ts_nsec)={lay['info_ts']}",
                 f"OFFSET(printk_info.text_len)={lay['info_len']}",
                 f"OFFSET(prb_data_ring.size_bits)={lay['tr_size_bits']}",
                 f"OFFSET(prb_data_ring.data)={lay['tr_data']}"]
        notes = (note("CORE", 1, bytes(336)) + note("CORE", 1, bytes(336)) +
                 note("VMCOREINFO", 0, ("\n".join(info) + "\n").encode()))

        cls64 = not elf32
        ehsize, phsize = (64, 56) if cls64 else (52, 32)
        # PT_NOTE, the RAM, and a zero-filled tail above it (memsz > filesz).
        loads = [(ram_pa, va(ram_pa), bytes(ram), 0x10000), (0x200000, va(0x200000), b"", 0x100000)]
        nph = 1 + len(loads)
        offset = ehsize + nph * phsize
        shoff = 0
        if xnum:
            shoff = offset
            offset += 64 if cls64 else 40
        phdrs = []
        body = bytearray()
        phdrs.append((4, offset, 0, 0, len(notes), len(notes)))
        body += notes
        for pa, v, data, memsz in loads:
            phdrs.append((1, offset + len(body), v, pa, len(data), memsz))
            body += data
        machine = 62 if x86_64 else 3
        ident = b"\x7fELF" + bytes([2 if cls64 else 1, 1, 1]) + bytes(9)
        phnum = 0xFFFF if xnum else nph
        if cls64:
            eh = ident + struct.pack("<HHIQQQIHHHHHH", 4, machine, 1, 0, ehsize, shoff, 0, ehsize,
                                     phsize, phnum, 64 if xnum else 0, 1 if xnum else 0, 0)
        else:
            eh = ident + struct.pack("<HHIIIIIHHHHHH", 4, machine, 1, 0, ehsize, shoff, 0, ehsize,
                                     phsize, phnum, 40 if xnum else 0, 1 if xnum else 0, 0)
        ph = b""
        for t, off, v, pa, filesz, memsz in phdrs:
            if cls64:
                ph += struct.pack("<IIQQQQQQ", t, 0, off, v, pa, filesz, memsz, 0)
            else:
                ph += struct.pack("<IIIIIIII", t, off, v & 0xFFFFFFFF, pa, filesz, memsz, 0, 0)
        sh = b""
        if xnum:
            sh = (struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 1, 0, nph, 0, 0) if cls64 else
                  struct.pack("<IIIIIIIIII", 0, 0, 0, 0, 0, 1, 0, nph, 0, 0))
        return eh + ph + sh + bytes(body)

    seed("core", "x86_64-dmesg", core(True))
    seed("core", "x86_64-xnum", core(True, xnum=True))
    seed("core", "x86_64-page-tables", core(True, page_tables=True))
    seed("core", "i386-dmesg", core(False, elf32=True))
    seed("core", "i386-pae", core(False, elf32=True, page_tables=True))
    seed("core", "i386-elf64", core(False))
    kcore = os.path.join(tmp, "kcore")
    run(sys.executable, os.path.join(src, "tests/cli/make-kcore.py"), kcore, "0x1000",
        "OSRELEASE=6.1.0\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=c1a00000\n", "i386")
    seed("core", "kcore-like", open(kcore, "rb").read())
    # kcore: a flags byte (bit 0: i386, bit 1: ELF32 header), then the file.
    seed("kcore", "i386", b"\x01" + open(kcore, "rb").read())
    seed("kcore", "i386-elf32", b"\x03" + open(kcore, "rb").read())
    run(sys.executable, os.path.join(src, "tests/cli/make-kcore.py"), kcore, "0x1000",
        "OSRELEASE=6.1.0\nPAGESIZE=4096\n", "x86_64")
    seed("kcore", "x86_64", b"\x00" + open(kcore, "rb").read())

    # --- hibernation images (kexec --resume) --------------------------------
    # kdump save --resume-entry of small cores; DATA[0] is the segment-limit
    # selector of tests/fuzz/resume.c.
    kdump = os.path.join(build, "build/sbin/kdump")
    for name, data in (("x86_64", core(True)), ("i386", core(False, elf32=True))):
        path, image = os.path.join(tmp, name + ".core"), os.path.join(tmp, name + ".image")
        with open(path, "wb") as f:
            f.write(data)
        for sel, args in ((0, ["--exclude", "zero"]), (3, [])):
            run(kdump, "save", "-q", *args, "--resume-entry", "0x100040", "--boot-id", "fuzz",
                path, image)
            seed("resume", f"{name}.{sel}", bytes([sel]) + open(image, "rb").read())
finally:
    shutil.rmtree(tmp, ignore_errors=True)

for target in sorted(counts):
    print(f"{target} {counts[target]}")
