// The differential tester: runs instruction forms on the host CPU and on lstar's CPU and
// compares every GPR, RFLAGS (less the undefined flags), memory and the fault raised.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

namespace lstar::difftest {

struct Options {
    uint64_t seed = 1;
    uint64_t count = 10000;
    uint64_t first = 0;         // number of the first case: cases first .. first+count-1 run, so
                                // `--first K --count 1` (same seed and filter) reruns case K alone
    std::string filter;         // only these mnemonics, comma-separated, case-insensitive; empty = all
    unsigned max_reports = 10;  // mismatches printed in full
};

// Runs the test and prints per-mnemonic pass counts to `out`. Returns 0 when every case matched,
// 1 when any case mismatched or hit a harness error, 2 when the tester could not run at all.
int run(const Options& opt, std::FILE* out);

}  // namespace lstar::difftest
