// Text views of the machine state, shared by the step debugger (debugger.cpp), the gdb stub's
// `monitor` commands (gdbstub.cpp) and lstar's error dumps. Each returns lines ending in '\n'.
// They read guest memory without side effects: no A/D bits, no TLB fills, no faults raised.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// The walk behind page_walk(), as data: each paging-structure entry read, and the outcome.
struct WalkLevel {
    const char* name;   // "PML4E", "PDPTE", "PDE", "PTE"
    unsigned index;     // the entry's index in its table
    uint64_t entry_pa;  // physical address of the entry
    uint64_t value;     // the entry (4 bytes under 32-bit paging)
};
struct Walk {
    std::vector<WalkLevel> levels;
    bool ok = false;          // translated: pa is valid
    uint64_t pa = 0;
    uint64_t page_size = 0;   // 4K, 2M, 4M or 1G; 0 when paging is off
    bool user = false, write = false, nx = false;  // combined over every level
    std::string why;          // when !ok: "not present at PDE", "reserved bit set at PTE", ...
};
Walk walk(const Cpu& cpu, uint64_t la);
// Reads linear memory through walk() (no side effects); false when some byte is unmapped.
bool read_linear(const Cpu& cpu, uint64_t la, void* dst, uint64_t len);

}  // namespace lstar::inspect
