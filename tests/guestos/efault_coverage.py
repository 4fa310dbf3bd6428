#!/usr/bin/env python3
"""efault_coverage.py - does some guest test pass a bad pointer to every pointer argument of
every system call the guest kernel implements?

usage: efault_coverage.py SYSCALL_64_TBL SYSCALL_32_TBL TESTS_DIR

Every call of both tables must be in POINTERS below (its user-pointer arguments, by Linux's
parameter names; [] when it takes none). Every pointer argument must then be either
  - a case of efault.c (the `syscall` table) or efault32.c (the int $0x80 table): a label
    T("name.argument" ...) (T6, accept_case alike), which those programs print with the
    result, compared with the host's own run by run_tests.sh;
  - proven by a line of another guest test (ELSEWHERE: file and the exact text of the case);
  - or listed in UNTESTABLE with the reason no bad-pointer call can be made.
A call added to a table without any of these makes this check fail, and so does a label in
efault*.c that names no known argument (a typo would otherwise hide a missing case)."""
import re
import sys
from pathlib import Path

# Linux's parameter names (include/linux/syscalls.h). Names shared by both tables mean the
# same arguments; I386 overrides the few whose i386 call differs.
POINTERS = {
    "read": ["buf"], "write": ["buf"], "open": ["filename"], "close": [],
    "stat": ["filename", "statbuf"], "fstat": ["statbuf"], "lstat": ["filename", "statbuf"],
    "poll": ["ufds"], "lseek": [], "mmap": [], "mprotect": [], "munmap": [], "brk": [],
    "rt_sigaction": ["act", "oact"], "rt_sigprocmask": ["set", "oset"], "rt_sigreturn": ["frame"],
    "ioctl": ["arg"], "pread64": ["buf"], "pwrite64": ["buf"], "readv": ["vec", "iov_base"],
    "writev": ["vec", "iov_base"], "access": ["filename"], "pipe": ["fildes"],
    "select": ["inp", "outp", "exp", "tvp"], "sched_yield": [], "mremap": [], "madvise": [],
    "dup": [], "dup2": [], "pause": [], "nanosleep": ["rqtp", "rmtp"], "getitimer": ["value"],
    "alarm": [], "setitimer": ["value", "ovalue"], "getpid": [], "socket": [],
    "connect": ["uservaddr"], "accept": ["upeer_sockaddr", "upeer_addrlen"],
    "sendto": ["buff", "addr"], "recvfrom": ["ubuf", "addr", "addr_len"], "sendmsg": ["msg"],
    "recvmsg": ["msg"], "shutdown": [], "bind": ["umyaddr"], "listen": [],
    "getsockname": ["usockaddr", "usockaddr_len"], "getpeername": ["usockaddr", "usockaddr_len"],
    "socketpair": ["usockvec"], "setsockopt": ["optval"], "getsockopt": ["optval", "optlen"],
    "clone": ["parent_tidptr", "child_tidptr"], "fork": [], "vfork": [],
    "execve": ["filename", "argv", "envp"], "exit": [], "wait4": ["stat_addr", "ru"], "kill": [],
    "uname": ["name"], "fcntl": [], "truncate": ["path"], "ftruncate": [],
    "getdents": ["dirent"], "getcwd": ["buf"], "chdir": ["filename"], "fchdir": [],
    "rename": ["oldname", "newname"], "mkdir": ["pathname"], "rmdir": ["pathname"],
    "creat": ["pathname"], "link": ["oldname", "newname"], "unlink": ["pathname"],
    "symlink": ["oldname", "newname"], "readlink": ["path", "buf"], "chmod": ["filename"],
    "fchmod": [], "chown": ["filename"], "fchown": [], "lchown": ["filename"], "umask": [],
    "gettimeofday": ["tv", "tz"], "getrlimit": ["rlim"], "getrusage": ["ru"],
    "sysinfo": ["info"], "times": ["tbuf"], "getuid": [], "getgid": [], "setuid": [],
    "setgid": [], "geteuid": [], "getegid": [], "setpgid": [], "getppid": [], "getpgrp": [],
    "setsid": [], "setreuid": [], "setregid": [], "getgroups": ["grouplist"],
    "setgroups": ["grouplist"], "setresuid": [], "getresuid": ["ruid", "euid", "suid"],
    "setresgid": [], "getresgid": ["rgid", "egid", "sgid"], "getpgid": [], "setfsuid": [],
    "setfsgid": [], "getsid": [], "rt_sigpending": ["set"],
    "rt_sigtimedwait": ["uthese", "uinfo", "uts"], "rt_sigsuspend": ["unewset"],
    "sigaltstack": ["uss", "uoss"], "mknod": ["filename"], "arch_prctl": ["addr"],
    "setrlimit": ["rlim"], "gettid": [], "tkill": [], "time": ["tloc"],
    "futex": ["uaddr", "utime", "uaddr2"], "sched_setaffinity": ["user_mask_ptr"],
    "sched_getaffinity": ["user_mask_ptr"], "getdents64": ["dirent"],
    "set_tid_address": ["tidptr"], "clock_gettime": ["tp"], "clock_getres": ["tp"],
    "clock_nanosleep": ["rqtp", "rmtp"], "exit_group": [], "tgkill": [],
    "waitid": ["infop", "ru"], "openat": ["filename"], "mkdirat": ["pathname"],
    "mknodat": ["filename"], "fchownat": ["filename"], "newfstatat": ["filename", "statbuf"],
    "unlinkat": ["pathname"], "renameat": ["oldname", "newname"],
    "linkat": ["oldname", "newname"], "symlinkat": ["oldname", "newname"],
    "readlinkat": ["pathname", "buf"], "fchmodat": ["filename"], "faccessat": ["filename"],
    "pselect6": ["inp", "outp", "exp", "tsp", "sig"], "ppoll": ["ufds", "tsp", "sigmask"],
    "set_robust_list": ["head"], "get_robust_list": ["head_ptr", "len_ptr"],
    "utimensat": ["filename", "utimes"], "accept4": ["upeer_sockaddr", "upeer_addrlen"],
    "dup3": [], "pipe2": ["fildes"], "recvmmsg": ["mmsg", "timeout"], "prlimit64":
    ["new_rlim", "old_rlim"], "sendmmsg": ["mmsg"], "renameat2": ["oldname", "newname"],
    "getrandom": ["buf"], "statx": ["filename", "buffer"],
    # i386 only
    "waitpid": ["stat_addr"], "_llseek": ["result"], "socketcall": ["args"],
    "_newselect": ["inp", "outp", "exp", "tvp"], "ugetrlimit": ["rlim"], "mmap2": [],
    "ftruncate64": [], "stat64": ["filename", "statbuf"], "lstat64": ["filename", "statbuf"],
    "fstat64": ["statbuf"], "fstatat64": ["filename", "statbuf"], "fcntl64": [],
    "set_thread_area": ["u_info"],
}
for n in ("lchown32", "fchown32", "chown32", "getuid32", "getgid32", "geteuid32", "getegid32",
          "setreuid32", "setregid32", "getgroups32", "setgroups32", "setresuid32",
          "getresuid32", "setresgid32", "getresgid32", "setuid32", "setgid32", "setfsuid32",
          "setfsgid32"):
    POINTERS[n] = POINTERS[n[:-2]]
# i386's call 90 is old_mmap: its one argument points to the six values.
I386 = {"mmap": ["arg"]}

UNTESTABLE = {
    "rt_sigreturn.frame": "no pointer argument: the frame is read at the stack pointer, and a "
                          "bad one is a SIGSEGV (signals.c, signal32.c)",
    "clone.parent_tidptr": "Linux 5.0 ignores a failed store here (kernel/fork.c): the child "
                           "is created anyway, so no call returns EFAULT",
    "clone.child_tidptr": "stored for the child, written at its exit; a fault is ignored",
    "set_tid_address.tidptr": "only stored; used at exit, where a fault is ignored",
    "set_robust_list.head": "only stored; walked at exit, where a fault is ignored",
    "nanosleep.rmtp": "written only when a signal interrupts the sleep",
    "clock_nanosleep.rmtp": "written only when a signal interrupts the sleep",
    "set_thread_area.u_info": "listed but not written yet: the table's entry is the weak alias "
                              "of sys_ni_syscall (ENOSYS for any argument; src/guestos/README.md)",
}

# Cases in other guest tests (all run by run_tests.sh against the host): file, exact text.
# A key that starts with an ABI holds for that table only.
SOCK = "sock_errno.c"
ELSEWHERE = {
    # proc_efault.c is 64-bit only
    "x86_64 wait4.stat_addr": ("proc_efault.c", 'show("wait4(child, BAD)"'),
    "x86_64 wait4.ru": ("proc_efault.c", 'show("wait4(child, rusage BAD)"'),
    "x86_64 waitid.infop": ("proc_efault.c", 'show("waitid(child, KERNEL)"'),
    "connect.uservaddr": (SOCK, 'show("connect(c, low pointer, 16)"'),
    "bind.umyaddr": (SOCK, "bind(s, low pointer"),
    "sendto.buff": (SOCK, 'show("send(c, low pointer, 2, 0)"'),
    "sendto.addr": (SOCK, 'show("sendto(c, \\"x\\", 1, 0, low pointer, 16)"'),
    "recvfrom.ubuf": (SOCK, 'show("recv(srv, low pointer, 2, 0)"'),
    "sendmsg.msg": (SOCK, 'show("sendmsg(c, low pointer, 0)"'),
    "recvmsg.msg": (SOCK, 'show("recvmsg(srv, kernel pointer, 0)"'),
    "getpeername.usockaddr": (SOCK, 'show("getpeername(c, low pointer, &len)"'),
    "getpeername.usockaddr_len": (SOCK, 'show("getpeername(c, &a, kernel pointer)"'),
    "socketpair.usockvec": (SOCK, 'show("socketpair(AF_UNIX, SOCK_STREAM, 0, low pointer)"'),
    "sendmmsg.mmsg": (SOCK, 'show("sendmmsg(c, low pointer, 1, 0)"'),
    "recvmmsg.mmsg": (SOCK, 'show("recvmmsg(srv, kernel pointer, 1, MSG_DONTWAIT, NULL)"'),
    "recvmmsg.timeout": (SOCK, 'show("recvmmsg(srv, buf, 1, 0, low pointer)"'),
    "getsockname.usockaddr": (SOCK, 'show("getsockname(s, low pointer, &len)"'),
    "getsockname.usockaddr_len": (SOCK, 'show("getsockname(s, &a, low pointer)"'),
    "setsockopt.optval": (SOCK, 'show("setsockopt(s, SOL_SOCKET, SO_REUSEADDR, low pointer, 4)"'),
    "getsockopt.optval": (SOCK, 'show("getsockopt(s, SOL_SOCKET, SO_TYPE, low pointer, &4)"'),
    "getsockopt.optlen": (SOCK, 'show("getsockopt(s, SOL_SOCKET, SO_TYPE, &v, low pointer)"'),
    "socketcall.args": (SOCK, 'show("socketcall(SYS_SOCKET, low pointer)"'),
}


def table(path):
    """The call names of a syscall_*.tbl."""
    names = []
    for line in Path(path).read_text().splitlines():
        fields = line.split()
        if fields and not line.startswith("#"):
            names.append(fields[2])
    return names


def labels(path):
    """The "name.argument" labels of an efault test program."""
    text = Path(path).read_text()
    return set(re.findall(r'\b(?:T|T6|accept_case)\("([a-z0-9_]+\.[a-z0-9_]+)', text))


def check(abi, tbl, program, tests):
    known = labels(tests / program)
    problems, wanted = [], set()
    for name in table(tbl):
        args = (I386 if abi == "i386" else {}).get(name, POINTERS.get(name))
        if args is None:
            problems.append(f"{name}: not in efault_coverage.py's POINTERS (which arguments "
                            f"are user pointers?)")
            continue
        for arg in args:
            key = f"{name}.{arg}"
            wanted.add(key)
            if key in known or key in UNTESTABLE:
                continue
            where = ELSEWHERE.get(key, ELSEWHERE.get(f"{abi} {key}"))
            if where and where[1] in (tests / where[0]).read_text():
                continue
            problems.append(f"{key}: no bad-pointer case in {program}"
                            + (f" (nor '{where[1]}' in {where[0]})" if where else ""))
    for key in sorted(known - wanted):
        problems.append(f"{key}: a label of {program} that names no pointer argument of a "
                        f"call in {Path(tbl).name}")
    return problems, len(wanted)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: efault_coverage.py SYSCALL_64_TBL SYSCALL_32_TBL TESTS_DIR")
    tests = Path(sys.argv[3])
    failed = False
    for abi, tbl, program in (("x86_64", sys.argv[1], "efault.c"),
                              ("i386", sys.argv[2], "efault32.c")):
        problems, count = check(abi, tbl, program, tests)
        for p in problems:
            print(f"efault_coverage: {abi}: {p}")
        print(f"efault_coverage: {abi}: {count} pointer arguments, {len(problems)} uncovered")
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
