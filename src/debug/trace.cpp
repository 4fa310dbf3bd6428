#include "debug/trace.hpp"

#include <fmt/format.h>

#include <string>


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

}  // namespace lstar
