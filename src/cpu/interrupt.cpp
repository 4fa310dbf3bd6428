// Exceptions and interrupts: delivery through the IDT (SDM Vol. 3 ch. 6), IRET, INT n, and the
// fast system calls SYSCALL/SYSRET and SYSENTER/SYSEXIT (Vol. 3 §5.8.7-5.8.8).
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"
#include "cpu/segment.hpp"

namespace lstar {


namespace {

constexpr uint64_t EFER_SCE = 1u << 0, EFER_LMA = 1u << 10;

// Classes for the double-fault rules (SDM Vol. 3 Table 6-4/6-5).
enum class FaultClass { BENIGN, CONTRIBUTORY, PAGE_FAULT };
FaultClass fault_class(uint8_t v) {
    switch (v) {
    case 0: case 10: case 11: case 12: case 13: return FaultClass::CONTRIBUTORY;
    case 14: return FaultClass::PAGE_FAULT;
    default: return FaultClass::BENIGN;
    }
}

// The stack pointer the TSS gives for privilege level `cpl` or IST slot `ist` (64-bit TSS,
// SDM Vol. 3 Figure 7-11).
uint64_t tss_stack(Cpu& c, unsigned cpl, unsigned ist, uint32_t ext) {
    const unsigned off = ist ? 0x24 + 8 * (ist - 1) : 4 + 8 * cpl;
    if (!(c.s.tr.attr & segattr::P) || off + 7 > c.s.tr.limit) raise(Vec::TS, sel_error(c.s.tr.selector) + ext);
    uint64_t rsp;
    c.mmu.read_system(c.s.tr.base + off, &rsp, 8);
    return rsp;
}

// RFLAGS after entering a handler: TF, NT, RF and VM clear; IF clear for interrupt gates.
void enter_handler_flags(Cpu& c, bool interrupt_gate) {
    uint64_t f = c.rflags() & ~(fl::TF | fl::NT | fl::RF | fl::VM);
    if (interrupt_gate) f &= ~fl::IF;
    c.set_rflags(f);
}

void deliver_long(Cpu& c, uint8_t vector, bool has_error, uint32_t error, bool soft, uint32_t ext) {
    const uint32_t idt_err = vector * 8u + 2 + ext;
    if (vector * 16u + 15 > c.s.idtr.limit) raise(Vec::GP, idt_err);
    uint64_t gate[2];
    c.mmu.read_system(c.s.idtr.base + vector * 16u, gate, 16);
    const uint8_t type = (gate[0] >> 40) & 0xf, dpl = (gate[0] >> 45) & 3;
    if (type != 0xe && type != 0xf) raise(Vec::GP, idt_err);
    if (soft && dpl < c.s.cpl) raise(Vec::GP, idt_err);
    if (!((gate[0] >> 47) & 1)) raise(Vec::NP, idt_err);
    const uint16_t sel = static_cast<uint16_t>(gate[0] >> 16);
    const uint64_t target = (gate[0] & 0xffff) | ((gate[0] >> 32) & 0xffff0000) | (gate[1] << 32);
    const unsigned ist = (gate[0] >> 32) & 7;
    c.last_ist = static_cast<uint8_t>(ist);
    if (null_selector(sel)) raise(Vec::GP, ext);
    Descriptor d = read_descriptor(c, sel);
    if (!d.code() || !d.l() || d.db() || d.dpl() > c.s.cpl) raise(Vec::GP, sel_error(sel) + ext);
    if (!d.present()) raise(Vec::NP, sel_error(sel) + ext);
    if (!is_canonical(target)) raise(Vec::GP, ext);
    const uint8_t new_cpl = d.conforming() ? c.s.cpl : d.dpl();

    uint64_t rsp = c.s.gpr[RSP];
    if (ist) rsp = tss_stack(c, 0, ist, ext);
    else if (new_cpl < c.s.cpl) rsp = tss_stack(c, new_cpl, 0, ext);
    if (!is_canonical(rsp)) raise(Vec::SS, ext);
    rsp &= ~0xfull;  // 64-bit mode aligns the new stack (§6.14.2)

    // The frame: SS, RSP, RFLAGS, CS, RIP and the error code (§6.14.2, Figure 6-9).
    uint64_t frame[6] = {c.s.rip, c.s.seg[CS].selector, c.rflags(), c.s.gpr[RSP], c.s.seg[SS].selector, 0};
    unsigned n = 5;
    if (has_error) {
        for (unsigned k = 5; k > 0; --k) frame[k] = frame[k - 1];
        frame[0] = error;
        n = 6;
    }
    rsp -= 8 * n;
    c.mmu.write_system(rsp, frame, 8 * n);  // faults here change nothing

    if (new_cpl != c.s.cpl) {
        c.s.seg[SS] = Segment{new_cpl, 0, 0, static_cast<uint16_t>(0x93 | (new_cpl << 5))};  // null SS
    }
    c.s.gpr[RSP] = rsp;
    set_cs(c, sel, d, new_cpl);
    c.s.rip = target;
    enter_handler_flags(c, type == 0xe);
}

// Legacy protected mode, 32-bit interrupt and trap gates (SDM Vol. 3 §6.12).
void deliver_legacy(Cpu& c, uint8_t vector, bool has_error, uint32_t error, bool soft, uint32_t ext) {
    const uint32_t idt_err = vector * 8u + 2 + ext;
    if (vector * 8u + 7 > c.s.idtr.limit) raise(Vec::GP, idt_err);
    uint64_t gate;
    c.mmu.read_system(c.s.idtr.base + vector * 8u, &gate, 8);
    const uint8_t type = (gate >> 40) & 0xf, dpl = (gate >> 45) & 3;
    if (type != 0xe && type != 0xf) raise(Vec::GP, idt_err);  // task and 16-bit gates: not supported
    if (soft && dpl < c.s.cpl) raise(Vec::GP, idt_err);
    if (!((gate >> 47) & 1)) raise(Vec::NP, idt_err);
    const uint16_t sel = static_cast<uint16_t>(gate >> 16);
    const uint32_t target = static_cast<uint32_t>((gate & 0xffff) | ((gate >> 32) & 0xffff0000));
    if (null_selector(sel)) raise(Vec::GP, ext);
    Descriptor d = read_descriptor(c, sel);
    if (!d.code() || d.dpl() > c.s.cpl) raise(Vec::GP, sel_error(sel) + ext);
    if (!d.present()) raise(Vec::NP, sel_error(sel) + ext);
    const uint8_t new_cpl = d.conforming() ? c.s.cpl : d.dpl();

    uint32_t frame[7];
    unsigned n = 0;
    Segment new_ss = c.s.seg[SS];
    uint32_t esp = static_cast<uint32_t>(c.s.gpr[RSP]);
    if (new_cpl < c.s.cpl) {  // the inner stack comes from the 32-bit TSS: ESPn at 4+8n, SSn at 8+8n
        uint32_t pair[2];
        if (8u * new_cpl + 11 > c.s.tr.limit) raise(Vec::TS, sel_error(c.s.tr.selector));
        c.mmu.read_system(c.s.tr.base + 4 + 8 * new_cpl, pair, 8);
        const uint16_t ss_sel = static_cast<uint16_t>(pair[1]);
        Descriptor sd = read_descriptor(c, ss_sel);
        if ((ss_sel & 3) != new_cpl || !sd.writable() || sd.dpl() != new_cpl) raise(Vec::TS, sel_error(ss_sel) + ext);
        if (!sd.present()) raise(Vec::SS, sel_error(ss_sel) + ext);
        new_ss = sd.cache(ss_sel);
        frame[n++] = c.s.seg[SS].selector;
        frame[n++] = esp;
        esp = pair[0];
    }
    frame[n++] = static_cast<uint32_t>(c.rflags());
    frame[n++] = c.s.seg[CS].selector;
    frame[n++] = static_cast<uint32_t>(c.s.rip);
    if (has_error) frame[n++] = error;
    uint32_t words[7];
    for (unsigned k = 0; k < n; ++k) words[k] = frame[n - 1 - k];  // lowest address first
    esp -= 4 * n;
    c.mmu.write_system(static_cast<uint32_t>(new_ss.base + esp), words, 4 * n);
    c.s.seg[SS] = new_ss;
    c.s.gpr[RSP] = (c.s.gpr[RSP] & ~0xffffffffull) | esp;
    set_cs(c, sel, d, new_cpl);
    c.s.rip = target;
    enter_handler_flags(c, type == 0xe);
}

}  // namespace

void Cpu::deliver(uint8_t vector, bool has_error, uint32_t error, bool soft, bool external) {
    last_ist = 0;
    if (s.efer & EFER_LMA) deliver_long(*this, vector, has_error, error, soft, external ? 1 : 0);
    else deliver_legacy(*this, vector, has_error, error, soft, external ? 1 : 0);
    halted = false;
    end_block = true;
}

namespace {
// The state before a transfer, for CpuEvent.
CpuEvent event_from(const Cpu& c, CpuEvent::Kind kind, uint64_t rip) {
    CpuEvent e{kind};
    e.from_rip = rip;
    e.from_rsp = c.s.gpr[RSP];
    e.from_cpl = c.s.cpl;
    return e;
}
void finish_event(Cpu& c, CpuEvent& e) {
    e.to_rip = c.s.rip;
    e.to_rsp = c.s.gpr[RSP];
    e.to_cpl = c.s.cpl;
    e.ist = c.last_ist;
    c.notify(e);
}
}  // namespace

// Delivers a fault, escalating to #DF when delivery itself faults in the combinations of SDM
// Vol. 3 Table 6-5, and to a triple fault when #DF delivery faults. A fault while delivering an
// exception has EXT set in its error code; one while delivering INT n has not (§6.13).
void Cpu::deliver_fault(const GuestFault& f, uint8_t insn_len) {
    const uint8_t v = static_cast<uint8_t>(f.vector);
    CpuEvent ev{};
    if (!observers_.empty()) {
        ev = event_from(*this, f.soft ? CpuEvent::Kind::SOFT_INT : CpuEvent::Kind::EXCEPTION,
                        f.soft ? s.rip - insn_len : s.rip);
        ev.vector = v;
        ev.has_error = !f.soft && has_error_code(v);
        ev.error = f.error;
        ev.cr2 = v == 14 ? f.cr2 : 0;
    }
    try {
        deliver(v, !f.soft && has_error_code(v), f.error, f.soft, !f.soft);
        if (!observers_.empty()) finish_event(*this, ev);
    } catch (const GuestFault& second) {
        if (second.vector == Vec::PF) s.cr2 = second.cr2;
        const uint8_t v2 = static_cast<uint8_t>(second.vector);
        if (v == 8 && !f.soft) throw TripleFault{};
        if (f.soft) {
            // INT n whose delivery fails (e.g. the gate's DPL): the new fault is reported at the
            // INT instruction, which did not complete; it is not a double-fault case.
            s.rip -= insn_len;
            deliver_fault(second);
            return;
        }
        const FaultClass a = fault_class(v), b = fault_class(v2);
        const bool df = (a == FaultClass::CONTRIBUTORY && b == FaultClass::CONTRIBUTORY) ||
                        (a == FaultClass::PAGE_FAULT && b != FaultClass::BENIGN);
        if (df) {
            try {
                deliver(8, true, 0, false, true);
            } catch (const GuestFault&) {
                throw TripleFault{};
            }
            if (!observers_.empty()) {
                ev.kind = CpuEvent::Kind::EXCEPTION;
                ev.vector = 8, ev.has_error = true, ev.error = 0, ev.cr2 = 0;
                finish_event(*this, ev);
            }
            return;
        }
        deliver_fault(second);  // handled serially
    }
}

void Cpu::take_interrupt() {
    intr = false;  // the machine raises it again if more are pending
    const uint8_t vector = bus->acknowledge_interrupt();
    try {
        CpuEvent ev = event_from(*this, CpuEvent::Kind::INTERRUPT, s.rip);
        ev.vector = vector;
        deliver(vector, false, 0, false, true);
        if (!observers_.empty()) finish_event(*this, ev);
    } catch (const GuestFault& f) {
        if (f.vector == Vec::PF) s.cr2 = f.cr2;
        deliver_fault(f);
    }
}

// ---- INT n, INTO, INT1 ----

void op_int(Cpu&, const DecodedInsn& i) { raise_soft(static_cast<uint8_t>(i.imm)); }

void op_into(Cpu& c, const DecodedInsn&) {
    if (c.long64()) raise(Vec::UD);
    if (c.status() & fl::OF) raise_soft(4);
}

// INT1 (ICEBP) delivers #DB after the instruction like a hardware debug trap: no gate DPL
// check, EXT set in the error code of a delivery fault, and no DR6 bit (Linux recognises ICEBP
// by that). Without a bus the flat harness reports it as a trap.
void op_int1(Cpu& c, const DecodedInsn&) {
    if (!c.bus) throw GuestFault{Vec::DB, 0, 0, true};
    c.deliver(1, false, 0, false, true);
}

// ---- IRET (SDM Vol. 2 IRET) ----

namespace {
// RFLAGS as IRET and POPF may load them at the current CPL and IOPL.
uint64_t merge_iret_flags(const Cpu& c, uint64_t popped, unsigned opsize) {
    uint64_t keep = fl::VM | fl::VIF | fl::VIP;
    if (c.s.cpl > 0) keep |= fl::IOPL;
    if (c.s.cpl > ((c.rflags() & fl::IOPL) >> 12)) keep |= fl::IF;
    uint64_t f = (c.rflags() & keep) | (popped & ~keep);
    f &= 0x3f7fd5;  // the bits that exist
    if (opsize == 2) f = (c.rflags() & ~0xffffull) | (f & 0xffff);
    return f | fl::FIXED1;
}
}  // namespace

void op_iret(Cpu& c, const DecodedInsn& i) {
    CpuEvent ev{};
    if (c.observed()) ev = event_from(c, CpuEvent::Kind::IRET, c.s.rip - i.len);
    // A return from a nested task: #GP(0) in IA-32e mode; lstar has no task switches elsewhere.
    if (c.rflags() & fl::NT) raise(Vec::GP, 0);
    const unsigned osz = i.opsize;
    const uint64_t sp = c.s.gpr[RSP];
    auto pop_at = [&](unsigned k) -> uint64_t {
        const uint64_t a = sp + k * osz;
        return osz == 8 ? c.load<uint64_t>(SS, a) : osz == 4 ? c.load<uint32_t>(SS, a) : c.load<uint16_t>(SS, a);
    };
    const uint64_t rip = pop_at(0);
    const uint16_t cs = static_cast<uint16_t>(pop_at(1));
    const uint64_t flags = pop_at(2);
    const bool lma = c.s.efer & EFER_LMA;
    const uint8_t rpl = cs & 3;
    if (null_selector(cs)) raise(Vec::GP, 0);
    if (rpl < c.s.cpl) raise(Vec::GP, sel_error(cs));
    Descriptor d = read_descriptor(c, cs);
    if (!d.code() || (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl)) raise(Vec::GP, sel_error(cs));
    if (!d.present()) raise(Vec::NP, sel_error(cs));
    if (lma && d.l() && d.db()) raise(Vec::GP, sel_error(cs));
    const bool to_long = lma && d.l();
    if (to_long ? !is_canonical(rip) : rip > d.limit()) raise(Vec::GP, 0);
    // 64-bit mode always pops SS:RSP; the 32-bit modes only on a privilege change. SS is checked
    // for the new CPL before anything changes; 64-bit code below ring 3 may get a null SS.
    const bool pops_stack = c.long64() || rpl > c.s.cpl;
    uint64_t new_rsp = 0;
    Segment ss{};
    if (pops_stack) {
        new_rsp = pop_at(3);
        ss = stack_segment(c, static_cast<uint16_t>(pop_at(4)), rpl, to_long && rpl != 3);
    }
    const uint64_t new_flags = merge_iret_flags(c, flags, osz);
    const bool outer = rpl > c.s.cpl;
    set_cs(c, cs, d, rpl);
    if (pops_stack) {
        c.s.seg[SS] = ss;
        c.s.gpr[RSP] = osz == 4 ? static_cast<uint32_t>(new_rsp) : new_rsp;
    } else {
        c.s.gpr[RSP] = sp + 3 * osz;
    }
    c.set_rflags(new_flags);
    c.s.rip = rip;
    if (outer) null_outer_segments(c);
    c.end_block = true;
    if (c.observed()) finish_event(c, ev);
}

// ---- SYSCALL / SYSRET (SDM Vol. 2 SYSCALL, SYSRET) ----

namespace {
// The fixed descriptor caches SYSCALL and SYSRET load (no GDT reads).
Segment flat_code(uint16_t sel, uint8_t dpl, bool l) {
    const uint16_t attr = 0xb | 0x10 | (dpl << 5) | segattr::P | segattr::G | (l ? segattr::L : segattr::DB);
    return Segment{sel, 0, 0xffffffff, attr};
}
Segment flat_stack(uint16_t sel, uint8_t dpl) {
    return Segment{sel, 0, 0xffffffff, static_cast<uint16_t>(0x3 | 0x10 | (dpl << 5) | segattr::P | segattr::G | segattr::DB)};
}
}  // namespace

void op_syscall(Cpu& c, const DecodedInsn& i) {
    CpuEvent ev{};
    if (c.observed()) ev = event_from(c, CpuEvent::Kind::SYSCALL, c.s.rip - i.len);
    // Intel: SYSCALL is #UD outside 64-bit mode (AMD would enter through CSTAR).
    if (!c.long64() || !(c.s.efer & EFER_SCE)) raise(Vec::UD);
    c.s.gpr[RCX] = c.s.rip;
    const uint64_t flags = c.rflags();
    c.s.gpr[R11] = flags & ~fl::RF;
    const uint16_t sel = static_cast<uint16_t>(c.s.star >> 32) & 0xfffc;
    c.s.seg[CS] = flat_code(sel, 0, true);
    c.s.seg[SS] = flat_stack(static_cast<uint16_t>(sel + 8), 0);
    c.s.cpl = 0;
    c.update_mode();
    c.set_rflags((flags & ~c.s.sfmask & ~fl::RF) | fl::FIXED1);
    c.s.rip = c.s.lstar;
    // SYSCALL ends its block (decode.cpp), and the next one may follow at once (Cpu::hop): the
    // privilege class is synced, TF stops chaining (set_rflags), and an observer that this
    // event turned on is seen there.
    if (c.observed()) finish_event(c, ev);
}

void op_sysret(Cpu& c, const DecodedInsn& i) {
    CpuEvent ev{};
    if (c.observed()) ev = event_from(c, CpuEvent::Kind::SYSRET, c.s.rip - i.len);
    if (!(c.s.efer & EFER_SCE)) raise(Vec::UD);
    if (!c.long64()) raise(Vec::UD);
    if (c.s.cpl != 0) raise(Vec::GP, 0);
    const bool to64 = i.opsize == 8;
    // Intel raises #GP(0) in ring 0 for a non-canonical return address (SDM Vol. 2 SYSRET).
    if (to64 && !is_canonical(c.s.gpr[RCX])) raise(Vec::GP, 0);
    const uint16_t base = static_cast<uint16_t>(c.s.star >> 48);
    c.s.seg[CS] = to64 ? flat_code(static_cast<uint16_t>((base + 16) | 3), 3, true)
                       : flat_code(static_cast<uint16_t>(base | 3), 3, false);
    // SS keeps its fixed cache; only the selector changes (SDM: "SS.Selector ← IA32_STAR[63:48]+8").
    c.s.seg[SS] = flat_stack(static_cast<uint16_t>((base + 8) | 3), 3);
    c.s.cpl = 3;
    c.s.rip = to64 ? c.s.gpr[RCX] : static_cast<uint32_t>(c.s.gpr[RCX]);
    c.set_rflags((c.s.gpr[R11] & 0x3c7fd7) | fl::FIXED1);
    c.update_mode();  // a return to 32-bit code ends the chain there; see op_syscall
    if (c.observed()) finish_event(c, ev);
}

// ---- SYSENTER / SYSEXIT (SDM Vol. 2 SYSENTER, SYSEXIT) ----

void op_sysenter(Cpu& c, const DecodedInsn& i) {
    CpuEvent ev{};
    if (c.observed()) ev = event_from(c, CpuEvent::Kind::SYSENTER, c.s.rip - i.len);
    const uint16_t cs = static_cast<uint16_t>(c.s.sysenter_cs);
    if ((cs & 0xfffc) == 0) raise(Vec::GP, 0);
    const bool lma = c.s.efer & EFER_LMA;
    c.set_rflags(c.rflags() & ~(fl::VM | fl::IF | fl::RF));
    c.s.seg[CS] = flat_code(cs & 0xfffc, 0, lma);
    c.s.seg[SS] = flat_stack(static_cast<uint16_t>((cs & 0xfffc) + 8), 0);
    c.s.cpl = 0;
    c.s.gpr[RSP] = lma ? c.s.sysenter_esp : static_cast<uint32_t>(c.s.sysenter_esp);
    c.s.rip = lma ? c.s.sysenter_eip : static_cast<uint32_t>(c.s.sysenter_eip);
    c.update_mode();
    c.end_block = true;
    if (c.observed()) finish_event(c, ev);
}

void op_sysexit(Cpu& c, const DecodedInsn& i) {
    CpuEvent ev{};
    if (c.observed()) ev = event_from(c, CpuEvent::Kind::SYSEXIT, c.s.rip - i.len);
    const uint16_t cs = static_cast<uint16_t>(c.s.sysenter_cs);
    if ((cs & 0xfffc) == 0 || c.s.cpl != 0) raise(Vec::GP, 0);
    const bool to64 = i.opsize == 8;
    if (to64 && (!is_canonical(c.s.gpr[RDX]) || !is_canonical(c.s.gpr[RCX]))) raise(Vec::GP, 0);
    c.s.seg[CS] = flat_code(static_cast<uint16_t>((cs + (to64 ? 32 : 16)) | 3), 3, to64);
    c.s.seg[SS] = flat_stack(static_cast<uint16_t>((cs + (to64 ? 40 : 24)) | 3), 3);
    c.s.cpl = 3;
    c.s.gpr[RSP] = to64 ? c.s.gpr[RCX] : static_cast<uint32_t>(c.s.gpr[RCX]);
    c.s.rip = to64 ? c.s.gpr[RDX] : static_cast<uint32_t>(c.s.gpr[RDX]);
    c.update_mode();
    c.end_block = true;
    if (c.observed()) finish_event(c, ev);
}

}  // namespace lstar
