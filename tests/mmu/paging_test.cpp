// src/mmu/mmu.cpp, the architectural translation: 4-level paging with 4K, 2M and 1G pages,
// 32-bit paging with 4M pages, PAE paging; page-fault error codes and CR2, A/D bits, NX, CR0.WP,
// SMEP, SMAP, global pages, INVLPG and CR3 reloads, and non-canonical addresses. Expected values
// follow the SDM (Vol. 3 ch. 4, §4.7 for the error code); encodings are from GNU as.
#include <catch2/catch.hpp>

#include "cpu/machine_fixture.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
// One access to [RBX] in the current mode; -1 when it completed, else the vector.
int read_at(Machine& m, uint64_t la, bool user = false) {
    m.cpu.s.gpr[RBX] = la;
    return user ? m.urun({0x48, 0x8b, 0x03}) : m.krun({0x48, 0x8b, 0x03});  // mov rax, [rbx]
}
int write_at(Machine& m, uint64_t la, bool user = false) {
    m.cpu.s.gpr[RBX] = la;
    return user ? m.urun({0x48, 0x89, 0x03}) : m.krun({0x48, 0x89, 0x03});  // mov [rbx], rax
}
// A jump to `la`, where the test has put a HLT (ring 0) or INT3 (ring 3) if it is reachable.
int exec_at(Machine& m, uint64_t la, bool user = false) {
    m.cpu.s.gpr[RBX] = la;
    return user ? m.urun({0xff, 0xe3}) : m.krun({0xff, 0xe3});  // jmp rbx
}
uint32_t pf_error(Machine& m) { return static_cast<uint32_t>(m.frame(true).error); }
}  // namespace

// ---------------------------------------------------------------- error codes

TEST_CASE("page-fault error codes and CR2 for 4K pages", "[paging]") {
    Machine m;
    const uint64_t page = lm::UDATA + 0x3000;  // a user page
    SECTION("supervisor read, write and fetch of a not-present page") {
        CHECK(read_at(m, 0x18) == 14);
        CHECK(pf_error(m) == 0);
        CHECK(m.cpu.s.cr2 == 0x18);
        CHECK(m.frame(true).rip == lm::KCODE);
        CHECK(write_at(m, 0x20) == 14);
        CHECK(pf_error(m) == pferr::W);
        CHECK(m.cpu.s.cr2 == 0x20);
        CHECK(exec_at(m, 0x30) == 14);
        CHECK(pf_error(m) == pferr::I);  // I is reported: EFER.NXE is set
        CHECK(m.cpu.s.cr2 == 0x30);
        CHECK(m.frame(true).rip == 0x30);
    }
    SECTION("user accesses to a supervisor page") {
        m.enter_user();
        CHECK(read_at(m, lm::KDATA, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::U));
        CHECK(m.cpu.s.cr2 == lm::KDATA);
        CHECK(write_at(m, lm::KDATA + 8, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::W | pferr::U));
        CHECK(m.cpu.s.cr2 == lm::KDATA + 8);
        m.bytes(lm::KDATA, {0xcc});
        CHECK(exec_at(m, lm::KDATA, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::U | pferr::I));
    }
    SECTION("user write to a read-only page, read of a not-present one") {
        m.update_pte(page, 0, pte::W);
        m.enter_user();
        CHECK(read_at(m, page, true) == -1);
        CHECK(write_at(m, page + 0x10, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::W | pferr::U));
        CHECK(m.cpu.s.cr2 == page + 0x10);
        m.update_pte(page, 0, pte::P);
        CHECK(read_at(m, page + 0xff8, true) == 14);
        CHECK(pf_error(m) == pferr::U);
        CHECK(m.cpu.s.cr2 == page + 0xff8);
    }
    SECTION("a fetch from an NX page, in either ring") {
        m.bytes(page, {0xcc, 0xf4});
        m.update_pte(page, pte::NX);
        m.enter_user();
        CHECK(exec_at(m, page, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::U | pferr::I));
        CHECK(m.cpu.s.cr2 == page);
        m.update_pte(lm::KDATA, pte::NX);
        m.bytes(lm::KDATA, {0xf4});
        m.enter_kernel64();
        CHECK(exec_at(m, lm::KDATA) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::I));
        m.update_pte(page, 0, pte::NX);
        m.enter_user();
        CHECK(exec_at(m, page, true) == 3);  // the INT3 there runs
    }
    SECTION("reserved bits: RSVD with P, plus W and U as for any fault") {
        m.update_pte(page, 1ull << 51);
        CHECK(read_at(m, page) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::RSVD));
        m.enter_user();
        CHECK(write_at(m, page, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::W | pferr::U | pferr::RSVD));
        CHECK(m.cpu.s.cr2 == page);
    }
    SECTION("reserved bits in the upper levels: PS in a PML4E, bit 13 in a 2M PDE") {
        m.put<uint64_t>(lm::PML4 + 8, lm::PDPT | pte::P | pte::W | pte::PS);  // 512G-1T
        m.cpu.mmu.flush();
        CHECK(read_at(m, 0x8000000000ull) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::RSVD));
        m.put<uint64_t>(lm::PD + 8 * 3, (3ull << 21) | pte::P | pte::W | pte::PS | (1u << 13));
        m.cpu.mmu.flush();
        CHECK(read_at(m, 0x600000) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::RSVD));
    }
    SECTION("implicit supervisor accesses from ring 3 do not set U") {
        m.cpu.s.ldtr = Segment{sel::LDT, lm::LDT, 0xf, 0x82};
        m.update_pte(lm::LDT, 0, pte::P);
        m.enter_user();
        m.cpu.s.gpr[RCX] = sel::LDT_DS;
        CHECK(m.urun({0x8e, 0xd9}) == 14);  // mov ds, ecx reads the LDT
        CHECK(pf_error(m) == 0);
        CHECK(m.cpu.s.cr2 == lm::LDT);
        CHECK(m.frame(true).cs == sel::USER_CS);
    }
    SECTION("a data access that crosses into a not-present page while its first page is in the TLB") {
        m.enter_user();
        m.bytes(page + 0xffc, {1, 2, 3, 4});
        m.bytes(page + 0x1000, {5, 6, 7, 8});
        CHECK(read_at(m, page, true) == -1);  // the first page is in the TLB now
        CHECK(read_at(m, page + 0xffc, true) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0x0807060504030201ull);  // four bytes from each page
        m.update_pte(page + 0x1000, 0, pte::P);
        CHECK(read_at(m, page + 0x10, true) == -1);
        CHECK(read_at(m, page + 0xffc, true) == 14);
        CHECK(pf_error(m) == pferr::U);
        CHECK(m.cpu.s.cr2 == page + 0x1000);
        CHECK(write_at(m, page + 0xff9, true) == 14);
        CHECK(pf_error(m) == (pferr::W | pferr::U));
        CHECK(m.cpu.s.cr2 == page + 0x1000);
    }
    SECTION("an instruction that crosses into a not-present page") {
        m.update_pte(lm::UCODE, 0, pte::P);
        m.bytes(0x1ffffd, {0xb8, 0x01, 0x02});  // mov eax, imm32: its last two bytes are missing
        m.run_at(0x1ffffd);
        REQUIRE(m.vector() == 14);
        CHECK(pf_error(m) == pferr::I);
        CHECK(m.cpu.s.cr2 == 0x200000);
        CHECK(m.frame(true).rip == 0x1ffffd);
    }
}

TEST_CASE("2M and 1G pages: translation, CR2 and error codes", "[paging]") {
    Machine m;
    SECTION("a 2M page") {
        m.put<uint64_t>(0x600010, 0x2222);
        CHECK(read_at(m, 0x600010) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0x2222);
        m.put<uint64_t>(lm::PD + 8 * 3, (3ull << 21) | pte::P | pte::U | pte::PS);  // read-only, user
        m.cpu.mmu.flush();
        CHECK(write_at(m, 0x7ffff8) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::W));
        CHECK(m.cpu.s.cr2 == 0x7ffff8);
        m.enter_user();
        CHECK(read_at(m, 0x7ffff8, true) == -1);
        CHECK(write_at(m, 0x600000, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::W | pferr::U));
        m.put<uint64_t>(lm::PD + 8 * 3, 0);
        m.cpu.mmu.flush();
        CHECK(read_at(m, 0x654321, true) == 14);
        CHECK(pf_error(m) == pferr::U);
        CHECK(m.cpu.s.cr2 == 0x654321);
    }
    SECTION("a 1G page") {
        m.put<uint64_t>(lm::PDPT + 8, pte::P | pte::W | pte::U | pte::PS);  // 1G-2G -> 0-1G
        m.put<uint64_t>(lm::KDATA + 0x40, 0x1111);
        CHECK(read_at(m, 0x40000000 + lm::KDATA + 0x40) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0x1111);
        m.put<uint64_t>(lm::PDPT + 8, pte::P | pte::U | pte::PS);
        m.cpu.mmu.flush();
        m.enter_user();
        CHECK(write_at(m, 0x40210008, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::W | pferr::U));
        CHECK(m.cpu.s.cr2 == 0x40210008);
        CHECK(read_at(m, 0x80000000, true) == 14);  // PDPT[2] is empty
        CHECK(pf_error(m) == pferr::U);
        m.put<uint64_t>(lm::PDPT + 8, pte::P | pte::U | pte::PS | (1u << 20));  // bits 29:13 reserved
        m.cpu.mmu.flush();
        CHECK(read_at(m, 0x40210000, true) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::U | pferr::RSVD));
    }
}

TEST_CASE("accessed and dirty bits", "[paging]") {
    Machine m;
    const uint64_t page = lm::KDATA + 0x3000;
    m.put<uint64_t>(lm::PML4, lm::PDPT | pte::P | pte::W | pte::U);
    m.put<uint64_t>(lm::PDPT, lm::PD | pte::P | pte::W | pte::U);
    m.put<uint64_t>(lm::PD, lm::PT0 | pte::P | pte::W | pte::U);
    m.cpu.mmu.flush();
    SECTION("a read sets A at every level and no D") {
        REQUIRE((m.pte_of(page) & (pte::A | pte::D)) == 0);
        CHECK(read_at(m, page) == -1);
        CHECK((m.pte_of(page) & (pte::A | pte::D)) == pte::A);
        CHECK((m.q(lm::PD) & pte::A) != 0);
        CHECK((m.q(lm::PDPT) & pte::A) != 0);
        CHECK((m.q(lm::PML4) & pte::A) != 0);
        CHECK((m.q(lm::PD) & pte::D) == 0);  // D exists only in the entry that maps the page
        CHECK(write_at(m, page) == -1);       // after a read: the write still sets D
        CHECK((m.pte_of(page) & pte::D) != 0);
        CHECK((m.pte_of(page + 0x1000) & pte::A) == 0);
    }
    SECTION("a write sets D in a 2M page's PDE") {
        CHECK(write_at(m, 0x600000) == -1);
        CHECK((m.q(lm::PD + 8 * 3) & (pte::A | pte::D)) == (pte::A | pte::D));
        CHECK((m.q(lm::PD + 8 * 4) & pte::A) == 0);
    }
    SECTION("a faulting access sets neither") {
        m.enter_user();
        CHECK(write_at(m, page, true) == 14);
        CHECK((m.pte_of(page) & (pte::A | pte::D)) == 0);
    }
}

// ---------------------------------------------------------------- protection

TEST_CASE("CR0.WP: supervisor writes to read-only pages", "[paging]") {
    Machine m;
    const uint64_t kpage = lm::KDATA + 0x1000, upage = lm::UDATA + 0x1000;
    m.update_pte(kpage, 0, pte::W);
    m.update_pte(upage, 0, pte::W);
    CHECK(write_at(m, kpage) == 14);
    CHECK(pf_error(m) == (pferr::P | pferr::W));
    CHECK(write_at(m, upage) == 14);
    m.cpu.s.cr0 &= ~cr0::WP;
    m.cpu.mmu.flush();
    m.cpu.s.gpr[RAX] = 0x77;
    CHECK(write_at(m, kpage) == -1);
    CHECK(write_at(m, upage) == -1);
    CHECK(m.q(upage) == 0x77);
    m.enter_user();
    CHECK(write_at(m, upage, true) == 14);  // WP does not matter to user writes
}

TEST_CASE("SMEP: no supervisor fetches from user pages", "[paging]") {
    Machine m;
    m.bytes(lm::UCODE + 0x100, {0xf4});
    CHECK(exec_at(m, lm::UCODE + 0x100) == -1);  // without SMEP the HLT there runs
    CHECK(m.halted_at(lm::UCODE + 0x100));
    m.cpu.s.cr4 |= cr4::SMEP;
    m.cpu.mmu.flush();
    CHECK(exec_at(m, lm::UCODE + 0x100) == 14);
    CHECK(pf_error(m) == (pferr::P | pferr::I));
    CHECK(m.cpu.s.cr2 == lm::UCODE + 0x100);
    m.cpu.s.efer &= ~msr::efer::NXE;  // SMEP alone reports I
    m.cpu.mmu.flush();
    CHECK(exec_at(m, lm::UCODE + 0x100) == 14);
    CHECK(pf_error(m) == (pferr::P | pferr::I));
}

TEST_CASE("SMAP with STAC, CLAC and RFLAGS.AC", "[paging]") {
    Machine m;
    m.put<uint64_t>(lm::UDATA, 0x5a5a);
    m.cpu.s.cr4 |= cr4::SMAP;
    m.cpu.mmu.flush();
    SECTION("explicit supervisor accesses to user pages") {
        CHECK(read_at(m, lm::UDATA) == 14);
        CHECK(pf_error(m) == pferr::P);
        CHECK(write_at(m, lm::UDATA) == 14);
        CHECK(pf_error(m) == (pferr::P | pferr::W));
        m.cpu.s.gpr[RBX] = lm::UDATA;
        // stac; mov rax, [rbx]; clac
        CHECK(m.krun({0x0f, 0x01, 0xcb, 0x48, 0x8b, 0x03, 0x0f, 0x01, 0xca}) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0x5a5a);
        CHECK(read_at(m, lm::UDATA) == 14);  // AC clear again: the TLB entry made under AC is not used
        m.cpu.set_rflags(fl::FIXED1 | fl::AC);
        CHECK(write_at(m, lm::UDATA) == -1);
    }
    SECTION("user accesses are not affected") {
        m.enter_user();
        CHECK(read_at(m, lm::UDATA, true) == -1);
    }
    SECTION("implicit supervisor accesses fault even with AC set") {
        m.put<uint64_t>(lm::UDATA + 0x100, 0x00cff3000000ffffull);
        m.cpu.s.ldtr = Segment{sel::LDT, lm::UDATA + 0x100, 0xf, 0x82};
        m.cpu.set_rflags(fl::FIXED1 | fl::AC);
        m.cpu.s.gpr[RCX] = sel::LDT_DS;
        CHECK(m.krun({0x8e, 0xd9}) == 14);  // mov ds, ecx
        CHECK(pf_error(m) == pferr::P);
        CHECK(m.cpu.s.cr2 == lm::UDATA + 0x100);
    }
}

TEST_CASE("alignment checking: CPL 3 data accesses with CR0.AM and RFLAGS.AC", "[paging]") {
    Machine m;
    m.cpu.s.cr0 |= cr0::AM;
    m.enter_user();
    m.cpu.set_rflags(fl::FIXED1 | fl::AC);
    CHECK(read_at(m, lm::UDATA + 8, true) == -1);  // aligned
    m.enter_user();
    m.cpu.set_rflags(fl::FIXED1 | fl::AC);
    CHECK(read_at(m, lm::UDATA + 4, true) == 17);  // an 8-byte read at a 4-byte boundary
    CHECK(m.frame(true).error == 0);
    m.enter_user();
    m.cpu.set_rflags(fl::FIXED1 | fl::AC);
    m.cpu.s.gpr[RSP] = lm::USTACK - 4;
    CHECK(m.urun({0x50}) == 17);  // push rax
    m.enter_user();
    m.cpu.set_rflags(fl::FIXED1 | fl::AC);
    m.cpu.s.gpr[RBX] = lm::UDATA + 1;
    CHECK(m.urun({0x8a, 0x03}) == -1);  // mov al, [rbx]: bytes are always aligned
    m.enter_user();
    m.cpu.set_rflags(fl::FIXED1 | fl::AC);
    CHECK(read_at(m, lm::KDATA + 4, true) == 14);  // #PF comes first
    m.enter_user();                                 // AC clear
    CHECK(read_at(m, lm::UDATA + 4, true) == -1);
    m.enter_kernel64();                             // CPL 0
    m.cpu.set_rflags(fl::FIXED1 | fl::AC);
    CHECK(read_at(m, lm::KDATA + 4) == -1);
    m.cpu.s.cr0 &= ~cr0::AM;
    m.enter_user();
    m.cpu.set_rflags(fl::FIXED1 | fl::AC);
    CHECK(read_at(m, lm::UDATA + 4, true) == -1);
}

// ---------------------------------------------------------------- the TLB

TEST_CASE("global pages survive a CR3 reload; INVLPG drops them", "[paging]") {
    Machine m;
    const uint64_t la = lm::KDATA + 0x4000;
    m.put<uint64_t>(la, 0xaaaa);
    m.put<uint64_t>(la + 0x1000, 0xbbbb);
    auto reload_cr3 = [&] {
        m.cpu.s.gpr[RCX] = lm::PML4;
        return m.krun({0x0f, 0x22, 0xd9});  // mov cr3, rcx
    };
    auto remap = [&] { m.set_pte(la, ((la + 0x1000) | pte::P | pte::W) | (m.pte_of(la) & pte::G)); };
    SECTION("a global page, CR4.PGE set") {
        m.update_pte(la, pte::G);
        CHECK(read_at(m, la) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0xaaaa);
        remap();
        CHECK(reload_cr3() == -1);
        CHECK(read_at(m, la) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0xaaaa);  // still the old translation
        m.cpu.s.gpr[RBX] = la;
        CHECK(m.krun({0x0f, 0x01, 0x3b, 0x48, 0x8b, 0x03}) == -1);  // invlpg [rbx]; mov rax, [rbx]
        CHECK(m.cpu.s.gpr[RAX] == 0xbbbb);
    }
    SECTION("a non-global page") {
        CHECK(read_at(m, la) == -1);
        remap();
        CHECK(read_at(m, la) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0xaaaa);  // no flush yet: the TLB still has it
        CHECK(reload_cr3() == -1);
        CHECK(read_at(m, la) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0xbbbb);
    }
    SECTION("G is ignored without CR4.PGE") {
        m.cpu.s.cr4 &= ~cr4::PGE;
        m.update_pte(la, pte::G);
        CHECK(read_at(m, la) == -1);
        remap();
        CHECK(reload_cr3() == -1);
        CHECK(read_at(m, la) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0xbbbb);
    }
    SECTION("a write to CR4.PGE flushes global pages") {
        m.update_pte(la, pte::G);
        CHECK(read_at(m, la) == -1);
        remap();
        m.cpu.s.gpr[RCX] = m.cpu.s.cr4 & ~cr4::PGE;
        CHECK(m.krun({0x0f, 0x22, 0xe1}) == -1);  // mov cr4, rcx
        CHECK(read_at(m, la) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0xbbbb);
    }
}

TEST_CASE("INVLPG of any address in a large page drops the whole page", "[paging]") {
    Machine m;
    m.put<uint64_t>(0x601000, 0xaaaa);
    m.put<uint64_t>(0x801000, 0xbbbb);
    CHECK(read_at(m, 0x601000) == -1);
    CHECK(read_at(m, 0x600000) == -1);
    m.put<uint64_t>(lm::PD + 8 * 3, 0x800000 | pte::P | pte::W | pte::PS);
    m.cpu.s.gpr[RBX] = 0x600000;
    m.cpu.s.gpr[RCX] = 0x601000;
    CHECK(m.krun({0x0f, 0x01, 0x3b, 0x48, 0x8b, 0x01}) == -1);  // invlpg [rbx]; mov rax, [rcx]
    CHECK(m.cpu.s.gpr[RAX] == 0xbbbb);
}

// ---------------------------------------------------------------- non-canonical addresses

TEST_CASE("non-canonical addresses raise #GP(0), or #SS(0) for stack references", "[paging]") {
    Machine m;
    m.set_gate(12, Machine::stub(12), 0xe, 0, 2);  // #SS on IST2: RSP may be the bad address
    SECTION("data") {
        CHECK(read_at(m, NONCANON) == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(write_at(m, 0xfff0000000000000ull) == 13);
    }
    SECTION("through RBP (SS by default) and through RSP") {
        m.cpu.s.gpr[RBP] = NONCANON;
        CHECK(m.krun({0x48, 0x8b, 0x45, 0x08}) == 12);  // mov rax, [rbp+8]
        CHECK(m.frame(true).error == 0);
        m.cpu.s.gpr[RBP] = NONCANON;
        CHECK(m.krun({0x64, 0x48, 0x8b, 0x45, 0x00}) == 13);  // mov rax, fs:[rbp]: not SS
        m.enter_kernel64();
        m.cpu.s.gpr[RSP] = NONCANON + 8;
        CHECK(m.krun({0x50}) == 12);  // push rax
        CHECK(m.frame(true).rsp == NONCANON + 8);
    }
    SECTION("a jump: #GP at the jump, not at the target") {
        CHECK(exec_at(m, NONCANON) == 13);
        CHECK(m.frame(true).rip == lm::KCODE);
    }
}

// ---------------------------------------------------------------- legacy paging

namespace {
// 32-bit protected mode, CPL 0, no bus: faults end run() with their error code and CR2.
void enter_prot32(Machine& m) {
    m.enter_prot32();
    m.cpu.bus = nullptr;
}
StopInfo run32(Machine& m, std::initializer_list<uint8_t> code) {
    std::vector<uint8_t> b(code);
    b.push_back(0xf4);
    m.write_code(lm::KCODE, b);
    return m.run_at(lm::KCODE);
}
bool ok(Machine& m, const StopInfo& s) { return s.reason == StopInfo::Reason::HALT && m.cpu.s.rip > lm::KCODE; }
}  // namespace

TEST_CASE("32-bit paging with 4K and 4M pages", "[paging]") {
    Machine m;
    enter_prot32(m);
    constexpr uint64_t PD32 = 0xd000, PT32 = 0xe000;
    for (uint32_t i = 0; i < 1024; ++i) m.put<uint32_t>(PT32 + 4 * i, (i << 12) | 3);
    m.put<uint32_t>(PD32, PT32 | 7);
    m.put<uint32_t>(PD32 + 4, 0x800000 | 0x83);   // 4M-8M -> 8M, supervisor, writable
    m.put<uint32_t>(PD32 + 8, 0xc00000 | 0x85);   // 8M-12M -> 12M, user, read-only
    m.put<uint32_t>(0x800010, 0x4444);
    m.cpu.s.cr3 = PD32;
    m.cpu.s.cr4 = cr4::PSE;
    m.cpu.s.cr0 |= cr0::PG;
    m.cpu.mmu.flush();
    SECTION("a 4M page: translation and A/D in the PDE") {
        CHECK(ok(m, run32(m, {0xa1, 0x10, 0x00, 0x40, 0x00})));  // mov eax, [0x400010]
        CHECK(m.cpu.s.gpr[RAX] == 0x4444);
        CHECK((m.get<uint32_t>(PD32 + 4) & 0x60) == 0x20);
        CHECK(ok(m, run32(m, {0xa3, 0x10, 0x00, 0x40, 0x00})));  // mov [0x400010], eax
        CHECK((m.get<uint32_t>(PD32 + 4) & 0x60) == 0x60);
        CHECK((m.get<uint32_t>(PD32) & 0x20) != 0);  // the PDE of the code's 4K pages
    }
    SECTION("protection and not-present faults") {
        StopInfo s = run32(m, {0xa3, 0x00, 0x00, 0x80, 0x00});  // mov [0x800000], eax
        REQUIRE(s.reason == StopInfo::Reason::FAULT);
        CHECK(s.fault.vector == Vec::PF);
        CHECK(s.fault.error == (pferr::P | pferr::W));
        CHECK(m.cpu.s.cr2 == 0x800000);
        s = run32(m, {0xa1, 0x00, 0x00, 0xc0, 0x00});  // mov eax, [0xc00000]
        REQUIRE(s.reason == StopInfo::Reason::FAULT);
        CHECK(s.fault.error == 0);
        CHECK(m.cpu.s.cr2 == 0xc00000);
    }
    SECTION("without CR4.PSE the PS bit is ignored: the PDE points to a page table") {
        m.cpu.s.cr4 = 0;
        m.cpu.mmu.flush();
        const StopInfo s = run32(m, {0xa1, 0x10, 0x00, 0x40, 0x00});
        REQUIRE(s.reason == StopInfo::Reason::FAULT);
        CHECK(s.fault.error == 0);  // the "table" at 8M is empty
    }
    SECTION("EFER.NXE does not apply: a fetch fault has no I bit") {
        m.cpu.s.efer = msr::efer::NXE;
        m.cpu.mmu.flush();
        const StopInfo s = run32(m, {0xb8, 0x00, 0x00, 0xc0, 0x00, 0xff, 0xe0});  // mov eax, 0xc00000; jmp eax
        REQUIRE(s.reason == StopInfo::Reason::FAULT);
        CHECK(s.fault.error == 0);
        CHECK(m.cpu.s.cr2 == 0xc00000);
    }
}

TEST_CASE("PAE paging outside IA-32e mode", "[paging]") {
    Machine m;
    enter_prot32(m);
    constexpr uint64_t PDPT32 = 0xd000;
    m.put<uint64_t>(PDPT32, lm::PD | pte::P);  // the fixture's page directory maps 0-1G
    m.put<uint64_t>(lm::KDATA, 0x5555);
    m.cpu.s.cr3 = PDPT32;
    m.cpu.s.cr4 = cr4::PAE;
    m.cpu.s.cr0 |= cr0::PG;
    m.cpu.mmu.flush();
    CHECK(ok(m, run32(m, {0xa1, 0x00, 0x00, 0x11, 0x00})));  // mov eax, [0x110000]
    CHECK(m.cpu.s.gpr[RAX] == 0x5555);
    StopInfo s = run32(m, {0xa1, 0x00, 0x00, 0x00, 0x40});  // mov eax, [0x40000000]: PDPTE 1
    REQUIRE(s.reason == StopInfo::Reason::FAULT);
    CHECK(s.fault.error == 0);
    m.put<uint64_t>(PDPT32, lm::PD | pte::P | pte::W);  // R/W is reserved in a PAE PDPTE
    m.cpu.mmu.flush();
    s = run32(m, {0xa1, 0x00, 0x00, 0x11, 0x00});
    REQUIRE(s.reason == StopInfo::Reason::FAULT);
    CHECK(s.fault.error == (pferr::P | pferr::RSVD));
}

TEST_CASE("a page table or a page beyond RAM stops the machine with MachineError", "[paging]") {
    Machine m;
    SECTION("a page") {
        m.set_pte(lm::KDATA + 0x6000, 0x80000000ull | pte::P | pte::W);
        m.cpu.s.gpr[RBX] = lm::KDATA + 0x6000;
    }
    SECTION("a page directory") {
        m.put<uint64_t>(lm::PDPT + 8 * 3, 0x80000000ull | pte::P | pte::W);
        m.cpu.s.gpr[RBX] = 0xc0000000ull;
    }
    m.cpu.mmu.flush();
    m.bytes(lm::KCODE, {0x48, 0x8b, 0x03, 0xf4});  // mov rax, [rbx]
    m.cpu.s.rip = lm::KCODE;
    CHECK_THROWS_AS(m.cpu.run(10), MachineError);
}
