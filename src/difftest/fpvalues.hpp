// Random floating-point values for the generator, weighted towards the ones that break FP
// arithmetic: ±0, denormals, ±inf, quiet and signalling NaNs with payloads, the default NaN,
// ±max and ±min normal, 1.0 and its neighbours, integers and halves (rounding boundaries),
// the edges of the integer conversions, and for the x87 the encodings only it has
// (pseudo-denormals, unnormals, pseudo-NaNs).
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>

#include "difftest/case.hpp"
#include "difftest/values.hpp"

namespace lstar::difftest {

// Values that are exact, or nearly so, in every format: rounding and conversion edges.
inline constexpr double kFpEdges[] = {
    0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.25, 0.75, 1.0 / 3, 2.0 / 3, 10, 100, 1e10, 1e-10,
    3.141592653589793, 1.5707963267948966, 0.7853981633974483, 6.283185307179586, 2.356194490192345,
    0.29, -0.29, 0.999, 1.001, 1.4142135623730951, 2.718281828459045,
    32767, 32767.5, 32768, -32768, -32768.5, 65535, 65536,
    2147483647, 2147483647.5, 2147483648.0, -2147483648.0, -2147483648.5, -2147483649.0, 4294967295.0, 4294967296.0,
    9223372036854775807.0, 9223372036854775808.0, -9223372036854775808.0, 18446744073709551616.0,
    1e18, 999999999999999999.0, -1e18, 4503599627370496.0, 4503599627370497.0, 8388608, 8388609,
};

// An IEEE binary value of type F (float or double), as its bits.
template <class F>
auto special_ieee(Rng& r) {
    using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
    constexpr unsigned MAN = sizeof(F) == 4 ? 23 : 52;
    constexpr unsigned EXP = sizeof(F) * 8 - 1 - MAN;
    constexpr U mmask = (U{1} << MAN) - 1, emax = (U{1} << EXP) - 1, bias = emax >> 1, quiet = U{1} << (MAN - 1);
    auto make = [&](bool s, U e, U m) { return static_cast<U>((U{s} << (EXP + MAN)) | (e << MAN) | (m & mmask)); };
    const bool s = r.chance(50);
    const U rnd = static_cast<U>(r.next());
    switch (r.below(32)) {
    case 0:
    case 1: return make(s, 0, 0);                                    // ±0
    case 2: return make(s, 0, 1);                                    // the smallest denormal
    case 3: return make(s, 0, mmask);                                // the largest denormal
    case 4: return make(s, 0, rnd | (U{1} << r.below(MAN)));         // a denormal
    case 5:
    case 6: return make(s, emax, 0);                                 // ±inf
    case 7: return make(1, emax, quiet);                             // the default NaN
    case 8: return make(s, emax, quiet | rnd);                       // a QNaN with a payload
    case 9:
    case 10: return make(s, emax, ((rnd & (quiet - 1)) | (U{1} << r.below(MAN - 1))));  // an SNaN
    case 11: return make(s, emax - 1, mmask);                        // ±max
    case 12: return make(s, 1, 0);                                   // ±min normal
    case 13: return make(s, 1 + r.below(3), rnd);                    // just above the denormals
    case 14: return make(s, emax - 1 - r.below(3), rnd);             // near overflow
    case 15: return make(s, bias, r.below(4));                       // 1.0 and the next few
    case 16: return make(s, bias - 1, mmask - r.below(4));           // just below 1.0
    case 17: return make(s, 1 + r.below(emax - 1), 0);               // a power of two
    case 18:
    case 19: return std::bit_cast<U>(static_cast<F>(static_cast<int>(r.below(201)) - 100));  // small integers
    case 20:
    case 21: return std::bit_cast<U>(static_cast<F>(kFpEdges[r.below(std::size(kFpEdges))] * (s ? -1 : 1)));
    case 22: return make(s, bias - 24 + r.below(48), rnd & ~((U{1} << (MAN - 8)) - 1));  // short mantissas
    case 23:
    case 24:
    case 25:
    case 26:
    case 27: return make(s, bias - 20 + r.below(40), rnd);           // ordinary numbers
    default: return rnd;                                             // anything
    }
}

inline F80 f80_from(long double v) {
    F80 x;
    std::memcpy(&x.mant, &v, 8);
    std::memcpy(&x.se, reinterpret_cast<const uint8_t*>(&v) + 8, 2);
    return x;
}

// An x87 extended value.
inline F80 special_f80(Rng& r) {
    constexpr uint64_t J = 1ull << 63, Q = 1ull << 62;
    constexpr uint16_t EMAX = 0x7fff, BIAS = 0x3fff;
    const uint16_t s = r.chance(50) ? 0x8000 : 0;
    const uint64_t rnd = r.next();
    auto make = [&](uint16_t e, uint64_t m) { return F80{m, static_cast<uint16_t>(s | e)}; };
    switch (r.below(36)) {
    case 0:
    case 1: return make(0, 0);                                   // ±0
    case 2: return make(0, 1 + (rnd & (J - 2)));                 // a denormal
    case 3: return make(0, J | rnd);                             // a pseudo-denormal
    case 4: return make(static_cast<uint16_t>(1 + r.below(EMAX - 1)), rnd & ~J);  // an unnormal
    case 5:
    case 6: return make(EMAX, J);                                // ±inf
    case 7: return F80{J | Q, 0xffff};                           // the real indefinite
    case 8: return make(EMAX, J | Q | rnd);                      // a QNaN with a payload
    case 9:
    case 10: return make(EMAX, J | (rnd & (Q - 1)) | (1ull << r.below(62)));  // an SNaN
    case 11: return make(EMAX, rnd & ~J);                        // a pseudo-NaN or pseudo-infinity
    case 12: return make(EMAX - 1, ~0ull);                       // ±max
    case 13: return make(1, J);                                  // ±min normal
    case 14: return make(static_cast<uint16_t>(1 + r.below(64)), J | rnd);        // tiny
    case 15: return make(static_cast<uint16_t>(EMAX - 1 - r.below(64)), J | rnd); // huge
    case 16: return make(BIAS, J | r.below(4));                  // 1.0 and the next few
    case 17: return make(0x4000, 0xc90fdaa22168c235ull - 2 + r.below(5));  // π and its neighbours
    case 18:
    case 19: return f80_from(static_cast<long double>(static_cast<int>(r.below(201)) - 100) * (s ? -1 : 1));
    case 20:
    case 21:
    case 22: return f80_from(static_cast<long double>(kFpEdges[r.below(std::size(kFpEdges))]) * (s ? -1 : 1));
    case 23: return make(static_cast<uint16_t>(BIAS + 62 + r.below(3)), J | (r.chance(50) ? 0 : rnd));  // near 2^63
    case 24: return make(static_cast<uint16_t>(BIAS - 70 + r.below(140)), J | (rnd & ~0xffffffffffull));  // short mantissas
    case 25:
    case 26:
    case 27:
    case 28:
    case 29:
    case 30: return make(static_cast<uint16_t>(BIAS - 20 + r.below(40)), J | rnd);  // ordinary numbers
    default: return F80{rnd, static_cast<uint16_t>(r.next())};  // anything
    }
}

// Packed BCD for FBLD: mostly valid digits, sometimes a digit above 9.
inline void special_bcd(Rng& r, uint8_t* p) {
    const bool valid = r.chance(85);
    const unsigned digits = r.chance(30) ? 18 : static_cast<unsigned>(r.below(19));
    for (unsigned i = 0; i < 9; ++i) {
        uint8_t lo = static_cast<uint8_t>(2 * i < digits ? r.below(10) : 0);
        uint8_t hi = static_cast<uint8_t>(2 * i + 1 < digits ? r.below(10) : 0);
        if (!valid && r.chance(20)) (r.chance(50) ? lo : hi) = static_cast<uint8_t>(10 + r.below(6));
        p[i] = static_cast<uint8_t>(lo | hi << 4);
    }
    p[9] = r.chance(50) ? 0x80 : 0x00;
    if (r.chance(10)) p[9] |= static_cast<uint8_t>(r.below(128));  // bits the FPU ignores
}

// Fills `bytes` bytes at `p` with lanes of type `e`.
inline void fill_lanes(Rng& r, uint8_t* p, unsigned bytes, Elem e) {
    auto put = [&](unsigned at, auto v) { std::memcpy(p + at, &v, sizeof v); };
    switch (e) {
    case Elem::F32:
        for (unsigned i = 0; i + 4 <= bytes; i += 4) put(i, special_ieee<float>(r));
        return;
    case Elem::F64:
        for (unsigned i = 0; i + 8 <= bytes; i += 8) put(i, special_ieee<double>(r));
        return;
    case Elem::F80:
        if (bytes >= 10) {
            const F80 v = special_f80(r);
            put(0, v.mant), put(8, v.se);
        }
        return;
    case Elem::BCD:
        if (bytes >= 10) special_bcd(r, p);
        return;
    case Elem::I8:
    case Elem::I16:
    case Elem::I32:
    case Elem::I64: {
        const unsigned lane = e == Elem::I8 ? 1 : e == Elem::I16 ? 2 : e == Elem::I32 ? 4 : 8;
        const unsigned w = bytes < lane ? bytes : lane;  // a scalar narrower than the lane
        for (unsigned i = 0; i + w <= bytes; i += w) {
            const uint64_t v = special(r, w);
            std::memcpy(p + i, &v, w);
        }
        return;
    }
    case Elem::NONE:
        for (unsigned i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(r.next());
        return;
    }
}

}  // namespace lstar::difftest
