// Shared pieces of the SSE and x87 instruction files: availability checks, XMM and memory
// operand access, lane views, and running host floating point under the guest's MXCSR.
#pragma once
#include <xmmintrin.h>

#include <cstring>

#include "cpu/operands.hpp"

namespace lstar {

// SSE instructions: #UD when CR0.EM is set or CR4.OSFXSR is clear, #NM when CR0.TS is set
// (SDM Vol. 3 §13.1, Vol. 2 Table 2-18 / 22-6).
inline void check_sse(const Cpu& c) {
    if ((c.s.cr0 & cr0::EM) || !(c.s.cr4 & cr4::OSFXSR)) raise(Vec::UD);
    if (c.s.cr0 & cr0::TS) raise(Vec::NM);
}
// x87 instructions: #NM when CR0.EM or CR0.TS is set (SDM Vol. 3 Table 2-2).
inline void check_x87(const Cpu& c) {
    if (c.s.cr0 & (cr0::EM | cr0::TS)) raise(Vec::NM);
}

// A 128-bit value with typed lane access.
struct V128 {
    uint8_t b[16];
    template <class E>
    E lane(unsigned k) const {
        E v;
        std::memcpy(&v, b + k * sizeof(E), sizeof(E));
        return v;
    }
    template <class E>
    void set_lane(unsigned k, E v) { std::memcpy(b + k * sizeof(E), &v, sizeof(E)); }
    template <class E>
    static constexpr unsigned lanes() { return 16 / sizeof(E); }
};

inline V128 get_xmm(const Cpu& c, unsigned n) {
    V128 v;
    std::memcpy(v.b, &c.s.xmm[n], 16);
    return v;
}
inline void set_xmm(Cpu& c, unsigned n, const V128& v) { std::memcpy(&c.s.xmm[n], v.b, 16); }

// Reads an XMM register or 128-bit memory operand. `aligned` forms raise #GP(0) on a
// misaligned address (SDM Vol. 1 §10.4.1.1); the check uses the linear address.
inline V128 read_x128(Cpu& c, const DecodedInsn& i, int n, bool aligned) {
    const Operand& o = i.op[n];
    if (o.kind == OpKind::REG) return get_xmm(c, o.reg);
    const uint64_t off = ea(c, i);
    if (aligned && (c.linear(i.mem.seg, off) & 15)) raise(Vec::GP, 0);
    V128 v;
    const uint64_t lo = c.load<uint64_t>(i.mem.seg, off);
    const uint64_t hi = c.load<uint64_t>(i.mem.seg, off + 8);
    std::memcpy(v.b, &lo, 8);
    std::memcpy(v.b + 8, &hi, 8);
    return v;
}
inline void write_x128(Cpu& c, const DecodedInsn& i, int n, const V128& v, bool aligned) {
    const Operand& o = i.op[n];
    if (o.kind == OpKind::REG) return set_xmm(c, o.reg, v);
    const uint64_t off = ea(c, i);
    const uint64_t la = c.linear(i.mem.seg, off);
    if (aligned && (la & 15)) raise(Vec::GP, 0);
    c.mmu.probe_write(la, 16, i.mem.seg == SS);  // both halves or neither
    uint64_t lo, hi;
    std::memcpy(&lo, v.b, 8);
    std::memcpy(&hi, v.b + 8, 8);
    c.store<uint64_t>(i.mem.seg, off, lo);
    c.store<uint64_t>(i.mem.seg, off + 8, hi);
}

// MXCSR exception flag and mask bits (SDM Vol. 1 §10.2.3).
namespace mxcsr {
constexpr uint32_t IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32, FLAGS = 0x3f;
constexpr uint32_t DAZ = 1u << 6, MASKS = 0x3f << 7, RC = 3u << 13, FTZ = 1u << 15;
// The bits LDMXCSR, FXRSTOR and XRSTOR may set, and the MXCSR_MASK that FXSAVE reports
// (SDM Vol. 1 §11.6.6): every bit lstar implements, DAZ included.
constexpr uint32_t WRITABLE = 0xffff;
}

// ---- MMX registers (SDM Vol. 1 §9.5): MMn is the significand of physical x87 register Rn ----
inline uint64_t get_mm(const Cpu& c, unsigned n) { return c.s.st[n].mantissa; }
// A write to MMn also sets bits 79:64 of Rn to ones (SDM Vol. 1 §9.5.1).
inline void set_mm(Cpu& c, unsigned n, uint64_t v) {
    c.s.st[n].mantissa = v;
    c.s.st[n].sign_exp = 0xffff;
}
// What an MMX instruction does to the x87 state: TOP = 0 (FSW bits 13:11) and every tag valid
// (SDM Vol. 1 §9.5.1, Table 9-2).
inline void mmx_transition(Cpu& c) {
    c.s.fsw &= static_cast<uint16_t>(~(7u << 11));
    c.s.ftw = 0;
}

// Runs `op` on the host's SSE unit under the guest's rounding, DAZ and FTZ, with every host
// exception masked, and returns the exception flags it raised. The host is x86-64, so its SSE
// arithmetic is the reference the differential tester checks against.
template <class F>
uint32_t host_sse(uint32_t guest_mxcsr, F op) {
    const unsigned saved = _mm_getcsr();
    _mm_setcsr((guest_mxcsr & (mxcsr::DAZ | mxcsr::RC | mxcsr::FTZ)) | mxcsr::MASKS);
    op();
    const uint32_t raised = _mm_getcsr() & mxcsr::FLAGS;
    _mm_setcsr(saved);
    return raised;
}

// Commits SSE exception flags: an unmasked exception raises #XM (or #UD when
// CR4.OSXMMEXCPT is clear) before the destination is written; masked ones only set flags.
inline void sse_exceptions(Cpu& c, uint32_t raised) {
    const uint32_t unmasked = raised & ~(c.s.mxcsr >> 7) & mxcsr::FLAGS;
    c.s.mxcsr |= raised;
    if (unmasked) raise((c.s.cr4 & cr4::OSXMMEXCPT) ? Vec::XM : Vec::UD);
}

}  // namespace lstar
