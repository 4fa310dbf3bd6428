// Segmentation: modes, limits, descriptor loads and far transfers (SDM Vol. 3 ch. 3, 5).
#include "cpu/segment.hpp"

#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

void Cpu::update_mode() {
    const bool lma = s.efer & (1u << 10);
    Mode m;
    if (lma && (s.seg[CS].attr & segattr::L)) m = Mode::LONG64;
    else if (s.seg[CS].attr & segattr::DB) m = lma ? Mode::COMPAT32 : Mode::PROT32;
    else m = Mode::PROT16;
    if (m != mode_) {
        mode_ = m;
        end_block = true;
        mmu.flush();  // cuts every block chain: blocks are decoded per mode
    }
    mmu.sync_privilege();  // CPL and CR0.AM change only with a call to here
}

void Cpu::check_limit(uint8_t seg, uint64_t ea, uint64_t len, bool write) const {
    const Segment& sg = s.seg[seg];
    const Vec v = seg == SS ? Vec::SS : Vec::GP;
    const uint8_t type = sg.attr & 0xf;
    const bool code = type & 8;
    if (!(sg.attr & segattr::P)) raise(v, 0);  // a null (unusable) segment
    if (write ? (code || !(type & 2)) : (code && !(type & 2))) raise(v, 0);
    const uint64_t off = static_cast<uint32_t>(ea), last = off + len - 1;
    if (!code && (type & 4)) {  // expand-down: valid offsets are limit+1 .. 0xffff or 0xffffffff
        const uint64_t upper = (sg.attr & segattr::DB) ? 0xffffffffull : 0xffffull;
        if (off <= sg.limit || last > upper) raise(v, 0);
    } else if (last > sg.limit) {
        raise(v, 0);
    }
}

Descriptor read_descriptor(Cpu& c, uint16_t sel, bool wide) {
    const bool ldt = sel & 4;
    const uint64_t base = ldt ? c.s.ldtr.base : c.s.gdtr.base;
    const uint32_t limit = ldt ? c.s.ldtr.limit : c.s.gdtr.limit;
    const uint32_t index = sel & 0xfff8;
    if ((ldt && !(c.s.ldtr.attr & segattr::P)) || index + (wide ? 15u : 7u) > limit)
        raise(Vec::GP, sel_error(sel));
    Descriptor d;
    c.mmu.read_system(base + index, &d.lo, 8);
    if (wide) c.mmu.read_system(base + index + 8, &d.hi, 8);
    return d;
}

void mark_accessed(Cpu& c, uint16_t sel, Descriptor& d) {
    if (!d.s() || (d.lo & (1ull << 40))) return;
    d.lo |= 1ull << 40;
    const uint64_t base = (sel & 4) ? c.s.ldtr.base : c.s.gdtr.base;
    const uint8_t byte = static_cast<uint8_t>(d.lo >> 40);
    c.mmu.write_system(base + (sel & 0xfff8) + 5, &byte, 1);
}

Segment stack_segment(Cpu& c, uint16_t sel, uint8_t cpl, bool null_ok) {
    const uint8_t rpl = sel & 3;
    if (null_selector(sel)) {
        if (!null_ok || rpl != cpl) raise(Vec::GP, 0);
        return Segment{sel, 0, 0, static_cast<uint16_t>(cpl << 5)};  // unusable
    }
    Descriptor d = read_descriptor(c, sel);
    if (rpl != cpl || !d.writable() || d.dpl() != cpl) raise(Vec::GP, sel_error(sel));
    if (!d.present()) raise(Vec::SS, sel_error(sel));
    mark_accessed(c, sel, d);
    return d.cache(sel);
}

void load_segment(Cpu& c, uint8_t seg, uint16_t sel) {
    if (seg == CS) raise(Vec::UD);
    // SS may be null only in 64-bit mode at CPL < 3 with RPL = CPL (SDM Vol. 2 MOV).
    if (seg == SS) {
        c.s.seg[SS] = stack_segment(c, sel, c.s.cpl, c.long64() && c.s.cpl < 3);
        return;
    }
    if (null_selector(sel)) {
        c.s.seg[seg] = Segment{sel, 0, 0, 0};  // unusable; Intel clears an FS/GS base too
        return;
    }
    Descriptor d = read_descriptor(c, sel);
    const uint8_t rpl = sel & 3;
    if (!d.readable()) raise(Vec::GP, sel_error(sel));
    if (!d.conforming() && (rpl > d.dpl() || c.s.cpl > d.dpl())) raise(Vec::GP, sel_error(sel));
    if (!d.present()) raise(Vec::NP, sel_error(sel));
    mark_accessed(c, sel, d);
    // In 64-bit mode a selector load sets an FS/GS base from the descriptor's 32 bits; bases
    // above 4 GiB come from the MSRs (SDM Vol. 3 §3.4.4).
    c.s.seg[seg] = d.cache(sel);
}

void set_cs(Cpu& c, uint16_t sel, const Descriptor& d, uint8_t new_cpl) {
    c.s.seg[CS] = d.cache(static_cast<uint16_t>((sel & 0xfffc) | new_cpl));
    c.s.cpl = new_cpl;
    c.update_mode();
}

void null_outer_segments(Cpu& c) {
    for (uint8_t seg : {ES, DS, FS, GS}) {
        Segment& sg = c.s.seg[seg];
        const bool conforming_code = (sg.attr & 0x1c) == 0x1c;
        if ((sg.attr & segattr::P) && !conforming_code && ((sg.attr >> 5) & 3) < c.s.cpl) {
            sg.selector = 0;
            sg.attr = 0;
        }
    }
}

Descriptor check_far_target(Cpu& c, uint16_t sel) {
    if (null_selector(sel)) raise(Vec::GP, 0);
    Descriptor d = read_descriptor(c, sel);
    if (!d.code()) raise(Vec::GP, sel_error(sel));  // call gates and task switches: not supported
    if (d.conforming() ? d.dpl() > c.s.cpl : ((sel & 3) > c.s.cpl || d.dpl() != c.s.cpl))
        raise(Vec::GP, sel_error(sel));
    if (!d.present()) raise(Vec::NP, sel_error(sel));
    const bool lma = c.s.efer & (1u << 10);
    if (lma && d.l() && d.db()) raise(Vec::GP, sel_error(sel));
    mark_accessed(c, sel, d);
    return d;
}

// ---- far transfers (SDM Vol. 2 JMP, CALL, RET: the protected-mode, same-privilege cases) ----

namespace {
// The far pointer operand: ptr16:32 immediate (selector in imm2), or m16:16/32/64 in memory.
void far_pointer(Cpu& c, const DecodedInsn& i, uint16_t& sel, uint64_t& off) {
    if (i.op[0].kind == OpKind::IMM) {
        off = i.imm;
        sel = static_cast<uint16_t>(i.imm2);
        return;
    }
    const unsigned osz = i.opsize;  // 2, 4 or 8 bytes of offset, then the selector
    off = osz == 8 ? load_mem<uint64_t>(c, i) : osz == 4 ? load_mem<uint32_t>(c, i) : load_mem<uint16_t>(c, i);
    sel = load_mem<uint16_t>(c, i, osz);
}

uint64_t far_offset(const Descriptor& d, uint64_t off, unsigned opsize, bool lma) {
    if (lma && d.l()) {
        if (!is_canonical(off)) raise(Vec::GP, 0);
        return off;
    }
    off = opsize == 2 ? static_cast<uint16_t>(off) : static_cast<uint32_t>(off);
    if (off > d.limit()) raise(Vec::GP, 0);
    return off;
}
}  // namespace

void op_jmp_far(Cpu& c, const DecodedInsn& i) {
    uint16_t sel;
    uint64_t off;
    far_pointer(c, i, sel, off);
    const Descriptor d = check_far_target(c, sel);
    const uint64_t rip = far_offset(d, off, i.opsize, c.s.efer & (1u << 10));
    set_cs(c, sel, d, c.s.cpl);
    c.s.rip = rip;
}

void op_call_far(Cpu& c, const DecodedInsn& i) {
    uint16_t sel;
    uint64_t off;
    far_pointer(c, i, sel, off);
    const Descriptor d = check_far_target(c, sel);
    const uint64_t rip = far_offset(d, off, i.opsize, c.s.efer & (1u << 10));
    const uint16_t old_cs = c.s.seg[CS].selector;
    const uint64_t old_rsp = c.s.gpr[RSP];
    try {
        if (i.opsize == 8) push<uint64_t>(c, old_cs), push<uint64_t>(c, c.s.rip);
        else if (i.opsize == 4) push<uint32_t>(c, old_cs), push<uint32_t>(c, static_cast<uint32_t>(c.s.rip));
        else push<uint16_t>(c, old_cs), push<uint16_t>(c, static_cast<uint16_t>(c.s.rip));
    } catch (const GuestFault&) {
        c.s.gpr[RSP] = old_rsp;
        throw;
    }
    set_cs(c, sel, d, c.s.cpl);
    c.s.rip = rip;
}

// Far RET to the same or an outer privilege level (then SS:RSP are popped too).
void op_ret_far(Cpu& c, const DecodedInsn& i) {
    const unsigned osz = i.opsize;
    const uint64_t sp = c.s.gpr[RSP];
    auto at = [&](unsigned k) -> uint64_t {
        const uint64_t a = sp + k * osz;
        return osz == 8 ? c.load<uint64_t>(SS, a) : osz == 4 ? c.load<uint32_t>(SS, a) : c.load<uint16_t>(SS, a);
    };
    const uint64_t off = at(0);
    const uint16_t sel = static_cast<uint16_t>(at(1));
    const uint8_t rpl = sel & 3;
    if (null_selector(sel)) raise(Vec::GP, 0);
    if (rpl < c.s.cpl) raise(Vec::GP, sel_error(sel));
    Descriptor d = read_descriptor(c, sel);
    if (!d.code() || (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl)) raise(Vec::GP, sel_error(sel));
    if (!d.present()) raise(Vec::NP, sel_error(sel));
    const bool lma = c.s.efer & (1u << 10);
    const uint64_t rip = far_offset(d, off, osz, lma);
    if (rpl == c.s.cpl) {
        set_cs(c, sel, d, rpl);
        c.s.gpr[RSP] = sp + 2 * osz + i.imm;
    } else {
        // The imm16 bytes sit between CS and the outer SS:RSP. SS is checked for the new CPL
        // before anything changes.
        auto at2 = [&](unsigned k) -> uint64_t {
            const uint64_t a = sp + 2 * osz + i.imm + k * osz;
            return osz == 8 ? c.load<uint64_t>(SS, a) : osz == 4 ? c.load<uint32_t>(SS, a) : c.load<uint16_t>(SS, a);
        };
        const uint64_t rsp = at2(0);
        const Segment ss = stack_segment(c, static_cast<uint16_t>(at2(1)), rpl, lma && d.l() && rpl != 3);
        set_cs(c, sel, d, rpl);
        c.s.seg[SS] = ss;
        c.s.gpr[RSP] = rsp + i.imm;
        null_outer_segments(c);
    }
    c.s.rip = rip;
}

}  // namespace lstar
