// Multiply and divide: MUL IMUL DIV IDIV MULX (SDM Vol. 2 MUL, IMUL, DIV, IDIV, MULX).
// The one-operand forms work on the accumulator pair: AX for bytes, else rDX:rAX.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// ---- the algorithms: pure functions on a double-width product or dividend ----
// Double-width values live in an unsigned type wide enough to hold them; unsigned arithmetic
// wraps, so no case (INT_MIN / -1 included) is undefined behaviour in C++.
template <class T>
using wide_t = std::conditional_t<sizeof(T) == 8, unsigned __int128, uint64_t>;

// A double-width value split into halves.
template <class T>
struct Pair {
    T lo, hi;
};

template <class T>
Pair<T> split(wide_t<T> v) {
    return {static_cast<T>(v), static_cast<T>(v >> bits_of<T>())};
}

template <class T>
wide_t<T> join(Pair<T> p) { return (wide_t<T>{p.hi} << bits_of<T>()) | p.lo; }

template <class T>
wide_t<T> sign_extend(T v) {
    return static_cast<wide_t<T>>(static_cast<int64_t>(static_cast<signed_t<T>>(v)));
}

template <class T>
bool negative(T v) { return static_cast<signed_t<T>>(v) < 0; }

template <class T>
Pair<T> mul_unsigned(T a, T b) { return split<T>(wide_t<T>{a} * b); }

// The low 2w bits of the product of the sign-extended operands are the signed product.
template <class T>
Pair<T> mul_signed(T a, T b) { return split<T>(sign_extend(a) * sign_extend(b)); }

// The product does not fit the low half: for MUL the high half is nonzero, for IMUL it is
// not the sign extension of the low half.
template <class T>
bool overflows_unsigned(Pair<T> p) { return p.hi != 0; }

template <class T>
bool overflows_signed(Pair<T> p) { return p.hi != (negative(p.lo) ? static_cast<T>(~T{0}) : T{0}); }

// CF = OF = overflow. SF ZF AF PF are undefined; Intel hardware gives SF and PF from the low
// half and clears ZF and AF, whatever the operands.
template <class T>
uint64_t mul_flags(T lo, bool overflow) {
    return (overflow ? fl::CF | fl::OF : 0) | parity_flag(lo) | (negative(lo) ? fl::SF : 0);
}

// Quotient and remainder, or ok == false for #DE (divide by zero, quotient too large).
template <class T>
struct Quotient {
    bool ok;
    T quot, rem;
};

template <class T>
Quotient<T> div_unsigned(wide_t<T> n, T d) {
    if (d == 0) return {false, 0, 0};
    const wide_t<T> q = n / d;
    if (q >> bits_of<T>()) return {false, 0, 0};
    return {true, static_cast<T>(q), static_cast<T>(n % d)};
}

// Signed division on magnitudes: the quotient truncates toward zero, the remainder takes the
// dividend's sign, and a quotient of exactly the most negative value fits (SDM Vol. 2 IDIV).
template <class T>
Quotient<T> div_signed(Pair<T> n, T d) {
    if (d == 0) return {false, 0, 0};
    const bool n_neg = negative(n.hi), q_neg = n_neg != negative(d);
    const wide_t<T> nw = join(n), n_mag = n_neg ? join(split<T>(-nw)) : nw;
    const T d_mag = negative(d) ? static_cast<T>(-d) : d;
    const wide_t<T> q = n_mag / d_mag, r = n_mag % d_mag;
    const wide_t<T> limit = wide_t<T>{1} << (bits_of<T>() - 1);  // 2^(w-1)
    if (q_neg ? q > limit : q >= limit) return {false, 0, 0};
    const T qt = static_cast<T>(q), rt = static_cast<T>(r);
    return {true, q_neg ? static_cast<T>(-qt) : qt, n_neg ? static_cast<T>(-rt) : rt};
}

// ---- the instructions ----
template <class T>
Pair<T> read_acc_pair(const Cpu& c) {
    if constexpr (sizeof(T) == 1) return split<T>(gpr<uint16_t>(c, RAX));
    else return {gpr<T>(c, RAX), gpr<T>(c, RDX)};
}

// AX for bytes; rDX:rAX otherwise (a 32-bit write zero-extends both).
template <class T>
void write_acc_pair(Cpu& c, Pair<T> p) {
    if constexpr (sizeof(T) == 1) {
        set_gpr<uint16_t>(c, RAX, static_cast<uint16_t>(join<T>(p)));
    } else {
        set_gpr<T>(c, RAX, p.lo);
        set_gpr<T>(c, RDX, p.hi);
    }
}

// MUL and one-operand IMUL: rAX times the operand into the accumulator pair.
template <class T>
void mul_into_acc(Cpu& c, const DecodedInsn& i, Pair<T> (*mul)(T, T),
                  bool (*overflows)(Pair<T>)) {
    const Pair<T> p = mul(gpr<T>(c, RAX), read_op<T>(c, i, 0));
    write_acc_pair<T>(c, p);
    c.set_status(fl::ARITH, mul_flags<T>(p.lo, overflows(p)));
}

}  // namespace

template <class T>
void op_mul(Cpu& c, const DecodedInsn& i) {
    mul_into_acc<T>(c, i, mul_unsigned<T>, overflows_unsigned<T>);
}

// IMUL r/m (acc pair), IMUL r, r/m (r *= r/m) and IMUL r, r/m, imm (r = r/m * imm).
template <class T>
void op_imul(Cpu& c, const DecodedInsn& i) {
    if (i.nops == 1) return mul_into_acc<T>(c, i, mul_signed<T>, overflows_signed<T>);
    const T a = read_op<T>(c, i, i.nops == 3 ? 1 : 0);
    const T b = read_op<T>(c, i, i.nops == 3 ? 2 : 1);
    const Pair<T> p = mul_signed<T>(a, b);
    write_op<T>(c, i, 0, p.lo);
    c.set_status(fl::ARITH, mul_flags<T>(p.lo, overflows_signed<T>(p)));
}

// DIV and IDIV leave the (undefined) flags unchanged, as Intel hardware does.
template <class T>
void op_div(Cpu& c, const DecodedInsn& i) {
    const T d = read_op<T>(c, i, 0);
    const Quotient<T> q = div_unsigned<T>(join<T>(read_acc_pair<T>(c)), d);
    if (!q.ok) raise(Vec::DE);
    write_acc_pair<T>(c, {q.quot, q.rem});
}

template <class T>
void op_idiv(Cpu& c, const DecodedInsn& i) {
    const T d = read_op<T>(c, i, 0);
    const Quotient<T> q = div_signed<T>(read_acc_pair<T>(c), d);
    if (!q.ok) raise(Vec::DE);
    write_acc_pair<T>(c, {q.quot, q.rem});
}

// MULX hi, lo, src: rDX * src, unsigned, no flags. Writing hi last makes it win when both
// destinations name the same register (SDM Vol. 2 MULX).
template <class T>
void op_mulx(Cpu& c, const DecodedInsn& i) {
    const Pair<T> p = mul_unsigned<T>(gpr<T>(c, RDX), read_op<T>(c, i, 2));
    write_op<T>(c, i, 1, p.lo);
    write_op<T>(c, i, 0, p.hi);
}

LSTAR_INSTANTIATE_WIDTHS(op_mul);
LSTAR_INSTANTIATE_WIDTHS(op_imul);
LSTAR_INSTANTIATE_WIDTHS(op_div);
LSTAR_INSTANTIATE_WIDTHS(op_idiv);
LSTAR_INSTANTIATE_WIDTHS(op_mulx);

}  // namespace lstar
