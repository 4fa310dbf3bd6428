// src/cpu/flagops.cpp. Expected values follow the SDM (Vol. 1 §3.4.3, Vol. 2 LAHF/SAHF/PUSHF/POPF);
// the POPF privilege results were also checked natively at CPL 3 on the host Xeon.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
constexpr uint64_t STATUS = fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF;
}  // namespace

TEST_CASE("LAHF reads SF ZF AF PF CF with bit 1 set", "[flagops]") {
    Flat f;
    f.set(RAX, 0x1111111111110011ull);
    f.cpu.set_rflags(fl::FIXED1 | fl::IF | STATUS);
    REQUIRE(Flat::ok(f.exec({0x9f})));  // lahf
    CHECK(f.r(RAX) == 0x111111111111d711ull);  // OF is not in AH; bits 3 and 5 read 0

    // Lazily computed flags: cmp al, 1 with AL = 0 gives CF SF AF PF.
    f.set(RAX, 0);
    REQUIRE(Flat::ok(f.exec({0x3c, 0x01, 0x9f})));  // cmp al, 1; lahf
    CHECK(f.r(RAX) == 0x9700);
}

TEST_CASE("SAHF writes SF ZF AF PF CF and keeps OF", "[flagops]") {
    Flat f;
    f.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::OF | fl::DF);
    f.set(RAX, 0xff00);
    REQUIRE(Flat::ok(f.exec({0x9e})));  // sahf
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::DF | STATUS));
    f.set(RAX, 0x0000);
    REQUIRE(Flat::ok(f.exec({0x9e})));
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::DF | fl::OF));
}

TEST_CASE("PUSHF stores RFLAGS with VM and RF clear", "[flagops]") {
    Flat f;
    const uint64_t rsp = f.r(RSP);
    f.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::CF | fl::AC | fl::RF | fl::VM);
    f.poke<uint64_t>(rsp - 8, ~0ull);
    SECTION("pushfq") {
        REQUIRE(Flat::ok(f.exec({0x9c})));
        CHECK(f.r(RSP) == rsp - 8);
        CHECK(f.mem<uint64_t>(rsp - 8) == (fl::FIXED1 | fl::IF | fl::CF | fl::AC));
    }
    SECTION("pushfw stores 16 bits") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x9c})));
        CHECK(f.r(RSP) == rsp - 2);
        CHECK(f.mem<uint64_t>(rsp - 8) == 0x0203ffffffffffffull);
    }
    SECTION("a faulting push leaves RSP alone") {
        f.set(RSP, STACK_TOP - 0x10000);  // the page below is unmapped
        auto s = f.exec({0x9c});
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RSP) == STACK_TOP - 0x10000);
    }
}

TEST_CASE("POPF privilege rules", "[flagops]") {
    Flat f;
    const uint64_t rsp = f.r(RSP);
    // Every bit set except TF (single-step would trap after POPF).
    f.poke<uint64_t>(rsp, ~fl::TF);
    SECTION("CPL 3, IOPL 0: IF and IOPL unchanged, VM VIF VIP RF and reserved bits stay 0") {
        f.cpu.set_rflags(fl::FIXED1 | fl::IF);
        REQUIRE(Flat::ok(f.exec({0x9d})));  // popfq
        CHECK(f.r(RSP) == rsp + 8);
        CHECK(f.flags() == (fl::FIXED1 | fl::IF | STATUS | fl::DF | fl::NT | fl::AC | fl::ID));
        CHECK(f.flags() == 0x244ed7);
    }
    SECTION("CPL 3, IOPL 0: IF cannot be cleared either") {
        f.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::AC | STATUS);
        f.poke<uint64_t>(rsp, fl::FIXED1);
        REQUIRE(Flat::ok(f.exec({0x9d})));
        CHECK(f.flags() == (fl::FIXED1 | fl::IF));
    }
    SECTION("CPL 3, IOPL 3: IF changes, IOPL does not") {
        f.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::IOPL);
        f.poke<uint64_t>(rsp, fl::FIXED1);
        REQUIRE(Flat::ok(f.exec({0x9d})));
        CHECK(f.flags() == (fl::FIXED1 | fl::IOPL));
    }
    SECTION("CPL 0: IF and IOPL change") {
        f.cpu.reset_long64(0);
        f.set(RSP, rsp);
        REQUIRE(Flat::ok(f.exec({0x9d})));
        CHECK(f.flags() ==
              (fl::FIXED1 | fl::IF | fl::IOPL | STATUS | fl::DF | fl::NT | fl::AC | fl::ID));
        f.poke<uint64_t>(rsp, 0);
        f.set(RSP, rsp);
        REQUIRE(Flat::ok(f.exec({0x9d})));
        CHECK(f.flags() == fl::FIXED1);  // bit 1 is forced to 1
    }
    SECTION("popfw changes only FLAGS[15:0]") {
        f.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::AC | fl::ID);
        f.poke<uint16_t>(rsp, 0x0cd5);  // OF DF SF ZF AF PF CF, IF clear
        REQUIRE(Flat::ok(f.exec({0x66, 0x9d})));
        CHECK(f.r(RSP) == rsp + 2);
        CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::AC | fl::ID | STATUS | fl::DF));
    }
    SECTION("a faulting pop changes nothing") {
        f.cpu.set_rflags(fl::FIXED1 | fl::IF);
        f.set(RSP, 0x900000);
        auto s = f.exec({0x9d});
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RSP) == 0x900000);
        CHECK(f.flags() == (fl::FIXED1 | fl::IF));
    }
}

TEST_CASE("PUSHFQ then POPFQ round-trips the status flags", "[flagops]") {
    Flat f;
    f.set(RAX, 0x7f);
    // add al, 1 (OF SF AF); pushfq; clc; popfq
    REQUIRE(Flat::ok(f.exec({0x04, 0x01, 0x9c, 0xf8, 0x9d})));
    CHECK((f.flags() & STATUS) == (fl::OF | fl::SF | fl::AF));
}

TEST_CASE("CLC STC CMC CLD STD", "[flagops]") {
    Flat f;
    f.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::ZF);
    REQUIRE(Flat::ok(f.exec({0xf9})));  // stc
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::ZF | fl::CF));
    REQUIRE(Flat::ok(f.exec({0xf5})));  // cmc
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::ZF));
    REQUIRE(Flat::ok(f.exec({0xf5})));  // cmc
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::ZF | fl::CF));
    REQUIRE(Flat::ok(f.exec({0xf8})));  // clc
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::ZF));
    REQUIRE(Flat::ok(f.exec({0xfd})));  // std
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::ZF | fl::DF));
    REQUIRE(Flat::ok(f.exec({0xfc})));  // cld
    CHECK(f.flags() == (fl::FIXED1 | fl::IF | fl::ZF));

    // CMC after a lazily recorded subtraction: 0 - 1 borrows, so CMC clears CF.
    f.set(RAX, 0);
    REQUIRE(Flat::ok(f.exec({0x3c, 0x01, 0xf5})));  // cmp al, 1; cmc
    CHECK((f.flags() & STATUS) == (fl::SF | fl::AF | fl::PF));
}

// Jcc/SETcc/CMOVcc read their condition straight from a CMP or logic record (fast_condition in
// flags.hpp). The reference is the SDM's condition table (Vol. 2 Table B-10) applied to the six
// flags that compute_flags builds from the same record.
namespace {
bool condition_from_flags(uint64_t f, uint8_t cc) {
    const bool cf = f & fl::CF, zf = f & fl::ZF, sf = f & fl::SF, of = f & fl::OF, pf = f & fl::PF;
    const bool r[8] = {of, cf, zf, cf || zf, sf, pf, sf != of, zf || sf != of};
    return (cc & 1) ? !r[cc >> 1] : r[cc >> 1];
}

// Returns the number of conditions compared; every mismatch is a failure.
template <class T>
unsigned check_fast_conditions(uint64_t seed) {
    unsigned compared = 0;
    uint64_t x = seed;
    const auto next = [&x] {  // xorshift64, with small and extreme values mixed in
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        const unsigned pick = x % 8;
        return pick == 0 ? 0 : pick == 1 ? ~0ull : pick == 2 ? sign_bit<T>() : pick == 3 ? sign_bit<T>() - 1 : x;
    };
    for (int n = 0; n < 4000; ++n) {
        const T d = static_cast<T>(next()), s = static_cast<T>(n % 5 == 0 ? d : next());
        const LazyFlags records[2] = {record<T>(FlagOp::SUB, d, s, static_cast<T>(d - s)),
                                      record<T>(FlagOp::LOGIC, 0, 0, static_cast<T>(d & s))};
        for (const LazyFlags& rec : records)
            for (uint8_t cc = 0; cc < 16; ++cc) {
                const int fast = fast_condition(rec, cc);
                if (fast < 0) continue;  // this condition goes through RFLAGS
                ++compared;
                if (fast != condition_from_flags(compute_flags(rec), cc))
                    FAIL("size " << sizeof(T) << " op " << int(rec.op) << " cc " << int(cc) << " d " << uint64_t(d)
                                 << " s " << uint64_t(s));
            }
    }
    return compared;
}
}  // namespace

TEST_CASE("conditions read from CMP and logic records match the materialized flags", "[flags]") {
    // SUB gives 12 of the 16 conditions (not O, P), logic 14 (not P): 26 per operand pair.
    CHECK(check_fast_conditions<uint8_t>(1) == 4000 * 26);
    CHECK(check_fast_conditions<uint16_t>(2) == 4000 * 26);
    CHECK(check_fast_conditions<uint32_t>(3) == 4000 * 26);
    CHECK(check_fast_conditions<uint64_t>(4) == 4000 * 26);
}
