// src/cpu/sse_fp_move.cpp: SSE floating-point moves, logic, shuffles, blends and MXCSR.
// Expected values follow from the SDM Vol. 2 page of each instruction.
#include <catch2/catch.hpp>

#include "sse_fp_harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("MOVAPS/MOVUPS/MOVNTPS: 128-bit moves and their alignment", "[sse_fp]") {
    Flat f;
    f.poke<uint64_t>(DATA, 0x1111111122222222ull);
    f.poke<uint64_t>(DATA + 8, 0x3333333344444444ull);
    f.set(RAX, DATA);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x28, 0x08})));  // movaps xmm1, [rax]
    CHECK(xmm64(f, 1, 0) == 0x1111111122222222ull);
    CHECK(xmm64(f, 1, 1) == 0x3333333344444444ull);

    SECTION("misaligned MOVAPS load and store raise #GP(0) and change nothing") {
        set_xmm64(f, 1, 5, 6);
        f.set(RAX, DATA + 8);
        CHECK(Flat::faulted(f.exec({0x0f, 0x28, 0x08}), Vec::GP));  // movaps xmm1, [rax]
        CHECK(xmm64(f, 1, 0) == 5);
        CHECK(Flat::faulted(f.exec({0x0f, 0x29, 0x08}), Vec::GP));  // movaps [rax], xmm1
        CHECK(Flat::faulted(f.exec({0x0f, 0x2b, 0x08}), Vec::GP));  // movntps [rax], xmm1
        CHECK(f.mem<uint64_t>(DATA + 8) == 0x3333333344444444ull);
    }
    SECTION("MOVUPS takes any address") {
        set_xmm64(f, 9, 0xaaaa, 0xbbbb);
        f.set(RAX, DATA + 4);
        REQUIRE(Flat::ok(f.exec({0x44, 0x0f, 0x11, 0x08})));  // movups [rax], xmm9
        CHECK(f.mem<uint64_t>(DATA + 4) == 0xaaaa);
        CHECK(f.mem<uint64_t>(DATA + 12) == 0xbbbb);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x10, 0x08})));  // movups xmm1, [rax]
        CHECK(xmm64(f, 1, 1) == 0xbbbb);
    }
    SECTION("MOVAPD between registers") {
        set_xmm64(f, 9, 7, 8);
        REQUIRE(Flat::ok(f.exec({0x66, 0x41, 0x0f, 0x28, 0xd1})));  // movapd xmm2, xmm9
        CHECK(xmm64(f, 2, 0) == 7);
        CHECK(xmm64(f, 2, 1) == 8);
    }
}

TEST_CASE("MOVSS/MOVSD: loads clear the upper lanes, register moves keep them", "[sse_fp]") {
    Flat f;
    f.set(RAX, DATA + 4);  // scalar operands need no alignment
    f.poke<uint64_t>(DATA + 4, 0x0123456789abcdefull);
    set_xmm32(f, 1, 1, 2, 3, 4);
    set_xmm32(f, 2, 9, 8, 7, 6);
    SECTION("MOVSS") {
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x10, 0xca})));  // movss xmm1, xmm2
        CHECK((xmm32(f, 1, 0) == 9 && xmm32(f, 1, 1) == 2 && xmm32(f, 1, 3) == 4));
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x10, 0x08})));  // movss xmm1, [rax]
        CHECK(xmm32(f, 1, 0) == 0x89abcdef);
        CHECK((xmm32(f, 1, 1) == 0 && xmm64(f, 1, 1) == 0));
        set_xmm32(f, 1, 0x55555555, 1, 1, 1);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x11, 0x08})));  // movss [rax], xmm1
        CHECK(f.mem<uint64_t>(DATA + 4) == 0x0123456755555555ull);
    }
    SECTION("MOVSD (SSE2), not the string instruction") {
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x10, 0xca})));  // movsd xmm1, xmm2
        CHECK((xmm32(f, 1, 0) == 9 && xmm32(f, 1, 1) == 8 && xmm32(f, 1, 2) == 3));
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x10, 0x08})));  // movsd xmm1, [rax]
        CHECK(xmm64(f, 1, 0) == 0x0123456789abcdefull);
        CHECK(xmm64(f, 1, 1) == 0);
        set_xmm64(f, 1, 0x1122334455667788ull, 0);
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x11, 0x08})));  // movsd [rax], xmm1
        CHECK(f.mem<uint64_t>(DATA + 4) == 0x1122334455667788ull);
    }
    SECTION("the string MOVSD still moves a doubleword from [rsi] to [rdi]") {
        f.set(RSI, DATA + 4);
        f.set(RDI, DATA + 0x100);
        REQUIRE(Flat::ok(f.exec({0xa5})));  // movsd
        CHECK(f.mem<uint32_t>(DATA + 0x100) == 0x89abcdef);
        CHECK(f.r(RSI) == DATA + 8);
    }
}

TEST_CASE("MOVHPS/MOVLPD/MOVHLPS/MOVLHPS move one quadword", "[sse_fp]") {
    Flat f;
    f.set(RAX, DATA);
    f.poke<uint64_t>(DATA, 0xfeedfacecafef00dull);
    set_xmm64(f, 1, 1, 2);
    set_xmm64(f, 2, 3, 4);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x16, 0x08})));  // movhps xmm1, [rax]
    CHECK((xmm64(f, 1, 0) == 1 && xmm64(f, 1, 1) == 0xfeedfacecafef00dull));
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x12, 0x08})));  // movlpd xmm1, [rax]
    CHECK(xmm64(f, 1, 0) == 0xfeedfacecafef00dull);
    set_xmm64(f, 1, 1, 2);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x17, 0x08})));  // movhps [rax], xmm1
    CHECK(f.mem<uint64_t>(DATA) == 2);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x12, 0xca})));  // movhlps xmm1, xmm2
    CHECK((xmm64(f, 1, 0) == 4 && xmm64(f, 1, 1) == 2));
    REQUIRE(Flat::ok(f.exec({0x0f, 0x16, 0xca})));  // movlhps xmm1, xmm2
    CHECK((xmm64(f, 1, 0) == 4 && xmm64(f, 1, 1) == 3));
}

TEST_CASE("MOVMSKPS/MOVMSKPD gather sign bits into a zero-extended GPR", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, 0x80000000, 1, 0xffffffff, 0x7fffffff);
    f.set(RAX, ~0ull);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x50, 0xc1})));  // movmskps eax, xmm1
    CHECK(f.r(RAX) == 0b0101);
    f.set(RAX, ~0ull);
    set_xmm64(f, 1, 0x7fffffffffffffffull, 0x8000000000000000ull);
    REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x50, 0xc1})));  // movmskpd rax, xmm1
    CHECK(f.r(RAX) == 0b10);
}

TEST_CASE("MOVDDUP/MOVSHDUP/MOVSLDUP duplicate lanes", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 2, 10, 11, 12, 13);
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x16, 0xca})));  // movshdup xmm1, xmm2
    CHECK((xmm32(f, 1, 0) == 11 && xmm32(f, 1, 1) == 11 && xmm32(f, 1, 2) == 13 && xmm32(f, 1, 3) == 13));
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x12, 0xca})));  // movsldup xmm1, xmm2
    CHECK((xmm32(f, 1, 0) == 10 && xmm32(f, 1, 1) == 10 && xmm32(f, 1, 2) == 12 && xmm32(f, 1, 3) == 12));
    f.set(RAX, DATA);
    f.poke<uint64_t>(DATA + 4, 0x0102030405060708ull);
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x12, 0x48, 0x04})));  // movddup xmm1, [rax+4]: m64, unaligned
    CHECK((xmm64(f, 1, 0) == 0x0102030405060708ull && xmm64(f, 1, 1) == 0x0102030405060708ull));
}

TEST_CASE("ANDPS ANDNPD ORPS XORPD are bitwise on all 128 bits", "[sse_fp]") {
    Flat f;
    set_xmm64(f, 1, 0xff00ff00ff00ff00ull, 0x0f0f0f0f0f0f0f0full);
    set_xmm64(f, 2, 0xffff0000ffff0000ull, 0x00ff00ff00ff00ffull);
    SECTION("and") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0x54, 0xca})));  // andps xmm1, xmm2
        CHECK((xmm64(f, 1, 0) == 0xff000000ff000000ull && xmm64(f, 1, 1) == 0x000f000f000f000full));
    }
    SECTION("and not (of the destination)") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x55, 0xca})));  // andnpd xmm1, xmm2
        CHECK((xmm64(f, 1, 0) == 0x00ff000000ff0000ull && xmm64(f, 1, 1) == 0x00f000f000f000f0ull));
    }
    SECTION("or") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0x56, 0xca})));  // orps xmm1, xmm2
        CHECK((xmm64(f, 1, 0) == 0xffffff00ffffff00ull && xmm64(f, 1, 1) == 0x0fff0fff0fff0fffull));
    }
    SECTION("xor with an aligned memory operand") {
        f.set(RAX, DATA);
        f.poke<uint64_t>(DATA, ~0ull);
        f.poke<uint64_t>(DATA + 8, 0);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x57, 0x08})));  // xorpd xmm1, [rax]
        CHECK((xmm64(f, 1, 0) == 0x00ff00ff00ff00ffull && xmm64(f, 1, 1) == 0x0f0f0f0f0f0f0f0full));
        f.set(RAX, DATA + 4);
        CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0x57, 0x08}), Vec::GP));
    }
}

TEST_CASE("SHUFPS/SHUFPD and the unpacks", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, 0, 1, 2, 3);
    set_xmm32(f, 2, 4, 5, 6, 7);
    auto lanes = [&](unsigned n) {
        return std::vector<uint32_t>{xmm32(f, n, 0), xmm32(f, n, 1), xmm32(f, n, 2), xmm32(f, n, 3)};
    };
    SECTION("shufps imm 0x1b: d[3] d[2] s[1] s[0]") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc6, 0xca, 0x1b})));
        CHECK(lanes(1) == std::vector<uint32_t>{3, 2, 5, 4});
    }
    SECTION("shufpd imm 2: d[0] s[1]") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xc6, 0xca, 0x02})));
        CHECK(lanes(1) == std::vector<uint32_t>{0, 1, 6, 7});
    }
    SECTION("unpcklps") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0x14, 0xca})));
        CHECK(lanes(1) == std::vector<uint32_t>{0, 4, 1, 5});
    }
    SECTION("unpckhps") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0x15, 0xca})));
        CHECK(lanes(1) == std::vector<uint32_t>{2, 6, 3, 7});
    }
    SECTION("unpcklpd") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x14, 0xca})));
        CHECK(lanes(1) == std::vector<uint32_t>{0, 1, 4, 5});
    }
    SECTION("unpckhpd") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x15, 0xca})));
        CHECK(lanes(1) == std::vector<uint32_t>{2, 3, 6, 7});
    }
}

TEST_CASE("BLENDPS/BLENDPD by immediate, BLENDVPS/BLENDVPD by XMM0's sign bits", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, 0, 1, 2, 3);
    set_xmm32(f, 2, 4, 5, 6, 7);
    SECTION("blendps 5") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x0c, 0xca, 0x05})));
        CHECK((xmm32(f, 1, 0) == 4 && xmm32(f, 1, 1) == 1 && xmm32(f, 1, 2) == 6 && xmm32(f, 1, 3) == 3));
    }
    SECTION("blendpd 2") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x0d, 0xca, 0x02})));
        CHECK((xmm32(f, 1, 0) == 0 && xmm32(f, 1, 1) == 1 && xmm32(f, 1, 2) == 6 && xmm32(f, 1, 3) == 7));
    }
    SECTION("blendvps") {
        set_xmm32(f, 0, 0x80000000, 0x7fffffff, 0, 0xffffffff);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0x14, 0xca})));
        CHECK((xmm32(f, 1, 0) == 4 && xmm32(f, 1, 1) == 1 && xmm32(f, 1, 2) == 2 && xmm32(f, 1, 3) == 7));
    }
    SECTION("blendvpd") {
        set_xmm64(f, 0, 0, 0x8000000000000000ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0x15, 0xca})));
        CHECK((xmm32(f, 1, 0) == 0 && xmm32(f, 1, 1) == 1 && xmm32(f, 1, 2) == 6 && xmm32(f, 1, 3) == 7));
    }
}

TEST_CASE("INSERTPS and EXTRACTPS", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, 0, 1, 2, 3);
    set_xmm32(f, 2, 4, 5, 6, 7);
    SECTION("register source: lane imm[7:6] to lane imm[5:4], then clear imm[3:0]") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x21, 0xca, 0x91})));  // s[2] -> d[1], clear d[0]
        CHECK((xmm32(f, 1, 0) == 0 && xmm32(f, 1, 1) == 6 && xmm32(f, 1, 2) == 2 && xmm32(f, 1, 3) == 3));
    }
    SECTION("memory source ignores imm[7:6]") {
        f.set(RAX, DATA + 2);
        f.poke<uint32_t>(DATA + 2, 0xabcdef01);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x21, 0x08, 0xe0})));  // insertps xmm1, [rax], 0xe0
        CHECK((xmm32(f, 1, 2) == 0xabcdef01 && xmm32(f, 1, 3) == 3));
    }
    SECTION("extractps to a register zero-extends, to memory writes 32 bits") {
        f.set(RAX, ~0ull);
        set_xmm32(f, 1, 0, 1, 0x80000002, 3);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x17, 0xc8, 0x02})));  // extractps eax, xmm1, 2
        CHECK(f.r(RAX) == 0x80000002);
        f.set(RAX, DATA);
        f.poke<uint64_t>(DATA, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x17, 0x08, 0x03})));  // extractps [rax], xmm1, 3
        CHECK(f.mem<uint64_t>(DATA) == 0xffffffff00000003ull);
    }
}

TEST_CASE("LDMXCSR/STMXCSR, and the SSE availability checks", "[sse_fp]") {
    Flat f;
    f.set(RAX, DATA);
    SECTION("round trip") {
        f.poke<uint32_t>(DATA, 0xffff);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xae, 0x10})));  // ldmxcsr [rax]
        CHECK(f.cpu.s.mxcsr == 0xffff);
        f.cpu.s.mxcsr = 0x1fa5;
        REQUIRE(Flat::ok(f.exec({0x0f, 0xae, 0x18})));  // stmxcsr [rax]
        CHECK(f.mem<uint32_t>(DATA) == 0x1fa5);
    }
    SECTION("a reserved bit raises #GP(0)") {
        f.poke<uint32_t>(DATA, 0x11f80);
        const StopInfo s = f.exec({0x0f, 0xae, 0x10});
        CHECK(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0);
        CHECK(f.cpu.s.mxcsr == MXCSR_DEFAULT);
    }
    SECTION("CR4.OSFXSR clear or CR0.EM set: #UD; CR0.TS set: #NM") {
        set_xmm32(f, 1, 1, 1, 1, 1);
        f.cpu.s.cr4 &= ~cr4::OSFXSR;
        CHECK(Flat::faulted(f.exec({0x0f, 0x54, 0xca}), Vec::UD));  // andps xmm1, xmm2
        f.cpu.s.cr4 |= cr4::OSFXSR;
        f.cpu.s.cr0 |= cr0::EM;
        CHECK(Flat::faulted(f.exec({0x0f, 0x28, 0xca}), Vec::UD));  // movaps xmm1, xmm2
        f.cpu.s.cr0 &= ~cr0::EM;
        f.cpu.s.cr0 |= cr0::TS;
        CHECK(Flat::faulted(f.exec({0x0f, 0xae, 0x18}), Vec::NM));  // stmxcsr [rax]
        CHECK(xmm32(f, 1, 0) == 1);
    }
}
