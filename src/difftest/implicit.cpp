// Implicit operands (the stack, string registers, XLAT's table) and the values an instruction's
// semantics care about: counts at the edges, divisions that mostly fit, comparisons that
// sometimes match, branch targets on INT3s, a popped RFLAGS image the host can take.
#include "difftest/generate.hpp"

namespace lstar::difftest {

void Builder::setup_stack() {
    gpr(RSP_N) = pick_stack();
    fixed_ |= bit(RSP_N);
    if (!(f_.flags & gen::ENTER)) return;
    // LEAVE loads RSP from RBP; ENTER reads frame pointers below RBP.
    const uint64_t frame = (DATA + 0x400 + rng_.below(0x1400)) & ~(rng_.chance(90) ? 7ull : 0ull);
    gpr(RBP_N) = f_.name == "LEAVE" ? pick_stack() : frame;
    fixed_ |= bit(RBP_N);
}

// String instructions: rSI and rDI at the first element, rCX elements (REP), DF either way.
void Builder::setup_string() {
    const std::string& n = f_.name;
    const unsigned e = f_.width;
    const bool src = n.rfind("MOVS", 0) == 0 || n.rfind("CMPS", 0) == 0 || n.rfind("LODS", 0) == 0;
    const bool dst = n.rfind("LODS", 0) != 0;
    const bool dst_writes = n.rfind("MOVS", 0) == 0 || n.rfind("STOS", 0) == 0;
    const bool rep = rng_.chance(65);
    const bool repne = rep && (f_.flags & gen::REPNE) && rng_.chance(50);
    if (rep)
        req_.prefixes |= repne ? ZYDIS_ATTRIB_HAS_REPNE
                         : (f_.flags & gen::REPNE) ? ZYDIS_ATTRIB_HAS_REPE
                                                    : ZYDIS_ATTRIB_HAS_REP;
    uint64_t count = 1;
    if (rep) {
        const unsigned r = static_cast<unsigned>(rng_.below(100));
        count = r < 10 ? 0 : r < 20 ? 1 : r < 50 ? 2 + rng_.below(7) : 9 + rng_.below(32);
        gpr(RCX_N) = ignored_high() | count;
    }
    const bool down = in_.regs.rflags & FLAG_DF;
    const uint64_t elems = count ? count : 1;
    const uint64_t span = elems * e;
    auto first = [&](uint64_t lo) { return down ? lo + span - e : lo; };
    uint64_t src_lo = 0, dst_lo = 0;
    if (src) {
        src_lo = pick_region(span, e, false);
        if (gs_) in_.gs_base = pick_gs_base(src_lo);
        gpr(RSI_N) = ignored_high() | ((first(src_lo) - in_.gs_base) & amask());
    }
    if (dst) {
        dst_lo = pick_region(span, e, dst_writes);
        gpr(RDI_N) = ignored_high() | (first(dst_lo) & amask());
    }
    fixed_ |= bit(RSI_N) | bit(RDI_N) | bit(RCX_N);
    shape_string_data(src_lo, dst_lo, elems, e, down, rep && !repne, src);
}

// A region of `span` bytes: normally inside the data area (the writable part if `write`),
// sometimes running off its edge so that an element in the middle faults.
uint64_t Builder::pick_region(uint64_t span, unsigned e, bool write) {
    const uint64_t lo = DATA, hi = write ? RODATA : DATA_END;
    if (rng_.chance(94)) {
        uint64_t a = lo + rng_.below(hi - lo - span + 1);
        if (rng_.chance(60)) a &= ~uint64_t{e - 1u};
        return a;
    }
    if (rng_.chance(50)) return hi - span + 1 + rng_.below(span);  // off the top
    return lo - span + rng_.below(span);                            // off the bottom
}

// REPE/REPNE CMPS and SCAS stop on the first (in)equality: make a run of elements that match
// (or differ), broken at a random element or not at all.
void Builder::shape_string_data(uint64_t src_lo, uint64_t dst_lo, uint64_t count, unsigned e, bool down,
                                bool repe, bool has_src) {
    const bool cmps = f_.name.rfind("CMPS", 0) == 0, scas = f_.name.rfind("SCAS", 0) == 0;
    if (!cmps && !scas) return;
    auto elem = [&](uint64_t lo, uint64_t i) { return down ? lo + (count - 1 - i) * e : lo + i * e; };
    const uint64_t stop = rng_.chance(60) ? rng_.below(count) : count;
    for (uint64_t i = 0; i < count; ++i) {
        uint64_t want = in_.regs.gpr[RAX_N], cur = 0;
        if (cmps && (!has_src || !peek(elem(src_lo, i), e, want))) return;
        if (!peek(elem(dst_lo, i), e, cur)) return;
        const bool equal = repe ? i != stop : i == stop;
        if (equal) poke(elem(dst_lo, i), want, e);
        else if (((cur ^ want) & width_mask(e)) == 0) poke(elem(dst_lo, i), cur ^ 1, e);
    }
}

// XLAT reads [rBX + AL].
void Builder::setup_xlat() {
    const uint64_t la = pick_access(1, a32_);
    if (gs_) in_.gs_base = pick_gs_base(la);
    const uint64_t al = special(rng_, 1);
    set_low(RAX_N, 0, 1, al);
    gpr(RBX_N) = ignored_high() | ((la - in_.gs_base - al) & amask());
    fixed_ |= bit(RAX_N) | bit(RBX_N);
    in_.mem_addr = la, in_.mem_size = 1;
}

// Shift and rotate counts: 0, 1, the width and its neighbours, 31..33, 63..65, anything.
uint64_t Builder::pick_count() {
    const unsigned w = f_.width * 8u;
    const uint64_t edges[] = {0, 1, 2, w - 1, w, w + 1, 31, 32, 33, 63, 64, 65, 7, 8, 9, 15, 16, 17};
    return rng_.chance(70) ? edges[rng_.below(sizeof edges / sizeof edges[0])] : rng_.below(256);
}

// One byte of a count or of a BEXTR/BZHI control: around the operand width.
uint64_t Builder::control_byte() {
    const unsigned w = f_.width * 8u;
    const uint64_t edges[] = {0, 1, w - 1, w, w + 1, 255};
    return rng_.chance(70) ? edges[rng_.below(6)] : rng_.below(256);
}

// Bit offsets of BT* m, r: mostly within a few KiB of the operand, either direction.
uint64_t Builder::bit_offset(unsigned size) {
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r < 30) return rng_.below(size * 8);
    if (r < 85 || a32_) return static_cast<uint64_t>(static_cast<int64_t>(rng_.below(0x6000)) - 0x3000);
    return special(rng_, size);
}

uint64_t Builder::pick_count_rcx() {
    const uint64_t small[] = {0, 1, 2, 3};
    return rng_.chance(60) ? small[rng_.below(4)] : special(rng_, a32_ ? 4 : 8);
}

// Values that need the final encoding (its length) or the memory operand's address.
void Builder::fix_values() {
    const uint32_t fl = f_.flags;
    if (fl & gen::DIVIDE) fix_divide();
    if ((fl & gen::CMPXCHG) && rng_.chance(50)) {  // accumulator equal to the destination
        uint64_t cur = 0;
        if (f_.ops[0].kind == Opnd::MEM) peek(in_.mem_addr, f_.width, cur);
        else cur = get_low(regs_[0].n, regs_[0].off, f_.width);
        set_low(RAX_N, 0, f_.width, cur);
    }
    if ((fl & gen::CX8) && rng_.chance(50)) {  // rDX:rAX equal to memory
        const unsigned half = f_.ops[0].size / 2;
        uint64_t lo = 0, hi = 0;
        peek(in_.mem_addr, half, lo);
        peek(in_.mem_addr + half, half, hi);
        set_low(RAX_N, 0, half, lo);
        set_low(RDX_N, 0, half, hi);
    }
    // Native POPF would trap after the INT3 with TF, and fault on the harness with AC.
    if (fl & gen::POPF) poke(gpr(RSP_N), rng_.next() & ~(FLAG_TF | FLAG_AC), f_.width);
    if (fl & gen::RET) poke(gpr(RSP_N), pick_indirect_target(), 8);
    if ((fl & gen::BRANCH) && f_.nops == 1 && f_.ops[0].kind == Opnd::REG) gpr(regs_[0].n) = pick_indirect_target();
    if ((fl & gen::BRANCH) && f_.nops == 1 && f_.ops[0].kind == Opnd::MEM) poke(in_.mem_addr, pick_indirect_target(), 8);
    if (fl & gen::COUNTER) {
        const uint64_t v = pick_count_rcx();
        if (a32_ || f_.name == "JECXZ") set_low(RCX_N, 0, 4, v);
        else gpr(RCX_N) = v;
    }
}

// DIV/IDIV: mostly a dividend whose quotient fits, sometimes a zero divisor or an overflow (#DE).
void Builder::fix_divide() {
    const unsigned w = f_.width;
    const uint64_t m = width_mask(w);
    uint64_t d = rng_.chance(8) ? 0 : special(rng_, w);
    if (d == 0 && rng_.chance(50)) d = 1 + rng_.below(m);
    if (rng_.chance(75) && d != 0) {
        unsigned __int128 dividend;
        if (f_.name == "DIV") {
            dividend = static_cast<unsigned __int128>(special(rng_, w)) * d + rng_.below(d);
        } else {  // quotient and divisor of width w; the remainder takes the dividend's sign
            const __int128 sd = static_cast<int64_t>(sext(d, w));
            const __int128 q = static_cast<int64_t>(sext(special(rng_, w), w));
            __int128 r = static_cast<__int128>(rng_.below(static_cast<uint64_t>(sd < 0 ? -sd : sd)));
            if (q * sd < 0 || (q * sd == 0 && rng_.chance(50))) r = -r;
            dividend = static_cast<unsigned __int128>(q * sd + r);
        }
        if (w == 1) {
            set_low(RAX_N, 0, 2, static_cast<uint64_t>(dividend) & 0xffff);
        } else {
            set_low(RAX_N, 0, w, static_cast<uint64_t>(dividend) & m);
            set_low(RDX_N, 0, w, static_cast<uint64_t>(dividend >> (w * 8)) & m);
        }
    }
    if (f_.ops[0].kind == Opnd::REG) set_low(regs_[0].n, regs_[0].off, w, d);
    else poke(in_.mem_addr, d, w);
}

}  // namespace lstar::difftest
