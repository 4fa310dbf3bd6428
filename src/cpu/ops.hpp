// Declarations of every handler named in ops.def.
#pragma once
#include <span>

#include "cpu/chain.hpp"
#include "cpu/cpu.hpp"

namespace lstar {

#define OPW(mnemonic, handler) template <class T> void handler(Cpu&, const DecodedInsn&);
#define OPF(mnemonic, handler) void handler(Cpu&, const DecodedInsn&);
#define OPH(mnemonic, handler) void handler(Cpu&, const DecodedInsn&);
#define OPE(mnemonic, handler, type) template <class E> void handler(Cpu&, const DecodedInsn&);
#include "cpu/ops.def"
#undef OPW
#undef OPF
#undef OPH
#undef OPE

#define FORM(mnemonic, handler) template <class T, Form F> void handler(Cpu&, const DecodedInsn&);
#define FORM_MEM FORM
#include "cpu/ops_forms.def"
#undef FORM
#undef FORM_MEM

#define NOFLAGS(handler, nf, kind) template <class T, Form F> void nf(Cpu&, const DecodedInsn&);
#include "cpu/ops_noflags.def"
#undef NOFLAGS

// Twins for a run of PUSH r64 or POP r64 in 64-bit mode (stack.cpp); exec.cpp gives them to the
// first instruction of the run, with the run's length in imm2.
void push_run(Cpu&, const DecodedInsn&);
void pop_run(Cpu&, const DecodedInsn&);

// The calls-free twins of the hottest memory instructions (chain.hpp chain_try), as pairs of
// handler and twin, from mov.cpp, stack.cpp and branch.cpp; exec.cpp looks them up (fast_twin).
// The twins by the shape of the memory operand (operands.hpp Ea: ANY serves every shape, BASE,
// RIP, SIB, INDEX and FSGS where the handler has them), and their chain_try_pure forms for an instruction that is
// not its block's last (none for branches, which must leave RIP and current_ right).
// `rel` serves a relative branch whose target exec.cpp found canonical.
struct FastTwin {
    Handler fn;
    Handler twin[6];
    Handler pure[6] = {};
    Handler rel = nullptr;
};
extern const std::span<const FastTwin> mov_fast_twins, stack_fast_twins, branch_fast_twins, alu_fast_twins;
// Jcc by condition, for a block that has checked the target is canonical (fast_twin); and the
// same predicted taken, for traces that go on at the target (exec.cpp).
extern const FastTwin jcc_fast_twins[16], jcc_taken_twins[16];

// MOV r, r fused with the register-form instruction after it that computes into the same
// register (chain.hpp chain_pair), from alu.cpp and shift.cpp; exec.cpp looks them up by the
// second handler (pair_twin). The twin that records the second's flags, and the one for when
// they are dead (ops_noflags.def).
struct PairTwin {
    Handler mov;  // op_mov_form<T, Form::RR> of the second's width
    Handler op;
    Handler with_flags;
    Handler without_flags;
};
extern const std::span<const PairTwin> alu_pair_twins, shift_pair_twins;

// A RET that a trace goes on after, and its twin (branch.cpp); exec.cpp gives them to a RET
// back to a CALL the trace followed, or to one that always returned to one place, with the
// return address it expects in imm2.
void op_ret_inline(Cpu&, const DecodedInsn&);
extern const Handler op_ret_inline_twin;
// An indirect CALL or JMP that a trace predicts goes to imm2 (branch.cpp), and their twins.
void op_call_predicted(Cpu&, const DecodedInsn&);
void op_jmp_predicted(Cpu&, const DecodedInsn&);
extern const Handler op_call_predicted_twin, op_jmp_predicted_twin;

// Handler for encodings lstar does not implement: raises #UD (misc.cpp).
void op_ud(Cpu&, const DecodedInsn&);

// Variants that share a mnemonic with another instruction; decode.cpp picks them from the
// operands: far JMP/CALL/RET (segment.cpp) and MOV to/from control and debug registers
// (system.cpp).
void op_jmp_far(Cpu&, const DecodedInsn&);
void op_call_far(Cpu&, const DecodedInsn&);
void op_ret_far(Cpu&, const DecodedInsn&);
void op_mov_cr(Cpu&, const DecodedInsn&);
void op_mov_dr(Cpu&, const DecodedInsn&);

}  // namespace lstar

// Explicit instantiation of a handler and of its threaded twin (chain.hpp), which inlines it:
// the twin must be instantiated where the handler's body is. decode.cpp declares these twins
// `extern template` so that it does not build copies of its own that only call the handler.
#define LSTAR_INSTANTIATE_HANDLER(...)                                              \
    template void __VA_ARGS__(::lstar::Cpu&, const ::lstar::DecodedInsn&);         \
    template void ::lstar::chain<&__VA_ARGS__>(::lstar::Cpu&, const ::lstar::DecodedInsn&)

// A plain handler bound with OPH and its twin, both made from `body`, an always_inline function
// of the same signature, so that the twin inlines it; decode.cpp finds the twin as handler_twin.
#define LSTAR_HOT_HANDLER(handler, body)                                                          \
    void handler(::lstar::Cpu& c, const ::lstar::DecodedInsn& i) { body(c, i); }                \
    extern const ::lstar::Handler handler##_twin;                                                 \
    const ::lstar::Handler handler##_twin = &::lstar::chain<&body>

// A width-generic handler for the four operand sizes; each instruction file lists its handlers
// once, at its end.
#define LSTAR_INSTANTIATE_WIDTHS(handler)           \
    LSTAR_INSTANTIATE_HANDLER(handler<uint8_t>);    \
    LSTAR_INSTANTIATE_HANDLER(handler<uint16_t>);   \
    LSTAR_INSTANTIATE_HANDLER(handler<uint32_t>);   \
    LSTAR_INSTANTIATE_HANDLER(handler<uint64_t>)

// A form-specialised handler (ops_forms.def) for the four widths and the seven forms, and the
// pure twins (chain.hpp) of its register forms, which decode.cpp uses for FORM entries.
#define LSTAR_INSTANTIATE_PURE(...) \
    template void ::lstar::chain_pure<&__VA_ARGS__>(::lstar::Cpu&, const ::lstar::DecodedInsn&)
#define LSTAR_INSTANTIATE_FORM(handler, T)                            \
    LSTAR_INSTANTIATE_PURE(handler<T, ::lstar::Form::R>);            \
    LSTAR_INSTANTIATE_PURE(handler<T, ::lstar::Form::RR>);           \
    LSTAR_INSTANTIATE_PURE(handler<T, ::lstar::Form::RI>);           \
    LSTAR_INSTANTIATE_HANDLER(handler<T, ::lstar::Form::R>);         \
    LSTAR_INSTANTIATE_HANDLER(handler<T, ::lstar::Form::RR>);        \
    LSTAR_INSTANTIATE_HANDLER(handler<T, ::lstar::Form::RI>);        \
    LSTAR_INSTANTIATE_HANDLER(handler<T, ::lstar::Form::M>);         \
    LSTAR_INSTANTIATE_HANDLER(handler<T, ::lstar::Form::RM>);        \
    LSTAR_INSTANTIATE_HANDLER(handler<T, ::lstar::Form::MR>);        \
    LSTAR_INSTANTIATE_HANDLER(handler<T, ::lstar::Form::MI>)
#define LSTAR_INSTANTIATE_FORMS(handler)      \
    LSTAR_INSTANTIATE_FORM(handler, uint8_t);  \
    LSTAR_INSTANTIATE_FORM(handler, uint16_t); \
    LSTAR_INSTANTIATE_FORM(handler, uint32_t); \
    LSTAR_INSTANTIATE_FORM(handler, uint64_t)

// The pure twins of a flagless handler (ops_noflags.def) for the register forms.
#define LSTAR_INSTANTIATE_NOFLAGS_WIDTH(nf, T)         \
    LSTAR_INSTANTIATE_PURE(nf<T, ::lstar::Form::R>);  \
    LSTAR_INSTANTIATE_PURE(nf<T, ::lstar::Form::RR>); \
    LSTAR_INSTANTIATE_PURE(nf<T, ::lstar::Form::RI>)
#define LSTAR_INSTANTIATE_NOFLAGS(nf)                  \
    LSTAR_INSTANTIATE_NOFLAGS_WIDTH(nf, uint8_t);      \
    LSTAR_INSTANTIATE_NOFLAGS_WIDTH(nf, uint16_t);     \
    LSTAR_INSTANTIATE_NOFLAGS_WIDTH(nf, uint32_t);     \
    LSTAR_INSTANTIATE_NOFLAGS_WIDTH(nf, uint64_t)

// An element-typed handler (OPE) for one element type.
#define LSTAR_INSTANTIATE_ELEMENT(handler, type) LSTAR_INSTANTIATE_HANDLER(handler<type>)
