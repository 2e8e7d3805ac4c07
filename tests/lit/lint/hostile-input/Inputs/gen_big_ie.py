"""Writes a C file with many initial-exec thread-locals and functions that
use them: compiled with -g, a library of a few MB whose relocations, symbols
and DWARF lie on many pages (for the truncation race)."""
import sys

n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
with open(sys.argv[1], "w") as f:
    for i in range(n):
        f.write(f'__attribute__((tls_model("initial-exec"))) __thread long tv{i}[4];\n')
        f.write(f"long use{i}(long x) {{ tv{i}[x & 3] += x * {i}; return tv{i}[(x >> 2) & 3]; }}\n")
