// Packed bitwise instructions (MMX, SSE2, SSE4.1): PAND PANDN POR PXOR, the lane shifts PSLL
// PSRL PSRA, the byte shifts PSLLDQ PSRLDQ, PTEST and the blends PBLENDW PBLENDVB.
#include "cpu/ops.hpp"
#include "cpu/sse_int.hpp"

namespace lstar {
namespace {

// ---- the algorithms ----
// Lane shifts take the whole 64-bit count: past the lane width a logical shift gives 0 and an
// arithmetic one fills with the sign (SDM Vol. 2 PSLLW/PSRLW/PSRAW).
template <class E>
E shift_left(E v, uint64_t n) { return n >= bits_of<E>() ? E{0} : static_cast<E>(v << n); }
template <class E>
E shift_right(E v, uint64_t n) { return n >= bits_of<E>() ? E{0} : static_cast<E>(v >> n); }
template <class E>
E shift_right_arith(E v, uint64_t n) { return static_cast<E>(v >> std::min<uint64_t>(n, bits_of<E>() - 1)); }

// PSLLDQ (left) and PSRLDQ: the register shifted by whole bytes; 16 or more clears it.
V128 byte_shift(const V128& v, unsigned n, bool left) {
    V128 r{};
    for (unsigned k = 0; k < 16; ++k) {
        const unsigned from = left ? k - n : k + n;  // wraps past 15 when out of range
        if (n < 16 && from < 16) r.b[k] = v.b[from];
    }
    return r;
}

// Bytes of b where the mask byte's top bit is set, of a elsewhere.
V128 blend_bytes(const V128& a, const V128& b, const V128& mask) {
    V128 r;
    for (unsigned k = 0; k < 16; ++k) r.b[k] = (mask.b[k] & 0x80) ? b.b[k] : a.b[k];
    return r;
}

// PBLENDW: word k of b where imm bit k is set.
V128 blend_words(const V128& a, const V128& b, uint8_t imm) {
    V128 r;
    for (unsigned k = 0; k < 8; ++k)
        r.set_lane<uint16_t>(k, (imm >> k & 1) ? b.lane<uint16_t>(k) : a.lane<uint16_t>(k));
    return r;
}

// ---- handler shape ----
// PSLL/PSRL/PSRA: the count is an 8-bit immediate or the low quadword of the source operand
// (an aligned m128 for the XMM form).
template <class E, class F>
void shift_lanes(Cpu& c, const DecodedInsn& i, F shift) {
    by_width(c, i, [&]<unsigned N>(Width<N>) {
        const V128 a = read_vec<N>(c, i, 0);
        const uint64_t n = i.op[1].kind == OpKind::IMM ? static_cast<uint8_t>(i.imm)
                                                       : read_vec<N>(c, i, 1).template lane<uint64_t>(0);
        V128 r{};
        for (unsigned k = 0; k < lanes<E>(N); ++k) r.set_lane<E>(k, shift(a.lane<E>(k), n));
        write_vec<N>(c, i, 0, r);
    });
}

}  // namespace

// ---- the instructions ----
void op_pand(Cpu& c, const DecodedInsn& i) {
    lanes_binary<uint64_t>(c, i, [](uint64_t a, uint64_t b) { return a & b; });
}
void op_pandn(Cpu& c, const DecodedInsn& i) {
    lanes_binary<uint64_t>(c, i, [](uint64_t a, uint64_t b) { return ~a & b; });
}
void op_por(Cpu& c, const DecodedInsn& i) {
    lanes_binary<uint64_t>(c, i, [](uint64_t a, uint64_t b) { return a | b; });
}
void op_pxor(Cpu& c, const DecodedInsn& i) {
    lanes_binary<uint64_t>(c, i, [](uint64_t a, uint64_t b) { return a ^ b; });
}

template <class E>
void op_psll(Cpu& c, const DecodedInsn& i) { shift_lanes<E>(c, i, shift_left<E>); }
template <class E>
void op_psrl(Cpu& c, const DecodedInsn& i) { shift_lanes<E>(c, i, shift_right<E>); }
template <class E>
void op_psra(Cpu& c, const DecodedInsn& i) { shift_lanes<E>(c, i, shift_right_arith<E>); }

// The byte shifts, PTEST and the blends have XMM forms only.
void op_pslldq(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    set_xmm(c, i.op[0].reg, byte_shift(get_xmm(c, i.op[0].reg), static_cast<uint8_t>(i.imm), true));
}
void op_psrldq(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    set_xmm(c, i.op[0].reg, byte_shift(get_xmm(c, i.op[0].reg), static_cast<uint8_t>(i.imm), false));
}

// ZF = (dst AND src) is zero, CF = (NOT dst AND src) is zero; AF OF PF SF are cleared.
void op_ptest(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const V128 a = read_x128(c, i, 0, true), b = read_x128(c, i, 1, true);
    uint64_t both = 0, src_only = 0;
    for (unsigned k = 0; k < 2; ++k) {
        both |= a.lane<uint64_t>(k) & b.lane<uint64_t>(k);
        src_only |= ~a.lane<uint64_t>(k) & b.lane<uint64_t>(k);
    }
    c.set_status(fl::ARITH, (both ? 0 : fl::ZF) | (src_only ? 0 : fl::CF));
}

void op_pblendw(Cpu& c, const DecodedInsn& i) {
    const uint8_t imm = static_cast<uint8_t>(i.imm);
    packed(c, i, [imm](auto, const V128& a, const V128& b) { return blend_words(a, b, imm); });
}
// The mask is the implicit XMM0.
void op_pblendvb(Cpu& c, const DecodedInsn& i) {
    packed(c, i, [&c](auto, const V128& a, const V128& b) { return blend_bytes(a, b, get_xmm(c, 0)); });
}

LSTAR_INSTANTIATE_ELEMENT(op_psll, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_psll, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_psll, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_psrl, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_psrl, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_psrl, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_psra, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_psra, int32_t);

}  // namespace lstar
