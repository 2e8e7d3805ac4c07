#!/usr/bin/env python3
"""corrupt-elf.py IN.so OUTDIR: write one damaged copy of a little-endian
ELF64 shared object per mutation below, named OUTDIR/<mutation>.so.

Each mutation breaks exactly one thing the linter reads: a header field, a
program header, a dynamic entry, a relocation. The bad-input tests lint them
all and check that each gets one clear error and nothing crashes.
"""
import os
import struct
import sys

src, outdir = sys.argv[1], sys.argv[2]
data = bytes(open(src, "rb").read())
assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, "want ELF64 LSB input"

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
DYN = struct.Struct("<qQ")
RELA = struct.Struct("<QQq")
(ident, e_type, e_machine, e_version, e_entry, e_phoff, e_shoff, e_flags, e_ehsize,
 e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx) = EHDR.unpack_from(data, 0)

PT_LOAD, PT_DYNAMIC, PT_TLS = 1, 2, 7
DT_NULL, DT_STRTAB, DT_RELA, DT_RELASZ, DT_RELAENT, DT_DEBUG = 0, 5, 7, 8, 9, 21


def phdrs():
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        yield off, PHDR.unpack_from(data, off)


def first_phdr(ptype):
    return next((off, p) for off, p in phdrs() if p[0] == ptype)


def vaddr_to_offset(vaddr):
    for _, p in phdrs():
        if p[0] == PT_LOAD and p[3] <= vaddr < p[3] + p[5]:
            return vaddr - p[3] + p[2]
    raise ValueError(hex(vaddr))


dyn_off, dyn = first_phdr(PT_DYNAMIC)
dyn_entries = []  # (file offset, tag, value)
for i in range(dyn[5] // DYN.size):
    off = dyn[2] + i * DYN.size
    tag, val = DYN.unpack_from(data, off)
    dyn_entries.append((off, tag, val))
    if tag == DT_NULL:
        break


def dyn_entry(tag):
    return next(e for e in dyn_entries if e[1] == tag)


def patched(changes):
    buf = bytearray(data)
    for off, packed in changes:
        buf[off:off + len(packed)] = packed
    return bytes(buf)


def set_ehdr(**fields):
    names = ["ident", "e_type", "e_machine", "e_version", "e_entry", "e_phoff", "e_shoff",
             "e_flags", "e_ehsize", "e_phentsize", "e_phnum", "e_shentsize", "e_shnum",
             "e_shstrndx"]
    values = list(EHDR.unpack_from(data, 0))
    for k, v in fields.items():
        values[names.index(k)] = v
    return patched([(0, EHDR.pack(*values))])


def set_phdr(ptype, index, value):
    off, p = first_phdr(ptype)
    p = list(p)
    p[index] = value
    return patched([(off, PHDR.pack(*p))])


def set_dyn(tag, value):
    off, t, _ = dyn_entry(tag)
    return patched([(off, DYN.pack(t, value))])


def unterminated_dynamic():
    changes = []
    for i in range(dyn[5] // DYN.size):
        off = dyn[2] + i * DYN.size
        tag, val = DYN.unpack_from(data, off)
        if tag == DT_NULL:
            changes.append((off, DYN.pack(DT_DEBUG, 0)))
    return patched(changes)


def symbol_past_table():
    rela = vaddr_to_offset(dyn_entry(DT_RELA)[2])
    size = dyn_entry(DT_RELASZ)[2]
    for off in range(rela, rela + size, RELA.size):
        r_offset, r_info, addend = RELA.unpack_from(data, off)
        if r_info >> 32:  # the first relocation with a symbol
            return patched([(off, RELA.pack(r_offset, (0xFFFFFF << 32) | (r_info & 0xFFFFFFFF), addend))])
    raise SystemExit("no relocation with a symbol in " + src)


mutations = {
    "truncated-header": data[:40],
    "truncated-half": data[: len(data) // 2],
    "bad-byte-order": data[:5] + b"\x07" + data[6:],
    "phoff-past-end": set_ehdr(e_phoff=len(data) + 4096),
    "phnum-absurd": set_ehdr(e_phnum=0xFFFE),
    "load-past-end": set_phdr(PT_LOAD, 5, len(data) * 16),
    "dynamic-past-end": set_phdr(PT_DYNAMIC, 2, len(data) - 8),
    "dynamic-unterminated": unterminated_dynamic(),
    "strtab-outside": set_dyn(DT_STRTAB, 0xDEADBEEF000),
    "relasz-huge": set_dyn(DT_RELASZ, RELA.size << 40),
    "relasz-ragged": set_dyn(DT_RELASZ, dyn_entry(DT_RELASZ)[2] + 5),
    "relaent-wrong": set_dyn(DT_RELAENT, 7),
    "symbol-past-table": symbol_past_table(),
    "tls-align-not-power-of-two": set_phdr(PT_TLS, 7, 24),
    "shoff-past-end": set_ehdr(e_shoff=len(data) * 8),
    "shnum-absurd": set_ehdr(e_shnum=0xFFFF),
    # PN_XNUM: the count is section header 0's sh_info (as libelf reads it)
    "phnum-xnum": patched([(0, set_ehdr(e_phnum=0xFFFF)[:EHDR.size]),
                           (e_shoff + 44, struct.pack("<I", e_phnum))]),
    "phnum-xnum-no-shdr": set_ehdr(e_phnum=0xFFFF, e_shoff=0),
    # no program headers at all, and an offset that is then never read
    "phnum-zero": set_ehdr(e_phnum=0, e_phoff=1 << 63),
}

os.makedirs(outdir, exist_ok=True)
for name, blob in mutations.items():
    with open(os.path.join(outdir, name + ".so"), "wb") as f:
        f.write(blob)
