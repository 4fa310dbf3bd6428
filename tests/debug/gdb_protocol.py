#!/usr/bin/env python3
"""gdb_protocol.py PORT - raw GDB remote protocol bytes against `lstar run --gdb=PORT`, stopped
before its first instruction: good packets, malformed ones and garbage. Every check prints one
line; any failure exits 1. Ends with k, so lstar exits with 137."""
import random
import socket
import sys

sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def frame(payload: bytes) -> bytes:
    return b"$" + payload + b"#" + b"%02x" % (sum(payload) % 256)


buf = b""


def read_byte() -> int:
    global buf
    while not buf:
        data = sock.recv(65536)
        if not data:
            raise EOFError("lstar closed the connection")
        buf += data
    b, buf = buf[0], buf[1:]
    return b


def read_packet() -> bytes:
    """The next packet from lstar (skipping acknowledgements), acknowledged, unescaped."""
    while read_byte() != ord("$"):
        pass
    body = b""
    while (c := read_byte()) != ord("#"):
        body += bytes([c])
    csum = bytes([read_byte(), read_byte()])
    if int(csum, 16) != sum(body) % 256:
        raise ValueError("bad checksum from lstar: %r" % body[:60])
    sock.sendall(b"+")
    out, k = b"", 0
    while k < len(body):
        if body[k] == ord("}"):
            k += 1
            out += bytes([body[k] ^ 0x20])
        else:
            out += bytes([body[k]])
        k += 1
    return out


def ack() -> bytes:
    """The acknowledgement lstar sends for our last packet."""
    c = read_byte()
    return bytes([c])


def request(payload: bytes) -> bytes:
    sock.sendall(frame(payload))
    a = ack()
    if a != b"+":
        raise ValueError("lstar answered %r to %r" % (a, payload[:40]))
    return read_packet()


# Good packets.
sup = request(b"qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386")
check(b"PacketSize=4000" in sup and b"qXfer:features:read+" in sup, "qSupported: %s" % sup.decode())
xml = request(b"qXfer:features:read:target.xml:0,3fff")
check(xml.startswith(b"l<?xml") and b"<architecture>i386:x86-64</architecture>" in xml
      and b"org.gnu.gdb.i386.core" in xml and b"org.gnu.gdb.i386.sse" in xml
      and b'name="fs_base"' in xml and b'name="cr3"' in xml and b'name="efer"' in xml,
      "target description (%d bytes)" % len(xml))
part = request(b"qXfer:features:read:target.xml:10,20")
check(part == b"m" + xml[1 + 0x10:1 + 0x30], "a piece of the target description")
check(request(b"qXfer:features:read:nosuch.xml:0,100").startswith(b"E"), "an unknown annex is an error")
stop = request(b"?")
check(stop.startswith(b"T05") and b"thread:1;" in stop, "stop reply before the first instruction: %s" % stop.decode())
regs = request(b"g")
rip = request(b"p10")
check(len(rip) == 16 and regs[16 * 16:17 * 16] == rip, "p10 (rip) matches g: %s" % rip.decode())
check(request(b"G" + regs) == b"OK", "G writes back what g read")
check(request(b"g") == regs, "registers unchanged by that G")
check(request(b"qAttached") == b"1" and request(b"qC") == b"QC1", "qAttached, qC")
check(request(b"qfThreadInfo") == b"m1" and request(b"qsThreadInfo") == b"l", "thread list")
check(request(b"vCont?") == b"vCont;c;C;s;S", "vCont?")

# Memory: paging is off at the Multiboot entry, so linear addresses are physical ones.
data = bytes([0x7d, 0x23, 0x24, 0x2a, 0x00, 0xff, 0x41, 0x03])  # } # $ * need escaping
escaped = b"".join(b"}" + bytes([b ^ 0x20]) if b in b"}#$*" else bytes([b]) for b in data)
check(request(b"X800000,8:" + escaped) == b"OK", "X with escaped binary data")
check(request(b"m800000,8") == data.hex().encode(), "m reads back what X wrote")
check(request(b"M800004,2:c0de") == b"OK" and request(b"m800004,2") == b"c0de", "M then m")
check(request(b"mffffff00,10").startswith(b"E"), "m beyond RAM is an error")
check(request(b"Mffffff00,1:00").startswith(b"E"), "M beyond RAM is an error")

# Breakpoints and watchpoints.
check(request(b"Z0,ffffffff8010c040,1") == b"OK" and request(b"z0,ffffffff8010c040,1") == b"OK", "Z0/z0")
check(request(b"Z1,401000,1") == b"OK" and request(b"z1,401000,1") == b"OK", "Z1/z1")
check(request(b"Z2,800000,4") == b"OK" and request(b"z2,800000,4") == b"OK", "Z2/z2")
check(request(b"Z9,0,1") == b"", "an unknown breakpoint type gets an empty reply")

# Monitor commands: output in O packets, then OK.
sock.sendall(frame(b"qRcmd," + b"icount".hex().encode()))
ack()
out = b""
while (p := read_packet()) != b"OK":
    out += bytes.fromhex(p[1:].decode())
check(out == b"0 instructions retired\n", "monitor icount before the first instruction: %r" % out)

# Malformed input.
sock.sendall(b"$g#00")
check(ack() == b"-", "a bad checksum gets '-'")
sock.sendall(b"$g#zz")
check(ack() == b"-", "a non-hex checksum gets '-'")
check(request(b"Qfoo") == b"", "an unknown packet gets an empty reply")
for bad in (b"mzz,4", b"m100", b"m,", b"M10,2:zz", b"M10,2:abc", b"X10,4:ab", b"pzz", b"P10=12",
            b"Pzz=00", b"G123", b"Z0,xyz,1", b"Z2,800000,0", b"vCont;q", b"vCont", b"c12zz",
            b"qRcmd,zz", b"p" + b"f" * 40, b"m" + b"1" * 17 + b",4"):
    r = request(bad)
    check(r.startswith(b"E") or r == b"", "%s gets an error: %s" % (bad[:30].decode(), r.decode()))
sock.sendall(b"$" + b"A" * 20000 + b"#" + b"%02x" % ((20000 * 0x41) % 256))
check(ack() == b"+" and read_packet().startswith(b"E"), "an overlong packet gets an error")
sock.sendall(b"$m800000,4")  # cut short by the next packet
check(request(b"?").startswith(b"T05"), "a truncated packet is dropped")
rng = random.Random(7)
junk = bytes(rng.randrange(256) for _ in range(20000)).replace(b"\x03", b"").replace(b"$", b"")
sock.sendall(junk)  # no '$': nothing here starts a packet
check(request(b"?").startswith(b"T05"), "20000 bytes of garbage, then a packet still works")

# The guest ran nothing while all this happened.
check(request(b"g") != b"" and request(b"p10") == rip, "rip unchanged")
sock.sendall(frame(b"k"))
print("%d checks failed" % failures)
sys.exit(1 if failures else 0)
