// Printing one mismatching case: the instruction, the state it started from, and the host's
// (expected) and lstar's (actual) results side by side, differing fields marked with '*'.
#include <fmt/core.h>

#include <string>

#include "cpu/cpu.hpp"
#include "difftest/case.hpp"

namespace lstar::difftest {
namespace {

const char* const kGprNames[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                   "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

std::string vector_name(uint8_t v) {
    switch (v) {
    case 0: return "#DE";
    case 1: return "#DB";
    case 3: return "#BP";
    case 6: return "#UD";
    case 7: return "#NM";
    case 12: return "#SS";
    case 13: return "#GP";
    case 14: return "#PF";
    case 16: return "#MF";
    case 17: return "#AC";
    case 19: return "#XM";
    default: return fmt::format("vector {}", v);
    }
}

std::string flags_text(uint64_t f) {
    static const struct {
        unsigned bit;
        const char* name;
    } kFlags[] = {{0, "CF"}, {2, "PF"}, {4, "AF"}, {6, "ZF"}, {7, "SF"}, {8, "TF"}, {9, "IF"},
                  {10, "DF"}, {11, "OF"}, {14, "NT"}, {16, "RF"}, {18, "AC"}, {19, "VIF"},
                  {20, "VIP"}, {21, "ID"}};
    std::string s = fmt::format("{:#08x} [", f);
    bool first = true;
    for (const auto& k : kFlags) {
        if (!(f >> k.bit & 1)) continue;
        s += first ? "" : " ";
        s += k.name;
        first = false;
    }
    return s + "]";
}

std::string hex_bytes(const uint8_t* p, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += fmt::format("{}{:02x}", i ? " " : "", p[i]);
    return s;
}

void row(std::FILE* out, const char* name, const std::string& host, const std::string& emu, bool differs,
         const std::string& note = "") {
    fmt::print(out, "    {:<8} {:<30} {:<30} {}{}\n", name, host, emu, differs ? "*" : " ", note);
}

// The disassembly; an encoding the decoder rejects because of the LOCK prefix the generator
// added on purpose is shown as what follows the prefix.
std::string disasm(const Input& in) {
    std::string s = disassemble(in.bytes, in.len, in.regs.rip);
    if (s == "(bad)" && in.len > 1 && in.bytes[0] == 0xf0)
        s = "(invalid) lock " + disassemble(in.bytes + 1, in.len - 1u, in.regs.rip + 1);
    return s;
}

}  // namespace

std::string describe_outcome(const Outcome& o) {
    switch (o.status) {
    case Status::NO_STOP: return "no stop (budget or HLT)";
    case Status::CRASH: return "crashed (host exception)";
    case Status::STOPPED: break;
    }
    std::string s = vector_name(o.vector);
    if (o.vector == VEC_PF) return s + fmt::format(" err={:#x} cr2={:#x}", o.error, o.cr2);
    if (o.vector == VEC_GP || o.vector == VEC_SS) return s + fmt::format(" err={:#x}", o.error);
    return s;
}

std::string case_summary(const Input& in) {
    return fmt::format("bytes {}: {}", hex_bytes(in.bytes, in.len), disasm(in));
}

void print_case(std::FILE* out, const Input& in, const Outcome& host, const Outcome& emu, const Diff& d,
                uint64_t case_no) {
    const Form& f = forms()[in.form];
    fmt::print(out, "--- mismatch in case {}: {}\n", case_no, f.text);
    fmt::print(out, "  bytes    {}\n", hex_bytes(in.bytes, in.len));
    fmt::print(out, "  insn     {:#x}: {}\n", in.regs.rip, disasm(in));
    fmt::print(out, "  input\n");
    for (unsigned n = 0; n < 16; n += 4)
        fmt::print(out, "    {:<3} {:016x}  {:<3} {:016x}  {:<3} {:016x}  {:<3} {:016x}\n", kGprNames[n],
                   in.regs.gpr[n], kGprNames[n + 1], in.regs.gpr[n + 1], kGprNames[n + 2],
                   in.regs.gpr[n + 2], kGprNames[n + 3], in.regs.gpr[n + 3]);
    fmt::print(out, "    rflags {}  gs.base {:#x}\n", flags_text(in.regs.rflags), in.gs_base);
    if (in.mem_size && in.mem_addr >= DATA && in.mem_addr + in.mem_size <= DATA_END) {
        const size_t n = in.mem_size > 16 ? 16 : in.mem_size;
        fmt::print(out, "    memory operand at {:#x}: {}\n", in.mem_addr, hex_bytes(in.data + (in.mem_addr - DATA), n));
    } else if (in.mem_size) {
        fmt::print(out, "    memory operand at {:#x} (outside the mapped data)\n", in.mem_addr);
    }
    const bool fp = f.isa != Isa::GP || d.xmm || d.st || d.fpu;
    if (fp) print_fp_input(out, in);
    fmt::print(out, "  result   {:<30} {:<30}\n", "host (expected)", "lstar (actual)");
    for (unsigned n = 0; n < 16; ++n)
        row(out, kGprNames[n], fmt::format("{:016x}", host.regs.gpr[n]), fmt::format("{:016x}", emu.regs.gpr[n]),
            d.gpr >> n & 1,
            d.masked.dest && in.dest_reg == static_cast<int>(n) ? "  (destination undefined: not compared)" : "");
    row(out, "rip", fmt::format("{:#x}", host.regs.rip), fmt::format("{:#x}", emu.regs.rip), d.rip);
    std::string note;
    if (d.masked.flags) {
        note = "  (undefined, not compared:";
        static const char* const kStatus[] = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "", "", "", "OF"};
        for (unsigned b = 0; b < 12; ++b)
            if (d.masked.flags >> b & 1) note += std::string(" ") + kStatus[b];
        note += ")";
    }
    row(out, "rflags", flags_text(host.regs.rflags), flags_text(emu.regs.rflags), d.rflags, note);
    row(out, "exit", describe_outcome(host), describe_outcome(emu), d.fault);
    if (fp) print_fp_result(out, in, host, emu, d);
    unsigned shown = 0;
    for (const auto& [lo, hi] : d.mem) {
        if (shown++ == 8) {
            fmt::print(out, "    ... {} more differing memory ranges\n", d.mem.size() - 8);
            break;
        }
        const size_t n = hi - lo > 16 ? 16 : hi - lo;
        fmt::print(out, "    mem {:#x}..{:#x}\n      host  {}\n      lstar {}\n", DATA + lo, DATA + hi,
                   hex_bytes(host.data + lo, n), hex_bytes(emu.data + lo, n));
    }
}

}  // namespace lstar::difftest
