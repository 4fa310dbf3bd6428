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
// Committing flags after the write keeps RFLAGS untouched when the store faults. Field by field:
// copying the record whole goes through the stack and stalls on store forwarding.
inline void commit(Cpu& c, const LazyFlags& f) {
    c.lazy.dst = f.dst, c.lazy.src = f.src, c.lazy.res = f.res, c.lazy.bits = f.bits;
    c.lazy.op = f.op, c.lazy.size = f.size;
}

template <class T, Form F, class Op>
[[gnu::always_inline]] inline void binary(Cpu& c, const DecodedInsn& i, Op op) {
    if constexpr (mem_dst(F)) {
        if (uint8_t* p = rmw_host<T>(c, i)) {  // one translation for the read and the write
            T dst;
            std::memcpy(&dst, p, sizeof(T));
            const Result<T> r = op(dst, read_src<T, F>(c, i));
            std::memcpy(p, &r.value, sizeof(T));
            commit(c, r.flags);
            return;
        }
    }
    const T dst = read_dst<T, F>(c, i);
    const Result<T> r = op(dst, read_src<T, F>(c, i));
    write_dst<T, F>(c, i, r.value);
    commit(c, r.flags);
}

// CMP and TEST only set flags; their 32-bit forms write nothing, so nothing is zero-extended.
template <class T, Form F, class Op>
[[gnu::always_inline]] inline void compare(Cpu& c, const DecodedInsn& i, Op op) {
    const T dst = read_first<T, F>(c, i);  // no write intent
    commit(c, op(dst, read_src<T, F>(c, i)).flags);
}

template <class T, Form F, class Op>
[[gnu::always_inline]] inline void unary(Cpu& c, const DecodedInsn& i, Op op) {
    if constexpr (mem_dst(F)) {
        if (uint8_t* p = rmw_host<T>(c, i)) {
            T dst;
            std::memcpy(&dst, p, sizeof(T));
            const Result<T> r = op(dst);
            std::memcpy(p, &r.value, sizeof(T));
            commit(c, r.flags);
            return;
        }
    }
    const Result<T> r = op(read_dst<T, F>(c, i));
    write_dst<T, F>(c, i, r.value);
    commit(c, r.flags);
}

}  // namespace

template <class T, Form F>
[[gnu::always_inline]] inline void op_add_form(Cpu& c, const DecodedInsn& i) { binary<T, F>(c, i, [](T a, T b) { return add<T>(a, b); }); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_sub_form(Cpu& c, const DecodedInsn& i) { binary<T, F>(c, i, [](T a, T b) { return sub<T>(a, b); }); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_adc_form(Cpu& c, const DecodedInsn& i) {
    const bool carry = c.cf();
    binary<T, F>(c, i, [carry](T a, T b) { return adc<T>(a, b, carry); });
}
template <class T, Form F>
[[gnu::always_inline]] inline void op_sbb_form(Cpu& c, const DecodedInsn& i) {
    const bool borrow = c.cf();
    binary<T, F>(c, i, [borrow](T a, T b) { return sbb<T>(a, b, borrow); });
}
template <class T, Form F>
[[gnu::always_inline]] inline void op_and_form(Cpu& c, const DecodedInsn& i) { binary<T, F>(c, i, [](T a, T b) { return logic<T>(a & b); }); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_or_form(Cpu& c, const DecodedInsn& i) { binary<T, F>(c, i, [](T a, T b) { return logic<T>(a | b); }); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_xor_form(Cpu& c, const DecodedInsn& i) { binary<T, F>(c, i, [](T a, T b) { return logic<T>(a ^ b); }); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_cmp_form(Cpu& c, const DecodedInsn& i) { compare<T, F>(c, i, [](T a, T b) { return sub<T>(a, b); }); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_test_form(Cpu& c, const DecodedInsn& i) { compare<T, F>(c, i, [](T a, T b) { return logic<T>(a & b); }); }
template <class T, Form F>
[[gnu::always_inline]] inline void op_inc_form(Cpu& c, const DecodedInsn& i) {
    const bool cf = c.cf();
    unary<T, F>(c, i, [cf](T a) { return inc<T>(a, cf); });
}
template <class T, Form F>
[[gnu::always_inline]] inline void op_dec_form(Cpu& c, const DecodedInsn& i) {
    const bool cf = c.cf();
    unary<T, F>(c, i, [cf](T a) { return dec<T>(a, cf); });
}

// The flagless twins of the register forms (ops_noflags.def): the same result, no record.
template <class T, Form F, class Op>
[[gnu::always_inline]] inline void binary_nf(Cpu& c, const DecodedInsn& i, Op op) {
    write_dst<T, F>(c, i, op(read_dst<T, F>(c, i), read_src<T, F>(c, i)).value);
}
template <class T, Form F>
void op_add_nf(Cpu& c, const DecodedInsn& i) { binary_nf<T, F>(c, i, [](T a, T b) { return add<T>(a, b); }); }
template <class T, Form F>
void op_sub_nf(Cpu& c, const DecodedInsn& i) { binary_nf<T, F>(c, i, [](T a, T b) { return sub<T>(a, b); }); }
template <class T, Form F>
void op_and_nf(Cpu& c, const DecodedInsn& i) { binary_nf<T, F>(c, i, [](T a, T b) { return logic<T>(a & b); }); }
template <class T, Form F>
void op_or_nf(Cpu& c, const DecodedInsn& i) { binary_nf<T, F>(c, i, [](T a, T b) { return logic<T>(a | b); }); }
template <class T, Form F>
void op_xor_nf(Cpu& c, const DecodedInsn& i) { binary_nf<T, F>(c, i, [](T a, T b) { return logic<T>(a ^ b); }); }
template <class T, Form F>
void op_cmp_nf(Cpu&, const DecodedInsn&) {}  // CMP and TEST produce only flags
template <class T, Form F>
void op_test_nf(Cpu&, const DecodedInsn&) {}

// The generic handlers of ops.def.
template <class T>
void op_add(Cpu& c, const DecodedInsn& i) { op_add_form<T, Form::ANY>(c, i); }
template <class T>
void op_sub(Cpu& c, const DecodedInsn& i) { op_sub_form<T, Form::ANY>(c, i); }
template <class T>
void op_adc(Cpu& c, const DecodedInsn& i) { op_adc_form<T, Form::ANY>(c, i); }
template <class T>
void op_sbb(Cpu& c, const DecodedInsn& i) { op_sbb_form<T, Form::ANY>(c, i); }
template <class T>
void op_and(Cpu& c, const DecodedInsn& i) { op_and_form<T, Form::ANY>(c, i); }
template <class T>
void op_or(Cpu& c, const DecodedInsn& i) { op_or_form<T, Form::ANY>(c, i); }
template <class T>
void op_xor(Cpu& c, const DecodedInsn& i) { op_xor_form<T, Form::ANY>(c, i); }
template <class T>
void op_cmp(Cpu& c, const DecodedInsn& i) { op_cmp_form<T, Form::ANY>(c, i); }
template <class T>
void op_test(Cpu& c, const DecodedInsn& i) { op_test_form<T, Form::ANY>(c, i); }
template <class T>
void op_inc(Cpu& c, const DecodedInsn& i) { op_inc_form<T, Form::ANY>(c, i); }
template <class T>
void op_dec(Cpu& c, const DecodedInsn& i) { op_dec_form<T, Form::ANY>(c, i); }
// NEG is 0 - x: CF is set unless the operand was zero, exactly SUB's borrow.
template <class T>
void op_neg(Cpu& c, const DecodedInsn& i) { unary<T, Form::ANY>(c, i, [](T a) { return sub<T>(0, a); }); }
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
LSTAR_INSTANTIATE_FORMS(op_add_form);
LSTAR_INSTANTIATE_FORMS(op_adc_form);
LSTAR_INSTANTIATE_FORMS(op_sub_form);
LSTAR_INSTANTIATE_FORMS(op_sbb_form);
LSTAR_INSTANTIATE_FORMS(op_and_form);
LSTAR_INSTANTIATE_FORMS(op_or_form);
LSTAR_INSTANTIATE_FORMS(op_xor_form);
LSTAR_INSTANTIATE_FORMS(op_cmp_form);
LSTAR_INSTANTIATE_FORMS(op_test_form);
LSTAR_INSTANTIATE_FORMS(op_inc_form);
LSTAR_INSTANTIATE_FORMS(op_dec_form);

LSTAR_INSTANTIATE_NOFLAGS(op_add_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_sub_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_and_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_or_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_xor_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_cmp_nf);
LSTAR_INSTANTIATE_NOFLAGS(op_test_nf);

// MOV r, r and then ADD, SUB, AND, OR or XOR into its destination (chain.hpp chain_pair). The
// second's source is an immediate or another register (exec.cpp pair_twin), so the MOV's
// destination is only written.
namespace {
template <class T, Form F, bool Flags, class Op>
[[gnu::always_inline]] inline void mov_then_binary(Cpu& c, const DecodedInsn& m, const DecodedInsn& i, Op op) {
    const Result<T> r = op(get_reg<T>(c, m.op[1].reg), read_src<T, F>(c, i));
    set_reg<T>(c, i.op[0].reg, r.value);
    if constexpr (Flags) commit(c, r.flags);
}
template <class T, Form F, bool Flags>
void mov_add(Cpu& c, const DecodedInsn& m, const DecodedInsn& i) { mov_then_binary<T, F, Flags>(c, m, i, [](T a, T b) { return add<T>(a, b); }); }
template <class T, Form F, bool Flags>
void mov_sub(Cpu& c, const DecodedInsn& m, const DecodedInsn& i) { mov_then_binary<T, F, Flags>(c, m, i, [](T a, T b) { return sub<T>(a, b); }); }
template <class T, Form F, bool Flags>
void mov_and(Cpu& c, const DecodedInsn& m, const DecodedInsn& i) { mov_then_binary<T, F, Flags>(c, m, i, [](T a, T b) { return logic<T>(a & b); }); }
template <class T, Form F, bool Flags>
void mov_or(Cpu& c, const DecodedInsn& m, const DecodedInsn& i) { mov_then_binary<T, F, Flags>(c, m, i, [](T a, T b) { return logic<T>(a | b); }); }
template <class T, Form F, bool Flags>
void mov_xor(Cpu& c, const DecodedInsn& m, const DecodedInsn& i) { mov_then_binary<T, F, Flags>(c, m, i, [](T a, T b) { return logic<T>(a ^ b); }); }
}  // namespace
#define ALU_PAIR(op, T, F) \
    {&op_mov_form<T, Form::RR>, &op_##op##_form<T, F>, &chain_pair<&mov_##op<T, F, true>>, &chain_pair<&mov_##op<T, F, false>>}
#define ALU_PAIRS(op) ALU_PAIR(op, uint32_t, Form::RR), ALU_PAIR(op, uint32_t, Form::RI), \
                      ALU_PAIR(op, uint64_t, Form::RR), ALU_PAIR(op, uint64_t, Form::RI)
static const PairTwin alu_pairs[] = {ALU_PAIRS(add), ALU_PAIRS(sub), ALU_PAIRS(and), ALU_PAIRS(or), ALU_PAIRS(xor)};
const std::span<const PairTwin> alu_pair_twins{alu_pairs};
#undef ALU_PAIRS
#undef ALU_PAIR

// CMP and TEST with a memory operand when the TLB holds its page (chain_try), in 64-bit mode.
namespace {
template <class T, Form F, Ea E, class Op>
[[gnu::always_inline]] inline bool try_compare(Cpu& c, const DecodedInsn& i, Op op) {
    in_long64_block(c);
    const uint8_t* p = c.mmu.fast_host<T>(linear_ea<E>(c, i), Access::READ);
    if (!p) return false;
    T m;
    std::memcpy(&m, p, sizeof m);
    if constexpr (F == Form::RM) commit(c, op(get_reg<T>(c, i.op[0].reg), m).flags);
    else commit(c, op(m, read_src<T, F>(c, i)).flags);
    return true;
}
// ADD, SUB, AND, OR and XOR with a memory operand, the same way: one translation for a
// read-modify-write destination, as binary() does.
template <class T, Form F, Ea E, class Op>
[[gnu::always_inline]] inline bool try_binary(Cpu& c, const DecodedInsn& i, Op op) {
    in_long64_block(c);
    if constexpr (F == Form::RM) {
        const uint8_t* p = c.mmu.fast_host<T>(linear_ea<E>(c, i), Access::READ);
        if (!p) return false;
        T m;
        std::memcpy(&m, p, sizeof m);
        const Result<T> r = op(get_reg<T>(c, i.op[0].reg), m);
        set_reg<T>(c, i.op[0].reg, r.value);
        commit(c, r.flags);
    } else {
        uint8_t* p = c.mmu.fast_host<T>(linear_ea<E>(c, i), Access::WRITE);
        if (!p) return false;
        T m;
        std::memcpy(&m, p, sizeof m);
        const Result<T> r = op(m, read_src<T, F>(c, i));
        std::memcpy(p, &r.value, sizeof(T));
        commit(c, r.flags);
    }
    return true;
}
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_add(Cpu& c, const DecodedInsn& i) { return try_binary<T, F, E>(c, i, [](T a, T b) { return add<T>(a, b); }); }
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_sub(Cpu& c, const DecodedInsn& i) { return try_binary<T, F, E>(c, i, [](T a, T b) { return sub<T>(a, b); }); }
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_and(Cpu& c, const DecodedInsn& i) { return try_binary<T, F, E>(c, i, [](T a, T b) { return logic<T>(a & b); }); }
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_or(Cpu& c, const DecodedInsn& i) { return try_binary<T, F, E>(c, i, [](T a, T b) { return logic<T>(a | b); }); }
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_xor(Cpu& c, const DecodedInsn& i) { return try_binary<T, F, E>(c, i, [](T a, T b) { return logic<T>(a ^ b); }); }
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_cmp(Cpu& c, const DecodedInsn& i) { return try_compare<T, F, E>(c, i, [](T a, T b) { return sub<T>(a, b); }); }
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_test(Cpu& c, const DecodedInsn& i) { return try_compare<T, F, E>(c, i, [](T a, T b) { return logic<T>(a & b); }); }
}  // namespace
#define ALU_TRY(K, op, T, F, E) &K<&try_##op<T, F, Ea::E>, &chain<&op_##op##_form<T, F>>>
#define ALU_SHAPES(K, op, T, F) \
    {ALU_TRY(K, op, T, F, ANY), ALU_TRY(K, op, T, F, BASE), ALU_TRY(K, op, T, F, RIP), ALU_TRY(K, op, T, F, SIB), \
     ALU_TRY(K, op, T, F, INDEX), ALU_TRY(K, op, T, F, FSGS)}
#define ALU_FAST(op, T, F) {&op_##op##_form<T, F>, ALU_SHAPES(chain_try, op, T, F), ALU_SHAPES(chain_try_pure, op, T, F)}
#define ALU_FORMS(op, T) ALU_FAST(op, T, Form::RM), ALU_FAST(op, T, Form::MR), ALU_FAST(op, T, Form::MI)
#define ALU_WIDTHS(op) ALU_FORMS(op, uint8_t), ALU_FORMS(op, uint16_t), ALU_FORMS(op, uint32_t), ALU_FORMS(op, uint64_t)
static const FastTwin alu_fast[] = {ALU_WIDTHS(cmp), ALU_WIDTHS(test), ALU_WIDTHS(add), ALU_WIDTHS(sub),
                                   ALU_WIDTHS(and), ALU_WIDTHS(or), ALU_WIDTHS(xor)};
const std::span<const FastTwin> alu_fast_twins{alu_fast};
#undef ALU_WIDTHS
#undef ALU_FORMS
#undef ALU_FAST
#undef ALU_SHAPES
#undef ALU_TRY

}  // namespace lstar
