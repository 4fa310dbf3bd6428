// Overflow and underflow with their exceptions unmasked (SDM Vol. 1 §4.9.1.4-5, §11.5.2.2-3).
//
// lstar computes on the host with every exception masked. That gives the guest's flags exactly
// except when OE or UE is unmasked, where Intel hardware (measured on the differential tester's
// host) reports:
//   - overflow: OE, and PE only if the result rounded with an unbounded exponent is inexact;
//   - underflow: UE for every tiny result (tininess after rounding), exact or not, and again PE
//     only if the unbounded-exponent result is inexact; FTZ does not apply.
// refine() redoes the lanes one at a time to find which of them overflowed or were tiny, and
// decides exactness with integer arithmetic on the operands' significands.
#include <utility>

#include "cpu/sse_fp_ops.hpp"

namespace lstar::ssefp {
namespace {

// One lane of a computation: x op y on element bits (NARROW: double x to float).
struct LaneOp {
    Arith op;
    uint64_t x, y;
};

uint64_t element(const V128& v, unsigned k, bool dbl) {
    return dbl ? v.lane<uint64_t>(k) : v.lane<uint32_t>(k);
}

unsigned decompose(const Shape& sh, const V128& d, const V128& s, LaneOp out[4]) {
    for (unsigned k = 0; k < sh.lanes; ++k) {
        if (sh.op == Arith::NARROW) {
            out[k] = {Arith::NARROW, s.lane<uint64_t>(k), 0};
        } else if (sh.layout == Layout::HORIZONTAL) {
            const unsigned half = sh.lanes / 2;
            const V128& v = k < half ? d : s;
            const unsigned j = 2 * (k % half);
            out[k] = {sh.op, element(v, j, sh.dbl), element(v, j + 1, sh.dbl)};
        } else {
            const Arith op = sh.op == Arith::ADDSUB ? (k % 2 ? Arith::ADD : Arith::SUB) : sh.op;
            out[k] = {op, element(d, k, sh.dbl), element(s, k, sh.dbl)};
        }
    }
    return sh.lanes;
}

// ---- exactness with an unbounded exponent ----
// A finite value as ±m·2^e with m odd, or zero.
struct Exact {
    bool neg;
    uint64_t m;
    int e;
};
Exact unpack(uint64_t bits, bool dbl, bool daz) {
    const int frac_bits = dbl ? 52 : 23;
    const int bias = dbl ? 1023 : 127;
    const int exp_field = static_cast<int>((bits >> frac_bits) & (dbl ? 0x7ff : 0xff));
    Exact v{((bits >> (dbl ? 63 : 31)) & 1) != 0, bits & ((1ull << frac_bits) - 1), 0};
    if (exp_field == 0) {
        if (daz) v.m = 0;  // DAZ reads denormal operands as zero
        v.e = 1 - bias - frac_bits;
    } else {
        v.m |= 1ull << frac_bits;
        v.e = exp_field - bias - frac_bits;
    }
    if (v.m) {
        const int tz = __builtin_ctzll(v.m);
        v.m >>= tz;
        v.e += tz;
    }
    return v;
}

using u128 = unsigned __int128;
// Does m (trailing zeros allowed) fit a `p`-bit significand?
bool fits(u128 m, int p) {
    if (m == 0) return true;
    while (!(m & 1)) m >>= 1;
    int width = 0;
    for (; m; m >>= 1) ++width;
    return width <= p;
}

bool exact_sum(Exact x, Exact y, int p) {
    if (!x.m) return fits(y.m, p);
    if (!y.m) return fits(x.m, p);
    if (x.e < y.e) std::swap(x, y);
    // m odd: the sum's lowest set bit is y's; far below x's it leaves more than p bits.
    const int shift = x.e - y.e;
    if (shift > 64) return false;
    const __int128 a = static_cast<__int128>(static_cast<u128>(x.m) << shift) * (x.neg ? -1 : 1);
    const __int128 b = static_cast<__int128>(y.m) * (y.neg ? -1 : 1);
    const __int128 sum = a + b;
    return fits(static_cast<u128>(sum < 0 ? -sum : sum), p);
}

bool exact_unbounded(const LaneOp& l, bool dbl, bool daz) {
    if (l.op == Arith::NARROW) return fits(unpack(l.x, true, daz).m, 24);
    const int p = dbl ? 53 : 24;
    Exact x = unpack(l.x, dbl, daz), y = unpack(l.y, dbl, daz);
    switch (l.op) {
    case Arith::SUB: y.neg = !y.neg; return exact_sum(x, y, p);
    case Arith::MUL: return fits(static_cast<u128>(x.m) * y.m, p);
    case Arith::DIV:  // y.m is odd: the quotient is a finite binary fraction only if y.m divides x.m
        return !y.m || (x.m % y.m == 0 && fits(x.m / y.m, p));
    default: return exact_sum(x, y, p);
    }
}

// ---- one lane on the host ----
host::Fn scalar_fn(Arith op, bool dbl) {
    switch (op) {
    case Arith::SUB: return dbl ? host::subsd : host::subss;
    case Arith::MUL: return dbl ? host::mulsd : host::mulss;
    case Arith::DIV: return dbl ? host::divsd : host::divss;
    case Arith::NARROW: return host::cvtsd2ss;
    default: return dbl ? host::addsd : host::addss;
    }
}

bool tiny_exact_result(uint64_t bits, bool dbl) {  // a nonzero denormal
    const uint64_t exp_mask = dbl ? 0x7ff0000000000000ull : 0x7f800000u;
    const uint64_t frac_mask = dbl ? 0x000fffffffffffffull : 0x007fffffu;
    return (bits & exp_mask) == 0 && (bits & frac_mask) != 0;
}

uint32_t lane_flags(uint32_t mx, const LaneOp& l, bool dbl) {
    const bool in_dbl = dbl || l.op == Arith::NARROW;
    const bool out_dbl = dbl && l.op != Arith::NARROW;
    V128 x{}, y{};
    if (in_dbl) {
        x.set_lane<uint64_t>(0, l.x);
        y.set_lane<uint64_t>(0, l.op == Arith::NARROW ? l.x : l.y);
    } else {
        x.set_lane<uint32_t>(0, static_cast<uint32_t>(l.x));
        y.set_lane<uint32_t>(0, static_cast<uint32_t>(l.y));
    }
    const Computed r = compute(mx, scalar_fn(l.op, dbl), x, y);
    const uint32_t f = r.flags;
    if (f & (mxcsr::IE | mxcsr::ZE)) return f;  // a NaN or infinity: nothing more to detect
    const bool over = (f & mxcsr::OE) && !(mx & mxcsr::OE << 7);
    const bool tiny = !(mx & mxcsr::UE << 7) &&
                      ((f & mxcsr::UE) || (!(f & mxcsr::PE) && tiny_exact_result(element(r.v, 0, out_dbl), out_dbl)));
    if (!over && !tiny) return f;
    const bool exact = exact_unbounded(l, dbl, (mx & mxcsr::DAZ) != 0);
    return (f & mxcsr::DE) | (over ? mxcsr::OE : mxcsr::UE) | (exact ? 0 : mxcsr::PE);
}

}  // namespace

uint32_t refine(uint32_t mx, uint32_t flags, const Shape& shape, const V128& d, const V128& s) {
    const bool oe_unmasked = !(mx & mxcsr::OE << 7), ue_unmasked = !(mx & mxcsr::UE << 7);
    if (!(oe_unmasked && (flags & mxcsr::OE)) && !ue_unmasked) return flags;
    LaneOp lanes[4];
    const unsigned n = decompose(shape, d, s, lanes);
    uint32_t out = 0;
    for (unsigned k = 0; k < n; ++k) out |= lane_flags(mx, lanes[k], shape.dbl);
    return out;
}

}  // namespace lstar::ssefp
