// Integer arithmetic and logic: ADD ADC SUB SBB AND OR XOR CMP TEST INC DEC NEG NOT.
// The flags of every one of these are recorded lazily (flags.hpp).
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// ---- the algorithms: pure functions giving the result and the lazy-flag record ----
template <class T>
struct Result {
    T value;
    LazyFlags flags;
};

template <class T>
Result<T> add(T a, T b) {
    const T r = static_cast<T>(a + b);
    return {r, record<T>(FlagOp::ADD, a, b, r)};
}
template <class T>
Result<T> adc(T a, T b, bool carry) {
    const T r = static_cast<T>(a + b + carry);
    return {r, record<T>(FlagOp::ADC, a, b, r, carry)};
}
template <class T>
Result<T> sub(T a, T b) {
    const T r = static_cast<T>(a - b);
    return {r, record<T>(FlagOp::SUB, a, b, r)};
}
template <class T>
Result<T> sbb(T a, T b, bool borrow) {
    const T r = static_cast<T>(a - b - borrow);
    return {r, record<T>(FlagOp::SBB, a, b, r, borrow)};
}
// AND OR XOR TEST: CF = OF = 0; SF ZF PF from the result.
template <class T>
Result<T> logic(T r) {
    return {r, record<T>(FlagOp::LOGIC, 0, 0, r)};
}
// INC and DEC keep CF (SDM Vol. 2 INC/DEC), so the old CF rides along in the record.
template <class T>
Result<T> inc(T a, bool cf) {
    const T r = static_cast<T>(a + 1);
    return {r, record<T>(FlagOp::INC, a, 1, r, cf ? fl::CF : 0)};
}
template <class T>
Result<T> dec(T a, bool cf) {
    const T r = static_cast<T>(a - 1);
    return {r, record<T>(FlagOp::DEC, a, 1, r, cf ? fl::CF : 0)};
}

// ---- the instructions: read, compute, write the destination, then commit the flags ----
// Committing flags after the write keeps RFLAGS untouched when the store faults.
template <class T, class F>
void binary(Cpu& c, const DecodedInsn& i, F op) {
    const T dst = read_rmw<T>(c, i, 0);
    const Result<T> r = op(dst, read_op<T>(c, i, 1));
    write_op<T>(c, i, 0, r.value);
    c.lazy = r.flags;
}

// CMP and TEST only set flags; their 32-bit forms write nothing, so nothing is zero-extended.
template <class T, class F>
void compare(Cpu& c, const DecodedInsn& i, F op) {
    const T dst = read_op<T>(c, i, 0);
    c.lazy = op(dst, read_op<T>(c, i, 1)).flags;
}

template <class T, class F>
void unary(Cpu& c, const DecodedInsn& i, F op) {
    const Result<T> r = op(read_rmw<T>(c, i, 0));
    write_op<T>(c, i, 0, r.value);
    c.lazy = r.flags;
}

}  // namespace

template <class T>
void op_add(Cpu& c, const DecodedInsn& i) { binary<T>(c, i, add<T>); }
template <class T>
void op_sub(Cpu& c, const DecodedInsn& i) { binary<T>(c, i, sub<T>); }
template <class T>
void op_adc(Cpu& c, const DecodedInsn& i) {
    const bool carry = c.cf();
    binary<T>(c, i, [carry](T a, T b) { return adc<T>(a, b, carry); });
}
template <class T>
void op_sbb(Cpu& c, const DecodedInsn& i) {
    const bool borrow = c.cf();
    binary<T>(c, i, [borrow](T a, T b) { return sbb<T>(a, b, borrow); });
}
template <class T>
void op_and(Cpu& c, const DecodedInsn& i) { binary<T>(c, i, [](T a, T b) { return logic<T>(a & b); }); }
template <class T>
void op_or(Cpu& c, const DecodedInsn& i) { binary<T>(c, i, [](T a, T b) { return logic<T>(a | b); }); }
template <class T>
void op_xor(Cpu& c, const DecodedInsn& i) { binary<T>(c, i, [](T a, T b) { return logic<T>(a ^ b); }); }
template <class T>
void op_cmp(Cpu& c, const DecodedInsn& i) { compare<T>(c, i, sub<T>); }
template <class T>
void op_test(Cpu& c, const DecodedInsn& i) { compare<T>(c, i, [](T a, T b) { return logic<T>(a & b); }); }
template <class T>
void op_inc(Cpu& c, const DecodedInsn& i) {
    const bool cf = c.cf();
    unary<T>(c, i, [cf](T a) { return inc<T>(a, cf); });
}
template <class T>
void op_dec(Cpu& c, const DecodedInsn& i) {
    const bool cf = c.cf();
    unary<T>(c, i, [cf](T a) { return dec<T>(a, cf); });
}
// NEG is 0 - x: CF is set unless the operand was zero, exactly SUB's borrow.
template <class T>
void op_neg(Cpu& c, const DecodedInsn& i) { unary<T>(c, i, [](T a) { return sub<T>(0, a); }); }
// NOT changes no flags.
template <class T>
void op_not(Cpu& c, const DecodedInsn& i) {
    const T dst = read_rmw<T>(c, i, 0);
    write_op<T>(c, i, 0, static_cast<T>(~dst));
}

LSTAR_INSTANTIATE_WIDTHS(op_add);
LSTAR_INSTANTIATE_WIDTHS(op_adc);
LSTAR_INSTANTIATE_WIDTHS(op_sub);
LSTAR_INSTANTIATE_WIDTHS(op_sbb);
LSTAR_INSTANTIATE_WIDTHS(op_and);
LSTAR_INSTANTIATE_WIDTHS(op_or);
LSTAR_INSTANTIATE_WIDTHS(op_xor);
LSTAR_INSTANTIATE_WIDTHS(op_cmp);
LSTAR_INSTANTIATE_WIDTHS(op_test);
LSTAR_INSTANTIATE_WIDTHS(op_inc);
LSTAR_INSTANTIATE_WIDTHS(op_dec);
LSTAR_INSTANTIATE_WIDTHS(op_neg);
LSTAR_INSTANTIATE_WIDTHS(op_not);

}  // namespace lstar
