// Stack instructions: PUSH POP (register, memory, immediate, FS/GS) ENTER LEAVE (SDM Vol. 1 §6.2,
// Vol. 2 PUSH/POP/ENTER/LEAVE). In 64-bit mode the stack address size is 64 bits and the operand
// size is 64 or 16 bits. Every handler's stack stores succeed before it moves RSP.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

// PUSH rSP pushes the old value, and a memory source's address uses the old rSP: the source is
// read before push() changes anything. An immediate is already sign-extended in i.imm.
// A segment register is pushed zero-extended to the operand size (the host Xeon writes all
// 8 bytes; the SDM also allows a 16-bit store).
template <class T>
void op_push(Cpu& c, const DecodedInsn& i) {
    const Operand& src = i.op[0];
    push<T>(c, src.cls == RegClass::SEG ? static_cast<T>(c.s.seg[src.reg].selector) : read_op<T>(c, i, 0));
}

// PUSH r and POP r of a general-purpose register (form R); the other forms are generic.
template <class T, Form F>
[[gnu::always_inline]] inline void op_push_form(Cpu& c, const DecodedInsn& i) {
    if constexpr (F != Form::R) op_push<T>(c, i);
    else push<T>(c, get_reg<T>(c, i.op[0].reg));
}

template <class T, Form F>
[[gnu::always_inline]] inline void op_pop_form(Cpu& c, const DecodedInsn& i) {
    if constexpr (F != Form::R) {
        op_pop<T>(c, i);
    } else {
        const T v = pop<T>(c);
        set_reg<T>(c, i.op[0].reg, v);  // after the increment: POP rSP keeps the popped value
    }
}

// A run of n PUSH r64 or PUSH imm (or POP r64) in 64-bit mode, none of them rSP, as the
// kernel's pt_regs and function prologues have them: when the run's stack slots lie in one page
// that the TLB holds for the access, all of them move at once and RSP changes once, and the
// chain goes on after the run; otherwise the first one runs alone and its successors follow one
// by one, so a fault stops at exactly the instruction that takes it.
// end_run leaves RIP and current_ as the run's last instruction would, and goes on after it.
void end_run(Cpu& c, const DecodedInsn& first, uint64_t n) {
    const DecodedInsn& last = (&first)[n - 1];
    c.current_ = &last;
    c.s.rip = last.next_rip;
    const DecodedInsn& next = (&first)[n];
    return next.chained(c, next);
}

void push_run(Cpu& c, const DecodedInsn& d) {
    const uint64_t n = d.imm2, rsp = c.s.gpr[RSP], lo = rsp - 8 * n;
    uint8_t* p = c.long64() && (lo >> 12) == ((rsp - 1) >> 12) ? c.mmu.fast_host<uint64_t>(lo, Access::WRITE) : nullptr;
    if (!p) return chain_any(c, d);  // PUSH r64 or PUSH imm
    for (uint64_t k = 0; k < n; ++k) {
        const DecodedInsn& push = (&d)[k];
        const uint64_t v = push.op[0].kind == OpKind::IMM ? push.imm : get_reg<uint64_t>(c, push.op[0].reg);
        std::memcpy(p + 8 * (n - 1 - k), &v, 8);
    }
    c.s.gpr[RSP] = lo;
    return end_run(c, d, n);
}

void pop_run(Cpu& c, const DecodedInsn& d) {
    const uint64_t n = d.imm2, rsp = c.s.gpr[RSP], hi = rsp + 8 * n;
    uint8_t* p = c.long64() && (rsp >> 12) == ((hi - 1) >> 12) ? c.mmu.fast_host<uint64_t>(rsp, Access::READ) : nullptr;
    if (!p) return chain<&op_pop_form<uint64_t, Form::R>>(c, d);
    for (uint64_t k = 0; k < n; ++k) {
        uint64_t v;
        std::memcpy(&v, p + 8 * k, 8);
        set_reg<uint64_t>(c, (&d)[k].op[0].reg, v);
    }
    c.s.gpr[RSP] = hi;
    return end_run(c, d, n);
}

// POP m: the address is computed with the incremented rSP (SDM Vol. 2 POP), so `pop qword [rsp]`
// writes to the new top; RSP moves only after the store succeeds. POP rSP keeps the popped
// value, not the increment. POP FS/GS load only the selector here.
// TODO(segments): the descriptor load, as for MOV Sreg (mov.cpp).
template <class T>
void op_pop(Cpu& c, const DecodedInsn& i) {
    const uint64_t old_rsp = c.s.gpr[RSP];
    const T v = c.load<T>(SS, old_rsp);
    const Operand& dst = i.op[0];
    if (dst.kind == OpKind::MEM) {
        c.s.gpr[RSP] = old_rsp + sizeof(T);
        const uint64_t addr = ea(c, i);
        c.s.gpr[RSP] = old_rsp;
        c.store<T>(i.mem.seg, addr, v);
    }
    c.s.gpr[RSP] = old_rsp + sizeof(T);
    if (dst.cls == RegClass::SEG) c.s.seg[dst.reg].selector = static_cast<uint16_t>(v);
    else if (dst.kind == OpKind::REG) set_reg<T>(c, dst.reg, v);
}

namespace {

constexpr unsigned MAX_NESTING = 32;

// ENTER with operand size T (SDM Vol. 2 ENTER, 64-bit stack): push rBP, copy level-1 frame
// pointers from the caller's display, push the new frame pointer, then allocate `size` bytes
// and write-check the final RSP. This follows the host Xeon literally: each push is stored as
// it happens, interleaved with the display reads (which see the earlier pushes where they
// overlap). RSP and rBP are committed at the end, so a fault leaves them unchanged but keeps
// the pushes already stored.
template <class T>
void enter(Cpu& c, uint16_t size, unsigned level) {
    constexpr uint64_t w = sizeof(T);
    const uint64_t rbp = c.s.gpr[RBP];
    uint64_t rsp = c.s.gpr[RSP];
    const auto push_temp = [&](T v) {
        rsp -= w;
        c.store<T>(SS, rsp, v);
    };
    push_temp(static_cast<T>(rbp));
    const uint64_t frame = rsp;
    for (unsigned k = 1; k < level; ++k) push_temp(c.load<T>(SS, rbp - k * w));
    if (level) push_temp(static_cast<T>(frame));
    rsp -= size;
    c.mmu.probe_write(c.linear(SS, rsp), 1, true);
    set_gpr<T>(c, RBP, static_cast<T>(frame));  // a 16-bit ENTER writes only BP (host Xeon)
    c.s.gpr[RSP] = rsp;
}

// LEAVE: rSP = rBP, then pop rBP; the 16-bit form pops BP and keeps RBP's upper bits.
template <class T>
void leave(Cpu& c) {
    const uint64_t rbp = c.s.gpr[RBP];
    const T v = c.load<T>(SS, rbp);
    c.s.gpr[RSP] = rbp + sizeof(T);
    set_gpr<T>(c, RBP, v);
}

}  // namespace

void op_enter(Cpu& c, const DecodedInsn& i) {
    const auto size = static_cast<uint16_t>(i.imm);
    const unsigned level = static_cast<unsigned>(i.imm2) % MAX_NESTING;
    if (i.opsize == 2) enter<uint16_t>(c, size, level);
    else enter<uint64_t>(c, size, level);
}

namespace {
[[gnu::always_inline]] inline void leave_frame(Cpu& c, const DecodedInsn& i) {
    if (i.opsize == 2) leave<uint16_t>(c);
    else leave<uint64_t>(c);
}
}  // namespace
LSTAR_HOT_HANDLER(op_leave, leave_frame);

LSTAR_INSTANTIATE_FORMS(op_push_form);
LSTAR_INSTANTIATE_FORMS(op_pop_form);

// PUSH r64 and POP r64 when the TLB holds the stack slot (chain_try), in 64-bit mode.
namespace {
[[gnu::always_inline]] inline bool try_push64(Cpu& c, const DecodedInsn& i) {
    in_long64_block(c);
    return fast_push64(c, get_reg<uint64_t>(c, i.op[0].reg));  // the old RSP for PUSH RSP
}
[[gnu::always_inline]] inline bool try_pop64(Cpu& c, const DecodedInsn& i) {
    uint64_t v;
    in_long64_block(c);
    if (!fast_top64(c, v)) return false;
    c.s.gpr[RSP] += 8;
    set_reg<uint64_t>(c, i.op[0].reg, v);  // after the increment, as op_pop_form
    return true;
}
// PUSH imm and PUSH m64 (op_push): the value first, then the slot, both through the TLB.
[[gnu::always_inline]] inline bool try_push_op64(Cpu& c, const DecodedInsn& i) {
    in_long64_block(c);
    if (i.op[0].kind == OpKind::REG) return false;
    uint64_t v = i.imm;
    if (i.op[0].kind == OpKind::MEM) {
        const uint8_t* m = c.mmu.fast_host<uint64_t>(linear_ea<Ea::ANY>(c, i), Access::READ);
        if (!m) return false;
        std::memcpy(&v, m, 8);
    }
    return fast_push64(c, v);
}
}  // namespace
#define STACK_FAST(fn, t) {fn, {&chain_try<&t, &chain<fn>>}, {&chain_try_pure<&t, &chain<fn>>}}
static const FastTwin stack_fast[] = {
    STACK_FAST(&op_push<uint64_t>, try_push_op64),
    STACK_FAST((&op_push_form<uint64_t, Form::M>), try_push_op64),
    STACK_FAST((&op_push_form<uint64_t, Form::R>), try_push64),
    STACK_FAST((&op_pop_form<uint64_t, Form::R>), try_pop64),
};
#undef STACK_FAST
const std::span<const FastTwin> stack_fast_twins{stack_fast};
LSTAR_INSTANTIATE_WIDTHS(op_push);
LSTAR_INSTANTIATE_WIDTHS(op_pop);


}  // namespace lstar
