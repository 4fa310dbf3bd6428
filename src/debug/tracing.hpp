// The trace views of `--trace=insn,syscall,syscall-path,exc,irq` and `--stats` (docs/tracing.md):
// TraceConfig is what the options asked for, TraceSession attaches the views to a CPU as
// CpuObservers and detaches them at the end. With no view asked for nothing is attached, so an
// untraced run pays nothing.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cpu/cpu.hpp"
#include "debug/symbols.hpp"
#include "debug/trace_out.hpp"

namespace lstar {

struct TraceConfig {
    // Views (--trace=LIST).
    bool insn = false, syscall = false, syscall_path = false, exc = false, irq = false;
    bool stats = false;        // --stats
    bool att = false;          // --syntax=att
    bool jsonl = false;        // --trace-format=jsonl
    std::string out_path;      // --trace-out; "" for the command's default stream
    // Instruction-trace filters.
    std::string range;         // --trace-range=SYM|ADDR-ADDR, resolved by TraceSession
    int cpl = -1;              // --trace-cpl=0|3
    uint64_t start = 0;        // --trace-start: the first instruction number traced
    uint64_t count = ~0ull;    // --trace-count: at most this many instruction lines
    // Syscall filter (--trace-syscalls): names and classes; empty traces every call.
    std::vector<std::string> syscalls;

    bool any() const { return insn || syscall || syscall_path || exc || irq || stats; }
};

// Parses one option of the block above into `cfg`. Returns "" when `opt` (with `value`) was
// understood, otherwise a one-line error. `opt` is the option name with its dashes.
std::string set_trace_option(TraceConfig& cfg, const std::string& opt, const std::string& value);

// What the views share: the CPU, the symbols, the output, and which views need every
// instruction (Cpu::observe_insns is on only while one of them does).
struct TraceContext {
    Cpu& cpu;
    const SymbolTable& syms;
    TraceOut& out;
    bool jsonl = false;
    bool insn_wanted = false, path_wanted = false;
    std::optional<uint64_t> current_task_slot;  // &cpu_pcpu.current_task in the guest kernel

    void update_observe() { cpu.observe_insns = insn_wanted || path_wanted; }
    // The pid of the guest kernel's current task, or -1 when it cannot be read.
    int current_pid() const;
    uint64_t mem_u64(uint64_t la, bool* ok = nullptr) const;
    uint32_t mem_u32(uint64_t la, bool* ok = nullptr) const;
};

// The linear address of the instruction's explicit memory operand, from the registers now;
// `insn_rip` is the instruction's own address (for RIP-relative operands).
uint64_t mem_operand_linear(const Cpu& cpu, const DecodedInsn& insn, uint64_t insn_rip);

class InsnTrace;
class SyscallTrace;
class PathTrace;
class EventTrace;
class StatsCollector;

class TraceSession {
public:
    // `default_out` receives the trace unless cfg.out_path names a file. Throws
    // std::runtime_error with a one-line message for an unknown --trace-range symbol or an
    // output file that cannot be written.
    TraceSession(Cpu& cpu, const TraceConfig& cfg, SymbolTable syms, std::FILE* default_out);
    ~TraceSession();
    TraceSession(const TraceSession&) = delete;
    TraceSession& operator=(const TraceSession&) = delete;

    // A fault that ended a run without an IDT (lstar flat): shown on the instruction trace.
    void note_fault(const GuestFault& f);
    // Flushes the trace and prints --stats to `stats_out`.
    void finish(std::FILE* stats_out = stderr);

    const SymbolTable& symbols() const { return syms_; }

private:
    Cpu& cpu_;
    TraceConfig cfg_;
    SymbolTable syms_;
    std::FILE* file_ = nullptr;  // the --trace-out file we opened
    std::unique_ptr<TraceOut> out_;
    std::unique_ptr<TraceContext> ctx_;
    std::unique_ptr<InsnTrace> insn_;
    std::unique_ptr<SyscallTrace> syscall_;
    std::unique_ptr<PathTrace> path_;
    std::unique_ptr<EventTrace> events_;
    std::unique_ptr<StatsCollector> stats_;
    std::chrono::steady_clock::time_point started_;
    uint64_t icount_at_start_ = 0;
    bool finished_ = false;
};

}  // namespace lstar
