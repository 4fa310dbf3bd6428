// Architectural state of one x86-64 logical processor.
// Every field names the Intel SDM (Vol. 1/3, Dec 2022) section that defines it.
#pragma once
#include <cstdint>

namespace lstar {

// General-purpose register numbers, in ModRM/REX order (SDM Vol. 2 Table 2-2).
enum Gpr : uint8_t {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
    R8, R9, R10, R11, R12, R13, R14, R15,
};

// Segment register numbers in the order of the Sreg encoding (SDM Vol. 2 Table 3-6).
enum SegReg : uint8_t { ES, CS, SS, DS, FS, GS, SEG_COUNT };

// RFLAGS bits (SDM Vol. 1 §3.4.3).
namespace fl {
constexpr uint64_t CF = 1u << 0;
constexpr uint64_t FIXED1 = 1u << 1;  // always reads as 1
constexpr uint64_t PF = 1u << 2;
constexpr uint64_t AF = 1u << 4;
constexpr uint64_t ZF = 1u << 6;
constexpr uint64_t SF = 1u << 7;
constexpr uint64_t TF = 1u << 8;
constexpr uint64_t IF = 1u << 9;
constexpr uint64_t DF = 1u << 10;
constexpr uint64_t OF = 1u << 11;
constexpr uint64_t IOPL = 3u << 12;
constexpr uint64_t NT = 1u << 14;
constexpr uint64_t RF = 1u << 16;
constexpr uint64_t VM = 1u << 17;
constexpr uint64_t AC = 1u << 18;
constexpr uint64_t VIF = 1u << 19;
constexpr uint64_t VIP = 1u << 20;
constexpr uint64_t ID = 1u << 21;
// The six status flags that arithmetic computes (kept lazily, see flags.hpp).
constexpr uint64_t ARITH = CF | PF | AF | ZF | SF | OF;
}  // namespace fl

// CR0/CR4 bits used by the core (SDM Vol. 3 §2.5).
namespace cr0 {
constexpr uint64_t PE = 1u << 0, MP = 1u << 1, EM = 1u << 2, TS = 1u << 3, ET = 1u << 4,
                   NE = 1u << 5, WP = 1u << 16, AM = 1u << 18, PG = 1u << 31;
}
namespace cr4 {
constexpr uint64_t PSE = 1u << 4, PAE = 1u << 5, PGE = 1u << 7, OSFXSR = 1u << 9,
                   OSXMMEXCPT = 1u << 10, FSGSBASE = 1u << 16, OSXSAVE = 1u << 18,
                   SMEP = 1u << 20, SMAP = 1u << 21;
}

// A segment register: the visible selector and the hidden descriptor cache (SDM Vol. 3 §3.4.3).
struct Segment {
    uint16_t selector;  // visible part (§3.4.2)
    uint64_t base;      // hidden: base address; only FS/GS bases apply in 64-bit mode (§3.4.4)
    uint32_t limit;     // hidden: expanded byte limit
    uint16_t attr;      // hidden: type, S, DPL, P, AVL, L, D/B, G as in descriptor bits 40..55
};

// Segment attribute bits in Segment::attr (descriptor bits 40..55 shifted down by 40).
namespace segattr {
constexpr uint16_t P = 1u << 7;    // present
constexpr uint16_t L = 1u << 13;   // 64-bit code segment (§5.2.1)
constexpr uint16_t DB = 1u << 14;  // default operation size (§3.4.5)
constexpr uint16_t G = 1u << 15;   // granularity
}

// 80-bit x87 register image; filled by the SIMD/x87 work (SDM Vol. 1 §8.1).
struct X87Reg {
    uint64_t mantissa;
    uint16_t sign_exp;
};

struct alignas(16) Xmm {
    uint64_t q[2];
};

// GDTR/IDTR (SDM Vol. 3 §2.4.1, §2.4.3).
struct DescTable {
    uint64_t base;
    uint16_t limit;
};

struct CpuState {
    uint64_t gpr[16];        // RAX..R15 (Vol. 1 §3.4.1.1)
    uint64_t rip;            // instruction pointer (Vol. 1 §3.5)
    uint64_t rflags;         // non-status bits; status bits live in Cpu::lazy (Vol. 1 §3.4.3)
    Segment seg[SEG_COUNT];  // ES CS SS DS FS GS (Vol. 3 §3.4)
    uint64_t kernel_gs_base;  // IA32_KERNEL_GS_BASE, swapped by SWAPGS (Vol. 3 §5.8.8)
    uint64_t cr0;            // Vol. 3 §2.5
    uint64_t cr2;            // page-fault linear address
    uint64_t cr3;            // page-map level-4 base
    uint64_t cr4;
    uint64_t cr8;            // task-priority register
    uint64_t efer;           // IA32_EFER (Vol. 3 §2.2.1)
    uint8_t cpl;             // current privilege level = CS.RPL (Vol. 3 §5.5)
    DescTable gdtr, idtr;    // Vol. 3 §2.4
    Segment ldtr, tr;        // LDT and task register, with their hidden parts (Vol. 3 §2.4.2, §7.2.4)
    uint64_t dr[8];          // debug registers DR0-DR3, DR6 (index 6), DR7 (index 7) (Vol. 3 §17.2)
    // MSRs kept as plain values (their rules live in src/msr/msr.cpp).
    uint64_t star, lstar, cstar, sfmask;               // SYSCALL/SYSRET (Vol. 3 §5.8.8)
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;  // SYSENTER/SYSEXIT (Vol. 3 §5.8.7)
    uint64_t tsc_offset;     // IA32_TIME_STAMP_COUNTER = instructions retired + tsc_offset
    uint64_t tsc_aux;        // IA32_TSC_AUX, read by RDTSCP
    uint64_t pat, misc_enable, apic_base;
    uint64_t xcr0;           // XFEATURE_ENABLED_MASK (Vol. 1 §13.3)
    Xmm xmm[16];             // XMM0..15 (Vol. 1 §10.2)
    uint32_t mxcsr;          // Vol. 1 §10.2.3
    X87Reg st[8];            // x87 data registers R0..R7, physical order (Vol. 1 §8.1.2);
                             // MMn aliases st[n].mantissa (Vol. 1 §9.5)
    uint16_t fcw, fsw;       // x87 control and status words; TOP is fsw bits 13:11 (Vol. 1 §8.1.3, §8.1.5)
    uint16_t ftw;            // full tag word, 2 bits per physical register: 00 valid, 01 zero,
                             // 10 special, 11 empty (Vol. 1 §8.1.7)
    uint16_t fop;            // last x87 opcode (Vol. 1 §8.1.9)
    uint64_t fip, fdp;       // last x87 instruction and data pointers (Vol. 1 §8.1.8)
};

}  // namespace lstar
