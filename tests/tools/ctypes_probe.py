"""ctypes_probe.py LIB...: dlopen each library in order into this Python
process with ctypes.CDLL (RTLD_NOW | RTLD_LOCAL), as an extension module's
or a ctypes user's late load, and print 'LIB: loaded' or 'LIB: failed: MSG'
as tlsguard-dlopen-probe does (scripts/oracle --probe). Run it with -S so no
site module loads anything first."""
import ctypes
import sys

failed = 0
for lib in sys.argv[1:]:
    try:
        ctypes.CDLL(lib)
        print("%s: loaded" % lib, flush=True)
    except OSError as e:
        print("%s: failed: %s" % (lib, e), flush=True)
        failed = 1
sys.exit(failed)
