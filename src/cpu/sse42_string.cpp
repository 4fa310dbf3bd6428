// SSE4.2 packed string compare: PCMPESTRI PCMPESTRM PCMPISTRI PCMPISTRM.
// A direct reading of SDM Vol. 2 §4.1: the imm8 control picks the element format, the
// aggregation, the polarity and the output; the four instructions differ only in how the string
// lengths are found (explicit in rAX/rDX, or implicit at the first null) and where the result goes
// (an index in ECX, or a mask in XMM0).
#include <bit>

#include "cpu/ops.hpp"
#include "cpu/simd.hpp"

namespace lstar {
namespace {

// imm8[3:2] (SDM Vol. 2 §4.1.3) and imm8[5:4] (§4.1.5).
enum class Aggregation : uint8_t { EQUAL_ANY, RANGES, EQUAL_EACH, EQUAL_ORDERED };
enum class Polarity : uint8_t { POSITIVE, NEGATIVE, MASKED_POSITIVE, MASKED_NEGATIVE };

struct Control {
    Aggregation aggregation;
    Polarity polarity;
    bool msb;  // imm8[6]: the most significant index (I forms), a byte/word mask (M forms)

    explicit Control(uint8_t imm)
        : aggregation(static_cast<Aggregation>((imm >> 2) & 3)),
          polarity(static_cast<Polarity>((imm >> 4) & 3)),
          msb(imm & 0x40) {}
};

// The two operands with their valid lengths: `a` is xmm1 (the set, the ranges or the needle),
// `b` is xmm2/m128 (the string searched). An element is valid when its index is below the length.
template <class E>
struct Operands {
    static constexpr unsigned n = V128::lanes<E>();
    V128 a, b;
    unsigned la, lb;
    E at_a(unsigned i) const { return a.lane<E>(i); }
    E at_b(unsigned j) const { return b.lane<E>(j); }
};

// The result before output selection (IntRes2), and the status flags (SDM Vol. 2 PCMPESTRI).
struct Outcome {
    uint16_t intres2;
    uint64_t flags;
};

// ---- lengths (§4.1.1) ----
// Explicit: the absolute value of rAX or rDX, saturated to the element count.
template <class E>
unsigned explicit_length(int64_t len) {
    const uint64_t magnitude = len < 0 ? 0 - static_cast<uint64_t>(len) : static_cast<uint64_t>(len);
    return magnitude < V128::lanes<E>() ? static_cast<unsigned>(magnitude) : V128::lanes<E>();
}
// Implicit: the index of the first null element, or the element count.
template <class E>
unsigned implicit_length(const V128& v) {
    unsigned k = 0;
    while (k < V128::lanes<E>() && v.lane<E>(k) != 0) ++k;
    return k;
}

// ---- aggregation (§4.1.3, Table 4-3), with the overrides for invalid elements (Table 4-2) ----
// IntRes1[j]: some valid element of a equals b[j]. An invalid element never matches.
template <class E>
uint16_t equal_any(const Operands<E>& s) {
    uint16_t r = 0;
    for (unsigned j = 0; j < s.lb; ++j)
        for (unsigned i = 0; i < s.la; ++i)
            if (s.at_b(j) == s.at_a(i)) r |= static_cast<uint16_t>(1u << j);
    return r;
}
// IntRes1[j]: b[j] lies in one of the ranges a[i] <= b[j] <= a[i+1] (i even). A pair with an
// invalid bound never matches.
template <class E>
uint16_t ranges(const Operands<E>& s) {
    uint16_t r = 0;
    for (unsigned j = 0; j < s.lb; ++j)
        for (unsigned i = 0; i + 1 < s.la; i += 2)
            if (s.at_a(i) <= s.at_b(j) && s.at_b(j) <= s.at_a(i + 1)) r |= static_cast<uint16_t>(1u << j);
    return r;
}
// IntRes1[i]: a[i] == b[i]; two invalid elements are equal, one invalid element is not.
template <class E>
uint16_t equal_each(const Operands<E>& s) {
    uint16_t r = 0;
    for (unsigned i = 0; i < s.n; ++i) {
        const bool va = i < s.la, vb = i < s.lb;
        if (va && vb ? s.at_a(i) == s.at_b(i) : va == vb) r |= static_cast<uint16_t>(1u << i);
    }
    return r;
}
// IntRes1[j]: the needle a occurs in b starting at j. Past the end of a everything matches;
// past the end of b (with a still valid) nothing does; b may run off the register's end.
template <class E>
uint16_t equal_ordered(const Operands<E>& s) {
    uint16_t r = 0;
    for (unsigned j = 0; j < s.n; ++j) {
        bool match = true;
        for (unsigned i = 0; i < s.n - j && match; ++i)
            match = i >= s.la || (j + i < s.lb && s.at_b(j + i) == s.at_a(i));
        if (match) r |= static_cast<uint16_t>(1u << j);
    }
    return r;
}

template <class E>
uint16_t aggregate(const Operands<E>& s, Aggregation agg) {
    switch (agg) {
    case Aggregation::EQUAL_ANY: return equal_any(s);
    case Aggregation::RANGES: return ranges(s);
    case Aggregation::EQUAL_EACH: return equal_each(s);
    default: return equal_ordered(s);
    }
}

// ---- polarity (§4.1.5): the negations flip every bit, or only those of valid elements of b ----
uint16_t apply_polarity(uint16_t intres1, Polarity pol, unsigned n, unsigned lb) {
    switch (pol) {
    case Polarity::NEGATIVE: return static_cast<uint16_t>(intres1 ^ ((1u << n) - 1));
    case Polarity::MASKED_NEGATIVE: return static_cast<uint16_t>(intres1 ^ ((1u << lb) - 1));
    default: return intres1;
    }
}

// The whole comparison for one element type. CF: any result bit; ZF: b is shorter than the
// register; SF: a is; OF: result bit 0; AF and PF cleared.
template <class E>
Outcome compare(const Operands<E>& s, Control ctl) {
    const uint16_t intres2 = apply_polarity(aggregate(s, ctl.aggregation), ctl.polarity, s.n, s.lb);
    uint64_t flags = 0;
    if (intres2 != 0) flags |= fl::CF;
    if (s.lb < s.n) flags |= fl::ZF;
    if (s.la < s.n) flags |= fl::SF;
    if (intres2 & 1) flags |= fl::OF;
    return {intres2, flags};
}

// Lengths found by one of the two length rules, then the comparison. imm8[1:0] selects
// unsigned bytes, unsigned words, signed bytes or signed words (§4.1.2).
struct Lengths {
    bool explicit_lengths;
    int64_t rax, rdx;  // explicit forms: EAX/EDX sign-extended, or RAX/RDX with REX.W
};

template <class E>
Outcome compare_as(const V128& a, const V128& b, const Lengths& len, Control ctl) {
    Operands<E> s{a, b, 0, 0};
    s.la = len.explicit_lengths ? explicit_length<E>(len.rax) : implicit_length<E>(a);
    s.lb = len.explicit_lengths ? explicit_length<E>(len.rdx) : implicit_length<E>(b);
    return compare(s, ctl);
}

// Reads both operands (the memory one may be unaligned: §4.1, Table 2-21 note) and compares.
struct Compared {
    Outcome out;
    bool words;  // word elements: 8 of them, not 16
    bool msb;    // imm8[6]
};
Compared compare_operands(Cpu& c, const DecodedInsn& i, bool explicit_lengths) {
    check_sse(c);
    const V128 b = read_x128(c, i, 1, false);
    const V128 a = get_xmm(c, i.op[0].reg);
    Lengths len{explicit_lengths, 0, 0};
    if (explicit_lengths) {
        const bool rexw = i.opsize == 8;
        len.rax = rexw ? static_cast<int64_t>(c.s.gpr[RAX]) : static_cast<int32_t>(c.s.gpr[RAX]);
        len.rdx = rexw ? static_cast<int64_t>(c.s.gpr[RDX]) : static_cast<int32_t>(c.s.gpr[RDX]);
    }
    const uint8_t imm = static_cast<uint8_t>(i.imm);
    const Control ctl(imm);
    switch (imm & 3) {
    case 0: return {compare_as<uint8_t>(a, b, len, ctl), false, ctl.msb};
    case 1: return {compare_as<uint16_t>(a, b, len, ctl), true, ctl.msb};
    case 2: return {compare_as<int8_t>(a, b, len, ctl), false, ctl.msb};
    default: return {compare_as<int16_t>(a, b, len, ctl), true, ctl.msb};
    }
}

// ---- output selection (§4.1.6) ----
// The index of the least or most significant set bit, or the element count when none is set.
// Writing ECX zero-extends into RCX.
void write_index(Cpu& c, const Compared& r) {
    const unsigned bits = r.out.intres2;
    unsigned index = r.words ? 8 : 16;
    if (bits != 0 && r.msb) index = static_cast<unsigned>(std::bit_width(bits)) - 1;
    else if (bits != 0) index = static_cast<unsigned>(std::countr_zero(bits));
    set_gpr<uint32_t>(c, RCX, index);
    c.set_status(fl::ARITH, r.out.flags);
}

// XMM0 gets IntRes2 zero-extended (bit mask) or expanded to one all-ones element per set bit.
template <class E>
V128 expand_mask(uint16_t bits) {
    V128 m{};
    for (unsigned k = 0; k < V128::lanes<E>(); ++k)
        if (bits & (1u << k)) m.set_lane<E>(k, static_cast<E>(~E{0}));
    return m;
}
void write_mask(Cpu& c, const Compared& r) {
    V128 m{};
    if (!r.msb) m.set_lane<uint16_t>(0, r.out.intres2);
    else m = r.words ? expand_mask<uint16_t>(r.out.intres2) : expand_mask<uint8_t>(r.out.intres2);
    set_xmm(c, 0, m);
    c.set_status(fl::ARITH, r.out.flags);
}

}  // namespace

void op_pcmpestri(Cpu& c, const DecodedInsn& i) { write_index(c, compare_operands(c, i, true)); }
void op_pcmpistri(Cpu& c, const DecodedInsn& i) { write_index(c, compare_operands(c, i, false)); }
void op_pcmpestrm(Cpu& c, const DecodedInsn& i) { write_mask(c, compare_operands(c, i, true)); }
void op_pcmpistrm(Cpu& c, const DecodedInsn& i) { write_mask(c, compare_operands(c, i, false)); }

}  // namespace lstar
