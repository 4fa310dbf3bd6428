// String instructions: MOVS CMPS SCAS LODS STOS with REP/REPE/REPNE (SDM Vol. 1 §7.3.9,
// Vol. 2 "REP/REPE/REPZ/REPNE/REPNZ").
//
// A repeated instruction runs all its iterations inside one handler call. Each iteration does its
// memory accesses first and only then advances rSI/rDI/rCX, so a fault in iteration k leaves the
// registers describing iterations 0..k-1, and the loop in exec.cpp rewinds RIP to the instruction:
// resuming after the fault handler continues where it stopped, as on hardware.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// Runs `once` under the instruction's repeat prefix. `once` performs one iteration (accesses,
// then pointer updates) and returns whether the compared elements were equal (ZF); only
// compares pass `compares`, which makes REPE stop on ZF=0 and REPNE on ZF=1. For MOVS, STOS and
// LODS, F2 repeats like F3, as Intel hardware does.
template <class Once>
void repeat(Cpu& c, const DecodedInsn& i, bool compares, Once once) {
    if (!(i.prefixes & (pfx::REP | pfx::REPNE))) {
        once();
        return;
    }
    const bool until_equal = (i.prefixes & pfx::REPNE) != 0;
    AddrRegs r(c, i);
    for (uint64_t n = r.get(RCX); n != 0;) {
        const bool equal = once();
        r.set(RCX, --n);
        if (compares && equal == until_equal) break;
    }
}

// CMPS and SCAS set the flags of SUB: first operand minus second.
template <class T>
bool compare(Cpu& c, T a, T b) {
    const T res = static_cast<T>(a - b);
    c.set_lazy(FlagOp::SUB, a, b, res);
    return res == 0;
}

}  // namespace

// The source of MOVS, CMPS and LODS is seg:[rSI] with seg = DS or the override (decode.cpp puts
// it in i.mem.seg); the destination ES:[rDI] cannot be overridden.
template <class T>
void op_movs(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat(c, i, false, [&] {
        c.store<T>(ES, r.get(RDI), c.load<T>(i.mem.seg, r.get(RSI)));
        r.advance<T>(RSI);
        r.advance<T>(RDI);
        return true;
    });
}

template <class T>
void op_cmps(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat(c, i, true, [&] {
        const T src = c.load<T>(i.mem.seg, r.get(RSI));
        const T dst = c.load<T>(ES, r.get(RDI));
        r.advance<T>(RSI);
        r.advance<T>(RDI);
        return compare<T>(c, src, dst);
    });
}

template <class T>
void op_scas(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat(c, i, true, [&] {
        const T v = c.load<T>(ES, r.get(RDI));
        r.advance<T>(RDI);
        return compare<T>(c, gpr<T>(c, RAX), v);
    });
}

template <class T>
void op_lods(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat(c, i, false, [&] {
        set_gpr<T>(c, RAX, c.load<T>(i.mem.seg, r.get(RSI)));
        r.advance<T>(RSI);
        return true;
    });
}

template <class T>
void op_stos(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat(c, i, false, [&] {
        c.store<T>(ES, r.get(RDI), gpr<T>(c, RAX));
        r.advance<T>(RDI);
        return true;
    });
}

LSTAR_INSTANTIATE_WIDTHS(op_movs);
LSTAR_INSTANTIATE_WIDTHS(op_cmps);
LSTAR_INSTANTIATE_WIDTHS(op_scas);
LSTAR_INSTANTIATE_WIDTHS(op_lods);
LSTAR_INSTANTIATE_WIDTHS(op_stos);

}  // namespace lstar
