// The interpreter loop, block cache and self-modifying code.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("embedding API runs to INT3 and reports the trap after it", "[exec]") {
    Flat f;
    auto s = f.exec({0x90, 0x90});  // nop; nop; int3
    REQUIRE(Flat::ok(s));
    CHECK(s.insns == 3);
    CHECK(f.cpu.rip() == CODE + 3);
}

TEST_CASE("an undecodable encoding raises #UD at its address", "[exec]") {
    Flat f;
    auto s = f.exec({0x90, 0x0f, 0xff});  // nop; ud0 without ModRM -> invalid
    REQUIRE(Flat::faulted(s, Vec::UD));
    CHECK(f.cpu.rip() == CODE + 1);
}

TEST_CASE("fetch from an unmapped page raises #PF with the I bit", "[exec]") {
    Flat f;
    f.cpu.set_rip(0x900000);
    auto s = f.cpu.run(10);
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == 0x900000);
    CHECK(s.fault.error == (pferr::I | pferr::U));
}

TEST_CASE("run(N) retires exactly N instructions", "[exec]") {
    Flat f;
    std::vector<uint8_t> nops(40, 0x90);
    f.cpu.write_mem(CODE, nops.data(), nops.size());
    f.cpu.set_rip(CODE);
    auto s = f.cpu.run(7);
    CHECK(s.reason == StopInfo::Reason::BUDGET);
    CHECK(s.insns == 7);
    CHECK(f.cpu.rip() == CODE + 7);
    s = f.cpu.step();
    CHECK(f.cpu.rip() == CODE + 8);
}

TEST_CASE("self-modifying code runs the new instruction", "[exec]") {
    Flat f;
    // The block holds `inc rax` (48 ff c0); a store earlier in the same block rewrites its
    // ModRM so that it becomes `dec rax` (48 ff c8) before it runs.
    //   c6 05 05 00 00 00 c8     mov byte [rip+5], 0xc8   ; rip+5 is the ModRM at CODE+12
    //   90 90 90                 nop x3
    //   48 ff c0                 inc rax  -> dec rax
    auto s = f.exec({0xc6, 0x05, 0x05, 0x00, 0x00, 0x00, 0xc8, 0x90, 0x90, 0x90, 0x48, 0xff, 0xc0});
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == ~0ull);  // dec from 0
    // Running the same code again after a host-side rewrite also sees the new bytes.
    const uint8_t inc[] = {0x48, 0xff, 0xc0, 0xcc};
    f.cpu.write_mem(CODE, inc, sizeof inc);
    f.set(RAX, 5);
    f.cpu.set_rip(CODE);
    s = f.cpu.run(10);
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 6);
}

TEST_CASE("blocks chain across a loop and stay correct", "[exec]") {
    Flat f;
    // mov ecx, 1000; l: inc rax; dec ecx; jnz l
    auto s = f.exec({0xb9, 0xe8, 0x03, 0x00, 0x00, 0x48, 0xff, 0xc0, 0xff, 0xc9, 0x75, 0xf9});
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 1000);
    CHECK(s.insns == 1 + 3 * 1000 + 1);
}
