"""ctypes_load.py LIB...: load each library with ctypes, in order, into this
Python process; stop at the first that fails (exit 1)."""
import ctypes
import sys

for lib in sys.argv[1:]:
    try:
        ctypes.CDLL(lib)
    except OSError as e:
        print(f"failed: {e}")
        sys.exit(1)
    print(f"loaded: {lib}")
