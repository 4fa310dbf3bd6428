// Text views of the machine state, shared by the step debugger (debugger.cpp), the gdb stub's
// `monitor` commands (gdbstub.cpp) and lstar's error dumps. Each returns lines ending in '\n'.
// They read guest memory without side effects: no A/D bits, no TLB fills, no faults raised.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cpu/cpu.hpp"

namespace lstar::inspect {

std::string regs(const Cpu& cpu);   // RAX..R15, RIP, RFLAGS with the flag names
std::string sregs(const Cpu& cpu);  // CS..GS (selector, base, limit, attributes), LDTR, TR,
                                    // GDTR, IDTR, CR0 CR2 CR3 CR4 CR8 with bit names, EFER
// The page walk for a linear address under the current CR0/CR4/EFER/CR3: each level's entry
// address, value and flags, then the physical address or why the walk stops.
std::string page_walk(const Cpu& cpu, uint64_t la);
std::string idt(const Cpu& cpu);    // each present gate: vector, type, DPL, selector:target, IST
std::string gdt(const Cpu& cpu);    // each descriptor: index, selector, type, DPL, base, limit
std::string tss(const Cpu& cpu);    // RSP0-2, IST1-7, I/O map base of the current TSS
std::string tlb(const Cpu& cpu);    // the valid TLB entries
// One MSR ("name (0xc0000082) = value"), or every MSR lstar implements.
std::string msr(Cpu& cpu, std::optional<uint32_t> index);

}  // namespace lstar::inspect
