"""Packages whose metadata misdescribes a member the installing tool writes
as a regular file.

usage: package_modes.py LIBRARY DEB OUTDIR
Writes OUTDIR/symlink.whl, dir.whl, notype.whl (a wheel whose pkg/libie.so
has external attributes of a symlink, a directory, a mode with no file type)
and OUTDIR/modes.deb (DEB with every ar member's mode '644': no S_IFREG).
"""
import os
import sys
import zipfile

lib, deb, out = sys.argv[1:4]
data = open(lib, "rb").read()
for name, mode in (("symlink", 0o120777), ("dir", 0o040755), ("notype", 0o644)):
    with zipfile.ZipFile(os.path.join(out, f"{name}.whl"), "w") as z:
        info = zipfile.ZipInfo("pkg/libie.so")
        info.create_system = 3  # Unix: the high half is st_mode
        info.external_attr = mode << 16
        z.writestr(info, data)

# ar: "!<arch>\n", then per member a 60-byte header (mode: 8 octal digits
# at offset 40) and the data, padded to an even size.
b = bytearray(open(deb, "rb").read())
pos = 8
while pos + 60 <= len(b):
    size = int(b[pos + 48:pos + 58].decode().strip())
    b[pos + 40:pos + 48] = b"644     "
    pos += 60 + size + (size & 1)
open(os.path.join(out, "modes.deb"), "wb").write(bytes(b))
