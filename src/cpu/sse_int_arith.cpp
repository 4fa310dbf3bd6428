// Packed integer arithmetic (MMX, SSE2, SSSE3, SSE4.1): PADD PSUB and their saturating forms,
// the multiplies, PAVG PSADBW PMIN PMAX PCMPEQ PCMPGT PSIGN PABS, the horizontal adds and
// subtracts, PHMINPOSUW and MPSADBW. Each handler serves the MMX and the XMM form.
#include <cstdlib>

#include "cpu/ops.hpp"
#include "cpu/sse_int.hpp"

namespace lstar {
namespace {

// ---- the algorithms, one lane at a time ----
// Wrapping arithmetic is done on uint64_t; the rest on int64_t, which holds every sum and every
// product of two lanes of up to 16 bits exactly.
template <class E>
E wrap_add(E a, E b) { return static_cast<E>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }
template <class E>
E wrap_sub(E a, E b) { return static_cast<E>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
// Signed or unsigned saturation, by the signedness of E.
template <class E>
E sat_add(E a, E b) { return saturate<E>(int64_t{a} + b); }
template <class E>
E sat_sub(E a, E b) { return saturate<E>(int64_t{a} - b); }
// PMULLW PMULLD: the low half of the product.
template <class E>
E mul_low(E a, E b) { return static_cast<E>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)); }
// PMULHW (signed E) and PMULHUW (unsigned E): the high half.
template <class E>
E mul_high(E a, E b) { return static_cast<E>((int64_t{a} * b) >> bits_of<E>()); }
// PMULHRSW: the product scaled by 2^-15 and rounded (SDM Vol. 2 PMULHRSW).
int16_t mul_high_round(int16_t a, int16_t b) {
    return static_cast<int16_t>((((int32_t{a} * b) >> 14) + 1) >> 1);
}
template <class E>
E average(E a, E b) { return static_cast<E>((int64_t{a} + b + 1) >> 1); }
template <class E>
E minimum(E a, E b) { return std::min(a, b); }
template <class E>
E maximum(E a, E b) { return std::max(a, b); }
template <class E>
E all_ones_if(bool c) { return c ? static_cast<E>(~E{0}) : E{0}; }
template <class E>
E equal(E a, E b) { return all_ones_if<E>(a == b); }
template <class E>
E greater(E a, E b) { return all_ones_if<E>(a > b); }
// PSIGN: a negated, zeroed or kept by the sign of b; negating the most negative value wraps.
template <class E>
E apply_sign(E a, E b) { return b < 0 ? wrap_sub<E>(0, a) : b == 0 ? E{0} : a; }
// PABS: |v| as an unsigned lane, so |-128| is 0x80.
template <class E>
E absolute(E v) { return v < 0 ? wrap_sub<E>(0, v) : v; }

// ---- whole-vector algorithms ----
// PHADD/PHSUB: the first half of the result pairs up a's lanes, the second half b's.
template <class E, unsigned N, class F>
V128 horizontal(const V128& a, const V128& b, F f) {
    constexpr unsigned half = lanes<E>(N) / 2;
    V128 r{};
    for (unsigned k = 0; k < half; ++k) {
        r.set_lane<E>(k, f(a.lane<E>(2 * k), a.lane<E>(2 * k + 1)));
        r.set_lane<E>(half + k, f(b.lane<E>(2 * k), b.lane<E>(2 * k + 1)));
    }
    return r;
}

// PMADDWD and PMADDUBSW: adjacent products of A and B lanes summed into a lane twice as wide;
// `sum` wraps (PMADDWD) or saturates (PMADDUBSW).
template <class A, class B, class Wide, unsigned N, class F>
V128 multiply_add(const V128& a, const V128& b, F sum) {
    V128 r{};
    for (unsigned k = 0; k < lanes<Wide>(N); ++k) {
        const int64_t lo = int64_t{a.lane<A>(2 * k)} * b.lane<B>(2 * k);
        const int64_t hi = int64_t{a.lane<A>(2 * k + 1)} * b.lane<B>(2 * k + 1);
        r.set_lane<Wide>(k, sum(lo + hi));
    }
    return r;
}

// PMULUDQ (uint32_t) and PMULDQ (int32_t): the even 32-bit lanes multiplied into 64 bits.
template <class E, unsigned N>
V128 multiply_even(const V128& a, const V128& b) {
    using Wide = std::conditional_t<std::is_signed_v<E>, int64_t, uint64_t>;
    V128 r{};
    for (unsigned k = 0; k < lanes<Wide>(N); ++k)
        r.set_lane<Wide>(k, Wide{a.lane<E>(2 * k)} * b.lane<E>(2 * k));
    return r;
}

// Sum of |a[k] - b[k]| over `count` bytes from the given offsets.
unsigned abs_diff_sum(const V128& a, unsigned ai, const V128& b, unsigned bi, unsigned count) {
    unsigned s = 0;
    for (unsigned k = 0; k < count; ++k) s += static_cast<unsigned>(std::abs(a.b[ai + k] - b.b[bi + k]));
    return s;
}

// PSADBW: per 8-byte group, the sum of absolute differences in the group's low word.
template <unsigned N>
V128 sum_abs_diff(const V128& a, const V128& b) {
    V128 r{};
    for (unsigned g = 0; g < N / 8; ++g) r.set_lane<uint64_t>(g, abs_diff_sum(a, 8 * g, b, 8 * g, 8));
    return r;
}

// MPSADBW: eight sums over 4-byte windows of a sliding from imm[2]*4 against the block of b at
// imm[1:0]*4 (SDM Vol. 2 MPSADBW).
V128 multiple_sum_abs_diff(const V128& a, const V128& b, uint8_t imm) {
    const unsigned a_off = (imm >> 2 & 1) * 4, b_off = (imm & 3) * 4;
    V128 r{};
    for (unsigned j = 0; j < 8; ++j)
        r.set_lane<uint16_t>(j, static_cast<uint16_t>(abs_diff_sum(a, a_off + j, b, b_off, 4)));
    return r;
}

// PHMINPOSUW: the smallest unsigned word in bits 15:0 and the index of its first occurrence in
// bits 18:16; the rest is zero.
V128 min_position(const V128& v) {
    unsigned at = 0;
    for (unsigned k = 1; k < 8; ++k)
        if (v.lane<uint16_t>(k) < v.lane<uint16_t>(at)) at = k;
    V128 r{};
    r.set_lane<uint32_t>(0, v.lane<uint16_t>(at) | at << 16);
    return r;
}

// ---- handler shapes ----
template <class E, class F>
void lanes_horizontal(Cpu& c, const DecodedInsn& i, F f) {
    packed(c, i, [f]<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return horizontal<E, N>(a, b, f);
    });
}

}  // namespace

// ---- the instructions ----
template <class E>
void op_padd(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, wrap_add<E>); }
template <class E>
void op_psub(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, wrap_sub<E>); }
template <class E>
void op_padds(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, sat_add<E>); }
template <class E>
void op_psubs(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, sat_sub<E>); }
template <class E>
void op_pmull(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, mul_low<E>); }
template <class E>
void op_pmulh(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, mul_high<E>); }
void op_pmulhrsw(Cpu& c, const DecodedInsn& i) { lanes_binary<int16_t>(c, i, mul_high_round); }
template <class E>
void op_pavg(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, average<E>); }
template <class E>
void op_pmin(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, minimum<E>); }
template <class E>
void op_pmax(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, maximum<E>); }
template <class E>
void op_pcmpeq(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, equal<E>); }
template <class E>
void op_pcmpgt(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, greater<E>); }
template <class E>
void op_psign(Cpu& c, const DecodedInsn& i) { lanes_binary<E>(c, i, apply_sign<E>); }

template <class E>
void op_pabs(Cpu& c, const DecodedInsn& i) {
    packed_unary(c, i, []<unsigned N>(Width<N>, const V128& v) {
        return lanewise<E, N>(v, v, [](E x, E) { return absolute(x); });
    });
}

template <class E>
void op_phadd(Cpu& c, const DecodedInsn& i) { lanes_horizontal<E>(c, i, wrap_add<E>); }
template <class E>
void op_phsub(Cpu& c, const DecodedInsn& i) { lanes_horizontal<E>(c, i, wrap_sub<E>); }
template <class E>
void op_phadds(Cpu& c, const DecodedInsn& i) { lanes_horizontal<E>(c, i, sat_add<E>); }
template <class E>
void op_phsubs(Cpu& c, const DecodedInsn& i) { lanes_horizontal<E>(c, i, sat_sub<E>); }

template <class E>
void op_pmul_even(Cpu& c, const DecodedInsn& i) {
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return multiply_even<E, N>(a, b);
    });
}

void op_pmaddwd(Cpu& c, const DecodedInsn& i) {
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return multiply_add<int16_t, int16_t, uint32_t, N>(a, b, [](int64_t s) {
            return static_cast<uint32_t>(s);
        });
    });
}
// The destination's bytes are unsigned, the source's signed.
void op_pmaddubsw(Cpu& c, const DecodedInsn& i) {
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) {
        return multiply_add<uint8_t, int8_t, int16_t, N>(a, b, saturate<int16_t>);
    });
}

void op_psadbw(Cpu& c, const DecodedInsn& i) {
    packed(c, i, []<unsigned N>(Width<N>, const V128& a, const V128& b) { return sum_abs_diff<N>(a, b); });
}

// MPSADBW and PHMINPOSUW have XMM forms only.
void op_mpsadbw(Cpu& c, const DecodedInsn& i) {
    const uint8_t imm = static_cast<uint8_t>(i.imm);
    packed(c, i, [imm](auto, const V128& a, const V128& b) { return multiple_sum_abs_diff(a, b, imm); });
}

void op_phminposuw(Cpu& c, const DecodedInsn& i) {
    packed_unary(c, i, [](auto, const V128& v) { return min_position(v); });
}

LSTAR_INSTANTIATE_ELEMENT(op_padd, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_padd, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_padd, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_padd, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_psub, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_psub, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_psub, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_psub, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_padds, int8_t);
LSTAR_INSTANTIATE_ELEMENT(op_padds, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_padds, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_padds, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_psubs, int8_t);
LSTAR_INSTANTIATE_ELEMENT(op_psubs, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_psubs, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_psubs, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmull, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmull, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmulh, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmulh, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pavg, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pavg, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmin, int8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmin, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmin, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmin, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmin, int32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmin, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmax, int8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmax, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmax, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmax, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmax, int32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmax, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpeq, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpeq, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpeq, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpeq, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpgt, int8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpgt, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpgt, int32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pcmpgt, int64_t);
LSTAR_INSTANTIATE_ELEMENT(op_psign, int8_t);
LSTAR_INSTANTIATE_ELEMENT(op_psign, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_psign, int32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pabs, int8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pabs, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pabs, int32_t);
LSTAR_INSTANTIATE_ELEMENT(op_phadd, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_phadd, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_phsub, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_phsub, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_phadds, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_phsubs, int16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmul_even, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pmul_even, int32_t);

}  // namespace lstar
