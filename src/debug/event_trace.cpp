#include "debug/event_trace.hpp"

#include <fmt/format.h>

#include "debug/linux_abi.hpp"

namespace lstar {

std::string vector_name(uint8_t vector) {
    static constexpr const char* kNames[32] = {
        "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "(15)",
        "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "(22)", "(23)", "(24)", "(25)", "(26)", "(27)", "(28)", "(29)", "#SX", "(31)"};
    return vector < 32 ? kNames[vector] : fmt::format("vector {:#x}", vector);
}

// SDM Vol. 3 §4.7, Figure 4-12.
std::string page_fault_error(uint32_t e) {
    std::string s = e & 1 ? "protection" : "not-present";
    s += e & 2 ? " write" : " read";
    s += e & 4 ? " user" : " supervisor";
    if (e & 8) s += " reserved-bit";
    if (e & 16) s += " fetch";
    if (e & 32) s += " protection-key";
    return s;
}

namespace {
std::string where(const TraceContext& ctx, uint64_t la) {
    if (ctx.syms.find(la)) return fmt::format("{:#x} <{}>", la, ctx.syms.describe(la));
    return fmt::format("{:#x}", la);
}
}  // namespace

void EventTrace::on_event(Cpu& cpu, const CpuEvent& e) {
    using K = CpuEvent::Kind;
    const bool exc = e.kind == K::EXCEPTION || (e.kind == K::SOFT_INT && e.vector != 0x80);
    if (!(exc && exceptions_) && !(e.kind == K::INTERRUPT && interrupts_)) return;
    std::string s = fmt::format("{} {}", e.kind == K::INTERRUPT ? "irq" : e.kind == K::SOFT_INT ? "int" : "exc",
                                vector_name(e.vector));
    if (e.kind == K::SOFT_INT && e.vector < 32) s += fmt::format(" ({:#x})", e.vector);
    if (e.has_error) s += fmt::format(" error={:#x}", e.error);
    if (e.vector == 14 && e.kind == K::EXCEPTION) s += fmt::format(" ({}) cr2={:#x}", page_fault_error(e.error), e.cr2);
    s += fmt::format(" at {} cpl{} -> {} cpl{}", where(ctx_, e.from_rip), e.from_cpl, where(ctx_, e.to_rip), e.to_cpl);
    const char* stack = e.ist ? nullptr : e.to_cpl < e.from_cpl ? "TSS.RSP0" : "same stack";
    s += fmt::format(", rsp {:#x} -> {:#x} ({})", e.from_rsp, e.to_rsp, stack ? stack : fmt::format("IST{}", e.ist));
    s += fmt::format(" #{}", cpu.icount());
    ctx_.out.put(s).end_line();
}

void StatsCollector::on_event(Cpu& cpu, const CpuEvent& e) {
    using K = CpuEvent::Kind;
    using linux_abi::Abi;
    if (e.from_cpl == 3 && e.to_cpl == 0 &&
        (e.kind == K::SYSCALL || (e.kind == K::SOFT_INT && e.vector == 0x80) || e.kind == K::SYSENTER)) {
        const Abi abi = e.kind == K::SYSCALL ? Abi::X86_64 : Abi::I386;
        const uint64_t nr = abi == Abi::X86_64 ? cpu.s.gpr[RAX] : static_cast<uint32_t>(cpu.s.gpr[RAX]);
        const char* name = linux_abi::syscall_name(abi, nr);
        ++syscalls_[name ? name : fmt::format("syscall_{:#x}", nr)];
        return;
    }
    if (e.kind == K::EXCEPTION || (e.kind == K::SOFT_INT && e.vector != 0x80)) ++exceptions_[e.vector];
    else if (e.kind == K::INTERRUPT) ++interrupts_[e.vector];
}

void StatsCollector::print(std::FILE* out, const Cpu& cpu, uint64_t insns, double seconds, double cpu_seconds) const {
    fmt::print(out, "lstar stats:\n");
    fmt::print(out, "  instructions retired  {}\n", insns);
    fmt::print(out, "  host time             {:.3f} s wall clock, {:.3f} s CPU\n", seconds, cpu_seconds);
    fmt::print(out, "  speed                 {:.1f} MIPS per CPU second\n", cpu_seconds > 0 ? insns / cpu_seconds / 1e6 : 0.0);
    uint64_t total = 0;
    for (const auto& [n, c] : syscalls_) total += c;
    fmt::print(out, "  system calls          {}\n", total);
    for (const auto& [n, c] : syscalls_) fmt::print(out, "    {:<22}{}\n", n, c);
    total = 0;
    for (const auto& [v, c] : exceptions_) total += c;
    fmt::print(out, "  exceptions            {}\n", total);
    for (const auto& [v, c] : exceptions_) fmt::print(out, "    {:<22}{}\n", fmt::format("{} ({})", vector_name(v), v), c);
    total = 0;
    for (const auto& [v, c] : interrupts_) total += c;
    fmt::print(out, "  interrupts            {}\n", total);
    for (const auto& [v, c] : interrupts_) fmt::print(out, "    {:<22}{}\n", fmt::format("vector {:#x}", v), c);
    const uint64_t fills = cpu.mmu.tlb_fills;
    fmt::print(out, "  TLB misses            {} ({:.2f} per 1000 instructions; hits are not counted,\n"
                    "                        to keep the hit path free)\n",
               fills, insns ? 1000.0 * fills / insns : 0.0);
    const auto& b = cpu.block_stats;
    fmt::print(out, "  decode cache          {} block lookups, {} decoded: {:.2f}% hit rate\n", b.lookups, b.builds,
               b.lookups ? 100.0 * (b.lookups - std::min(b.builds, b.lookups)) / b.lookups : 0.0);
    fmt::print(out, "  traces                {} hot blocks built again as traces; {} MOV pairs fused\n", b.traces,
               b.pairs);
}

}  // namespace lstar
