// SSE floating-point data movement, none of which raises a floating-point exception: moves,
// the bitwise logic (ANDPS ...), shuffles and unpacks, blends, INSERTPS/EXTRACTPS, MOVMSKPx,
// and LDMXCSR/STMXCSR. Elements are moved as integers of their width, so NaNs pass untouched.
#include "cpu/ops.hpp"
#include "cpu/sse_fp.hpp"
#include "cpu/sse_fp_ops.hpp"

namespace lstar {
using namespace ssefp;

namespace {


// MOVAPS MOVUPS MOVAPD MOVUPD MOVNTPS MOVNTPD: 128 bits, register or memory on either side.
void move128(Cpu& c, const DecodedInsn& i, bool aligned) {
    check_sse(c);
    write_x128(c, i, 0, read_x128(c, i, 1, aligned), aligned);
}

// MOVSS/MOVSD: a load clears the rest of the register, a register move keeps it.
template <class U>
void move_scalar(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    if (i.op[0].kind == OpKind::MEM) return store_mem<U>(c, i, get_xmm(c, i.op[1].reg).lane<U>(0));
    const bool load = i.op[1].kind == OpKind::MEM;
    const U v = load ? load_mem<U>(c, i) : get_xmm(c, i.op[1].reg).lane<U>(0);
    V128 d = load ? V128{} : get_xmm(c, i.op[0].reg);
    d.set_lane<U>(0, v);
    set_xmm(c, i.op[0].reg, d);
}

// MOVLPx/MOVHPx: quadword `half` of the register to or from memory; the other half is kept.
void move_half(Cpu& c, const DecodedInsn& i, unsigned half) {
    check_sse(c);
    if (i.op[0].kind == OpKind::MEM)
        return store_mem<uint64_t>(c, i, get_xmm(c, i.op[1].reg).lane<uint64_t>(half));
    V128 d = get_xmm(c, i.op[0].reg);
    d.set_lane<uint64_t>(half, load_mem<uint64_t>(c, i));
    set_xmm(c, i.op[0].reg, d);
}

// MOVHLPS/MOVLHPS: quadword `from` of the source register into quadword `to` of the destination.
void move_quad(Cpu& c, const DecodedInsn& i, unsigned to, unsigned from) {
    check_sse(c);
    V128 d = get_xmm(c, i.op[0].reg);
    d.set_lane<uint64_t>(to, get_xmm(c, i.op[1].reg).lane<uint64_t>(from));
    set_xmm(c, i.op[0].reg, d);
}

// The general shape of the rest: d = f(d, s) on XMM lanes, the source aligned if in memory.
template <class F>
void permute(Cpu& c, const DecodedInsn& i, F f) {
    check_sse(c);
    const V128 s = read_src(c, i, 1);
    set_xmm(c, i.op[0].reg, f(get_xmm(c, i.op[0].reg), s));
}

// MOVDDUP MOVSLDUP MOVSHDUP: lane k of the result is lane pick[k] of the source.
template <class U>
V128 select(const V128& s, const unsigned* pick) {
    V128 r;
    for (unsigned k = 0; k < V128::lanes<U>(); ++k) r.set_lane<U>(k, s.lane<U>(pick[k]));
    return r;
}

// UNPCKLPx/UNPCKHPx: interleave the low (or high) halves of d and s.
template <class U>
V128 unpack(const V128& d, const V128& s, bool high) {
    constexpr unsigned half = V128::lanes<U>() / 2;
    V128 r;
    for (unsigned k = 0; k < half; ++k) {
        r.set_lane<U>(2 * k, d.lane<U>(k + (high ? half : 0)));
        r.set_lane<U>(2 * k + 1, s.lane<U>(k + (high ? half : 0)));
    }
    return r;
}

// BLENDPx/BLENDVPx: lane k from s where bit k of `mask` is set.
template <class U>
V128 blend(const V128& d, const V128& s, unsigned mask) {
    V128 r = d;
    for (unsigned k = 0; k < V128::lanes<U>(); ++k)
        if (mask >> k & 1) r.set_lane<U>(k, s.lane<U>(k));
    return r;
}

// The sign bits of the lanes of v (MOVMSKPx, and BLENDVPx's mask in XMM0).
template <class U>
unsigned sign_mask(const V128& v) {
    unsigned m = 0;
    for (unsigned k = 0; k < V128::lanes<U>(); ++k)
        m |= static_cast<unsigned>(v.lane<U>(k) >> (bits_of<U>() - 1)) << k;
    return m;
}

template <class U>
void move_mask(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    c.s.gpr[i.op[0].reg >> 3] = sign_mask<U>(get_xmm(c, i.op[1].reg));  // zero-extended to 64 bits
}

template <class F>
void logic(Cpu& c, const DecodedInsn& i, F f) {
    permute(c, i, [f](const V128& d, const V128& s) {
        V128 r;
        for (unsigned k = 0; k < 2; ++k) r.set_lane<uint64_t>(k, f(d.lane<uint64_t>(k), s.lane<uint64_t>(k)));
        return r;
    });
}

template <class U>
void interleave(Cpu& c, const DecodedInsn& i, bool high) {
    permute(c, i, [high](const V128& d, const V128& s) { return unpack<U>(d, s, high); });
}

}  // namespace

// ---- moves ----
void op_movaps(Cpu& c, const DecodedInsn& i) { move128(c, i, true); }
void op_movapd(Cpu& c, const DecodedInsn& i) { move128(c, i, true); }
void op_movups(Cpu& c, const DecodedInsn& i) { move128(c, i, false); }
void op_movupd(Cpu& c, const DecodedInsn& i) { move128(c, i, false); }
void op_movntps(Cpu& c, const DecodedInsn& i) { move128(c, i, true); }
void op_movntpd(Cpu& c, const DecodedInsn& i) { move128(c, i, true); }
void op_movss(Cpu& c, const DecodedInsn& i) { move_scalar<uint32_t>(c, i); }
void op_movsd_sse(Cpu& c, const DecodedInsn& i) { move_scalar<uint64_t>(c, i); }
void op_movlps(Cpu& c, const DecodedInsn& i) { move_half(c, i, 0); }
void op_movlpd(Cpu& c, const DecodedInsn& i) { move_half(c, i, 0); }
void op_movhps(Cpu& c, const DecodedInsn& i) { move_half(c, i, 1); }
void op_movhpd(Cpu& c, const DecodedInsn& i) { move_half(c, i, 1); }
void op_movhlps(Cpu& c, const DecodedInsn& i) { move_quad(c, i, 0, 1); }
void op_movlhps(Cpu& c, const DecodedInsn& i) { move_quad(c, i, 1, 0); }
void op_movmskps(Cpu& c, const DecodedInsn& i) { move_mask<uint32_t>(c, i); }
void op_movmskpd(Cpu& c, const DecodedInsn& i) { move_mask<uint64_t>(c, i); }

// ---- SSE3 duplicates; MOVDDUP reads only 64 bits of memory ----
void op_movddup(Cpu& c, const DecodedInsn& i) {
    static constexpr unsigned pick[] = {0, 0};
    permute(c, i, [](const V128&, const V128& s) { return select<uint64_t>(s, pick); });
}
void op_movsldup(Cpu& c, const DecodedInsn& i) {
    static constexpr unsigned pick[] = {0, 0, 2, 2};
    permute(c, i, [](const V128&, const V128& s) { return select<uint32_t>(s, pick); });
}
void op_movshdup(Cpu& c, const DecodedInsn& i) {
    static constexpr unsigned pick[] = {1, 1, 3, 3};
    permute(c, i, [](const V128&, const V128& s) { return select<uint32_t>(s, pick); });
}

// ---- logic: bitwise on all 128 bits (ANDN complements the destination) ----
void op_andps(Cpu& c, const DecodedInsn& i) { logic(c, i, [](uint64_t d, uint64_t s) { return d & s; }); }
void op_andpd(Cpu& c, const DecodedInsn& i) { op_andps(c, i); }
void op_andnps(Cpu& c, const DecodedInsn& i) { logic(c, i, [](uint64_t d, uint64_t s) { return ~d & s; }); }
void op_andnpd(Cpu& c, const DecodedInsn& i) { op_andnps(c, i); }
void op_orps(Cpu& c, const DecodedInsn& i) { logic(c, i, [](uint64_t d, uint64_t s) { return d | s; }); }
void op_orpd(Cpu& c, const DecodedInsn& i) { op_orps(c, i); }
void op_xorps(Cpu& c, const DecodedInsn& i) { logic(c, i, [](uint64_t d, uint64_t s) { return d ^ s; }); }
void op_xorpd(Cpu& c, const DecodedInsn& i) { op_xorps(c, i); }

// ---- shuffles and unpacks ----
// SHUFPS: the low two lanes from d, the high two from s, each picked by two bits of imm8.
void op_shufps(Cpu& c, const DecodedInsn& i) {
    const unsigned imm = i.imm & 0xff;
    permute(c, i, [imm](const V128& d, const V128& s) {
        V128 r;
        for (unsigned k = 0; k < 4; ++k)
            r.set_lane<uint32_t>(k, (k < 2 ? d : s).lane<uint32_t>(imm >> (2 * k) & 3));
        return r;
    });
}
void op_shufpd(Cpu& c, const DecodedInsn& i) {
    const unsigned imm = i.imm & 3;
    permute(c, i, [imm](const V128& d, const V128& s) {
        V128 r;
        r.set_lane<uint64_t>(0, d.lane<uint64_t>(imm & 1));
        r.set_lane<uint64_t>(1, s.lane<uint64_t>(imm >> 1));
        return r;
    });
}
void op_unpcklps(Cpu& c, const DecodedInsn& i) { interleave<uint32_t>(c, i, false); }
void op_unpckhps(Cpu& c, const DecodedInsn& i) { interleave<uint32_t>(c, i, true); }
void op_unpcklpd(Cpu& c, const DecodedInsn& i) { interleave<uint64_t>(c, i, false); }
void op_unpckhpd(Cpu& c, const DecodedInsn& i) { interleave<uint64_t>(c, i, true); }

// ---- SSE4.1 blends: by imm8, or by the sign bits of the implicit XMM0 ----
void op_blendps(Cpu& c, const DecodedInsn& i) {
    const unsigned mask = i.imm & 0xf;
    permute(c, i, [mask](const V128& d, const V128& s) { return blend<uint32_t>(d, s, mask); });
}
void op_blendpd(Cpu& c, const DecodedInsn& i) {
    const unsigned mask = i.imm & 3;
    permute(c, i, [mask](const V128& d, const V128& s) { return blend<uint64_t>(d, s, mask); });
}
void op_blendvps(Cpu& c, const DecodedInsn& i) {
    const unsigned mask = sign_mask<uint32_t>(get_xmm(c, 0));
    permute(c, i, [mask](const V128& d, const V128& s) { return blend<uint32_t>(d, s, mask); });
}
void op_blendvpd(Cpu& c, const DecodedInsn& i) {
    const unsigned mask = sign_mask<uint64_t>(get_xmm(c, 0));
    permute(c, i, [mask](const V128& d, const V128& s) { return blend<uint64_t>(d, s, mask); });
}

// ---- SSE4.1 INSERTPS/EXTRACTPS ----
// INSERTPS: a register source gives its lane imm8[7:6], a memory source its 32 bits; that
// goes to lane imm8[5:4], then the lanes set in imm8[3:0] are cleared (SDM Vol. 2 INSERTPS).
void op_insertps(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const unsigned imm = i.imm & 0xff;
    const uint32_t v = i.op[1].kind == OpKind::MEM ? load_mem<uint32_t>(c, i)
                                                   : get_xmm(c, i.op[1].reg).lane<uint32_t>(imm >> 6);
    V128 d = get_xmm(c, i.op[0].reg);
    d.set_lane<uint32_t>(imm >> 4 & 3, v);
    for (unsigned k = 0; k < 4; ++k)
        if (imm >> k & 1) d.set_lane<uint32_t>(k, 0);
    set_xmm(c, i.op[0].reg, d);
}
// EXTRACTPS: lane imm8[1:0] to memory or to a GPR, zero-extended to 64 bits.
void op_extractps(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const uint32_t v = get_xmm(c, i.op[1].reg).lane<uint32_t>(i.imm & 3);
    if (i.op[0].kind == OpKind::MEM) store_mem<uint32_t>(c, i, v);
    else c.s.gpr[i.op[0].reg >> 3] = v;
}

// ---- MXCSR ----
void op_ldmxcsr(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const uint32_t v = load_mem<uint32_t>(c, i);
    if (v & ~mxcsr::WRITABLE) raise(Vec::GP, 0);
    c.s.mxcsr = v;
}
void op_stmxcsr(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    store_mem<uint32_t>(c, i, c.s.mxcsr);
}

}  // namespace lstar
