#include "debug/trace.hpp"

#include <fmt/format.h>

#include <string>

#include "cpu/decode.hpp"

namespace lstar {

namespace {
const char* const kRegNames[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                   "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
}

std::string flags_string(uint64_t f) {
    static const struct {
        uint64_t bit;
        const char* name;
    } kFlags[] = {{fl::CF, "CF"}, {fl::PF, "PF"}, {fl::AF, "AF"}, {fl::ZF, "ZF"}, {fl::SF, "SF"},
                  {fl::TF, "TF"}, {fl::IF, "IF"}, {fl::DF, "DF"}, {fl::OF, "OF"}, {fl::AC, "AC"}};
    std::string s;
    for (const auto& k : kFlags) {
        if (!(f & k.bit)) continue;
        if (!s.empty()) s += ' ';
        s += k.name;
    }
    return s.empty() ? "-" : s;
}

void dump_registers(const Cpu& cpu, std::FILE* out) {
    for (int r = 0; r < 16; ++r)
        fmt::print(out, "{:>3}={:016x}{}", kRegNames[r], cpu.reg(static_cast<Gpr>(r)), r % 4 == 3 ? "\n" : "  ");
    fmt::print(out, "rip={:016x}  rflags={:016x} [{}]  cpl={}\n", cpu.rip(), cpu.rflags(),
               flags_string(cpu.rflags()), cpu.s.cpl);
}

StopInfo InsnTracer::run(uint64_t max_insns) {
    StopInfo total;
    for (uint64_t n = 0; n < max_insns; ++n) {
        for (int r = 0; r < 16; ++r) regs_[r] = cpu_.reg(static_cast<Gpr>(r));
        flags_ = cpu_.rflags();
        rip_ = cpu_.rip();
        count_ = cpu_.icount();
        StopInfo s = cpu_.step();
        total.insns += s.insns;
        total.reason = s.reason;
        total.fault = s.fault;
        line(s);
        if (s.reason != StopInfo::Reason::BUDGET) return total;
    }
    return total;
}

void InsnTracer::line(const StopInfo& stop) {
    uint8_t bytes[15] = {};
    size_t n = 0;
    while (n < sizeof bytes && cpu_.read_mem(rip_ + n, bytes + n, 1)) ++n;
    DecodedInsn d;
    size_t len = 0;
    if (n && decode(bytes, n, cpu_.mode(), d).status == DecodeStatus::OK) len = d.len;
    std::string hex;
    for (size_t k = 0; k < len; ++k) hex += fmt::format("{:02x} ", bytes[k]);
    std::string line = fmt::format("{:>8} cpl{} 64 {:016x}  {:<30} {:<32}", count_ + 1,
                                   cpu_.s.cpl, rip_, hex, n ? disassemble(bytes, n, rip_, att_) : "(unmapped)");
    for (int r = 0; r < 16; ++r) {
        const uint64_t now = cpu_.reg(static_cast<Gpr>(r));
        if (now != regs_[r]) line += fmt::format(" {}={:#x}", kRegNames[r], now);
    }
    const uint64_t f = cpu_.rflags();
    if (f != flags_) line += fmt::format(" flags=[{}]", flags_string(f));
    if (stop.reason == StopInfo::Reason::FAULT) {
        line += fmt::format("  <{}", vec_name(stop.fault.vector));
        if (stop.fault.vector == Vec::PF) line += fmt::format(" err={:#x} cr2={:#x}", stop.fault.error, stop.fault.cr2);
        else if (stop.fault.vector == Vec::GP || stop.fault.vector == Vec::SS) line += fmt::format("({:#x})", stop.fault.error);
        line += ">";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print(out_, "{}\n", line);
}

}  // namespace lstar
