// Bit instructions: BT BTS BTR BTC, BSF BSR, POPCNT LZCNT TZCNT, BMI1/BMI2, ADCX ADOX, BSWAP.
//
// Flags the SDM leaves undefined take the values Intel hardware gives them: BT* keeps OF SF AF
// PF, BSF/BSR clear them except PF (parity of the index), the others clear them.
#include <bit>

#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// ---- algorithms ----

enum class BitOp : uint8_t { TEST, SET, RESET, COMPLEMENT };

template <class T>
T apply_bit(BitOp op, T v, unsigned bit) {
    const T m = static_cast<T>(T{1} << bit);
    switch (op) {
    case BitOp::SET: return static_cast<T>(v | m);
    case BitOp::RESET: return static_cast<T>(v & ~m);
    case BitOp::COMPLEMENT: return static_cast<T>(v ^ m);
    default: return v;
    }
}

// A result and the status flags it produces.
template <class T>
struct Flagged {
    T value;
    uint64_t flags;
};

template <class T>
uint64_t zf_sf(T r) {
    return (r == 0 ? fl::ZF : 0) | ((r & sign_bit<T>()) ? fl::SF : 0);
}

template <class T>
T lowest_bits(T v, unsigned n) {  // v with bits n and up cleared; n >= width keeps v
    return n >= bits_of<T>() ? v : static_cast<T>(v & ((T{1} << n) - 1));
}

// BMI1 (SDM Vol. 2 ANDN, BEXTR, BLSI, BLSMSK, BLSR).
template <class T>
Flagged<T> andn(T a, T b) {
    const T r = static_cast<T>(~a & b);
    return {r, zf_sf(r)};
}
template <class T>
Flagged<T> bextr(T src, T control) {
    const unsigned start = control & 0xff, len = (control >> 8) & 0xff;
    const T r = start >= bits_of<T>() ? T{0} : lowest_bits(static_cast<T>(src >> start), len);
    return {r, r == 0 ? fl::ZF : 0};
}
template <class T>
Flagged<T> blsi(T src) {  // isolate the lowest set bit
    const T r = static_cast<T>(src & static_cast<T>(T{0} - src));
    return {r, zf_sf(r) | (src != 0 ? fl::CF : 0)};
}
template <class T>
Flagged<T> blsmsk(T src) {  // mask up to and including the lowest set bit
    const T r = static_cast<T>(src ^ static_cast<T>(src - 1));
    return {r, zf_sf(r) | (src == 0 ? fl::CF : 0)};  // r is never 0, so ZF is clear
}
template <class T>
Flagged<T> blsr(T src) {  // clear the lowest set bit
    const T r = static_cast<T>(src & static_cast<T>(src - 1));
    return {r, zf_sf(r) | (src == 0 ? fl::CF : 0)};
}

// BMI2 (SDM Vol. 2 BZHI, PDEP, PEXT, RORX, SARX/SHLX/SHRX).
template <class T>
Flagged<T> bzhi(T src, T index) {
    const unsigned n = index & 0xff;
    const T r = lowest_bits(src, n);
    return {r, zf_sf(r) | (n > bits_of<T>() - 1 ? fl::CF : 0)};
}
template <class T>
T pdep(T src, T mask) {  // scatter the low bits of src to the set bits of mask
    T r = 0;
    for (T m = mask, k = 1; m != 0; m = static_cast<T>(m & (m - 1)), k = static_cast<T>(k << 1))
        if (src & k) r = static_cast<T>(r | (m & (T{0} - m)));
    return r;
}
template <class T>
T pext(T src, T mask) {  // gather the bits of src under mask into the low bits
    T r = 0;
    for (T m = mask, k = 1; m != 0; m = static_cast<T>(m & (m - 1)), k = static_cast<T>(k << 1))
        if (src & m & (T{0} - m)) r = static_cast<T>(r | k);
    return r;
}
template <class T>
T rorx(T v, T count) { return std::rotr(v, static_cast<int>(count & (bits_of<T>() - 1))); }
template <class T>
T sarx(T v, T count) {
    return static_cast<T>(static_cast<signed_t<T>>(v) >> (count & (bits_of<T>() - 1)));
}
template <class T>
T shlx(T v, T count) { return static_cast<T>(v << (count & (bits_of<T>() - 1))); }
template <class T>
T shrx(T v, T count) { return static_cast<T>(v >> (count & (bits_of<T>() - 1))); }

// Unsigned add with carry in and out (ADCX/ADOX).
template <class T>
T add_carry(T a, T b, bool carry_in, bool& carry_out) {
    const T s = static_cast<T>(a + b);
    const T r = static_cast<T>(s + carry_in);
    carry_out = s < a || r < s;
    return r;
}

template <class T>
T byte_swap(T v) {
    if constexpr (sizeof(T) == 8) return __builtin_bswap64(v);
    else if constexpr (sizeof(T) == 4) return __builtin_bswap32(v);
    else if constexpr (sizeof(T) == 2) return 0;  // undefined (SDM); Intel hardware zeroes it
    else return v;                                 // no 8-bit form
}

// ---- operand shapes ----

// A memory operand with a register bit offset addresses a bit string: the offset is signed
// and may reach outside the operand (SDM Vol. 2 BT, "bit string" addressing).
template <class T>
uint64_t bit_string_ea(const Cpu& c, const DecodedInsn& i, T offset) {
    const int64_t unit = static_cast<signed_t<T>>(offset) >> std::countr_zero(bits_of<T>());
    const uint64_t a = ea(c, i) + static_cast<uint64_t>(unit) * sizeof(T);
    if (i.addrsize == 4) return static_cast<uint32_t>(a);
    if (i.addrsize == 2) return static_cast<uint16_t>(a);
    return a;
}

// BT BTS BTR BTC: CF := the selected bit, which Op then changes.
template <class T, BitOp Op>
void bit_test(Cpu& c, const DecodedInsn& i) {
    const bool by_reg = i.op[1].kind == OpKind::REG;
    const bool in_mem = i.op[0].kind == OpKind::MEM;
    const T offset = by_reg ? get_reg<T>(c, i.op[1].reg) : static_cast<T>(i.imm);
    const unsigned bit = offset & (bits_of<T>() - 1);
    const uint64_t addr = !in_mem ? 0 : by_reg ? bit_string_ea(c, i, offset) : ea(c, i);
    const T v = in_mem ? c.load<T>(i.mem.seg, addr, Op == BitOp::TEST ? Access::READ : Access::WRITE)
                       : get_reg<T>(c, i.op[0].reg);
    if constexpr (Op != BitOp::TEST) {
        const T r = apply_bit(Op, v, bit);
        if (in_mem) c.store<T>(i.mem.seg, addr, r);
        else set_reg<T>(c, i.op[0].reg, r);
    }
    c.set_status(fl::CF, ((v >> bit) & 1) ? fl::CF : 0);
}

// BSF/BSR: a zero source sets ZF and leaves the destination as it was, without even the
// 32-bit zero-extension (SDM says undefined; Intel and AMD keep it).
template <class T, bool Forward>
void bit_scan(Cpu& c, const DecodedInsn& i) {
    const T src = read_op<T>(c, i, 1);
    if (src == 0) {
        c.set_status(fl::ARITH, fl::ZF | fl::PF);
        return;
    }
    const T index = static_cast<T>(Forward ? std::countr_zero(src)
                                           : bits_of<T>() - 1 - std::countl_zero(src));
    set_reg<T>(c, i.op[0].reg, index);
    c.set_status(fl::ARITH, parity_flag(index));
}

// LZCNT/TZCNT: CF := source is zero, ZF := count is zero.
template <class T, bool Leading>
void zero_count(Cpu& c, const DecodedInsn& i) {
    const T src = read_op<T>(c, i, 1);
    const T n = static_cast<T>(Leading ? std::countl_zero(src) : std::countr_zero(src));
    set_reg<T>(c, i.op[0].reg, n);
    c.set_status(fl::ARITH, (src == 0 ? fl::CF : 0) | (n == 0 ? fl::ZF : 0));
}

template <class T>
void write_flagged(Cpu& c, const DecodedInsn& i, Flagged<T> r) {
    set_reg<T>(c, i.op[0].reg, r.value);
    c.set_status(fl::ARITH, r.flags);
}

// dest := f(op1, op2), flags untouched (PDEP PEXT RORX SARX SHLX SHRX; RORX's op2 is its imm8).
template <class T>
void write_binary(Cpu& c, const DecodedInsn& i, T (*f)(T, T)) {
    const T a = read_op<T>(c, i, 1), b = read_op<T>(c, i, 2);
    set_reg<T>(c, i.op[0].reg, f(a, b));
}

// ADCX/ADOX: dest += src + Flag, carry out to Flag; the other flags are kept.
template <class T, uint64_t Flag>
void carry_add(Cpu& c, const DecodedInsn& i) {
    const T src = read_op<T>(c, i, 1);
    bool carry = false;
    const T r = add_carry(get_reg<T>(c, i.op[0].reg), src, (c.status() & Flag) != 0, carry);
    set_reg<T>(c, i.op[0].reg, r);
    c.set_status(Flag, carry ? Flag : 0);
}

}  // namespace

// ---- handlers ----

template <class T>
void op_bt(Cpu& c, const DecodedInsn& i) { bit_test<T, BitOp::TEST>(c, i); }
template <class T>
void op_bts(Cpu& c, const DecodedInsn& i) { bit_test<T, BitOp::SET>(c, i); }
template <class T>
void op_btr(Cpu& c, const DecodedInsn& i) { bit_test<T, BitOp::RESET>(c, i); }
template <class T>
void op_btc(Cpu& c, const DecodedInsn& i) { bit_test<T, BitOp::COMPLEMENT>(c, i); }

template <class T>
void op_bsf(Cpu& c, const DecodedInsn& i) { bit_scan<T, true>(c, i); }
template <class T>
void op_bsr(Cpu& c, const DecodedInsn& i) { bit_scan<T, false>(c, i); }

// POPCNT: ZF := source is zero; the other status flags are cleared.
template <class T>
void op_popcnt(Cpu& c, const DecodedInsn& i) {
    const T src = read_op<T>(c, i, 1);
    set_reg<T>(c, i.op[0].reg, static_cast<T>(std::popcount(src)));
    c.set_status(fl::ARITH, src == 0 ? fl::ZF : 0);
}

template <class T>
void op_lzcnt(Cpu& c, const DecodedInsn& i) { zero_count<T, true>(c, i); }
template <class T>
void op_tzcnt(Cpu& c, const DecodedInsn& i) { zero_count<T, false>(c, i); }

template <class T>
void op_andn(Cpu& c, const DecodedInsn& i) {
    const T a = read_op<T>(c, i, 1), b = read_op<T>(c, i, 2);
    write_flagged(c, i, andn(a, b));
}
template <class T>
void op_bextr(Cpu& c, const DecodedInsn& i) {
    const T src = read_op<T>(c, i, 1), control = read_op<T>(c, i, 2);
    write_flagged(c, i, bextr(src, control));
}
template <class T>
void op_blsi(Cpu& c, const DecodedInsn& i) { write_flagged(c, i, blsi(read_op<T>(c, i, 1))); }
template <class T>
void op_blsmsk(Cpu& c, const DecodedInsn& i) { write_flagged(c, i, blsmsk(read_op<T>(c, i, 1))); }
template <class T>
void op_blsr(Cpu& c, const DecodedInsn& i) { write_flagged(c, i, blsr(read_op<T>(c, i, 1))); }
template <class T>
void op_bzhi(Cpu& c, const DecodedInsn& i) {
    const T src = read_op<T>(c, i, 1), index = read_op<T>(c, i, 2);
    write_flagged(c, i, bzhi(src, index));
}

template <class T>
void op_pdep(Cpu& c, const DecodedInsn& i) { write_binary<T>(c, i, pdep<T>); }
template <class T>
void op_pext(Cpu& c, const DecodedInsn& i) { write_binary<T>(c, i, pext<T>); }
template <class T>
void op_rorx(Cpu& c, const DecodedInsn& i) { write_binary<T>(c, i, rorx<T>); }
template <class T>
void op_sarx(Cpu& c, const DecodedInsn& i) { write_binary<T>(c, i, sarx<T>); }
template <class T>
void op_shlx(Cpu& c, const DecodedInsn& i) { write_binary<T>(c, i, shlx<T>); }
template <class T>
void op_shrx(Cpu& c, const DecodedInsn& i) { write_binary<T>(c, i, shrx<T>); }

template <class T>
void op_adcx(Cpu& c, const DecodedInsn& i) { carry_add<T, fl::CF>(c, i); }
template <class T>
void op_adox(Cpu& c, const DecodedInsn& i) { carry_add<T, fl::OF>(c, i); }

template <class T>
void op_bswap(Cpu& c, const DecodedInsn& i) {
    set_reg<T>(c, i.op[0].reg, byte_swap(get_reg<T>(c, i.op[0].reg)));
}

LSTAR_INSTANTIATE_WIDTHS(op_bt);
LSTAR_INSTANTIATE_WIDTHS(op_bts);
LSTAR_INSTANTIATE_WIDTHS(op_btr);
LSTAR_INSTANTIATE_WIDTHS(op_btc);
LSTAR_INSTANTIATE_WIDTHS(op_bsf);
LSTAR_INSTANTIATE_WIDTHS(op_bsr);
LSTAR_INSTANTIATE_WIDTHS(op_popcnt);
LSTAR_INSTANTIATE_WIDTHS(op_lzcnt);
LSTAR_INSTANTIATE_WIDTHS(op_tzcnt);
LSTAR_INSTANTIATE_WIDTHS(op_andn);
LSTAR_INSTANTIATE_WIDTHS(op_bextr);
LSTAR_INSTANTIATE_WIDTHS(op_blsi);
LSTAR_INSTANTIATE_WIDTHS(op_blsmsk);
LSTAR_INSTANTIATE_WIDTHS(op_blsr);
LSTAR_INSTANTIATE_WIDTHS(op_bzhi);
LSTAR_INSTANTIATE_WIDTHS(op_pdep);
LSTAR_INSTANTIATE_WIDTHS(op_pext);
LSTAR_INSTANTIATE_WIDTHS(op_rorx);
LSTAR_INSTANTIATE_WIDTHS(op_sarx);
LSTAR_INSTANTIATE_WIDTHS(op_shlx);
LSTAR_INSTANTIATE_WIDTHS(op_shrx);
LSTAR_INSTANTIATE_WIDTHS(op_adcx);
LSTAR_INSTANTIATE_WIDTHS(op_adox);
LSTAR_INSTANTIATE_WIDTHS(op_bswap);

}  // namespace lstar
