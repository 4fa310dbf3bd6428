#include "mmu/mmu.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace lstar {

PhysMem::PhysMem(uint64_t size) : size_(size) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    base_ = static_cast<uint8_t*>(p);
}

PhysMem::~PhysMem() { munmap(base_, size_); }

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

void Mmu::flush() {
    for (auto& e : tlb_) e = TlbEntry{{~0ull, ~0ull, ~0ull}, 0};
    ++epoch_;
}

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
    code_.resize(phys_.size() / PAGE_SIZE);
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

void Mmu::page_fault(uint64_t la, Access acc, bool present) {
    uint32_t err = present ? pferr::P : 0;
    if (acc == Access::WRITE) err |= pferr::W;
    if (acc == Access::EXEC) err |= pferr::I;
    if (st_.cpl == 3) err |= pferr::U;
    throw GuestFault{Vec::PF, err, la};
}

uint64_t Mmu::translate(uint64_t la, Access acc, bool stack) {
    if (!is_canonical(la)) raise(stack ? Vec::SS : Vec::GP, 0);
    auto it = pages_.find(la >> 12);
    if (it == pages_.end()) page_fault(la, acc, false);
    static constexpr uint8_t need[3] = {perm::R, perm::W, perm::X};
    if (!(it->second.perms & need[int(acc)])) page_fault(la, acc, true);
    const uint64_t pa = it->second.pa;
    const bool code = code_[pa >> 12];
    if (acc == Access::WRITE && code && on_code_write) {
        code_[pa >> 12] = 0;
        on_code_write(pa);  // invalidates decoded blocks; may flush the TLB
    }
    TlbEntry& e = tlb_[(la >> 12) % TLB_SIZE];
    const uintptr_t addend = reinterpret_cast<uintptr_t>(phys_.host(pa)) - (la & ~PAGE_MASK);
    if (e.addend != addend) e.tag[0] = e.tag[1] = e.tag[2] = ~0ull;
    e.addend = addend;
    e.tag[int(acc)] = la >> 12;
    // A readable page is also readable for RMW reads with write intent only if writable; the
    // per-class tags keep the classes apart.
    return pa | (la & PAGE_MASK);
}

void Mmu::access_slow(uint64_t la, void* buf, uint64_t len, Access acc, bool stack, bool is_write) {
    // Check every page first, so a split access faults before it changes anything.
    const uint64_t end = la + len - 1;
    uint64_t pa0 = translate(la, acc, stack);
    uint64_t pa1 = pa0;
    const bool split = ((la ^ end) >> 12) != 0;
    if (split) pa1 = translate(end & ~PAGE_MASK, acc, stack);
    const uint64_t first = split ? PAGE_SIZE - (la & PAGE_MASK) : len;
    uint8_t* b = static_cast<uint8_t*>(buf);
    if (is_write) {
        std::memcpy(phys_.host(pa0), b, first);
        if (split) std::memcpy(phys_.host(pa1 & ~PAGE_MASK), b + first, len - first);
    } else {
        std::memcpy(b, phys_.host(pa0), first);
        if (split) std::memcpy(b + first, phys_.host(pa1 & ~PAGE_MASK), len - first);
    }
}

void Mmu::probe_write(uint64_t la, uint64_t len, bool stack) {
    translate(la, Access::WRITE, stack);
    if (len > 1 && (((la + len - 1) ^ la) >> 12)) translate((la + len - 1) & ~PAGE_MASK, Access::WRITE, stack);
}

uint64_t Mmu::translate_exec(uint64_t la) { return translate(la, Access::EXEC, false); }

void Mmu::mark_code_page(uint64_t pa) {
    if (code_[pa >> 12]) return;
    code_[pa >> 12] = 1;
    // Drop write entries for this frame so the next write takes the slow path.
    const uintptr_t host_page = reinterpret_cast<uintptr_t>(phys_.host(pa & ~PAGE_MASK));
    for (auto& e : tlb_)
        if (e.tag[1] != ~0ull && e.addend + (e.tag[1] << 12) == host_page) e.tag[1] = ~0ull;
}

bool Mmu::copy_in(uint64_t la, const void* src, uint64_t len) {
    const uint8_t* s = static_cast<const uint8_t*>(src);
    while (len) {
        auto it = pages_.find(la >> 12);
        if (it == pages_.end()) return false;
        uint64_t n = std::min(len, PAGE_SIZE - (la & PAGE_MASK));
        const uint64_t pa = it->second.pa;
        if (code_[pa >> 12] && on_code_write) {
            code_[pa >> 12] = 0;
            on_code_write(pa);
        }
        std::memcpy(phys_.host(pa + (la & PAGE_MASK)), s, n);
        la += n, s += n, len -= n;
    }
    return true;
}

bool Mmu::copy_out(uint64_t la, void* dst, uint64_t len) {
    uint8_t* d = static_cast<uint8_t*>(dst);
    while (len) {
        auto it = pages_.find(la >> 12);
        if (it == pages_.end()) return false;
        uint64_t n = std::min(len, PAGE_SIZE - (la & PAGE_MASK));
        std::memcpy(d, phys_.host(it->second.pa + (la & PAGE_MASK)), n);
        la += n, d += n, len -= n;
    }
    return true;
}

}  // namespace lstar
