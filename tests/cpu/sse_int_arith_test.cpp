// src/cpu/sse_int_arith.cpp. Expected values are worked out by hand from the SDM's operation
// sections: lanes wrap, saturate or widen as each instruction defines.
#include <catch2/catch.hpp>

#include "sse_int_test.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("PADD and PSUB wrap within each lane", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0xfc, 0xca}, bytes({0xff, 0x7f, 1, 0x80}), bytes({1, 1, 2, 0x80})) ==
          bytes({0x00, 0x80, 3, 0x00}));  // paddb
    CHECK(run_xx({0x66, 0x0f, 0xd4, 0xca}, {~0ull, 1}, {1, 2}) == X{0, 3});  // paddq: no carry between lanes
    CHECK(run_mm({0x0f, 0xfa, 0xca}, 5, 0x0000000100000006ull) == ~0ull);  // psubd mm
}

TEST_CASE("Saturating PADDS/PADDUS/PSUBS/PSUBUS clamp to the lane's range", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0xed, 0xca},
                 words({0x7fff, 0x8000, 100, 0xffff}), words({1, 0xffff, 0xff9c, 0xffff})) ==
          words({0x7fff, 0x8000, 0, 0xfffe}));  // paddsw
    CHECK(run_xx({0x66, 0x0f, 0xdc, 0xca}, bytes({0xff, 0x80, 1}), bytes({1, 0x80, 2})) ==
          bytes({0xff, 0xff, 3}));  // paddusb
    CHECK(run_xx({0x66, 0x0f, 0xe8, 0xca}, bytes({0x80, 0x7f, 0}), bytes({1, 0xff, 0x80})) ==
          bytes({0x80, 0x7f, 0x7f}));  // psubsb
    CHECK(run_xx({0x66, 0x0f, 0xd9, 0xca}, words({5, 0x8000}), words({6, 1})) ==
          words({0, 0x7fff}));  // psubusw
    CHECK(run_mm({0x0f, 0xec, 0xca}, 0x807f, 0xff01) == 0x807f);  // paddsb mm
}

TEST_CASE("PMULLW PMULHW PMULHUW PMULLD keep the low or high half", "[sse_int]") {
    const X a = words({0x8000, 0xffff, 300}), b = words({0x8000, 0xffff, 300});
    CHECK(run_xx({0x66, 0x0f, 0xd5, 0xca}, a, b) == words({0x0000, 0x0001, 0x5f90}));  // pmullw
    CHECK(run_xx({0x66, 0x0f, 0xe5, 0xca}, a, b) == words({0x4000, 0x0000, 0x0001}));  // pmulhw
    CHECK(run_xx({0x66, 0x0f, 0xe4, 0xca}, a, b) == words({0x4000, 0xfffe, 0x0001}));  // pmulhuw
    CHECK(run_mm({0x0f, 0xd5, 0xca}, 0x8000, 0x8000) == 0);                           // pmullw mm
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x40, 0xca},
                 dwords({0x80000000, 0xffffffff, 100000}), dwords({2, 0xffffffff, 100000})) ==
          dwords({0, 1, 0x540be400}));  // pmulld
}

TEST_CASE("PMULUDQ and PMULDQ multiply the even doublewords into quadwords", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0xf4, 0xca},
                 dwords({0xffffffff, 0x1234, 3, 0x5678}), dwords({0xffffffff, 0x9999, 0x80000000, 0x7777})) ==
          X{0xfffffffe00000001ull, 0x180000000ull});  // pmuludq
    CHECK(run_mm({0x0f, 0xf4, 0xca}, 0x12345678ffffffffull, 0x9abcdef000000002ull) == 0x1fffffffeull);
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x28, 0xca},
                 dwords({0xffffffff, 0, 0x80000000, 0}), dwords({5, 0, 0x80000000, 0})) ==
          X{0xfffffffffffffffbull, 0x4000000000000000ull});  // pmuldq: signed
}

TEST_CASE("PMULHRSW rounds the scaled product", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x0b, 0xca},
                 words({0x4000, 0x8000, 0x8000, 1}), words({0x4000, 0x8000, 0x7fff, 1})) ==
          words({0x2000, 0x8000, 0x8001, 0}));
    CHECK(run_mm({0x0f, 0x38, 0x0b, 0xca}, 0x4000, 0x4000) == 0x2000);
}

TEST_CASE("PMADDWD wraps, PMADDUBSW saturates", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0xf5, 0xca},
                 words({0x8000, 0x8000, 1, 2, 0xffff, 3}), words({0x8000, 0x8000, 3, 4, 5, 0xffff})) ==
          dwords({0x80000000, 11, 0xfffffff8, 0}));
    CHECK(run_mm({0x0f, 0xf5, 0xca}, 0x0003000280008000ull, 0x0005000480008000ull) == 0x0000001780000000ull);
    // unsigned bytes of the destination times signed bytes of the source
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x04, 0xca},
                 bytes({0xff, 0xff, 1, 2, 0xff, 0xff}), bytes({0x7f, 0x7f, 0x80, 3, 0x80, 0x80})) ==
          words({0x7fff, 0xff86, 0x8000}));
    CHECK(run_mm({0x0f, 0x38, 0x04, 0xca}, 0xffff, 0x7f7f) == 0x7fff);
}

TEST_CASE("PAVG rounds up", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0xe0, 0xca}, bytes({0, 0xff, 1, 2}), bytes({1, 0xff, 2, 2})) ==
          bytes({1, 0xff, 2, 2}));
    CHECK(run_mm({0x0f, 0xe3, 0xca}, 0xffff0001ull, 0xffff0002ull) == 0xffff0002ull);  // pavgw mm
}

TEST_CASE("PSADBW sums absolute differences per 8-byte group", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0xf6, 0xca}, bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                 bytes({0, 0, 0, 0, 0, 0, 0, 0, 20, 20, 20, 20, 20, 20, 20, 20})) == X{28, 68});
    CHECK(run_mm({0x0f, 0xf6, 0xca}, 0xff00ff00ff00ff00ull, 0) == 0x3fc);
}

TEST_CASE("MPSADBW slides a 4-byte window of the destination over a block of the source", "[sse_int]") {
    const X a = bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    const X b = bytes({0, 0, 0, 0, 10, 10, 10, 10, 0, 0, 0, 0, 99, 99, 99, 99});
    // imm 5: windows from byte 4 of a, block 1 of b
    CHECK(run_xx({0x66, 0x0f, 0x3a, 0x42, 0xca, 0x05}, a, b) == words({18, 14, 10, 6, 4, 4, 6, 10}));
    // imm 2: windows from byte 0 of a, block 2 of b (zeros)
    CHECK(run_xx({0x66, 0x0f, 0x3a, 0x42, 0xca, 0x02}, a, b) == words({6, 10, 14, 18, 22, 26, 30, 34}));
}

TEST_CASE("PMIN and PMAX compare signed or unsigned", "[sse_int]") {
    const X a = bytes({0x80, 0x7f, 0xff}), b = bytes({0x7f, 0x80, 0x01});
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x38, 0xca}, a, b) == bytes({0x80, 0x80, 0xff}));  // pminsb
    CHECK(run_xx({0x66, 0x0f, 0xda, 0xca}, a, b) == bytes({0x7f, 0x7f, 0x01}));        // pminub
    CHECK(run_mm({0x0f, 0xda, 0xca}, 0x0180, 0x0270) == 0x0170);                       // pminub mm
    CHECK(run_xx({0x66, 0x0f, 0xee, 0xca}, words({0x8000, 5}), words({0x7fff, 0xffff})) ==
          words({0x7fff, 5}));  // pmaxsw
    const X c = dwords({0x80000000, 1}), d = dwords({0x7fffffff, 2});
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x3f, 0xca}, c, d) == dwords({0x80000000, 2}));  // pmaxud
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x39, 0xca}, c, d) == dwords({0x80000000, 1}));  // pminsd
}

TEST_CASE("PCMPEQ and PCMPGT give all-ones lanes", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0x74, 0xca}, bytes({1, 2, 3}), bytes({1, 0, 3})) ==
          X{0xffffffffffff00ffull, ~0ull});
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x29, 0xca}, {5, 6}, {5, 7}) == X{~0ull, 0});  // pcmpeqq
    CHECK(run_xx({0x66, 0x0f, 0x65, 0xca}, words({1, 0x8000, 0x7fff}), words({0, 0x7fff, 0x8000})) ==
          words({0xffff, 0, 0xffff}));  // pcmpgtw: signed
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x37, 0xca}, {0x8000000000000000ull, 1}, {0x7fffffffffffffffull, 0}) ==
          X{0, ~0ull});  // pcmpgtq
    CHECK(run_mm({0x0f, 0x64, 0xca}, 0x0180, 0x0070) == 0xff00);  // pcmpgtb mm
}

TEST_CASE("PSIGN negates, zeroes or keeps; PABS of the most negative value is unsigned", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x08, 0xca}, bytes({5, 5, 5, 0x80}), bytes({0xff, 0, 1, 0xff})) ==
          bytes({0xfb, 0, 5, 0x80}));
    CHECK(run_mm({0x0f, 0x38, 0x0a, 0xca}, 0x0000000700000007ull, 0x0000000080000000ull) == 0xfffffff9ull);
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x1c, 0xca}, {~0ull, ~0ull}, bytes({0x80, 0xff, 5})) ==
          bytes({0x80, 1, 5}));
    CHECK(run_mm({0x0f, 0x38, 0x1d, 0xca}, ~0ull, 0x00000003fffe8000ull) == 0x0000000300028000ull);
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x1e, 0xca}, {}, dwords({0xffffffff, 0x80000000, 0x7fffffff, 0})) ==
          dwords({1, 0x80000000, 0x7fffffff, 0}));
}

TEST_CASE("Horizontal adds and subtracts pair up lanes of the destination, then of the source", "[sse_int]") {
    const X a = words({1, 2, 3, 4, 5, 6, 0x7fff, 1}), b = words({10, 20, 30, 40, 50, 60, 70, 80});
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x01, 0xca}, a, b) ==
          words({3, 7, 11, 0x8000, 30, 70, 110, 150}));  // phaddw
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x03, 0xca}, a, b) ==
          words({3, 7, 11, 0x7fff, 30, 70, 110, 150}));  // phaddsw
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x06, 0xca}, dwords({10, 3, 0, 1}), dwords({100, 1, 0x80000000, 1})) ==
          dwords({7, 0xffffffff, 99, 0x7fffffff}));  // phsubd
    CHECK(run_mm({0x0f, 0x38, 0x07, 0xca}, 0x0003000500018000ull, 0x0009000280000000ull) ==
          0xfff97fff00028000ull);  // phsubsw mm
    CHECK(run_mm({0x0f, 0x38, 0x02, 0xca}, 0x0000000200000001ull, 0x00000001ffffffffull) == 3);  // phaddd mm
}

TEST_CASE("PHMINPOSUW finds the first smallest word", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0x38, 0x41, 0xca}, {~0ull, ~0ull}, words({5, 3, 9, 3, 0xffff, 4, 4, 3})) ==
          X{0x00010003, 0});
}

TEST_CASE("Packed XMM memory operands must be aligned; MMX ones need not be", "[sse_int]") {
    Flat f;
    put_mem(f, DATA + 0x10, bytes({1, 2, 3}));
    put_mem(f, DATA + 0x28, bytes({1, 2, 3}));
    put_xmm(f, 1, bytes({10, 10, 10}));
    f.set(RBX, DATA + 0x28);
    CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0xfc, 0x0b}), Vec::GP));  // paddb xmm1, [rbx]
    CHECK(xmm(f, 1) == bytes({10, 10, 10}));
    put_mm(f, 1, 0x0a0a0a);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xfc, 0x0b})));  // paddb mm1, [rbx]
    CHECK(mm(f, 1) == 0x0d0c0b);
    f.set(RBX, DATA + 0x10);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xfc, 0x0b})));
    CHECK(xmm(f, 1) == bytes({11, 12, 13}));
}
