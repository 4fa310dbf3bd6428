// Shifts and rotates: SHL/SAL SHR SAR ROL ROR RCL RCR SHLD SHRD (SDM Vol. 2 SAL/SAR/SHL/SHR,
// RCL/RCR/ROL/ROR, SHLD, SHRD). Flags are computed eagerly. Where the SDM leaves a flag
// undefined we give what Intel hardware gives (checked against a Xeon): AF = 0, and OF is the
// count-1 formula applied to the first one-bit step, whatever the count.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// ---- the algorithms: pure functions of (value, masked nonzero count, old status flags) ----
template <class T>
struct Shifted {
    T value;
    uint64_t flags;  // all six status flags after the instruction
};

template <class T>
bool msb(T v) { return (v >> (bits_of<T>() - 1)) & 1; }

template <class T>
bool bit(T v, unsigned n) { return (v >> n) & 1; }

// SF ZF PF from the result; AF = 0 (undefined after a shift, Intel clears it).
template <class T>
uint64_t result_flags(T r) {
    return parity_flag(r) | (r == 0 ? fl::ZF : 0) | (msb(r) ? fl::SF : 0);
}

uint64_t carry_overflow(bool cf, bool of) { return (cf ? fl::CF : 0) | (of ? fl::OF : 0); }

// SHL SHR SAR: the result only; their flags are recorded lazily (FlagOp::SHL/SHR/SAR in
// flags.hpp computes CF and OF from the operand and the count). Counts reach 31 for 8- and
// 16-bit operands: bits shifted past the width are gone.
template <class T>
T shl(T v, unsigned n) {
    return n >= bits_of<T>() ? 0 : static_cast<T>(v << n);
}

template <class T>
T shr(T v, unsigned n) {
    return n >= bits_of<T>() ? 0 : static_cast<T>(v >> n);
}

template <class T>
T sar(T v, unsigned n) {
    constexpr unsigned w = bits_of<T>();
    return static_cast<T>(static_cast<signed_t<T>>(v) >> (n < w ? n : w - 1));
}

// Rotates touch only CF and OF; a count that is a multiple of the width still sets them.
template <class T>
Shifted<T> rol(T v, unsigned n, uint64_t flags) {
    constexpr unsigned w = bits_of<T>();
    const unsigned k = n % w;
    const T r = k == 0 ? v : static_cast<T>((v << k) | (v >> (w - k)));
    const bool cf = r & 1;
    return {r, (flags & ~(fl::CF | fl::OF)) | carry_overflow(cf, msb(v) != bit(v, w - 2))};
}

template <class T>
Shifted<T> ror(T v, unsigned n, uint64_t flags) {
    constexpr unsigned w = bits_of<T>();
    const unsigned k = n % w;
    const T r = k == 0 ? v : static_cast<T>((v >> k) | (v << (w - k)));
    return {r, (flags & ~(fl::CF | fl::OF)) | carry_overflow(msb(r), msb(v) != bit(v, 0))};
}

// RCL/RCR rotate the (w+1)-bit value CF:v. 8- and 16-bit counts reduce modulo 9 and 17, and
// a count that reduces to 0 leaves every flag alone.
using u128 = unsigned __int128;

template <class T>
Shifted<T> rcl(T v, unsigned n, uint64_t flags) {
    constexpr unsigned w = bits_of<T>();
    const unsigned k = n % (w + 1);
    if (k == 0) return {v, flags};
    const u128 x = (u128{(flags & fl::CF) != 0} << w) | v;
    const u128 y = (x << k) | (x >> (w + 1 - k));
    const bool cf = (y >> w) & 1;
    return {static_cast<T>(y),
            (flags & ~(fl::CF | fl::OF)) | carry_overflow(cf, msb(v) != bit(v, w - 2))};
}

template <class T>
Shifted<T> rcr(T v, unsigned n, uint64_t flags) {
    constexpr unsigned w = bits_of<T>();
    const unsigned k = n % (w + 1);
    if (k == 0) return {v, flags};
    const bool cf_in = flags & fl::CF;
    const u128 x = (u128{cf_in} << w) | v;
    const u128 y = (x >> k) | (x << (w + 1 - k));
    const bool cf = (y >> w) & 1;
    return {static_cast<T>(y), (flags & ~(fl::CF | fl::OF)) | carry_overflow(cf, msb(v) != cf_in)};
}

// SHLD/SHRD shift dst, filling from src. A 16-bit count above 16 (undefined in the SDM) shifts
// the 48-bit dst:src:dst as Intel hardware does: the same as exchanging dst and src and taking
// 16 off the count. (There is no 8-bit form.)
template <class T>
Shifted<T> shld(T d, T s, unsigned n) {
    constexpr unsigned w = bits_of<T>();
    const bool wrap = n > w;
    const T hi = wrap ? s : d, lo = wrap ? d : s;
    const unsigned k = wrap ? n - w : n;
    const T r = k == w ? lo : static_cast<T>((hi << k) | (lo >> (w - k)));
    const bool cf = bit(hi, w - k);
    return {r, result_flags(r) | carry_overflow(cf, msb(d) != bit(d, w - 2))};
}

template <class T>
Shifted<T> shrd(T d, T s, unsigned n) {
    constexpr unsigned w = bits_of<T>();
    const bool wrap = n > w;
    const T lo = wrap ? s : d, hi = wrap ? d : s;
    const unsigned k = wrap ? n - w : n;
    const T r = k == w ? hi : static_cast<T>((lo >> k) | (hi << (w - k)));
    const bool cf = bit(lo, k - 1);
    return {r, result_flags(r) | carry_overflow(cf, msb(d) != bit(s, 0))};
}

// ---- the instructions ----
// The count is masked to 5 bits, 6 for 64-bit operands (SDM Vol. 2 SAL/SAR/SHL/SHR).
template <class T>
unsigned masked_count(Cpu& c, const DecodedInsn& i, int n) {
    return read_op<uint8_t>(c, i, n) & (sizeof(T) == 8 ? 0x3f : 0x1f);
}

// A masked count of 0 changes no flag and no memory, but a memory destination is still read
// with write intent (it faults on a read-only page), and a 32-bit register destination is
// still written, so its upper half is cleared (Intel hardware does both).
template <class T>
void keep_destination(Cpu& c, const DecodedInsn& i, T v) {
    if (i.op[0].kind == OpKind::REG) write_op<T>(c, i, 0, v);
}

template <class T, Shifted<T> (*alg)(T, unsigned, uint64_t)>
void shift(Cpu& c, const DecodedInsn& i) {
    const unsigned n = masked_count<T>(c, i, 1);
    const T v = read_rmw<T>(c, i, 0);
    if (n == 0) return keep_destination(c, i, v);
    const Shifted<T> r = alg(v, n, c.status());
    write_op<T>(c, i, 0, r.value);
    c.set_status(fl::ARITH, r.flags);
}

template <class T, Form F, T (*alg)(T, unsigned), FlagOp op>
void lazy_shift(Cpu& c, const DecodedInsn& i) {
    const unsigned n = read_src<uint8_t, F>(c, i) & (sizeof(T) == 8 ? 0x3f : 0x1f);
    const T v = read_dst<T, F>(c, i);
    if (n == 0) {
        if constexpr (F != Form::ANY && !mem_dst(F)) return write_dst<T, F>(c, i, v);
        return keep_destination(c, i, v);
    }
    const T r = alg(v, n);
    write_dst<T, F>(c, i, r);
    c.set_lazy<T>(op, v, static_cast<T>(n), r);
}

template <class T, Form F, T (*alg)(T, unsigned)>
[[gnu::always_inline]] inline void shift_nf(Cpu& c, const DecodedInsn& i) {
    const unsigned n = read_src<uint8_t, F>(c, i) & (sizeof(T) == 8 ? 0x3f : 0x1f);
    const T v = read_dst<T, F>(c, i);
    write_dst<T, F>(c, i, n ? alg(v, n) : v);  // a register destination: keep_destination inline
}

template <class T, Shifted<T> (*alg)(T, T, unsigned)>
void double_shift(Cpu& c, const DecodedInsn& i) {
    const unsigned n = masked_count<T>(c, i, 2);
    const T src = read_op<T>(c, i, 1);
    const T dst = read_rmw<T>(c, i, 0);
    if (n == 0) return keep_destination(c, i, dst);
    const Shifted<T> r = alg(dst, src, n);
    write_op<T>(c, i, 0, r.value);
    c.set_status(fl::ARITH, r.flags);
}

}  // namespace

template <class T, Form F>
[[gnu::always_inline]] inline void op_shl_form(Cpu& c, const DecodedInsn& i) { lazy_shift<T, F, shl<T>, FlagOp::SHL>(c, i); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_shr_form(Cpu& c, const DecodedInsn& i) { lazy_shift<T, F, shr<T>, FlagOp::SHR>(c, i); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_sar_form(Cpu& c, const DecodedInsn& i) { lazy_shift<T, F, sar<T>, FlagOp::SAR>(c, i); }

// The flagless twins (ops_noflags.def).
template <class T, Form F>
void op_shl_nf(Cpu& c, const DecodedInsn& i) { shift_nf<T, F, shl<T>>(c, i); }
template <class T, Form F>
void op_shr_nf(Cpu& c, const DecodedInsn& i) { shift_nf<T, F, shr<T>>(c, i); }
template <class T, Form F>
void op_sar_nf(Cpu& c, const DecodedInsn& i) { shift_nf<T, F, sar<T>>(c, i); }

// MOV r, r and then a shift of its destination by an immediate (chain.hpp chain_pair).
namespace {
template <class T, T (*alg)(T, unsigned), FlagOp op, bool Flags>
void mov_then_shift(Cpu& c, const DecodedInsn& m, const DecodedInsn& i) {
    const unsigned n = read_src<uint8_t, Form::RI>(c, i) & (sizeof(T) == 8 ? 0x3f : 0x1f);
    const T v = get_reg<T>(c, m.op[1].reg);
    const T r = n ? alg(v, n) : v;
    set_reg<T>(c, i.op[0].reg, r);
    if constexpr (Flags)
        if (n) c.set_lazy<T>(op, v, static_cast<T>(n), r);  // a count of 0 leaves the flags
}
}  // namespace
#define SHIFT_PAIR(op, OP, T)                                                                     \
    {&op_mov_form<T, Form::RR>, &op_##op##_form<T, Form::RI>, &chain_pair<&mov_then_shift<T, op<T>, FlagOp::OP, true>>, \
     &chain_pair<&mov_then_shift<T, op<T>, FlagOp::OP, false>>}
#define SHIFT_PAIRS(op, OP) SHIFT_PAIR(op, OP, uint32_t), SHIFT_PAIR(op, OP, uint64_t)
static const PairTwin shift_pairs[] = {SHIFT_PAIRS(shl, SHL), SHIFT_PAIRS(shr, SHR), SHIFT_PAIRS(sar, SAR)};
const std::span<const PairTwin> shift_pair_twins{shift_pairs};
#undef SHIFT_PAIRS
#undef SHIFT_PAIR

template <class T>
void op_shl(Cpu& c, const DecodedInsn& i) { op_shl_form<T, Form::ANY>(c, i); }

template <class T>
void op_shr(Cpu& c, const DecodedInsn& i) { op_shr_form<T, Form::ANY>(c, i); }

template <class T>
void op_sar(Cpu& c, const DecodedInsn& i) { op_sar_form<T, Form::ANY>(c, i); }

template <class T>
void op_rol(Cpu& c, const DecodedInsn& i) { shift<T, rol<T>>(c, i); }

template <class T>
void op_ror(Cpu& c, const DecodedInsn& i) { shift<T, ror<T>>(c, i); }

template <class T>
void op_rcl(Cpu& c, const DecodedInsn& i) { shift<T, rcl<T>>(c, i); }

template <class T>
void op_rcr(Cpu& c, const DecodedInsn& i) { shift<T, rcr<T>>(c, i); }

template <class T>
void op_shld(Cpu& c, const DecodedInsn& i) { double_shift<T, shld<T>>(c, i); }

template <class T>
void op_shrd(Cpu& c, const DecodedInsn& i) { double_shift<T, shrd<T>>(c, i); }

LSTAR_INSTANTIATE_FORMS(op_shl_form);
LSTAR_INSTANTIATE_FORMS(op_shr_form);
LSTAR_INSTANTIATE_FORMS(op_sar_form);
LSTAR_INSTANTIATE_WIDTHS(op_shl);
LSTAR_INSTANTIATE_WIDTHS(op_shr);
LSTAR_INSTANTIATE_WIDTHS(op_sar);
LSTAR_INSTANTIATE_WIDTHS(op_rol);
LSTAR_INSTANTIATE_WIDTHS(op_ror);
LSTAR_INSTANTIATE_WIDTHS(op_rcl);
LSTAR_INSTANTIATE_WIDTHS(op_rcr);
LSTAR_INSTANTIATE_WIDTHS(op_shld);
LSTAR_INSTANTIATE_WIDTHS(op_shrd);

LSTAR_INSTANTIATE_NOFLAGS(op_shl_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_shr_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_sar_nf);

}  // namespace lstar
