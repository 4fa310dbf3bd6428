#include "debug/path_trace.hpp"

#include <fmt/format.h>

#include <string_view>

#include "cpu/decode.hpp"

namespace lstar {

using linux_abi::Abi;

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The fields of the guest kernel's struct pcpu (src/guestos/arch/x86/include/asm/percpu.h).
const char* pcpu_field_name(uint64_t offset) {
    switch (offset) {
    case 0: return "rsp_scratch";
    case 8: return "cpu_current_top_of_stack";
    case 16: return "current_task";
    }
    return nullptr;
}

constexpr size_t STEP_COLUMN = 20, WHERE_COLUMN = 56;

std::string step(const char* number, const char* what, const std::string& where, const std::string& detail) {
    std::string s = fmt::format("  {:<3}{}", number, what);
    s.resize(std::max(s.size() + 1, STEP_COLUMN), ' ');
    s += where;
    s.resize(std::max(s.size() + 2, WHERE_COLUMN), ' ');
    return s + detail;
}

}  // namespace

uint64_t mem_operand_linear(const Cpu& cpu, const DecodedInsn& insn, uint64_t insn_rip) {
    const MemRef& m = insn.mem;
    uint64_t ea = static_cast<uint64_t>(m.disp);
    if (m.base == RIPREL) ea += insn_rip + insn.len;
    else if (m.base != NOREG) ea += cpu.s.gpr[m.base];
    if (m.index != NOREG) ea += cpu.s.gpr[m.index] * m.scale;
    if (insn.addrsize == 4) ea = static_cast<uint32_t>(ea);
    else if (insn.addrsize == 2) ea = static_cast<uint16_t>(ea);
    return cpu.linear(m.seg, ea);
}

PathTrace::PathTrace(TraceContext& ctx, const std::vector<std::string>& filter)
    : ctx_(ctx), filter_(filter), decoder_(ctx) {}

std::string PathTrace::where(uint64_t la) const {
    if (ctx_.syms.find(la)) return fmt::format("{:#x} <{}>", la, ctx_.syms.describe(la));
    return fmt::format("{:#x}", la);
}

std::string PathTrace::pcpu_field(uint64_t la) const {
    std::string s = ctx_.syms.describe(la);
    const auto pcpu = ctx_.syms.lookup("cpu_pcpu");
    if (pcpu && la >= *pcpu && pcpu_field_name(la - *pcpu)) s += fmt::format(" ({})", pcpu_field_name(la - *pcpu));
    return s;
}

void PathTrace::on_event(Cpu& cpu, const CpuEvent& e) {
    using K = CpuEvent::Kind;
    if (e.from_cpl == 3 && e.to_cpl == 0) {
        if (e.kind == K::SYSCALL) enter(cpu, e, Abi::X86_64);
        else if ((e.kind == K::SOFT_INT && e.vector == 0x80) || e.kind == K::SYSENTER) enter(cpu, e, Abi::I386);
        return;
    }
    if (!active_) return;
    if (e.to_cpl == 3 && (e.kind == K::SYSRET || e.kind == K::IRET || e.kind == K::SYSEXIT) &&
        ctx_.current_pid() == call_.pid) {
        finish(cpu, e);
    } else if (e.to_cpl == 0 && (e.kind == K::INTERRUPT || e.kind == K::EXCEPTION)) {
        lines().push_back(step("", "(interrupt)", where(e.from_rip),
                              fmt::format("vector {:#x} arrived inside the call: its handler's instructions count too", e.vector)));
    }
}

void PathTrace::enter(Cpu& cpu, const CpuEvent& e, Abi abi) {
    if (active_) {  // the previous call never returned (exit, or a task switch we do not follow)
        ctx_.out.put("[pid ").dec(static_cast<uint64_t>(call_.pid < 0 ? 0 : call_.pid)).put("] ");
        ctx_.out.put(decoder_.call_text(cpu, call_, 0)).put(" = ? (did not return)").end_line();
        for (const std::string& l : entry_lines_) ctx_.out.put(l).end_line();
    }
    active_ = false;
    call_ = decoder_.enter(cpu, abi, e.from_rip);
    if (!filter_.wanted(call_)) return;
    active_ = true;
    entry_lines_.clear();
    exit_lines_.clear();
    frames_.clear();
    open_.clear();
    seen_call_ = false;
    entry_rsp_ = prev_rsp_ = e.to_rsp;
    pushes_ = 0;
    ctx_.path_wanted = true;
    ctx_.update_observe();

    // 1. The instruction.
    std::string detail;
    const char* table_name = linux_abi::syscall_name(abi, call_.nr);
    if (abi == Abi::X86_64) {
        detail = fmt::format("rax={} ({}, x86-64 table sys_call_table)", call_.nr, call_.name);
    } else {
        detail = fmt::format("eax={} ({}, i386 table ia32_sys_call_table)", call_.nr, table_name ? table_name : "?");
        if (table_name && call_.name != table_name)  // socketcall's sub-call
            detail += fmt::format(", ebx={} ({})", static_cast<uint32_t>(cpu.s.gpr[RBX]), call_.name);
    }
    const char* insn = e.kind == CpuEvent::Kind::SYSCALL ? "syscall" : e.kind == CpuEvent::Kind::SYSENTER ? "sysenter" : "int $0x80";
    lines().push_back(step("1.", insn, where(e.from_rip), detail));
    gate_lines(cpu, e);
}

// 2. How the CPU got into the kernel: the MSR or the IDT gate, and the CPL change.
void PathTrace::gate_lines(Cpu& cpu, const CpuEvent& e) {
    if (e.kind == CpuEvent::Kind::SYSCALL) {
        lines().push_back(step("2.", "MSR_LSTAR", where(cpu.s.lstar),
                              fmt::format("CPL 3 -> 0; rcx={:#x} (return RIP), r11={:#x} (RFLAGS), RFLAGS &= ~{:#x} "
                                          "(MSR_SYSCALL_MASK); RSP stays the user's {:#x}",
                                          cpu.s.gpr[RCX], cpu.s.gpr[R11], cpu.s.sfmask, e.to_rsp)));
        return;
    }
    if (e.kind == CpuEvent::Kind::SYSENTER) {
        lines().push_back(step("2.", "MSR_SYSENTER_EIP", where(e.to_rip),
                              fmt::format("CPL 3 -> 0; RSP {:#x} -> {:#x} (MSR_SYSENTER_ESP)", e.from_rsp, e.to_rsp)));
        return;
    }
    // A 64-bit IDT gate: 16 bytes at IDTR.base + 16 * vector (SDM Vol. 3 §6.14.1).
    uint8_t gate[16] = {};
    std::string kind = "gate";
    unsigned dpl = 0;
    if ((cpu.s.efer & (1u << 10)) && cpu.mmu.copy_out(cpu.s.idtr.base + 16 * 0x80, gate, sizeof gate)) {
        const unsigned type = gate[5] & 0xf;
        dpl = (gate[5] >> 5) & 3;
        kind = type == 0xe ? "interrupt gate" : type == 0xf ? "trap gate" : fmt::format("type {:#x}", type);
    }
    lines().push_back(step("2.", "IDT[0x80]", where(e.to_rip),
                          fmt::format("64-bit {}, DPL {} (so CPL 3 may use it), IST {}; CPL 3 -> 0", kind, dpl, e.ist)));
    lines().push_back(step("", "stack", "TSS.RSP0",
                          fmt::format("the CPU switched RSP {:#x} -> {:#x} and pushed SS, RSP, RFLAGS, CS, RIP (40 bytes)",
                                      e.from_rsp, e.to_rsp)));
}

void PathTrace::stub_line(Cpu& cpu, const DecodedInsn& insn, const char* what, const std::string& detail) {
    const uint64_t rip = cpu.rip() - insn.len;
    const std::string text = disassemble(insn.bytes, insn.len, rip, false, cpu.mode());
    const bool first_stub_line = !seen_call_ && entry_lines_.size() == (call_.abi == Abi::X86_64 ? 2u : 3u);
    lines().push_back(step(first_stub_line ? "3." : "", what,
                          fmt::format("{:<30} {}", ctx_.syms.describe(rip), text), detail));
}

void PathTrace::after_insn(Cpu& cpu, const DecodedInsn& insn) {
    if (!active_ || cpu.s.cpl != 0) return;
    const std::string_view name = mnemonic_name(insn.mnemonic);
    const uint64_t rsp = cpu.s.gpr[RSP];
    if (starts_with(name, "call")) {
        if (open_.empty() && !seen_call_ && pushes_)
            lines().push_back(step("", "pt_regs", fmt::format("{} pushes", pushes_),
                                  fmt::format("struct pt_regs built on the kernel stack at {:#x}", rsp + 8)));
        seen_call_ = true;
        Frame f;
        const Symbol* s = ctx_.syms.find(cpu.rip());
        f.name = s && s->addr == cpu.rip() ? s->name : ctx_.syms.describe(cpu.rip());
        f.depth = static_cast<unsigned>(open_.size());
        f.start = cpu.icount_at(insn) + 2;
        // A call through the system-call table: name the slot.
        const char* table = call_.abi == Abi::X86_64 ? "sys_call_table" : "ia32_sys_call_table";
        if (const auto base = ctx_.syms.lookup(table)) {
            bool ok = false;
            if (ctx_.mem_u64(*base + 8 * call_.nr, &ok) == cpu.rip() && ok) f.via = fmt::format("{}[{}]", table, call_.nr);
        }
        open_.push_back(frames_.size());
        frames_.push_back(std::move(f));
    } else if (starts_with(name, "ret") && !open_.empty()) {
        Frame& f = frames_[open_.back()];
        f.insns = cpu.icount_at(insn) + 2 - f.start;
        open_.pop_back();
    } else if (open_.empty()) {
        // The entry and exit stubs: SWAPGS, the per-CPU slots, and every change of stack.
        if (name == "swapgs") {
            stub_line(cpu, insn, "swapgs",
                      fmt::format("gs.base {:#x} -> {}", cpu.s.kernel_gs_base,
                                  ctx_.syms.find(cpu.s.seg[GS].base) ? where(cpu.s.seg[GS].base) : fmt::format("{:#x}", cpu.s.seg[GS].base)));
        } else if (starts_with(name, "push") && !seen_call_) {
            ++pushes_;
        } else {
            bool gs_operand = false;
            for (unsigned k = 0; k < insn.nops; ++k) gs_operand |= insn.op[k].kind == OpKind::MEM && insn.mem.seg == GS;
            std::string detail;
            if (rsp != prev_rsp_ && !starts_with(name, "pop") && !starts_with(name, "push"))
                detail = fmt::format("RSP {:#x} -> {:#x}", prev_rsp_, rsp);
            if (gs_operand) {
                const uint64_t la = mem_operand_linear(cpu, insn, cpu.rip() - insn.len);
                if (insn.op[0].kind == OpKind::MEM)
                    detail += fmt::format("{}{:#x} saved in {}", detail.empty() ? "" : ", ", ctx_.mem_u64(la), pcpu_field(la));
                else
                    detail += fmt::format("{}from {}", detail.empty() ? "" : ", ", pcpu_field(la));
            }
            if (!detail.empty()) stub_line(cpu, insn, "stack", detail);
        }
    }
    prev_rsp_ = rsp;
}

// 5. The way back, then everything in order.
void PathTrace::finish(Cpu& cpu, const CpuEvent& e) {
    const bool sysret = e.kind == CpuEvent::Kind::SYSRET;
    const int64_t ret = call_.abi == Abi::X86_64 ? static_cast<int64_t>(cpu.s.gpr[RAX])
                                                 : static_cast<int64_t>(static_cast<int32_t>(cpu.s.gpr[RAX]));
    // The tree first, then the exit stub's lines, which lines_ holds after the entry's.
    TraceOut& out = ctx_.out;
    if (call_.pid >= 0) out.put("[pid ").dec(static_cast<uint64_t>(call_.pid)).put("] ");
    out.put(decoder_.call_text(cpu, call_, ret)).put(" = ").put(decoder_.result_text(call_, ret));
    out.put(" <").dec(cpu.icount() - call_.start_icount).put(" insns>").end_line();
    for (const std::string& l : entry_lines_) out.put(l).end_line();
    out.put(step("4.", "kernel calls", "", "(instructions, callees included)")).end_line();
    for (const Frame& f : frames_) {
        std::string s(STEP_COLUMN + 2 * f.depth, ' ');
        s += f.name;
        if (!f.via.empty()) s += "  (" + f.via + ")";
        s.resize(std::max(s.size() + 2, WHERE_COLUMN), ' ');
        s += f.insns ? fmt::format("{}", f.insns) : "?";
        out.put(s).end_line();
    }
    for (const std::string& l : exit_lines_) out.put(l).end_line();
    const std::string mode = cpu.mode() == Mode::LONG64 ? "64-bit" : "compatibility";
    out.put(step("5.", sysret ? "sysretq" : e.kind == CpuEvent::Kind::IRET ? "iretq" : "sysexit", where(e.from_rip),
                 fmt::format("CPL 0 -> 3 ({} mode); RIP -> {:#x}{}, RSP -> {:#x}; rax={:#x}", mode, e.to_rip,
                             sysret ? " (from rcx)" : " (popped)", e.to_rsp, cpu.s.gpr[RAX])))
        .end_line();
    active_ = false;
    ctx_.path_wanted = false;
    ctx_.update_observe();
}

}  // namespace lstar
