#!/usr/bin/env python3
"""debugger_terminal.py LSTAR HELLO CC - `lstar debug` at a terminal (a pseudo-terminal here).

lstar loads libedit with dlopen when a terminal session starts (src/debug/debugger_input.cpp).
  with libedit     the prompt has history: Up recalls the last command, which then runs again
  without libedit  a broken libedit.so.2 first in LD_LIBRARY_PATH (an empty file, then a shared
                   object without readline): one warning line, and plain lines still work
"""
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

lstar, hello, cc = sys.argv[1:4]
PROMPT = b"(lstar) "
UP = b"\x1b[A"


def session(env, keys):
    """Runs `lstar debug HELLO` on a pty, typing each of `keys` after a prompt; returns
    (exit status, everything the terminal showed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([lstar, "debug", hello], stdin=slave, stdout=slave, stderr=slave,
                            env=env, close_fds=True)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 60

    def read_until(pattern, count):
        nonlocal shown
        while shown.count(pattern) < count and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    return
                if not chunk:
                    return
                shown += chunk

    for i, k in enumerate(keys):
        read_until(PROMPT, i + 1)
        os.write(master, k)
    try:
        status = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = "timeout"
    # Whatever is left on the terminal after the exit.
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return status, shown.decode("utf-8", "replace")


failures = 0


def check(name, ok, shown):
    global failures
    print(("ok   " if ok else "FAIL ") + name)
    if not ok:
        failures += 1
        print("  the terminal showed:\n" + "\n".join("    " + l for l in shown.splitlines()))


env = dict(os.environ)
env.pop("LD_LIBRARY_PATH", None)

# With libedit: stepi, then Up and Enter run stepi again (instruction 2 is shown), then icount.
status, shown = session(env, [b"stepi\r", UP + b"\r", b"icount\r", b"quit\r"])
check("with libedit: Up recalls stepi, icount says 2",
      status == 0 and "2 instructions retired" in shown and "warning" not in shown, shown)

with tempfile.TemporaryDirectory() as work:
    lib = os.path.join(work, "libedit.so.2")
    broken = dict(env, LD_LIBRARY_PATH=work)
    # Not a shared object: dlopen fails; plain lines still work.
    open(lib, "wb").close()
    status, shown = session(broken, [b"stepi\r", b"icount\r", b"quit\r"])
    check("empty libedit.so.2: one warning, plain lines work",
          status == 0 and shown.count("lstar: warning: cannot load libedit.so.2 (") == 1
          and "file too short): no line editing or history" in shown
          and "1 instructions retired" in shown, shown)
    # A shared object without readline().
    src = os.path.join(work, "not_edit.c")
    with open(src, "w") as f:
        f.write("int not_edit(void) { return 0; }\n")
    subprocess.run([cc, "-shared", "-fPIC", "-o", lib, src], check=True)
    status, shown = session(broken, [b"icount\r", b"quit\r"])
    check("libedit.so.2 without readline: one warning, plain lines work",
          status == 0 and "lstar: warning: cannot load libedit.so.2 (it has no readline()): "
          "no line editing or history" in shown and "0 instructions retired" in shown, shown)

sys.exit(1 if failures else 0)
