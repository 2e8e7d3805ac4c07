#!/usr/bin/env python3
"""set-dynsym-binding.py FILE SYMBOL BINDING [VISIBILITY]

Rewrite one .dynsym entry of a little-endian ELF64 file in place: its binding
(local, global, weak) and optionally its visibility (default, internal,
hidden, protected). Tests use it to make what lld emits for LLVM's
compiler-rt runtimes, a TLS symbol with STB_LOCAL binding in .dynsym that a
relocation names, from a library any linker builds."""
import struct
import sys

BINDINGS = {"local": 0, "global": 1, "weak": 2}
VISIBILITIES = {"default": 0, "internal": 1, "hidden": 2, "protected": 3}


def main():
    path, name, binding = sys.argv[1:4]
    visibility = sys.argv[4] if len(sys.argv) > 4 else None
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for sh in sections:
        if sh[1] != 11:  # SHT_DYNSYM
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 24):
            st_name, st_info, st_other = struct.unpack_from("<IBB", data, off)
            start = strtab[4] + st_name
            if data[start:data.index(b"\0", start)].decode() != name:
                continue
            data[off + 4] = (BINDINGS[binding] << 4) | (st_info & 0xF)
            if visibility:
                data[off + 5] = (st_other & ~3) | VISIBILITIES[visibility]
            open(path, "wb").write(data)
            return
    sys.exit(f"{path}: no symbol {name} in .dynsym")


main()
