// Lazy status flags. Arithmetic records what it did; CF PF AF ZF SF OF are computed only when
// something observes them. Every observer goes through materialize(), so every view is exact.
#pragma once
#include <cstdint>
#include <type_traits>

#include "state.hpp"

namespace lstar {

// What the last flag-setting operation was. NONE means `bits` already holds the flags.
enum class FlagOp : uint8_t { NONE, ADD, ADC, SUB, SBB, LOGIC, INC, DEC };

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

}  // namespace lstar
