// Miscellaneous instructions: NOPs and hints, fences, cache control, UD2, INT3, HLT, RDTSC, CPUID.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

void op_nop(Cpu&, const DecodedInsn&) {}

void op_ud(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

// CLFLUSH checks its operand like a byte load (SDM Vol. 2 CLFLUSH: #PF/#GP as for a read).
void op_clflush(Cpu& c, const DecodedInsn& i) { (void)load_mem<uint8_t>(c, i); }

// INT3 is a trap: RIP already points past it when #BP is delivered.
void op_int3(Cpu&, const DecodedInsn&) { raise(Vec::BP); }

void op_hlt(Cpu& c, const DecodedInsn&) {
    if (c.s.cpl != 0) raise(Vec::GP, 0);
    c.halted = true;
    c.end_block = true;
}

// Virtual time: the TSC counts retired instructions, so runs are deterministic.
void op_rdtsc(Cpu& c, const DecodedInsn& i) {
    if ((c.s.cr4 & (1u << 2)) && c.s.cpl != 0) raise(Vec::GP, 0);  // CR4.TSD
    const uint64_t tsc = c.icount_at(i);
    c.s.gpr[RAX] = static_cast<uint32_t>(tsc);
    c.s.gpr[RDX] = tsc >> 32;
}

namespace {
struct CpuidLeaf {
    uint32_t leaf, subleaf, eax, ebx, ecx, edx;
};

// What lstar implements, and nothing more (docs/cpu.md). A GenuineIntel family 6 part.
constexpr uint32_t L1_ECX = (1u << 13)   // CMPXCHG16B
                            | (1u << 22)  // MOVBE
                            | (1u << 23); // POPCNT
constexpr uint32_t L1_EDX = (1u << 4)    // TSC
                            | (1u << 8)   // CMPXCHG8B
                            | (1u << 15)  // CMOV
                            | (1u << 19); // CLFLUSH
constexpr uint32_t L7_EBX = (1u << 3)    // BMI1
                            | (1u << 8)   // BMI2
                            | (1u << 19)  // ADX
                            | (1u << 23); // CLFLUSHOPT
constexpr uint32_t X1_ECX = (1u << 0)    // LAHF/SAHF in 64-bit mode
                            | (1u << 5)   // LZCNT (ABM)
                            | (1u << 8);  // PREFETCHW
constexpr uint32_t X1_EDX = (1u << 29);  // long mode

constexpr CpuidLeaf kLeaves[] = {
    {0, 0, 7, 0x756e6547, 0x6c65746e, 0x49656e69},  // "GenuineIntel"
    {1, 0, 0x000906ea, 0x00000800, L1_ECX, L1_EDX},   // family 6 model 0x9e stepping 10; CLFLUSH line 64
    {7, 0, 0, L7_EBX, 0, 0},
    {0x80000000, 0, 0x80000008, 0, 0, 0},
    {0x80000001, 0, 0, 0, X1_ECX, X1_EDX},
    {0x80000002, 0, 0x6174736c, 0x33782072, 0x34362d36, 0x746e6920},  // "lstar x86-64 int"
    {0x80000003, 0, 0x72707265, 0x72657465, 0, 0},                    // "erpreter"
    {0x80000004, 0, 0, 0, 0, 0},
    {0x80000008, 0, 0x00003030, 0, 0, 0},  // 48-bit physical and linear addresses
};
}  // namespace

void op_cpuid(Cpu& c, const DecodedInsn&) {
    const uint32_t leaf = static_cast<uint32_t>(c.s.gpr[RAX]);
    const uint32_t sub = static_cast<uint32_t>(c.s.gpr[RCX]);
    uint32_t r[4] = {0, 0, 0, 0};
    for (const CpuidLeaf& l : kLeaves) {
        if (l.leaf == leaf && (l.leaf != 7 || l.subleaf == sub)) {
            r[0] = l.eax, r[1] = l.ebx, r[2] = l.ecx, r[3] = l.edx;
            break;
        }
    }
    c.s.gpr[RAX] = r[0], c.s.gpr[RBX] = r[1], c.s.gpr[RCX] = r[2], c.s.gpr[RDX] = r[3];
}

}  // namespace lstar
