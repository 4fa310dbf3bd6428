#!/usr/bin/env python3
"""tty_compare.py LSTAR PROG - type the same keys to PROG (tests/guestos/tty_ldisc.c) on a
pseudo-terminal, natively and under `lstar run`, and pass when both transcripts (what the
terminal showed: the program's output and the echo) are the same. The native run is the
reference: Linux's own n_tty line discipline."""
import os
import pty
import select
import sys
import time

# Each chunk is typed after the program's next "> " prompt.
KEYS = [
    b"abc\x7fd\n",          # erase: "abd\n"
    b"one two\x15three\n",  # kill the line: "three\n"
    b"eof\x04",             # VEOF ends the line without a newline: "eof"
    b"\x04",                # VEOF on an empty line: end of file, 0
    b"tab\there\r",         # ICRNL: CR reads as NL
    b"x",                   # raw: one byte at a time, no echo
    b"\x7f",
    b"\x04",
]
TIMEOUT = 60.0


def transcript(argv):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    out = b""
    keys = list(KEYS)
    deadline = time.monotonic() + TIMEOUT
    prompts = 0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        out += data
        while out.count(b"> ") > prompts and keys:
            prompts += 1
            os.write(fd, keys.pop(0))
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return out, os.waitstatus_to_exitcode(status)


def main():
    lstar, prog = sys.argv[1], sys.argv[2]
    native = transcript([prog])
    emulated = transcript([lstar, "run", prog])
    if native == emulated:
        print(f"PASS: the same {len(native[0])} bytes on the terminal and exit status {native[1]}")
        return 0
    print("FAIL: the terminal transcripts differ")
    print(f"native (status {native[1]}):\n{native[0]!r}")
    print(f"lstar run (status {emulated[1]}):\n{emulated[0]!r}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
