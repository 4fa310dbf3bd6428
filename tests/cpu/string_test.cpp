// String instructions (src/cpu/string.cpp). Expected values follow the SDM Vol. 2 pseudo-code;
// flags, REPNE MOVS, the addr32 zero-extension, and what faults leave behind were checked on the
// host (Intel Xeon).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
constexpr uint64_t BASE_FLAGS = fl::FIXED1 | fl::IF;
constexpr uint64_t DST = DATA + 0x1000;

void fill_pattern(Flat& f, uint64_t la, unsigned n) {
    for (unsigned k = 0; k < n; ++k) f.poke<uint8_t>(la + k, static_cast<uint8_t>(k * 7 + 1));
}
}  // namespace

TEST_CASE("rep movsb copies forward and advances RSI/RDI", "[string]") {
    Flat f;
    fill_pattern(f, DATA, 100);
    f.set(RSI, DATA), f.set(RDI, DST), f.set(RCX, 100);
    auto s = f.exec({0xf3, 0xa4});  // rep movsb
    REQUIRE(Flat::ok(s));
    CHECK(s.insns == 2);
    for (unsigned k = 0; k < 100; ++k) CHECK(f.mem<uint8_t>(DST + k) == uint8_t(k * 7 + 1));
    CHECK(f.mem<uint8_t>(DST + 100) == 0);
    CHECK(f.r(RCX) == 0);
    CHECK(f.r(RSI) == DATA + 100);
    CHECK(f.r(RDI) == DST + 100);
}

TEST_CASE("overlapping rep movsb behaves element by element", "[string]") {
    Flat f;
    f.poke<uint8_t>(DATA, 0x42);
    f.set(RSI, DATA), f.set(RDI, DATA + 1), f.set(RCX, 16);
    auto s = f.exec({0xf3, 0xa4});  // rep movsb, destination one byte ahead: replicates [DATA]
    REQUIRE(Flat::ok(s));
    for (unsigned k = 0; k <= 16; ++k) CHECK(f.mem<uint8_t>(DATA + k) == 0x42);
    CHECK(f.mem<uint8_t>(DATA + 17) == 0);
}

TEST_CASE("rep movsq with DF=1 copies backward", "[string]") {
    Flat f;
    const auto value = [](unsigned k) { return 0x1000000000000001ull * (k + 1); };
    for (unsigned k = 0; k < 10; ++k) f.poke<uint64_t>(DATA + 8 * k, value(k));
    f.cpu.set_rflags(BASE_FLAGS | fl::DF);
    f.set(RSI, DATA + 8 * 9), f.set(RDI, DST + 8 * 9), f.set(RCX, 10);
    auto s = f.exec({0xf3, 0x48, 0xa5});  // rep movsq
    REQUIRE(Flat::ok(s));
    for (unsigned k = 0; k < 10; ++k) CHECK(f.mem<uint64_t>(DST + 8 * k) == value(k));
    CHECK(f.r(RCX) == 0);
    CHECK(f.r(RSI) == DATA - 8);
    CHECK(f.r(RDI) == DST - 8);
}

TEST_CASE("movsw and movsd move one element without REP", "[string]") {
    Flat f;
    f.poke<uint64_t>(DATA, 0x8877665544332211);
    f.set(RSI, DATA), f.set(RDI, DST), f.set(RCX, 7);
    auto s = f.exec({0x66, 0xa5, 0xa5});  // movsw; movsd
    REQUIRE(Flat::ok(s));
    CHECK(f.mem<uint64_t>(DST) == 0x0000665544332211);
    CHECK(f.r(RSI) == DATA + 6);
    CHECK(f.r(RDI) == DST + 6);
    CHECK(f.r(RCX) == 7);  // without REP the count is not used
}

TEST_CASE("rep stos forward (stosd) and backward (stosw, DF=1)", "[string]") {
    Flat f;
    SECTION("rep stosd") {
        f.set(RAX, 0x11223344deadbeef), f.set(RDI, DST), f.set(RCX, 5);
        auto s = f.exec({0xf3, 0xab});  // rep stosd
        REQUIRE(Flat::ok(s));
        for (unsigned k = 0; k < 5; ++k) CHECK(f.mem<uint32_t>(DST + 4 * k) == 0xdeadbeef);
        CHECK(f.mem<uint32_t>(DST + 20) == 0);
        CHECK(f.r(RDI) == DST + 20);
        CHECK(f.r(RCX) == 0);
    }
    SECTION("std; rep stosw") {
        f.cpu.set_rflags(BASE_FLAGS | fl::DF);
        f.set(RAX, 0x1234), f.set(RDI, DST + 10), f.set(RCX, 3);
        auto s = f.exec({0xf3, 0x66, 0xab});  // rep stosw
        REQUIRE(Flat::ok(s));
        CHECK(f.mem<uint16_t>(DST + 4) == 0);
        CHECK(f.mem<uint16_t>(DST + 6) == 0x1234);
        CHECK(f.mem<uint16_t>(DST + 8) == 0x1234);
        CHECK(f.mem<uint16_t>(DST + 10) == 0x1234);
        CHECK(f.mem<uint16_t>(DST + 12) == 0);
        CHECK(f.r(RDI) == DST + 4);
        CHECK(f.r(RCX) == 0);
    }
    SECTION("rep stosq") {
        f.set(RAX, 0x0102030405060708), f.set(RDI, DST), f.set(RCX, 3);
        auto s = f.exec({0xf3, 0x48, 0xab});  // rep stosq
        REQUIRE(Flat::ok(s));
        for (unsigned k = 0; k < 3; ++k) CHECK(f.mem<uint64_t>(DST + 8 * k) == 0x0102030405060708);
        CHECK(f.r(RDI) == DST + 24);
    }
}

TEST_CASE("lods writes the accumulator like a register move", "[string]") {
    Flat f;
    f.poke<uint64_t>(DATA, 0x8877665544332211);
    f.set(RAX, ~0ull), f.set(RSI, DATA);
    auto s = f.exec({0xac});  // lodsb: AL only
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 0xffffffffffffff11);
    CHECK(f.r(RSI) == DATA + 1);
    f.set(RAX, ~0ull), f.set(RSI, DATA);
    s = f.exec({0xad});  // lodsd: zero-extends into RAX
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 0x44332211);
    CHECK(f.r(RSI) == DATA + 4);
    f.set(RSI, DATA), f.set(RCX, 2);
    s = f.exec({0xf3, 0x48, 0xad});  // rep lodsq: the last element wins
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 0);  // [DATA+8]
    CHECK(f.r(RSI) == DATA + 16);
    CHECK(f.r(RCX) == 0);
}

TEST_CASE("repe cmpsb stops on the first mismatch", "[string]") {
    Flat f;
    f.cpu.write_mem(DATA, "abcXefg", 8);
    f.cpu.write_mem(DST, "abcYefg", 8);
    f.set(RSI, DATA), f.set(RDI, DST), f.set(RCX, 8);
    auto s = f.exec({0xf3, 0xa6});  // repe cmpsb
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RCX) == 4);
    CHECK(f.r(RSI) == DATA + 4);
    CHECK(f.r(RDI) == DST + 4);
    // 'X' - 'Y' = 0xff: CF PF AF SF (host: 0x95)
    CHECK((f.flags() & fl::ARITH) == (fl::CF | fl::PF | fl::AF | fl::SF));
}

TEST_CASE("repe cmpsb over equal strings runs out the count with ZF=1", "[string]") {
    Flat f;
    f.cpu.write_mem(DATA, "same", 4);
    f.cpu.write_mem(DST, "same", 4);
    f.set(RSI, DATA), f.set(RDI, DST), f.set(RCX, 4);
    auto s = f.exec({0xf3, 0xa6});
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RCX) == 0);
    CHECK(f.r(RSI) == DATA + 4);
    CHECK((f.flags() & fl::ARITH) == (fl::ZF | fl::PF));
}

TEST_CASE("repne scasb finds a byte", "[string]") {
    Flat f;
    f.cpu.write_mem(DATA, "abcdefg", 8);
    f.set(RAX, 'e'), f.set(RDI, DATA), f.set(RCX, 100);
    auto s = f.exec({0xf2, 0xae});  // repne scasb
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RCX) == 95);
    CHECK(f.r(RDI) == DATA + 5);
    CHECK((f.flags() & fl::ARITH) == (fl::ZF | fl::PF));  // host: 0x44
}

TEST_CASE("cmps and scas set the flags of [rSI]-[rDI] and rAX-[rDI]", "[string]") {
    Flat f;
    f.poke<uint64_t>(DATA, 1);
    f.poke<uint64_t>(DST, 2);
    f.set(RSI, DATA), f.set(RDI, DST);
    auto s = f.exec({0x48, 0xa7});  // cmpsq: 1 - 2
    REQUIRE(Flat::ok(s));
    CHECK((f.flags() & fl::ARITH) == (fl::CF | fl::PF | fl::AF | fl::SF));  // host: 0x95
    CHECK(f.r(RSI) == DATA + 8);
    CHECK(f.r(RDI) == DST + 8);
    f.set(RAX, 0x80000000), f.set(RDI, DATA);
    s = f.exec({0xaf});  // scasd: 0x80000000 - 1
    REQUIRE(Flat::ok(s));
    CHECK((f.flags() & fl::ARITH) == (fl::OF | fl::AF | fl::PF));  // host: 0x814
    CHECK(f.r(RDI) == DATA + 4);
}

TEST_CASE("REP with RCX = 0 does nothing", "[string]") {
    Flat f;
    fill_pattern(f, DATA, 8);
    f.cpu.set_rflags(BASE_FLAGS | fl::CF);
    f.set(RSI, DATA), f.set(RDI, DST), f.set(RCX, 0);
    auto s = f.exec({0xf3, 0xa4, 0xf3, 0xa6, 0xf2, 0xae, 0xf3, 0xaa});  // rep movsb; repe cmpsb;
    REQUIRE(Flat::ok(s));                                               // repne scasb; rep stosb
    CHECK(f.mem<uint64_t>(DST) == 0);
    CHECK(f.r(RSI) == DATA);
    CHECK(f.r(RDI) == DST);
    CHECK(f.r(RCX) == 0);
    CHECK((f.flags() & fl::ARITH) == fl::CF);
}

TEST_CASE("REPNE on MOVS repeats like REP (Intel)", "[string]") {
    Flat f;
    f.cpu.write_mem(DATA, "abcdefgh", 8);
    f.set(RSI, DATA), f.set(RDI, DST), f.set(RCX, 3);
    auto s = f.exec({0xf2, 0xa4});  // repne movsb
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RCX) == 0);
    CHECK(f.mem<uint32_t>(DST) == 0x00636261);  // "abc"
}

TEST_CASE("rep movsb into an unmapped page stops with the progress made", "[string]") {
    Flat f;
    const uint64_t end = DATA + 0x10000;  // first unmapped byte after DATA
    fill_pattern(f, DATA, 100);
    f.set(RSI, DATA), f.set(RDI, end - 10), f.set(RCX, 100);
    auto s = f.exec({0xf3, 0xa4});  // rep movsb
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == end);
    CHECK(s.fault.error == (pferr::W | pferr::U));
    CHECK(f.cpu.rip() == CODE);
    CHECK(f.r(RCX) == 90);
    CHECK(f.r(RSI) == DATA + 10);
    CHECK(f.r(RDI) == end);
    for (unsigned k = 0; k < 10; ++k) CHECK(f.mem<uint8_t>(end - 10 + k) == uint8_t(k * 7 + 1));
    // Once the page exists, re-executing the instruction finishes the copy.
    f.cpu.map(end, 0x1000, perm::R | perm::W);
    s = f.cpu.run(10);
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RCX) == 0);
    CHECK(f.r(RDI) == end + 90);
    for (unsigned k = 10; k < 100; ++k) CHECK(f.mem<uint8_t>(end - 10 + k) == uint8_t(k * 7 + 1));
}

TEST_CASE("rep movsq faults on a page-split element before writing any of it", "[string]") {
    Flat f;
    const uint64_t end = DATA + 0x10000;
    f.poke<uint64_t>(DATA, 0x1122334455667788);
    f.poke<uint32_t>(end - 4, 0xaaaaaaaa);
    f.set(RSI, DATA), f.set(RDI, end - 4), f.set(RCX, 2);
    auto s = f.exec({0xf3, 0x48, 0xa5});  // rep movsq
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(f.r(RCX) == 2);
    CHECK(f.r(RSI) == DATA);
    CHECK(f.r(RDI) == end - 4);
    CHECK(f.mem<uint32_t>(end - 4) == 0xaaaaaaaa);
}

TEST_CASE("REPE/REPNE faulting after some iterations keep the progress, not the flags (host)",
          "[string]") {
    Flat f;
    const uint64_t end = DATA + 0x10000;
    const uint64_t before = fl::CF | fl::SF | fl::OF;
    f.cpu.set_rflags(BASE_FLAGS | before);
    SECTION("repe cmpsb") {
        f.cpu.write_mem(end - 2, "zz", 2);
        f.cpu.write_mem(DST, "zz", 2);
        f.set(RSI, end - 2), f.set(RDI, DST), f.set(RCX, 5);
        auto s = f.exec({0xf3, 0xa6});  // repe cmpsb
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == end);
        CHECK(s.fault.error == pferr::U);
        CHECK(f.r(RCX) == 3);
        CHECK(f.r(RSI) == end);
        CHECK(f.r(RDI) == DST + 2);
    }
    SECTION("repne scasb") {
        f.cpu.write_mem(end - 2, "ab", 2);
        f.set(RAX, 'z'), f.set(RDI, end - 2), f.set(RCX, 5);
        auto s = f.exec({0xf2, 0xae});  // repne scasb
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == end);
        CHECK(f.r(RCX) == 3);
        CHECK(f.r(RDI) == end);
    }
    CHECK((f.flags() & fl::ARITH) == before);
}

TEST_CASE("cmps reads ES:[rDI] first: when both operands fault, the fault is for rDI (host)",
          "[string]") {
    Flat f;
    f.set(RSI, 0x900000), f.set(RDI, 0x980000);
    auto s = f.exec({0xa6});  // cmpsb
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == 0x980000);
    f.set(RSI, 0x980000), f.set(RDI, 0x900000);
    s = f.exec({0xa6});
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == 0x900000);
}

TEST_CASE("32-bit address size uses ESI/EDI/ECX and zero-extends them", "[string]") {
    Flat f;
    f.cpu.write_mem(DATA, "xy", 2);
    f.set(RSI, 0x1234000000000000 | DATA);
    f.set(RDI, 0x5678000000000000 | DST);
    f.set(RCX, 0xabcd000000000002);
    auto s = f.exec({0x67, 0xf3, 0xa4});  // addr32 rep movsb
    REQUIRE(Flat::ok(s));
    CHECK(f.mem<uint16_t>(DST) == 0x7978);
    CHECK(f.r(RSI) == DATA + 2);
    CHECK(f.r(RDI) == DST + 2);
    CHECK(f.r(RCX) == 0);
    // addr32 stosb with DF=1 counts EDI down and zero-extends it.
    f.cpu.set_rflags(BASE_FLAGS | fl::DF);
    f.set(RDI, 0xffffffff00000000 | DST);
    s = f.exec({0x67, 0xaa});  // addr32 stosb
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RDI) == DST - 1);
}

TEST_CASE("a segment override applies to the source only", "[string]") {
    Flat f;
    f.cpu.s.seg[FS].base = 0x1000;
    f.cpu.s.seg[GS].base = 0x2000;
    f.poke<uint8_t>(DATA, 0x11);
    f.poke<uint8_t>(DATA + 0x1000, 0x5a);
    f.poke<uint8_t>(DATA + 0x2000, 0x6b);
    SECTION("fs movsb reads FS:[rsi], writes ES:[rdi]") {
        f.set(RSI, DATA), f.set(RDI, DATA + 0x3000);
        auto s = f.exec({0x64, 0xa4});  // movsb byte es:[rdi], byte fs:[rsi]
        REQUIRE(Flat::ok(s));
        CHECK(f.mem<uint8_t>(DATA + 0x3000) == 0x5a);
        CHECK(f.mem<uint8_t>(DATA + 0x4000) == 0);
    }
    SECTION("gs lodsb") {
        f.set(RSI, DATA);
        auto s = f.exec({0x65, 0xac});  // lodsb al, byte gs:[rsi]
        REQUIRE(Flat::ok(s));
        CHECK((f.r(RAX) & 0xff) == 0x6b);
    }
    SECTION("fs stosb still writes ES:[rdi]") {
        f.set(RAX, 0x77), f.set(RDI, DATA + 0x3000);
        auto s = f.exec({0x64, 0xaa});  // fs stosb (the prefix does not apply)
        REQUIRE(Flat::ok(s));
        CHECK(f.mem<uint8_t>(DATA + 0x3000) == 0x77);
        CHECK(f.mem<uint8_t>(DATA + 0x4000) == 0);
    }
    SECTION("fs cmpsb compares FS:[rsi] with ES:[rdi]") {
        f.poke<uint8_t>(DATA + 0x3000, 0x5a);
        f.set(RSI, DATA), f.set(RDI, DATA + 0x3000);
        auto s = f.exec({0x64, 0xa6});  // cmpsb byte fs:[rsi], byte es:[rdi]
        REQUIRE(Flat::ok(s));
        CHECK((f.flags() & fl::ZF) != 0);
    }
}

namespace {
// What an addr32 REP writes back zero-extended before its first iteration, besides ECX
// (observed on the host Xeon).
struct Rewrite {
    const char* insn;
    uint8_t opcode;
    bool esi, edi;
};
constexpr Rewrite REWRITES[] = {
    {"movsb", 0xa4, true, true},    {"stosb", 0xaa, false, true},   {"lodsb", 0xac, false, false},
    {"cmpsb", 0xa6, false, false},  {"scasb", 0xae, false, false},
};
constexpr uint64_t HIGH = 0xabcd'0000'0000'0000;
uint64_t expect(bool zero_extended, uint64_t low) { return zero_extended ? low : HIGH | low; }
}  // namespace

TEST_CASE("addr32 REP with ECX = 0 still writes ECX back, and MOVS/STOS their pointers (host)",
          "[string]") {
    Flat f;
    for (const Rewrite& w : REWRITES) {
        INFO(w.insn);
        f.set(RCX, HIGH), f.set(RSI, HIGH | DATA), f.set(RDI, HIGH | DST);
        auto s = f.exec({0x67, 0xf3, w.opcode});  // addr32 rep <insn>
        REQUIRE(Flat::ok(s));
        CHECK(f.r(RCX) == 0);
        CHECK(f.r(RSI) == expect(w.esi, DATA));
        CHECK(f.r(RDI) == expect(w.edi, DST));
    }
}

TEST_CASE("addr32 REP faulting in its first iteration has written ECX back (host)", "[string]") {
    Flat f;
    const uint64_t bad = 0x900000;  // unmapped
    f.cpu.set_rflags(BASE_FLAGS | fl::CF | fl::ZF);
    for (const Rewrite& w : REWRITES) {
        INFO(w.insn);
        f.set(RCX, HIGH | 3), f.set(RSI, HIGH | bad), f.set(RDI, HIGH | bad);
        auto s = f.exec({0x67, 0xf3, w.opcode});  // addr32 rep <insn>
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == bad);
        CHECK(f.r(RCX) == 3);
        CHECK(f.r(RSI) == expect(w.esi, bad));
        CHECK(f.r(RDI) == expect(w.edi, bad));
        CHECK((f.flags() & fl::ARITH) == (fl::CF | fl::ZF));
        // Without REP a fault changes nothing.
        f.set(RSI, HIGH | bad), f.set(RDI, HIGH | bad);
        s = f.exec({0x67, w.opcode});
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RSI) == (HIGH | bad));
        CHECK(f.r(RDI) == (HIGH | bad));
    }
}

// REP MOVS and STOS move whole pages on the host when they can (string.cpp, bulk_movs/stos) and
// yield to the run loop every 16384 elements. The expected bytes here come from a plain loop
// over the same pattern, element by element, as the SDM's pseudo-code runs it.

TEST_CASE("a rep stosb longer than one call's budget finishes across several calls", "[string]") {
    Flat f;
    const uint64_t n = 0xc000;  // 49152 elements: three calls of at most 16384
    f.set(RAX, 0x5a), f.set(RDI, DATA + 3), f.set(RCX, n);
    auto s = f.exec({0xf3, 0xaa});  // rep stosb
    REQUIRE(Flat::ok(s));
    CHECK(s.insns == 3 + 1);  // each call retires once; then the INT3
    CHECK(f.r(RCX) == 0);
    CHECK(f.r(RDI) == DATA + 3 + n);
    CHECK(f.mem<uint8_t>(DATA + 2) == 0);
    for (uint64_t k = 0; k < n; k += 4093) CHECK(f.mem<uint8_t>(DATA + 3 + k) == 0x5a);
    CHECK(f.mem<uint8_t>(DATA + 3 + n - 1) == 0x5a);
    CHECK(f.mem<uint8_t>(DATA + 3 + n) == 0);
}

TEST_CASE("between the calls of a long rep stosw RIP stays at the instruction", "[string]") {
    Flat f;
    f.set(RAX, 0xbeef), f.set(RDI, DATA), f.set(RCX, 20000);
    const uint8_t code[] = {0xf3, 0x66, 0xab};  // rep stosw
    f.cpu.write_mem(CODE, code, sizeof code);
    f.cpu.set_rip(CODE);
    auto s = f.cpu.run(1);  // one call: 16384 elements, then the instruction yields
    CHECK(s.insns == 1);
    CHECK(f.cpu.rip() == CODE);
    CHECK(f.r(RCX) == 20000 - 16384);
    CHECK(f.r(RDI) == DATA + 2 * 16384);
    CHECK(f.mem<uint16_t>(DATA + 2 * 16383) == 0xbeef);
    CHECK(f.mem<uint16_t>(DATA + 2 * 16384) == 0);
    s = f.cpu.run(1);
    CHECK(f.cpu.rip() == CODE + sizeof code);
    CHECK(f.r(RCX) == 0);
    CHECK(f.mem<uint16_t>(DATA + 2 * 19999) == 0xbeef);
}

TEST_CASE("rep movsq to an unaligned destination copies ten pages whole", "[string]") {
    Flat f;
    const uint64_t n = 5000;  // 40000 bytes across ten pages, in one call
    for (uint64_t k = 0; k < n; ++k) f.poke<uint64_t>(DATA + 8 * k, k * 0x9e3779b97f4a7c15ull);
    f.set(RSI, DATA), f.set(RDI, DATA + 0x8000 + 4), f.set(RCX, n / 2);
    auto s = f.exec({0xf3, 0x48, 0xa5});  // rep movsq, unaligned destination
    REQUIRE(Flat::ok(s));
    for (uint64_t k = 0; k < n / 2; ++k) {
        const uint64_t want = k * 0x9e3779b97f4a7c15ull;
        if (f.mem<uint64_t>(DATA + 0x8000 + 4 + 8 * k) != want) FAIL("element " << k);
    }
    CHECK(f.r(RCX) == 0);
    CHECK(f.r(RSI) == DATA + 8 * (n / 2));
}

TEST_CASE("rep movsd with its destination just above the source repeats the pattern across pages", "[string]") {
    Flat f;
    // Element by element, a destination 8 bytes above the source copies the first two
    // elements over and over; memmove would not.
    f.poke<uint32_t>(DATA + 0xff8, 0x11111111);
    f.poke<uint32_t>(DATA + 0xffc, 0x22222222);
    const uint64_t n = 2048;  // 8 KiB, crossing two page boundaries
    f.set(RSI, DATA + 0xff8), f.set(RDI, DATA + 0x1000), f.set(RCX, n);
    auto s = f.exec({0xf3, 0xa5});  // rep movsd
    REQUIRE(Flat::ok(s));
    for (uint64_t k = 0; k < n; ++k) {
        const uint32_t want = k % 2 ? 0x22222222 : 0x11111111;
        if (f.mem<uint32_t>(DATA + 0x1000 + 4 * k) != want) FAIL("element " << k);
    }
    CHECK(f.r(RDI) == DATA + 0x1000 + 4 * n);
}
