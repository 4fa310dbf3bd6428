// Integer data moves between the MMX, XMM and general-purpose registers and memory (MMX, SSE,
// SSE2, SSE3, SSE4.1): MOVD MOVQ MOVDQA MOVDQU LDDQU the non-temporal MOVNTDQ MOVNTDQA MOVNTQ,
// MASKMOVDQU MASKMOVQ MOVQ2DQ MOVDQ2Q, PMOVMSKB, PEXTR/PINSR, and EMMS. (MOVNTI is a plain GPR
// store and shares MOV's handler.)
#include "cpu/ops.hpp"
#include "cpu/sse_int.hpp"

namespace lstar {
namespace {

// The lanes' sign bits gathered into an integer, lane 0 in bit 0 (PMOVMSKB).
template <unsigned N>
uint32_t sign_mask(const V128& v) {
    uint32_t m = 0;
    for (unsigned k = 0; k < N; ++k) m |= static_cast<uint32_t>(v.b[k] >> 7) << k;
    return m;
}

// Writes v, zero-extended, to operand n: all of a 32- or 64-bit GPR, an MMX or XMM register,
// or sizeof(E) bytes of memory.
template <class E>
void write_low(Cpu& c, const DecodedInsn& i, int n, E v) {
    const Operand& o = i.op[n];
    if (o.kind == OpKind::MEM) return store_mem<E>(c, i, v);
    if (o.cls == RegClass::GPR) {
        c.s.gpr[o.reg >> 3] = v;
    } else if (o.cls == RegClass::MMX) {
        set_mm(c, o.reg, v);
    } else {
        V128 x{};
        x.set_lane<E>(0, v);
        set_xmm(c, o.reg, x);
    }
}

// MOVQ2DQ and MOVDQ2Q are SSE2 instructions that touch an MMX register: the SSE checks, then
// the pending-x87-exception check of MMX (SDM Vol. 2 MOVQ2DQ, "Numeric Exceptions").
void check_sse_mmx(const Cpu& c) {
    check_sse(c);
    if (c.s.fsw & x87::sw::ES) raise(Vec::MF);
}

}  // namespace

// MOVD (E = uint32_t), MOVQ and MOVNTQ (uint64_t), between any two of a GPR, memory, MMX and
// XMM; an XMM or MMX destination is zero-extended.
template <class E>
void op_movd(Cpu& c, const DecodedInsn& i) {
    by_width(c, i, [&](auto) { write_low<E>(c, i, 0, read_low(c, i, 1, sizeof(E)).lane<E>(0)); });
}

// MOVDQA and the non-temporal MOVNTDQ/MOVNTDQA need an aligned memory operand.
void op_movdqa(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    write_x128(c, i, 0, read_x128(c, i, 1, true), true);
}
void op_movdqu(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    write_x128(c, i, 0, read_x128(c, i, 1, false), false);
}

// MASKMOVDQU/MASKMOVQ: the bytes of operand 0 whose mask byte (operand 1) has its top bit set
// go to seg:[rDI]. Intel hardware checks the whole destination for writing whatever the mask
// (the SDM leaves it to the implementation): MASKMOVDQU as two quadwords, the upper one first,
// which decides the faulting address reported. MASKMOVQ switches to the MMX state before it
// accesses memory, so a fault finds it switched (observed on Intel hardware).
void op_maskmov(Cpu& c, const DecodedInsn& i) {
    by_width(c, i, [&]<unsigned N>(Width<N>) {
        const V128 data = read_vec<N>(c, i, 0), mask = read_vec<N>(c, i, 1);
        if constexpr (N == 8) mmx_transition(c);
        const AddrRegs regs(c, i);
        const uint64_t base = regs.get(RDI);
        for (unsigned q = N / 8; q-- > 0;)
            c.mmu.probe_write(c.linear(i.mem.seg, (base + 8 * q) & regs.mask()), 8, i.mem.seg == SS);
        for (unsigned k = 0; k < N; ++k)
            if (mask.b[k] & 0x80) c.store<uint8_t>(i.mem.seg, (base + k) & regs.mask(), data.b[k]);
    });
}

void op_movq2dq(Cpu& c, const DecodedInsn& i) {
    check_sse_mmx(c);
    write_low<uint64_t>(c, i, 0, get_mm(c, i.op[1].reg));
    mmx_transition(c);
}
void op_movdq2q(Cpu& c, const DecodedInsn& i) {
    check_sse_mmx(c);
    set_mm(c, i.op[0].reg, get_xmm(c, i.op[1].reg).lane<uint64_t>(0));
    mmx_transition(c);
}

// The destination GPR is zero-extended to 64 bits whatever its size.
void op_pmovmskb(Cpu& c, const DecodedInsn& i) {
    by_width(c, i, [&]<unsigned N>(Width<N>) {
        c.s.gpr[i.op[0].reg >> 3] = sign_mask<N>(read_vec<N>(c, i, 1));
    });
}

// PEXTRB/W/D/Q: lane imm (modulo the lane count) to a zero-extended GPR or to memory.
template <class E>
void op_pextr(Cpu& c, const DecodedInsn& i) {
    by_width(c, i, [&]<unsigned N>(Width<N>) {
        const E v = read_vec<N>(c, i, 1).template lane<E>(i.imm & (lanes<E>(N) - 1));
        write_low<E>(c, i, 0, v);
    });
}

// PINSRB/W/D/Q: the low E of a GPR, or E from memory, into lane imm (modulo the lane count).
template <class E>
void op_pinsr(Cpu& c, const DecodedInsn& i) {
    by_width(c, i, [&]<unsigned N>(Width<N>) {
        V128 v = read_vec<N>(c, i, 0);
        v.set_lane<E>(i.imm & (lanes<E>(N) - 1), read_op<E>(c, i, 1));
        write_vec<N>(c, i, 0, v);
    });
}

// EMMS marks every x87 register empty (SDM Vol. 2 EMMS). Intel hardware also clears TOP,
// which the SDM does not mention.
void op_emms(Cpu& c, const DecodedInsn&) {
    check_mmx(c);
    clear_top(c);
    c.s.ftw = 0xffff;
}

LSTAR_INSTANTIATE_ELEMENT(op_movd, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_movd, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_pextr, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pextr, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pextr, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pextr, uint64_t);
LSTAR_INSTANTIATE_ELEMENT(op_pinsr, uint8_t);
LSTAR_INSTANTIATE_ELEMENT(op_pinsr, uint16_t);
LSTAR_INSTANTIATE_ELEMENT(op_pinsr, uint32_t);
LSTAR_INSTANTIATE_ELEMENT(op_pinsr, uint64_t);

}  // namespace lstar
