// Guest memory: physical RAM, address translation, and a software TLB.
//
// Two translation sources:
//  - the flat page map set up through Mmu::map() (the embedding API and the flat harness, like
//    Unicorn's uc_mem_map): linear pages map to frames with R/W/X permissions, all user pages;
//  - the architectural one (a machine): no paging, 32-bit, PAE or 4-level paging from CR0/CR4/
//    EFER/CR3, with every permission check of SDM Vol. 3 §4.6 and the exact #PF error code.
// Every access goes through translate() on a TLB miss. The TLB caches a host pointer per page
// and a tag per access class (read/write/execute × user/supervisor/supervisor-with-AC), so a hit
// costs a compare and an add.
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "cpu/fault.hpp"
#include "cpu/state.hpp"

namespace lstar {

enum class Access : uint8_t { READ = 0, WRITE = 1, EXEC = 2 };

namespace perm {
constexpr uint8_t R = 1, W = 2, X = 4, RWX = 7;
}

constexpr uint64_t PAGE_SIZE = 4096;
constexpr uint64_t PAGE_MASK = PAGE_SIZE - 1;

inline bool is_canonical(uint64_t la) {
    return static_cast<uint64_t>(static_cast<int64_t>(la << 16) >> 16) == la;
}

// A host-level stop that is not a guest exception: the guest touched physical memory that does
// not exist. The machine reports it in one line and stops.
struct MachineError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Guest-physical RAM: one host mapping, committed lazily by the host kernel.
class PhysMem {
public:
    explicit PhysMem(uint64_t size);
    ~PhysMem();
    PhysMem(const PhysMem&) = delete;
    PhysMem& operator=(const PhysMem&) = delete;

    uint64_t size() const { return size_; }
    uint8_t* host(uint64_t pa) { return base_ + pa; }
    const uint8_t* host(uint64_t pa) const { return base_ + pa; }
    // Checked access for page walks and the machine: throws MachineError beyond RAM.
    uint8_t* host_checked(uint64_t pa, uint64_t len);
    uint64_t alloc_frame();            // a zeroed 4K frame; throws std::bad_alloc when full
    void free_frame(uint64_t pa);

private:
    uint8_t* base_;
    uint64_t size_;
    uint64_t next_ = 0;
    std::vector<uint64_t> free_;
};

class Mmu {
public:
    Mmu(PhysMem& phys, const CpuState& state) : phys_(phys), st_(state) {
        code_.resize(phys.size() / PAGE_SIZE);
        flush();
    }

    // ---- the flat page map (embedding API) ----
    void map(uint64_t la, uint64_t len, uint8_t perms);    // page-granular, fresh zeroed frames
    void protect(uint64_t la, uint64_t len, uint8_t perms);
    void unmap(uint64_t la, uint64_t len);
    bool mapped(uint64_t la) const;
    bool flat() const { return flat_; }
    bool flat_active() const { return flat_; }

    // The hit test of a T-sized access at `la`, indexed by the page of its first byte: the tag
    // there must be the page of its last byte. An entry only ever holds a page of its own index,
    // so this one compare also fails for an access that crosses into the next page (whose number
    // has the next index), which the checked path splits (nor can la + size - 1 wrap to a match).
    template <class T>
    static uint64_t last_page(uint64_t la) { return (la + sizeof(T) - 1) >> 12; }

    // ---- linear-address accesses, raising #PF, #GP or #SS as the CPU would ----
    // `stack` selects #SS instead of #GP for non-canonical addresses.
    template <class T>
    [[gnu::always_inline]] T read(uint64_t la, Access acc = Access::READ, bool stack = false) {
        if (const uint8_t* h = fast_host<T>(la, acc)) [[likely]] {
            T v;
            std::memcpy(&v, h, sizeof(T));
            return v;
        }
        return read_slow<T>(la, acc, stack);
    }
    template <class T>
    [[gnu::always_inline]] void write(uint64_t la, T v, bool stack = false) {
        if (uint8_t* h = fast_host<T>(la, Access::WRITE)) [[likely]] {
            std::memcpy(h, &v, sizeof(T));
            return;
        }
        write_slow<T>(la, v, stack);
    }
    // The TLB misses of read and write, out of line and by value, so that the hit path keeps no
    // stack slot and saves no registers.
    template <class T>
    [[gnu::noinline]] T read_slow(uint64_t la, Access acc, bool stack) {
        T v;
        access_slow(la, &v, sizeof(T), acc, stack, false);
        return v;
    }
    template <class T>
    [[gnu::noinline]] void write_slow(uint64_t la, T v, bool stack) {
        access_slow(la, &v, sizeof(T), Access::WRITE, stack, true);
    }
    // The host address of a T-sized access at `la` when the TLB holds its page for `acc` and the
    // access stays in it; nullptr when it must take the checked path (read/write above).
    template <class T>
    [[gnu::always_inline]] uint8_t* fast_host(uint64_t la, Access acc) {
        const TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
        // The tag by its byte offset in the entry, so that the entry's offset serves both loads.
        const uint64_t tag = *reinterpret_cast<const uint64_t*>(reinterpret_cast<const uint8_t*>(e.tag) + hit_offset(acc));
        if (tag == last_page<T>(la)) [[likely]] {
            uint8_t* h = reinterpret_cast<uint8_t*>(e.addend + la);
            if (!h) __builtin_unreachable();  // so that a caller's test for nullptr folds away
            return h;
        }
        return nullptr;
    }
    // The host address of the byte at `la` for an access that stays within its page (REP MOVS
    // and STOS move whole pages), after every check a single access of that class makes;
    // nullptr when accesses must go one by one (data breakpoints, alignment checking).
    uint8_t* bulk(uint64_t la, Access acc) {
        if (watch_ || privilege() == ALIGN_CHECKED) return nullptr;
        const TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
        if (e.tag[tag_index(acc)] == (la >> 12)) [[likely]] return reinterpret_cast<uint8_t*>(e.addend + la);
        return phys_.host(translate(la, acc, false));
    }
    // Checks that [la, la+len) is writable without writing (for instructions that must fault
    // before they change anything).
    void probe_write(uint64_t la, uint64_t len, bool stack = false);

    // Implicit supervisor accesses (descriptor tables, IDT, TSS: SDM Vol. 3 §4.6): checked as
    // supervisor whatever the CPL, and never through the TLB.
    void read_system(uint64_t la, void* dst, uint64_t len);
    void write_system(uint64_t la, const void* src, uint64_t len);

    // Translates for instruction fetch; returns the physical address. Throws #PF/#GP.
    uint64_t translate_exec(uint64_t la);
    uint8_t* host(uint64_t pa) { return phys_.host(pa); }
    PhysMem& phys() { return phys_; }

    // Host-side access for the embedding API and debuggers: no CPU fault semantics and no A/D
    // updates; false when some page is not mapped.
    bool copy_in(uint64_t la, const void* src, uint64_t len);
    bool copy_out(uint64_t la, void* dst, uint64_t len);
    // Linear to physical without side effects, for debuggers; false when not mapped.
    bool peek_translate(uint64_t la, uint64_t& pa);

    // Self-modifying code: pages holding decoded code never get a write TLB entry, so every
    // write to them reaches the slow path, which calls on_code_write first.
    void mark_code_page(uint64_t pa);
    std::function<void(uint64_t pa_page)> on_code_write;

    // Data breakpoints (DR0-DR3 with R/W = 01 or 11, SDM Vol. 3 §17.2.4): while one is enabled
    // the TLB is bypassed, every data access is matched, and hits collect in db_hits (DR6 B0-B3)
    // for the CPU to report as a #DB trap after the instruction.
    void set_watch(bool on) {
        dr_watch_ = on;
        watch_ = dr_watch_ || !debugger_watches_.empty();
        flush();
    }
    uint8_t db_hits = 0;

    // Debugger watchpoints (the gdb stub's Z2-Z4): matched the same way, but never seen by the
    // guest; the first hit since the debugger cleared it is kept in debugger_hit.
    struct DebuggerWatch {
        uint64_t la, len;
        bool on_read, on_write;
    };
    struct DebuggerHit {
        bool hit = false;
        size_t index = 0;  // into the watch list
        bool write = false;
    };
    void set_debugger_watches(std::vector<DebuggerWatch> w) {
        debugger_watches_ = std::move(w);
        watch_ = dr_watch_ || !debugger_watches_.empty();
        flush();
    }
    DebuggerHit debugger_hit;

    void flush();                  // the whole TLB (CR0/CR4 paging changes, map changes)
    // The TLB hit path reads the privilege class (CPL, RFLAGS.AC, CR0.AM) from a copy; the CPU
    // refreshes it wherever one of those changes (Cpu::update_mode, set_rflags, STAC, CLAC) and
    // whenever it starts running.
    void sync_privilege() { priv_offset_ = static_cast<uint8_t>(8 * slot(Access::READ, privilege())); }
    void flush_nonglobal();        // a CR3 load: keeps global pages when CR4.PGE is set
    void invlpg(uint64_t la);      // INVLPG: the page, global or not, large pages whole
    uint64_t epoch() const { return epoch_; }  // changes whenever translations may have changed
    uint64_t tlb_fills = 0;  // translations that filled the TLB: the misses (lstar --stats)

    // A read-only view of one valid TLB entry, for debuggers (inspect::tlb).
    struct TlbView {
        uint64_t la_page, pa_page;
        uint16_t classes;     // bit (access * 4 + privilege) for each cached access class
        bool global;
        uint64_t large_mask;  // offset mask of the large page it is part of, or 0
    };
    std::vector<TlbView> tlb_view() const {
        std::vector<TlbView> out;
        for (const TlbEntry& e : tlb_) {
            TlbView v{~0ull, 0, 0, e.global, e.large_mask};
            for (unsigned a = 0; a < 3; ++a)
                for (unsigned p = 0; p < PRIVS; ++p)
                    if (const uint64_t t = e.tag[slot(Access(a), p)]; t != ~0ull)
                        v.la_page = t << 12, v.classes |= uint16_t(1u << (a * PRIVS + p));
            if (!v.classes) continue;
            v.pa_page = e.addend + v.la_page - reinterpret_cast<uintptr_t>(phys_.host(0));
            out.push_back(v);
        }
        return out;
    }

private:
    static constexpr unsigned TLB_SIZE = 1024;
    // Access × {user, supervisor, supervisor with AC, user with alignment checking}.
    static constexpr unsigned PRIVS = 4, CLASSES = 3 * PRIVS;
    static constexpr unsigned ALIGN_CHECKED = 3;  // never cached: every access takes the slow path
    // The addend and the user and supervisor tags share the entry's first cache line (slot()).
    struct TlbEntry {
        uintptr_t addend;       // host address = addend + linear address
        uint64_t tag[CLASSES];  // page number per class (slot()), ~0 when empty
        uint64_t large_mask;    // offset mask of the 2M/4M/1G page this 4K piece is part of, or 0
        bool global;
        uint8_t pad_[15];       // 128 bytes: the hit path indexes the TLB with a shift
    };
    static_assert(sizeof(TlbEntry) == 128);
    // Privilege-major, so that one privilege's three access classes sit together.
    static constexpr unsigned slot(Access acc, unsigned priv) { return priv * 3 + unsigned(acc); }
    struct PageEntry {
        uint64_t pa;
        uint8_t perms;
    };
    struct Walk {
        uint64_t pa;         // physical address of the byte
        uint64_t page_mask;  // offset mask of the page that maps it: 0xfff, or larger
        bool user, write, nx;  // the combined permissions of every level
        bool global;
    };
    // What a translation tells the TLB besides the physical address.
    struct Mapping {
        bool global = false;
        uint64_t page_mask = PAGE_MASK;
    };

    // User (CPL 3), supervisor, supervisor with RFLAGS.AC set (SMAP override), or user with
    // CR0.AM and RFLAGS.AC set (alignment checking; both are bit 18).
    unsigned privilege() const {
        return st_.cpl == 3 ? ALIGN_CHECKED * (((st_.cr0 & st_.rflags) >> 18) & 1) : 1 + ((st_.rflags >> 18) & 1);
    }
    unsigned tag_index(Access acc) const { return slot(acc, privilege()); }
    // The same for the hit path, from privilege() as last synced (one load instead of four), as
    // a byte offset into TlbEntry::tag.
    uintptr_t hit_offset(Access acc) const {
#ifndef __OPTIMIZE__
        if (priv_offset_ != 8 * slot(Access::READ, privilege())) stale_privilege();  // checked when unoptimised
#endif
        return priv_offset_ + 8 * unsigned(acc);
    }
    [[noreturn]] void stale_privilege() const;

    uint64_t translate(uint64_t la, Access acc, bool stack, bool implicit = false);
    uint64_t translate_flat(uint64_t la, Access acc);
    uint64_t translate_paged(uint64_t la, Access acc, bool implicit, Mapping& m);
    bool walk(uint64_t la, Access acc, bool user_access, bool set_ad, Walk& w, uint32_t& err);
    void fill_tlb(uint64_t la, uint64_t pa, Access acc, const Mapping& m);
    void access_slow(uint64_t la, void* buf, uint64_t len, Access acc, bool stack, bool is_write);
    [[noreturn]] void page_fault(uint64_t la, Access acc, uint32_t err, bool implicit);

    PhysMem& phys_;
    const CpuState& st_;
    bool flat_ = false;                              // map() was used: the flat map translates
    std::unordered_map<uint64_t, PageEntry> pages_;  // flat map: linear page number -> frame
    std::vector<uint8_t> code_;                      // per physical frame: holds decoded code
    alignas(64) TlbEntry tlb_[TLB_SIZE];
    uint8_t priv_offset_ = 0;  // 8 * slot(READ, privilege()) when sync_privilege() last ran
    bool large_cached_ = false;  // some entry has a large_mask: INVLPG must scan
    uint64_t large_lo_ = ~0ull, large_hi_ = 0;  // the linear range those large pages cover
    uint64_t epoch_ = 0;
    bool watch_ = false;     // every data access is matched by check_watch
    bool dr_watch_ = false;  // DR7 enables a data breakpoint
    std::vector<DebuggerWatch> debugger_watches_;
    void check_watch(uint64_t la, uint64_t len, bool is_write);
};

}  // namespace lstar
