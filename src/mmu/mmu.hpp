// Guest memory: physical RAM, the virtual-to-physical map, and a software TLB.
//
// Until the paging walk lands (machine issue), translation uses a flat page map set up through
// Mmu::map(), like Unicorn's uc_mem_map. Every access goes through translate(): the TLB caches a
// host pointer per page and per access class, so a hit costs a compare and an add.
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
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

// Guest-physical RAM: one host mapping, committed lazily by the host kernel.
class PhysMem {
public:
    explicit PhysMem(uint64_t size);
    ~PhysMem();
    PhysMem(const PhysMem&) = delete;
    PhysMem& operator=(const PhysMem&) = delete;

    uint64_t size() const { return size_; }
    uint8_t* host(uint64_t pa) { return base_ + pa; }
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
    Mmu(PhysMem& phys, const CpuState& state) : phys_(phys), st_(state) { flush(); }

    // Flat address space (embedding API and the flat harness).
    void map(uint64_t la, uint64_t len, uint8_t perms);    // page-granular, fresh zeroed frames
    void protect(uint64_t la, uint64_t len, uint8_t perms);
    void unmap(uint64_t la, uint64_t len);
    bool mapped(uint64_t la) const;

    // Linear-address accesses; they raise #PF or #GP like the CPU would. `stack` selects #SS
    // instead of #GP for non-canonical addresses.
    template <class T>
    T read(uint64_t la, Access acc = Access::READ, bool stack = false) {
        const TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
        T v;
        if (e.tag[int(acc)] == (la >> 12) && (la & PAGE_MASK) <= PAGE_SIZE - sizeof(T)) [[likely]] {
            std::memcpy(&v, reinterpret_cast<const uint8_t*>(e.addend + la), sizeof(T));
        } else {
            access_slow(la, &v, sizeof(T), acc, stack, false);
        }
        return v;
    }
    template <class T>
    void write(uint64_t la, T v, bool stack = false) {
        const TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
        if (e.tag[int(Access::WRITE)] == (la >> 12) && (la & PAGE_MASK) <= PAGE_SIZE - sizeof(T)) [[likely]] {
            std::memcpy(reinterpret_cast<uint8_t*>(e.addend + la), &v, sizeof(T));
        } else {
            access_slow(la, &v, sizeof(T), Access::WRITE, stack, true);
        }
    }
    // Checks that [la, la+len) is writable without writing (for instructions that must fault
    // before they change anything).
    void probe_write(uint64_t la, uint64_t len, bool stack = false);

    // Translates for instruction fetch; returns the physical address. Throws #PF/#GP.
    uint64_t translate_exec(uint64_t la);
    uint8_t* host(uint64_t pa) { return phys_.host(pa); }

    // Host-side access for the embedding API: no CPU fault semantics, false when unmapped.
    bool copy_in(uint64_t la, const void* src, uint64_t len);
    bool copy_out(uint64_t la, void* dst, uint64_t len);

    // Self-modifying code: pages holding decoded code never get a write TLB entry, so every
    // write to them reaches access_slow(), which calls on_code_write first.
    void mark_code_page(uint64_t pa);
    std::function<void(uint64_t pa_page)> on_code_write;

    void flush();  // the whole TLB (CR3 reload, map changes)
    uint64_t epoch() const { return epoch_; }  // changes whenever translations may have changed

private:
    static constexpr unsigned TLB_SIZE = 1024;
    struct TlbEntry {
        uint64_t tag[3];   // page number per Access class, ~0 when empty
        uintptr_t addend;  // host address = addend + linear address
    };
    struct PageEntry {
        uint64_t pa;
        uint8_t perms;
    };

    uint64_t translate(uint64_t la, Access acc, bool stack);  // fills the TLB
    void access_slow(uint64_t la, void* buf, uint64_t len, Access acc, bool stack, bool is_write);
    [[noreturn]] void page_fault(uint64_t la, Access acc, bool present);

    PhysMem& phys_;
    const CpuState& st_;
    std::unordered_map<uint64_t, PageEntry> pages_;  // linear page number -> frame
    std::vector<uint8_t> code_;                      // per physical frame: holds decoded code
    TlbEntry tlb_[TLB_SIZE];
    uint64_t epoch_ = 0;
};

}  // namespace lstar
