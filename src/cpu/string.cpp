// String instructions: MOVS CMPS SCAS LODS STOS with REP/REPE/REPNE (SDM Vol. 1 §7.3.9,
// Vol. 2 "REP/REPE/REPZ/REPNE/REPNZ").
//
// A repeated instruction runs up to MAX_ELEMENTS iterations in one handler call; when rCX is
// still nonzero it leaves RIP at the instruction and ends the block, so the run loop can take an
// interrupt before the next call continues (as hardware does between iterations). Each
// iteration does its memory accesses first and only then advances rSI/rDI/rCX, so a fault in
// iteration k leaves the registers describing iterations 0..k-1, and the loop in exec.cpp
// rewinds RIP to the instruction: resuming after the fault handler continues where it stopped.
// REP MOVS and REP STOS in 64-bit mode with DF = 0 move a page at a time on the host (bulk()).
//
// Observed on the host Intel Xeon, where it departs from "nothing changes before a fault":
// - A REP prefix writes rCX back at the address size before the first iteration, so with 0x67
//   RCX[63:32] is zeroed even for a count of 0 or a fault in the first iteration. REP MOVS does
//   the same to rSI and rDI, REP STOS to rDI; LODS, CMPS and SCAS leave their pointers alone
//   until they advance them.
// - A REPE/REPNE CMPS or SCAS that faults keeps its progress in rCX/rSI/rDI but leaves the
//   status flags as they were before the instruction.
// - CMPS reads ES:[rDI] before seg:[rSI], so when both fault the #PF is for rDI.
#include <algorithm>
#include <initializer_list>

#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

bool repeated(const DecodedInsn& i) { return (i.prefixes & (pfx::REP | pfx::REPNE)) != 0; }

// Iterations per handler call before the instruction yields to the run loop.
constexpr uint64_t MAX_ELEMENTS = 16384;

// Leaves RIP at the instruction, to run again after the run loop has checked for interrupts.
void yield_unfinished(Cpu& c, const DecodedInsn& i) {
    c.s.rip -= i.len;
    c.end_block = true;
}

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
    uint64_t n = r.get(RCX);
    for (uint64_t budget = MAX_ELEMENTS; n != 0 && budget; --budget) {
        once();
        r.set(RCX, --n);
    }
    if (n) yield_unfinished(c, i);
}

// The bulk path of REP MOVS and REP STOS: DF = 0 and 64-bit mode with 64-bit addresses, or a
// 32-bit mode with 32-bit addresses and flat segments (base 0, limit 4 GiB - 1), where a chunk
// within one page passes the limit check exactly when its first element does. linear() adds
// the FS/GS base of a source in 64-bit mode.
bool flat(const Cpu& c, uint8_t seg) {
    return c.long64() || (c.s.seg[seg].base == 0 && c.s.seg[seg].limit == 0xffffffff);
}
bool bulk_ok(const Cpu& c, const DecodedInsn& i, bool has_source) {
    if (!repeated(i) || (c.s.rflags & fl::DF)) return false;
    if (c.long64()) return i.addrsize == 8;
    return i.addrsize == 4 && flat(c, ES) && (!has_source || flat(c, i.mem.seg));
}

// Elements of T from `la` to the end of its page.
template <class T>
uint64_t left_in_page(uint64_t la) { return (PAGE_SIZE - (la & PAGE_MASK)) / sizeof(T); }

// Moves whole pages on the host: each step translates (and may fault on) the source and the
// destination page first, copies, then advances the registers. Returns false to fall back to
// element-by-element (data breakpoints, alignment checks, an element crossing a page, a
// destination just above its source, whose forward copy repeats the pattern).
template <class T>
bool bulk_movs(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    rewrite_at_address_size(r, {RSI, RDI});
    for (uint64_t budget = MAX_ELEMENTS; r.get(RCX) != 0;) {
        const uint64_t rsi = r.get(RSI), rdi = r.get(RDI), rcx = r.get(RCX);
        const uint64_t src = c.linear(i.mem.seg, rsi), dst = c.linear(ES, rdi);
        const uint64_t n = std::min({rcx, left_in_page<T>(src), left_in_page<T>(dst), budget});
        const uint64_t bytes = n * sizeof(T);
        if (n == 0 || (dst > src && dst < src + bytes)) return false;
        if (!c.long64()) c.check_limit(i.mem.seg, rsi, bytes, false), c.check_limit(ES, rdi, bytes, true);
        const uint8_t* from = c.mmu.bulk(src, Access::READ);
        uint8_t* to = from ? c.mmu.bulk(dst, Access::WRITE) : nullptr;
        if (!to) return false;
        std::memmove(to, from, bytes);
        r.set(RSI, rsi + bytes), r.set(RDI, rdi + bytes), r.set(RCX, rcx - n);
        budget -= n;
        if (!budget) break;
    }
    if (r.get(RCX)) yield_unfinished(c, i);
    return true;
}

template <class T>
bool bulk_stos(Cpu& c, const DecodedInsn& i) {
    AddrRegs r(c, i);
    rewrite_at_address_size(r, {RDI});
    const T v = gpr<T>(c, RAX);
    for (uint64_t budget = MAX_ELEMENTS; r.get(RCX) != 0;) {
        const uint64_t rdi = r.get(RDI), rcx = r.get(RCX), dst = c.linear(ES, rdi);
        const uint64_t n = std::min({rcx, left_in_page<T>(dst), budget});
        if (n == 0) return false;
        if (!c.long64()) c.check_limit(ES, rdi, n * sizeof(T), true);
        uint8_t* to = c.mmu.bulk(dst, Access::WRITE);
        if (!to) return false;
        if constexpr (sizeof(T) == 1) {
            std::memset(to, v, n);
        } else {
            for (uint64_t k = 0; k < n; ++k) std::memcpy(to + k * sizeof(T), &v, sizeof(T));
        }
        r.set(RDI, rdi + n * sizeof(T)), r.set(RCX, rcx - n);
        budget -= n;
        if (!budget) break;
    }
    if (r.get(RCX)) yield_unfinished(c, i);
    return true;
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
    if (bulk_ok(c, i, true) && bulk_movs<T>(c, i)) return;
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
    if (bulk_ok(c, i, false) && bulk_stos<T>(c, i)) return;
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
