"""Runs one compiler command directly and through tlsguard-cc (with
TLSGUARD_CC set to the compiler) and says whether exit status, standard
output and standard error are identical.

usage: same_as_compiler.py DRIVER COMPILER [ARG]...
prints "same: ARG..." or the first difference, and exits 1 on one.
"""
import os
import subprocess
import sys

driver, compiler, args = sys.argv[1], sys.argv[2], sys.argv[3:]
direct = subprocess.run([compiler] + args, capture_output=True)
wrapped = subprocess.run([driver] + args, capture_output=True,
                         env=dict(os.environ, TLSGUARD_CC=compiler))
for what in ("returncode", "stdout", "stderr"):
    a, b = getattr(direct, what), getattr(wrapped, what)
    if a != b:
        print(f"differs in {what}: {' '.join(args)}")
        print(f"  direct:  {a!r:.400}")
        print(f"  wrapped: {b!r:.400}")
        sys.exit(1)
print(f"same: {' '.join(args)}")
