"""status.py [--term-after=SECONDS] COMMAND [ARG]...: run COMMAND and print
how it ended: "exit N" or "signal NAME". With --term-after, send SIGTERM to
COMMAND after that many seconds (to see it forwarded)."""
import signal
import subprocess
import sys
import time

args = sys.argv[1:]
term_after = None
if args[0].startswith("--term-after="):
    term_after = float(args[0].split("=", 1)[1])
    args = args[1:]
proc = subprocess.Popen(args)
if term_after is not None:
    time.sleep(term_after)
    proc.send_signal(signal.SIGTERM)
code = proc.wait()
print(f"signal {signal.Signals(-code).name}" if code < 0 else f"exit {code}")
