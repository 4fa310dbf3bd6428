// The Linux ABI tables of src/debug/linux_abi.* against independent sources: the guest kernel's
// own syscall_64.tbl and syscall_32.tbl, the host's <sys/syscall.h> and <errno.h>, and strings
// that strace 6.1 prints on the host for the same values (tests/cli/trace_strace.sh compares
// whole traces).
#include <catch2/catch.hpp>

#include <sys/syscall.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include "debug/linux_abi.hpp"

using namespace lstar::linux_abi;

namespace {

// Every "<number> <abi> <name> ..." row of a guest kernel table must have the same name here.
size_t check_table(const std::string& path, Abi abi) {
    std::ifstream in(path);
    REQUIRE(in);
    size_t rows = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        uint64_t nr;
        std::string kind, name;
        if (!(words >> nr >> kind >> name)) continue;
        INFO(path << ": " << line);
        const char* ours = syscall_name(abi, nr);
        REQUIRE(ours != nullptr);
        CHECK(std::string(ours) == name);
        CHECK(syscall_number(abi, name) == nr);
        ++rows;
    }
    return rows;
}

}  // namespace

TEST_CASE("Syscall names agree with the guest kernel's tables", "[debug][trace]") {
    CHECK(check_table(LSTAR_SOURCE_DIR "/src/guestos/arch/x86/entry/syscall_64.tbl", Abi::X86_64) > 50);
    CHECK(check_table(LSTAR_SOURCE_DIR "/src/guestos/arch/x86/entry/syscall_32.tbl", Abi::I386) > 40);
}

TEST_CASE("Syscall numbers agree with the host's <sys/syscall.h>", "[debug][trace]") {
    CHECK(syscall_number(Abi::X86_64, "bind") == SYS_bind);
    CHECK(syscall_number(Abi::X86_64, "socket") == SYS_socket);
    CHECK(syscall_number(Abi::X86_64, "listen") == SYS_listen);
    CHECK(syscall_number(Abi::X86_64, "exit_group") == SYS_exit_group);
    CHECK(syscall_number(Abi::X86_64, "rseq") == SYS_rseq);  // the last call of Linux 5.0
    CHECK(std::string(syscall_name(Abi::X86_64, SYS_execve)) == "execve");
    CHECK(syscall_name(Abi::X86_64, 335) == nullptr);        // nothing between rseq and 424 in 5.0
    CHECK(syscall_name(Abi::X86_64, SYS_pidfd_send_signal) == nullptr);  // Linux 5.1
    CHECK(syscall_number(Abi::I386, "socketcall") == 102u);  // the seed notes' int $0x80 path
    CHECK(syscall_number(Abi::I386, "bind") == 361u);
    CHECK(syscall_number(Abi::I386, "rseq") == 386u);
    CHECK(syscall_name(Abi::I386, 1000) == nullptr);
}

TEST_CASE("errno names agree with the host's <errno.h>", "[debug][trace]") {
    CHECK(std::string(errno_name(EPERM)) == "EPERM");
    CHECK(std::string(errno_name(EBADF)) == "EBADF");
    CHECK(std::string(errno_name(EFAULT)) == "EFAULT");
    CHECK(std::string(errno_name(EAGAIN)) == "EAGAIN");
    CHECK(std::string(errno_name(ENOTSOCK)) == "ENOTSOCK");
    CHECK(std::string(errno_name(EOPNOTSUPP)) == "EOPNOTSUPP");
    CHECK(std::string(errno_name(EADDRINUSE)) == "EADDRINUSE");
    CHECK(std::string(errno_name(EADDRNOTAVAIL)) == "EADDRNOTAVAIL");
    CHECK(std::string(errno_name(EHWPOISON)) == "EHWPOISON");
    CHECK(errno_name(0) == nullptr);
    CHECK(errno_name(-1) == nullptr);
}

TEST_CASE("Flag sets print as strace prints them", "[debug][trace]") {
    // Each expected string is what strace 6.1 printed for the value natively.
    CHECK(socktype_flags(1) == "SOCK_STREAM");
    CHECK(socktype_flags(1 | 02000000 | 04000) == "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK");
    CHECK(socktype_flags(1 | 0x100) == "SOCK_STREAM|0x100 /* SOCK_??? */");
    CHECK(socktype_flags(11) == "0xb /* SOCK_??? */");
    CHECK(socktype_flags(0xffffffff) == "SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff");
    CHECK(open_flags(0) == "O_RDONLY");
    CHECK(open_flags(02 | 0100 | 01000 | 02000000) == "O_RDWR|O_CREAT|O_TRUNC|O_CLOEXEC");
    CHECK(prot_flags(0) == "PROT_NONE");
    CHECK(prot_flags(3) == "PROT_READ|PROT_WRITE");
    CHECK(map_flags(0x22) == "MAP_PRIVATE|MAP_ANONYMOUS");
    CHECK(std::string(af_name(2)) == "AF_INET");
    CHECK(std::string(af_name(1)) == "AF_UNIX");
    CHECK(af_name(12345) == nullptr);
    CHECK(std::string(sockopt_name(1, 2)) == "SO_REUSEADDR");
    CHECK(std::string(ioctl_name(0x5413)) == "TIOCGWINSZ");
    CHECK(std::string(arch_prctl_name(0x1002)) == "ARCH_SET_FS");
}

TEST_CASE("socketcall sub-calls follow <linux/net.h>", "[debug][trace]") {
    CHECK(std::string(socketcall_name(1)) == "socket");   // SYS_SOCKET
    CHECK(std::string(socketcall_name(2)) == "bind");     // SYS_BIND
    CHECK(std::string(socketcall_name(4)) == "listen");   // SYS_LISTEN
    CHECK(std::string(socketcall_name(20)) == "sendmmsg");
    CHECK(socketcall_nargs(2) == 3);
    CHECK(socketcall_nargs(11) == 6);  // sendto
    CHECK(socketcall_name(0) == nullptr);
    CHECK(socketcall_name(21) == nullptr);
}
