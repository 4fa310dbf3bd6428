// Near branches: JMP, CALL, RET, Jcc, JrCXZ, LOOP/LOOPE/LOOPNE (SDM Vol. 2; Vol. 1 §6.3).
//
// In 64-bit mode near branches always use 64-bit operand size: Intel ignores 0x66 on them, and
// Zydis already reports operand_width 64 and a rel32 displacement for 66-prefixed forms. A
// non-canonical target raises #GP(0) at the branch (Intel; AMD faults at the target), so each
// handler checks the target before it pops or writes rCX; only CALL stores first (see op_call).
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// Target of a near JMP/CALL/Jcc: RIP-relative displacement or absolute r/m of the operand size
// (64 bits in 64-bit mode, 32 or 16 in the 32-bit modes). The displacement form is inline in
// the hot twins; an r/m target goes out of line.
[[gnu::noinline]] uint64_t indirect_target(Cpu& c, const DecodedInsn& i) {
    if (i.opsize == 8) return read_op<uint64_t>(c, i, 0);
    return i.opsize == 4 ? read_op<uint32_t>(c, i, 0) : read_op<uint16_t>(c, i, 0);
}
[[gnu::always_inline]] inline uint64_t near_target(Cpu& c, const DecodedInsn& i) {
    if (i.op[0].kind == OpKind::IMM) [[likely]] return c.s.rip + i.imm;
    return indirect_target(c, i);
}

// A near CALL or RET outside 64-bit mode: 32- or 16-bit return addresses on an ESP/SP stack.
void call_legacy(Cpu& c, const DecodedInsn& i, uint64_t target) {
    const uint64_t sp = (c.s.gpr[RSP] - i.opsize) & stack_mask(c);
    if (i.opsize == 4) c.store<uint32_t>(SS, sp, static_cast<uint32_t>(c.s.rip));
    else c.store<uint16_t>(SS, sp, static_cast<uint16_t>(c.s.rip));
    branch_to(c, i.opsize == 4 ? static_cast<uint32_t>(target) : static_cast<uint16_t>(target));
    set_stack_pointer(c, sp);
}
void ret_legacy(Cpu& c, const DecodedInsn& i) {
    const uint64_t sp = c.s.gpr[RSP] & stack_mask(c);
    const uint64_t to = i.opsize == 4 ? c.load<uint32_t>(SS, sp) : c.load<uint16_t>(SS, sp);
    branch_to(c, to);
    set_stack_pointer(c, sp + i.opsize + static_cast<uint16_t>(i.imm));
}

// LOOPcc: decrement the counter without touching the flags and branch while it is non-zero
// and `cond` holds. The branch is checked first so a #GP leaves rCX unchanged.
// The counter is rCX by the address size (SDM Vol. 2 LOOP).
void loop_while(Cpu& c, const DecodedInsn& i, bool cond) {
    AddrRegs r(c, i);
    const uint64_t left = (r.get(RCX) - 1) & r.mask();
    if (left != 0 && cond) branch_to(c, c.s.rip + i.imm);
    r.set(RCX, left);
}

}  // namespace

namespace {
[[gnu::always_inline]] inline void jmp_near(Cpu& c, const DecodedInsn& i) { branch_to(c, near_target(c, i)); }
}  // namespace
LSTAR_HOT_HANDLER(op_jmp, jmp_near);

// CALL reads its target (which may use RSP) before anything changes. The return address is
// stored before the target is checked: a non-canonical target raises #GP(0) with RSP and RIP
// unchanged but [RSP-8] written, and a faulting store (#PF/#SS) wins over the #GP (observed on
// the host Intel Xeon).
namespace {
[[gnu::always_inline]] inline void call_near(Cpu& c, const DecodedInsn& i) {
    const uint64_t target = near_target(c, i);
    if (!c.long64()) return call_legacy(c, i, target);
    const uint64_t rsp = c.s.gpr[RSP] - 8;
    c.store<uint64_t>(SS, rsp, c.s.rip);
    branch_to(c, target);
    c.s.gpr[RSP] = rsp;
}
}  // namespace
LSTAR_HOT_HANDLER(op_call, call_near);

// RET [imm16]: read the return address, check it, then release it and imm16 more bytes.
namespace {
[[gnu::always_inline]] inline void ret_near(Cpu& c, const DecodedInsn& i) {
    if (!c.long64()) return ret_legacy(c, i);
    branch_to(c, c.load<uint64_t>(SS, c.s.gpr[RSP]));
    c.s.gpr[RSP] += 8 + static_cast<uint16_t>(i.imm);
}
}  // namespace
LSTAR_HOT_HANDLER(op_ret, ret_near);

// A RET that returns from a CALL its own block followed (exec.cpp, build): the block goes on
// at the return address it expects (imm2), which decoding put right after the RET; a stack
// that holds another address ends the block there, and it leaves through Cpu::side_exit as a
// taken Jcc does (chain_branch).
namespace {
[[gnu::always_inline]] inline void ret_inline(Cpu& c, const DecodedInsn& i) {
    ret_near(c, i);
    if (c.s.rip != i.imm2) c.end_block = true;
}
}  // namespace
void op_ret_inline(Cpu& c, const DecodedInsn& i) { ret_inline(c, i); }
extern const Handler op_ret_inline_twin;
const Handler op_ret_inline_twin = &chain_branch<&ret_inline>;

// An indirect CALL or JMP whose target a trace predicts (exec.cpp) from where it went before
// (imm2): the trace goes on there, and another target leaves it (end_block, side exit).
namespace {
[[gnu::always_inline]] inline void call_predicted(Cpu& c, const DecodedInsn& i) {
    call_near(c, i);
    if (c.s.rip != i.imm2) c.end_block = true;
}
[[gnu::always_inline]] inline void jmp_predicted(Cpu& c, const DecodedInsn& i) {
    jmp_near(c, i);
    if (c.s.rip != i.imm2) c.end_block = true;
}
}  // namespace
void op_call_predicted(Cpu& c, const DecodedInsn& i) { call_predicted(c, i); }
void op_jmp_predicted(Cpu& c, const DecodedInsn& i) { jmp_predicted(c, i); }
extern const Handler op_call_predicted_twin, op_jmp_predicted_twin;
const Handler op_call_predicted_twin = &chain_branch<&call_predicted>;
const Handler op_jmp_predicted_twin = &chain_branch<&jmp_predicted>;

// CALL rel32 and RET in 64-bit mode when the TLB holds the stack slot and the target is
// canonical (chain_try); anything else, a #GP included, goes to the full twin.
namespace {
// The target of a near JMP or CALL in 64-bit mode: rel32, r64, or m64 the TLB holds; false
// when it must take the checked path.
[[gnu::always_inline]] inline bool fast_target(Cpu& c, const DecodedInsn& i, uint64_t& target) {
    switch (i.op[0].kind) {
    case OpKind::IMM: target = i.next_rip + i.imm; return true;
    case OpKind::REG: target = c.s.gpr[i.op[0].reg >> 3]; return true;
    default: {
        const uint8_t* p = c.mmu.fast_host<uint64_t>(linear_ea<Ea::ANY>(c, i), Access::READ);
        if (!p) return false;
        std::memcpy(&target, p, 8);
        return true;
    }
    }
}
[[gnu::always_inline]] inline bool try_jmp(Cpu& c, const DecodedInsn& i) {
    uint64_t target;
    in_long64_block(c);
    if (!fast_target(c, i, target) || !is_canonical(target)) return false;
    c.s.rip = target;
    return true;
}
[[gnu::always_inline]] inline bool try_call(Cpu& c, const DecodedInsn& i) {
    uint64_t target;
    in_long64_block(c);
    if (!fast_target(c, i, target) || !is_canonical(target) || !fast_push64(c, i.next_rip)) return false;
    c.s.rip = target;
    return true;
}
// CALL rel32 and JMP rel to a target exec.cpp found canonical.
[[gnu::always_inline]] inline bool try_call_rel(Cpu& c, const DecodedInsn& i) {
    in_long64_block(c);
    if (!fast_push64(c, i.next_rip)) return false;
    c.s.rip = i.next_rip + i.imm;
    return true;
}
[[gnu::always_inline]] inline bool try_jmp_rel(Cpu& c, const DecodedInsn& i) {
    c.s.rip = i.next_rip + i.imm;
    return true;
}
// RET [imm16] once its return address `to` is known good.
[[gnu::always_inline]] inline bool ret_to(Cpu& c, const DecodedInsn& i, uint64_t to) {
    c.s.rip = to;
    c.s.gpr[RSP] += 8 + static_cast<uint16_t>(i.imm);
    return true;
}
[[gnu::always_inline]] inline bool try_ret(Cpu& c, const DecodedInsn& i) {
    uint64_t to;
    in_long64_block(c);
    return fast_top64(c, to) && is_canonical(to) && ret_to(c, i, to);
}
// A RET that returns where its trace expects (imm2, which is canonical): nothing else to check,
// and the trace goes on. Another address goes to the full twin, which leaves the trace.
[[gnu::always_inline]] inline bool try_ret_expected(Cpu& c, const DecodedInsn& i) {
    uint64_t to;
    in_long64_block(c);
    return fast_top64(c, to) && to == i.imm2 && ret_to(c, i, to);
}
// A CALL or JMP that a trace goes on after at imm2 (call_predicted, jmp_predicted): another
// target leaves the trace.
template <TryFn Try>
[[gnu::always_inline]] inline bool try_expected(Cpu& c, const DecodedInsn& i) {
    if (!Try(c, i)) return false;
    if (c.s.rip != i.imm2) c.end_block = true;
    return true;
}
}  // namespace
static const FastTwin branch_fast[] = {
    {&op_jmp, {&chain_try<&try_jmp, &chain<&jmp_near>>}, {}, &chain_try<&try_jmp_rel, &chain<&jmp_near>>},
    {&op_call, {&chain_try<&try_call, &chain<&call_near>>}, {}, &chain_try<&try_call_rel, &chain<&call_near>>},
    {&op_ret, {&chain_try<&try_ret, &chain<&ret_near>>}},
    {&op_ret_inline, {&chain_try<&try_ret_expected, &chain_branch<&ret_inline>>}},
    {&op_call_predicted, {&chain_try_branch<&try_expected<try_call>, &chain_branch<&call_predicted>>}},
    {&op_jmp_predicted, {&chain_try_branch<&try_expected<try_jmp>, &chain_branch<&jmp_predicted>>}},
};
const std::span<const FastTwin> branch_fast_twins{branch_fast};

// One handler per condition (ops.def binds Jcc with Cond<cc>), so the test folds to the few
// instructions that condition needs.
// A taken Jcc ends the block, which may go on past it (decode.cpp ends_block, chain_branch).
template <class C>
[[gnu::always_inline]] inline void op_jcc(Cpu& c, const DecodedInsn& i) {
    if (c.cond(C::value)) {
        branch_to(c, c.s.rip + i.imm);
        c.end_block = true;
    }
}

void op_jrcxz(Cpu& c, const DecodedInsn& i) {
    if (AddrRegs(c, i).get(RCX) == 0) branch_to(c, c.s.rip + i.imm);
}

void op_loop(Cpu& c, const DecodedInsn& i) { loop_while(c, i, true); }

void op_loope(Cpu& c, const DecodedInsn& i) { loop_while(c, i, c.cond(4)); }    // ZF=1

void op_loopne(Cpu& c, const DecodedInsn& i) { loop_while(c, i, c.cond(5)); }   // ZF=0

#define JCC(cc) LSTAR_INSTANTIATE_ELEMENT(op_jcc, Cond<cc>);
JCC(0) JCC(1) JCC(2) JCC(3) JCC(4) JCC(5) JCC(6) JCC(7)
JCC(8) JCC(9) JCC(10) JCC(11) JCC(12) JCC(13) JCC(14) JCC(15)
#undef JCC

// Jcc in a 64-bit block, whose target exec.cpp checked to be canonical, when the recorded flags
// give the condition directly (flags.hpp fast_condition): no call, so no registers to save
// (chain_try_branch); other records go to the full twin.
namespace {
template <unsigned CC>
[[gnu::always_inline]] inline bool try_jcc(Cpu& c, const DecodedInsn& i) {
    const int taken = fast_condition(c.lazy, CC);
    if (taken < 0) return false;
    if (taken) {
        c.s.rip = i.next_rip + i.imm;
        c.end_block = true;
    }
    return true;
}
}  // namespace
#define JCC(cc) {&op_jcc<Cond<cc>>, {}, {}, &chain_try_branch<&try_jcc<cc>, &chain_branch<&op_jcc<Cond<cc>>>>}
const FastTwin jcc_fast_twins[16] = {JCC(0), JCC(1), JCC(2),  JCC(3),  JCC(4),  JCC(5),  JCC(6),  JCC(7),
                                     JCC(8), JCC(9), JCC(10), JCC(11), JCC(12), JCC(13), JCC(14), JCC(15)};
#undef JCC

// A Jcc that a trace predicts taken (exec.cpp): the trace goes on at the target, which follows
// it in the block; when the condition fails the fall-through leaves the trace as a taken Jcc
// leaves a block (end_block, side exit). Either way RIP is where execution goes on.
namespace {
template <class C>
[[gnu::always_inline]] inline void op_jcc_taken(Cpu& c, const DecodedInsn& i) {
    if (c.cond(C::value)) branch_to(c, c.s.rip + i.imm);
    else c.end_block = true;
}
template <unsigned CC>
[[gnu::always_inline]] inline bool try_jcc_taken(Cpu& c, const DecodedInsn& i) {
    const int taken = fast_condition(c.lazy, CC);
    if (taken < 0) return false;
    if (taken) c.s.rip = i.next_rip + i.imm;
    else c.end_block = true;
    return true;
}
template <class C>
void jcc_taken_handler(Cpu& c, const DecodedInsn& i) { op_jcc_taken<C>(c, i); }
}  // namespace
#define JCC(cc)                                \
    {&jcc_taken_handler<Cond<cc>>, {}, {}, \
     &chain_try_branch<&try_jcc_taken<cc>, &chain_branch<&op_jcc_taken<Cond<cc>>>>}
const FastTwin jcc_taken_twins[16] = {JCC(0), JCC(1), JCC(2),  JCC(3),  JCC(4),  JCC(5),  JCC(6),  JCC(7),
                                      JCC(8), JCC(9), JCC(10), JCC(11), JCC(12), JCC(13), JCC(14), JCC(15)};
#undef JCC

// The Jcc twins decode.cpp uses (chain_branch), by condition.
extern const Handler jcc_twins[16];
#define JCC(cc) &chain_branch<&op_jcc<Cond<cc>>>
const Handler jcc_twins[16] = {JCC(0), JCC(1), JCC(2),  JCC(3),  JCC(4),  JCC(5),  JCC(6),  JCC(7),
                               JCC(8), JCC(9), JCC(10), JCC(11), JCC(12), JCC(13), JCC(14), JCC(15)};
#undef JCC


}  // namespace lstar
