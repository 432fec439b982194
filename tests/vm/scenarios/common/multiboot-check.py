#!/usr/bin/env python3
"""Host side of the multiboot scenarios (common/multiboot.sh).

    multiboot-check.py --write-modules DIR   write the two test modules
    multiboot-check.py LOG MAGIC             check the console log

The second form compares what tests/multiboot's kernel printed
("mbtest: ..." lines) with what the guest asked kexec to pass
(common/multiboot-guest.sh): the magic, the command line, the boot
loader name, both modules (command line, size, first bytes, page
alignment), the memory map entry by entry against the firmware map the
guest printed ("guest-memmap: ..." lines) and mem_lower/mem_upper
derived from it, and the purgatory's flat segments.  Prints the first
difference and exits 1, or exits 0."""
import os
import re
import sys

MODULES = [
    ("mod1", "/mb/mod1 arg1 arg2=x", b"MODULE-ONE-CONTENT\n"),
    # Over two pages, so that a module's size is not a page's.
    ("mod2", "/mb/mod2", bytes((i * 7 + 3) & 0xFF for i in range(9000))),
]
# Memory map types of both specifications (0.6.96 3.3, 2.0 3.6.8), from
# the names the kernel gives e820 types.
TYPES = {"System RAM": 1, "ACPI Tables": 3, "ACPI Non-volatile Storage": 4,
         "Unusable memory": 5}


def fail(why):
    print(why)
    sys.exit(1)


def firmware_map(lines):
    """The guest's firmware map as kexec normalises it: sorted, touching
    ranges of one type merged, then as (base, length, multiboot type)."""
    ranges = []
    for ln in lines:
        m = re.match(r"guest-memmap: (0x[0-9a-f]+) (0x[0-9a-f]+) (.*)$", ln)
        if m:
            name = m.group(3).strip()
            kind = "Reserved" if name.lower() in ("reserved", "soft reserved") else name
            ranges.append([int(m.group(1), 16), int(m.group(2), 16), kind])
    ranges.sort()
    merged = []
    for r in ranges:
        if merged and merged[-1][2] == r[2] and merged[-1][1] + 1 == r[0]:
            merged[-1][1] = r[1]
        else:
            merged.append(r)
    return [(s, e - s + 1, TYPES.get(k, 2)) for s, e, k in merged]


def memory_summary(entries):
    lower = upper_end = 0
    for base, length, kind in entries:
        if kind != 1:
            continue
        end = base + length
        if base <= 0x10000:
            lower = max(lower, end)
        if base <= 0x100000 < end:
            upper_end = end
        elif upper_end and base == upper_end:
            upper_end = end
    return min(lower >> 10, 640), (upper_end - 0x100000) >> 10 if upper_end else 0


def check(log, magic):
    text = open(log, "rb").read().decode("utf-8", "replace").replace("\r", "")
    lines = text.splitlines()
    mb = [ln[ln.index("mbtest: ") + 8:] for ln in lines if "mbtest: " in ln]
    if not any(ln.startswith("magic=%s " % magic) for ln in mb):
        fail("the kernel did not get magic %s: %s" % (magic, [l for l in mb if l.startswith("magic")]))
    state = [ln for ln in mb if ln.startswith("state ")]
    if not state or not state[0].startswith("state cs=0x10 ds=0x18 "):
        fail("not the purgatory's flat segments (cs 0x10, ds 0x18): %s" % state)
    scenario = "multiboot2" if magic == "0x36d76289" else "multiboot"
    want = '/mb/prog console=ttyS0 mbtest=%s' % scenario
    if 'cmdline="%s"' % want not in mb:
        fail("command line: want %r, got %s" % (want, [l for l in mb if l.startswith("cmdline")]))
    if not any(ln.startswith('loader="kjump ') for ln in mb):
        fail("boot loader name: %s" % [l for l in mb if l.startswith("loader")])
    if "modules=%d" % len(MODULES) not in mb:
        fail("want %d modules: %s" % (len(MODULES), [l for l in mb if l.startswith("modules")]))
    for i, (_, string, data) in enumerate(MODULES):
        pat = r'module %d start=0x([0-9a-f]+) size=(\d+) string="(.*)" bytes=([0-9a-f]*)$' % i
        found = [re.match(pat, ln) for ln in mb]
        found = [m for m in found if m]
        if len(found) != 1:
            fail("module %d: want one line, got %d" % (i, len(found)))
        m = found[0]
        got = (int(m.group(1), 16) % 4096, int(m.group(2)), m.group(3), m.group(4))
        if got != (0, len(data), string, data[:16].hex()):
            fail("module %d: want (0 mod 4096, %d, %r, %s), got %s"
                 % (i, len(data), string, data[:16].hex(), got))
    fw = firmware_map(lines)
    if not fw:
        fail("the guest printed no firmware memory map")
    got = []
    for ln in mb:
        m = re.match(r"mmap base=0x([0-9a-f]+) length=0x([0-9a-f]+) type=(\d+)$", ln)
        if m:
            got.append((int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))))
    if got != fw:
        fail("memory map: want %s, got %s" % (
            " ".join("%#x+%#x:%d" % e for e in fw), " ".join("%#x+%#x:%d" % e for e in got)))
    lower, upper = memory_summary(fw)
    if "mem_lower=%d mem_upper=%d" % (lower, upper) not in mb:
        fail("want mem_lower=%d mem_upper=%d: %s"
             % (lower, upper, [l for l in mb if l.startswith("mem_")]))


def main():
    if sys.argv[1] == "--write-modules":
        for name, _, data in MODULES:
            with open(os.path.join(sys.argv[2], name), "wb") as f:
                f.write(data)
        return
    check(sys.argv[1], sys.argv[2])


main()
