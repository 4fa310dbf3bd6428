// src/cpu/sse_int_move.cpp and the MMX/x87 interplay of sse_int.hpp. Expected values follow the
// SDM's operation sections; the MASKMOVDQU fault addresses were observed on an Intel host.
#include <catch2/catch.hpp>

#include "sse_int_test.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
constexpr uint16_t TOP_MASK = 7u << 11;
}

TEST_CASE("MOVD/MOVQ between GPRs and XMM zero-extend", "[sse_int]") {
    Flat f;
    put_xmm(f, 1, {~0ull, ~0ull});
    f.set(RAX, 0x1122334455667788ull);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x6e, 0xc8})));  // movd xmm1, eax
    CHECK(xmm(f, 1) == X{0x55667788, 0});
    REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x6e, 0xc8})));  // movq xmm1, rax
    CHECK(xmm(f, 1) == X{0x1122334455667788ull, 0});

    put_xmm(f, 1, {0x8877665544332211ull, 0x99});
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x7e, 0xc8})));  // movd eax, xmm1
    CHECK(f.r(RAX) == 0x44332211);                          // upper half of RAX cleared
    REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x7e, 0xc8})));  // movq rax, xmm1
    CHECK(f.r(RAX) == 0x8877665544332211ull);
}

TEST_CASE("MOVQ xmm forms clear the upper quadword; MOVD/MOVQ to memory store only their size", "[sse_int]") {
    Flat f;
    put_xmm(f, 1, {1, 2});
    put_xmm(f, 2, {0xaaaa, 0xbbbb});
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x7e, 0xca})));  // movq xmm1, xmm2
    CHECK(xmm(f, 1) == X{0xaaaa, 0});

    f.set(RBX, DATA);
    put_mem(f, DATA, {0x0102030405060708ull, 0x1111});
    put_xmm(f, 1, {~0ull, ~0ull});
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x7e, 0x0b})));  // movq xmm1, [rbx]
    CHECK(xmm(f, 1) == X{0x0102030405060708ull, 0});
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x6e, 0x0b})));  // movd xmm1, [rbx]
    CHECK(xmm(f, 1) == X{0x05060708, 0});

    put_xmm(f, 1, {0xcafef00ddeadbeefull, 0x77});
    put_mem(f, DATA, {~0ull, ~0ull});
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x7e, 0x0b})));  // movd [rbx], xmm1
    CHECK(mem128(f, DATA) == X{0xffffffffdeadbeefull, ~0ull});
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xd6, 0x0b})));  // movq [rbx], xmm1
    CHECK(mem128(f, DATA) == X{0xcafef00ddeadbeefull, ~0ull});
}

TEST_CASE("MMX moves: the register's exponent becomes all ones, TOP 0, every tag valid", "[sse_int]") {
    Flat f;
    f.cpu.s.fsw = 5u << 11;  // TOP = 5
    f.cpu.s.ftw = 0xffff;    // all empty
    f.cpu.s.st[1].sign_exp = 0x3fff;
    f.set(RAX, 0x1122334455667788ull);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x6e, 0xc8})));  // movd mm1, eax
    CHECK(mm(f, 1) == 0x55667788);
    CHECK(f.cpu.s.st[1].sign_exp == 0xffff);
    CHECK((f.cpu.s.fsw & TOP_MASK) == 0);
    CHECK(f.cpu.s.ftw == 0);

    REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0x6e, 0xc8})));  // movq mm1, rax
    CHECK(mm(f, 1) == 0x1122334455667788ull);
    put_mm(f, 2, 0xfedcba9876543210ull);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x6f, 0xca})));  // movq mm1, mm2
    CHECK(mm(f, 1) == 0xfedcba9876543210ull);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x7e, 0xc8})));  // movd eax, mm1
    CHECK(f.r(RAX) == 0x76543210);
    REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0x7e, 0xc8})));  // movq rax, mm1
    CHECK(f.r(RAX) == 0xfedcba9876543210ull);

    f.set(RBX, DATA);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x7f, 0x0b})));  // movq [rbx], mm1
    CHECK(f.mem<uint64_t>(DATA) == 0xfedcba9876543210ull);
    f.poke<uint64_t>(DATA, 42);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x6f, 0x0b})));  // movq mm1, [rbx]
    CHECK(mm(f, 1) == 42);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xe7, 0x0b})));  // movntq [rbx], mm1
    CHECK(f.mem<uint64_t>(DATA) == 42);
}

TEST_CASE("A reading MMX instruction also switches the x87 state; EMMS empties the tags and clears TOP", "[sse_int]") {
    Flat f;
    f.cpu.s.fsw = 3u << 11;
    f.cpu.s.ftw = 0xffff;
    REQUIRE(Flat::ok(f.exec({0x0f, 0x7e, 0xc8})));  // movd eax, mm1
    CHECK(f.cpu.s.ftw == 0);
    CHECK((f.cpu.s.fsw & TOP_MASK) == 0);
    CHECK(f.cpu.s.st[1].sign_exp == 0);  // nothing was written to mm1

    f.cpu.s.fsw = 3u << 11;
    REQUIRE(Flat::ok(f.exec({0x0f, 0x77})));  // emms (TOP = 0 as observed on Intel hardware)
    CHECK(f.cpu.s.ftw == 0xffff);
    CHECK((f.cpu.s.fsw & TOP_MASK) == 0);
}

TEST_CASE("MMX faults: #UD with CR0.EM, #NM with CR0.TS, #MF with a pending x87 exception", "[sse_int]") {
    Flat f;
    f.cpu.s.fsw = 2u << 11;
    f.cpu.s.ftw = 0xffff;
    f.cpu.s.cr0 |= cr0::EM;
    CHECK(Flat::faulted(f.exec({0x0f, 0xfc, 0xca}), Vec::UD));  // paddb mm1, mm2
    f.cpu.s.cr0 &= ~cr0::EM;
    f.cpu.s.cr0 |= cr0::TS;
    CHECK(Flat::faulted(f.exec({0x0f, 0xfc, 0xca}), Vec::NM));
    CHECK(Flat::faulted(f.exec({0x0f, 0x77}), Vec::NM));  // emms
    f.cpu.s.cr0 &= ~cr0::TS;
    f.cpu.s.fsw |= 0x80 | 0x01;  // ES and IE
    CHECK(Flat::faulted(f.exec({0x0f, 0xfc, 0xca}), Vec::MF));
    CHECK(Flat::faulted(f.exec({0xf3, 0x0f, 0xd6, 0xca}), Vec::MF));  // movq2dq xmm1, mm2
    // An XMM form does not look at the x87 state.
    CHECK(Flat::ok(f.exec({0x66, 0x0f, 0xfc, 0xca})));  // paddb xmm1, xmm2
    CHECK(f.cpu.s.ftw == 0xffff);
    CHECK((f.cpu.s.fsw & TOP_MASK) == (2u << 11));

    // OSFXSR governs the XMM form only.
    f.cpu.s.fsw = 0;
    f.cpu.s.cr4 &= ~cr4::OSFXSR;
    CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0xfc, 0xca}), Vec::UD));
    CHECK(Flat::ok(f.exec({0x0f, 0xfc, 0xca})));
}

// Observed on an Intel host (fault state read from the signal frame): loads change nothing, a
// store has cleared TOP, MASKMOVQ has made the whole switch.
TEST_CASE("A faulting MMX load leaves the x87 state alone; a faulting store has cleared TOP", "[sse_int]") {
    Flat f;
    f.cpu.s.fsw = 6u << 11;
    f.cpu.s.ftw = 0xffff;
    put_mm(f, 1, 7);
    f.set(RBX, 0x10);  // unmapped
    f.set(RDI, 0x10);
    CHECK(Flat::faulted(f.exec({0x0f, 0xfc, 0x0b}), Vec::PF));  // paddb mm1, [rbx]
    CHECK(f.cpu.s.ftw == 0xffff);
    CHECK((f.cpu.s.fsw & TOP_MASK) == (6u << 11));
    CHECK(mm(f, 1) == 7);

    CHECK(Flat::faulted(f.exec({0x0f, 0x7f, 0x0b}), Vec::PF));  // movq [rbx], mm1
    CHECK(f.cpu.s.ftw == 0xffff);
    CHECK((f.cpu.s.fsw & TOP_MASK) == 0);

    f.cpu.s.fsw = 6u << 11;
    CHECK(Flat::faulted(f.exec({0x0f, 0xf7, 0xca}), Vec::PF));  // maskmovq mm1, mm2
    CHECK(f.cpu.s.ftw == 0);
    CHECK((f.cpu.s.fsw & TOP_MASK) == 0);
}

TEST_CASE("MOVDQA and the non-temporal moves need 16-byte alignment; MOVDQU and LDDQU do not", "[sse_int]") {
    Flat f;
    const X v{0x0123456789abcdefull, 0xfedcba9876543210ull};
    put_mem(f, DATA + 0x20, v);
    put_mem(f, DATA + 0x48, v);
    f.set(RBX, DATA + 0x20);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x6f, 0x0b})));  // movdqa xmm1, [rbx]
    CHECK(xmm(f, 1) == v);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0x2a, 0x0b})));  // movntdqa xmm1, [rbx]
    CHECK(xmm(f, 1) == v);

    f.set(RBX, DATA + 0x48);
    put_xmm(f, 1, {});
    CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0x6f, 0x0b}), Vec::GP));        // movdqa xmm1, [rbx]
    CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0x38, 0x2a, 0x0b}), Vec::GP));  // movntdqa
    CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0x7f, 0x0b}), Vec::GP));        // movdqa [rbx], xmm1
    CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0xe7, 0x0b}), Vec::GP));        // movntdq [rbx], xmm1
    CHECK(xmm(f, 1) == X{});
    CHECK(mem128(f, DATA + 0x48) == v);
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x6f, 0x0b})));  // movdqu xmm1, [rbx]
    CHECK(xmm(f, 1) == v);
    put_xmm(f, 1, {});
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0xf0, 0x0b})));  // lddqu xmm1, [rbx]
    CHECK(xmm(f, 1) == v);
    put_xmm(f, 1, {5, 6});
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x7f, 0x0b})));  // movdqu [rbx], xmm1
    CHECK(mem128(f, DATA + 0x48) == X{5, 6});

    f.set(RBX, DATA + 0x40);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xe7, 0x0b})));  // movntdq [rbx], xmm1
    CHECK(mem128(f, DATA + 0x40) == X{5, 6});
}

TEST_CASE("MOVNTI is a plain store of a GPR", "[sse_int]") {
    Flat f;
    f.set(RBX, DATA + 3);
    f.set(RAX, 0x1122334455667788ull);
    REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xc3, 0x03})));  // movnti [rbx], rax
    CHECK(f.mem<uint64_t>(DATA + 3) == 0x1122334455667788ull);
}

TEST_CASE("MASKMOVDQU and MASKMOVQ write the selected bytes at DS:rDI", "[sse_int]") {
    Flat f;
    put_mem(f, DATA, {~0ull, ~0ull});
    f.set(RDI, DATA);
    put_xmm(f, 1, bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
    put_xmm(f, 2, bytes({0x80, 0, 0xff, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81}));
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xf7, 0xca})));  // maskmovdqu xmm1, xmm2
    CHECK(mem128(f, DATA) == bytes({0, 0xff, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 15}));

    put_mm(f, 1, 0x1122334455667788ull);
    put_mm(f, 2, 0x8000000000000080ull);
    f.set(RDI, DATA + 0x20);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xf7, 0xca})));  // maskmovq mm1, mm2
    CHECK(f.mem<uint64_t>(DATA + 0x20) == 0x1100000000000088ull);
    CHECK(f.cpu.s.ftw == 0);
}

TEST_CASE("MASKMOVDQU checks its whole destination, upper quadword first, whatever the mask", "[sse_int]") {
    Flat f;
    put_xmm(f, 2, {});  // nothing selected
    f.set(RDI, DATA + 0x10000 - 12);  // crosses into the unmapped page after DATA
    StopInfo s = f.exec({0x66, 0x0f, 0xf7, 0xca});
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == DATA + 0x10000);
    f.set(RDI, DATA + 0x10000 - 4);  // the upper quadword lies wholly in the unmapped page
    s = f.exec({0x66, 0x0f, 0xf7, 0xca});
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == DATA + 0x10000 + 4);
    f.set(RDI, DATA + 0x10000 - 8);
    put_mm(f, 2, 0);
    CHECK(Flat::ok(f.exec({0x0f, 0xf7, 0xca})));  // maskmovq: 8 bytes, all mapped
}

TEST_CASE("MOVQ2DQ and MOVDQ2Q", "[sse_int]") {
    Flat f;
    f.cpu.s.ftw = 0xffff;
    put_mm(f, 2, 0x0102030405060708ull);
    put_xmm(f, 1, {~0ull, ~0ull});
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xd6, 0xca})));  // movq2dq xmm1, mm2
    CHECK(xmm(f, 1) == X{0x0102030405060708ull, 0});
    CHECK(f.cpu.s.ftw == 0);

    put_xmm(f, 2, {0xaaaabbbbccccddddull, 0x1234});
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0xd6, 0xca})));  // movdq2q mm1, xmm2
    CHECK(mm(f, 1) == 0xaaaabbbbccccddddull);
    CHECK(f.cpu.s.st[1].sign_exp == 0xffff);
}

TEST_CASE("PMOVMSKB gathers the byte sign bits into a zero-extended GPR", "[sse_int]") {
    Flat f;
    f.set(RAX, ~0ull);
    put_xmm(f, 1, bytes({0x80, 0x7f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x90}));
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xd7, 0xc1})));  // pmovmskb eax, xmm1
    CHECK(f.r(RAX) == 0x8005);
    put_mm(f, 1, 0x8000000000c00001ull);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xd7, 0xc1})));  // pmovmskb eax, mm1
    CHECK(f.r(RAX) == 0x84);
}

TEST_CASE("PEXTR takes the lane index modulo the lane count", "[sse_int]") {
    Flat f;
    put_xmm(f, 1, bytes({0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}));
    f.set(RAX, ~0ull);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x14, 0xc8, 0x11})));  // pextrb eax, xmm1, 17
    CHECK(f.r(RAX) == 0x11);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xc5, 0xc1, 0x05})));  // pextrw eax, xmm1, 5
    CHECK(f.r(RAX) == 0xbbaa);
    REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x3a, 0x16, 0xc8, 0x01})));  // pextrq rax, xmm1, 1
    CHECK(f.r(RAX) == 0xffeeddccbbaa9988ull);

    f.set(RBX, DATA);
    f.poke<uint64_t>(DATA, ~0ull);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x15, 0x0b, 0x07})));  // pextrw [rbx], xmm1, 7
    CHECK(f.mem<uint64_t>(DATA) == 0xffffffffffffffeeull);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x16, 0x0b, 0x03})));  // pextrd [rbx], xmm1, 3
    CHECK(f.mem<uint64_t>(DATA) == 0xffffffffffeeddccull);

    put_mm(f, 1, 0x4444333322221111ull);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xc5, 0xc1, 0x05})));  // pextrw eax, mm1, 5 (lane 1)
    CHECK(f.r(RAX) == 0x2222);
}

TEST_CASE("PINSR replaces one lane", "[sse_int]") {
    Flat f;
    put_xmm(f, 1, {});
    f.set(RAX, 0x1122334455667788ull);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x20, 0xc8, 0x0f})));  // pinsrb xmm1, eax, 15
    CHECK(xmm(f, 1) == X{0, 0x8800000000000000ull});
    REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x3a, 0x22, 0xc8, 0x01})));  // pinsrq xmm1, rax, 1
    CHECK(xmm(f, 1) == X{0, 0x1122334455667788ull});
    f.set(RBX, DATA);
    f.poke<uint32_t>(DATA, 0xabcdef01);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x22, 0x0b, 0x02})));  // pinsrd xmm1, [rbx], 2
    CHECK(xmm(f, 1) == X{0, 0x11223344abcdef01ull});

    put_mm(f, 1, 0);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xc4, 0xc8, 0x06})));  // pinsrw mm1, eax, 6 (lane 2)
    CHECK(mm(f, 1) == 0x0000778800000000ull);
}
