"""make_trace.py OUT [--empty]: a trace file (trace/ring.h).

By default, as a traced process may leave it when killed while copying its
records: zeros in bytes it had reserved, and a record cut short at the end:

  P 100 .. /bin/first          a whole record
  <40 zero bytes>              reserved, never written
  P 300 .. /bin/wi<zeros>      a record cut short inside, zeros after it
  P 200 .. /bin/second         a whole record after the gap
  P 400 .. /bin/th             cut short at the end: no newline

--empty: the header alone, as the launcher makes it, for a process run with
LD_PRELOAD and TLSGUARD_TRACE_FILE by hand (scripts/run-fuzzers' seeds).
"""
import struct
import sys

HEAD = 4096
CAPACITY = 1 << 20
if "--empty" in sys.argv[2:]:
    body = b""
else:
    body = (b"P\t100\t1\t64\t/bin/first\n" + b"\0" * 40 +
            b"P\t300\t1\t64\t/bin/wi" + b"\0" * 7 + b"\n" +
            b"P\t200\t1\t64\t/bin/second\n" +
            b"P\t400\t1\t64\t/bin/th")
# magic, head_size, unused, capacity, end, allocated, dropped
head = struct.pack("<8sIIQQQQ", b"TLSGTRC1", HEAD, 0, CAPACITY, HEAD + len(body),
                   CAPACITY, 0)
with open(sys.argv[1], "wb") as f:
    f.write(head.ljust(HEAD, b"\0") + body)
    f.truncate(CAPACITY)
