// Shared pieces of the SSE floating-point files (sse_fp_*.cpp): source operands, MMX registers
// seen by the conversions, and the SIMD floating-point exception rules on top of simd.hpp.
//
//   sse_fp_exceptions.cpp  refine(): overflow and underflow when their exceptions are unmasked
//   sse_fp_move.cpp        moves, logic, shuffles, blends, MXCSR
//   sse_fp_arith.cpp       arithmetic, compares, rounding, dot products
//   sse_fp_convert.cpp     conversions
#pragma once
#include "cpu/simd.hpp"
#include "cpu/sse_fp_host.hpp"

namespace lstar::ssefp {

// ---- operands ----
// Source operand n as 128 bits: an XMM register, or the memory operand's bytes in the low lanes
// and zeros above. A 16-byte memory operand must be 16-byte aligned unless `aligned` is false
// (SDM Vol. 1 §11.6.8); scalar and 64-bit operands need no alignment.
inline V128 read_src(Cpu& c, const DecodedInsn& i, int n, bool aligned = true) {
    const Operand& o = i.op[n];
    if (o.kind == OpKind::REG || o.size == 16) return read_x128(c, i, n, aligned);
    V128 v{};
    if (o.size == 8) v.set_lane<uint64_t>(0, load_mem<uint64_t>(c, i));
    else v.set_lane<uint32_t>(0, load_mem<uint32_t>(c, i));
    return v;
}

inline host::Reg to_host(const V128& v) {
    host::Reg x;
    std::memcpy(&x, v.b, 16);
    return x;
}
inline V128 from_host(host::Reg x) {
    V128 v;
    std::memcpy(v.b, &x, 16);
    return v;
}

// ---- MMX operands (CVTPI2PS and friends; get_mm/set_mm/mmx_transition are in simd.hpp) ----
// An instruction that names an MMX register first delivers a pending unmasked x87 exception
// (FSW.ES) as #MF (SDM Vol. 3 §12.5.1); memory-only forms do not.
inline void check_mmx_pending(const Cpu& c) {
    if (c.s.fsw & 0x80) raise(Vec::MF);
}
// ... and then moves the x87 unit to MMX mode with mmx_transition() (simd.hpp); on Intel
// hardware that happens before the instruction's own SIMD exception is delivered.

// ---- SIMD floating-point exceptions (SDM Vol. 1 §11.5.2) ----
constexpr uint32_t PRE = mxcsr::IE | mxcsr::DE | mxcsr::ZE;  // detected before computing

// The host MXCSR for a guest computation. FTZ only applies while underflow is masked; with it
// unmasked every tiny result traps, and refine() needs the unflushed result to see it.
inline uint32_t host_mxcsr(uint32_t guest) {
    return (guest & mxcsr::UE << 7) ? guest : guest & ~mxcsr::FTZ;
}

// A computed value and the exceptions the host raised with every exception masked.
struct Computed {
    V128 v;
    uint32_t flags;
};
inline Computed compute(uint32_t guest_mxcsr, host::Fn fn, const V128& d, const V128& s) {
    host::Reg x = to_host(d);
    const host::Reg y = to_host(s);
    const uint32_t flags = host_sse(host_mxcsr(guest_mxcsr), [&] { fn(x, y); });
    return {from_host(x), flags};
}

// Where the lanes of an instruction that can overflow or underflow come from, so that refine()
// can redo them one at a time.
enum class Arith : uint8_t { NONE, ADD, SUB, MUL, DIV, ADDSUB, NARROW };
enum class Layout : uint8_t {
    VERTICAL,    // lane k = d[k] op s[k]
    HORIZONTAL,  // lanes from adjacent pairs of d, then of s (HADDPS ...)
};
struct Shape {
    Arith op = Arith::NONE;  // ADDSUB: SUB in even lanes, ADD in odd; NARROW: double s[k] -> float
    Layout layout = Layout::VERTICAL;
    bool dbl = false;        // elements are doubles (for NARROW: the source's)
    unsigned lanes = 0;      // result lanes computed
};
template <class E>
constexpr Shape vertical(Arith op, unsigned lanes) { return {op, Layout::VERTICAL, sizeof(E) == 8, lanes}; }
template <class E>
constexpr Shape horizontal(Arith op) { return {op, Layout::HORIZONTAL, sizeof(E) == 8, 16 / sizeof(E)}; }

// The exception flags of a computation whose masked run raised `flags`. Masked runs are exact
// except where an unmasked overflow or underflow changes what is reported: a tiny result traps
// even when exact, and the precision flag then follows the result rounded with an unbounded
// exponent (measured on Intel hardware; SDM Vol. 1 §4.9.1.4-5, §11.5.2.2-3).
uint32_t refine(uint32_t mxcsr, uint32_t flags, const Shape& shape, const V128& d, const V128& s);

// The raised flags whose exceptions MXCSR leaves unmasked.
inline uint32_t unmasked(uint32_t mx, uint32_t flags) { return flags & ~(mx >> 7) & mxcsr::FLAGS; }
// The flags an instruction (or one step of DPPS) reports: an unmasked pre-computation exception
// stops it before it computes, so only IE DE ZE are reported; otherwise every flag is.
inline uint32_t reported(uint32_t mx, uint32_t flags) {
    return (unmasked(mx, flags) & PRE) ? flags & PRE : flags;
}
// Sets them in MXCSR; an unmasked one raises #XM (#UD when CR4.OSXMMEXCPT is clear) before the
// destination is written.
inline void commit(Cpu& c, uint32_t flags) { sse_exceptions(c, reported(c.s.mxcsr, flags)); }

// The common instruction shape: d = fn(d, s) with d an XMM register and s from operand 1.
inline void xmm_op(Cpu& c, const DecodedInsn& i, host::Fn fn, const Shape& shape = {}) {
    check_sse(c);
    const V128 s = read_src(c, i, 1);
    const V128 d = get_xmm(c, i.op[0].reg);
    const Computed r = compute(c.s.mxcsr, fn, d, s);
    commit(c, shape.op == Arith::NONE ? r.flags : refine(c.s.mxcsr, r.flags, shape, d, s));
    set_xmm(c, i.op[0].reg, r.v);
}

}  // namespace lstar::ssefp
