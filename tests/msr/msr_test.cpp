// src/msr/msr.cpp: the MSR table, reset values and the #GP rules of RDMSR/WRMSR without the CPL
// check (that, and the instructions, are in tests/cpu/system_test.cpp). Values follow SDM Vol. 4
// (Table 2-2 and the register descriptions) and Vol. 3 §9.8.5 for EFER.
#include <catch2/catch.hpp>

#include <iterator>

#include "msr/msr.hpp"

using namespace lstar;

namespace {
constexpr uint64_t NONCANON = 0x0000800000000000ull;

CpuState reset_state() {
    CpuState s{};
    msr::reset(s);
    return s;
}
uint64_t rd(const CpuState& s, uint32_t index, uint64_t icount = 0) {
    uint64_t v = 0xdeadbeef;
    REQUIRE(msr::read(s, index, icount, v));
    return v;
}
}  // namespace

TEST_CASE("the table: every MSR the issue lists, found by its index", "[msr]") {
    const uint32_t wanted[] = {msr::EFER, msr::STAR, msr::LSTAR, msr::CSTAR, msr::SFMASK, msr::FS_BASE,
                               msr::GS_BASE, msr::KERNEL_GS_BASE, msr::SYSENTER_CS, msr::SYSENTER_ESP,
                               msr::SYSENTER_EIP, msr::TSC, msr::TSC_AUX, msr::APIC_BASE, msr::PAT,
                               msr::MISC_ENABLE, msr::MTRRCAP, msr::MTRR_DEF_TYPE};
    for (uint32_t index : wanted) {
        CAPTURE(index);
        const msr::Info* m = msr::find(index);
        REQUIRE(m != nullptr);
        CHECK(m->index == index);
        CHECK(m->name != nullptr);
    }
    unsigned count = 0;
    const msr::Info* t = msr::table(count);
    CHECK(count == std::size(wanted));
    for (unsigned k = 0; k < count; ++k) CHECK(msr::find(t[k].index) == &t[k]);
}

TEST_CASE("reset values", "[msr]") {
    const CpuState s = reset_state();
    CHECK(rd(s, msr::EFER) == 0);
    CHECK(rd(s, msr::STAR) == 0);
    CHECK(rd(s, msr::LSTAR) == 0);
    CHECK(rd(s, msr::SFMASK) == 0);
    CHECK(rd(s, msr::FS_BASE) == 0);
    CHECK(rd(s, msr::KERNEL_GS_BASE) == 0);
    CHECK(rd(s, msr::SYSENTER_CS) == 0);
    CHECK(rd(s, msr::PAT) == 0x0007040600070406ull);
    CHECK(rd(s, msr::APIC_BASE) == 0xfee00900ull);  // the BSP, xAPIC enabled
    CHECK(rd(s, msr::MISC_ENABLE) == 1);            // fast strings
    CHECK(rd(s, msr::MTRRCAP) == 0x508);
    CHECK(rd(s, msr::MTRR_DEF_TYPE) == 0);
    CHECK(rd(s, msr::TSC, 1234) == 1234);  // the TSC counts retired instructions
    CHECK(rd(s, msr::TSC_AUX) == 0);
}

TEST_CASE("unknown MSRs are #GP on read and write", "[msr]") {
    CpuState s = reset_state();
    uint64_t v = 0;
    for (uint32_t index : {0u, 0x1au, 0x3au, 0x200u, 0x800u, 0xc0000085u, 0xc0000104u, 0xffffffffu}) {
        CAPTURE(index);
        CHECK(msr::find(index) == nullptr);
        CHECK_FALSE(msr::read(s, index, 0, v));
        CHECK_FALSE(msr::write(s, index, 0, 0));
    }
}

TEST_CASE("reserved bits are #GP; the others are kept", "[msr]") {
    unsigned count = 0;
    const msr::Info* t = msr::table(count);
    for (unsigned k = 0; k < count; ++k) {
        const msr::Info& m = t[k];
        if (m.read_only || !m.reserved) continue;
        CAPTURE(m.name);
        CpuState s = reset_state();
        for (unsigned bit = 0; bit < 64; ++bit)
            if ((m.reserved >> bit) & 1) CHECK_FALSE(msr::write(s, m.index, m.reset | (1ull << bit), 0));
        CHECK(rd(s, m.index) == m.reset);
    }
    CpuState s = reset_state();
    CHECK_FALSE(msr::write(s, msr::SFMASK, 1ull << 32, 0));
    CHECK(msr::write(s, msr::SFMASK, 0xffffffff, 0));
    CHECK_FALSE(msr::write(s, msr::TSC_AUX, 1ull << 32, 0));
    CHECK_FALSE(msr::write(s, msr::EFER, 1u << 1, 0));
    CHECK_FALSE(msr::write(s, msr::EFER, 1u << 12, 0));  // SVME: no SVM
    CHECK(msr::write(s, msr::EFER, msr::efer::SCE | msr::efer::NXE, 0));
    CHECK(s.efer == (msr::efer::SCE | msr::efer::NXE));
}

TEST_CASE("MSRs that hold addresses refuse non-canonical values", "[msr]") {
    for (uint32_t index : {msr::FS_BASE, msr::GS_BASE, msr::KERNEL_GS_BASE, msr::LSTAR, msr::CSTAR,
                           msr::SYSENTER_ESP, msr::SYSENTER_EIP}) {
        CAPTURE(index);
        CpuState s = reset_state();
        CHECK(msr::find(index)->canonical);
        CHECK_FALSE(msr::write(s, index, NONCANON, 0));
        CHECK_FALSE(msr::write(s, index, 0xfffe800000000000ull, 0));
        CHECK(rd(s, index) == 0);
        CHECK(msr::write(s, index, 0xffff800000001000ull, 0));
        CHECK(rd(s, index) == 0xffff800000001000ull);
    }
    CpuState s = reset_state();
    CHECK(msr::write(s, msr::STAR, NONCANON, 0));  // STAR holds selectors, not an address
}

TEST_CASE("the MSRs are the CPU's state", "[msr]") {
    CpuState s = reset_state();
    CHECK(msr::write(s, msr::FS_BASE, 0x1000, 0));
    CHECK(s.seg[FS].base == 0x1000);
    CHECK(msr::write(s, msr::GS_BASE, 0x2000, 0));
    CHECK(s.seg[GS].base == 0x2000);
    CHECK(msr::write(s, msr::KERNEL_GS_BASE, 0x3000, 0));
    CHECK(s.kernel_gs_base == 0x3000);
    CHECK(msr::write(s, msr::STAR, 0x0023001000000000ull, 0));
    CHECK(s.star == 0x0023001000000000ull);
    CHECK(msr::write(s, msr::SYSENTER_CS, 0x10, 0));
    CHECK(s.sysenter_cs == 0x10);
}

TEST_CASE("EFER: LMA is read-only, LME cannot change under paging", "[msr]") {
    CpuState s = reset_state();
    CHECK(msr::write(s, msr::EFER, msr::efer::LMA | msr::efer::LME, 0));
    CHECK(s.efer == msr::efer::LME);  // LMA ignored
    s.cr0 = cr0::PE | cr0::PG;
    s.efer |= msr::efer::LMA;
    CHECK_FALSE(msr::write(s, msr::EFER, 0, 0));              // clearing LME
    CHECK(msr::write(s, msr::EFER, msr::efer::LME | msr::efer::SCE, 0));  // LMA kept
    CHECK(s.efer == (msr::efer::LME | msr::efer::LMA | msr::efer::SCE));
    s.efer = 0;
    CHECK_FALSE(msr::write(s, msr::EFER, msr::efer::LME, 0));  // setting LME
}

TEST_CASE("TSC: a write moves the counter; reads advance with the instruction count", "[msr]") {
    CpuState s = reset_state();
    CHECK(msr::write(s, msr::TSC, 500, 100));
    CHECK(rd(s, msr::TSC, 100) == 500);
    CHECK(rd(s, msr::TSC, 150) == 550);
}

TEST_CASE("PAT: memory types 2 and 3 are reserved in every entry", "[msr]") {
    CpuState s = reset_state();
    for (unsigned k = 0; k < 8; ++k) {
        CAPTURE(k);
        CHECK_FALSE(msr::write(s, msr::PAT, 2ull << (8 * k), 0));
        CHECK_FALSE(msr::write(s, msr::PAT, 3ull << (8 * k), 0));
    }
    CHECK(msr::write(s, msr::PAT, 0x0700010405060700ull, 0));
    CHECK(rd(s, msr::PAT) == 0x0700010405060700ull);
}

TEST_CASE("read-only MSRs", "[msr]") {
    CpuState s = reset_state();
    CHECK_FALSE(msr::write(s, msr::MTRRCAP, 0x508, 0));
    CHECK(rd(s, msr::MTRRCAP) == 0x508);
}
