// SSE conversions: between single and double precision, to and from packed doublewords, to and
// from general-purpose registers (CVTSI2SS ... CVTTSD2SI), and the MMX forms (CVTPI2PS ...).
// Each runs the host instruction; the MMX forms run the XMM instruction that converts the same
// lanes, with zeros (which convert exactly and raise nothing) in the lanes they do not have.
#include "cpu/ops.hpp"
#include "cpu/sse_fp_ops.hpp"

namespace lstar {
using namespace ssefp;

namespace {

constexpr Shape narrow(unsigned lanes) { return {Arith::NARROW, Layout::VERTICAL, true, lanes}; }

// CVTSI2SS/CVTSI2SD: the source is a 32- or 64-bit GPR or memory operand.
template <class I>
void int_to_scalar(Cpu& c, const DecodedInsn& i, void (*fn)(host::Reg&, I)) {
    check_sse(c);
    const I v = read_op<I>(c, i, 1);
    host::Reg d = to_host(get_xmm(c, i.op[0].reg));
    commit(c, host_sse(host_mxcsr(c.s.mxcsr), [&] { fn(d, v); }));
    set_xmm(c, i.op[0].reg, from_host(d));
}

// CVTSS2SI ... CVTTSD2SI: a 32-bit destination zero-extends into its 64-bit register.
template <class I>
void scalar_to_int(Cpu& c, const DecodedInsn& i, I (*fn)(host::Reg)) {
    check_sse(c);
    const host::Reg s = to_host(read_src(c, i, 1));
    I r = 0;
    commit(c, host_sse(host_mxcsr(c.s.mxcsr), [&] { r = fn(s); }));
    set_reg<I>(c, i.op[0].reg, r);
}

// CVTPI2PS/CVTPI2PD: two doublewords from an MMX register or memory. Only the register form
// involves the x87 unit (a pending #MF, then MMX mode); the memory form runs in the SSE unit.
V128 read_mmx_source(Cpu& c, const DecodedInsn& i) {
    V128 s{};
    if (i.op[1].kind == OpKind::REG) {
        check_mmx_pending(c);
        s.set_lane<uint64_t>(0, get_mm(c, i.op[1].reg));
        mmx_transition(c);
    } else {
        s.set_lane<uint64_t>(0, load_mem<uint64_t>(c, i));
    }
    return s;
}

// CVTPI2PS keeps the destination's upper quadword; CVTPI2PD writes all of it.
void mmx_to_xmm(Cpu& c, const DecodedInsn& i, host::Fn fn, bool keep_upper) {
    check_sse(c);
    const V128 s = read_mmx_source(c, i);
    V128 d = get_xmm(c, i.op[0].reg);
    const Computed r = compute(c.s.mxcsr, fn, V128{}, s);
    commit(c, r.flags);
    d.set_lane<uint64_t>(0, r.v.lane<uint64_t>(0));
    if (!keep_upper) d.set_lane<uint64_t>(1, r.v.lane<uint64_t>(1));
    set_xmm(c, i.op[0].reg, d);
}

// CVTPS2PI/CVTTPS2PI (xmm/m64) and CVTPD2PI/CVTTPD2PI (xmm/m128): two doublewords into an MMX
// register. The MMX-mode switch comes before the instruction's own #XM (measured on Intel).
void xmm_to_mmx(Cpu& c, const DecodedInsn& i, host::Fn fn, bool from_doubles) {
    check_sse(c);
    check_mmx_pending(c);
    V128 s = read_src(c, i, 1);
    if (!from_doubles) s.set_lane<uint64_t>(1, 0);  // only two singles are converted
    mmx_transition(c);
    const Computed r = compute(c.s.mxcsr, fn, V128{}, s);
    commit(c, r.flags);
    set_mm(c, i.op[0].reg, r.v.lane<uint64_t>(0));
}

}  // namespace

// ---- between single and double precision ----
void op_cvtss2sd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtss2sd); }
void op_cvtsd2ss(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtsd2ss, narrow(1)); }
void op_cvtps2pd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtps2pd); }
void op_cvtpd2ps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtpd2ps, narrow(2)); }

// ---- packed doublewords ----
void op_cvtdq2ps(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtdq2ps); }
void op_cvtps2dq(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtps2dq); }
void op_cvttps2dq(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvttps2dq); }
void op_cvtdq2pd(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtdq2pd); }
void op_cvtpd2dq(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvtpd2dq); }
void op_cvttpd2dq(Cpu& c, const DecodedInsn& i) { xmm_op(c, i, host::cvttpd2dq); }

// ---- general-purpose registers ----
void op_cvtsi2ss(Cpu& c, const DecodedInsn& i) {
    if (i.op[1].size == 8) int_to_scalar<int64_t>(c, i, host::cvtsi2ss<int64_t>);
    else int_to_scalar<int32_t>(c, i, host::cvtsi2ss<int32_t>);
}
void op_cvtsi2sd(Cpu& c, const DecodedInsn& i) {
    if (i.op[1].size == 8) int_to_scalar<int64_t>(c, i, host::cvtsi2sd<int64_t>);
    else int_to_scalar<int32_t>(c, i, host::cvtsi2sd<int32_t>);
}
void op_cvtss2si(Cpu& c, const DecodedInsn& i) {
    if (i.op[0].size == 8) scalar_to_int<int64_t>(c, i, host::cvtss2si<int64_t>);
    else scalar_to_int<int32_t>(c, i, host::cvtss2si<int32_t>);
}
void op_cvttss2si(Cpu& c, const DecodedInsn& i) {
    if (i.op[0].size == 8) scalar_to_int<int64_t>(c, i, host::cvttss2si<int64_t>);
    else scalar_to_int<int32_t>(c, i, host::cvttss2si<int32_t>);
}
void op_cvtsd2si(Cpu& c, const DecodedInsn& i) {
    if (i.op[0].size == 8) scalar_to_int<int64_t>(c, i, host::cvtsd2si<int64_t>);
    else scalar_to_int<int32_t>(c, i, host::cvtsd2si<int32_t>);
}
void op_cvttsd2si(Cpu& c, const DecodedInsn& i) {
    if (i.op[0].size == 8) scalar_to_int<int64_t>(c, i, host::cvttsd2si<int64_t>);
    else scalar_to_int<int32_t>(c, i, host::cvttsd2si<int32_t>);
}

// ---- MMX registers ----
void op_cvtpi2ps(Cpu& c, const DecodedInsn& i) { mmx_to_xmm(c, i, host::cvtdq2ps, true); }
void op_cvtpi2pd(Cpu& c, const DecodedInsn& i) { mmx_to_xmm(c, i, host::cvtdq2pd, false); }
void op_cvtps2pi(Cpu& c, const DecodedInsn& i) { xmm_to_mmx(c, i, host::cvtps2dq, false); }
void op_cvttps2pi(Cpu& c, const DecodedInsn& i) { xmm_to_mmx(c, i, host::cvttps2dq, false); }
void op_cvtpd2pi(Cpu& c, const DecodedInsn& i) { xmm_to_mmx(c, i, host::cvtpd2dq, true); }
void op_cvttpd2pi(Cpu& c, const DecodedInsn& i) { xmm_to_mmx(c, i, host::cvttpd2dq, true); }

}  // namespace lstar
