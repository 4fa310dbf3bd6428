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
    std::string filter;         // only forms whose mnemonic matches (case-insensitive); empty = all
    unsigned max_reports = 10;  // mismatches printed in full
};

// Runs the test and prints per-mnemonic pass counts to `out`. Returns 0 when every case matched.
int run(const Options& opt, std::FILE* out);

}  // namespace lstar::difftest
