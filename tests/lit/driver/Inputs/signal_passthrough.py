"""Signals sent to tlsguard-cc reach the real compiler, and a compiler that
dies by a signal makes the driver die by the same signal.

usage: signal_passthrough.py TLSGUARD_CC FAKE_CC TMPDIR

The fake compiler waits for the signal, writes down that it got it and dies
by it. Only the driver's own pid is signalled (not its process group), so
the compiler can only have it from the driver. Prints one line per case.
"""
import os
import signal
import subprocess
import sys
import time

driver, fake_cc, tmp = sys.argv[1:4]


def wait_for(path, seconds=20):
    deadline = time.monotonic() + seconds
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {path}")
        time.sleep(0.01)


FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def default_signals():
    # lit's workers run with SIGINT ignored, and an ignored signal is
    # inherited (the driver keeps it ignored, as it should): start the
    # driver as a shell would start a foreground command.
    for sig in FORWARDED:
        signal.signal(sig, signal.SIG_DFL)


def run(case, args, sig):
    ready = os.path.join(tmp, f"{case}.ready")
    env = dict(os.environ, FAKE_CC_WAIT_FOR=sig.name[3:], FAKE_CC_READY=ready)
    p = subprocess.Popen([driver, f"--tlsguard-cc={fake_cc}"] + args, env=env,
                         preexec_fn=default_signals)
    wait_for(ready)
    p.send_signal(sig)
    status = p.wait(timeout=20)
    got = open(ready + ".got").read().strip() if os.path.exists(ready + ".got") else "compiler got nothing"
    died = f"driver died by {signal.Signals(-status).name}" if status < 0 else f"driver exited {status}"
    print(f"{case}: {got}; {died}")


for sig in FORWARDED:
    # A shared-object link: the driver is the compiler's parent.
    run(f"link-{sig.name}", ["-shared", "x.o", "-o", os.path.join(tmp, "lib.so")], sig)
# A compile: the driver has become the compiler.
run("compile-SIGTERM", ["-c", "x.c"], signal.SIGTERM)

# Started with SIGINT ignored (nohup, a background job): the compiler
# inherits that, and ^C meant for others does not stop the build.
def ignore_sigint():
    default_signals()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


ready = os.path.join(tmp, "ignored.ready")
env = dict(os.environ, FAKE_CC_WAIT_FOR="TERM", FAKE_CC_READY=ready)
p = subprocess.Popen([driver, f"--tlsguard-cc={fake_cc}", "-shared", "x.o", "-o", os.path.join(tmp, "lib.so")],
                     env=env, preexec_fn=ignore_sigint)
wait_for(ready)
p.send_signal(signal.SIGINT)
time.sleep(0.3)
state = "still running" if p.poll() is None else f"ended ({p.returncode})"
p.send_signal(signal.SIGTERM)
status = p.wait(timeout=20)
print(f"ignored-SIGINT: {state} after SIGINT; {open(ready + '.got').read().strip()}; driver died by {signal.Signals(-status).name}")

# A compiler that crashes by itself.
env = dict(os.environ, FAKE_CC_SIGNAL="SEGV")
status = subprocess.call([driver, f"--tlsguard-cc={fake_cc}", "-shared", "x.o", "-o", os.path.join(tmp, "lib.so")], env=env)
print(f"crash: driver {'died by ' + signal.Signals(-status).name if status < 0 else 'exited %d' % status}")
