// src/debug/inspect.cpp: the page walk on page tables the test builds (4-level with 4K, 2M and
// 1G pages, PAE, 32-bit with 4M pages), checked against the known tables and against the MMU's
// own translation; the walk has no side effects; the descriptor-table views on the long-mode
// fixture (tests/cpu/machine_fixture.hpp), whose tables are known.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstring>

#include "cpu/machine_fixture.hpp"
#include "debug/inspect.hpp"

using namespace lstar;

namespace {

constexpr uint64_t P = 1, W = 2, U = 4, A = 0x20, PS = 0x80, G = 0x100, XD = 1ull << 63;

// A bare CPU whose page tables the test writes into guest-physical memory.
struct Tables {
    Cpu cpu{64ull << 20};
    void put64(uint64_t pa, uint64_t v) { std::memcpy(cpu.phys.host(pa), &v, 8); }
    void put32(uint64_t pa, uint32_t v) { std::memcpy(cpu.phys.host(pa), &v, 4); }
    uint64_t get64(uint64_t pa) {
        uint64_t v;
        std::memcpy(&v, cpu.phys.host(pa), 8);
        return v;
    }
    void paging(uint64_t cr0, uint64_t cr4, uint64_t efer, uint64_t cr3) {
        cpu.s.cr0 = cr0, cpu.s.cr4 = cr4, cpu.s.efer = efer, cpu.s.cr3 = cr3;
        cpu.mmu.flush();
    }
    // The MMU's translation, the reference the walk must agree with.
    bool mmu_pa(uint64_t la, uint64_t& pa) { return cpu.mmu.peek_translate(la, pa); }
};

constexpr uint64_t LONG_EFER = msr::efer::LME | msr::efer::LMA | msr::efer::NXE;

// 4-level tables at 0x1000..: PML4[511] -> PDPT; PDPT[510] -> PD; PD[0] -> PT (4K pages),
// PD[1] a 2M page; PDPT[3] a 1G page (in the low half, through PML4[0] -> PDPT0).
struct LongTables : Tables {
    static constexpr uint64_t PML4 = 0x1000, PDPT = 0x2000, PD = 0x3000, PT = 0x4000, PDPT0 = 0x5000;
    static constexpr uint64_t KBASE = 0xffffffff80000000ull;
    LongTables() {
        put64(PML4 + 511 * 8, PDPT | P | W);
        put64(PDPT + 510 * 8, PD | P | W);
        put64(PD + 0 * 8, PT | P | W);
        put64(PT + 5 * 8, 0x345000 | P | W | XD);      // KBASE + 0x5000 -> 0x345000
        put64(PT + 6 * 8, 0x346000 | P);               // read-only
        put64(PD + 1 * 8, 0x600000 | P | W | PS | G);  // KBASE + 2M -> 0x600000 (2M page)
        put64(PML4 + 0 * 8, PDPT0 | P | W | U);
        put64(PDPT0 + 3 * 8, 0 | P | W | U | PS);  // 3G -> 0 (a 1G page)
        put64(PDPT0 + 4 * 8, 0x7000 | P | W | U | (1ull << 51));  // reserved bit 51
        paging(cr0::PE | cr0::PG, cr4::PAE, LONG_EFER, PML4);
    }
};

}  // namespace

TEST_CASE("page_walk: 4-level paging with 4K, 2M and 1G pages", "[inspect]") {
    LongTables t;
    using L = LongTables;
    SECTION("a 4K page: every level's entry, as the test wrote it") {
        const uint64_t la = L::KBASE + 0x5123;
        const inspect::Walk w = inspect::walk(t.cpu, la);
        REQUIRE(w.ok);
        REQUIRE(w.levels.size() == 4);
        CHECK(std::string(w.levels[0].name) == "PML4E");
        CHECK(w.levels[0].index == 511);
        CHECK(w.levels[0].entry_pa == L::PML4 + 511 * 8);
        CHECK(w.levels[0].value == (L::PDPT | P | W));
        CHECK(std::string(w.levels[1].name) == "PDPTE");
        CHECK(w.levels[1].index == 510);
        CHECK(w.levels[1].entry_pa == L::PDPT + 510 * 8);
        CHECK(std::string(w.levels[2].name) == "PDE");
        CHECK(w.levels[2].entry_pa == L::PD);
        CHECK(std::string(w.levels[3].name) == "PTE");
        CHECK(w.levels[3].index == 5);
        CHECK(w.levels[3].value == (0x345000 | P | W | XD));
        CHECK(w.pa == 0x345123);
        CHECK(w.page_size == 4096);
        CHECK(w.nx);
        CHECK(w.write);
        CHECK_FALSE(w.user);
        uint64_t pa;
        REQUIRE(t.mmu_pa(la, pa));
        CHECK(pa == w.pa);
        const std::string text = inspect::page_walk(t.cpu, la);
        CHECK(text.find("4-level paging, CR3 0x1000") != std::string::npos);
        CHECK(text.find("PML4E [511] at 0x00001ff8 = 0000000000002003  P RW") != std::string::npos);
        CHECK(text.find("PTE   [  5] at 0x00004028 = 8000000000345003  P RW XD") != std::string::npos);
        CHECK(text.find("-> physical 0x345123 (4K page, supervisor, writable, no-execute)") != std::string::npos);
    }
    SECTION("a read-only 4K page") {
        const inspect::Walk w = inspect::walk(t.cpu, L::KBASE + 0x6000);
        REQUIRE(w.ok);
        CHECK(w.pa == 0x346000);
        CHECK_FALSE(w.write);
        CHECK_FALSE(w.nx);
    }
    SECTION("a 2M page stops at the PDE") {
        const uint64_t la = L::KBASE + 0x200000 + 0x12345;
        const inspect::Walk w = inspect::walk(t.cpu, la);
        REQUIRE(w.ok);
        CHECK(w.levels.size() == 3);
        CHECK(w.page_size == (2u << 20));
        CHECK(w.pa == 0x612345);
        uint64_t pa;
        REQUIRE(t.mmu_pa(la, pa));
        CHECK(pa == w.pa);
        CHECK(inspect::page_walk(t.cpu, la).find("(2M page, supervisor") != std::string::npos);
    }
    SECTION("a 1G user page stops at the PDPTE") {
        const uint64_t la = 0xc0000000ull + 0x1234567;
        const inspect::Walk w = inspect::walk(t.cpu, la);
        REQUIRE(w.ok);
        CHECK(w.levels.size() == 2);
        CHECK(w.page_size == (1u << 30));
        CHECK(w.pa == 0x1234567);
        CHECK(w.user);
        uint64_t pa;
        REQUIRE(t.mmu_pa(la, pa));
        CHECK(pa == w.pa);
    }
    SECTION("where and why a walk stops") {
        inspect::Walk w = inspect::walk(t.cpu, L::KBASE + 0x7000);  // PTE 7 is zero
        CHECK_FALSE(w.ok);
        CHECK(w.why == "not present at PTE");
        CHECK(w.levels.size() == 4);
        w = inspect::walk(t.cpu, 0x0000400000000000ull);  // PML4E 128 is zero
        CHECK(w.why == "not present at PML4E");
        CHECK(w.levels.size() == 1);
        w = inspect::walk(t.cpu, 0x100000000ull);  // PDPTE 4 has bit 51 set
        CHECK(w.why == "reserved bit set at PDPTE");
        w = inspect::walk(t.cpu, 0x0000800000000000ull);
        CHECK(w.why == "not canonical");
        CHECK(inspect::page_walk(t.cpu, L::KBASE + 0x7000).find("stops: not present at PTE") != std::string::npos);
        uint64_t pa;
        CHECK_FALSE(t.mmu_pa(L::KBASE + 0x7000, pa));
    }
    SECTION("the walk sets no accessed or dirty flag") {
        inspect::page_walk(t.cpu, L::KBASE + 0x5000);
        inspect::walk(t.cpu, 0xc0000000ull);
        CHECK((t.get64(L::PML4 + 511 * 8) & A) == 0);
        CHECK((t.get64(L::PT + 5 * 8) & A) == 0);
        CHECK((t.get64(L::PDPT0 + 3 * 8) & A) == 0);
    }
    SECTION("read_linear crosses pages and refuses unmapped ones") {
        std::memcpy(t.cpu.phys.host(0x345ffe), "ab", 2);
        std::memcpy(t.cpu.phys.host(0x346000), "cd", 2);
        char buf[4];
        REQUIRE(inspect::read_linear(t.cpu, L::KBASE + 0x5ffe, buf, 4));
        CHECK(std::string(buf, 4) == "abcd");
        CHECK_FALSE(inspect::read_linear(t.cpu, L::KBASE + 0x6ffe, buf, 4));  // into PTE 7
    }
}

TEST_CASE("page_walk: PAE and 32-bit paging, and paging off", "[inspect]") {
    Tables t;
    SECTION("PAE: the PDPTE from CR3, then PDE and PTE") {
        t.put64(0x1000 + 2 * 8, 0x2000 | P);        // PDPTE[2]: 0x80000000..0xbfffffff
        t.put64(0x2000 + 3 * 8, 0x3000 | P | W);    // PDE[3]
        t.put64(0x3000 + 4 * 8, 0x9000 | P | W);    // PTE[4]
        t.put64(0x2000 + 4 * 8, 0xa00000 | P | PS);  // PDE[4]: a 2M page
        t.paging(cr0::PE | cr0::PG, cr4::PAE, 0, 0x1000);
        const uint64_t la = 0x80000000u + (3u << 21) + (4u << 12) + 0x56;
        const inspect::Walk w = inspect::walk(t.cpu, la);
        REQUIRE(w.ok);
        REQUIRE(w.levels.size() == 3);
        CHECK(std::string(w.levels[0].name) == "PDPTE");
        CHECK(w.levels[0].entry_pa == 0x1010);
        CHECK(w.levels[1].entry_pa == 0x2018);
        CHECK(w.levels[2].entry_pa == 0x3020);
        CHECK(w.pa == 0x9056);
        uint64_t pa;
        REQUIRE(t.mmu_pa(la, pa));
        CHECK(pa == w.pa);
        const inspect::Walk big = inspect::walk(t.cpu, 0x80000000u + (4u << 21) + 0x1234);
        CHECK(big.page_size == (2u << 20));
        CHECK(big.pa == 0xa01234);
        CHECK(inspect::page_walk(t.cpu, la).find("PAE paging") != std::string::npos);
    }
    SECTION("32-bit paging with a 4M page and a 4K page") {
        t.put32(0x1000 + 0x300 * 4, 0x00c00000 | P | W | PS);  // 0xc0000000 -> 12M, 4M page
        t.put32(0x1000 + 1 * 4, 0x2000 | P | W | U);           // 0x400000..: page table at 0x2000
        t.put32(0x2000 + 2 * 4, 0x7000 | P | U);
        t.paging(cr0::PE | cr0::PG, cr4::PSE, 0, 0x1000);
        inspect::Walk w = inspect::walk(t.cpu, 0xc0123456u);
        REQUIRE(w.ok);
        CHECK(w.levels.size() == 1);
        CHECK(w.page_size == (4u << 20));
        CHECK(w.pa == 0xd23456);
        w = inspect::walk(t.cpu, 0x402abcu);
        REQUIRE(w.ok);
        CHECK(w.levels.size() == 2);
        CHECK(w.levels[1].value == (0x7000 | P | U));
        CHECK(w.pa == 0x7abc);
        CHECK(w.user);
        CHECK_FALSE(w.write);
        for (uint64_t la : {0xc0123456ull, 0x402abcull}) {
            uint64_t pa;
            REQUIRE(t.mmu_pa(la, pa));
            CHECK(pa == inspect::walk(t.cpu, la).pa);
        }
        const std::string text = inspect::page_walk(t.cpu, 0x402abc);
        CHECK(text.find("32-bit paging") != std::string::npos);
        CHECK(text.find("PTE   [  2] at 0x00002008 = 00007005  P US") != std::string::npos);
    }
    SECTION("paging off: linear is physical") {
        t.paging(cr0::PE, 0, 0, 0);
        const inspect::Walk w = inspect::walk(t.cpu, 0x123456);
        CHECK(w.ok);
        CHECK(w.pa == 0x123456);
        CHECK(w.levels.empty());
        CHECK(inspect::page_walk(t.cpu, 0x123456) == "0x123456: paging is off: physical 0x123456\n");
    }
}

TEST_CASE("descriptor tables, TSS, registers and MSRs of the long-mode fixture", "[inspect]") {
    test::Machine m;
    SECTION("gdt") {
        const std::string g = inspect::gdt(m.cpu);
        CHECK(g.find("0010 [ 2] base 0000000000000000 limit ffffffff code 64-bit DPL0") != std::string::npos);
        CHECK(g.find("0030 [ 6] base 0000000000000000 limit ffffffff code 64-bit DPL3") != std::string::npos);
        CHECK(g.find("0018 [ 3] base 0000000000000000 limit ffffffff data rw DPL0") != std::string::npos);
        CHECK(g.find("0070 [14] base 0000000000210000 limit 00000fff data rw DPL3") != std::string::npos);
        CHECK(g.find("0038 [ 7] base 0000000000000000 limit ffffffff data rw DPL3 (not present)") != std::string::npos);
        CHECK(g.find(fmt::format("0040 [ 8] base {:016x} limit 00000067 TSS DPL0", test::lm::TSS)) != std::string::npos);
    }
    SECTION("idt") {
        const std::string i = inspect::idt(m.cpu);
        CHECK(i.find(fmt::format("vector  14 #PF  int-gate  DPL0 0010:{:016x}\n", test::Machine::stub(14))) !=
              std::string::npos);
        CHECK(i.find(fmt::format("vector   8 #DF  int-gate  DPL0 0010:{:016x} IST1\n", test::Machine::stub(8))) !=
              std::string::npos);
        CHECK(i.find(fmt::format("vector 128      trap-gate DPL3 0010:{:016x}\n", test::Machine::stub(0x80))) !=
              std::string::npos);
    }
    SECTION("tss") {
        const std::string s = inspect::tss(m.cpu);
        CHECK(s.find(fmt::format("rsp0 {:016x}\n", test::lm::RSP0)) != std::string::npos);
        CHECK(s.find(fmt::format("ist1 {:016x}\n", test::lm::IST1)) != std::string::npos);
        CHECK(s.find(fmt::format("ist2 {:016x}\n", test::lm::IST2)) != std::string::npos);
    }
    SECTION("regs and sregs") {
        m.cpu.s.gpr[RBX] = 0x1122334455667788ull;
        m.cpu.set_rflags(fl::FIXED1 | fl::ZF | fl::IF);
        const std::string r = inspect::regs(m.cpu);
        CHECK(r.find("rbx 1122334455667788") != std::string::npos);
        CHECK(r.find("ZF") != std::string::npos);
        CHECK(r.find("cpl 0") != std::string::npos);
        const std::string s = inspect::sregs(m.cpu);
        CHECK(s.find("cr0  0000000080010033 [PE MP ET NE WP PG]") != std::string::npos);
        CHECK(s.find("efer 0000000000000d01 [SCE LME LMA NXE]") != std::string::npos);
        CHECK(s.find("cs   0010 base 0000000000000000") != std::string::npos);
    }
    SECTION("msr") {
        m.cpu.s.lstar = 0xffffffff81a00010ull;
        CHECK(inspect::msr(m.cpu, msr::LSTAR) == "IA32_LSTAR (0xc0000082) = 0xffffffff81a00010\n");
        CHECK(inspect::msr(m.cpu, 0x12345) == "no MSR 0x12345 in lstar (RDMSR raises #GP)\n");
        CHECK(inspect::msr(m.cpu, std::nullopt).find("IA32_EFER (0xc0000080) = 0xd01\n") != std::string::npos);
    }
    SECTION("tlb: the entries a run filled") {
        m.bytes(test::lm::KCODE, {0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x11, 0x00, 0xf4});  // mov rax, [0x110000]; hlt
        m.cpu.set_rip(test::lm::KCODE);
        m.cpu.run(2);
        const std::string t = inspect::tlb(m.cpu);
        CHECK(t.find("0000000000110000 -> 000000110000 r:sup") != std::string::npos);
        CHECK(t.find("0000000000100000 -> 000000100000 x:sup") != std::string::npos);
    }
}
