// lstar::Cpu: one x86-64 processor with its memory, decode cache and interpreter loop.
//
// Table of contents (each group is defined in the file named):
//   cpu.cpp      construction, the embedding API, register and flag access
//   exec.cpp     the block cache and the run loop
//   decode.cpp   Zydis -> DecodedInsn (the only file that includes Zydis)
//   operands.hpp operand access shared by all instruction files
//   ops.def      the dispatch table; the instruction files implement what it names
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "cpu/fault.hpp"
#include "cpu/flags.hpp"
#include "cpu/insn.hpp"
#include "cpu/state.hpp"
#include "mmu/mmu.hpp"

namespace lstar {

struct StopInfo {
    enum class Reason : uint8_t {
        BUDGET,  // ran the requested number of instructions
        FAULT,   // a guest exception with no IDT to deliver it to (flat harness)
        HALT,    // HLT at CPL 0
    };
    Reason reason = Reason::BUDGET;
    GuestFault fault{};
    uint64_t insns = 0;  // instructions retired by this run() call
};

class BlockCache;  // exec.cpp

class Cpu {
public:
    // ---- cpu.cpp: construction and the embedding API ----
    explicit Cpu(uint64_t phys_mem_bytes = 1ull << 30);
    ~Cpu();
    Cpu(const Cpu&) = delete;
    Cpu& operator=(const Cpu&) = delete;

    // Resets to 64-bit flat user mode: CS.L=1, CPL 3, RFLAGS=0x202, all GPRs zero.
    void reset_long64(uint8_t cpl = 3);

    void map(uint64_t la, uint64_t len, uint8_t perms = perm::RWX) { mmu.map(la, len, perms); }
    bool write_mem(uint64_t la, const void* src, uint64_t len) { return mmu.copy_in(la, src, len); }
    bool read_mem(uint64_t la, void* dst, uint64_t len) { return mmu.copy_out(la, dst, len); }

    uint64_t reg(Gpr r) const { return s.gpr[r]; }
    void set_reg(Gpr r, uint64_t v) { s.gpr[r] = v; }
    uint64_t rip() const { return s.rip; }
    void set_rip(uint64_t v) { s.rip = v; }
    uint64_t rflags() const;          // with the status flags materialized
    void set_rflags(uint64_t v);      // every bit, no privilege checks (host access)
    uint64_t icount() const { return icount_; }
    // Instructions retired before `i`, which must be the instruction now executing.
    uint64_t icount_at(const DecodedInsn& i) const { return icount_ + static_cast<uint64_t>(&i - block_first_); }

    // Runs at most max_insns instructions; stops early on a fault or HLT.
    StopInfo run(uint64_t max_insns);
    StopInfo step() { return run(1); }

    // ---- state used by instruction handlers ----
    CpuState s{};
    LazyFlags lazy;
    PhysMem phys;
    Mmu mmu;
    bool end_block = false;  // a handler asks the loop to leave the block after this instruction
    bool halted = false;

    // Status flags (CF PF AF ZF SF OF) of RFLAGS, materialized.
    uint64_t status() const { return lazy.op == FlagOp::NONE ? lazy.bits : compute_flags(lazy); }
    bool cf() const { return lazy.op == FlagOp::NONE ? (lazy.bits & fl::CF) : (status() & fl::CF); }
    bool cond(uint8_t cc) const;   // condition code 0..15
    // Records a lazily evaluated flag update (ADD, SUB, LOGIC ...). `extra` is the carry-in for
    // ADC/SBB and the old CF for INC/DEC.
    template <class T>
    void set_lazy(FlagOp op, T dst, T src, T res, uint64_t extra = 0) {
        lazy.dst = dst, lazy.src = src, lazy.res = res, lazy.bits = extra;
        lazy.op = op, lazy.size = sizeof(T);
    }
    // Eager update: the status flags in `mask` take their value from `value`, the rest keep theirs.
    void set_status(uint64_t mask, uint64_t value) {
        uint64_t cur = status();
        lazy.bits = (cur & ~mask) | (value & mask);
        lazy.op = FlagOp::NONE;
    }

    // Segmented access: ea is an offset; FS/GS add their base (64-bit mode ignores the others).
    uint64_t linear(uint8_t seg, uint64_t ea) const {
        return (seg == FS || seg == GS) ? ea + s.seg[seg].base : ea;
    }
    template <class T>
    T load(uint8_t seg, uint64_t ea, Access acc = Access::READ) {
        return mmu.read<T>(linear(seg, ea), acc, seg == SS);
    }
    template <class T>
    void store(uint8_t seg, uint64_t ea, T v) { mmu.write<T>(linear(seg, ea), v, seg == SS); }

    // Stack width in bytes (8 in 64-bit mode).
    uint8_t stack_width() const { return 8; }

    // Called by the MMU when code in a physical page is overwritten.
    void invalidate_code(uint64_t pa_page);

private:
    friend class BlockCache;
    std::unique_ptr<BlockCache> cache_;
    uint64_t icount_ = 0;
    const DecodedInsn* block_first_ = nullptr;  // first instruction of the running block
};

// Disassembles one instruction (decode.cpp). `att` selects AT&T syntax.
std::string disassemble(const uint8_t* bytes, size_t len, uint64_t rip, bool att = false);

}  // namespace lstar
