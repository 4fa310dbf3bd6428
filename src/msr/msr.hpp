// The model-specific registers: one table with each MSR's reset value, reserved bits and side
// effects, and the #GP rules of RDMSR and WRMSR (SDM Vol. 4, Vol. 2 RDMSR/WRMSR).
#pragma once
#include <cstdint>

#include "cpu/state.hpp"

namespace lstar::msr {

constexpr uint32_t TSC = 0x10, APIC_BASE = 0x1b, MTRRCAP = 0xfe, SYSENTER_CS = 0x174,
                   SYSENTER_ESP = 0x175, SYSENTER_EIP = 0x176, MISC_ENABLE = 0x1a0, PAT = 0x277,
                   MTRR_DEF_TYPE = 0x2ff, EFER = 0xc0000080, STAR = 0xc0000081,
                   LSTAR = 0xc0000082, CSTAR = 0xc0000083, SFMASK = 0xc0000084,
                   FS_BASE = 0xc0000100, GS_BASE = 0xc0000101, KERNEL_GS_BASE = 0xc0000102,
                   TSC_AUX = 0xc0000103;

namespace efer {
constexpr uint64_t SCE = 1u << 0, LME = 1u << 8, LMA = 1u << 10, NXE = 1u << 11;
}

struct Info {
    uint32_t index;
    const char* name;      // as in the SDM, e.g. "IA32_LSTAR"
    uint64_t reset;        // value after RESET
    uint64_t reserved;     // bits that raise #GP(0) when written as 1
    bool canonical;        // holds an address: a non-canonical write raises #GP(0)
    bool read_only;
};

// The MSR, or nullptr when lstar has no such MSR (RDMSR/WRMSR raise #GP(0)).
const Info* find(uint32_t index);
// Every MSR in the table, for docs and the debugger.
const Info* table(unsigned& count);

// Puts every MSR at its reset value.
void reset(CpuState& s);

// RDMSR/WRMSR without the CPL check. They return false for #GP(0). `icount` is the retired
// instruction count the TSC derives from. A write to EFER may change the mode and the
// translation; the caller updates both.
bool read(const CpuState& s, uint32_t index, uint64_t icount, uint64_t& value);
bool write(CpuState& s, uint32_t index, uint64_t value, uint64_t icount);

}  // namespace lstar::msr
