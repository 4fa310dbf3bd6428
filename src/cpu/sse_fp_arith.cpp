// SSE floating-point arithmetic: ADD SUB MUL DIV MIN MAX SQRT RCP RSQRT (PS PD SS SD), the SSE3
// ADDSUB/HADD/HSUB, CMPxx, COMISx/UCOMISx, ROUNDxx and DPPS/DPPD. Each runs the host instruction
// (sse_fp_host.hpp); scalar forms keep the destination's upper lanes as the host instruction does.
#include "cpu/ops.hpp"
#include "cpu/sse_fp.hpp"
#include "cpu/sse_fp_ops.hpp"

namespace lstar {
using namespace ssefp;

namespace {
constexpr auto kCmpps = host::imm_table<host::Cmpps, 8>();
constexpr auto kCmppd = host::imm_table<host::Cmppd, 8>();
constexpr auto kCmpss = host::imm_table<host::Cmpss, 8>();
constexpr auto kCmpsd = host::imm_table<host::Cmpsd, 8>();
constexpr auto kRoundps = host::imm_table<host::Roundps, 16>();
constexpr auto kRoundpd = host::imm_table<host::Roundpd, 16>();
constexpr auto kRoundss = host::imm_table<host::Roundss, 16>();
constexpr auto kRoundsd = host::imm_table<host::Roundsd, 16>();
constexpr auto kDpps = host::imm_table<host::Dpps, 256>();
constexpr auto kDppd = host::imm_table<host::Dppd, 256>();

// Legacy-encoded compares use imm8[2:0] only (SDM Vol. 2 CMPPS; the host ignores bits 7:3).
unsigned predicate(const DecodedInsn& i) { return i.imm & 7; }
// ROUNDxx use imm8[3:0]: bit 3 suppresses PE, bit 2 picks MXCSR.RC, bits 1:0 the rounding.
unsigned rounding(const DecodedInsn& i) { return i.imm & 15; }

// COMISS/UCOMISS/COMISD/UCOMISD: ZF PF CF from the compare, OF SF AF cleared (SDM Vol. 2 COMISS).
void compare_eflags(Cpu& c, const DecodedInsn& i, host::ZpcFlags (*fn)(host::Reg, host::Reg)) {
    check_sse(c);
    const host::Reg b = to_host(read_src(c, i, 1));
    const host::Reg a = to_host(get_xmm(c, i.op[0].reg));
    host::ZpcFlags f{};
    commit(c, host_sse(host_mxcsr(c.s.mxcsr), [&] { f = fn(a, b); }));
    c.set_status(fl::ARITH, (f.zf ? fl::ZF : 0) | (f.pf ? fl::PF : 0) | (f.cf ? fl::CF : 0));
}

// DPPS/DPPD with an exception unmasked. The hardware works in steps and traps after the first
// step that raises an unmasked exception, with the flags of the steps before it (measured on
// Intel): the products of all lanes imm8[7:4] selects (+0 in the others), then the pairwise
// sums, then (DPPS) the sum of the two sums. Returns only if no step traps.
template <class E>
void dot_product_steps(Cpu& c, const V128& d, const V128& s, unsigned imm) {
    using U = std::conditional_t<sizeof(E) == 8, uint64_t, uint32_t>;
    constexpr unsigned n = V128::lanes<E>();
    const uint32_t mx = c.s.mxcsr;
    V128 x{}, y{};
    for (unsigned k = 0; k < n; ++k) {
        if (!(imm >> (4 + k) & 1)) continue;
        x.set_lane<U>(k, d.lane<U>(k));
        y.set_lane<U>(k, s.lane<U>(k));
    }
    uint32_t acc = 0;
    auto step = [&](host::Fn fn, Arith op, unsigned lanes, const V128& a, const V128& b) {
        const Computed r = compute(mx, fn, a, b);
        const uint32_t f = refine(mx, r.flags, vertical<E>(op, lanes), a, b);
        if (unmasked(mx, f)) sse_exceptions(c, acc | reported(mx, f));
        acc |= f;
        return r.v;
    };
    const V128 p = step(sizeof(E) == 8 ? host::mulpd : host::mulps, Arith::MUL, n, x, y);
    if constexpr (sizeof(E) == 8) {
        V128 hi{};
        hi.set_lane<U>(0, p.lane<U>(1));
        step(host::addsd, Arith::ADD, 1, p, hi);
    } else {
        V128 lo{}, hi{};  // (p0, p2) + (p1, p3), then the two sums
        lo.set_lane<U>(0, p.lane<U>(0)), lo.set_lane<U>(1, p.lane<U>(2));
        hi.set_lane<U>(0, p.lane<U>(1)), hi.set_lane<U>(1, p.lane<U>(3));
        const V128 q = step(host::addps, Arith::ADD, 2, lo, hi);
        V128 q1{};
        q1.set_lane<U>(0, q.lane<U>(1));
        step(host::addss, Arith::ADD, 1, q, q1);
    }
}

// DPPS/DPPD (SDM Vol. 2 DPPS): the value is the host instruction's, whose per-lane NaN choice
// differs from the SDM's pseudocode.
template <class E>
void dot_product(Cpu& c, const DecodedInsn& i, const std::array<host::Fn, 256>& table) {
    check_sse(c);
    const V128 s = read_src(c, i, 1);
    const V128 d = get_xmm(c, i.op[0].reg);
    const unsigned imm = i.imm & 0xff;
    const Computed r = compute(c.s.mxcsr, table[imm], d, s);
    if (unmasked(c.s.mxcsr, r.flags) || !(c.s.mxcsr & mxcsr::UE << 7)) dot_product_steps<E>(c, d, s, imm);
    commit(c, r.flags);
    set_xmm(c, i.op[0].reg, r.v);
}

}  // namespace

// ---- ADD SUB MUL DIV ----
void op_addps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::addps, vertical<float>(Arith::ADD, 4)); }
void op_addpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::addpd, vertical<double>(Arith::ADD, 2)); }
void op_addss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::addss, vertical<float>(Arith::ADD, 1)); }
void op_addsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::addsd, vertical<double>(Arith::ADD, 1)); }
void op_subps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::subps, vertical<float>(Arith::SUB, 4)); }
void op_subpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::subpd, vertical<double>(Arith::SUB, 2)); }
void op_subss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::subss, vertical<float>(Arith::SUB, 1)); }
void op_subsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::subsd, vertical<double>(Arith::SUB, 1)); }
void op_mulps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::mulps, vertical<float>(Arith::MUL, 4)); }
void op_mulpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::mulpd, vertical<double>(Arith::MUL, 2)); }
void op_mulss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::mulss, vertical<float>(Arith::MUL, 1)); }
void op_mulsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::mulsd, vertical<double>(Arith::MUL, 1)); }
void op_divps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::divps, vertical<float>(Arith::DIV, 4)); }
void op_divpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::divpd, vertical<double>(Arith::DIV, 2)); }
void op_divss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::divss, vertical<float>(Arith::DIV, 1)); }
void op_divsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::divsd, vertical<double>(Arith::DIV, 1)); }

// ---- SSE3: ADDSUB HADD HSUB ----
void op_addsubps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::addsubps, vertical<float>(Arith::ADDSUB, 4)); }
void op_addsubpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::addsubpd, vertical<double>(Arith::ADDSUB, 2)); }
void op_haddps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::haddps, horizontal<float>(Arith::ADD)); }
void op_haddpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::haddpd, horizontal<double>(Arith::ADD)); }
void op_hsubps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::hsubps, horizontal<float>(Arith::SUB)); }
void op_hsubpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::hsubpd, horizontal<double>(Arith::SUB)); }

// ---- MIN MAX SQRT: no overflow or underflow ----
void op_minps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::minps); }
void op_minpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::minpd); }
void op_minss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::minss); }
void op_minsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::minsd); }
void op_maxps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::maxps); }
void op_maxpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::maxpd); }
void op_maxss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::maxss); }
void op_maxsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::maxsd); }
void op_sqrtps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::sqrtps); }
void op_sqrtpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::sqrtpd); }
void op_sqrtss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::sqrtss); }
void op_sqrtsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::sqrtsd); }

// ---- RCP RSQRT: approximations that raise no exceptions ----
void op_rcpps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::rcpps); }
void op_rcpss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::rcpss); }
void op_rsqrtps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::rsqrtps); }
void op_rsqrtss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::rsqrtss); }

// ---- compares ----
void op_cmpps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kCmpps[predicate(i)]); }
void op_cmppd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kCmppd[predicate(i)]); }
void op_cmpss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kCmpss[predicate(i)]); }
void op_cmpsd_sse(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kCmpsd[predicate(i)]); }
void op_comiss(Cpu& c, const DecodedInsn& i) { compare_eflags(c, i, host::comiss); }
void op_ucomiss(Cpu& c, const DecodedInsn& i) { compare_eflags(c, i, host::ucomiss); }
void op_comisd(Cpu& c, const DecodedInsn& i) { compare_eflags(c, i, host::comisd); }
void op_ucomisd(Cpu& c, const DecodedInsn& i) { compare_eflags(c, i, host::ucomisd); }

// ---- SSE4.1: ROUND DPPS DPPD ----
void op_roundps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kRoundps[rounding(i)]); }
void op_roundpd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kRoundpd[rounding(i)]); }
void op_roundss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kRoundss[rounding(i)]); }
void op_roundsd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, kRoundsd[rounding(i)]); }
void op_dpps(Cpu& c, const DecodedInsn& i) { dot_product<float>(c, i, kDpps); }
void op_dppd(Cpu& c, const DecodedInsn& i) { dot_product<double>(c, i, kDppd); }

}  // namespace lstar
