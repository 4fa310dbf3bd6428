// Exchange instructions: XCHG, XADD, CMPXCHG, CMPXCHG8B, CMPXCHG16B.
//
// lstar runs one processor, so LOCK needs nothing: every instruction here is already atomic.
// A memory destination is read with write intent first (read_rmw / Access::WRITE), so the
// stores that follow cannot fault and a fault leaves every register and flag as it was.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// CMPXCHG8B/16B (SDM Vol. 2 CMPXCHG8B/CMPXCHG16B): compare rDX:rAX with the memory pair
// and store rCX:rBX there if equal, else load it into rDX:rAX. Half is the width of one register.
template <class Half>
void compare_exchange_pair(Cpu& c, const DecodedInsn& i) {
    const Half lo = load_mem<Half>(c, i, 0, Access::WRITE);
    const Half hi = load_mem<Half>(c, i, sizeof(Half), Access::WRITE);
    const bool equal = lo == gpr<Half>(c, RAX) && hi == gpr<Half>(c, RDX);
    // The locked cycle writes the destination either way, with its old value when unequal.
    store_mem<Half>(c, i, equal ? gpr<Half>(c, RBX) : lo);
    store_mem<Half>(c, i, equal ? gpr<Half>(c, RCX) : hi, sizeof(Half));
    if (!equal) {
        set_gpr<Half>(c, RAX, lo);
        set_gpr<Half>(c, RDX, hi);
    }
    c.set_status(fl::ZF, equal ? fl::ZF : 0);  // CF PF AF SF OF are kept
}

}  // namespace

// XCHG (SDM Vol. 2 XCHG). 90 is NOP and never reaches here; 87 C0 (`xchg eax, eax`) does, and
// its 32-bit write zero-extends RAX.
template <class T>
void op_xchg(Cpu& c, const DecodedInsn& i) {
    const T a = read_rmw<T>(c, i, 0);
    const T b = read_rmw<T>(c, i, 1);
    write_op<T>(c, i, 0, b);
    write_op<T>(c, i, 1, a);
}

// XADD: TEMP := SRC + DEST; SRC := DEST; DEST := TEMP. Writing SRC first makes
// `xadd eax, eax` leave the sum. A memory DEST's address is computed once, before SRC changes:
// `xadd [rbx], rbx` adds into the location the old RBX names.
template <class T>
void op_xadd(Cpu& c, const DecodedInsn& i) {
    const uint8_t src_reg = i.op[1].reg;
    const T src = get_reg<T>(c, src_reg);
    T dst;
    if (i.op[0].kind == OpKind::MEM) {
        const uint64_t addr = ea(c, i);
        dst = c.load<T>(i.mem.seg, addr, Access::WRITE);
        set_reg<T>(c, src_reg, dst);
        c.store<T>(i.mem.seg, addr, static_cast<T>(dst + src));
    } else {
        dst = get_reg<T>(c, i.op[0].reg);
        set_reg<T>(c, src_reg, dst);
        set_reg<T>(c, i.op[0].reg, static_cast<T>(dst + src));
    }
    c.set_lazy<T>(FlagOp::ADD, dst, src, static_cast<T>(dst + src));
}

// CMPXCHG: flags as CMP accumulator, DEST. Equal: DEST := SRC and the accumulator is not
// written (no zero-extension of RAX). Unequal: the accumulator := DEST; a register DEST is left
// alone, a memory DEST is rewritten with its own value.
template <class T>
void op_cmpxchg(Cpu& c, const DecodedInsn& i) {
    const T dst = read_rmw<T>(c, i, 0);
    const T src = get_reg<T>(c, i.op[1].reg);
    const T acc = gpr<T>(c, RAX);
    if (acc == dst) {
        write_op<T>(c, i, 0, src);
    } else {
        if (i.op[0].kind == OpKind::MEM) write_op<T>(c, i, 0, dst);
        set_gpr<T>(c, RAX, dst);
    }
    c.set_lazy<T>(FlagOp::SUB, acc, dst, static_cast<T>(acc - dst));
}

void op_cmpxchg8b(Cpu& c, const DecodedInsn& i) { compare_exchange_pair<uint32_t>(c, i); }

// CMPXCHG16B needs a 16-byte aligned operand: #GP(0) otherwise, before any access.
void op_cmpxchg16b(Cpu& c, const DecodedInsn& i) {
    if (c.linear(i.mem.seg, ea(c, i)) & 15) raise(Vec::GP, 0);
    compare_exchange_pair<uint64_t>(c, i);
}

LSTAR_INSTANTIATE_WIDTHS(op_xchg);
LSTAR_INSTANTIATE_WIDTHS(op_xadd);
LSTAR_INSTANTIATE_WIDTHS(op_cmpxchg);

}  // namespace lstar
