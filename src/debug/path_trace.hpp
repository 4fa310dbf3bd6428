// --trace=syscall-path: for each system call, the CPU-level story (docs/tracing.md,
// "Syscall path"): the syscall or int $0x80 instruction, the MSR or IDT gate it went through
// and the CPL change, SWAPGS and the switch to the kernel stack, the kernel functions entered
// as a call tree with instruction counts, and the return by SYSRETQ or IRETQ.
//
// Between a call's entry and its exit Cpu::observe_insns is on, so that CALL and RET at CPL 0
// are seen one instruction at a time; user code in between runs at full speed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cpu/cpu.hpp"
#include "debug/syscall_trace.hpp"
#include "debug/tracing.hpp"

namespace lstar {

class PathTrace : public CpuObserver {
public:
    explicit PathTrace(TraceContext& ctx, const std::vector<std::string>& filter);
    void after_insn(Cpu& cpu, const DecodedInsn& insn) override;
    void on_event(Cpu& cpu, const CpuEvent& e) override;

private:
    struct Frame {
        std::string name;       // the function entered
        std::string via;        // "sys_call_table[49]" for a call through a table
        unsigned depth = 0;
        uint64_t start = 0;     // number of its first instruction
        uint64_t insns = 0;     // instructions up to and including its RET; 0 while running
    };
    void enter(Cpu& cpu, const CpuEvent& e, linux_abi::Abi abi);
    void gate_lines(Cpu& cpu, const CpuEvent& e);
    void stub_line(Cpu& cpu, const DecodedInsn& insn, const char* what, const std::string& detail);
    void finish(Cpu& cpu, const CpuEvent& e);
    std::string where(uint64_t la) const;     // "0x80100130 <entry_SYSCALL_64+0x3>"
    std::string pcpu_field(uint64_t la) const;  // "cpu_pcpu+0x8 (cpu_current_top_of_stack)"

    TraceContext& ctx_;
    SyscallFilter filter_;
    SyscallDecoder decoder_;
    bool active_ = false;
    SyscallCall call_;
    // The story so far, written out when the call returns: the lines before the first call
    // (instruction, gate, entry stub) and after it (exit stub).
    std::vector<std::string> entry_lines_, exit_lines_;
    std::vector<std::string>& lines() { return seen_call_ ? exit_lines_ : entry_lines_; }
    std::vector<Frame> frames_;
    std::vector<size_t> open_;        // indexes into frames_ of the calls not yet returned
    uint64_t entry_rsp_ = 0, gs_before_ = 0, prev_rsp_ = 0;
    bool seen_call_ = false;
    unsigned pushes_ = 0;  // PUSHes of the entry stub (struct pt_regs)
    bool wanted_ = true;
};

}  // namespace lstar
