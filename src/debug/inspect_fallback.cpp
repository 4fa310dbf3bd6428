// TEMPORARY: minimal definitions of debug/inspect.hpp so the step debugger links before the
// real src/debug/inspect.cpp (branch gdb) is merged. Delete this file at that merge.
#include <fmt/format.h>

#include "debug/inspect.hpp"
#include "debug/trace.hpp"
#include "msr/msr.hpp"

namespace lstar::inspect {

std::string regs(const Cpu& cpu) {
    static const char* const names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                          "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
    std::string s;
    for (int r = 0; r < 16; ++r) s += fmt::format("{:<4}{:#018x}\n", names[r], cpu.reg(static_cast<Gpr>(r)));
    s += fmt::format("rip {:#018x}\nrflags {:#x} [{}]\n", cpu.rip(), cpu.rflags(), flags_string(cpu.rflags()));
    return s;
}

std::string sregs(const Cpu& cpu) {
    static const char* const names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
    std::string s;
    for (int k = 0; k < 6; ++k)
        s += fmt::format("{} {:#06x} base {:#x} limit {:#x} attr {:#x}\n", names[k], cpu.s.seg[k].selector,
                         cpu.s.seg[k].base, cpu.s.seg[k].limit, cpu.s.seg[k].attr);
    s += fmt::format("cr0 {:#x}\ncr2 {:#x}\ncr3 {:#x}\ncr4 {:#x}\nefer {:#x}\n", cpu.s.cr0, cpu.s.cr2, cpu.s.cr3,
                     cpu.s.cr4, cpu.s.efer);
    return s;
}

std::string page_walk(const Cpu& cpu, uint64_t la) {
    if (!(cpu.s.cr0 & cr0::PG) || !(cpu.s.efer & (1u << 10))) return "paging is not 4-level\n";
    std::string s;
    uint64_t table = cpu.s.cr3 & 0x000ffffffffff000ull;
    static const char* const level[4] = {"PML4E", "PDPTE", "PDE", "PTE"};
    for (int l = 0; l < 4; ++l) {
        const uint64_t idx = (la >> (39 - 9 * l)) & 511;
        const uint64_t ea = table + idx * 8;
        uint64_t e = 0;
        if (ea + 8 > const_cast<Cpu&>(cpu).phys.size()) return s + "entry beyond RAM\n";
        std::memcpy(&e, const_cast<Cpu&>(cpu).phys.host(ea), 8);
        s += fmt::format("{} at {:#x} = {:#018x}\n", level[l], ea, e);
        if (!(e & 1)) return s + "not present\n";
        if (l > 0 && l < 3 && (e & 0x80)) {
            const uint64_t mask = (1ull << (39 - 9 * l)) - 1;
            return s + fmt::format("-> {:#x}\n", (e & 0x000ffffffffff000ull & ~mask) | (la & mask));
        }
        table = e & 0x000ffffffffff000ull;
    }
    return s + fmt::format("-> {:#x}\n", table | (la & 0xfff));
}

std::string idt(const Cpu&) { return "idt: not in this build yet\n"; }
std::string gdt(const Cpu&) { return "gdt: not in this build yet\n"; }
std::string tss(const Cpu&) { return "tss: not in this build yet\n"; }
std::string tlb(const Cpu&) { return "tlb: not in this build yet\n"; }

std::string msr(Cpu& cpu, std::optional<uint32_t> index) {
    if (!index) return "msr: give a number\n";
    uint64_t v;
    if (!msr::read(cpu.s, *index, cpu.icount(), v)) return fmt::format("no MSR {:#x}\n", *index);
    return fmt::format("{:#x} = {:#x}\n", *index, v);
}

}  // namespace lstar::inspect
