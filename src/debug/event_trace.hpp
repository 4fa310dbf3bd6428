// --trace=exc,irq: one line per exception or interrupt delivered, and --stats' counters.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "cpu/cpu.hpp"
#include "debug/tracing.hpp"

namespace lstar {

class EventTrace : public CpuObserver {
public:
    EventTrace(TraceContext& ctx, bool exceptions, bool interrupts)
        : ctx_(ctx), exceptions_(exceptions), interrupts_(interrupts) {}
    void on_event(Cpu& cpu, const CpuEvent& e) override;

private:
    TraceContext& ctx_;
    bool exceptions_, interrupts_;
};

// "#PF", "#GP" ... for vectors 0-31, "INT 0x80" style for the rest.
std::string vector_name(uint8_t vector);
// The bits of a #PF error code in words: "not-present write user".
std::string page_fault_error(uint32_t error);

class StatsCollector : public CpuObserver {
public:
    void on_event(Cpu& cpu, const CpuEvent& e) override;
    void print(std::FILE* out, const Cpu& cpu, uint64_t insns, double seconds) const;

private:
    std::map<std::string, uint64_t> syscalls_;
    std::map<uint8_t, uint64_t> exceptions_, interrupts_;
};

}  // namespace lstar
