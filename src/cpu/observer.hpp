// Watching the CPU from outside: tracers, the gdb stub and the step debugger attach a
// CpuObserver. With no observer attached the run loop pays one pointer test per block; with
// `Cpu::observe_insns` set it runs one instruction at a time and calls before_insn/after_insn.
//
// Events (exceptions, interrupts, SYSCALL, SYSRET, IRET ...) are reported to every observer
// whenever at least one is attached, after the transfer has happened, with the state before it.
#pragma once
#include <cstdint>

namespace lstar {

class Cpu;
struct DecodedInsn;
enum class Mode : uint8_t;

struct CpuEvent {
    enum class Kind : uint8_t {
        EXCEPTION,  // a fault or trap raised by an instruction (also #DF), delivered through the IDT
        INTERRUPT,  // an external interrupt from the PIC
        SOFT_INT,   // INT n, INT3, INTO
        SYSCALL,
        SYSRET,
        SYSENTER,
        SYSEXIT,
        IRET,
    };
    Kind kind;
    uint8_t vector = 0;       // EXCEPTION, INTERRUPT, SOFT_INT
    bool has_error = false;
    uint32_t error = 0;
    uint64_t cr2 = 0;         // #PF: the faulting address
    uint8_t ist = 0;          // the IST slot the gate named (0: none), 64-bit delivery only
    // Before the transfer: the instruction's address (for a trap or SOFT_INT, the address of
    // the instruction that raised it), CPL and RSP.
    uint64_t from_rip = 0, from_rsp = 0;
    uint8_t from_cpl = 0;
    // After it.
    uint64_t to_rip = 0, to_rsp = 0;
    uint8_t to_cpl = 0;
};

class CpuObserver {
public:
    virtual ~CpuObserver() = default;
    // Only while Cpu::observe_insns is set. Before the instruction at RIP runs; returning true
    // stops the CPU before it (run() returns StopInfo::Reason::BREAK, RIP at the instruction).
    virtual bool before_insn(Cpu&, const DecodedInsn&) { return false; }
    // Only while Cpu::observe_insns is set. After the instruction retired without a fault.
    // In both calls cpu.icount_at(insn) is the instruction's number (instructions retired
    // before it); cpu.icount() does not count it yet.
    virtual void after_insn(Cpu&, const DecodedInsn&) {}
    // Every control transfer of CpuEvent::Kind, after it happened.
    virtual void on_event(Cpu&, const CpuEvent&) {}
};

}  // namespace lstar
