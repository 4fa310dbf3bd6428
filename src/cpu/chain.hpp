// Threaded dispatch: every handler H gets a twin, chain<H>, that runs the instruction and then
// jumps to the next instruction of the block itself (a sibling call the compiler turns into an
// indirect jump). A block of n instructions then costs n indirect jumps, each from its own
// handler's site, which the branch predictor tells apart far better than the one call site of a
// central loop; the loop in Cpu::run is entered once per block.
//
// Every block ends with a sentinel whose `chained` is Cpu::block_exit (exec.cpp), so the chain
// needs no count; the sentinel goes on into the next block when it can.
// A handler that must stop the block early (a fault, a mode change, code it overwrote) sets
// end_block, and the chain returns. Cpu::run uses the plain loop instead when the block may not
// run whole: a budget that ends inside it, single-stepping, an instruction observer.
#pragma once
#include "cpu/cpu.hpp"

namespace lstar {

template <Handler H>
void chain(Cpu& c, const DecodedInsn& d) {
    c.current_ = &d;
    c.s.rip = d.next_rip;  // RIP is the next instruction's address while one executes
    H(c, d);
    if (c.end_block) return;
    const DecodedInsn& next = (&d)[1];
    return next.chained(c, next);
}

// The twin of a register form (R, RR, RI of an ops_forms.def FORM entry) that is not the last
// instruction of its block: it cannot fault, read RIP or end the block, so it leaves RIP and
// current_ alone. The next instruction that can sets both, and the block's last instruction
// always runs through chain<H> (exec.cpp), so RIP is right whenever anyone looks.
template <Handler H>
void chain_pure(Cpu& c, const DecodedInsn& d) {
    H(c, d);
    const DecodedInsn& next = (&d)[1];
    return next.chained(c, next);
}

// The twin of a conditional branch, which need not be the last instruction of its block: a
// taken branch sets end_block (branch.cpp) and leaves through Cpu::side_exit, which goes on
// into the target's block as block_exit does; an untaken one falls through to the next
// instruction of the block.
template <Handler H>
void chain_branch(Cpu& c, const DecodedInsn& d) {
    c.current_ = &d;
    c.s.rip = d.next_rip;
    H(c, d);
    if (c.end_block) return Cpu::side_exit(c, d);
    const DecodedInsn& next = (&d)[1];
    return next.chained(c, next);
}

// The twin of a hot memory instruction whose common case, a TLB hit in 64-bit mode, `Try` does
// inline with no call at all, so that this twin saves no registers and touches no stack: a
// twin that may call out (a TLB miss, a fault, a legacy mode) must keep its state in
// callee-saved registers, which costs a dozen instructions on every run. When Try cannot
// (it returns false, having changed nothing) the full twin runs the instruction instead.
// exec.cpp binds these (fast_twin) wherever the plain twin would run.
using TryFn = bool (*)(Cpu&, const DecodedInsn&);

// The Try functions are bound only in 64-bit blocks (exec.cpp fast_twin), and a block runs in
// the mode it was built for (a mode change ends it), so they need not test the mode; the
// unoptimised (sanitizer) build checks that this holds.
inline void in_long64_block([[maybe_unused]] const Cpu& c) {
#ifndef __OPTIMIZE__
    if (!c.long64()) __builtin_trap();
#endif
}
template <TryFn Try, Handler Full>
void chain_try(Cpu& c, const DecodedInsn& d) {
    c.current_ = &d;
    c.s.rip = d.next_rip;
    if (!Try(c, d)) [[unlikely]]
        return Full(c, d);
    const DecodedInsn& next = (&d)[1];
    return next.chained(c, next);
}

// chain_try for an instruction that is not its block's last and whose Try reads neither RIP nor
// current_: as chain_pure, it leaves both to the next instruction that needs them (the full
// twin sets them when Try cannot go on).
template <TryFn Try, Handler Full>
void chain_try_pure(Cpu& c, const DecodedInsn& d) {
    if (!Try(c, d)) [[unlikely]]
        return Full(c, d);
    const DecodedInsn& next = (&d)[1];
    return next.chained(c, next);
}

// The same for a branch that may leave the block in the middle, as chain_branch: a Jcc, or a
// CALL or JMP whose target a trace predicted.
template <TryFn Try, Handler Full>
void chain_try_branch(Cpu& c, const DecodedInsn& d) {
    c.current_ = &d;
    c.s.rip = d.next_rip;
    if (!Try(c, d)) [[unlikely]]
        return Full(c, d);
    if (c.end_block) return Cpu::side_exit(c, d);
    const DecodedInsn& next = (&d)[1];
    return next.chained(c, next);
}

// The twin of a register MOV and the instruction after it, when that one computes into the
// MOV's destination (exec.cpp pair_twin): `mov rcx, rdx; shl rcx, 13`, the copy a compiler
// makes before a two-operand instruction. Pair runs both at once, so the copied value goes from
// one to the other in a host register rather than through CpuState (a store and a load the
// second would wait for), and the two cost one dispatch. Neither is its block's last, and
// neither can fault or reads RIP, as for chain_pure; the second keeps its place in the block
// for the paths that run one instruction at a time.
using PairFn = void (*)(Cpu&, const DecodedInsn& mov, const DecodedInsn& op);
template <PairFn Pair>
void chain_pair(Cpu& c, const DecodedInsn& d) {
    Pair(c, d, (&d)[1]);
    const DecodedInsn& next = (&d)[2];
    return next.chained(c, next);
}

// For handlers without a twin of their own (decode.cpp binds one for every handler it knows).
inline void chain_any(Cpu& c, const DecodedInsn& d) {
    c.current_ = &d;
    c.s.rip = d.next_rip;
    d.fn(c, d);
    if (c.end_block) return;
    const DecodedInsn& next = (&d)[1];
    return next.chained(c, next);
}

}  // namespace lstar
