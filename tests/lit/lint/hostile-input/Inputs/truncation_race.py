"""A file that shrinks while the linter reads it: a writer truncates the
library to its first page and writes it back, in a loop, while the linter
is run on it again and again (bounded: RUNS runs or SECONDS seconds). No
run may die by a signal; each ends 1 (read whole: the findings), or 2 with
a message (read while shrunk: too short, or changed while being read).

usage: truncation_race.py LINT LIBRARY RUNS SECONDS [LINT ARGS...]
Prints one summary line, and the messages of exit-2 runs, each once.
"""
import os
import subprocess
import sys
import threading
import time

lint, lib, runs, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
extra = sys.argv[5:]
data = open(lib, "rb").read()
stop = threading.Event()


def writer():
    while not stop.is_set():
        with open(lib, "r+b") as f:
            f.truncate(4096)
            time.sleep(0.0005)
            f.write(data[4096:]) if f.seek(4096) == 4096 else None
        time.sleep(0.0005)


t = threading.Thread(target=writer)
t.start()
statuses = {}
messages = set()
deadline = time.monotonic() + seconds
done = 0
try:
    while done < runs and time.monotonic() < deadline:
        p = subprocess.run([lint] + extra + [lib], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, errors="replace")
        done += 1
        statuses[p.returncode] = statuses.get(p.returncode, 0) + 1
        if p.returncode == 2:
            for line in p.stderr.splitlines():
                if ": error: " in line:
                    messages.add(line.split(": error: ", 1)[1])
finally:
    stop.set()
    t.join()
    with open(lib, "wb") as f:
        f.write(data)
signals = sum(n for s, n in statuses.items() if s < 0)
odd = sum(n for s, n in statuses.items() if s not in (1, 2) and s >= 0)
print(f"runs: {done}; died by a signal: {signals}; other statuses: {odd}")
print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())), file=sys.stderr)
for m in sorted(messages):
    print(f"message: {m}", file=sys.stderr)
