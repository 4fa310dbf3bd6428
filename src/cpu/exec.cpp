// The block cache and the interpreter loop.
//
// Decoded instructions are grouped into blocks keyed by physical address and mode. A block
// ends at a control transfer, where straight-line code crosses a page boundary, or after
// MAX_BLOCK instructions. A 64-bit block that has run HOT_RUNS times is built again as a
// trace, which follows direct JMPs and CALLs, a RET back to a CALL it followed (QEMU's
// translation blocks stop at each), the branches its blocks mostly took, and a loop once more
// while a copy fits; code that runs once, as most of a boot does, is decoded once.
// Each block remembers the blocks that followed it (chaining), so a hot loop runs without the
// decoder or the hash table. Any change of translation or any invalidated block bumps the chain
// epoch, which cuts every chain at once.
#include <algorithm>
#include <initializer_list>
#include <memory>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cpu/chain.hpp"
#include "cpu/cpu.hpp"
#include "cpu/decode.hpp"
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

namespace {

// A Jcc as decoded, and one that a trace predicts taken (branch.cpp op_jcc_taken).
bool is_jcc(const DecodedInsn& d) { return d.cond < 16 && d.fn == jcc_fast_twins[d.cond].fn; }
bool is_jcc_taken(const DecodedInsn& d) { return d.cond < 16 && d.fn == jcc_taken_twins[d.cond].fn; }

// The entries of twin tables (ops.hpp) by the handler that each one's `Key` names.
template <class Twin, Handler Twin::*Key>
std::unordered_map<Handler, const Twin*> by_handler(std::initializer_list<std::span<const Twin>> tables) {
    std::unordered_map<Handler, const Twin*> m;
    for (std::span<const Twin> table : tables)
        for (const Twin& t : table) m[t.*Key] = &t;
    return m;
}

// The calls-free twin of a hot memory instruction in 64-bit mode (chain.hpp chain_try), for
// the shape of its memory operand (operands.hpp Ea) and whether it is its block's last, or
// nullptr.
Handler fast_twin(const DecodedInsn& d, bool last) {
    static const auto twins = by_handler<FastTwin, &FastTwin::fn>(
        {mov_fast_twins, stack_fast_twins, branch_fast_twins, alu_fast_twins, jcc_fast_twins, jcc_taken_twins});
    auto it = twins.find(d.fn);
    if (it == twins.end()) return nullptr;
    const FastTwin& t = *it->second;
    if (t.rel && d.op[0].kind == OpKind::IMM && is_canonical(d.next_rip + d.imm)) return t.rel;
    const MemRef& m = d.mem;
    Ea shape = Ea::ANY;
    if (t.twin[int(Ea::FSGS)] && d.addrsize == 8 && (m.seg == FS || m.seg == GS) && m.base == NOREG &&
        m.index == NOREG) {
        shape = Ea::FSGS;
    } else if (t.twin[int(Ea::BASE)] && d.addrsize == 8 && m.seg != FS && m.seg != GS) {
        if (m.base == RIPREL) shape = Ea::RIP;
        else if (m.base != NOREG) shape = m.index == NOREG ? Ea::BASE : Ea::SIB;
        else if (m.index != NOREG) shape = Ea::INDEX;
        if (!t.twin[int(shape)]) shape = Ea::ANY;
    }
    // The pure form reads no RIP: not for the ANY shape of a RIP-relative operand (ea() adds RIP).
    if (!last && t.pure[int(shape)] && !(shape == Ea::ANY && m.base == RIPREL)) return t.pure[int(shape)];
    return t.twin[int(shape)];
}

// The fused twin of MOV r, r at `mov` and the instruction after it (chain.hpp chain_pair), or
// nullptr: the second computes into the MOV's destination from an immediate or another
// register, and neither is the block's last (both run their pure or flagless twins).
Handler pair_twin(const DecodedInsn& mov, const DecodedInsn& op) {
    static const auto pairs = by_handler<PairTwin, &PairTwin::op>({alu_pair_twins, shift_pair_twins});
    // Every block's every instruction comes here: only a register MOV goes on to the lookup.
    if (mov.fn != op_mov_form<uint32_t, Form::RR> && mov.fn != op_mov_form<uint64_t, Form::RR>) return nullptr;
    auto it = pairs.find(op.fn);
    if (it == pairs.end()) return nullptr;
    const PairTwin& t = *it->second;
    if (mov.fn != t.mov || mov.chained != pure_twin(mov.fn) || op.op[0].reg != mov.op[0].reg) return nullptr;
    if (op.op[1].kind == OpKind::REG && op.op[1].reg == mov.op[0].reg) return nullptr;
    if (op.chained == flag_effect(op.fn).nf_twin) return t.without_flags;
    return op.chained == pure_twin(op.fn) ? t.with_flags : nullptr;
}

}  // namespace

// What Cpu::hop reads comes first, in one cache line.
struct Block {
    uint64_t la = 0;  // linear address of the first instruction
    const DecodedInsn* first = nullptr;  // insns.data()
    size_t n = 0;                        // the instructions without the sentinel
    bool trace = false;  // built as a trace, or nothing to follow: never built again for heat
    uint8_t mode = 0;    // the Mode it was decoded for
    bool dead = false;
    uint32_t heat = 0;   // times entered (BlockCache::next, Cpu::hop); wraps, harmlessly
    struct Link {        // a block that followed this one, while the epoch holds
        Block* to = nullptr;
        uint64_t epoch = ~0ull;
        uint64_t la = ~0ull;  // to->la, so that following a link reads one cache line
    } link[2];
    uint64_t pa = 0;  // physical address of the first instruction
    Block* alias = nullptr;  // another block at the same physical address, for another linear one
    std::vector<DecodedInsn> insns;  // the instructions, then the sentinel (Cpu::block_exit)
    // The linear pages other than the first that the instructions come from, with the physical
    // page each one mapped to when the block was built: the hash table finds a block by its
    // first instruction only, so these are checked again there (BlockCache::still_mapped).
    struct FarPage {
        uint64_t la, pa;
    };
    std::vector<FarPage> far;
    std::vector<uint64_t> pages;  // the physical pages (numbers) it reads, for invalidate()
    size_t count() const { return n; }
};

class BlockCache {
public:
    static constexpr unsigned MAX_BLOCK = 64;
    static constexpr uint32_t HOT_RUNS = 64;  // entries after which a block becomes a trace

    // The jump cache: linear address -> block, valid while the epoch (translations and
    // invalidations) holds.
    static constexpr unsigned JUMP_CACHE_SIZE = 4096;
    struct JumpCacheEntry {
        uint64_t la = ~0ull;
        uint64_t epoch = ~0ull;
        Block* block = nullptr;
    };

    explicit BlockCache(Cpu& c) : cpu_(c) {}
    ~BlockCache() {
        for (auto& [k, head] : blocks_)
            for (Block* b = head; b;) delete std::exchange(b, b->alias);
        for (Block* b : graveyard_) delete b;
    }

    uint64_t epoch() const { return epoch_ + cpu_.mmu.epoch(); }

    // Finds or builds the block at the current RIP. Throws the fetch fault if its first
    // instruction cannot be fetched. The chain from the previous block is tried first (inline:
    // a loop goes from block to block with two compares), then lookup().
    Block* next(Block* prev) {
        ++cpu_.block_stats.lookups;  // --stats
        Block* b = prev ? linked(prev) : nullptr;
        if (!b) b = lookup(prev);
        if (++b->heat >= HOT_RUNS && !b->trace) [[unlikely]]
            b = retrace(b);
        return b;
    }

    // The block at RIP when prev's chain leads there, else nullptr.
    Block* linked(const Block* prev) const { return linked(prev, cpu_.s.rip, epoch()); }
    static Block* linked(const Block* prev, uint64_t la, uint64_t ep) {
        for (auto& l : prev->link)
            if (l.la == la && l.epoch == ep) return l.to;
        return nullptr;
    }

    // The same, or else the jump cache's block for RIP (returns and indirect jumps, whose
    // targets change more often than two links can follow), for Cpu::hop, which passes the MMU's
    // epoch from where it has it.
    Block* linked_or_cached(const Block* prev, uint64_t la, uint64_t mmu_epoch, uint8_t mode) {
        const uint64_t ep = epoch_ + mmu_epoch;
        if (Block* b = linked(prev, la, ep)) return b;
        return cached(jump_slot(la), la, mode, ep);
    }

    // Makes b one of prev's two links (the older one goes).
    void link_to(Block* prev, Block* b) {
        auto& slot = prev->link[prev->link[0].epoch == epoch() ? 1 : 0];
        slot = Block::Link{b, epoch(), b->la};
    }

    // The jump cache's entry for a linear address, and its block when it is valid for `mode`.
    JumpCacheEntry& jump_slot(uint64_t la) { return jump_cache_[(la ^ (la >> 12)) % JUMP_CACHE_SIZE]; }
    static Block* cached(const JumpCacheEntry& jc, uint64_t la, uint8_t mode, uint64_t ep) {
        return jc.la == la && jc.epoch == ep && jc.block->mode == mode ? jc.block : nullptr;
    }

    // The jump cache (by linear address; it serves returns and indirect jumps, which two chain
    // links cannot), then the translation and the hash table; the new block joins prev's chain.
    [[gnu::noinline]] Block* lookup(Block* prev) {
        const uint64_t la = cpu_.s.rip;
        const uint8_t mode = static_cast<uint8_t>(cpu_.mode());
        JumpCacheEntry& jc = jump_slot(la);
        Block* b = cached(jc, la, mode, epoch());
        if (!b) {
            const uint64_t pa = cpu_.mmu.translate_exec(la);
            const uint64_t key = (pa << 2) | mode;
            // Instructions know their own addresses (next_rip), so a block serves only the linear
            // address it was built for; a page mapped twice gets a block per mapping.
            auto it = blocks_.find(key);
            b = it != blocks_.end() ? it->second : nullptr;
            while (b && b->la != la) b = b->alias;
            if (b && !still_mapped(b)) {
                kill(b);
                b = nullptr;
            }
            it = blocks_.find(key);
            if (!b) b = build(la, pa, mode, key, it != blocks_.end() ? it->second : nullptr, false);
            jc = JumpCacheEntry{la, epoch(), b};
        }
        if (prev) link_to(prev, b);
        return b;
    }

    // Builds a hot block again as a trace, in place: the chains and the jump cache that lead to
    // it stay good, and so do its own links, which predict() reads. Only run() calls this,
    // between blocks, so no instruction of the old block is running.
    [[gnu::noinline]] Block* retrace(Block* b) {
        ++cpu_.block_stats.traces;
        build(b->la, b->pa, b->mode, 0, nullptr, true, b);
        return b;
    }

    // Kills every block that starts in, or reaches into, the physical page.
    void invalidate(uint64_t pa_page) {
        auto it = by_page_.find(pa_page >> 12);
        if (it == by_page_.end()) return;
        const std::vector<Block*> doomed = std::move(it->second);
        by_page_.erase(it);
        for (Block* b : doomed) kill(b);
        cpu_.end_block = true;  // the running block may be among them
    }

    void collect() {
        for (Block* b : graveyard_) delete b;
        graveyard_.clear();
    }

private:
    // Whether the pages a block reached by following branches still map where they did.
    bool still_mapped(const Block* b) {
        for (const Block::FarPage& f : b->far) {
            try {
                if (cpu_.mmu.translate_exec(f.la) != f.pa) return false;
            } catch (const GuestFault&) {
                return false;
            } catch (const MachineError&) {
                return false;
            }
        }
        return true;
    }

    // Takes a block out of the hash table and the page lists, and cuts every chain (epoch) so
    // that nothing reaches it again; it is freed at the next run() entry, never mid-block.
    void kill(Block* b) {
        if (b->dead) return;
        b->dead = true;
        auto it = blocks_.find((b->pa << 2) | b->mode);
        if (it != blocks_.end()) {
            Block** p = &it->second;
            while (*p && *p != b) p = &(*p)->alias;
            if (*p) *p = b->alias;
            if (!it->second) blocks_.erase(it);
        }
        for (uint64_t page : b->pages) {
            auto pit = by_page_.find(page);
            if (pit == by_page_.end()) continue;
            std::erase(pit->second, b);
            if (pit->second.empty()) by_page_.erase(pit);
        }
        graveyard_.push_back(b);
        ++epoch_;
    }

    // While a trace is built, the block already built at the start of its current straight
    // run, if any, instruction by instruction: how often it was entered (heat) and how often
    // each of its Jccs left it (Cpu::side_exit counts them in imm2) tell which way the trace
    // should go at each Jcc.
    struct Shadow {
        const Block* b = nullptr;
        size_t k = 0;
        uint64_t reached = 0;  // entries that got this far, as far as the counts tell
        void start(BlockCache& cache, uint64_t la, uint64_t pa, uint8_t mode) {
            auto it = cache.blocks_.find((pa << 2) | mode);
            b = it != cache.blocks_.end() ? it->second : nullptr;
            while (b && b->la != la) b = b->alias;
            k = 0;
            reached = b ? b->heat : 0;
        }
        // The shadow's next instruction when it is at `la` and can stand for a fresh decode: not
        // its block's last (which may end a block), and not an instruction that build() changed
        // or followed (whose ends_block the block does not keep). Only its twin and, for a Jcc
        // or the head of a stack run, its imm2 are not as decoded.
        const DecodedInsn* reusable(uint64_t la) const {
            if (!b || k + 1 >= b->n) return nullptr;
            const DecodedInsn& s = b->insns[k];
            if (s.next_rip - s.len != la || is_jcc_taken(s)) return nullptr;
            if (s.fn == op_call || s.fn == op_jmp || s.fn == op_ret || s.fn == op_ret_inline ||
                s.fn == op_call_predicted || s.fn == op_jmp_predicted || s.fn == op_ret_far ||
                s.fn == op_jmp_far || s.fn == op_call_far)
                return nullptr;
            return &s;
        }
        // The shadow's copy of d, the next instruction of the straight run, or nullptr once the
        // shadow went another way or ended.
        const DecodedInsn* match(const DecodedInsn& d) {
            if (!b || k >= b->n || b->insns[k].next_rip != d.next_rip) {
                b = nullptr;
                return nullptr;
            }
            const DecodedInsn& s = b->insns[k++];
            if (is_jcc(s) || is_jcc_taken(s)) reached -= std::min(reached, s.imm2);
            return &s;
        }
        // Where the shadow block went after its last instruction, when match() has just
        // returned that one and the block's chain leads to one place only (BlockCache::link_to);
        // ~0 otherwise.
        uint64_t went_on_to(uint64_t ep) const {
            if (!b || k != b->n) return ~0ull;
            uint64_t to = ~0ull;
            for (const Block::Link& l : b->link) {
                if (l.epoch != ep) continue;
                if (to != ~0ull && to != l.la) return ~0ull;
                to = l.la;
            }
            return to;
        }
        // Whether the Jcc whose shadow is s was taken on at least three of four of the entries
        // that reached it, and at least four times. A shadow that is a trace may hold it
        // predicted taken, and then its exits are the times it was not taken.
        bool mostly_taken(const DecodedInsn& s) const {
            const uint64_t got_here = reached + s.imm2;  // match() took the exits off
            const uint64_t taken = is_jcc_taken(s) ? got_here - s.imm2 : s.imm2;
            return taken >= 4 && 4 * taken >= 3 * got_here;
        }
    };

    // The physical address of la for a block being built, or ~0 when fetching there would
    // fault (the branch to it then ends the block, and faults when it runs).
    uint64_t fetchable(uint64_t la) {
        try {
            const uint64_t pa = cpu_.mmu.translate_exec(la);
            return pa < cpu_.mmu.phys().size() ? pa : ~0ull;
        } catch (const GuestFault&) {
            return ~0ull;
        } catch (const MachineError&) {
            return ~0ull;
        }
    }

    // Where a block being built goes on after d, when d is a branch it follows: a direct JMP or
    // CALL (in 64-bit mode), or a RET to the CALL that `returns` remembers last. ~0 otherwise.
    static uint64_t follow(DecodedInsn& d, std::vector<uint64_t>& returns) {
        if ((d.fn == op_jmp || d.fn == op_call) && d.op[0].kind == OpKind::IMM) {
            const uint64_t to = d.next_rip + d.imm;
            if (!is_canonical(to)) return ~0ull;
            if (d.fn == op_call) returns.push_back(d.next_rip);
            return to;
        }
        if (d.fn == op_ret && !returns.empty()) {
            d.fn = op_ret_inline;
            d.chained = op_ret_inline_twin;
            d.imm2 = returns.back();
            returns.pop_back();
            return d.imm2;
        }
        return ~0ull;
    }

    // A trace follows the branches follow() names; a plain block stops at them.
    // A RET that follow() cannot match with a CALL, or an indirect CALL or JMP, whose earlier
    // block always went on to `to`: the trace goes on there, guarded (op_ret_inline,
    // op_call_predicted, op_jmp_predicted with `to` in imm2). Returns `to`, or ~0 for any
    // other instruction or when nothing is known.
    static bool predictable(const DecodedInsn& d) {
        return d.fn == op_ret || ((d.fn == op_call || d.fn == op_jmp) && d.op[0].kind != OpKind::IMM);
    }
    static uint64_t predict(DecodedInsn& d, uint64_t to, std::vector<uint64_t>& returns) {
        if (to == ~0ull || !is_canonical(to) || !predictable(d)) return ~0ull;
        if (d.fn == op_ret) {
            d.fn = op_ret_inline;
            d.chained = op_ret_inline_twin;
        } else if (d.fn == op_call) {
            d.fn = op_call_predicted;
            d.chained = op_call_predicted_twin;
            returns.push_back(d.next_rip);
        } else {
            d.fn = op_jmp_predicted;
            d.chained = op_jmp_predicted_twin;
        }
        d.imm2 = to;
        return to;
    }

    // `into`, when given, is the block to build again (retrace); it keeps its old instructions
    // until the new ones are complete, for the Shadow to read.
    Block* build(uint64_t la, uint64_t pa, uint8_t mode, uint64_t key, Block* alias, bool trace,
                 Block* into = nullptr) {
        ++cpu_.block_stats.builds;  // --stats: a decode-cache miss
        // Owned here until it is complete: fetching the first instruction may fault.
        std::unique_ptr<Block> owner = into ? nullptr : std::make_unique<Block>();
        Block* b = into ? into : owner.get();
        if (into) {
            b->far.clear();
        } else {
            b->la = la;
            b->pa = pa;
            b->mode = mode;
            b->alias = alias;
        }
        b->trace = true;  // until a plain block ends at a branch a trace would follow
        const Mode m = static_cast<Mode>(mode);
        uint64_t cur_la = la, cur_pa = pa;
        uint64_t page_pa = pa & ~PAGE_MASK;  // the page straight-line decoding is in
        std::vector<DecodedInsn>& insns = scratch_;  // copied at the end: one exact allocation
        insns.clear();
        returns_.clear();
        Shadow shadow;
        if (trace) shadow.start(*this, la, pa, mode);
        for (unsigned n = 0; n < MAX_BLOCK; ++n) {
            uint8_t buf[15];
            const uint64_t in_page = PAGE_SIZE - (cur_pa & PAGE_MASK);
            size_t avail = in_page < 15 ? in_page : 15;
            std::memcpy(buf, cpu_.mmu.host(cur_pa), avail);
            DecodedInsn d;
            DecodeResult r;
            if (const DecodedInsn* old = trace ? shadow.reusable(cur_la) : nullptr) {
                d = *old;  // as decode() made it: no Zydis for a block built again
                d.chained = decoded_twin(d.fn);
                if (is_jcc(d) || d.fn == op_push_form<uint64_t, Form::R> || d.fn == op_push<uint64_t> ||
                    d.fn == op_pop_form<uint64_t, Form::R>)
                    d.imm2 = 0;  // a Jcc's exit count, or a stack run's length
                r = {DecodeStatus::OK, false};
            } else {
                r = decode(buf, avail, m, d);
            }
            uint64_t pa2 = ~0ull;
            if (r.status == DecodeStatus::NEED_MORE) {
                // The instruction crosses into the next page; fetch it only if we must.
                if (n > 0) break;
                pa2 = cpu_.mmu.translate_exec((cur_la & ~PAGE_MASK) + PAGE_SIZE);
                std::memcpy(buf + avail, cpu_.mmu.host(pa2), 15 - avail);
                r = decode(buf, 15, m, d);
            }
            d.next_rip = cur_la + d.len;
            note_page(b, cur_pa);
            if (pa2 != ~0ull) {
                note_page(b, pa2);
                b->far.push_back({(cur_la & ~PAGE_MASK) + PAGE_SIZE, pa2});
            }
            cur_la += d.len;
            cur_pa += d.len;
            if (r.ends_block && m == Mode::LONG64 && pa2 == ~0ull && n + 1 < MAX_BLOCK && !trace) {
                // A plain block ends here; it becomes a trace once hot if it has a branch to
                // follow, or one whose target its chain will tell (predict).
                b->trace = follow(d, returns_) == ~0ull && !predictable(d);
                insns.push_back(d);
                break;
            }
            // Where a trace goes on at `to` instead of the next instruction: false when it
            // cannot fetch there. A branch back into the trace unrolls the loop it closes: the
            // trace goes on with another copy of the loop's body (from the last time the trace
            // was at `to`) while a whole copy still fits, so a small hot loop runs several
            // times per block entry, and the Jcc that closes it is a side exit only when the
            // loop ends.
            auto go_to = [&](uint64_t to) {
                for (size_t k = insns.size(); k-- > 0;)
                    if (insns[k].next_rip - insns[k].len == to) {
                        if (insns.size() + (insns.size() - k) > MAX_BLOCK) return false;
                        break;
                    }
                uint64_t to_pa;
                if ((to & ~PAGE_MASK) == (la & ~PAGE_MASK)) {
                    to_pa = (pa & ~PAGE_MASK) | (to & PAGE_MASK);
                } else {
                    to_pa = fetchable(to);
                    if (to_pa == ~0ull) return false;
                    b->far.push_back({to & ~PAGE_MASK, to_pa & ~PAGE_MASK});
                }
                cur_la = to;
                cur_pa = to_pa;
                page_pa = to_pa & ~PAGE_MASK;
                shadow.start(*this, to, to_pa, mode);
                return true;
            };
            const DecodedInsn* before = trace ? shadow.match(d) : nullptr;  // its earlier copy
            if (r.ends_block && m == Mode::LONG64 && pa2 == ~0ull && n + 1 < MAX_BLOCK) {
                // A branch the trace follows: decoding goes on at its target.
                uint64_t to = follow(d, returns_);
                if (to == ~0ull && before) to = predict(d, shadow.went_on_to(epoch()), returns_);
                insns.push_back(d);
                if (to == ~0ull || !go_to(to)) break;
                continue;
            }
            if (before && is_jcc(d) && n + 1 < MAX_BLOCK) {
                // A Jcc that the blocks running so far mostly took: the trace goes on at its
                // target, and the Jcc leaves the trace when it is not taken after all
                // (branch.cpp op_jcc_taken).
                const uint64_t to = d.next_rip + d.imm;
                if (shadow.mostly_taken(*before) && is_canonical(to)) {
                    DecodedInsn predicted = d;
                    predicted.fn = jcc_taken_twins[d.cond].fn;
                    predicted.chained = jcc_taken_twins[d.cond].rel;
                    insns.push_back(predicted);
                    if (go_to(to)) continue;
                    insns.pop_back();  // it cannot go there: the Jcc stays as it was
                }
            }
            insns.push_back(d);
            if (r.ends_block || pa2 != ~0ull || (cur_pa & ~PAGE_MASK) != page_pa) break;
        }
        // A Jcc is a branch a trace may follow too (one its blocks mostly took, or a loop).
        if (!trace && m == Mode::LONG64 && std::any_of(insns.begin(), insns.end(), is_jcc)) b->trace = false;
        b->n = insns.size();
        DecodedInsn sentinel;
        sentinel.chained = Cpu::block_exit;
        sentinel.imm = reinterpret_cast<uintptr_t>(b);
        insns.push_back(sentinel);
        b->insns.assign(insns.begin(), insns.end());
        b->first = b->insns.data();
        for (size_t k = 0; k + 1 < b->n; ++k)  // not the last: it sets RIP and current_
            if (Handler pure = pure_twin(b->insns[k].fn)) b->insns[k].chained = pure;
        for (size_t k = 0; m == Mode::LONG64 && k < b->n; ++k)
            if (Handler fast = fast_twin(b->insns[k], k + 1 == b->n)) b->insns[k].chained = fast;
        drop_dead_flags(b);
        if (m == Mode::LONG64) {
            mark_stack_runs(b, op_push_form<uint64_t, Form::R>, push_run, op_push<uint64_t>);
            mark_stack_runs(b, op_pop_form<uint64_t, Form::R>, pop_run, nullptr);
        }
        for (size_t k = 0; k + 2 < b->n; ++k)  // the second is not the last either
            if (Handler pair = pair_twin(b->insns[k], b->insns[k + 1])) {
                b->insns[k++].chained = pair;
                ++cpu_.block_stats.pairs;
            }
        if (owner) blocks_[key] = owner.release();
        return b;
    }

    // Flag liveness, backwards through the block: a register-form instruction whose status
    // flags a later one overwrites (ops_noflags.def KILLS, or a shift by a non-zero immediate)
    // before anything reads them runs its flagless pure twin. Anything not known to be a pure
    // writer or NEUTRAL counts as a reader, above all every instruction that may fault or end
    // the block, so the flags are exact wherever anyone can see them (an exception frame, a
    // side exit, the end of the block).
    static void drop_dead_flags(Block* b) {
        bool live = true;  // after the block, the flags are the successors' to read
        for (size_t k = b->n; k-- > 0;) {
            DecodedInsn& d = b->insns[k];
            const bool pure = k + 1 < b->n && d.chained == pure_twin(d.fn) && d.chained;
            const FlagEffect e = pure ? flag_effect(d.fn) : FlagEffect{};
            if (pure && !live && e.nf_twin) d.chained = e.nf_twin;
            const unsigned mask = d.opsize == 8 ? 0x3f : 0x1f;
            if (e.kind == FlagEffect::KILLS ||
                (e.kind == FlagEffect::SHIFT && d.op[1].kind == OpKind::IMM && (d.imm & mask)))
                live = false;
            else if (e.kind != FlagEffect::NEUTRAL)
                live = true;
        }
    }

    // Gives the first of each run of two or more `one` instructions (PUSH or POP of a 64-bit
    // register other than RSP), or `imm` ones with an immediate operand (PUSH imm), the twin
    // `run` with the run's length (stack.cpp push_run).
    static void mark_stack_runs(Block* b, Handler one, Handler run, Handler imm) {
        auto fits = [&](const DecodedInsn& d) {
            return (d.fn == one && d.op[0].reg != RSP * 8) || (imm && d.fn == imm && d.op[0].kind == OpKind::IMM);
        };
        for (size_t k = 0; k < b->n;) {
            size_t len = 0;
            while (k + len < b->n && fits(b->insns[k + len])) ++len;
            if (len >= 2) {
                b->insns[k].chained = run;
                b->insns[k].imm2 = len;
            }
            k += len ? len : 1;
        }
    }

    // Each page once in b->pages, and b once in the page's list (a block built again in place
    // already has its old pages).
    void note_page(Block* b, uint64_t pa) {
        const uint64_t page = pa >> 12;
        if (std::find(b->pages.begin(), b->pages.end(), page) == b->pages.end()) {
            b->pages.push_back(page);
            by_page_[page].push_back(b);
        }
        cpu_.mmu.mark_code_page(pa & ~PAGE_MASK);
    }

    Cpu& cpu_;
    std::vector<JumpCacheEntry> jump_cache_ = std::vector<JumpCacheEntry>(JUMP_CACHE_SIZE);
    std::unordered_map<uint64_t, Block*> blocks_;
    std::unordered_map<uint64_t, std::vector<Block*>> by_page_;
    std::vector<Block*> graveyard_;
    std::vector<DecodedInsn> scratch_;  // build()'s instructions while it decodes
    std::vector<uint64_t> returns_;     // build()'s return addresses of the CALLs it followed
    uint64_t epoch_ = 0;
};

// Construction lives here, where BlockCache is a complete type.
Cpu::Cpu(uint64_t phys_mem_bytes)
    : phys(phys_mem_bytes), mmu(phys, s), cache_(std::make_unique<BlockCache>(*this)) {
    mmu.on_code_write = [this](uint64_t pa) { invalidate_code(pa); };
    reset_long64();
}

Cpu::~Cpu() = default;

void Cpu::invalidate_code(uint64_t pa_page) { cache_->invalidate(pa_page); }

// DR6 B0-B3 bits of the enabled execute breakpoints (R/W = 00) at RIP (SDM Vol. 3 §17.2.4).
uint8_t Cpu::instruction_breakpoints() const {
    uint8_t hit = 0;
    for (unsigned n = 0; n < 4; ++n) {
        const uint64_t dr7 = s.dr[7];
        if (((dr7 >> (2 * n)) & 3) && ((dr7 >> (16 + 4 * n)) & 3) == 0 && s.dr[n] == s.rip)
            hit |= static_cast<uint8_t>(1u << n);
    }
    return hit;
}

// Runs the instructions [p, end) of one block, stopping early when a handler sets end_block.
// The instruction executing is kept in current_ for the fault path. With Observed, observers see
// each instruction after it retires; the plain loop has no test for them.
template <bool Observed>
const DecodedInsn* Cpu::run_insns(const DecodedInsn* p, const DecodedInsn* end) {
    do {
        current_ = p;
        s.rip = p->next_rip;  // RIP is the next instruction's address while one executes
        p->fn(*this, *p);
        if constexpr (Observed)
            for (CpuObserver* o : observers_) o->after_insn(*this, *p);
        ++p;
    } while (p != end && !end_block);
    current_ = nullptr;
    return p;
}

// The sentinel after a block's last instruction (chain.hpp). When nothing needs run()'s
// attention and the block's chain leads on to a block that fits the budget, it accounts the
// block and jumps straight into the next one, as QEMU chains translated blocks; otherwise it
// returns to run(). What needs run() is checked cheaply: a pending interrupt (intr) or an
// instruction observer here; TF and RF make set_rflags() zero hop_limit_; STI, MOV SS, DR7,
// HLT, a mode change and code invalidation end the block, so their blocks never get here; and a
// block that died would have ended itself. The hops per dispatch are bounded, so that a twin
// the compiler could not turn into a jump (or an unoptimised build) cannot grow the stack.
void Cpu::block_exit(Cpu& c, const DecodedInsn& d) {
    const Block* b = reinterpret_cast<const Block*>(d.imm);
    return hop(c, b, b->count());
}

// A taken conditional branch inside a block (chain_branch): the block ends after its first n
// instructions, and the target's block follows as after a block's end.
void Cpu::side_exit(Cpu& c, const DecodedInsn& branch) {
    c.end_block = false;  // the block ends here normally; run() links it to the target
    // A Jcc counts the times it left its block in imm2, which it does not use otherwise, for the
    // traces built later (BlockCache::Shadow); the block's vector is not const.
    if (branch.cond < 16) ++const_cast<DecodedInsn&>(branch).imm2;
    return hop(c, c.last_block_, static_cast<uint64_t>(&branch - c.block_first_) + 1);
}

// Goes on from block b, whose first n instructions ran, into the block at RIP (see block_exit).
void Cpu::hop(Cpu& c, const Block* b, uint64_t n) {
    if (c.intr || c.observe_insns || !c.hops_left_) return;
    Block* next = c.cache_->linked_or_cached(b, c.s.rip, c.mmu.epoch(), static_cast<uint8_t>(c.mode()));
    if (!next || c.icount_ + n + next->count() > c.hop_limit_) return;
    if (++next->heat >= BlockCache::HOT_RUNS && !next->trace) return;  // run() retraces it
    --c.hops_left_;
    c.icount_ += n;
    ++c.block_stats.lookups;
    c.last_block_ = next;
    c.block_first_ = next->first;
    return next->first->chained(c, *next->first);
}

// The per-instruction path of run(): a block under single-step, the interrupt shadow, debug
// registers or an observer (one instruction), or one the budget ends inside. Returns the
// instructions retired that run() has not counted yet; BREAK in `stop` when an observer asked
// to stop before the instruction.
size_t Cpu::run_slowly(Block* b, bool single, uint64_t left, StopInfo& stop, Block*& prev) {
    size_t n = b->count() < left ? b->count() : left;
    const bool tf = s.rflags & fl::TF;
    const bool debug = (s.dr[7] & 0xff) && bus;
    const bool watch = observe_insns && !observers_.empty();
    if (single) n = 1;
    block_first_ = b->insns.data();  // before before_insn, for icount_at()
    if (watch) {
        bool brk = false;
        for (CpuObserver* o : observers_) brk |= o->before_insn(*this, b->insns[0]);
        if (brk) {
            stop.reason = StopInfo::Reason::BREAK;
            return 0;
        }
    }
    if (debug && !(s.rflags & fl::RF)) {
        // Instruction breakpoints are faults taken before the instruction (§17.3.1.1).
        const uint8_t hit = instruction_breakpoints();
        if (hit) {
            s.dr[6] = (s.dr[6] & ~0xfull) | hit;
            deliver_fault(GuestFault{Vec::DB, 0, 0, false});
            prev = nullptr;
            return 0;
        }
    }
    end_block = false;
    mmu.db_hits = 0;
    const DecodedInsn* const end = block_first_ + n;
    size_t done = static_cast<size_t>((watch ? run_insns<true>(block_first_, end)
                                             : run_insns<false>(block_first_, end)) - block_first_);
    s.rflags &= ~fl::RF;  // RF lasts for one instruction
    prev = (end_block || b->dead || single) ? nullptr : b;
    if (single && bus && ((tf && (s.rflags & fl::TF)) || mmu.db_hits)) {
        // A single-step or data-breakpoint trap after the instruction (§17.3.1.2, 17.3.1.4).
        uint64_t dr6 = s.dr[6];
        if (tf) dr6 |= 1u << 14;  // DR6.BS
        if (mmu.db_hits) dr6 = (dr6 & ~0xfull) | mmu.db_hits;
        mmu.db_hits = 0;
        icount_ += done;  // run() counts it from icount_ (take_hopped)
        s.dr[6] = dr6;
        done = 0;
        deliver_fault(GuestFault{Vec::DB, 0, 0, false});
    }
    return done;
}

StopInfo Cpu::run(uint64_t max_insns) {
    StopInfo stop;
    cache_->collect();
    mmu.sync_privilege();  // the host may have changed CPL, RFLAGS or CR0 between runs
    stop_requested_ = false;
    Block* prev = nullptr;
    uint64_t left = max_insns;
    while (left) {
        size_t done = 0;
        const uint64_t start = icount_;  // block_exit adds the blocks it chains on to
        current_ = nullptr;
        try {
            // Interrupts are taken only between blocks (and after the STI/MOV SS shadow).
            if (intr && bus && (s.rflags & fl::IF) && icount_ >= irq_inhibit_until) [[unlikely]] {
                take_interrupt();
                prev = nullptr;
            }
            if (halted) [[unlikely]] {
                stop.reason = StopInfo::Reason::HALT;
                return stop;
            }
            Block* b = cache_->next(prev);
            // Single-step (TF), the STI shadow, debug registers and instruction observers run
            // one instruction at a time; so does a budget that ends inside the block.
            const bool single = (s.rflags & fl::TF) || icount_ < irq_inhibit_until ||
                                ((s.dr[7] & 0xff) && bus) || (observe_insns && !observers_.empty());
            if (!single && b->count() <= left) [[likely]] {
                // The whole block, threaded (chain.hpp), and the blocks block_exit chains on
                // to; those are in icount_ already, and current_ is the last one that ran.
                end_block = false;
                block_first_ = b->insns.data();
                last_block_ = b;
                hop_limit_ = icount_ + left;
                hops_left_ = MAX_HOPS;
                block_first_->chained(*this, *block_first_);
                done = static_cast<size_t>(current_ - block_first_) + 1;
                current_ = nullptr;
                take_hopped(stop, left, start);
                if (s.rflags & fl::RF) s.rflags &= ~fl::RF;  // RF lasts for one instruction
                prev = (end_block || last_block_->dead) ? nullptr : last_block_;
            } else {
                done = run_slowly(b, single, left, stop, prev);
                take_hopped(stop, left, start);
                if (stop.reason == StopInfo::Reason::BREAK) return stop;
            }
        } catch (const GuestFault& f) {
            // A fault leaves RIP at the faulting instruction; software interrupts (INT n, INT3)
            // are traps and leave it after theirs.
            take_hopped(stop, left, start);
            const DecodedInsn* cur = current_;
            current_ = nullptr;
            if (cur) done = static_cast<size_t>(cur - block_first_);
            if (cur && !f.soft) s.rip -= cur->len;
            if (cur && f.soft) ++done;
            icount_ += done;
            stop.insns += done;
            left -= done;
            if (f.vector == Vec::PF) s.cr2 = f.cr2;
            if (!bus) {
                stop.reason = StopInfo::Reason::FAULT;
                stop.fault = f;
                return stop;
            }
            try {
                deliver_fault(f, cur ? cur->len : 0);
            } catch (const TripleFault&) {
                stop.reason = StopInfo::Reason::TRIPLE_FAULT;
                stop.fault = f;
                return stop;
            }
            prev = nullptr;
            continue;
        } catch (const TripleFault&) {
            take_hopped(stop, left, start);
            if (current_) done = static_cast<size_t>(current_ - block_first_);
            current_ = nullptr;
            icount_ += done;
            stop.insns += done;
            stop.reason = StopInfo::Reason::TRIPLE_FAULT;
            return stop;
        }
        icount_ += done;
        stop.insns += done;
        left -= done;
        if (stop_requested_) {
            stop.reason = StopInfo::Reason::STOP;
            return stop;
        }
    }
    return stop;
}

}  // namespace lstar
