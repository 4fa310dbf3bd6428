// CRC32 and PCLMULQDQ (src/cpu/sse42_clmul.cpp). Fixed values are the published CRC-32C check
// value and products worked out by hand; the sweeps compare with the host CPU (inline assembly).
#include <catch2/catch.hpp>

#include <array>

#include "harness.hpp"
#include "sse42_sweep.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("CRC32 r32, r/m8 gives the CRC-32C check value", "[sse42]") {
    Flat f;
    const char text[] = "123456789";
    f.cpu.write_mem(DATA, text, 9);
    f.set(RSI, DATA), f.set(RCX, 9), f.set(RAX, 0xffffffff);
    // again: crc32 eax, byte [rsi]; inc rsi; loop again; not eax
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x38, 0xf0, 0x06, 0x48, 0xff, 0xc6, 0xe2, 0xf6, 0xf7, 0xd0})));
    CHECK(f.r(RAX) == 0xe3069283);  // CRC-32C("123456789")
}

TEST_CASE("CRC32 of wider sources equals the bytes in little-endian order", "[sse42]") {
    Flat f;
    f.poke<uint64_t>(DATA, 0x0123456789abcdefull);
    f.set(RSI, DATA);
    // crc32 eax, byte [rsi] x8 against crc32 rbx, qword [rsi], both from 0x12345678
    f.set(RAX, 0x12345678);
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x38, 0xf0, 0x06, 0xf2, 0x0f, 0x38, 0xf0, 0x46, 0x01,
                             0xf2, 0x0f, 0x38, 0xf0, 0x46, 0x02, 0xf2, 0x0f, 0x38, 0xf0, 0x46, 0x03,
                             0xf2, 0x0f, 0x38, 0xf0, 0x46, 0x04, 0xf2, 0x0f, 0x38, 0xf0, 0x46, 0x05,
                             0xf2, 0x0f, 0x38, 0xf0, 0x46, 0x06, 0xf2, 0x0f, 0x38, 0xf0, 0x46, 0x07})));
    f.set(RBX, 0xffffffff12345678ull);  // the upper half of a 64-bit destination is ignored
    REQUIRE(Flat::ok(f.exec({0xf2, 0x48, 0x0f, 0x38, 0xf1, 0x1e})));  // crc32 rbx, qword [rsi]
    CHECK(f.r(RBX) == f.r(RAX));
    CHECK(f.r(RBX) >> 32 == 0);  // and the result zero-extends
    f.set(RCX, 0x12345678);
    // crc32 ecx, word [rsi]; crc32 ecx, word [rsi+2]; crc32 ecx, dword [rsi+4]
    REQUIRE(Flat::ok(f.exec({0x66, 0xf2, 0x0f, 0x38, 0xf1, 0x0e, 0x66, 0xf2, 0x0f, 0x38, 0xf1, 0x4e, 0x02,
                             0xf2, 0x0f, 0x38, 0xf1, 0x4e, 0x04})));
    CHECK(f.r(RCX) == f.r(RAX));
}

TEST_CASE("CRC32 register forms and their writes", "[sse42]") {
    Flat f;
    f.set(RAX, 0), f.set(RBX, 0);
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x38, 0xf1, 0xc3})));  // crc32 eax, ebx: 0 stays 0
    CHECK(f.r(RAX) == 0);
    // Only the last of the 8 data bits is set: seven zero steps, then one step that shifts
    // the 1 out and subtracts the reflected polynomial.
    f.set(RAX, 0xffffffff00000000ull), f.set(RBX, 0x80);
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x38, 0xf0, 0xc3})));  // crc32 eax, bl
    CHECK(f.r(RAX) == 0x82f63b78);
    // Without REX, r/m 7 is BH.
    f.set(RBX, 0x0100);
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x38, 0xf0, 0xc7})));  // crc32 eax, bh
    const uint64_t via_bh = f.r(RAX);
    f.set(RAX, 0x82f63b78), f.set(RBX, 0x01);
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x38, 0xf0, 0xc3})));  // crc32 eax, bl
    CHECK(f.r(RAX) == via_bh);
    // A LOCK prefix is #UD.
    REQUIRE(Flat::faulted(f.exec({0xf0, 0xf2, 0x0f, 0x38, 0xf1, 0x06}), Vec::UD));
}

TEST_CASE("CRC32 does not need CR4.OSFXSR", "[sse42]") {
    Flat f;
    f.cpu.s.cr4 &= ~cr4::OSFXSR;
    f.cpu.s.cr0 |= cr0::TS | cr0::EM;
    f.set(RAX, 0), f.set(RBX, 0x80);
    REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x38, 0xf0, 0xc3})));
    CHECK(f.r(RAX) == 0x82f63b78);
}

namespace {
template <class T>
uint32_t native_crc32(uint32_t crc, T data) {
    uint64_t c = crc;
    if constexpr (sizeof(T) == 1) asm("crc32b %1, %k0" : "+r"(c) : "r"(data));
    else if constexpr (sizeof(T) == 2) asm("crc32w %1, %k0" : "+r"(c) : "r"(data));
    else if constexpr (sizeof(T) == 4) asm("crc32l %1, %k0" : "+r"(c) : "r"(data));
    else asm("crc32q %1, %0" : "+r"(c) : "r"(data));
    return static_cast<uint32_t>(c);
}

// crc32 eax, bl / bx / ebx / rbx
template <class T>
uint64_t lstar_crc32(Flat& f, uint64_t rax, T data) {
    f.set(RAX, rax), f.set(RBX, data);
    StopInfo s;
    if constexpr (sizeof(T) == 1) s = f.exec({0xf2, 0x0f, 0x38, 0xf0, 0xc3});
    else if constexpr (sizeof(T) == 2) s = f.exec({0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc3});
    else if constexpr (sizeof(T) == 4) s = f.exec({0xf2, 0x0f, 0x38, 0xf1, 0xc3});
    else s = f.exec({0xf2, 0x48, 0x0f, 0x38, 0xf1, 0xc3});
    return Flat::ok(s) ? f.r(RAX) : ~0ull;
}

template <class T>
unsigned crc32_sweep(Flat& f, Rng& rng, unsigned n) {
    unsigned bad = 0;
    for (unsigned k = 0; k < n; ++k) {
        const uint64_t rax = rng.next();
        const T data = static_cast<T>(rng.next());
        const uint64_t got = lstar_crc32<T>(f, rax, data);
        const uint32_t want = native_crc32<T>(static_cast<uint32_t>(rax), data);
        if (got != want && ++bad <= 3) {
            INFO("width " << sizeof(T) << std::hex << " crc " << rax << " data " << uint64_t{data} << " want " << want
                          << " got " << got);
            CHECK(got == want);
        }
    }
    return bad;
}
}  // namespace

TEST_CASE("CRC32 matches the host at every source width", "[sse42]") {
    if (!__builtin_cpu_supports("sse4.2")) {
        WARN("host lacks SSE4.2: sweep skipped");
        return;
    }
    Flat f;
    Rng rng(7);
    CHECK(crc32_sweep<uint8_t>(f, rng, 1000) == 0);
    CHECK(crc32_sweep<uint16_t>(f, rng, 1000) == 0);
    CHECK(crc32_sweep<uint32_t>(f, rng, 1000) == 0);
    CHECK(crc32_sweep<uint64_t>(f, rng, 1000) == 0);
}

TEST_CASE("PCLMULQDQ multiplies the selected quadwords without carries", "[sse42]") {
    Flat f;
    const auto mul = [&](uint8_t imm, Xmm a, Xmm b) {
        f.cpu.s.xmm[1] = a, f.cpu.s.xmm[2] = b;
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x44, 0xca, imm})));  // pclmulqdq xmm1, xmm2, imm
        return f.cpu.s.xmm[1];
    };
    Xmm r = mul(0x00, Xmm{{3, 0}}, Xmm{{3, 0}});  // (x + 1)^2 = x^2 + 1
    CHECK((r.q[0] == 5 && r.q[1] == 0));
    r = mul(0x00, Xmm{{1ull << 63, 0}}, Xmm{{2, 0}});  // x^63 * x = x^64
    CHECK((r.q[0] == 0 && r.q[1] == 1));
    // All-ones squared: bit k has k+1 (or 127-k) contributions, so exactly the even bits.
    r = mul(0x11, Xmm{{5, ~0ull}}, Xmm{{7, ~0ull}});
    CHECK((r.q[0] == 0x5555555555555555ull && r.q[1] == 0x5555555555555555ull));
    // imm8[0] picks xmm1's quadword, imm8[4] xmm2's; the other bits are ignored.
    CHECK(mul(0x01, Xmm{{2, 3}}, Xmm{{5, 7}}).q[0] == 0xf);   // 3 * 5 = (x+1)(x^2+1)
    CHECK(mul(0x10, Xmm{{2, 3}}, Xmm{{5, 7}}).q[0] == 0xe);   // 2 * 7 = x(x^2+x+1)
    CHECK(mul(0xee, Xmm{{2, 3}}, Xmm{{5, 7}}).q[0] == 0x0a);  // 2 * 5
}

TEST_CASE("PCLMULQDQ needs an aligned memory operand", "[sse42]") {
    Flat f;
    f.poke<uint64_t>(DATA + 16, 3);
    f.poke<uint64_t>(DATA + 24, 0);
    f.cpu.s.xmm[1] = Xmm{{3, 0}};
    f.set(RSI, DATA + 16);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x44, 0x0e, 0x00})));  // pclmulqdq xmm1, [rsi], 0
    CHECK(f.cpu.s.xmm[1].q[0] == 5);
    f.set(RSI, DATA + 8);
    REQUIRE(Flat::faulted(f.exec({0x66, 0x0f, 0x3a, 0x44, 0x0e, 0x00}), Vec::GP));
    CHECK(f.cpu.s.xmm[1].q[0] == 5);
}

namespace {
template <uint8_t Imm>
Xmm native_pclmul(Xmm a, const Xmm& b) {
    asm("movdqa %[a], %%xmm1\n\tpclmulqdq %[imm], %[b], %%xmm1\n\tmovdqa %%xmm1, %[a]"
        : [a] "+m"(a)
        : [b] "m"(b), [imm] "i"(Imm)
        : "xmm1");
    return a;
}
using PclmulFn = Xmm (*)(Xmm, const Xmm&);
}  // namespace

TEST_CASE("PCLMULQDQ matches the host for every imm8", "[sse42]") {
    if (!__builtin_cpu_supports("pclmul")) {
        WARN("host lacks PCLMULQDQ: sweep skipped");
        return;
    }
    static constexpr auto native =
        imm8_table<PclmulFn>([](auto imm) -> PclmulFn { return native_pclmul<imm()>; });
    Flat f;
    Rng rng(11);
    unsigned bad = 0;
    for (unsigned imm = 0; imm < 256; ++imm) {
        for (unsigned k = 0; k < 8; ++k) {
            const Xmm a{{rng.next(), rng.next()}}, b{{rng.next(), rng.next()}};
            const Xmm want = native[imm](a, b);
            f.cpu.s.xmm[1] = a, f.cpu.s.xmm[2] = b;
            const bool ran = Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x44, 0xca, static_cast<uint8_t>(imm)}));
            const Xmm got = f.cpu.s.xmm[1];
            if (!(ran && got.q[0] == want.q[0] && got.q[1] == want.q[1]) && ++bad <= 3) {
                INFO(std::hex << "imm " << imm << " a " << a.q[1] << ':' << a.q[0] << " b " << b.q[1] << ':' << b.q[0]
                              << " want " << want.q[1] << ':' << want.q[0] << " got " << got.q[1] << ':' << got.q[0]);
                CHECK(false);
            }
        }
    }
    CHECK(bad == 0);
}
