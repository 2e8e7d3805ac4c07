"""SIGTERM sent to tlsguard-cc while its linter runs: the linter gets it,
the unchecked output is removed, and the driver dies by SIGTERM.

usage: interrupt_lint.py DRIVER FAKE_CC TMPDIR
(DRIVER is a copy of tlsguard-cc with fake-lint beside it as tlsguard-lint.)
"""
import os
import signal
import subprocess
import sys
import time

driver, fake_cc, tmp = sys.argv[1:4]
ready = os.path.join(tmp, "lint.ready")
out = os.path.join(tmp, "libinterrupted.so")
open(out, "w").close()
env = dict(os.environ, FAKE_LINT="wait", FAKE_LINT_READY=ready)


def default_signals():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


p = subprocess.Popen([driver, f"--tlsguard-cc={fake_cc}", "-shared", "x.o", "-o", out],
                     env=env, preexec_fn=default_signals, stderr=subprocess.PIPE, text=True)
deadline = time.monotonic() + 20
while not os.path.exists(ready):
    if time.monotonic() > deadline:
        p.kill()
        raise SystemExit("timed out waiting for the linter")
    time.sleep(0.01)
p.send_signal(signal.SIGTERM)
_, err = p.communicate(timeout=20)
sys.stderr.write(err)
status = p.returncode
died = f"died by {signal.Signals(-status).name}" if status < 0 else f"exited {status}"
print(f"interrupted-lint: driver {died}; output {'kept' if os.path.exists(out) else 'removed'}")
