// What lstar knows about the Linux system-call ABI, for the syscall trace: the x86-64 and i386
// call numbers and names (Linux 5.0, generated into linux_names.inc), the argument kinds of the
// calls people trace most, strace's call classes, the socketcall sub-calls, the errno names and
// the symbolic constants strace prints (AF_*, SOCK_*, O_*, PROT_*, MAP_* ...).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lstar::linux_abi {

enum class Abi : uint8_t {
    X86_64,  // the syscall instruction: rax; rdi rsi rdx r10 r8 r9
    I386,    // int $0x80 (from any mode) and sysenter: eax; ebx ecx edx esi edi ebp
};

// The name of call `nr`, or nullptr when Linux 5.0 has none.
const char* syscall_name(Abi abi, uint64_t nr);
std::optional<uint64_t> syscall_number(Abi abi, std::string_view name);

// How an argument is shown. The *_OUT kinds are read when the call returns.
enum class Arg : uint8_t {
    INT,        // int, decimal
    LONG,       // long, decimal
    ULONG,      // size_t and friends, decimal
    HEX,        // flags strace shows in hex
    OCT,        // a mode_t: 0644
    PTR,        // an address: NULL or 0x...
    FD,         // a file descriptor
    DIRFD,      // a directory fd of the *at calls: AT_FDCWD or a number
    PATH,       // a NUL-terminated string
    BUF_IN,     // bytes the call reads; the next argument is the length
    BUF_OUT,    // bytes the call writes; the return value is the length
    IOV_IN,     // struct iovec[]; the next argument is the count
    STRV,       // a NULL-terminated char *[] (execve's argv)
    ENVP,       // execve's envp: shown as an address with a count, as strace does
    SOCKADDR,   // const struct sockaddr *; the next argument is the length
    SOCKADDR_OUT,  // struct sockaddr * filled by the call; the next argument is a socklen_t *
    LENPTR_OUT, // socklen_t *: [in] or [in => out]
    OPTVAL,     // setsockopt's optval; the next argument is the length
    FDPAIR_OUT, // int[2] filled by pipe/socketpair
    AF,         // address family
    SOCKTYPE,   // socket type with SOCK_CLOEXEC/SOCK_NONBLOCK
    PROTO,      // protocol, named after the family in the first argument
    SOL,        // socket option level
    SOCKOPT,    // option name, named after the level in the previous argument
    OFLAGS,     // O_* open flags
    PROT,       // PROT_*
    MAPFLAGS,   // MAP_*
    ARCH_PRCTL, // ARCH_SET_FS ...
    IOCTL,      // the request: TCGETS, TIOCGWINSZ ...
    WHENCE,     // SEEK_*
    SIG,        // a signal number
    SHUT,       // SHUT_RD ...
    MSGFLAGS,   // MSG_*
    ATFLAGS,    // AT_*
    ACCESS,     // F_OK / R_OK|W_OK|X_OK
    SOCKETCALL, // socketcall's call number: SYS_SOCKET ...
};

// Call classes for --trace-syscalls, after strace's -e trace=%class.
namespace cls {
constexpr uint8_t FILE = 1, NETWORK = 2, PROCESS = 4, MEMORY = 8, SIGNAL = 16, DESC = 32;
}

enum class Ret : uint8_t { INT, HEX, NONE };  // NONE: the call does not return (exit)

struct Signature {
    const char* name;
    uint8_t classes;
    Ret ret;
    uint8_t nargs;
    Arg args[6];
};

// The signature of call `name` in either table, or nullptr when lstar does not know its
// arguments (the call is then shown with its raw arguments in hex).
const Signature* signature(std::string_view name);
// "network" -> cls::NETWORK; 0 when it is not a class name.
uint8_t class_named(std::string_view name);

// socketcall(2)'s sub-call `call` (SYS_SOCKET = 1 ...): its name and argument count, or
// nullptr when the number is not one.
const char* socketcall_name(uint64_t call);
unsigned socketcall_nargs(uint64_t call);

// "EADDRINUSE", or nullptr when the value is not an errno.
const char* errno_name(int64_t err);

// Symbolic constants. Each returns nullptr when the value has no name.
const char* af_name(uint64_t af);
const char* socktype_name(uint64_t type);       // the base type only (bits 0-3)
const char* ipproto_name(uint64_t proto);
const char* sol_name(uint64_t level);
const char* sockopt_name(uint64_t level, uint64_t opt);
const char* ioctl_name(uint64_t req);
const char* arch_prctl_name(uint64_t code);
const char* whence_name(uint64_t whence);
const char* signal_name(uint64_t sig);
const char* shut_name(uint64_t how);

// Flag sets, as strace prints them: known names joined by '|', then the rest in hex; all of
// these return "0" for no bits.
std::string socktype_flags(uint64_t type);      // the type with SOCK_CLOEXEC / SOCK_NONBLOCK
std::string open_flags(uint64_t flags);
std::string prot_flags(uint64_t prot);
std::string map_flags(uint64_t flags);
std::string msg_flags(uint64_t flags);
std::string at_flags(uint64_t flags);
std::string access_mode(uint64_t mode);

}  // namespace lstar::linux_abi
