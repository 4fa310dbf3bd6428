// XMM and MXCSR access for the SSE floating-point tests (sse_fp_*_test.cpp).
#pragma once
#include "harness.hpp"

namespace lstar::test {

inline void set_xmm32(Flat& f, unsigned n, uint32_t l0, uint32_t l1, uint32_t l2, uint32_t l3) {
    f.cpu.s.xmm[n].q[0] = l0 | static_cast<uint64_t>(l1) << 32;
    f.cpu.s.xmm[n].q[1] = l2 | static_cast<uint64_t>(l3) << 32;
}
inline uint32_t xmm32(const Flat& f, unsigned n, unsigned lane) {
    return static_cast<uint32_t>(f.cpu.s.xmm[n].q[lane / 2] >> (32 * (lane % 2)));
}
inline void set_xmm64(Flat& f, unsigned n, uint64_t lo, uint64_t hi) {
    f.cpu.s.xmm[n].q[0] = lo;
    f.cpu.s.xmm[n].q[1] = hi;
}
inline uint64_t xmm64(const Flat& f, unsigned n, unsigned lane) { return f.cpu.s.xmm[n].q[lane]; }

// MXCSR: all exceptions masked, round to nearest, plus `extra` bits; flags are bits 0..5.
constexpr uint32_t MXCSR_DEFAULT = 0x1f80;
constexpr uint32_t MX_IE = 1, MX_DE = 2, MX_ZE = 4, MX_OE = 8, MX_UE = 16, MX_PE = 32;
constexpr uint32_t MX_DAZ = 1u << 6, MX_FTZ = 1u << 15;
constexpr uint32_t MX_RD = 1u << 13, MX_RU = 2u << 13, MX_RZ = 3u << 13;
// MXCSR with the exceptions in `flags` unmasked.
constexpr uint32_t unmask(uint32_t flags) { return MXCSR_DEFAULT & ~(flags << 7); }

inline uint32_t mx_flags(const Flat& f) { return f.cpu.s.mxcsr & 0x3f; }

// Single- and double-precision bit patterns used across the tests.
constexpr uint32_t F_ONE = 0x3f800000, F_TWO = 0x40000000, F_THREE = 0x40400000, F_HALF = 0x3f000000;
constexpr uint32_t F_QNAN = 0x7fc00000, F_INDEF = 0xffc00000, F_INF = 0x7f800000;
constexpr uint64_t D_ONE = 0x3ff0000000000000ull, D_TWO = 0x4000000000000000ull;
constexpr uint64_t D_INDEF = 0xfff8000000000000ull;

}  // namespace lstar::test
