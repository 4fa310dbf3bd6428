// The differential tester: runs instruction forms on the host CPU and on lstar's CPU and
// compares every GPR, RFLAGS (less the undefined flags), the x87/SSE state, memory and the
// fault raised.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

namespace lstar::difftest {

// Instruction-set groups (--isa): gp, the general-purpose instructions; sse, SSE through SSE4.2
// with AES-NI, PCLMULQDQ, CRC32 and XSAVE; x87, the FPU.
constexpr unsigned ISA_GP = 1, ISA_SSE = 2, ISA_X87 = 4;
// What runs when --isa is not given.
constexpr unsigned kDefaultIsas = ISA_GP | ISA_SSE | ISA_X87;

// Parses a comma-separated list of group names ("gp,sse,x87") into ISA_ bits. On an unknown
// name returns false and puts the name in `bad`.
bool parse_isas(const std::string& list, unsigned& isas, std::string& bad);

struct Options {
    uint64_t seed = 1;
    uint64_t count = 10000;
    uint64_t first = 0;         // number of the first case: cases first .. first+count-1 run, so
                                // `--first K --count 1` (same seed and filter) reruns case K alone
    std::string filter;         // only these mnemonics, comma-separated, case-insensitive; empty = all
    unsigned isas = kDefaultIsas;  // only forms of these ISA_ groups
    unsigned max_reports = 10;  // mismatches printed in full
};

// Runs the test and prints per-mnemonic pass counts to `out`. Returns 0 when every case matched,
// 1 when any case mismatched or hit a harness error, 2 when the tester could not run at all.
int run(const Options& opt, std::FILE* out);

// The instruction-coverage table (Markdown) that docs/cpu.md shows: `lstar difftest --coverage`.
std::string coverage_markdown();

}  // namespace lstar::difftest
