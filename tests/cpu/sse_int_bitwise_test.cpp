// src/cpu/sse_int_bitwise.cpp. Expected values are worked out by hand from the SDM's operation
// sections.
#include <catch2/catch.hpp>

#include "sse_int_test.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("PAND PANDN POR PXOR", "[sse_int]") {
    const X a{0xff00ff00ff00ff00ull, 0xf0f0}, b{0x0ff00ff00ff00ff0ull, 0xffff};
    CHECK(run_xx({0x66, 0x0f, 0xdb, 0xca}, a, b) == X{0x0f000f000f000f00ull, 0xf0f0});
    CHECK(run_xx({0x66, 0x0f, 0xdf, 0xca}, a, b) == X{0x00f000f000f000f0ull, 0x0f0f});  // NOT dst AND src
    CHECK(run_mm({0x0f, 0xeb, 0xca}, 0xf0, 0x0f) == 0xff);
    CHECK(run_xx({0x66, 0x0f, 0xef, 0xca}, {0xff, 1}, {0x0f, 3}) == X{0xf0, 2});
}

TEST_CASE("Lane shifts by an immediate: past the lane width a logical shift clears", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0x71, 0xf1, 0x0f}, words({1, 3, 0xffff}), {}) ==
          words({0x8000, 0x8000, 0x8000}));  // psllw 15
    CHECK(run_xx({0x66, 0x0f, 0x71, 0xf1, 0x10}, words({1, 3, 0xffff}), {}) ==
          X{});                              // psllw 16
    CHECK(run_mm({0x0f, 0x71, 0xd1, 0x04}, 0x80001234ffff0010ull, 0) ==
          0x080001230fff0001ull);                   // psrlw mm, 4
    CHECK(run_xx({0x66, 0x0f, 0x72, 0xe1, 0x1f}, dwords({0x80000000, 0x7fffffff, 0xfffffffe, 1}), {}) ==
          dwords({~0u, 0, ~0u, 0}));  // psrad 31
    CHECK(run_xx({0x66, 0x0f, 0x73, 0xf1, 0x3f}, {1, 3}, {}) == X{1ull << 63, 1ull << 63});  // psllq 63
    CHECK(run_xx({0x66, 0x0f, 0x73, 0xf1, 0x40}, {1, 3}, {}) == X{});                        // psllq 64
    CHECK(run_xx({0x66, 0x0f, 0x73, 0xd1, 0x01}, {2, 1ull << 63}, {}) == X{1, 1ull << 62});  // psrlq 1
}

TEST_CASE("Lane shifts by a register count use its whole low quadword", "[sse_int]") {
    const X neg = dwords({0x80000000, 8, 0x7fffffff, 0xffffffff});
    CHECK(run_xx({0x66, 0x0f, 0xe2, 0xca}, neg, {0x100000000ull, 0}) ==
          dwords({~0u, 0, 0, ~0u}));  // psrad: sign fill
    CHECK(run_xx({0x66, 0x0f, 0xe2, 0xca}, neg, {1, 0xffff}) ==
          dwords({0xc0000000, 4, 0x3fffffff, ~0u}));  // upper quadword ignored
    CHECK(run_mm({0x0f, 0xe1, 0xca}, 0x7fff8000, 100) == 0xffff);                // psraw mm
    CHECK(run_mm({0x0f, 0xd3, 0xca}, 1ull << 63, 63) == 1);                       // psrlq mm
    CHECK(run_mm({0x0f, 0xd3, 0xca}, 1ull << 63, 64) == 0);
    CHECK(run_xx({0x66, 0x0f, 0xf3, 0xca}, {1, 1ull << 60}, {4, 0}) ==
          X{0x10, 0});  // psllq: nothing crosses lanes
}

TEST_CASE("A shift count from memory is an aligned m128", "[sse_int]") {
    Flat f;
    put_mem(f, DATA + 0x20, {4, 0xdead});
    put_mem(f, DATA + 0x38, {4, 0xdead});
    put_xmm(f, 1, dwords({0x100, 0x10}));
    f.set(RBX, DATA + 0x38);
    CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0xd2, 0x0b}), Vec::GP));  // psrld xmm1, [rbx]
    f.set(RBX, DATA + 0x20);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xd2, 0x0b})));
    CHECK(xmm(f, 1) == dwords({0x10, 1}));
}

TEST_CASE("PSLLDQ and PSRLDQ shift whole bytes; 16 or more clears", "[sse_int]") {
    const X v = bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    CHECK(run_xx({0x66, 0x0f, 0x73, 0xf9, 0x03}, v, {}) ==
          bytes({0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}));
    CHECK(run_xx({0x66, 0x0f, 0x73, 0xf9, 0x10}, v, {}) == X{});
    CHECK(run_xx({0x66, 0x0f, 0x73, 0xd9, 0x05}, v, {}) == bytes({6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
    CHECK(run_xx({0x66, 0x0f, 0x73, 0xd9, 0xc8}, v, {}) == X{});
}

TEST_CASE("PTEST sets ZF and CF and clears the other status flags", "[sse_int]") {
    constexpr uint64_t STATUS = fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF;
    Flat f;
    f.cpu.set_rflags(fl::FIXED1 | STATUS);
    put_xmm(f, 1, {0xf0, 0});
    put_xmm(f, 2, {0x0f, 0});
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0x17, 0xca})));
    CHECK((f.flags() & STATUS) == fl::ZF);  // dst AND src = 0; NOT dst AND src = 0x0f
    put_xmm(f, 1, {0xff, 1});
    put_xmm(f, 2, {0x0f, 1});
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0x17, 0xca})));
    CHECK((f.flags() & STATUS) == fl::CF);
    CHECK(xmm(f, 1) == X{0xff, 1});  // PTEST writes no register
}

TEST_CASE("PBLENDW picks words by the immediate, PBLENDVB bytes by XMM0's sign bits", "[sse_int]") {
    CHECK(run_xx({0x66, 0x0f, 0x3a, 0x0e, 0xca, 0xa5}, words({0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17}),
                 words({0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27})) ==
          words({0x20, 0x11, 0x22, 0x13, 0x14, 0x25, 0x16, 0x27}));
    Flat f;
    put_xmm(f, 0, bytes({0x80, 0x7f, 0xff}));
    put_xmm(f, 1, {0x1111111111111111ull, 0x1111111111111111ull});
    put_xmm(f, 2, {0x2222222222222222ull, 0x2222222222222222ull});
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0x10, 0xca})));  // pblendvb xmm1, xmm2, <xmm0>
    CHECK(xmm(f, 1) == X{0x1111111111221122ull, 0x1111111111111111ull});
}
