// Packed integer rearrangement (MMX, SSE, SSE2, SSSE3, SSE4.1): the packs PACKSS/PACKUS, the
// unpacks PUNPCKL/PUNPCKH, the shuffles PSHUFB PSHUFW PSHUFD PSHUFLW PSHUFHW, PALIGNR, and the
// widening moves PMOVSX/PMOVZX.
#include "cpu/ops.hpp"
#include "cpu/sse_int.hpp"

namespace lstar {
namespace {

// ---- the algorithms ----
// PACK: the lanes of a, then those of b, each saturated to the narrower type (the source lanes
// are always signed).
template <class To, class From, unsigned N>
V128 pack(const V128& a, const V128& b) {
    constexpr unsigned L = lanes<From>(N);
    V128 r{};
    for (unsigned k = 0; k < L; ++k) {
        r.set_lane<To>(k, saturate<To>(a.lane<From>(k)));
        r.set_lane<To>(L + k, saturate<To>(b.lane<From>(k)));
    }
    return r;
}

// PUNPCKL (from lane 0) and PUNPCKH (from the middle lane): lanes of a and b interleaved.
template <class E, unsigned N>
V128 interleave(const V128& a, const V128& b, bool high) {
    constexpr unsigned half = lanes<E>(N) / 2;
    const unsigned from = high ? half : 0;
    V128 r{};
    for (unsigned k = 0; k < half; ++k) {
        r.set_lane<E>(2 * k, a.lane<E>(from + k));
        r.set_lane<E>(2 * k + 1, b.lane<E>(from + k));
    }
    return r;
}

// Four lanes of E from `first` on, each picked among those four by two bits of imm (PSHUFW,
// PSHUFD, and the halves of PSHUFLW and PSHUFHW); other lanes are copied.
template <class E>
V128 shuffle4(const V128& v, uint8_t imm, unsigned first) {
    V128 r = v;
    for (unsigned k = 0; k < 4; ++k) r.set_lane<E>(first + k, v.lane<E>(first + (imm >> 2 * k & 3)));
    return r;
}

// PSHUFB: byte k is a's byte b[k] (modulo N), or zero when b[k] has its top bit set.
template <unsigned N>
V128 shuffle_bytes(const V128& a, const V128& b) {
    V128 r{};
    for (unsigned k = 0; k < N; ++k) r.b[k] = (b.b[k] & 0x80) ? 0 : a.b[b.b[k] & (N - 1)];
    return r;
}

// PALIGNR: the 2N-byte concatenation a:b shifted right by imm bytes; the low N bytes remain.
template <unsigned N>
V128 align_right(const V128& a, const V128& b, uint8_t imm) {
    V128 r{};
    for (unsigned k = 0; k < N; ++k) {
        const unsigned at = imm + k;
        r.b[k] = at < N ? b.b[at] : at < 2 * N ? a.b[at - N] : 0;
    }
    return r;
}

// PMOVSX/PMOVZX: the low lanes of v converted (sign- or zero-extended by From's signedness).
template <class To, class From>
V128 widen(const V128& v) {
    V128 r{};
    for (unsigned k = 0; k < lanes<To>(16); ++k) r.set_lane<To>(k, static_cast<To>(v.lane<From>(k)));
    return r;
}

// ---- handler shape ----
// dst = f(src) for the shuffles that take an immediate and ignore the destination.
template <class F>
void shuffle_src(Cpu& c, const DecodedInsn& i, F f) {
    const uint8_t imm = static_cast<uint8_t>(i.imm);
    packed_unary(c, i, [f, imm](auto, const V128& v) { return f(v, imm); });
}

}  // namespace

// ---- the instructions ----
// E is To(From): PACKSSWB int8_t(int16_t), PACKUSWB uint8_t(int16_t) ...
template <class E>
void op_pack(Cpu& c, const DecodedInsn& i) {
    using C = Conversion<E>;
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return pack<typename C::To, typename C::From, N>(a, b);
    });
}

// The low unpacks of MMX read only an m32 (the operand size says so); read_vec honours it.
template <class E>
void op_punpckl(Cpu& c, const DecodedInsn& i) {
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return interleave<E, N>(a, b, false);
    });
}
template <class E>
void op_punpckh(Cpu& c, const DecodedInsn& i) {
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return interleave<E, N>(a, b, true);
    });
}

// PSHUFW (MMX) shuffles all four words of its register, PSHUFLW the low four of an XMM
// register: the same operation.
void op_pshuflw(Cpu& c, const DecodedInsn& i) {
    shuffle_src(c, i, [](const V128& v, uint8_t imm) { return shuffle4<uint16_t>(v, imm, 0); });
}
void op_pshufhw(Cpu& c, const DecodedInsn& i) {
    shuffle_src(c, i, [](const V128& v, uint8_t imm) { return shuffle4<uint16_t>(v, imm, 4); });
}
void op_pshufd(Cpu& c, const DecodedInsn& i) {
    shuffle_src(c, i, [](const V128& v, uint8_t imm) { return shuffle4<uint32_t>(v, imm, 0); });
}

void op_pshufb(Cpu& c, const DecodedInsn& i) {
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) { return shuffle_bytes<N>(a, b); });
}

void op_palignr(Cpu& c, const DecodedInsn& i) {
    const uint8_t imm = static_cast<uint8_t>(i.imm);
    packed(c, i, [imm]<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return align_right<N>(a, b, imm);
    });
}

// E is To(From): PMOVSXBW int16_t(int8_t), PMOVZXBW uint16_t(uint8_t) ... The source is the low
// lanes of an XMM register or a memory operand of just their size, never alignment-checked.
template <class E>
void op_pmovx(Cpu& c, const DecodedInsn& i) {
    using C = Conversion<E>;
    check_sse(c);
    constexpr unsigned src_bytes = lanes<typename C::To>(16) * sizeof(typename C::From);
    set_xmm(c, i.op[0].reg, widen<typename C::To, typename C::From>(read_low(c, i, 1, src_bytes)));
}

LSTAR_INSTANTIATE_ELEMENT(op_pack, int8_t(int16_t));
LSTAR_INSTANTIATE_ELEMENT(op_pack, uint8_t(int16_t));
LSTAR_INSTANTIATE_ELEMENT(op_pack, int16_t(int32_t));
LSTAR_INSTANTIATE_ELEMENT(op_pack, uint16_t(int32_t));
LSTAR_INSTANTIATE_ELEMENT(op_punpckl, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_punpckl, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_punpckl, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_punpckl, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_punpckh, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_punpckh, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_punpckh, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_punpckh, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, int16_t(int8_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, int32_t(int8_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, int64_t(int8_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, int32_t(int16_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, int64_t(int16_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, int64_t(int32_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, uint16_t(uint8_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, uint32_t(uint8_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, uint64_t(uint8_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, uint32_t(uint16_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, uint64_t(uint16_t));
LSTAR_INSTANTIATE_ELEMENT(op_pmovx, uint64_t(uint32_t));

}  // namespace lstar
