#include "msr/msr.hpp"

namespace lstar::msr {
namespace {

constexpr uint64_t HI32 = 0xffffffff00000000ull;

// Reset values and reserved bits: SDM Vol. 4 Table 2-2 and the register descriptions.
constexpr Info kTable[] = {
    {TSC, "IA32_TIME_STAMP_COUNTER", 0, 0, false, false},
    {APIC_BASE, "IA32_APIC_BASE", 0xfee00900, 0xffff0000000006ffull, false, false},  // BSP, enabled
    {MTRRCAP, "IA32_MTRRCAP", 0x508, 0, false, true},  // 8 variable ranges, fixed ranges, WC
    {SYSENTER_CS, "IA32_SYSENTER_CS", 0, HI32, false, false},
    {SYSENTER_ESP, "IA32_SYSENTER_ESP", 0, 0, true, false},
    {SYSENTER_EIP, "IA32_SYSENTER_EIP", 0, 0, true, false},
    {MISC_ENABLE, "IA32_MISC_ENABLE", 0x1, 0, false, false},  // fast strings
    {PAT, "IA32_PAT", 0x0007040600070406ull, 0xf8f8f8f8f8f8f8f8ull, false, false},
    {MTRR_DEF_TYPE, "IA32_MTRR_DEF_TYPE", 0, ~0xcffull, false, false},
    {EFER, "IA32_EFER", 0, ~(efer::SCE | efer::LME | efer::LMA | efer::NXE), false, false},
    {STAR, "IA32_STAR", 0, 0, false, false},
    {LSTAR, "IA32_LSTAR", 0, 0, true, false},
    {CSTAR, "IA32_CSTAR", 0, 0, true, false},
    {SFMASK, "IA32_FMASK", 0, HI32, false, false},
    {FS_BASE, "IA32_FS_BASE", 0, 0, true, false},
    {GS_BASE, "IA32_GS_BASE", 0, 0, true, false},
    {KERNEL_GS_BASE, "IA32_KERNEL_GS_BASE", 0, 0, true, false},
    {TSC_AUX, "IA32_TSC_AUX", 0, HI32, false, false},
};

bool canonical(uint64_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v << 16) >> 16) == v; }

// The state field an MSR lives in; nullptr for those computed on access (TSC).
uint64_t* slot(CpuState& s, uint32_t index) {
    switch (index) {
    case APIC_BASE: return &s.apic_base;
    case SYSENTER_CS: return &s.sysenter_cs;
    case SYSENTER_ESP: return &s.sysenter_esp;
    case SYSENTER_EIP: return &s.sysenter_eip;
    case MISC_ENABLE: return &s.misc_enable;
    case PAT: return &s.pat;
    case EFER: return &s.efer;
    case STAR: return &s.star;
    case LSTAR: return &s.lstar;
    case CSTAR: return &s.cstar;
    case SFMASK: return &s.sfmask;
    case FS_BASE: return &s.seg[FS].base;
    case GS_BASE: return &s.seg[GS].base;
    case KERNEL_GS_BASE: return &s.kernel_gs_base;
    case TSC_AUX: return &s.tsc_aux;
    default: return nullptr;
    }
}

}  // namespace

const Info* find(uint32_t index) {
    for (const Info& m : kTable)
        if (m.index == index) return &m;
    return nullptr;
}

const Info* table(unsigned& count) {
    count = sizeof kTable / sizeof kTable[0];
    return kTable;
}

void reset(CpuState& s) {
    for (const Info& m : kTable)
        if (uint64_t* p = slot(s, m.index)) *p = m.reset;
    s.tsc_offset = 0;
}

bool read(const CpuState& s, uint32_t index, uint64_t icount, uint64_t& value) {
    const Info* m = find(index);
    if (!m) return false;
    if (index == TSC) value = icount + s.tsc_offset;
    else if (index == MTRRCAP) value = m->reset;
    else if (index == MTRR_DEF_TYPE) value = 0;
    else value = *slot(const_cast<CpuState&>(s), index);
    return true;
}

bool write(CpuState& s, uint32_t index, uint64_t value, uint64_t icount) {
    const Info* m = find(index);
    if (!m || m->read_only || (value & m->reserved)) return false;
    if (m->canonical && !canonical(value)) return false;
    switch (index) {
    case TSC: s.tsc_offset = value - icount; return true;
    case MTRR_DEF_TYPE: return true;  // memory types do not matter to an interpreter
    case PAT:  // types 2 and 3 are reserved in every byte
        for (int k = 0; k < 8; ++k) {
            const unsigned t = (value >> (8 * k)) & 7;
            if (t == 2 || t == 3) return false;
        }
        break;
    case EFER:
        // LME cannot change while paging is on; LMA is read-only (SDM Vol. 3 §9.8.5).
        if (((value ^ s.efer) & efer::LME) && (s.cr0 & cr0::PG)) return false;
        value = (value & ~efer::LMA) | (s.efer & efer::LMA);
        break;
    default: break;
    }
    *slot(s, index) = value;
    return true;
}

}  // namespace lstar::msr
