// The x87 FPU's control state, shared by the x87 instruction files and xsave.cpp.
//
// Table of contents (each group is defined in the file named):
//   x87.cpp          arithmetic, loads, stores, compares and transcendentals, run on the host FPU
//   x87_control.cpp  FNINIT FNCLEX FLDCW FNSTCW FNSTSW FWAIT, FNSTENV FLDENV FNSAVE FRSTOR
//   xsave.cpp        FXSAVE FXRSTOR XSAVE XSAVEOPT XRSTOR XGETBV XSETBV
#pragma once
#include <cstddef>

#include "cpu/simd.hpp"

namespace lstar::x87 {

// FPU status word (SDM Vol. 1 §8.1.3).
namespace sw {
constexpr uint16_t IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;
constexpr uint16_t EXC = 0x3f;  // the six exception flags, in the same bits as their FCW masks
constexpr uint16_t SF = 1u << 6, ES = 1u << 7, C0 = 1u << 8, C1 = 1u << 9, C2 = 1u << 10;
constexpr uint16_t TOP = 7u << 11, C3 = 1u << 14, B = 1u << 15;
}  // namespace sw

// FPU control word (§8.1.5). Bit 6 reads as 1 and bits 15:13 as 0 whatever FLDCW loads.
namespace cw {
constexpr uint16_t INIT = 0x037f, WRITABLE = 0x1f3f, FIXED1 = 0x0040;
}

// Tag values (§8.1.7).
namespace tag {
constexpr uint16_t VALID = 0, ZERO = 1, SPECIAL = 2, EMPTY = 3;
}

inline unsigned top(const CpuState& s) { return (s.fsw >> 11) & 7; }

// Exception flags that are set while their masks are clear: the FPU reports them as #MF at the
// next waiting instruction (§8.6). ES and B summarise them; every load of FCW or FSW recomputes
// the summary, so this is the hardware's own test.
inline bool pending(const CpuState& s) { return (s.fsw & ~s.fcw & sw::EXC) != 0; }
inline uint16_t with_summary(uint16_t fsw, uint16_t fcw) {
    fsw &= static_cast<uint16_t>(~(sw::ES | sw::B));
    return (fsw & ~fcw & sw::EXC) ? fsw | sw::ES | sw::B : fsw;
}

// A waiting x87 instruction: #NM when CR0.EM or CR0.TS is set (Vol. 3 Table 2-2), then #MF
// when an unmasked exception is pending (Vol. 1 §8.6).
inline void check_waiting(const Cpu& c) {
    check_x87(c);
    if (pending(c.s)) raise(Vec::MF);
}

// The tag a non-empty register gets from its contents (Vol. 1 §8.1.7; Vol. 2 FXSAVE, "Recreating
// FSAVE Format"): special for NaNs, infinities, denormals and unsupported encodings.
inline uint16_t tag_of(const X87Reg& r) {
    const unsigned exp = r.sign_exp & 0x7fff;
    if (exp == 0x7fff) return tag::SPECIAL;
    if (exp == 0) return r.mantissa == 0 ? tag::ZERO : tag::SPECIAL;
    return (r.mantissa >> 63) ? tag::VALID : tag::SPECIAL;
}

// The full tag word for the physical registers whose bit is set in `nonempty`, recomputed from
// their contents; the others are empty. FNSTENV, FLDENV and FXRSTOR all tag this way.
inline uint16_t tags_from(const CpuState& s, uint8_t nonempty) {
    uint16_t ftw = 0;
    for (unsigned r = 0; r < 8; ++r)
        ftw |= static_cast<uint16_t>(((nonempty >> r) & 1) ? tag_of(s.st[r]) : tag::EMPTY) << (2 * r);
    return ftw;
}
// One bit per physical register, set when it is not empty (the FXSAVE abridged tag word).
inline uint8_t nonempty(uint16_t ftw) {
    uint8_t bits = 0;
    for (unsigned r = 0; r < 8; ++r)
        if (((ftw >> (2 * r)) & 3) != tag::EMPTY) bits |= static_cast<uint8_t>(1u << r);
    return bits;
}

// ST(i) as a physical register number.
inline unsigned phys(const CpuState& s, unsigned i) { return (top(s) + i) & 7; }

// FNINIT (Vol. 2 FINIT/FNINIT): the data registers keep their contents.
inline void init(CpuState& s) {
    s.fcw = cw::INIT;
    s.fsw = 0;
    s.ftw = 0xffff;
    s.fop = 0;
    s.fip = 0;
    s.fdp = 0;
}

// ---- the FNSAVE/FRSTOR image, 32-bit protected-mode layout (Vol. 1 Figures 8-9 and 8-10) ----
// x87.cpp also hands the guest's registers to the host FPU in this form.
struct SaveImage {
    uint16_t fcw, pad0, fsw, pad1, ftw, pad2;
    uint32_t fip;
    uint16_t fcs, fop;  // FCS is deprecated and stored as 0 (CPUID.7.EBX[13])
    uint32_t fdp;
    uint16_t fds, pad3;
    uint8_t st[8][10];  // ST(0) first, not physical order
};
static_assert(sizeof(SaveImage) == 108);

// The guest state as FNSAVE stores it: tags from the register contents, reserved words all ones.
inline SaveImage save_image(const CpuState& s) {
    SaveImage m{};
    m.pad0 = m.pad1 = m.pad2 = m.pad3 = 0xffff;
    m.fcw = s.fcw;
    m.fsw = s.fsw;
    m.ftw = tags_from(s, nonempty(s.ftw));
    m.fip = static_cast<uint32_t>(s.fip);
    m.fop = s.fop & 0x7ff;
    m.fdp = static_cast<uint32_t>(s.fdp);
    for (unsigned k = 0; k < 8; ++k) {
        const X87Reg& r = s.st[phys(s, k)];
        std::memcpy(m.st[k], &r.mantissa, 8);
        std::memcpy(m.st[k] + 8, &r.sign_exp, 2);
    }
    return m;
}
// Loads the control word, the status word and the tags from an image, as FLDENV does: the tags
// of non-empty registers come from their contents. The pointers are left to the caller.
inline void load_control(CpuState& s, const SaveImage& m) {
    s.fcw = static_cast<uint16_t>((m.fcw & cw::WRITABLE) | cw::FIXED1);
    s.fsw = with_summary(m.fsw, s.fcw);
    s.ftw = tags_from(s, nonempty(m.ftw));
}
// The same and the data registers, ST(0) first under the image's TOP, as FRSTOR does.
inline void load_registers(CpuState& s, const SaveImage& m) {
    const unsigned new_top = (m.fsw >> 11) & 7;
    for (unsigned k = 0; k < 8; ++k) {
        X87Reg& r = s.st[(new_top + k) & 7];
        std::memcpy(&r.mantissa, m.st[k], 8);
        std::memcpy(&r.sign_exp, m.st[k] + 8, 2);
    }
    load_control(s, m);
}

// ---- xsave.cpp: the x87 part of the FXSAVE/XSAVE legacy region (bytes 0..23 and 32..159) ----
// `wide` selects the REX.W layout with 64-bit FIP and FDP. x87_from_area loads as FXRSTOR does.
void x87_to_area(const CpuState& s, uint8_t* area, bool wide);
void x87_from_area(CpuState& s, const uint8_t* area, bool wide);

// ---- guest memory as byte images ----
// Reads n bytes at the memory operand plus `off`.
inline void read_bytes(Cpu& c, const DecodedInsn& i, uint64_t off, void* dst, size_t n) {
    auto* p = static_cast<uint8_t*>(dst);
    const uint64_t base = ea(c, i) + off;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        const uint64_t v = c.load<uint64_t>(i.mem.seg, base + k);
        std::memcpy(p + k, &v, 8);
    }
    for (; k < n; ++k) p[k] = c.load<uint8_t>(i.mem.seg, base + k);
}
// Writes n bytes at the memory operand plus `off`: all of them or, on a fault, none.
inline void write_bytes(Cpu& c, const DecodedInsn& i, uint64_t off, const void* src, size_t n) {
    const auto* p = static_cast<const uint8_t*>(src);
    const uint64_t base = ea(c, i) + off;
    c.mmu.probe_write(c.linear(i.mem.seg, base), n, i.mem.seg == SS);
    for (size_t k = 0; k < n; ++k) c.store<uint8_t>(i.mem.seg, base + k, p[k]);
}
// Save areas: the processor accesses `len` bytes at `at` before the rest (FXSAVE's and XSAVE's
// last byte, XRSTOR's XCOMP_BV, an environment's first word), so CR2 reports a fault there.
inline void check_access(Cpu& c, const DecodedInsn& i, uint64_t at, size_t len, bool write) {
    uint8_t scratch[8];
    if (write) c.mmu.probe_write(c.linear(i.mem.seg, ea(c, i) + at), len, i.mem.seg == SS);
    else read_bytes(c, i, at, scratch, len);
}
// FNSTENV FLDENV FNSAVE FRSTOR access their first word (2 or 4 bytes, as wide as the layout's
// fields), then their last byte, then the rest.
inline void read_env_area(Cpu& c, const DecodedInsn& i, void* dst, size_t n, size_t word) {
    check_access(c, i, 0, word, false);
    check_access(c, i, n - 1, 1, false);
    read_bytes(c, i, 0, dst, n);
}
inline void write_env_area(Cpu& c, const DecodedInsn& i, const void* src, size_t n, size_t word) {
    check_access(c, i, 0, word, true);
    check_access(c, i, n - 1, 1, true);
    write_bytes(c, i, 0, src, n);
}

// The size in bytes of the instruction's memory operand, 0 when it has none.
inline unsigned mem_size(const DecodedInsn& i) {
    for (unsigned k = 0; k < i.nops; ++k)
        if (i.op[k].kind == OpKind::MEM) return i.op[k].size;
    return 0;
}

// A 16-bit operand size selects the 14/94-byte environment layouts (Vol. 1 §8.1.10).
inline bool env16(const DecodedInsn& i) { return i.opsize == 2; }

}  // namespace lstar::x87
