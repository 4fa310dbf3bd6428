#include "mmu/mmu.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

namespace lstar {

// ---------------------------------------------------------------- physical memory

PhysMem::PhysMem(uint64_t size) : size_(size) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    base_ = static_cast<uint8_t*>(p);
}

PhysMem::~PhysMem() { munmap(base_, size_); }

uint8_t* PhysMem::host_checked(uint64_t pa, uint64_t len) {
    if (pa >= size_ || len > size_ - pa) {
        char msg[96];
        std::snprintf(msg, sizeof msg, "access beyond RAM at physical address %#llx (RAM is %llu MiB)",
                      static_cast<unsigned long long>(pa), static_cast<unsigned long long>(size_ >> 20));
        throw MachineError(msg);
    }
    return base_ + pa;
}

uint64_t PhysMem::alloc_frame() {
    if (!free_.empty()) {
        uint64_t pa = free_.back();
        free_.pop_back();
        std::memset(host(pa), 0, PAGE_SIZE);
        return pa;
    }
    if (next_ + PAGE_SIZE > size_) throw std::bad_alloc();
    uint64_t pa = next_;
    next_ += PAGE_SIZE;
    return pa;
}

void PhysMem::free_frame(uint64_t pa) {
    // Give the memory back to the host; the frame reads as zero when reused.
    madvise(host(pa), PAGE_SIZE, MADV_DONTNEED);
    free_.push_back(pa);
}

// ---------------------------------------------------------------- TLB

void Mmu::flush() {
    for (auto& e : tlb_) {
        std::fill(std::begin(e.tag), std::end(e.tag), ~0ull);
        e.addend = 0;
        e.large_mask = 0;
        e.global = false;
    }
    large_cached_ = false;
    large_lo_ = ~0ull, large_hi_ = 0;
    ++epoch_;
}

void Mmu::flush_nonglobal() {
    const bool pge = st_.cr4 & cr4::PGE;
    for (auto& e : tlb_)
        if (!(pge && e.global)) std::fill(std::begin(e.tag), std::end(e.tag), ~0ull);
    ++epoch_;
}

// The TLB keeps 4K pieces; INVLPG of an address in a large page drops every piece of that page
// (SDM Vol. 3 §4.10.4.1).
void Mmu::invlpg(uint64_t la) {
    TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
    for (auto& t : e.tag)
        if (t == (la >> 12)) t = ~0ull;
    if (large_cached_ && la >= large_lo_ && la <= large_hi_) {  // a user page is rarely near the kernel's
        for (auto& x : tlb_) {
            if (!x.large_mask) continue;
            bool hit = false;
            for (auto t : x.tag) hit |= t != ~0ull && (((t << 12) ^ la) & ~x.large_mask) == 0;
            if (hit) std::fill(std::begin(x.tag), std::end(x.tag), ~0ull);
        }
    }
    ++epoch_;
}

void Mmu::stale_privilege() const {
    std::fprintf(stderr, "lstar: internal error: the TLB's privilege class is stale (CPL, AC or AM changed without sync_privilege)\n");
    std::abort();
}

void Mmu::fill_tlb(uint64_t la, uint64_t pa, Access acc, const Mapping& m) {
    if (watch_) return;  // data breakpoints see every access
    if (privilege() == ALIGN_CHECKED) return;
    TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
    const uintptr_t addend = reinterpret_cast<uintptr_t>(phys_.host(pa & ~PAGE_MASK)) - (la & ~PAGE_MASK);
    bool same_page = false;
    for (auto t : e.tag) same_page |= t == (la >> 12);
    if (!same_page || e.addend != addend) std::fill(std::begin(e.tag), std::end(e.tag), ~0ull);
    e.addend = addend;
    e.global = m.global;
    e.large_mask = m.page_mask > PAGE_MASK ? m.page_mask : 0;
    if (e.large_mask) {
        large_cached_ = true;
        large_lo_ = std::min(large_lo_, la & ~e.large_mask);
        large_hi_ = std::max(large_hi_, la | e.large_mask);
    }
    e.tag[tag_index(acc)] = la >> 12;
}

// ---------------------------------------------------------------- the flat page map

void Mmu::map(uint64_t la, uint64_t len, uint8_t perms) {
    uint64_t first = la >> 12, last = (la + len - 1) >> 12;
    for (uint64_t vpn = first; vpn <= last && len; ++vpn) {
        auto it = pages_.find(vpn);
        if (it != pages_.end()) {
            it->second.perms = perms;
            continue;
        }
        pages_[vpn] = PageEntry{phys_.alloc_frame(), perms};
    }
    flat_ = true;
    flush();
}

void Mmu::protect(uint64_t la, uint64_t len, uint8_t perms) {
    for (uint64_t vpn = la >> 12; len && vpn <= (la + len - 1) >> 12; ++vpn) {
        auto it = pages_.find(vpn);
        if (it != pages_.end()) it->second.perms = perms;
    }
    flush();
}

void Mmu::unmap(uint64_t la, uint64_t len) {
    for (uint64_t vpn = la >> 12; len && vpn <= (la + len - 1) >> 12; ++vpn) {
        auto it = pages_.find(vpn);
        if (it == pages_.end()) continue;
        if (code_[it->second.pa >> 12] && on_code_write) on_code_write(it->second.pa);
        code_[it->second.pa >> 12] = 0;
        phys_.free_frame(it->second.pa);
        pages_.erase(it);
    }
    flush();
}

bool Mmu::mapped(uint64_t la) const { return pages_.count(la >> 12) != 0; }

uint64_t Mmu::translate_flat(uint64_t la, Access acc) {
    auto it = pages_.find(la >> 12);
    uint32_t err = 0;
    static constexpr uint8_t need[3] = {perm::R, perm::W, perm::X};
    if (it == pages_.end()) page_fault(la, acc, err, false);
    if (!(it->second.perms & need[int(acc)])) page_fault(la, acc, pferr::P, false);
    return it->second.pa | (la & PAGE_MASK);
}

// ---------------------------------------------------------------- the page walk (SDM Vol. 3 ch. 4)

namespace {
constexpr uint64_t PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80,
                   PTE_G = 0x100, PTE_XD = 1ull << 63;
constexpr uint64_t ADDR_MASK = 0x000ffffffffff000ull;
constexpr uint64_t MAXPHY_RSVD = 0x000f000000000000ull;  // bits 51:48 (MAXPHYADDR = 48)
}  // namespace

// Walks the paging structures for `la`. On success fills `w`; otherwise sets the P and RSVD bits
// of the error code and returns false. Accessed and dirty flags are set only when `set_ad`.
bool Mmu::walk(uint64_t la, Access acc, bool user_access, bool set_ad, Walk& w, uint32_t& err) {
    (void)user_access;
    const bool lma = st_.efer & (1u << 10);
    const bool pae = st_.cr4 & cr4::PAE;
    const bool nxe = st_.efer & (1u << 11);
    uint64_t* entries[4];
    unsigned depth = 0;
    w.user = w.write = true;
    w.nx = false;
    w.global = false;
    err = 0;

    auto entry_at = [&](uint64_t pa, unsigned size) -> uint64_t* {
        return reinterpret_cast<uint64_t*>(phys_.host_checked(pa, size));
    };
    auto rsvd = [&](uint64_t e, uint64_t extra) {
        uint64_t mask = MAXPHY_RSVD | extra;
        if (!nxe) mask |= PTE_XD;
        return (e & mask) != 0;
    };
    auto combine = [&](uint64_t e) {
        w.user &= (e & PTE_US) != 0;
        w.write &= (e & PTE_RW) != 0;
        if (nxe && (e & PTE_XD)) w.nx = true;
    };

    uint64_t pa_page, offset_mask;
    if (!pae) {
        // 32-bit paging: 4-byte entries, 4K pages or 4M pages with CR4.PSE (§4.3).
        uint32_t* pde = reinterpret_cast<uint32_t*>(phys_.host_checked((st_.cr3 & 0xfffff000) + ((la >> 22) & 0x3ff) * 4, 4));
        if (!(*pde & PTE_P)) return false;
        w.user &= (*pde & PTE_US) != 0;
        w.write &= (*pde & PTE_RW) != 0;
        if ((*pde & PTE_PS) && (st_.cr4 & cr4::PSE)) {
            pa_page = *pde & 0xffc00000u;
            offset_mask = 0x3fffff;
            w.global = *pde & PTE_G;
            if (set_ad) *pde |= PTE_A | (acc == Access::WRITE ? PTE_D : 0);
        } else {
            uint32_t* pte = reinterpret_cast<uint32_t*>(phys_.host_checked((*pde & 0xfffff000) + ((la >> 12) & 0x3ff) * 4, 4));
            if (!(*pte & PTE_P)) return false;
            w.user &= (*pte & PTE_US) != 0;
            w.write &= (*pte & PTE_RW) != 0;
            w.global = *pte & PTE_G;
            pa_page = *pte & 0xfffff000u;
            offset_mask = 0xfff;
            if (set_ad) {
                *pde |= PTE_A;
                *pte |= PTE_A | (acc == Access::WRITE ? PTE_D : 0);
            }
        }
        w.pa = pa_page | (la & offset_mask);
        w.page_mask = offset_mask;
        return true;
    }

    // PAE (§4.4) and 4-level (§4.5) paging: 8-byte entries.
    uint64_t table;
    unsigned level;  // 4 = PML4, 3 = PDPT, 2 = PD, 1 = PT
    if (lma) {
        table = st_.cr3 & ADDR_MASK;
        level = 4;
    } else {
        uint64_t* pdpte = entry_at((st_.cr3 & 0xffffffe0) + ((la >> 30) & 3) * 8, 8);
        if (!(*pdpte & PTE_P)) return false;
        if (*pdpte & (MAXPHY_RSVD | 0x1e6)) {  // PDPTE reserved bits 2:1, 8:5 (§4.4.1)
            err = pferr::P | pferr::RSVD;
            return false;
        }
        table = *pdpte & ADDR_MASK;
        level = 2;
    }
    for (;; --level) {
        const unsigned shift = 12 + 9 * (level - 1);
        uint64_t* e = entry_at(table + ((la >> shift) & 0x1ff) * 8, 8);
        if (!(*e & PTE_P)) return false;
        const bool leaf = level == 1 || (level <= 3 && (*e & PTE_PS));
        uint64_t extra = 0;
        if (level == 4) extra = PTE_PS;
        else if (leaf && level == 3) extra = 0x3fffe000;  // 1G page: bits 29:13
        else if (leaf && level == 2) extra = 0x1fe000;    // 2M page: bits 20:13
        if (rsvd(*e, extra)) {
            err = pferr::P | pferr::RSVD;
            return false;
        }
        combine(*e);
        entries[depth++] = e;
        if (leaf) {
            offset_mask = (1ull << shift) - 1;
            pa_page = *e & ADDR_MASK & ~offset_mask;
            w.global = *e & PTE_G;
            break;
        }
        table = *e & ADDR_MASK;
    }
    w.pa = pa_page | (la & offset_mask);
    w.page_mask = offset_mask;
    if (set_ad) {
        for (unsigned k = 0; k < depth; ++k) *entries[k] |= PTE_A;
        if (acc == Access::WRITE) *entries[depth - 1] |= PTE_D;
    }
    return true;
}

void Mmu::page_fault(uint64_t la, Access acc, uint32_t err, bool implicit) {
    if (acc == Access::WRITE) err |= pferr::W;
    if (st_.cpl == 3 && !implicit) err |= pferr::U;
    // The I/D bit is reported only when NX (PAE or 4-level paging with EFER.NXE) or SMEP is
    // enabled (§4.7).
    const bool nx = (st_.efer & (1u << 11)) && (st_.cr4 & cr4::PAE);
    if (acc == Access::EXEC && (flat() || nx || (st_.cr4 & cr4::SMEP))) err |= pferr::I;
    throw GuestFault{Vec::PF, err, la};
}

uint64_t Mmu::translate_paged(uint64_t la, Access acc, bool implicit, Mapping& m) {
    if (!(st_.cr0 & cr0::PG)) return la & 0xffffffffull;
    const bool user = st_.cpl == 3 && !implicit;
    Walk w;
    uint32_t err;
    if (!walk(la, acc, user, false, w, err)) page_fault(la, acc, err, implicit);
    // Access rights (§4.6).
    bool ok = true;
    if (user) {
        ok = w.user && !(acc == Access::WRITE && !w.write) && !(acc == Access::EXEC && w.nx);
    } else if (acc == Access::EXEC) {
        ok = !w.nx && !(w.user && (st_.cr4 & cr4::SMEP));
    } else {
        const bool smap_blocks = w.user && (st_.cr4 & cr4::SMAP) && (implicit || !(st_.rflags & fl::AC));
        const bool wp_blocks = acc == Access::WRITE && !w.write && (st_.cr0 & cr0::WP);
        ok = !smap_blocks && !wp_blocks;
    }
    if (!ok) page_fault(la, acc, pferr::P, implicit);
    walk(la, acc, user, true, w, err);  // now set the accessed and dirty flags
    m.global = w.global;
    m.page_mask = w.page_mask;
    return w.pa;
}

uint64_t Mmu::translate(uint64_t la, Access acc, bool stack, bool implicit) {
    const bool lma = st_.efer & (1u << 10);
    if ((flat_active() || lma) && !is_canonical(la)) raise(stack ? Vec::SS : Vec::GP, 0);
    Mapping m;
    const uint64_t pa = flat_active() ? translate_flat(la, acc) : translate_paged(la, acc, implicit, m);
    phys_.host_checked(pa, 1);
    if (acc == Access::WRITE && code_[pa >> 12] && on_code_write) {
        code_[pa >> 12] = 0;
        on_code_write(pa & ~PAGE_MASK);  // invalidates decoded blocks
    }
    if (!implicit) {
        ++tlb_fills;  // --stats: a TLB miss (counted here, off the hit path)
        fill_tlb(la, pa, acc, m);
    }
    return pa;
}

void Mmu::access_slow(uint64_t la, void* buf, uint64_t len, Access acc, bool stack, bool is_write) {
    // Check every page first, so a split access faults before it changes anything.
    const uint64_t end = la + len - 1;
    const uint64_t pa0 = translate(la, acc, stack);
    uint64_t pa1 = pa0;
    const bool split = ((la ^ end) >> 12) != 0;
    if (split) pa1 = translate(end & ~PAGE_MASK, acc, stack);
    // Alignment checking, after any #PF (SDM Vol. 3 §6.15, interrupt 17; Table 6-2).
    if (privilege() == ALIGN_CHECKED && len <= 8 && (la & (len - 1))) raise(Vec::AC, 0);
    const uint64_t first = split ? PAGE_SIZE - (la & PAGE_MASK) : len;
    if (watch_) check_watch(la, len, is_write);
    uint8_t* b = static_cast<uint8_t*>(buf);
    if (is_write) {
        std::memcpy(phys_.host(pa0), b, first);
        if (split) std::memcpy(phys_.host(pa1 & ~PAGE_MASK), b + first, len - first);
    } else {
        std::memcpy(b, phys_.host(pa0), first);
        if (split) std::memcpy(b + first, phys_.host(pa1 & ~PAGE_MASK), len - first);
    }
}

void Mmu::check_watch(uint64_t la, uint64_t len, bool is_write) {
    const uint64_t dr7 = st_.dr[7];
    for (unsigned n = 0; n < 4; ++n) {
        const unsigned enabled = (dr7 >> (2 * n)) & 3, rw = (dr7 >> (16 + 4 * n)) & 3;
        const unsigned lenf = (dr7 >> (18 + 4 * n)) & 3;
        if (!enabled || rw == 0 || rw == 2 || (rw == 1 && !is_write)) continue;  // 2: I/O, not supported
        const uint64_t size = lenf == 0 ? 1 : lenf == 1 ? 2 : lenf == 3 ? 4 : 8;
        const uint64_t start = st_.dr[n] & ~(size - 1);
        if (la < start + size && start < la + len) db_hits |= static_cast<uint8_t>(1u << n);
    }
    for (size_t k = 0; k < debugger_watches_.size() && !debugger_hit.hit; ++k) {
        const DebuggerWatch& w = debugger_watches_[k];
        if (la < w.la + w.len && w.la < la + len && (is_write ? w.on_write : w.on_read))
            debugger_hit = DebuggerHit{true, k, is_write};
    }
}

void Mmu::probe_write(uint64_t la, uint64_t len, bool stack) {
    translate(la, Access::WRITE, stack);
    if (len > 1 && (((la + len - 1) ^ la) >> 12)) translate((la + len - 1) & ~PAGE_MASK, Access::WRITE, stack);
}

void Mmu::read_system(uint64_t la, void* dst, uint64_t len) {
    uint8_t* d = static_cast<uint8_t*>(dst);
    for (uint64_t k = 0; k < len;) {
        const uint64_t pa = translate(la + k, Access::READ, false, true);
        const uint64_t n = std::min(len - k, PAGE_SIZE - ((la + k) & PAGE_MASK));
        std::memcpy(d + k, phys_.host_checked(pa, n), n);
        k += n;
    }
}

void Mmu::write_system(uint64_t la, const void* src, uint64_t len) {
    const uint8_t* s = static_cast<const uint8_t*>(src);
    for (uint64_t k = 0; k < len;) {
        const uint64_t pa = translate(la + k, Access::WRITE, false, true);
        const uint64_t n = std::min(len - k, PAGE_SIZE - ((la + k) & PAGE_MASK));
        std::memcpy(phys_.host_checked(pa, n), s + k, n);
        k += n;
    }
}

uint64_t Mmu::translate_exec(uint64_t la) {
    // A TLB hit first: a CPU that single-steps for an observer looks up every instruction.
    const TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
    if (e.tag[tag_index(Access::EXEC)] == (la >> 12))
        return static_cast<uint64_t>(e.addend + la - reinterpret_cast<uintptr_t>(phys_.host(0)));
    return translate(la, Access::EXEC, false);
}

void Mmu::mark_code_page(uint64_t pa) {
    if (code_[pa >> 12]) return;
    code_[pa >> 12] = 1;
    // Drop write entries for this frame so the next write takes the slow path.
    const uintptr_t host_page = reinterpret_cast<uintptr_t>(phys_.host(pa & ~PAGE_MASK));
    for (auto& e : tlb_)
        for (unsigned p = 0; p < PRIVS; ++p) {
            uint64_t& t = e.tag[slot(Access::WRITE, p)];
            if (t != ~0ull && e.addend + (t << 12) == host_page) t = ~0ull;
        }
}

bool Mmu::peek_translate(uint64_t la, uint64_t& pa) {
    if (flat_active()) {
        auto it = pages_.find(la >> 12);
        if (it == pages_.end()) return false;
        pa = it->second.pa | (la & PAGE_MASK);
        return true;
    }
    if (!(st_.cr0 & cr0::PG)) {
        pa = la & 0xffffffffull;
    } else {
        Walk w;
        uint32_t err;
        try {
            if (!walk(la, Access::READ, false, false, w, err)) return false;
        } catch (const MachineError&) {
            return false;
        }
        pa = w.pa;
    }
    return pa < phys_.size();
}

bool Mmu::copy_in(uint64_t la, const void* src, uint64_t len) {
    const uint8_t* s = static_cast<const uint8_t*>(src);
    while (len) {
        uint64_t pa;
        if (!peek_translate(la, pa)) return false;
        uint64_t n = std::min(len, PAGE_SIZE - (la & PAGE_MASK));
        if (pa + n > phys_.size()) return false;
        if (code_[pa >> 12] && on_code_write) {
            code_[pa >> 12] = 0;
            on_code_write(pa & ~PAGE_MASK);
        }
        std::memcpy(phys_.host(pa), s, n);
        la += n, s += n, len -= n;
    }
    return true;
}

bool Mmu::copy_out(uint64_t la, void* dst, uint64_t len) {
    uint8_t* d = static_cast<uint8_t*>(dst);
    while (len) {
        uint64_t pa;
        if (!peek_translate(la, pa)) return false;
        uint64_t n = std::min(len, PAGE_SIZE - (la & PAGE_MASK));
        if (pa + n > phys_.size()) return false;
        std::memcpy(d, phys_.host(pa), n);
        la += n, d += n, len -= n;
    }
    return true;
}

}  // namespace lstar
