// The instruction tracer: one line per retired instruction with the count, CPL and mode, RIP,
// the bytes, the disassembly, and the registers and flags the instruction changed.
#pragma once
#include <cstdio>

#include "cpu/cpu.hpp"

namespace lstar {

class InsnTracer {
public:
    InsnTracer(Cpu& cpu, std::FILE* out, bool att_syntax) : cpu_(cpu), out_(out), att_(att_syntax) {}

    // Single-steps the CPU up to max_insns times, tracing each instruction.
    StopInfo run(uint64_t max_insns);

private:
    void line(const StopInfo& stop);

    Cpu& cpu_;
    std::FILE* out_;
    bool att_;
    uint64_t regs_[16]{};
    uint64_t flags_ = 0;
    uint64_t rip_ = 0;
    uint64_t count_ = 0;
};

// "CF ZF ..." for the status and control flags that are set.
std::string flags_string(uint64_t rflags);
// A multi-line register dump.
void dump_registers(const Cpu& cpu, std::FILE* out);

}  // namespace lstar
