// Shared pieces of the packed-integer instruction files (sse_int_*.cpp): the MMX register file
// and its effect on the x87 state, one access path for the 8-byte MMX and 16-byte XMM forms of
// an instruction, and the lane algorithms more than one file uses.
#pragma once
#include <algorithm>
#include <limits>
#include <type_traits>

#include "cpu/simd.hpp"
#include "cpu/x87.hpp"

namespace lstar {

// The vector width of one form of an instruction: 8 bytes (MMX) or 16 bytes (XMM).
template <unsigned N>
using Width = std::integral_constant<unsigned, N>;

// ---- the MMX register file (SDM Vol. 1 §9.5) ----
// MMX forms: #UD when CR0.EM is set, #NM when CR0.TS is set, #MF when an unmasked x87
// exception is pending (SDM Vol. 3 Table 12-1; Vol. 2 Table 22-5).
inline void check_mmx(const Cpu& c) {
    if (c.s.cr0 & cr0::EM) raise(Vec::UD);
    if (c.s.cr0 & cr0::TS) raise(Vec::NM);
    if (c.s.fsw & x87::sw::ES) raise(Vec::MF);
}

inline void clear_top(Cpu& c) { c.s.fsw &= static_cast<uint16_t>(~x87::sw::TOP); }

// get_mm, set_mm and mmx_transition (every MMX instruction but EMMS, once it completes) are in
// simd.hpp, shared with the SSE conversions that take MMX operands.

inline bool uses_mmx(const DecodedInsn& i) {
    for (unsigned k = 0; k < i.nops; ++k)
        if (i.op[k].kind == OpKind::REG && i.op[k].cls == RegClass::MMX) return true;
    return false;
}

// Runs body(Width<8>{}) for an MMX form or body(Width<16>{}) for an XMM form, after the form's
// availability checks. The MMX transition happens when the body completes. An MMX form that
// faults leaves the x87 state alone, except that a store to memory has already cleared TOP
// (observed on Intel hardware: MOVD/MOVQ/MOVNTQ m, mm that fault with #PF or #GP).
template <class F>
void by_width(Cpu& c, const DecodedInsn& i, F&& body) {
    if (uses_mmx(i)) {
        check_mmx(c);
        if (i.op[0].kind == OpKind::MEM) clear_top(c);
        body(Width<8>{});
        mmx_transition(c);
    } else {
        check_sse(c);
        body(Width<16>{});
    }
}

// ---- operands ----
// The low `size` bytes (at most 16) of operand n, zero-extended: a GPR, MMX or XMM register, or
// memory read without an alignment check.
inline V128 read_low(Cpu& c, const DecodedInsn& i, int n, unsigned size) {
    const Operand& o = i.op[n];
    V128 v{};
    if (o.kind == OpKind::REG) {
        if (o.cls == RegClass::XMM) v = get_xmm(c, o.reg);
        else if (o.cls == RegClass::MMX) v.set_lane<uint64_t>(0, get_mm(c, o.reg));
        else v.set_lane<uint64_t>(0, get_reg<uint64_t>(c, o.reg & ~7));
        std::fill(v.b + size, v.b + 16, 0);
        return v;
    }
    const uint64_t off = ea(c, i);
    switch (size) {
    case 1: v.set_lane<uint8_t>(0, c.load<uint8_t>(i.mem.seg, off)); break;
    case 2: v.set_lane<uint16_t>(0, c.load<uint16_t>(i.mem.seg, off)); break;
    case 4: v.set_lane<uint32_t>(0, c.load<uint32_t>(i.mem.seg, off)); break;
    case 8: v.set_lane<uint64_t>(0, c.load<uint64_t>(i.mem.seg, off)); break;
    default: v = read_x128(c, i, n, false); break;
    }
    return v;
}

// Operand n of an N-byte form. A 128-bit memory operand of a legacy SSE form must be 16-byte
// aligned (SDM Vol. 2 §2.5, exception type 4) unless `aligned` is false; smaller memory operands
// (the m32 of the MMX low unpacks, m64 ...) never are.
template <unsigned N>
V128 read_vec(Cpu& c, const DecodedInsn& i, int n, bool aligned = true) {
    const Operand& o = i.op[n];
    if (o.kind == OpKind::MEM && o.size == 16) return read_x128(c, i, n, aligned);
    return read_low(c, i, n, o.kind == OpKind::MEM ? o.size : N);
}

template <unsigned N>
void write_vec(Cpu& c, const DecodedInsn& i, int n, const V128& v, bool aligned = true) {
    const Operand& o = i.op[n];
    if constexpr (N == 16) {
        write_x128(c, i, n, v, aligned);
    } else if (o.kind == OpKind::REG) {
        set_mm(c, o.reg, v.lane<uint64_t>(0));
    } else {
        store_mem<uint64_t>(c, i, v.lane<uint64_t>(0));
    }
}

// dst = op(Width<N>{}, dst, src) for operands 0 and 1 of an MMX or XMM form.
template <class F>
void packed(Cpu& c, const DecodedInsn& i, F op) {
    by_width(c, i, [&]<unsigned N>(Width<N> w) {
        const V128 a = read_vec<N>(c, i, 0), b = read_vec<N>(c, i, 1);
        write_vec<N>(c, i, 0, op(w, a, b));
    });
}

// dst = op(Width<N>{}, src): the destination is not read.
template <class F>
void packed_unary(Cpu& c, const DecodedInsn& i, F op) {
    by_width(c, i, [&]<unsigned N>(Width<N> w) { write_vec<N>(c, i, 0, op(w, read_vec<N>(c, i, 1))); });
}

// ---- lane algorithms ----
template <class E>
constexpr unsigned lanes(unsigned n_bytes) { return n_bytes / sizeof(E); }

// r[k] = f(a[k], b[k]) over the lanes of an N-byte vector; bytes past N stay zero.
template <class E, unsigned N, class F>
V128 lanewise(const V128& a, const V128& b, F f) {
    V128 r{};
    for (unsigned k = 0; k < lanes<E>(N); ++k) r.set_lane<E>(k, f(a.lane<E>(k), b.lane<E>(k)));
    return r;
}

// dst[k] = f(dst[k], src[k]) with lanes of type E, for the MMX and XMM forms.
template <class E, class F>
void lanes_binary(Cpu& c, const DecodedInsn& i, F f) {
    packed(c, i, [f]<unsigned N>(Width<N>, const V128& a, const V128& b) { return lanewise<E, N>(a, b, f); });
}

// v clamped to the range of To (signed or unsigned saturation, SDM Vol. 1 §4.6.2).
template <class To>
To saturate(int64_t v) {
    using Limits = std::numeric_limits<To>;
    return static_cast<To>(std::clamp<int64_t>(v, Limits::min(), Limits::max()));
}

// A lane conversion spelled as a function type To(From), so that one dispatch-table element type
// names both sides: PACKSSWB is int8_t(int16_t), PMOVZXBW is uint16_t(uint8_t).
template <class Sig>
struct Conversion;
template <class T, class F>
struct Conversion<T(F)> {
    using To = T;
    using From = F;
};

}  // namespace lstar
