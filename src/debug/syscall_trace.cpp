#include "debug/syscall_trace.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace lstar {

using namespace linux_abi;

namespace {

constexpr unsigned MAX_STRING = 32;   // strace's default -s
constexpr unsigned MAX_PATH = 4096;
constexpr unsigned MAX_ARRAY = 32;
constexpr int64_t MAX_ERRNO = 4095;

// strace's quoting: C escapes, octal for the rest (three digits when a digit follows).
void quote_bytes(std::string& s, const uint8_t* p, size_t n) {
    s += '"';
    for (size_t k = 0; k < n; ++k) {
        const uint8_t c = p[k];
        switch (c) {
        case '"': s += "\\\""; break;
        case '\\': s += "\\\\"; break;
        case '\n': s += "\\n"; break;
        case '\t': s += "\\t"; break;
        case '\r': s += "\\r"; break;
        case '\f': s += "\\f"; break;
        case '\v': s += "\\v"; break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                s += static_cast<char>(c);
            } else {
                const bool digit_follows = k + 1 < n && p[k + 1] >= '0' && p[k + 1] <= '7';
                s += digit_follows ? fmt::format("\\{:03o}", c) : fmt::format("\\{:o}", c);
            }
        }
    }
    s += '"';
}

std::string hex(uint64_t v) { return v ? fmt::format("{:#x}", v) : "0"; }
std::string pointer(uint64_t v) { return v ? fmt::format("{:#x}", v) : "NULL"; }

// A name, or the value in hex with strace's "unknown" comment.
std::string named(const char* name, uint64_t v, const char* unknown) {
    return name ? name : fmt::format("{:#x} /* {} */", v, unknown);
}

}  // namespace

// ---- reading the guest ----

namespace {

struct Guest {
    Cpu& cpu;
    bool wide;  // 8-byte pointers (the x86-64 ABI)

    bool read(uint64_t la, void* dst, size_t n) const { return cpu.mmu.copy_out(la, dst, n); }
    bool pointer_at(uint64_t la, uint64_t& v) const {
        v = 0;
        return read(la, &v, wide ? 8 : 4);
    }
    // A NUL-terminated string of at most `max` bytes; false when the first byte is unreadable.
    bool c_string(uint64_t la, size_t max, std::string& s, bool& truncated) const {
        s.clear();
        truncated = false;
        for (size_t k = 0; k < max; ++k) {
            char c;
            if (!read(la + k, &c, 1)) return k > 0;
            if (!c) return true;
            s += c;
        }
        truncated = true;
        return true;
    }
};

std::string quoted_buffer(const Guest& g, uint64_t la, uint64_t len) {
    const size_t n = len < MAX_STRING ? len : MAX_STRING;
    std::vector<uint8_t> buf(n);
    if (n && !g.read(la, buf.data(), n)) return pointer(la);
    std::string s;
    quote_bytes(s, buf.data(), n);
    if (len > n) s += "...";
    return s;
}

std::string path_string(const Guest& g, uint64_t la) {
    std::string p;
    bool truncated;
    if (!la || !g.c_string(la, MAX_PATH, p, truncated)) return pointer(la);
    std::string s;
    quote_bytes(s, reinterpret_cast<const uint8_t*>(p.data()), p.size());
    if (truncated) s += "...";
    return s;
}

// struct sockaddr of `len` bytes, as strace prints it.
std::string sockaddr_text(const Guest& g, uint64_t la, uint64_t len) {
    if (!la) return "NULL";
    uint8_t sa[128] = {};
    const size_t n = len < sizeof sa ? len : sizeof sa;
    if (n < 2 || !g.read(la, sa, n)) return pointer(la);
    const uint16_t family = static_cast<uint16_t>(sa[0] | sa[1] << 8);
    std::string s = "{sa_family=" + named(af_name(family), family, "AF_???");
    const auto be16 = [&](size_t at) { return static_cast<unsigned>(sa[at] << 8 | sa[at + 1]); };
    if (family == 2 && n >= 16) {  // struct sockaddr_in
        char addr[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, sa + 4, addr, sizeof addr);
        s += fmt::format(", sin_port=htons({}), sin_addr=inet_addr(\"{}\")}}", be16(2), addr);
    } else if (family == 10 && n >= 24) {  // struct sockaddr_in6
        char addr[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, sa + 8, addr, sizeof addr);
        uint32_t flow, scope = 0;
        std::memcpy(&flow, sa + 4, 4);
        if (n >= 28) std::memcpy(&scope, sa + 24, 4);
        s += fmt::format(", sin6_port=htons({}), sin6_flowinfo=htonl({}), inet_pton(AF_INET6, \"{}\", &sin6_addr), "
                         "sin6_scope_id={}}}",
                         be16(2), ntohl(flow), addr, scope);
    } else if (family == 1) {  // struct sockaddr_un: a path, or an abstract name after a NUL
        if (n > 2) {
            s += ", sun_path=";
            if (sa[2] == 0) {
                s += '@';
                quote_bytes(s, sa + 3, n - 3);
            } else {
                size_t end = 2;
                while (end < n && sa[end]) ++end;
                quote_bytes(s, sa + 2, end - 2);
            }
        }
        s += '}';
    } else {
        if (n > 2) {
            s += ", sa_data=";
            quote_bytes(s, sa + 2, n - 2);
        }
        s += '}';
    }
    return s;
}

std::string iovec_text(const Guest& g, uint64_t la, uint64_t count) {
    const unsigned ptr = g.wide ? 8 : 4;
    std::string s = "[";
    for (uint64_t k = 0; k < count; ++k) {
        if (k == MAX_ARRAY) {
            s += ", ...";
            break;
        }
        uint64_t base, len;
        if (!g.pointer_at(la + k * 2 * ptr, base) || !g.pointer_at(la + k * 2 * ptr + ptr, len)) return pointer(la);
        if (k) s += ", ";
        s += "{iov_base=" + quoted_buffer(g, base, len) + fmt::format(", iov_len={}}}", len);
    }
    return s + "]";
}

std::string string_array(const Guest& g, uint64_t la) {
    if (!la) return "NULL";
    const unsigned ptr = g.wide ? 8 : 4;
    std::string s = "[";
    for (unsigned k = 0;; ++k) {
        uint64_t p;
        if (!g.pointer_at(la + k * ptr, p)) return pointer(la);
        if (!p) break;
        if (k == MAX_ARRAY) {
            s += ", ...";
            break;
        }
        if (k) s += ", ";
        s += path_string(g, p);
    }
    return s + "]";
}

std::string envp_text(const Guest& g, uint64_t la) {
    if (!la) return "NULL";
    const unsigned ptr = g.wide ? 8 : 4;
    unsigned n = 0;
    uint64_t p;
    while (n < 4096 && g.pointer_at(la + n * ptr, p) && p) ++n;
    return fmt::format("{:#x} /* {} var{} */", la, n, n == 1 ? "" : "s");
}

int32_t as_int(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }

}  // namespace

// ---- decoding a call ----

SyscallCall SyscallDecoder::enter(Cpu& cpu, Abi abi, uint64_t from_rip) {
    SyscallCall c;
    c.abi = abi;
    c.from_rip = from_rip;
    c.start_icount = cpu.icount();
    c.pid = ctx_.current_pid();
    const uint64_t* r = cpu.s.gpr;
    if (abi == Abi::X86_64) {
        c.nr = r[RAX];
        const uint64_t regs[6] = {r[RDI], r[RSI], r[RDX], r[R10], r[R8], r[R9]};
        std::memcpy(c.args, regs, sizeof regs);
    } else {
        c.nr = static_cast<uint32_t>(r[RAX]);
        const uint64_t regs[6] = {r[RBX], r[RCX], r[RDX], r[RSI], r[RDI], r[RBP]};
        for (unsigned k = 0; k < 6; ++k) c.args[k] = static_cast<uint32_t>(regs[k]);
    }
    const char* name = syscall_name(abi, c.nr);
    c.name = name ? name : fmt::format("syscall_{:#x}", c.nr);
    c.sig = signature(c.name);
    c.nargs = c.sig ? c.sig->nargs : 6;
    // socketcall(call, args): the sub-call, with its arguments from the user's array.
    if (abi == Abi::I386 && c.name == "socketcall" && socketcall_name(c.args[0])) {
        const unsigned n = socketcall_nargs(c.args[0]);
        uint32_t sub[6] = {};
        if (cpu.mmu.copy_out(c.args[1], sub, 4ull * n)) {
            c.name = socketcall_name(c.args[0]);
            c.sig = signature(c.name);
            c.nargs = n;
            for (unsigned k = 0; k < 6; ++k) c.args[k] = sub[k];
        }
    }
    for (unsigned k = 0; k < c.nargs; ++k) c.shown[k] = format_in(cpu, c, k);
    return c;
}

std::string SyscallDecoder::format_in(Cpu& cpu, SyscallCall& c, unsigned k) {
    const uint64_t v = c.args[k];
    if (!c.sig) return hex(v);
    const Guest g{cpu, c.abi == Abi::X86_64};
    const uint64_t next = k + 1 < 6 ? c.args[k + 1] : 0;
    const bool wide = c.abi == Abi::X86_64;
    switch (c.sig->args[k]) {
    case Arg::INT: return fmt::format("{}", as_int(v));
    case Arg::LONG: return wide ? fmt::format("{}", static_cast<int64_t>(v)) : fmt::format("{}", as_int(v));
    case Arg::ULONG: return fmt::format("{}", v);
    case Arg::HEX: return hex(v);
    case Arg::OCT: return fmt::format("0{:03o}", v & 07777);
    case Arg::PTR: return pointer(v);
    case Arg::FD: return fmt::format("{}", as_int(v));
    case Arg::DIRFD: return as_int(v) == -100 ? "AT_FDCWD" : fmt::format("{}", as_int(v));
    case Arg::PATH: return path_string(g, v);
    case Arg::BUF_IN: return quoted_buffer(g, v, next);
    case Arg::IOV_IN: return iovec_text(g, v, next);
    case Arg::STRV: return string_array(g, v);
    case Arg::ENVP: return envp_text(g, v);
    case Arg::SOCKADDR: return sockaddr_text(g, v, next);
    case Arg::OPTVAL: {
        uint32_t val;
        if (next == 4 && g.read(v, &val, 4)) return fmt::format("[{}]", as_int(val));
        return pointer(v);
    }
    case Arg::LENPTR_OUT:
        if (!v || !g.read(v, &c.len_in[k], 4)) c.len_in[k] = ~0u;
        return "";
    case Arg::BUF_OUT:
    case Arg::SOCKADDR_OUT:
    case Arg::FDPAIR_OUT: return "";
    case Arg::AF: return named(af_name(static_cast<uint32_t>(v)), static_cast<uint32_t>(v), "AF_???");
    case Arg::SOCKTYPE: return socktype_flags(v);
    case Arg::PROTO: {
        const uint64_t family = c.args[0];
        if (family == 2 || family == 10)
            return named(ipproto_name(static_cast<uint32_t>(v)), static_cast<uint32_t>(v), "IPPROTO_???");
        return fmt::format("{}", as_int(v));
    }
    case Arg::SOL: {
        const char* n = sol_name(static_cast<uint32_t>(v));
        return n ? n : fmt::format("{}", as_int(v));
    }
    case Arg::SOCKOPT: {
        const char* n = sockopt_name(static_cast<uint32_t>(c.args[k - 1]), static_cast<uint32_t>(v));
        return n ? n : fmt::format("{}", as_int(v));
    }
    case Arg::OFLAGS: return open_flags(v);
    case Arg::PROT: return prot_flags(v);
    case Arg::MAPFLAGS: return map_flags(v);
    case Arg::ARCH_PRCTL: return named(arch_prctl_name(v), v, "ARCH_???");
    case Arg::IOCTL: return named(ioctl_name(v), v & 0xffffffff, "_IOC_???");
    case Arg::WHENCE: return named(whence_name(v), v, "SEEK_???");
    case Arg::SIG: {
        const char* n = signal_name(v);
        return n ? n : fmt::format("{}", as_int(v));
    }
    case Arg::SHUT: return named(shut_name(v), v, "SHUT_???");
    case Arg::MSGFLAGS: return msg_flags(v);
    case Arg::ATFLAGS: return at_flags(v);
    case Arg::ACCESS: return access_mode(v);
    case Arg::SOCKETCALL: {
        const char* n = socketcall_name(v);
        if (!n) return fmt::format("{}", as_int(v));
        std::string s = "SYS_";
        for (const char* p = n; *p; ++p) s += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
        return s;
    }
    }
    return hex(v);
}

// The *_OUT arguments, read when the call has returned.
std::string SyscallDecoder::format_out(Cpu& cpu, const SyscallCall& c, unsigned k, int64_t ret) const {
    const uint64_t v = c.args[k];
    const Guest g{cpu, c.abi == Abi::X86_64};
    const bool failed = ret < 0;
    switch (c.sig->args[k]) {
    case Arg::BUF_OUT: return failed ? pointer(v) : quoted_buffer(g, v, static_cast<uint64_t>(ret));
    case Arg::FDPAIR_OUT: {
        int32_t fds[2];
        if (failed || !g.read(v, fds, sizeof fds)) return pointer(v);
        return fmt::format("[{}, {}]", fds[0], fds[1]);
    }
    case Arg::SOCKADDR_OUT: {
        if (failed || !v) return pointer(v);
        uint32_t len_out = 0;
        const uint32_t len_in = k + 1 < c.nargs ? c.len_in[k + 1] : 0;
        if (k + 1 < c.nargs && !g.read(c.args[k + 1], &len_out, 4)) return pointer(v);
        return sockaddr_text(g, v, len_out < len_in ? len_out : len_in);
    }
    case Arg::LENPTR_OUT: {
        if (!v || c.len_in[k] == ~0u) return pointer(v);
        uint32_t len_out;
        if (failed || !g.read(v, &len_out, 4) || len_out == c.len_in[k]) return fmt::format("[{}]", c.len_in[k]);
        return fmt::format("[{} => {}]", c.len_in[k], len_out);
    }
    default: return c.shown[k];
    }
}

std::string SyscallDecoder::call_text(Cpu& cpu, const SyscallCall& c, int64_t ret) const {
    std::string s = c.name + "(";
    for (unsigned k = 0; k < c.nargs; ++k) {
        // open/openat show the mode only when it is used (O_CREAT, O_TMPFILE), as strace does.
        if (c.sig && c.sig->args[k] == Arg::OCT && k > 0 && c.sig->args[k - 1] == Arg::OFLAGS) {
            const uint64_t flags = c.args[k - 1];
            constexpr uint64_t O_CREAT = 0100, O_TMPFILE = 020200000;
            if (!(flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE) break;
        }
        if (k) s += ", ";
        s += c.shown[k].empty() && c.sig ? format_out(cpu, c, k, ret) : c.shown[k];
    }
    return s + ")";
}

std::string SyscallDecoder::result_text(const SyscallCall& c, int64_t ret) const {
    if (c.sig && c.sig->ret == Ret::NONE) return "?";
    if (ret < 0 && ret >= -MAX_ERRNO) {
        const int err = static_cast<int>(-ret);
        const char* name = errno_name(err);
        return fmt::format("-1 {} ({})", name ? name : fmt::format("E{}", err), std::strerror(err));
    }
    if (c.sig && c.sig->ret == Ret::HEX) return fmt::format("{:#x}", static_cast<uint64_t>(ret));
    return fmt::format("{}", ret);
}

// ---- the observer ----

SyscallFilter::SyscallFilter(const std::vector<std::string>& filter) {
    for (const std::string& f : filter) {
        if (const uint8_t c = class_named(f)) {
            classes_ |= c;
            continue;
        }
        bool known = syscall_number(Abi::X86_64, f) || syscall_number(Abi::I386, f);
        for (uint64_t call = 1; socketcall_name(call); ++call) known |= f == socketcall_name(call);
        if (!known) throw std::runtime_error(fmt::format("--trace-syscalls: unknown system call '{}'", f));
        names_.insert(f);
    }
}

bool SyscallFilter::wanted(const SyscallCall& c) const {
    if (names_.empty() && !classes_) return true;
    if (!syscall_name(c.abi, c.nr)) return true;  // an unknown number: strace shows it whatever the filter
    if (names_.count(c.name)) return true;
    return c.sig && (c.sig->classes & classes_);
}

SyscallTrace::SyscallTrace(TraceContext& ctx, const std::vector<std::string>& filter)
    : ctx_(ctx), decoder_(ctx), filter_(filter) {}

void SyscallTrace::prefix(int pid) {
    if (pid >= 0) ctx_.out.put("[pid ").dec(static_cast<uint64_t>(pid)).put("] ");
}

void SyscallTrace::on_event(Cpu& cpu, const CpuEvent& e) {
    using K = CpuEvent::Kind;
    if (e.from_cpl == 3 && e.to_cpl == 0) {
        if (e.kind == K::SYSCALL) start(cpu, Abi::X86_64, e.from_rip);
        else if ((e.kind == K::SOFT_INT && e.vector == 0x80) || e.kind == K::SYSENTER) start(cpu, Abi::I386, e.from_rip);
        return;
    }
    if (e.to_cpl == 3 && e.from_cpl == 0 && (e.kind == K::SYSRET || e.kind == K::IRET || e.kind == K::SYSEXIT)) {
        auto it = pending_.find(ctx_.current_pid());
        if (it == pending_.end()) return;
        complete(cpu, it->second);
        pending_.erase(it);
    }
}

void SyscallTrace::start(Cpu& cpu, Abi abi, uint64_t from_rip) {
    SyscallCall c = decoder_.enter(cpu, abi, from_rip);
    if (c.sig && c.sig->ret == Ret::NONE) {  // exit, exit_group: shown now, they never return
        if (filter_.wanted(c)) {
            prefix(c.pid);
            ctx_.out.put(decoder_.call_text(cpu, c, 0)).put(' ').pad_to(40).put("= ?").end_line();
        }
        // Like strace, the end of the process is shown whatever the filter.
        prefix(c.pid);
        ctx_.out.put("+++ exited with ").dec(static_cast<uint8_t>(c.args[0])).put(" +++").end_line();
        pending_.erase(c.pid);
        return;
    }
    if (!filter_.wanted(c)) return;
    pending_[c.pid] = std::move(c);
}

void SyscallTrace::complete(Cpu& cpu, SyscallCall& c) {
    const int64_t ret = c.abi == Abi::X86_64 ? static_cast<int64_t>(cpu.s.gpr[RAX])
                                             : static_cast<int64_t>(as_int(cpu.s.gpr[RAX]));
    prefix(c.pid);
    ctx_.out.put(decoder_.call_text(cpu, c, ret)).put(' ').pad_to(40).put("= ").put(decoder_.result_text(c, ret));
    ctx_.out.put(" <").dec(cpu.icount() - c.start_icount).put(" insns>").end_line();
}

void SyscallTrace::finish() {
    for (auto& [pid, c] : pending_) {
        prefix(pid);
        ctx_.out.put(c.name).put("(");
        for (unsigned k = 0; k < c.nargs; ++k) ctx_.out.put(k ? ", " : "").put(c.shown[k]);
        ctx_.out.put(" <unfinished ...>").end_line();
    }
    pending_.clear();
}

}  // namespace lstar
