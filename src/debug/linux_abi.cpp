// The Linux ABI tables of linux_abi.hpp. Numbers and names come from linux_names.inc (generated
// from the UAPI headers, checked against the guest kernel's tables by a test); the argument
// kinds and constants follow the man pages and the UAPI headers of Linux 5.0.
#include "debug/linux_abi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <utility>

namespace lstar::linux_abi {

namespace {

struct NameRow {
    uint16_t nr;
    const char* name;
};

constexpr NameRow kSyscalls64[] = {
#define SYSCALL_64(nr, name) {nr, #name},
#define SYSCALL_32(nr, name)
#define ERRNO(nr, name)
#include "debug/linux_names.inc"
#undef SYSCALL_64
#undef SYSCALL_32
#undef ERRNO
};

constexpr NameRow kSyscalls32[] = {
#define SYSCALL_64(nr, name)
#define SYSCALL_32(nr, name) {nr, #name},
#define ERRNO(nr, name)
#include "debug/linux_names.inc"
#undef SYSCALL_64
#undef SYSCALL_32
#undef ERRNO
};

constexpr NameRow kErrnos[] = {
#define SYSCALL_64(nr, name)
#define SYSCALL_32(nr, name)
#define ERRNO(nr, name) {nr, #name},
#include "debug/linux_names.inc"
#undef SYSCALL_64
#undef SYSCALL_32
#undef ERRNO
};

template <size_t N>
const char* find_name(const NameRow (&rows)[N], uint64_t nr) {
    const auto it = std::lower_bound(std::begin(rows), std::end(rows), nr,
                                     [](const NameRow& r, uint64_t v) { return r.nr < v; });
    return it != std::end(rows) && it->nr == nr ? it->name : nullptr;
}

using enum Arg;
using namespace cls;

// The calls whose arguments lstar decodes; any other call shows its six raw arguments.
// Names are those of both tables (i386-only calls such as mmap2 and _llseek included).
const Signature kSignatures[] = {
    {"read", DESC, Ret::INT, 3, {FD, BUF_OUT, ULONG}},
    {"write", DESC, Ret::INT, 3, {FD, BUF_IN, ULONG}},
    {"open", FILE | DESC, Ret::INT, 3, {PATH, OFLAGS, OCT}},
    {"openat", FILE | DESC, Ret::INT, 4, {DIRFD, PATH, OFLAGS, OCT}},
    {"creat", FILE | DESC, Ret::INT, 2, {PATH, OCT}},
    {"close", DESC, Ret::INT, 1, {FD}},
    {"stat", FILE, Ret::INT, 2, {PATH, PTR}},
    {"lstat", FILE, Ret::INT, 2, {PATH, PTR}},
    {"fstat", DESC, Ret::INT, 2, {FD, PTR}},
    {"stat64", FILE, Ret::INT, 2, {PATH, PTR}},
    {"lstat64", FILE, Ret::INT, 2, {PATH, PTR}},
    {"fstat64", DESC, Ret::INT, 2, {FD, PTR}},
    {"newfstatat", FILE | DESC, Ret::INT, 4, {DIRFD, PATH, PTR, ATFLAGS}},
    {"fstatat64", FILE | DESC, Ret::INT, 4, {DIRFD, PATH, PTR, ATFLAGS}},
    {"poll", DESC, Ret::INT, 3, {PTR, ULONG, INT}},
    {"lseek", DESC, Ret::INT, 3, {FD, LONG, WHENCE}},
    {"_llseek", DESC, Ret::INT, 5, {FD, ULONG, ULONG, PTR, WHENCE}},
    {"mmap", MEMORY, Ret::HEX, 6, {PTR, ULONG, PROT, MAPFLAGS, FD, HEX}},
    {"mmap2", MEMORY, Ret::HEX, 6, {PTR, ULONG, PROT, MAPFLAGS, FD, HEX}},
    {"mprotect", MEMORY, Ret::INT, 3, {PTR, ULONG, PROT}},
    {"munmap", MEMORY, Ret::INT, 2, {PTR, ULONG}},
    {"mremap", MEMORY, Ret::HEX, 5, {PTR, ULONG, ULONG, HEX, PTR}},
    {"madvise", MEMORY, Ret::INT, 3, {PTR, ULONG, INT}},
    {"brk", MEMORY, Ret::HEX, 1, {PTR}},
    {"rt_sigaction", SIGNAL, Ret::INT, 4, {SIG, PTR, PTR, ULONG}},
    {"rt_sigprocmask", SIGNAL, Ret::INT, 4, {INT, PTR, PTR, ULONG}},
    {"rt_sigreturn", SIGNAL, Ret::INT, 0, {}},
    {"sigreturn", SIGNAL, Ret::INT, 0, {}},
    {"sigaltstack", SIGNAL, Ret::INT, 2, {PTR, PTR}},
    {"ioctl", DESC, Ret::INT, 3, {FD, IOCTL, PTR}},
    {"pread64", DESC, Ret::INT, 4, {FD, BUF_OUT, ULONG, LONG}},
    {"pwrite64", DESC, Ret::INT, 4, {FD, BUF_IN, ULONG, LONG}},
    {"readv", DESC, Ret::INT, 3, {FD, PTR, INT}},
    {"writev", DESC, Ret::INT, 3, {FD, IOV_IN, INT}},
    {"access", FILE, Ret::INT, 2, {PATH, ACCESS}},
    {"faccessat", FILE | DESC, Ret::INT, 3, {DIRFD, PATH, ACCESS}},
    {"pipe", DESC, Ret::INT, 1, {FDPAIR_OUT}},
    {"pipe2", DESC, Ret::INT, 2, {FDPAIR_OUT, OFLAGS}},
    {"dup", DESC, Ret::INT, 1, {FD}},
    {"dup2", DESC, Ret::INT, 2, {FD, FD}},
    {"dup3", DESC, Ret::INT, 3, {FD, FD, OFLAGS}},
    {"fcntl", DESC, Ret::INT, 3, {FD, INT, HEX}},
    {"fcntl64", DESC, Ret::INT, 3, {FD, INT, HEX}},
    {"fsync", DESC, Ret::INT, 1, {FD}},
    {"ftruncate", DESC, Ret::INT, 2, {FD, LONG}},
    {"truncate", FILE, Ret::INT, 2, {PATH, LONG}},
    {"getdents64", DESC, Ret::INT, 3, {FD, PTR, ULONG}},
    {"getcwd", FILE, Ret::INT, 2, {PTR, ULONG}},
    {"chdir", FILE, Ret::INT, 1, {PATH}},
    {"fchdir", DESC, Ret::INT, 1, {FD}},
    {"rename", FILE, Ret::INT, 2, {PATH, PATH}},
    {"mkdir", FILE, Ret::INT, 2, {PATH, OCT}},
    {"mkdirat", FILE | DESC, Ret::INT, 3, {DIRFD, PATH, OCT}},
    {"rmdir", FILE, Ret::INT, 1, {PATH}},
    {"link", FILE, Ret::INT, 2, {PATH, PATH}},
    {"unlink", FILE, Ret::INT, 1, {PATH}},
    {"unlinkat", FILE | DESC, Ret::INT, 3, {DIRFD, PATH, ATFLAGS}},
    {"symlink", FILE, Ret::INT, 2, {PATH, PATH}},
    {"readlink", FILE, Ret::INT, 3, {PATH, PTR, ULONG}},
    {"readlinkat", FILE | DESC, Ret::INT, 4, {DIRFD, PATH, PTR, ULONG}},
    {"chmod", FILE, Ret::INT, 2, {PATH, OCT}},
    {"fchmod", DESC, Ret::INT, 2, {FD, OCT}},
    {"chown", FILE, Ret::INT, 3, {PATH, INT, INT}},
    {"umask", 0, Ret::INT, 1, {OCT}},
    {"socket", NETWORK, Ret::INT, 3, {AF, SOCKTYPE, PROTO}},
    {"socketpair", NETWORK, Ret::INT, 4, {AF, SOCKTYPE, PROTO, FDPAIR_OUT}},
    {"connect", NETWORK, Ret::INT, 3, {FD, SOCKADDR, INT}},
    {"bind", NETWORK, Ret::INT, 3, {FD, SOCKADDR, INT}},
    {"listen", NETWORK, Ret::INT, 2, {FD, INT}},
    {"accept", NETWORK, Ret::INT, 3, {FD, SOCKADDR_OUT, LENPTR_OUT}},
    {"accept4", NETWORK, Ret::INT, 4, {FD, SOCKADDR_OUT, LENPTR_OUT, HEX}},
    {"getsockname", NETWORK, Ret::INT, 3, {FD, SOCKADDR_OUT, LENPTR_OUT}},
    {"getpeername", NETWORK, Ret::INT, 3, {FD, SOCKADDR_OUT, LENPTR_OUT}},
    {"send", NETWORK, Ret::INT, 4, {FD, BUF_IN, ULONG, MSGFLAGS}},
    {"recv", NETWORK, Ret::INT, 4, {FD, BUF_OUT, ULONG, MSGFLAGS}},
    {"sendto", NETWORK, Ret::INT, 6, {FD, BUF_IN, ULONG, MSGFLAGS, SOCKADDR, INT}},
    {"recvfrom", NETWORK, Ret::INT, 6, {FD, BUF_OUT, ULONG, MSGFLAGS, SOCKADDR_OUT, LENPTR_OUT}},
    {"sendmsg", NETWORK, Ret::INT, 3, {FD, PTR, MSGFLAGS}},
    {"recvmsg", NETWORK, Ret::INT, 3, {FD, PTR, MSGFLAGS}},
    {"shutdown", NETWORK, Ret::INT, 2, {FD, SHUT}},
    {"setsockopt", NETWORK, Ret::INT, 5, {FD, SOL, SOCKOPT, OPTVAL, INT}},
    {"getsockopt", NETWORK, Ret::INT, 5, {FD, SOL, SOCKOPT, PTR, PTR}},
    // Only a call that could not be decoded into its sub-call shows as socketcall; strace
    // leaves those out of -e trace=network.
    {"socketcall", 0, Ret::INT, 2, {SOCKETCALL, PTR}},
    {"clone", PROCESS, Ret::INT, 5, {HEX, PTR, PTR, PTR, HEX}},
    {"fork", PROCESS, Ret::INT, 0, {}},
    {"vfork", PROCESS, Ret::INT, 0, {}},
    {"execve", FILE | PROCESS, Ret::INT, 3, {PATH, STRV, ENVP}},
    {"exit", PROCESS, Ret::NONE, 1, {INT}},
    {"exit_group", PROCESS, Ret::NONE, 1, {INT}},
    {"wait4", PROCESS, Ret::INT, 4, {INT, PTR, HEX, PTR}},
    {"waitpid", PROCESS, Ret::INT, 3, {INT, PTR, HEX}},
    {"kill", SIGNAL | PROCESS, Ret::INT, 2, {INT, SIG}},
    {"tgkill", SIGNAL | PROCESS, Ret::INT, 3, {INT, INT, SIG}},
    {"getpid", 0, Ret::INT, 0, {}},
    {"getppid", 0, Ret::INT, 0, {}},
    {"gettid", 0, Ret::INT, 0, {}},
    {"getuid", 0, Ret::INT, 0, {}},
    {"getgid", 0, Ret::INT, 0, {}},
    {"geteuid", 0, Ret::INT, 0, {}},
    {"getegid", 0, Ret::INT, 0, {}},
    {"getuid32", 0, Ret::INT, 0, {}},
    {"getgid32", 0, Ret::INT, 0, {}},
    {"geteuid32", 0, Ret::INT, 0, {}},
    {"getegid32", 0, Ret::INT, 0, {}},
    {"sched_yield", 0, Ret::INT, 0, {}},
    {"uname", 0, Ret::INT, 1, {PTR}},
    {"time", 0, Ret::INT, 1, {PTR}},
    {"nanosleep", 0, Ret::INT, 2, {PTR, PTR}},
    {"clock_gettime", 0, Ret::INT, 2, {INT, PTR}},
    {"gettimeofday", 0, Ret::INT, 2, {PTR, PTR}},
    {"arch_prctl", PROCESS, Ret::INT, 2, {ARCH_PRCTL, PTR}},
    {"set_thread_area", 0, Ret::INT, 1, {PTR}},
    {"set_tid_address", 0, Ret::INT, 1, {PTR}},
    {"futex", 0, Ret::INT, 6, {PTR, INT, INT, PTR, PTR, INT}},
    {"getrandom", 0, Ret::INT, 3, {PTR, ULONG, HEX}},
    {"prlimit64", 0, Ret::INT, 4, {INT, INT, PTR, PTR}},
    {"getrlimit", 0, Ret::INT, 2, {INT, PTR}},
    {"sysinfo", 0, Ret::INT, 1, {PTR}},
};

template <class T>
const char* lookup(std::initializer_list<std::pair<T, const char*>> rows, uint64_t v) {
    for (const auto& [k, name] : rows)
        if (static_cast<uint64_t>(k) == v) return name;
    return nullptr;
}

struct Flag {
    uint64_t bits;
    const char* name;
};

// Known flags joined by '|', then whatever is left in hex; "0" for none.
std::string flag_list(uint64_t v, std::initializer_list<Flag> flags) {
    std::string s;
    for (const Flag& f : flags) {
        if (f.bits && (v & f.bits) == f.bits) {
            if (!s.empty()) s += '|';
            s += f.name;
            v &= ~f.bits;
        }
    }
    if (v) {
        if (!s.empty()) s += '|';
        s += fmt::format("{:#x}", v);
    }
    return s.empty() ? "0" : s;
}

}  // namespace

const char* syscall_name(Abi abi, uint64_t nr) {
    return abi == Abi::X86_64 ? find_name(kSyscalls64, nr) : find_name(kSyscalls32, nr);
}

std::optional<uint64_t> syscall_number(Abi abi, std::string_view name) {
    const auto search = [&](const auto& rows) -> std::optional<uint64_t> {
        for (const NameRow& r : rows)
            if (name == r.name) return r.nr;
        return std::nullopt;
    };
    return abi == Abi::X86_64 ? search(kSyscalls64) : search(kSyscalls32);
}

const Signature* signature(std::string_view name) {
    for (const Signature& s : kSignatures)
        if (name == s.name) return &s;
    return nullptr;
}

uint8_t class_named(std::string_view name) {
    if (!name.empty() && name[0] == '%') name.remove_prefix(1);  // strace 5 spells them %file
    if (name == "file") return FILE;
    if (name == "network" || name == "net") return NETWORK;
    if (name == "process") return PROCESS;
    if (name == "memory") return MEMORY;
    if (name == "signal") return SIGNAL;
    if (name == "desc") return DESC;
    return 0;
}

namespace {
// SYS_SOCKET .. SYS_SENDMMSG of <linux/net.h>, with their argument counts.
constexpr std::pair<const char*, unsigned> kSocketcalls[] = {
    {"socket", 3},     {"bind", 3},       {"connect", 3},     {"listen", 2},      {"accept", 3},
    {"getsockname", 3}, {"getpeername", 3}, {"socketpair", 4}, {"send", 4},       {"recv", 4},
    {"sendto", 6},     {"recvfrom", 6},   {"shutdown", 2},    {"setsockopt", 5},  {"getsockopt", 5},
    {"sendmsg", 3},    {"recvmsg", 3},    {"accept4", 4},     {"recvmmsg", 5},    {"sendmmsg", 4},
};
}  // namespace

const char* socketcall_name(uint64_t call) {
    return call >= 1 && call <= std::size(kSocketcalls) ? kSocketcalls[call - 1].first : nullptr;
}

unsigned socketcall_nargs(uint64_t call) {
    return call >= 1 && call <= std::size(kSocketcalls) ? kSocketcalls[call - 1].second : 0;
}

const char* errno_name(int64_t err) { return err > 0 ? find_name(kErrnos, static_cast<uint64_t>(err)) : nullptr; }

const char* af_name(uint64_t af) {
    return lookup<int>({{0, "AF_UNSPEC"}, {1, "AF_UNIX"}, {2, "AF_INET"}, {3, "AF_AX25"}, {4, "AF_IPX"},
                        {5, "AF_APPLETALK"}, {6, "AF_NETROM"}, {7, "AF_BRIDGE"}, {8, "AF_ATMPVC"},
                        {9, "AF_X25"}, {10, "AF_INET6"}, {16, "AF_NETLINK"}, {17, "AF_PACKET"},
                        {31, "AF_BLUETOOTH"}, {38, "AF_ALG"}, {40, "AF_VSOCK"}, {44, "AF_XDP"}},
                       af);
}

const char* socktype_name(uint64_t type) {
    return lookup<int>({{1, "SOCK_STREAM"}, {2, "SOCK_DGRAM"}, {3, "SOCK_RAW"}, {4, "SOCK_RDM"},
                        {5, "SOCK_SEQPACKET"}, {6, "SOCK_DCCP"}, {10, "SOCK_PACKET"}},
                       type & 0xf);
}

std::string socktype_flags(uint64_t type) {
    type &= 0xffffffff;
    std::string s;
    if (const char* base = socktype_name(type)) {
        s = base;
        type &= ~0xfull;
        if (!type) return s;
        s += '|';
    }
    const std::string rest = flag_list(type, {{02000000, "SOCK_CLOEXEC"}, {04000, "SOCK_NONBLOCK"}});
    // strace marks a value with no known name at all: 0xb /* SOCK_??? */
    if (rest.rfind("0x", 0) == 0) return s + rest + " /* SOCK_??? */";
    return s + rest;
}

const char* ipproto_name(uint64_t proto) {
    return lookup<int>({{0, "IPPROTO_IP"}, {1, "IPPROTO_ICMP"}, {2, "IPPROTO_IGMP"}, {4, "IPPROTO_IPIP"},
                        {6, "IPPROTO_TCP"}, {8, "IPPROTO_EGP"}, {12, "IPPROTO_PUP"}, {17, "IPPROTO_UDP"},
                        {22, "IPPROTO_IDP"}, {29, "IPPROTO_TP"}, {33, "IPPROTO_DCCP"}, {41, "IPPROTO_IPV6"},
                        {46, "IPPROTO_RSVP"}, {47, "IPPROTO_GRE"}, {50, "IPPROTO_ESP"}, {51, "IPPROTO_AH"},
                        {58, "IPPROTO_ICMPV6"}, {92, "IPPROTO_MTP"}, {94, "IPPROTO_BEETPH"},
                        {98, "IPPROTO_ENCAP"}, {103, "IPPROTO_PIM"}, {108, "IPPROTO_COMP"},
                        {132, "IPPROTO_SCTP"}, {136, "IPPROTO_UDPLITE"}, {137, "IPPROTO_MPLS"},
                        {255, "IPPROTO_RAW"}},
                       proto);
}

const char* sol_name(uint64_t level) {
    return lookup<int>({{0, "SOL_IP"}, {1, "SOL_SOCKET"}, {6, "SOL_TCP"}, {17, "SOL_UDP"}, {41, "SOL_IPV6"},
                        {255, "SOL_RAW"}},
                       level);
}

const char* sockopt_name(uint64_t level, uint64_t opt) {
    if (level == 1)
        return lookup<int>({{1, "SO_DEBUG"}, {2, "SO_REUSEADDR"}, {3, "SO_TYPE"}, {4, "SO_ERROR"},
                            {5, "SO_DONTROUTE"}, {6, "SO_BROADCAST"}, {7, "SO_SNDBUF"}, {8, "SO_RCVBUF"},
                            {9, "SO_KEEPALIVE"}, {10, "SO_OOBINLINE"}, {11, "SO_NO_CHECK"}, {12, "SO_PRIORITY"},
                            {13, "SO_LINGER"}, {14, "SO_BSDCOMPAT"}, {15, "SO_REUSEPORT"}, {16, "SO_PASSCRED"},
                            {17, "SO_PEERCRED"}, {18, "SO_RCVLOWAT"}, {19, "SO_SNDLOWAT"}, {20, "SO_RCVTIMEO"},
                            {21, "SO_SNDTIMEO"}, {30, "SO_ACCEPTCONN"}},
                           opt);
    if (level == 6)
        return lookup<int>({{1, "TCP_NODELAY"}, {2, "TCP_MAXSEG"}, {3, "TCP_CORK"}, {4, "TCP_KEEPIDLE"},
                            {5, "TCP_KEEPINTVL"}, {6, "TCP_KEEPCNT"}},
                           opt);
    if (level == 0) return lookup<int>({{1, "IP_TOS"}, {2, "IP_TTL"}, {3, "IP_HDRINCL"}, {4, "IP_OPTIONS"}}, opt);
    return nullptr;
}

const char* ioctl_name(uint64_t req) {
    return lookup<unsigned>({{0x5401, "TCGETS"}, {0x5402, "TCSETS"}, {0x5403, "TCSETSW"}, {0x5404, "TCSETSF"},
                             {0x540f, "TIOCGPGRP"}, {0x5410, "TIOCSPGRP"}, {0x5413, "TIOCGWINSZ"},
                             {0x5414, "TIOCSWINSZ"}, {0x541b, "FIONREAD"}, {0x5421, "FIONBIO"},
                             {0x5450, "FIONCLEX"}, {0x5451, "FIOCLEX"}},
                            req & 0xffffffff);
}

const char* arch_prctl_name(uint64_t code) {
    return lookup<int>({{0x1001, "ARCH_SET_GS"}, {0x1002, "ARCH_SET_FS"}, {0x1003, "ARCH_GET_FS"},
                        {0x1004, "ARCH_GET_GS"}},
                       code);
}

const char* whence_name(uint64_t whence) {
    return lookup<int>({{0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"}, {3, "SEEK_DATA"}, {4, "SEEK_HOLE"}},
                       whence);
}

const char* signal_name(uint64_t sig) {
    static constexpr const char* kNames[] = {
        nullptr,   "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",  "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
        "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",  "SIGPWR",  "SIGSYS"};
    return sig < std::size(kNames) ? kNames[sig] : nullptr;
}

const char* shut_name(uint64_t how) {
    return lookup<int>({{0, "SHUT_RD"}, {1, "SHUT_WR"}, {2, "SHUT_RDWR"}}, how);
}

std::string open_flags(uint64_t flags) {
    flags &= 0xffffffff;
    static constexpr const char* kAccess[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    std::string s = kAccess[flags & 3];
    flags &= ~3ull;
    if (!flags) return s;
    return s + "|" +
           flag_list(flags, {{020200000, "O_TMPFILE"}, {04010000, "O_SYNC"}, {0100, "O_CREAT"},
                             {0200, "O_EXCL"}, {0400, "O_NOCTTY"}, {01000, "O_TRUNC"}, {02000, "O_APPEND"},
                             {04000, "O_NONBLOCK"}, {010000, "O_DSYNC"}, {020000, "O_ASYNC"},
                             {040000, "O_DIRECT"}, {0100000, "O_LARGEFILE"}, {0200000, "O_DIRECTORY"},
                             {0400000, "O_NOFOLLOW"}, {01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"},
                             {010000000, "O_PATH"}});
}

std::string prot_flags(uint64_t prot) {
    if (!prot) return "PROT_NONE";
    return flag_list(prot, {{1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"}, {8, "PROT_SEM"},
                            {0x01000000, "PROT_GROWSDOWN"}, {0x02000000, "PROT_GROWSUP"}});
}

std::string map_flags(uint64_t flags) {
    flags &= 0xffffffff;
    static constexpr const char* kType[] = {nullptr, "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
    std::string s;
    if (kType[flags & 3]) s = kType[flags & 3];
    flags &= ~3ull;
    if (!flags) return s.empty() ? "0" : s;
    const std::string rest =
        flag_list(flags, {{0x10, "MAP_FIXED"}, {0x20, "MAP_ANONYMOUS"}, {0x40, "MAP_32BIT"},
                          {0x100, "MAP_GROWSDOWN"}, {0x800, "MAP_DENYWRITE"}, {0x1000, "MAP_EXECUTABLE"},
                          {0x2000, "MAP_LOCKED"}, {0x4000, "MAP_NORESERVE"}, {0x8000, "MAP_POPULATE"},
                          {0x10000, "MAP_NONBLOCK"}, {0x20000, "MAP_STACK"}, {0x40000, "MAP_HUGETLB"},
                          {0x80000, "MAP_SYNC"}, {0x100000, "MAP_FIXED_NOREPLACE"}});
    return s.empty() ? rest : s + "|" + rest;
}

std::string msg_flags(uint64_t flags) {
    return flag_list(flags & 0xffffffff,
                     {{1, "MSG_OOB"}, {2, "MSG_PEEK"}, {4, "MSG_DONTROUTE"}, {8, "MSG_CTRUNC"},
                      {0x10, "MSG_PROBE"}, {0x20, "MSG_TRUNC"}, {0x40, "MSG_DONTWAIT"}, {0x80, "MSG_EOR"},
                      {0x100, "MSG_WAITALL"}, {0x200, "MSG_FIN"}, {0x400, "MSG_SYN"}, {0x800, "MSG_CONFIRM"},
                      {0x1000, "MSG_RST"}, {0x2000, "MSG_ERRQUEUE"}, {0x4000, "MSG_NOSIGNAL"},
                      {0x8000, "MSG_MORE"}, {0x10000, "MSG_WAITFORONE"}, {0x40000, "MSG_BATCH"},
                      {0x20000000, "MSG_FASTOPEN"}, {0x40000000, "MSG_CMSG_CLOEXEC"}});
}

std::string at_flags(uint64_t flags) {
    return flag_list(flags & 0xffffffff, {{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},
                                          {0x400, "AT_SYMLINK_FOLLOW"}, {0x800, "AT_NO_AUTOMOUNT"},
                                          {0x1000, "AT_EMPTY_PATH"}});
}

std::string access_mode(uint64_t mode) {
    if (!mode) return "F_OK";
    return flag_list(mode & 0xffffffff, {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}});
}

}  // namespace lstar::linux_abi
