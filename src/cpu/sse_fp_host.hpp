// The host SSE instructions behind lstar's SSE floating point. The host is x86-64 and the
// differential tester's reference, so each guest instruction runs the same host instruction on
// register operands: results, NaN propagation, DAZ/FTZ and exception flags are the hardware's.
//
// Every wrapper is one `asm volatile` statement. GCC keeps volatile asm in order with the
// LDMXCSR/STMXCSR of host_sse() (simd.hpp), so the arithmetic runs under the guest's MXCSR;
// plain C++ or intrinsics could be moved across the switch or folded under the default rounding.
#pragma once
#include <array>
#include <cstdint>
#include <utility>

namespace lstar::host {

// An XMM register's 128 bits in a host register. (__m128i would do, but its may_alias
// attribute is dropped, with a warning, from the function pointers kept in tables below.)
typedef long long Reg __attribute__((vector_size(16)));

// d = d OP s: the destination register and the source register (or the memory operand's bytes).
using Fn = void (*)(Reg& d, Reg s);

// ---- arithmetic (SDM Vol. 2 ADDPS ... DIVSD) ----
inline void addps(Reg& d, Reg s) { asm volatile("addps %1, %0" : "+x"(d) : "x"(s)); }
inline void addpd(Reg& d, Reg s) { asm volatile("addpd %1, %0" : "+x"(d) : "x"(s)); }
inline void addss(Reg& d, Reg s) { asm volatile("addss %1, %0" : "+x"(d) : "x"(s)); }
inline void addsd(Reg& d, Reg s) { asm volatile("addsd %1, %0" : "+x"(d) : "x"(s)); }
inline void subps(Reg& d, Reg s) { asm volatile("subps %1, %0" : "+x"(d) : "x"(s)); }
inline void subpd(Reg& d, Reg s) { asm volatile("subpd %1, %0" : "+x"(d) : "x"(s)); }
inline void subss(Reg& d, Reg s) { asm volatile("subss %1, %0" : "+x"(d) : "x"(s)); }
inline void subsd(Reg& d, Reg s) { asm volatile("subsd %1, %0" : "+x"(d) : "x"(s)); }
inline void mulps(Reg& d, Reg s) { asm volatile("mulps %1, %0" : "+x"(d) : "x"(s)); }
inline void mulpd(Reg& d, Reg s) { asm volatile("mulpd %1, %0" : "+x"(d) : "x"(s)); }
inline void mulss(Reg& d, Reg s) { asm volatile("mulss %1, %0" : "+x"(d) : "x"(s)); }
inline void mulsd(Reg& d, Reg s) { asm volatile("mulsd %1, %0" : "+x"(d) : "x"(s)); }
inline void divps(Reg& d, Reg s) { asm volatile("divps %1, %0" : "+x"(d) : "x"(s)); }
inline void divpd(Reg& d, Reg s) { asm volatile("divpd %1, %0" : "+x"(d) : "x"(s)); }
inline void divss(Reg& d, Reg s) { asm volatile("divss %1, %0" : "+x"(d) : "x"(s)); }
inline void divsd(Reg& d, Reg s) { asm volatile("divsd %1, %0" : "+x"(d) : "x"(s)); }
inline void minps(Reg& d, Reg s) { asm volatile("minps %1, %0" : "+x"(d) : "x"(s)); }
inline void minpd(Reg& d, Reg s) { asm volatile("minpd %1, %0" : "+x"(d) : "x"(s)); }
inline void minss(Reg& d, Reg s) { asm volatile("minss %1, %0" : "+x"(d) : "x"(s)); }
inline void minsd(Reg& d, Reg s) { asm volatile("minsd %1, %0" : "+x"(d) : "x"(s)); }
inline void maxps(Reg& d, Reg s) { asm volatile("maxps %1, %0" : "+x"(d) : "x"(s)); }
inline void maxpd(Reg& d, Reg s) { asm volatile("maxpd %1, %0" : "+x"(d) : "x"(s)); }
inline void maxss(Reg& d, Reg s) { asm volatile("maxss %1, %0" : "+x"(d) : "x"(s)); }
inline void maxsd(Reg& d, Reg s) { asm volatile("maxsd %1, %0" : "+x"(d) : "x"(s)); }
inline void sqrtps(Reg& d, Reg s) { asm volatile("sqrtps %1, %0" : "+x"(d) : "x"(s)); }
inline void sqrtpd(Reg& d, Reg s) { asm volatile("sqrtpd %1, %0" : "+x"(d) : "x"(s)); }
inline void sqrtss(Reg& d, Reg s) { asm volatile("sqrtss %1, %0" : "+x"(d) : "x"(s)); }
inline void sqrtsd(Reg& d, Reg s) { asm volatile("sqrtsd %1, %0" : "+x"(d) : "x"(s)); }
// Approximations: their exact bits are the host model's, which is what the tester compares.
inline void rcpps(Reg& d, Reg s) { asm volatile("rcpps %1, %0" : "+x"(d) : "x"(s)); }
inline void rcpss(Reg& d, Reg s) { asm volatile("rcpss %1, %0" : "+x"(d) : "x"(s)); }
inline void rsqrtps(Reg& d, Reg s) { asm volatile("rsqrtps %1, %0" : "+x"(d) : "x"(s)); }
inline void rsqrtss(Reg& d, Reg s) { asm volatile("rsqrtss %1, %0" : "+x"(d) : "x"(s)); }

// ---- SSE3 horizontal and alternating arithmetic ----
inline void addsubps(Reg& d, Reg s) { asm volatile("addsubps %1, %0" : "+x"(d) : "x"(s)); }
inline void addsubpd(Reg& d, Reg s) { asm volatile("addsubpd %1, %0" : "+x"(d) : "x"(s)); }
inline void haddps(Reg& d, Reg s) { asm volatile("haddps %1, %0" : "+x"(d) : "x"(s)); }
inline void haddpd(Reg& d, Reg s) { asm volatile("haddpd %1, %0" : "+x"(d) : "x"(s)); }
inline void hsubps(Reg& d, Reg s) { asm volatile("hsubps %1, %0" : "+x"(d) : "x"(s)); }
inline void hsubpd(Reg& d, Reg s) { asm volatile("hsubpd %1, %0" : "+x"(d) : "x"(s)); }

// ---- conversions between floating-point formats and packed doublewords ----
inline void cvtss2sd(Reg& d, Reg s) { asm volatile("cvtss2sd %1, %0" : "+x"(d) : "x"(s)); }
inline void cvtsd2ss(Reg& d, Reg s) { asm volatile("cvtsd2ss %1, %0" : "+x"(d) : "x"(s)); }
inline void cvtps2pd(Reg& d, Reg s) { asm volatile("cvtps2pd %1, %0" : "+x"(d) : "x"(s)); }
inline void cvtpd2ps(Reg& d, Reg s) { asm volatile("cvtpd2ps %1, %0" : "+x"(d) : "x"(s)); }
inline void cvtdq2ps(Reg& d, Reg s) { asm volatile("cvtdq2ps %1, %0" : "+x"(d) : "x"(s)); }
inline void cvtps2dq(Reg& d, Reg s) { asm volatile("cvtps2dq %1, %0" : "+x"(d) : "x"(s)); }
inline void cvttps2dq(Reg& d, Reg s) { asm volatile("cvttps2dq %1, %0" : "+x"(d) : "x"(s)); }
inline void cvtdq2pd(Reg& d, Reg s) { asm volatile("cvtdq2pd %1, %0" : "+x"(d) : "x"(s)); }
inline void cvtpd2dq(Reg& d, Reg s) { asm volatile("cvtpd2dq %1, %0" : "+x"(d) : "x"(s)); }
inline void cvttpd2dq(Reg& d, Reg s) { asm volatile("cvttpd2dq %1, %0" : "+x"(d) : "x"(s)); }

// Integer to scalar: I is int32_t or int64_t, which picks the 32- or 64-bit source form.
template <class I>
void cvtsi2ss(Reg& d, I v) {
    if constexpr (sizeof(I) == 4) asm volatile("cvtsi2ssl %1, %0" : "+x"(d) : "r"(v));
    else asm volatile("cvtsi2ssq %1, %0" : "+x"(d) : "r"(v));
}
template <class I>
void cvtsi2sd(Reg& d, I v) {
    if constexpr (sizeof(I) == 4) asm volatile("cvtsi2sdl %1, %0" : "+x"(d) : "r"(v));
    else asm volatile("cvtsi2sdq %1, %0" : "+x"(d) : "r"(v));
}
// Scalar to integer: the width of I picks the 32- or 64-bit destination form.
template <class I>
I cvtss2si(Reg s) { I r; asm volatile("cvtss2si %1, %0" : "=r"(r) : "x"(s)); return r; }
template <class I>
I cvttss2si(Reg s) { I r; asm volatile("cvttss2si %1, %0" : "=r"(r) : "x"(s)); return r; }
template <class I>
I cvtsd2si(Reg s) { I r; asm volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(s)); return r; }
template <class I>
I cvttsd2si(Reg s) { I r; asm volatile("cvttsd2si %1, %0" : "=r"(r) : "x"(s)); return r; }

// ---- ordered and unordered compares into EFLAGS: returns ZF PF CF in their RFLAGS bits ----
struct ZpcFlags { uint8_t zf, pf, cf; };
inline ZpcFlags comiss(Reg a, Reg b) {
    ZpcFlags f;
    asm volatile("comiss %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                 : "=q"(f.zf), "=q"(f.pf), "=q"(f.cf) : "x"(b), "x"(a) : "cc");
    return f;
}
inline ZpcFlags ucomiss(Reg a, Reg b) {
    ZpcFlags f;
    asm volatile("ucomiss %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                 : "=q"(f.zf), "=q"(f.pf), "=q"(f.cf) : "x"(b), "x"(a) : "cc");
    return f;
}
inline ZpcFlags comisd(Reg a, Reg b) {
    ZpcFlags f;
    asm volatile("comisd %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                 : "=q"(f.zf), "=q"(f.pf), "=q"(f.cf) : "x"(b), "x"(a) : "cc");
    return f;
}
inline ZpcFlags ucomisd(Reg a, Reg b) {
    ZpcFlags f;
    asm volatile("ucomisd %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                 : "=q"(f.zf), "=q"(f.pf), "=q"(f.cf) : "x"(b), "x"(a) : "cc");
    return f;
}

// ---- instructions with an immediate: one wrapper per immediate value, in a table ----
template <int IMM>
struct Cmpps {
    static void run(Reg& d, Reg s) { asm volatile("cmpps %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Cmppd {
    static void run(Reg& d, Reg s) { asm volatile("cmppd %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Cmpss {
    static void run(Reg& d, Reg s) { asm volatile("cmpss %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Cmpsd {
    static void run(Reg& d, Reg s) { asm volatile("cmpsd %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Roundps {
    static void run(Reg& d, Reg s) { asm volatile("roundps %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Roundpd {
    static void run(Reg& d, Reg s) { asm volatile("roundpd %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Roundss {
    static void run(Reg& d, Reg s) { asm volatile("roundss %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Roundsd {
    static void run(Reg& d, Reg s) { asm volatile("roundsd %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Dpps {
    static void run(Reg& d, Reg s) { asm volatile("dpps %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};
template <int IMM>
struct Dppd {
    static void run(Reg& d, Reg s) { asm volatile("dppd %2, %1, %0" : "+x"(d) : "x"(s), "i"(IMM)); }
};

template <template <int> class Op, size_t... K>
constexpr std::array<Fn, sizeof...(K)> imm_table(std::index_sequence<K...>) {
    return {Op<static_cast<int>(K)>::run...};
}
// The wrappers of Op for immediates 0 .. N-1.
template <template <int> class Op, size_t N>
constexpr std::array<Fn, N> imm_table() { return imm_table<Op>(std::make_index_sequence<N>{}); }

}  // namespace lstar::host
