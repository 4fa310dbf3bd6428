// Miscellaneous instructions: NOPs and hints, fences, cache control, UD2, INT3, HLT, RDTSC, CPUID.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

namespace {
[[gnu::always_inline]] inline void nop(Cpu&, const DecodedInsn&) {}
}  // namespace
LSTAR_HOT_HANDLER(op_nop, nop);

void op_ud(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

// CLFLUSH checks its operand like a byte load (SDM Vol. 2 CLFLUSH: #PF/#GP as for a read).
void op_clflush(Cpu& c, const DecodedInsn& i) { (void)load_mem<uint8_t>(c, i); }

// INT3 is a trap: RIP already points past it when #BP is delivered.
void op_int3(Cpu&, const DecodedInsn&) { raise_soft(3); }

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

// What lstar implements, and nothing more (docs/cpu.md): a GenuineIntel family 6 model 0x9e
// stepping 10, a Coffee Lake part, as the Pentium Gold models of it ship: SSE4.2, AES-NI and
// XSAVE but no AVX. Leaf 1 ECX.OSXSAVE (bit 27) follows CR4.OSXSAVE and is added at run time.
constexpr uint32_t L1_ECX = (1u << 0)     // SSE3
                            | (1u << 1)   // PCLMULQDQ
                            | (1u << 9)   // SSSE3
                            | (1u << 13)  // CMPXCHG16B
                            | (1u << 19)  // SSE4.1
                            | (1u << 20)  // SSE4.2
                            | (1u << 22)  // MOVBE
                            | (1u << 23)  // POPCNT
                            | (1u << 25)  // AES
                            | (1u << 26); // XSAVE
constexpr uint32_t L1_ECX_OSXSAVE = 1u << 27;
constexpr uint32_t L1_EDX = (1u << 0)     // x87 FPU
                            | (1u << 4)   // TSC
                            | (1u << 3)   // PSE (4 MiB pages)
                            | (1u << 5)   // RDMSR/WRMSR
                            | (1u << 6)   // PAE
                            | (1u << 8)   // CMPXCHG8B
                            | (1u << 11)  // SYSENTER/SYSEXIT
                            | (1u << 13)  // PGE
                            | (1u << 16)  // PAT
                            | (1u << 15)  // CMOV
                            | (1u << 19)  // CLFLUSH
                            | (1u << 23)  // MMX
                            | (1u << 24)  // FXSAVE/FXRSTOR
                            | (1u << 25)  // SSE
                            | (1u << 26); // SSE2
constexpr uint32_t L7_EBX = (1u << 0)     // RDFSBASE/WRFSBASE/RDGSBASE/WRGSBASE
                            | (1u << 3)   // BMI1
                            | (1u << 6)   // FDP_EXCPTN_ONLY: FDP changes only on unmasked x87 exceptions
                            | (1u << 7)   // SMEP
                            | (1u << 8)   // BMI2
                            | (1u << 13)  // FCS and FDS are stored as 0
                            | (1u << 19)  // ADX
                            | (1u << 20)  // SMAP
                            | (1u << 23); // CLFLUSHOPT
constexpr uint32_t X1_ECX = (1u << 0)     // LAHF/SAHF in 64-bit mode
                            | (1u << 5)   // LZCNT (ABM)
                            | (1u << 8);  // PREFETCHW
constexpr uint32_t X1_EDX = (1u << 11)    // SYSCALL/SYSRET
                            | (1u << 20)  // NX
                            | (1u << 27)  // RDTSCP
                            | (1u << 29); // long mode
// XSAVE (leaf 0xD, SDM Vol. 1 §13.2): the x87 and SSE components, 512 + 64 header bytes.
constexpr uint32_t XSAVE_COMPONENTS = 3, XSAVE_SIZE = 576;
constexpr uint32_t XD1_EAX = 1u << 0;     // XSAVEOPT

// Leaves 7 and 0xD have sub-leaves; the others ignore ECX.
constexpr bool has_subleaves(uint32_t leaf) { return leaf == 7 || leaf == 0xd; }

constexpr CpuidLeaf kLeaves[] = {
    {0, 0, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69},  // max leaf 0xD; "GenuineIntel"
    {1, 0, 0x000906ea, 0x00000800, L1_ECX, L1_EDX},   // family 6 model 0x9e stepping 10; CLFLUSH line 64
    {7, 0, 0, L7_EBX, 0, 0},
    {0xd, 0, XSAVE_COMPONENTS, XSAVE_SIZE, XSAVE_SIZE, 0},  // supported XCR0 bits, sizes for XCR0 and for all
    {0xd, 1, XD1_EAX, 0, 0, 0},
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
        if (l.leaf == leaf && (!has_subleaves(leaf) || l.subleaf == sub)) {
            r[0] = l.eax, r[1] = l.ebx, r[2] = l.ecx, r[3] = l.edx;
            break;
        }
    }
    if (leaf == 1 && (c.s.cr4 & cr4::OSXSAVE)) r[2] |= L1_ECX_OSXSAVE;
    c.s.gpr[RAX] = r[0], c.s.gpr[RBX] = r[1], c.s.gpr[RCX] = r[2], c.s.gpr[RDX] = r[3];
}


}  // namespace lstar
