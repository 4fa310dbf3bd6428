// Lazy status flags. Arithmetic records what it did; CF PF AF ZF SF OF are computed only when
// something observes them. Every observer goes through materialize(), so every view is exact.
#pragma once
#include <cstdint>
#include <type_traits>

#include "state.hpp"

namespace lstar {

// What the last flag-setting operation was. NONE means `bits` already holds the flags.
// SHL/SHR/SAR record the operand in `dst` and the masked, nonzero count in `src`.
enum class FlagOp : uint8_t { NONE, ADD, ADC, SUB, SBB, LOGIC, INC, DEC, SHL, SHR, SAR };

struct LazyFlags {
    uint64_t dst = 0;    // first source (the destination's old value)
    uint64_t src = 0;    // second source
    uint64_t res = 0;    // result, truncated to the width
    uint64_t bits = 0;   // materialized status flags when op == NONE; carry-in for ADC/SBB; old CF for INC/DEC
    FlagOp op = FlagOp::NONE;
    uint8_t size = 8;    // operand width in bytes
};

inline uint64_t parity_flag(uint64_t res) {
    return (__builtin_parity(static_cast<uint8_t>(res)) ? 0 : fl::PF);
}

template <class T>
constexpr uint64_t sign_bit() { return uint64_t{1} << (sizeof(T) * 8 - 1); }

// Computes the six status flags for a recorded operation of width T.
template <class T>
uint64_t compute_flags(const LazyFlags& f) {
    const T d = static_cast<T>(f.dst), s = static_cast<T>(f.src), r = static_cast<T>(f.res);
    constexpr T msb = static_cast<T>(sign_bit<T>());
    uint64_t out = parity_flag(r);
    if (r == 0) out |= fl::ZF;
    if (r & msb) out |= fl::SF;
    switch (f.op) {
    case FlagOp::ADD:
    case FlagOp::ADC:
        if (r < d || (f.op == FlagOp::ADC && f.bits && r == d)) out |= fl::CF;
        if ((d ^ r) & (s ^ r) & msb) out |= fl::OF;
        out |= (d ^ s ^ r) & fl::AF;
        break;
    case FlagOp::SUB:
    case FlagOp::SBB:
        if (d < s || (f.op == FlagOp::SBB && f.bits && d == s)) out |= fl::CF;
        if ((d ^ s) & (d ^ r) & msb) out |= fl::OF;
        out |= (d ^ s ^ r) & fl::AF;
        break;
    case FlagOp::LOGIC:
        break;  // CF = OF = 0; AF undefined, we give 0 as Intel hardware does
    case FlagOp::INC:
        out |= f.bits & fl::CF;
        if (r == msb) out |= fl::OF;
        if ((r & 0xf) == 0) out |= fl::AF;
        break;
    case FlagOp::DEC:
        out |= f.bits & fl::CF;
        if (r == static_cast<T>(msb - 1)) out |= fl::OF;
        if ((r & 0xf) == 0xf) out |= fl::AF;
        break;
    // Shifts: CF is the last bit shifted out (0 once the count passes the width); OF is the
    // count-1 formula applied to the first step, whatever the count, and AF is 0, as Intel
    // hardware gives them (shift.cpp).
    case FlagOp::SHL: {
        constexpr uint64_t w = sizeof(T) * 8;
        const uint64_t n = f.src;
        if (n <= w && ((f.dst >> (w - n)) & 1)) out |= fl::CF;
        if (((d >> (w - 1)) ^ (d >> (w - 2))) & 1) out |= fl::OF;
        break;
    }
    case FlagOp::SHR: {
        constexpr uint64_t w = sizeof(T) * 8;
        const uint64_t n = f.src;
        if (n <= w && ((f.dst >> (n - 1)) & 1)) out |= fl::CF;
        if (d & msb) out |= fl::OF;
        break;
    }
    case FlagOp::SAR: {
        constexpr uint64_t w = sizeof(T) * 8;
        const uint64_t n = f.src;
        if ((f.dst >> (n <= w ? n - 1 : w - 1)) & 1) out |= fl::CF;
        break;
    }
    case FlagOp::NONE:
        return f.bits;
    }
    return out;
}

// A record of a lazily evaluated operation, for pure algorithms that return their flags.
template <class T>
LazyFlags record(FlagOp op, T dst, T src, T res, uint64_t extra = 0) {
    return LazyFlags{dst, src, res, extra, op, sizeof(T)};
}

inline uint64_t compute_flags(const LazyFlags& f) {
    switch (f.size) {
    case 1: return compute_flags<uint8_t>(f);
    case 2: return compute_flags<uint16_t>(f);
    case 4: return compute_flags<uint32_t>(f);
    default: return compute_flags<uint64_t>(f);
    }
}

// Condition code cc (SDM Vol. 2 Table B-10) straight from the record of a CMP/SUB or a logic
// operation, the usual producers for Jcc, SETcc and CMOVcc, without building RFLAGS. Returns
// -1 for other records. Values are moved to the top of a 64-bit word, where unsigned and signed
// comparisons order them as the narrower type would.
[[gnu::always_inline]] inline int fast_condition(const LazyFlags& f, uint8_t cc) {
    const unsigned sh = 64 - 8 * f.size;
    bool r;
    if (f.op == FlagOp::SUB) {
        const uint64_t d = f.dst << sh, s = f.src << sh;
        switch (cc >> 1) {
        case 1: r = d < s; break;                                                 // B
        case 2: r = d == s; break;                                                // Z
        case 3: r = d <= s; break;                                                // BE
        case 4: r = static_cast<int64_t>(d - s) < 0; break;                      // S
        case 6: r = static_cast<int64_t>(d) < static_cast<int64_t>(s); break;    // L
        case 7: r = static_cast<int64_t>(d) <= static_cast<int64_t>(s); break;   // LE
        default: return -1;                                                       // O, P
        }
    } else if (f.op == FlagOp::LOGIC) {
        const int64_t v = static_cast<int64_t>(f.res << sh);
        switch (cc >> 1) {
        case 0: case 1: r = false; break;  // O, B: cleared
        case 2: case 3: r = v == 0; break;  // Z, BE
        case 4: case 6: r = v < 0; break;   // S, L (OF = 0)
        case 7: r = v <= 0; break;          // LE
        default: return -1;                 // P
        }
    } else {
        return -1;
    }
    return (cc & 1) ? !r : r;
}

}  // namespace lstar
