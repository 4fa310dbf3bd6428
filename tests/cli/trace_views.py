#!/usr/bin/env python3
"""trace_views.py LSTAR BUILD_DIR - the trace views of `lstar run` (docs/tracing.md) checked
against sources that do not come from lstar: the kernel's own symbol table (nm on
guestos64.elf), the host's system-call numbers (<asm/unistd_64.h>, <asm/unistd_32.h>), the
programs' source (examples/socket_demo.c binds to the address 0x8 to get EFAULT), the SDM's
#PF error-code bits, and the IDT stub layout of entry_64.S (stubs 16 bytes apart).

Checks: the syscall-path chain of bind through syscall (socket_demo) and through int $0x80,
both socketcall and the direct i386 bind (socketcall32); the #PF of bind(4, 0x8, 16) on the exc
trace; the instruction-trace filters; jsonl; two runs giving byte-identical traces; and
one-line errors for bad options."""
import json
import os
import re
import subprocess
import sys
import tempfile

LSTAR, BUILD = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, expect_status=0):
    with tempfile.NamedTemporaryFile("r", suffix=".trace") as out:
        p = subprocess.run([LSTAR, *args[:1], "--trace-out", out.name, *args[1:]], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=600)
        check(p.returncode == expect_status, f"lstar {' '.join(args)}: status {p.returncode}: {p.stderr[-300:]}")
        return open(out.name).read().splitlines()


def nm(name):
    out = subprocess.run(["nm", os.path.join(BUILD, "guestos64.elf")], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    raise SystemExit(f"nm: no {name} in guestos64.elf")


def host_nr(header, name):
    for line in open(f"/usr/include/x86_64-linux-gnu/asm/{header}"):
        m = re.match(rf"#define __NR_{name}\s+(\d+)", line)
        if m:
            return int(m.group(1))
    raise SystemExit(f"{header}: no __NR_{name}")


def blocks(lines):
    """The syscall-path output split into one block per call (header line first)."""
    out = []
    for line in lines:
        if line.startswith("[pid"):
            out.append([line])
        elif out:
            out[-1].append(line)
    return out


def in_order(block, patterns, what):
    at = 0
    for pat in patterns:
        while at < len(block) and not re.search(pat, block[at]):
            at += 1
        check(at < len(block), f"{what}: no line matching {pat!r} in order")
        if at == len(block):
            return
        at += 1


def tree_chain(block, names, what):
    """names appear in the call tree, each one level deeper than the one before."""
    depth = None
    at = 0
    for name in names:
        while at < len(block) and not re.match(rf"^ +{re.escape(name)}\b", block[at]):
            at += 1
        check(at < len(block), f"{what}: {name} is not in the call tree after {names[:names.index(name)]}")
        if at == len(block):
            return
        indent = len(block[at]) - len(block[at].lstrip())
        check(depth is None or indent == depth + 2, f"{what}: {name} is not called by the function above it")
        depth = indent


prog64 = os.path.join(BUILD, "socket_demo")
prog32 = os.path.join(BUILD, "socketcall32")
entry64, pcpu, int80 = nm("entry_SYSCALL_64"), nm("cpu_pcpu"), nm("entry_INT80_compat")
nr_bind64 = host_nr("unistd_64.h", "bind")
nr_socketcall, nr_bind32 = host_nr("unistd_32.h", "socketcall"), host_nr("unistd_32.h", "bind")

# ---- syscall-path, 64-bit: syscall -> MSR_LSTAR -> entry_SYSCALL_64 -> ... -> sysretq ----
path = blocks(run("run", "--trace=syscall-path", "--trace-syscalls=bind", prog64))
check(len(path) == 18, f"socket_demo makes 18 bind calls, the syscall-path trace shows {len(path)}")
first = path[0]
check(first[0].startswith('[pid 1] bind(3, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0'),
      f"first bind header: {first[0]}")
in_order(first, [rf"1\. +syscall +0x[0-9a-f]+ <bind\+0x[0-9a-f]+> +rax={nr_bind64} \(bind",
                 rf"2\. +MSR_LSTAR +{entry64:#x} <entry_SYSCALL_64> +CPL 3 -> 0",
                 rf"3\. +swapgs +entry_SYSCALL_64 .*gs\.base 0x0 -> {pcpu:#x} <cpu_pcpu>",
                 r"stack .*mov gs:\[0x0\], rsp .*saved in cpu_pcpu \(rsp_scratch\)",
                 r"stack .*mov rsp, gs:\[0x8\] .*RSP 0x7ff[0-9a-f]+ -> 0xffff[0-9a-f]+, from cpu_pcpu\+0x8 \(cpu_current_top_of_stack\)",
                 r"4\. +kernel calls",
                 r"swapgs .*gs\.base " + f"{pcpu:#x} -> 0x0",
                 r"5\. +sysretq .*<entry_SYSCALL_64\+0x[0-9a-f]+> +CPL 0 -> 3 \(64-bit mode\)"], "bind via syscall")
tree_chain(first, ["do_syscall_64", "__x64_sys_bind", "__sys_bind", "inet_bind"], "bind via syscall")
check(any(f"(sys_call_table[{nr_bind64}])" in l for l in first), "bind via syscall: the sys_call_table slot")

# ---- syscall-path, int $0x80: socketcall and the direct i386 bind ----
path32 = blocks(run("run", "--trace=syscall-path", "--trace-syscalls=bind", prog32))
via_socketcall = [b for b in path32 if f"eax={nr_socketcall} (socketcall" in "\n".join(b)]
direct = [b for b in path32 if f"eax={nr_bind32} (bind" in "\n".join(b)]
check(via_socketcall and direct, f"socketcall32: binds through socketcall ({len(via_socketcall)}) and directly ({len(direct)})")
for b, how, table_fn in ((via_socketcall[:1], "socketcall", "__ia32_compat_sys_socketcall"),
                         (direct[:1], "i386 bind", "__ia32_sys_bind")):
    if not b:
        continue
    b = b[0]
    in_order(b, [r"1\. +int \$0x80 +0x[0-9a-f]+ <",
                 rf"2\. +IDT\[0x80\] +{int80:#x} <entry_INT80_compat> +64-bit interrupt gate, DPL 3",
                 r"stack +TSS\.RSP0 +the CPU switched RSP 0x[0-9a-f]+ -> 0xffff",
                 rf"3\. +swapgs +entry_INT80_compat\+0x[0-9a-f]+ .*-> {pcpu:#x} <cpu_pcpu>",
                 r"4\. +kernel calls",
                 r"5\. +iretq .*CPL 0 -> 3 \(compatibility mode\)"], f"bind via int $0x80 ({how})")
    tree_chain(b, ["do_int80_syscall_32", table_fn, "__sys_bind", "inet_bind"], f"bind via int $0x80 ({how})")

# ---- exc: the kernel's #PF on bind(4, 0x8, 16) ----
exc = run("run", "--trace=exc", prog64)
pf = [l for l in exc if l.startswith("exc #PF")]
check(len(pf) == 1, f"one #PF on the exc trace, got {len(pf)}")
stub14 = nm("idt_stubs") + 16 * 14
if pf:
    check(re.match(r"exc #PF error=0x0 \(not-present read supervisor\) cr2=0x8 at 0xffff[0-9a-f]+ <copy_user_generic\+0x[0-9a-f]+> "
                   rf"cpl0 -> {stub14:#x} <idt_stubs\+0xe0> cpl0, rsp 0x[0-9a-f]+ -> 0x[0-9a-f]+ \(same stack\)", pf[0]),
          f"the #PF line: {pf[0]}")

# ---- instruction-trace filters ----
lines = run("run", "--trace=insn", "--trace-range=inet_bind", prog64)
check(lines and all(re.search(r" inet_bind(\+0x[0-9a-f]+)? ", l) for l in lines), "--trace-range=inet_bind: only inet_bind")
lo = entry64
lines = run("run", "--trace=insn", f"--trace-range={lo:#x}-{lo + 16:#x}", prog64)
rips = [int(l.split()[3], 16) for l in lines]
check(rips and all(lo <= r < lo + 16 for r in rips), "--trace-range=ADDR-ADDR: only RIPs inside")
lines = run("run", "--trace=insn", "--trace-cpl=3", "--trace-count=5000", prog64)
check(len(lines) == 5000 and all(l.split()[1] == "cpl3" for l in lines), "--trace-cpl=3 --trace-count=5000")
lines = run("run", "--trace=insn", "--trace-start=100000", "--trace-count=3", prog64)
check([int(l.split()[0]) for l in lines] == [100000, 100001, 100002], f"--trace-start=100000 --trace-count=3: {lines}")

# ---- jsonl ----
lines = run("run", "--trace=insn", "--trace-format=jsonl", "--trace-count=30000", prog64)
check(len(lines) == 30000, "jsonl: 30000 lines")
numbers = []
for l in lines:
    try:
        o = json.loads(l)
    except json.JSONDecodeError as e:
        check(False, f"jsonl: {e}: {l}")
        break
    check({"n", "cpl", "mode", "rip", "bytes", "asm"} <= o.keys(), f"jsonl fields: {l}")
    numbers.append(o["n"])
check(numbers == list(range(1, len(numbers) + 1)), "jsonl: instruction numbers 1, 2, 3 ...")

# ---- determinism: byte-identical traces ----
a = run("run", "--trace=insn,syscall,exc", "--trace-count=300000", prog64)
b = run("run", "--trace=insn,syscall,exc", "--trace-count=300000", prog64)
check(a == b and len(a) > 300000, "two traced runs are identical")

# ---- bad options: one line on stderr, status 2 ----
for bad in (["run", "--trace=bogus", prog64], ["run", "--trace-cpl=2", "--trace=insn", prog64],
            ["run", "--trace=insn", "--trace-range=no_such_symbol", prog64],
            ["run", "--trace=insn", "--trace-count=x", prog64], ["run", "--trace=insn", "--trace-format=xml", prog64],
            ["run", "--trace=syscall", "--trace-syscalls=no_such_call", prog64],
            ["run", "--trace-range=inet_bind", prog64], ["run", "--trace=insn", "--syntax=gas", prog64],
            ["run", "--trace=syscall", "--trace-out", "/nonexistent/dir/trace", prog64],
            ["flat", os.path.join(BUILD, "demo.bin"), "--trace=syscall"]):
    p = subprocess.run([LSTAR, *bad], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    err = p.stderr.splitlines()
    check(p.returncode == 2 and len(err) == 1 and err[0].startswith("lstar: ") and not p.stdout,
          f"lstar {' '.join(bad)}: want one 'lstar: ' line and status 2, got {p.returncode} {p.stderr!r}")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("PASS: syscall-path (syscall, int $0x80 socketcall and direct), exc #PF, filters, jsonl, determinism, errors")
