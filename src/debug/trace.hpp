// Register and flag text shared by the views and the flat harness (the views themselves are in
// tracing.hpp).
#pragma once
#include <cstdio>

#include "cpu/cpu.hpp"

namespace lstar {

// "CF ZF ..." for the status and control flags that are set.
std::string flags_string(uint64_t rflags);
// A multi-line register dump.
void dump_registers(const Cpu& cpu, std::FILE* out);

}  // namespace lstar
