// String instructions: MOVS CMPS SCAS LODS STOS with REP/REPE/REPNE (SDM Vol. 1 §7.3.9,
// Vol. 2 "REP/REPE/REPZ/REPNE/REPNZ").
//
// A repeated instruction runs all its iterations inside one handler call. Each iteration does its
// memory accesses first and only then advances rSI/rDI/rCX, so a fault in iteration k leaves the
// registers describing iterations 0..k-1, and the loop in exec.cpp rewinds RIP to the instruction:
// resuming after the fault handler continues where it stopped, as on hardware.
//
// Observed on the host Intel Xeon, where it departs from "nothing changes before a fault":
// - A REP prefix writes rCX back at the address size before the first iteration, so with 0x67
//   RCX[63:32] is zeroed even for a count of 0 or a fault in the first iteration. REP MOVS does
//   the same to rSI and rDI, REP STOS to rDI; LODS, CMPS and SCAS leave their pointers alone
//   until they advance them.
// - A REPE/REPNE CMPS or SCAS that faults keeps its progress in rCX/rSI/rDI but leaves the
//   status flags as they were before the instruction.
// - CMPS reads ES:[rDI] before seg:[rSI], so when both fault the #PF is for rDI.
#include <initializer_list>

#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

bool repeated(const DecodedInsn& i) { return (i.prefixes & (pfx::REP | pfx::REPNE)) != 0; }

// Writes rCX and `pointers` back at the address size, as a REP prefix does before iterating.
void rewrite_at_address_size(AddrRegs& r, std::initializer_list<Gpr> pointers) {
    r.set(RCX, r.get(RCX));
    for (Gpr g : pointers) r.set(g, r.get(g));
}

// Runs `once` (one iteration: accesses, then pointer updates) under a REP prefix, which for
// MOVS, STOS and LODS may be F2 or F3 alike, as on Intel hardware. `pointers` are the registers
// the prefix writes back before the first iteration, with rCX.
template <class Once>
void repeat(Cpu& c, const DecodedInsn& i, std::initializer_list<Gpr> pointers, Once once) {
    if (!repeated(i)) {
        once();
        return;
    }
    AddrRegs r(c, i);
    rewrite_at_address_size(r, pointers);
    for (uint64_t n = r.get(RCX); n != 0;) {
        once();
        r.set(RCX, --n);
    }
}

// Runs `once` (an iteration that returns ZF) under REPE, which stops on ZF=0, or REPNE, which
// stops on ZF=1. A fault restores the status flags of before the instruction.
template <class Once>
void repeat_while(Cpu& c, const DecodedInsn& i, Once once) {
    if (!repeated(i)) {
        once();
        return;
    }
    const bool until_equal = (i.prefixes & pfx::REPNE) != 0;
    const LazyFlags before = c.lazy;
    AddrRegs r(c, i);
    rewrite_at_address_size(r, {});
    try {
        for (uint64_t n = r.get(RCX); n != 0;) {
            const bool equal = once();
            r.set(RCX, --n);
            if (equal == until_equal) break;
        }
    } catch (const GuestFault&) {
        c.lazy = before;
        throw;
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
    repeat(c, i, {RSI, RDI}, [&] {
        c.store<T>(ES, r.get(RDI), c.load<T>(i.mem.seg, r.get(RSI)));
        r.advance<T>(RSI);
        r.advance<T>(RDI);
    });
}

template <class T>
void op_cmps(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat_while(c, i, [&] {
        const T dst = c.load<T>(ES, r.get(RDI));
        const T src = c.load<T>(i.mem.seg, r.get(RSI));
        r.advance<T>(RSI);
        r.advance<T>(RDI);
        return compare<T>(c, src, dst);
    });
}

template <class T>
void op_scas(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat_while(c, i, [&] {
        const T v = c.load<T>(ES, r.get(RDI));
        r.advance<T>(RDI);
        return compare<T>(c, gpr<T>(c, RAX), v);
    });
}

template <class T>
void op_lods(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat(c, i, {}, [&] {
        set_gpr<T>(c, RAX, c.load<T>(i.mem.seg, r.get(RSI)));
        r.advance<T>(RSI);
    });
}

template <class T>
void op_stos(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    repeat(c, i, {RDI}, [&] {
        c.store<T>(ES, r.get(RDI), gpr<T>(c, RAX));
        r.advance<T>(RDI);
    });
}

LSTAR_INSTANTIATE_WIDTHS(op_movs);
LSTAR_INSTANTIATE_WIDTHS(op_cmps);
LSTAR_INSTANTIATE_WIDTHS(op_scas);
LSTAR_INSTANTIATE_WIDTHS(op_lods);
LSTAR_INSTANTIATE_WIDTHS(op_stos);

}  // namespace lstar
