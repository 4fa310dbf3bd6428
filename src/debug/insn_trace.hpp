// --trace=insn: one line per retired instruction (docs/tracing.md, "Instruction trace").
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include "cpu/cpu.hpp"
#include "debug/tracing.hpp"

namespace lstar {

class InsnTrace : public CpuObserver {
public:
    struct Filter {
        uint64_t lo = 0, hi = ~0ull;  // RIP in [lo, hi)
        int cpl = -1;
        uint64_t start = 0;           // the first instruction number traced (1-based)
        uint64_t count = ~0ull;       // lines to write at most
    };
    InsnTrace(TraceContext& ctx, const Filter& filter, bool att);

    bool before_insn(Cpu& cpu, const DecodedInsn& insn) override;
    void after_insn(Cpu& cpu, const DecodedInsn& insn) override;
    // The instruction of the last before_insn faulted and ended the run (no IDT).
    void fault_line(Cpu& cpu, const GuestFault& f);

    uint64_t lines() const { return lines_; }

private:
    // What does not change between executions of the same instruction bytes: the text, and
    // how to find the memory the instruction writes.
    struct Info {
        uint8_t bytes[15];
        uint8_t len = 0;
        Mode mode{};
        enum class Writes : uint8_t { NONE, OPERAND, PUSH, STRING } writes = Writes::NONE;
        uint8_t mem_size = 0;    // OPERAND: bytes compared (at most MAX_MEM)
        std::string sym;         // "name+0x12", "" without symbols
        std::string bytes_hex;   // "0f 01 f8"
        std::string text;        // the disassembly
    };
    static constexpr unsigned MAX_MEM = 64;

    const Info& info(Cpu& cpu, const DecodedInsn& insn);
    bool selected(const Cpu& cpu, uint64_t number) const;
    void head(Cpu& cpu, const Info& in);
    void changes(Cpu& cpu);
    void written(uint64_t la, const uint8_t* bytes, unsigned n);
    // Mmu::copy_out with the last page's translation remembered (a page walk per access would
    // cost more than the rest of the line).
    bool read(Cpu& cpu, uint64_t la, void* dst, unsigned n);
    void put_flags(uint64_t rflags);

    TraceContext& ctx_;
    Filter filter_;
    bool att_;
    std::unordered_map<uint64_t, Info> cache_;
    uint64_t lines_ = 0;

    // The state before the instruction now executing.
    bool armed_ = false;   // before_insn selected it
    const Info* cur_ = nullptr;
    uint64_t number_ = 0, rip_ = 0, regs_[16]{}, flags_ = 0, fs_base_ = 0, gs_base_ = 0;
    uint8_t cpl_ = 0;
    Mode mode_{};
    uint64_t mem_la_ = 0;
    bool mem_ok_ = false;
    uint8_t mem_[MAX_MEM]{};
    bool first_change_ = true;
    struct {
        uint64_t page = ~0ull, pa = 0, cr3 = 0, epoch = ~0ull;
    } last_page_;
};

}  // namespace lstar
