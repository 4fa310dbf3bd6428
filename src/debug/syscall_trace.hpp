// --trace=syscall: strace's lines, decoded from the guest's registers and memory at the
// system-call boundary (docs/tracing.md, "Syscall trace").
//
// A call starts at a SYSCALL event from CPL 3 (the x86-64 table) or at INT 0x80 / SYSENTER from
// CPL 3 (the i386 table, whatever mode the caller runs in). It ends at the next SYSRET, SYSEXIT
// or IRET that lands in CPL 3 while the same task is current; an IRET back to CPL 0 ends a
// nested interrupt, not the call. Pending calls are keyed by the guest's pid, read from the
// kernel's cpu_pcpu.current_task, so a task switch while a call blocks keeps them apart.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cpu/cpu.hpp"
#include "debug/linux_abi.hpp"
#include "debug/tracing.hpp"

namespace lstar {

// One decoded call, as the syscall trace and the syscall-path trace both need it.
struct SyscallCall {
    linux_abi::Abi abi{};
    uint64_t nr = 0;
    std::string name;                        // the sub-call's name for socketcall
    const linux_abi::Signature* sig = nullptr;
    unsigned nargs = 0;
    uint64_t args[6]{};
    uint32_t len_in[6]{};                    // LENPTR_OUT: *len at entry
    std::string shown[6];                    // arguments formatted at entry ("" for *_OUT kinds)
    uint64_t from_rip = 0;                   // the syscall / int $0x80 instruction
    uint64_t start_icount = 0;
    int pid = -1;
};

class SyscallDecoder {
public:
    explicit SyscallDecoder(TraceContext& ctx) : ctx_(ctx) {}
    // Reads the call's number and arguments from the registers (and socketcall's argument
    // block from memory) and formats the input arguments.
    SyscallCall enter(Cpu& cpu, linux_abi::Abi abi, uint64_t from_rip);
    // "name(args)" with the output arguments read now, and " = result" after it.
    std::string call_text(Cpu& cpu, const SyscallCall& c, int64_t ret) const;
    std::string result_text(const SyscallCall& c, int64_t ret) const;

private:
    std::string format_in(Cpu& cpu, SyscallCall& c, unsigned k);
    std::string format_out(Cpu& cpu, const SyscallCall& c, unsigned k, int64_t ret) const;
    TraceContext& ctx_;
};

// --trace-syscalls: names and classes (network, file, process, memory, signal, desc), like
// strace's -e trace=; empty selects every call.
class SyscallFilter {
public:
    // Throws std::runtime_error for a name that is in neither table.
    explicit SyscallFilter(const std::vector<std::string>& filter);
    bool wanted(const SyscallCall& c) const;

private:
    std::set<std::string> names_;
    uint8_t classes_ = 0;
};

class SyscallTrace : public CpuObserver {
public:
    SyscallTrace(TraceContext& ctx, const std::vector<std::string>& filter);
    void on_event(Cpu& cpu, const CpuEvent& e) override;
    // Calls still pending at the end (blocked, or the machine stopped): "<unfinished ...>".
    void finish();

private:
    void start(Cpu& cpu, linux_abi::Abi abi, uint64_t from_rip);
    void complete(Cpu& cpu, SyscallCall& c);
    void prefix(int pid);

    TraceContext& ctx_;
    SyscallDecoder decoder_;
    SyscallFilter filter_;
    std::map<int, SyscallCall> pending_;
};

}  // namespace lstar
