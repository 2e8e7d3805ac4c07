"""make_trace.py OUT: a trace file as a traced process would leave it (trace/ring.h),
with what a process killed while copying its records leaves behind: zeros in
bytes it had reserved, and a record cut short at the end.

  P 100 .. /bin/first          a whole record
  <40 zero bytes>              reserved, never written
  P 300 .. /bin/wi<zeros>      a record cut short inside, zeros after it
  P 200 .. /bin/second         a whole record after the gap
  P 400 .. /bin/th             cut short at the end: no newline
"""
import struct
import sys

HEAD = 4096
body = (b"P\t100\t1\t64\t/bin/first\n" + b"\0" * 40 +
        b"P\t300\t1\t64\t/bin/wi" + b"\0" * 7 + b"\n" +
        b"P\t200\t1\t64\t/bin/second\n" +
        b"P\t400\t1\t64\t/bin/th")
capacity = 1 << 20
head = struct.pack("<8sIIQQQQ", b"TLSGTRC1", HEAD, 0, capacity, HEAD + len(body),
                   HEAD + len(body), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
with open(sys.argv[1], "wb") as f:
    f.write(head.ljust(HEAD, b"\0") + body)
