// lstar::Cpu: one x86-64 processor with its memory, decode cache and interpreter loop.
//
// Table of contents (each group is defined in the file named):
//   cpu.cpp      construction, the embedding API, register and flag access
//   exec.cpp     the block cache and the run loop
//   interrupt.cpp  exception and interrupt delivery through the IDT, IRET, INT n, SYSCALL/SYSRET,
//                SYSENTER/SYSEXIT
//   segment.cpp  descriptors, segment loads, far transfers, mode changes
//   decode.cpp   Zydis -> DecodedInsn (the only file that includes Zydis)
//   operands.hpp operand access shared by all instruction files
//   ops.def      the dispatch table; the instruction files implement what it names
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cpu/fault.hpp"
#include "cpu/flags.hpp"
#include "cpu/insn.hpp"
#include "cpu/observer.hpp"
#include "cpu/state.hpp"
#include "mmu/mmu.hpp"

namespace lstar {

// The mode the processor decodes and executes in (SDM Vol. 3 §2.2, Table 5-1).
enum class Mode : uint8_t {
    LONG64,    // IA-32e 64-bit mode: EFER.LMA and CS.L
    COMPAT32,  // IA-32e compatibility mode with a 32-bit code segment
    PROT32,    // legacy protected mode, 32-bit code segment
    PROT16,    // a 16-bit code segment (either of the two above with CS.D = 0)
};

// What the CPU needs from the machine around it.
class CpuBus {
public:
    virtual ~CpuBus() = default;
    virtual uint32_t port_in(uint16_t port, unsigned size) = 0;
    virtual void port_out(uint16_t port, unsigned size, uint32_t value) = 0;
    virtual uint8_t acknowledge_interrupt() = 0;  // INTA: the vector of the pending interrupt
};

struct StopInfo {
    enum class Reason : uint8_t {
        BUDGET,        // ran the requested number of instructions
        FAULT,         // a guest exception with no IDT to deliver it to (flat harness)
        HALT,          // HLT: the machine decides how to wait
        TRIPLE_FAULT,  // a fault while delivering #DF: the machine shuts down
        STOP,          // the machine asked the CPU to stop (request_stop)
        BREAK,         // an observer's before_insn asked to stop before the instruction at RIP
    };
    Reason reason = Reason::BUDGET;
    GuestFault fault{};
    uint64_t insns = 0;  // instructions retired by this run() call
};

class BlockCache;  // exec.cpp
struct Block;

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

    // ---- the machine around the CPU ----
    // With a bus, guest exceptions are delivered through the IDT instead of ending run(), and
    // interrupts are taken at block boundaries when `intr` is set.
    CpuBus* bus = nullptr;
    bool intr = false;           // the INTR line (the PIC has an interrupt for us)
    void request_stop() { stop_requested_ = true; end_block = true; }

    // ---- observers (cpu/observer.hpp) ----
    void add_observer(CpuObserver* o) { observers_.push_back(o); }
    void remove_observer(CpuObserver* o) { std::erase(observers_, o); }
    bool observed() const { return !observers_.empty(); }
    // Run one instruction at a time and call before_insn/after_insn (needs an observer).
    bool observe_insns = false;
    void notify(const CpuEvent& e) {
        for (CpuObserver* o : observers_) o->on_event(*this, e);
    }
    uint8_t last_ist = 0;  // the IST slot of the last 64-bit gate delivered through
    // Decode-cache counters for --stats: blocks looked up (chained or not) and blocks decoded.
    struct BlockStats {
        uint64_t lookups = 0, builds = 0;
        uint64_t traces = 0;  // hot blocks built again as traces
        uint64_t pairs = 0;   // MOV pairs fused (chain.hpp chain_pair) in the blocks built
    } block_stats;

    // ---- state used by instruction handlers ----
    CpuState s{};
    LazyFlags lazy;
    PhysMem phys;
    Mmu mmu;
    bool end_block = false;  // a handler asks the loop to leave the block after this instruction
    bool halted = false;
    uint64_t irq_inhibit_until = 0;  // STI / MOV SS shadow: no interrupts before this icount

    Mode mode() const { return mode_; }
    bool long64() const { return mode_ == Mode::LONG64; }
    void update_mode();  // after CS, CR0 or EFER changed (segment.cpp)

    // Exception and interrupt delivery (interrupt.cpp). `soft` is INT n/INT3/INTO (DPL checked,
    // RIP already past the instruction).
    void deliver(uint8_t vector, bool has_error, uint32_t error, bool soft, bool external = false);
    // Delivers a fault with #DF and triple-fault escalation. For a software interrupt,
    // `insn_len` is the INT instruction's length (RIP is past it).
    void deliver_fault(const GuestFault& f, uint8_t insn_len = 0);

    // Status flags (CF PF AF ZF SF OF) of RFLAGS, materialized.
    uint64_t status() const { return lazy.op == FlagOp::NONE ? lazy.bits : compute_flags(lazy); }
    bool cf() const { return lazy.op == FlagOp::NONE ? (lazy.bits & fl::CF) : (status() & fl::CF); }
    // Condition code 0..15; straight from a CMP or logic record when it can (flags.hpp).
    [[gnu::always_inline]] bool cond(uint8_t cc) const {
        const int fast = fast_condition(lazy, cc);
        return fast >= 0 ? fast : cond_from_status(cc);
    }
    bool cond_from_status(uint8_t cc) const;
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

    // Segmented access: ea is an offset. In 64-bit mode only FS and GS add their base; in the
    // 32-bit modes every segment adds its base and checks its limit (SDM Vol. 3 §3.4.5, §5.3).
    uint64_t linear(uint8_t seg, uint64_t ea) const {
        if (long64()) return (seg == FS || seg == GS) ? ea + s.seg[seg].base : ea;
        return static_cast<uint32_t>(ea + s.seg[seg].base);
    }
    template <class T>
    [[gnu::always_inline]] T load(uint8_t seg, uint64_t ea, Access acc = Access::READ) {
        if (!long64()) check_limit(seg, ea, sizeof(T), acc == Access::WRITE);
        return mmu.read<T>(linear(seg, ea), acc, seg == SS);
    }
    template <class T>
    [[gnu::always_inline]] void store(uint8_t seg, uint64_t ea, T v) {
        if (!long64()) check_limit(seg, ea, sizeof(T), true);
        mmu.write<T>(linear(seg, ea), v, seg == SS);
    }
    // #GP(0), or #SS(0) for SS, when [ea, ea+len) is outside the segment or the segment does not
    // allow the access (segment.cpp).
    void check_limit(uint8_t seg, uint64_t ea, uint64_t len, bool write) const;

    // Stack address size in bytes: 8 in 64-bit mode, else 4 or 2 by SS.B (SDM Vol. 3 §3.4.5).
    uint8_t stack_addr_size() const {
        return long64() ? 8 : (s.seg[SS].attr & segattr::DB) ? 4 : 2;
    }

    // Called by the MMU when code in a physical page is overwritten.
    void invalidate_code(uint64_t pa_page);

private:
    friend class BlockCache;
    template <Handler H>
    friend void chain(Cpu&, const DecodedInsn&);
    template <Handler H>
    friend void chain_branch(Cpu&, const DecodedInsn&);
    friend void chain_any(Cpu&, const DecodedInsn&);
    template <bool (*)(Cpu&, const DecodedInsn&), void (*)(Cpu&, const DecodedInsn&)>
    friend void chain_try(Cpu&, const DecodedInsn&);
    template <bool (*)(Cpu&, const DecodedInsn&), void (*)(Cpu&, const DecodedInsn&)>
    friend void chain_try_branch(Cpu&, const DecodedInsn&);
    friend void push_run(Cpu&, const DecodedInsn&);
    friend void pop_run(Cpu&, const DecodedInsn&);
    friend void end_run(Cpu&, const DecodedInsn&, uint64_t);
    void take_interrupt();
    uint8_t instruction_breakpoints() const;
    template <bool Observed>
    const DecodedInsn* run_insns(const DecodedInsn* p, const DecodedInsn* end);
    size_t run_slowly(Block* b, bool single, uint64_t left, StopInfo& stop, Block*& prev);
    static void block_exit(Cpu& c, const DecodedInsn& sentinel);
    static void side_exit(Cpu& c, const DecodedInsn& branch);
    static void hop(Cpu& c, const Block* b, uint64_t n);
    // Blocks chained by block_exit (exec.cpp) within one dispatch from run(), which began at
    // icount_ `start`: already in icount_, taken off run()'s budget here.
    void take_hopped(StopInfo& stop, uint64_t& left, uint64_t start) {
        stop.insns += icount_ - start;
        left -= icount_ - start;
    }
    static constexpr unsigned MAX_HOPS = 64;
    unsigned hops_left_ = 0;
    uint64_t hop_limit_ = 0;  // block_exit chains on only while icount_ stays within this
    Block* last_block_ = nullptr;  // the block the last dispatch ended in
    std::unique_ptr<BlockCache> cache_;
    Mode mode_ = Mode::LONG64;
    bool stop_requested_ = false;
    uint8_t delivering_ = 0;  // nesting of exception delivery, for #DF and triple faults
    int first_vector_ = -1;   // the exception being delivered when another one arrives
    uint64_t icount_ = 0;
    const DecodedInsn* block_first_ = nullptr;  // first instruction of the running block
    const DecodedInsn* current_ = nullptr;      // the instruction executing, for the fault path
    std::vector<CpuObserver*> observers_;
};

// Disassembles one instruction (decode.cpp) as decoded in `mode`. `att` selects AT&T syntax.
std::string disassemble(const uint8_t* bytes, size_t len, uint64_t rip, bool att = false, Mode mode = Mode::LONG64);

}  // namespace lstar
