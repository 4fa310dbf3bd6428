// The flags on the instruction trace against the host CPU: the differential tester's random
// cases of the flag-setting general-purpose instructions run natively (src/difftest/native.cpp)
// and under lstar with --trace=insn --trace-format=jsonl; the RFLAGS the trace reports after
// each instruction must equal the host's, less the flags the SDM leaves undefined.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "cpu/cpu.hpp"
#include "debug/tracing.hpp"
#include "difftest/case.hpp"

using namespace lstar::difftest;

namespace {

constexpr uint64_t STATUS_FLAGS = 0x8d5;  // OF SF ZF AF PF CF
constexpr unsigned CASES_PER_FORM = 12;

// RFLAGS after the first traced instruction: the jsonl "rflags" when the instruction changed
// RFLAGS, the value it started with otherwise. ~0 when there is no line.
uint64_t traced_rflags(const Input& in) {
    lstar::Cpu cpu(16 << 20);
    cpu.map(CODE, PAGE, lstar::perm::R | lstar::perm::X);
    cpu.map(DATA, 2 * PAGE, lstar::perm::R | lstar::perm::W);
    cpu.map(RODATA, PAGE, lstar::perm::R);
    std::vector<uint8_t> code(PAGE, 0xcc);
    std::memcpy(code.data() + in.code_off, in.bytes, in.len);
    cpu.write_mem(CODE, code.data(), PAGE);
    cpu.write_mem(DATA, in.data, DATA_BYTES);
    for (unsigned n = 0; n < 16; ++n) cpu.set_reg(static_cast<lstar::Gpr>(n), in.regs.gpr[n]);
    cpu.set_rip(in.regs.rip);
    cpu.set_rflags(in.regs.rflags);
    cpu.s.seg[lstar::GS].base = in.gs_base;

    lstar::TraceConfig cfg;
    cfg.insn = true;
    cfg.jsonl = true;
    cfg.count = 1;
    cfg.out_path = "/tmp/lstar_trace_flags_" + std::to_string(getpid()) + ".jsonl";
    {
        lstar::TraceSession session(cpu, cfg, {}, stdout);
        cpu.run(1000);
        session.finish(nullptr);
    }
    std::ifstream f(cfg.out_path);
    std::string line;
    std::getline(f, line);
    std::remove(cfg.out_path.c_str());
    if (line.empty()) return ~0ull;
    const size_t at = line.find("\"rflags\":\"0x");
    return at == std::string::npos ? in.regs.rflags : std::stoull(line.substr(at + 12), nullptr, 16);
}

}  // namespace

TEST_CASE("Instruction trace: traced flags equal the host CPU's (difftest oracle)", "[debug][trace]") {
    const std::set<std::string> names = {"ADD", "ADC", "SUB", "SBB", "CMP", "AND", "OR",  "XOR", "TEST",
                                         "INC", "DEC", "NEG", "SHL", "SHR", "SAR", "ROL", "ROR", "RCL",
                                         "RCR", "SHLD", "SHRD", "MUL", "IMUL", "BT",  "BTS", "BSF", "BSR",
                                         "POPCNT", "CMPXCHG", "XADD", "DAA", "AAA"};
    std::vector<Input> cases;
    const auto& all = forms();
    for (uint32_t f = 0; f < all.size(); ++f) {
        if (all[f].isa != Isa::GP || !names.count(all[f].name) || !host_has(all[f].feature)) continue;
        for (unsigned n = 0; n < CASES_PER_FORM; ++n) {
            Input in{};
            generate(f, 7, n, in);
            if (in.valid) cases.push_back(in);
        }
    }
    REQUIRE(cases.size() > 500);
    std::vector<Outcome> host, emu;
    std::vector<CaseFate> fate;
    std::string error;
    REQUIRE(run_cases(cases, host, emu, fate, error));
    size_t compared = 0;
    for (size_t k = 0; k < cases.size(); ++k) {
        // Only cases that ran to the INT3 on the host: the instruction retired there.
        if (fate[k].fate != Fate::COMPARE || host[k].status != Status::STOPPED || host[k].vector != VEC_BP) continue;
        const uint64_t undefined = undefined_for(all[cases[k].form], cases[k]).flags;
        const uint64_t mask = STATUS_FLAGS & ~undefined;
        INFO(case_summary(cases[k]));
        CHECK((traced_rflags(cases[k]) & mask) == (host[k].regs.rflags & mask));
        ++compared;
    }
    CHECK(compared > 400);
}
