// Helpers for the packed-integer tests (sse_int_*_test.cpp): 128-bit values built from lanes,
// and access to the XMM and MMX registers of a Flat machine.
#pragma once
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <ostream>

#include "harness.hpp"

namespace lstar::test {

// A 128-bit value; lane 0 is the least significant.
struct X {
    uint64_t lo = 0, hi = 0;
    bool operator==(const X&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const X& x) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%016llx:%016llx", static_cast<unsigned long long>(x.hi),
                  static_cast<unsigned long long>(x.lo));
    return os << buf;
}

// X from lanes of type E, lane 0 first; missing lanes are zero.
template <class E>
X lanes(std::initializer_list<E> v) {
    uint8_t b[16] = {};
    unsigned k = 0;
    for (E e : v) std::memcpy(b + sizeof(E) * k++, &e, sizeof(E));
    X x;
    std::memcpy(&x.lo, b, 8);
    std::memcpy(&x.hi, b + 8, 8);
    return x;
}
inline X bytes(std::initializer_list<uint8_t> v) { return lanes<uint8_t>(v); }
inline X words(std::initializer_list<uint16_t> v) { return lanes<uint16_t>(v); }
inline X dwords(std::initializer_list<uint32_t> v) { return lanes<uint32_t>(v); }

inline X xmm(const Flat& f, unsigned n) { return {f.cpu.s.xmm[n].q[0], f.cpu.s.xmm[n].q[1]}; }
inline void put_xmm(Flat& f, unsigned n, X x) { f.cpu.s.xmm[n].q[0] = x.lo, f.cpu.s.xmm[n].q[1] = x.hi; }
inline uint64_t mm(const Flat& f, unsigned n) { return f.cpu.s.st[n].mantissa; }
inline void put_mm(Flat& f, unsigned n, uint64_t v) { f.cpu.s.st[n].mantissa = v; }
inline void put_mem(Flat& f, uint64_t la, X x) {
    f.poke<uint64_t>(la, x.lo);
    f.poke<uint64_t>(la + 8, x.hi);
}
inline X mem128(Flat& f, uint64_t la) { return {f.mem<uint64_t>(la), f.mem<uint64_t>(la + 8)}; }

// Runs a two-operand XMM instruction on xmm1 = a, xmm2 = b; returns xmm1.
inline X run_xx(std::initializer_list<uint8_t> code, X a, X b) {
    Flat f;
    put_xmm(f, 1, a);
    put_xmm(f, 2, b);
    const StopInfo s = f.exec(code);
    if (!Flat::ok(s)) return {0xdeaddeaddeaddeadull, 0xdeaddeaddeaddeadull};
    return xmm(f, 1);
}
// The same for an MMX instruction on mm1 = a, mm2 = b; returns mm1.
inline uint64_t run_mm(std::initializer_list<uint8_t> code, uint64_t a, uint64_t b) {
    Flat f;
    put_mm(f, 1, a);
    put_mm(f, 2, b);
    const StopInfo s = f.exec(code);
    if (!Flat::ok(s)) return 0xdeaddeaddeaddeadull;
    return mm(f, 1);
}

}  // namespace lstar::test
