// SSE4.2 string compare (src/cpu/sse42_string.cpp). The hand-made cases follow SDM Vol. 2 §4.1
// step by step; the sweep runs every imm8 of all four instructions on the host CPU (inline
// assembly) and on lstar with the same inputs.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <ostream>
#include <string>

#include "harness.hpp"
#include "sse42_sweep.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
constexpr uint64_t STATUS = fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF;

// The 16 bytes of `s`, zero-padded: a C string as the implicit-length forms see it.
Xmm str(const std::string& s) {
    Xmm x{};
    std::memcpy(x.q, s.data(), s.size() < 16 ? s.size() : 16);
    return x;
}
Xmm words(std::initializer_list<uint16_t> w) {
    Xmm x{};
    unsigned k = 0;
    for (uint16_t v : w) std::memcpy(reinterpret_cast<uint8_t*>(x.q) + 2 * k++, &v, 2);
    return x;
}
Xmm bytes(std::initializer_list<uint8_t> b) {
    Xmm x{};
    unsigned k = 0;
    for (uint8_t v : b) reinterpret_cast<uint8_t*>(x.q)[k++] = v;
    return x;
}

// Opcode bytes after 66 0F 3A (SDM Vol. 2 PCMPESTRI ...).
constexpr uint8_t ESTRM = 0x60, ESTRI = 0x61, ISTRM = 0x62, ISTRI = 0x63;

// Runs `pcmp?str? xmm1, xmm2, imm` with the given operands; RCX starts as garbage.
StopInfo run(Flat& f, uint8_t op, uint8_t imm, const Xmm& a, const Xmm& b) {
    f.cpu.s.xmm[1] = a;
    f.cpu.s.xmm[2] = b;
    f.set(RCX, 0xdeadbeefdeadbeefull);
    return f.exec({0x66, 0x0f, 0x3a, op, 0xca, imm});
}
uint64_t status_of(const Flat& f) { return f.flags() & STATUS; }
}  // namespace

TEST_CASE("PCMPISTRI equal any finds the first or last vowel", "[sse42]") {
    Flat f;
    REQUIRE(Flat::ok(run(f, ISTRI, 0x00, str("aeiou"), str("hello world"))));
    CHECK(f.r(RCX) == 1);  // 'e'; ECX zero-extends into RCX
    // CF: a match; ZF: xmm2 has a null; SF: xmm1 has a null; OF: bit 0 ('h') clear.
    CHECK(status_of(f) == (fl::CF | fl::ZF | fl::SF));
    REQUIRE(Flat::ok(run(f, ISTRI, 0x40, str("aeiou"), str("hello world"))));
    CHECK(f.r(RCX) == 7);  // the second 'o'
    REQUIRE(Flat::ok(run(f, ISTRI, 0x00, str("xyz"), str("hello world"))));
    CHECK(f.r(RCX) == 16);  // no match: the element count
    CHECK(status_of(f) == (fl::ZF | fl::SF));
}

TEST_CASE("PCMPISTRI ranges and the four polarities", "[sse42]") {
    Flat f;
    const Xmm lower = str("az"), text = str("ABcd12ef");  // lower case at 2 3 6 7
    REQUIRE(Flat::ok(run(f, ISTRI, 0x04, lower, text)));
    CHECK(f.r(RCX) == 2);
    // Negative flips all 16 bits: bit 0 is set now, so OF too; the last one is bit 15.
    REQUIRE(Flat::ok(run(f, ISTRI, 0x14, lower, text)));
    CHECK(f.r(RCX) == 0);
    CHECK(status_of(f) == (fl::CF | fl::ZF | fl::SF | fl::OF));
    REQUIRE(Flat::ok(run(f, ISTRI, 0x54, lower, text)));
    CHECK(f.r(RCX) == 15);
    // Masked negative flips only the 8 valid elements of xmm2: the last set bit is 5.
    REQUIRE(Flat::ok(run(f, ISTRI, 0x74, lower, text)));
    CHECK(f.r(RCX) == 5);
    // Masked positive is positive.
    REQUIRE(Flat::ok(run(f, ISTRI, 0x64, lower, text)));
    CHECK(f.r(RCX) == 7);
    // An odd number of bounds: the unpaired 'z' is ignored, so the single range is 'a'..'c'.
    REQUIRE(Flat::ok(run(f, ISTRI, 0x44, str("acz"), text)));
    CHECK(f.r(RCX) == 2);
}

TEST_CASE("PCMPISTRI signed and unsigned ranges differ", "[sse42]") {
    Flat f;
    const Xmm range = bytes({0xfb, 0x05});  // [-5, 5] signed; [251, 5] (empty) unsigned
    const Xmm text = bytes({0x80, 0x7f, 0xfe, 0x03, 0x10});
    REQUIRE(Flat::ok(run(f, ISTRI, 0x06, range, text)));  // signed bytes
    CHECK(f.r(RCX) == 2);                                  // -2, then 3
    REQUIRE(Flat::ok(run(f, ISTRI, 0x04, range, text)));  // unsigned bytes
    CHECK(f.r(RCX) == 16);
    CHECK((status_of(f) & fl::CF) == 0);
    // Signed words: [-0x100, 0x100] holds 0xffff (-1) and 0x0100, not 0x8000 or 0x7fff.
    const Xmm wr = words({0xff00, 0x0100}), wt = words({0x8000, 0x7fff, 0xffff, 0x0100});
    REQUIRE(Flat::ok(run(f, ISTRI, 0x47, wr, wt)));
    CHECK(f.r(RCX) == 3);
    REQUIRE(Flat::ok(run(f, ISTRI, 0x05, wr, wt)));  // unsigned words: [0xff00, 0x100] is empty
    CHECK(f.r(RCX) == 8);
}

TEST_CASE("PCMPISTRI equal each compares like strcmp", "[sse42]") {
    Flat f;
    // IntRes1 = 0xffe7: h e l match, 'l'/'p' and 'o'/end differ, both ended from 5 on.
    REQUIRE(Flat::ok(run(f, ISTRI, 0x18, str("hello"), str("help"))));  // negative: first mismatch
    CHECK(f.r(RCX) == 3);
    CHECK(status_of(f) == (fl::CF | fl::ZF | fl::SF));
    REQUIRE(Flat::ok(run(f, ISTRI, 0x78, str("hello"), str("help"))));  // masked negative, MSB
    CHECK(f.r(RCX) == 15);  // 0xffe7 ^ 0x000f = 0xffe8
    REQUIRE(Flat::ok(run(f, ISTRI, 0x18, str("same"), str("same"))));
    CHECK(f.r(RCX) == 16);  // equal strings: no bit left after negation
    CHECK(status_of(f) == (fl::ZF | fl::SF));
}

TEST_CASE("PCMPISTRI equal ordered finds a substring", "[sse42]") {
    Flat f;
    REQUIRE(Flat::ok(run(f, ISTRI, 0x0c, str("lo"), str("hello lo"))));
    CHECK(f.r(RCX) == 3);
    REQUIRE(Flat::ok(run(f, ISTRI, 0x4c, str("lo"), str("hello lo"))));
    CHECK(f.r(RCX) == 6);
    // A needle cut by the string's end does not match ...
    REQUIRE(Flat::ok(run(f, ISTRI, 0x0c, str("lo"), str("help l"))));
    CHECK(f.r(RCX) == 16);
    // ... but one cut by the register's end does (the rest may follow in the next block).
    REQUIRE(Flat::ok(run(f, ISTRI, 0x0c, str("lo"), str("xxxxxxxxxxxxxxxl"))));
    CHECK(f.r(RCX) == 15);
    CHECK(status_of(f) == (fl::CF | fl::SF));  // no null in xmm2: ZF clear
    // An empty needle matches everywhere.
    REQUIRE(Flat::ok(run(f, ISTRI, 0x0c, str(""), str("abc"))));
    CHECK(f.r(RCX) == 0);
    CHECK(status_of(f) == (fl::CF | fl::ZF | fl::SF | fl::OF));
}

TEST_CASE("PCMPISTRI on unsigned words", "[sse42]") {
    Flat f;
    const Xmm set = words({0x1234}), text = words({1, 2, 0x1234, 5, 0x1234});
    REQUIRE(Flat::ok(run(f, ISTRI, 0x01, set, text)));
    CHECK(f.r(RCX) == 2);
    REQUIRE(Flat::ok(run(f, ISTRI, 0x41, set, text)));
    CHECK(f.r(RCX) == 4);
    REQUIRE(Flat::ok(run(f, ISTRI, 0x11, set, text)));  // negative over 8 words
    CHECK(f.r(RCX) == 0);
    REQUIRE(Flat::ok(run(f, ISTRI, 0x51, set, text)));
    CHECK(f.r(RCX) == 7);
}

TEST_CASE("PCMPESTRI takes saturated absolute lengths from EAX and EDX", "[sse42]") {
    Flat f;
    const Xmm set = str("abcXYZ"), text = str("zzzzzzzzzzzzzzzY");
    f.set(RAX, static_cast<uint32_t>(-3));  // |-3|: the set is "abc"
    f.set(RDX, 0x80000000);                 // |INT32_MIN| saturates to 16
    REQUIRE(Flat::ok(run(f, ESTRI, 0x00, set, text)));
    CHECK(f.r(RCX) == 16);
    CHECK(status_of(f) == fl::SF);  // |EAX| < 16, |EDX| >= 16
    f.set(RAX, 6);
    REQUIRE(Flat::ok(run(f, ESTRI, 0x00, set, text)));
    CHECK(f.r(RCX) == 15);
    f.set(RDX, 0xffffffff);  // -1: one valid byte
    REQUIRE(Flat::ok(run(f, ESTRI, 0x00, set, text)));
    CHECK(f.r(RCX) == 16);
    CHECK(status_of(f) == (fl::ZF | fl::SF));
    // Explicit lengths ignore nulls: "ab\0" of length 3 still holds a null to match.
    f.set(RAX, 3), f.set(RDX, 16);
    REQUIRE(Flat::ok(run(f, ESTRI, 0x00, str("ab"), str("xyz"))));
    CHECK(f.r(RCX) == 3);
}

TEST_CASE("PCMPESTRI with REX.W reads RAX and RDX", "[sse42]") {
    Flat f;
    f.cpu.s.xmm[1] = str("abc");
    f.cpu.s.xmm[2] = str("xxxxxxxxxxxxxxxa");
    f.set(RAX, 0x100000000ull);  // EAX = 0, RAX saturates to 16
    f.set(RDX, 0xffffffff00000010ull);
    REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x3a, 0x61, 0xca, 0x00})));  // pcmpestriq
    CHECK(f.r(RCX) == 15);
    CHECK(status_of(f) == fl::CF);  // |RDX| = 0xfffffff0 saturates too
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x61, 0xca, 0x00})));  // without REX.W: EAX = 0
    CHECK(f.r(RCX) == 16);
    CHECK(status_of(f) == (fl::SF));  // EDX = 16
    f.set(RDX, 0x8000000000000000ull);  // |INT64_MIN| saturates
    REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x3a, 0x61, 0xca, 0x00})));
    CHECK(f.r(RCX) == 15);
}

TEST_CASE("PCMPISTRM writes a bit mask or an element mask to XMM0", "[sse42]") {
    Flat f;
    f.cpu.s.xmm[0] = Xmm{{~0ull, ~0ull}};
    REQUIRE(Flat::ok(run(f, ISTRM, 0x00, str("aeiou"), str("hello world"))));
    CHECK(f.cpu.s.xmm[0].q[0] == 0x92);  // bits 1 4 7, zero-extended to 128 bits
    CHECK(f.cpu.s.xmm[0].q[1] == 0);
    CHECK(f.r(RCX) == 0xdeadbeefdeadbeefull);  // the M forms leave RCX alone
    CHECK(status_of(f) == (fl::CF | fl::ZF | fl::SF));
    REQUIRE(Flat::ok(run(f, ISTRM, 0x40, str("aeiou"), str("hello world"))));
    CHECK(f.cpu.s.xmm[0].q[0] == 0xff0000ff0000ff00ull);
    CHECK(f.cpu.s.xmm[0].q[1] == 0);
    REQUIRE(Flat::ok(run(f, ISTRM, 0x41, words({7}), words({7, 1, 7, 0}))));  // word mask
    CHECK(f.cpu.s.xmm[0].q[0] == 0x0000ffff0000ffffull);
    CHECK(f.cpu.s.xmm[0].q[1] == 0);
}

TEST_CASE("PCMPESTRM reads an unaligned memory operand", "[sse42]") {
    Flat f;
    const char text[] = "?the cat sat on the mat";
    f.cpu.write_mem(DATA, text, sizeof text);
    f.cpu.s.xmm[1] = str("at");
    f.set(RSI, DATA + 1), f.set(RAX, 2), f.set(RDX, 16);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x60, 0x0e, 0x0c})));  // pcmpestrm xmm1, [rsi], 0x0c
    CHECK(f.cpu.s.xmm[0].q[0] == ((1u << 5) | (1u << 9)));  // "the cat sat on t": c-at, s-at
    CHECK(f.cpu.s.xmm[0].q[1] == 0);
}

TEST_CASE("PCMPxSTRx faults before changing anything", "[sse42]") {
    Flat f;
    f.cpu.set_rflags(fl::FIXED1 | fl::CF | fl::AF);
    f.set(RCX, 77);
    f.set(RSI, 0x10000000);  // unmapped
    auto s = f.exec({0x66, 0x0f, 0x3a, 0x63, 0x0e, 0x00});  // pcmpistri xmm1, [rsi], 0
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(f.r(RCX) == 77);
    CHECK(status_of(f) == (fl::CF | fl::AF));
    f.cpu.s.cr4 &= ~cr4::OSFXSR;
    REQUIRE(Flat::faulted(run(f, ISTRI, 0, str("a"), str("a")), Vec::UD));
    f.cpu.s.cr4 |= cr4::OSFXSR;
    f.cpu.s.cr0 |= cr0::TS;
    REQUIRE(Flat::faulted(run(f, ISTRM, 0, str("a"), str("a")), Vec::NM));
    CHECK(f.r(RCX) == 0xdeadbeefdeadbeefull);
}

// ---- the sweep against the host CPU ----
namespace {

struct Native {
    uint64_t rcx, flags;
    Xmm xmm0;
};

// Runs the instruction natively. The flags are read through PUSHFQ below the red zone.
template <uint8_t Op, bool RexW, uint8_t Imm>
Native native(const Xmm& a, const Xmm& b, uint64_t rax, uint64_t rdx) {
    Native n{0xdeadbeefdeadbeefull, 0, {}};
    Xmm x0{};
    asm volatile(
        "movdqa %[a], %%xmm1\n\t"
        "movdqa %[b], %%xmm2\n\t"
        "pxor %%xmm0, %%xmm0\n\t"
        ".byte 0x66\n\t"
        ".if %c[rexw]\n\t.byte 0x48\n\t.endif\n\t"
        ".byte 0x0f, 0x3a, %c[op], 0xca, %c[imm]\n\t"
        "lea -128(%%rsp), %%rsp\n\t"
        "pushfq\n\t"
        "popq %[fl]\n\t"
        "lea 128(%%rsp), %%rsp\n\t"
        "movdqa %%xmm0, %[x0]"
        : [fl] "=r"(n.flags), "+c"(n.rcx), [x0] "=m"(x0)
        : [a] "m"(a), [b] "m"(b), "a"(rax), "d"(rdx), [op] "i"(Op), [imm] "i"(Imm), [rexw] "i"(RexW ? 1 : 0)
        : "xmm0", "xmm1", "xmm2", "cc", "memory");
    n.xmm0 = x0;
    return n;
}

using NativeFn = Native (*)(const Xmm&, const Xmm&, uint64_t, uint64_t);
template <uint8_t Op, bool RexW>
constexpr std::array<NativeFn, 256> kNative =
    imm8_table<NativeFn>([](auto imm) -> NativeFn { return native<Op, RexW, imm()>; });

// Strings over a small alphabet, so that matches, nulls and sign boundaries are common.
Xmm random_string(Rng& r) {
    static const uint8_t byte_pool[] = {'a', 'b', 'c', 0x00, 0x01, 0x7f, 0x80, 0xff};
    static const uint16_t word_pool[] = {'a', 'b', 0x0000, 0x0001, 0x7fff, 0x8000, 0xffff, 0x0100};
    Xmm x{};
    uint8_t* p = reinterpret_cast<uint8_t*>(x.q);
    const unsigned nulls = r.below(4);  // 0: none, else roughly one in 3 .. 9 elements
    if (r.below(2)) {
        for (unsigned k = 0; k < 16; ++k) p[k] = byte_pool[r.below(8)];
        for (unsigned k = 0; k < 16; ++k)
            if (p[k] == 0 && !nulls) p[k] = 'a';
    } else {
        for (unsigned k = 0; k < 8; ++k) {
            uint16_t w = word_pool[r.below(8)];
            if (w == 0 && !nulls) w = 'b';
            std::memcpy(p + 2 * k, &w, 2);
        }
    }
    return x;
}

uint64_t random_length(Rng& r) {
    static const uint64_t special[] = {0x80000000ull, 0xffffffffull, 0x100000003ull, 0x8000000000000000ull,
                                       0xfffffffffffffff8ull, 0x7fffffffffffffffull};
    if (r.below(6) == 0) return special[r.below(6)];
    return static_cast<uint64_t>(static_cast<int64_t>(r.below(41)) - 20);  // -20 .. 20
}

struct Variant {
    uint8_t op;
    bool rexw;
    const std::array<NativeFn, 256>& fn;
};

// The same instruction on lstar, observed the same way.
Native emulated(Flat& f, const Variant& v, uint8_t imm, const Xmm& a, const Xmm& b, uint64_t rax, uint64_t rdx) {
    f.cpu.s.xmm[0] = Xmm{}, f.cpu.s.xmm[1] = a, f.cpu.s.xmm[2] = b;
    f.set(RAX, rax), f.set(RDX, rdx), f.set(RCX, 0xdeadbeefdeadbeefull);
    const StopInfo s = v.rexw ? f.exec({0x66, 0x48, 0x0f, 0x3a, v.op, 0xca, imm})
                              : f.exec({0x66, 0x0f, 0x3a, v.op, 0xca, imm});
    if (!Flat::ok(s)) return Native{~0ull, ~0ull, {}};
    return Native{f.r(RCX), f.flags(), f.cpu.s.xmm[0]};
}

bool same(const Native& x, const Native& y) {
    return x.rcx == y.rcx && (x.flags & STATUS) == (y.flags & STATUS) && x.xmm0.q[0] == y.xmm0.q[0] &&
           x.xmm0.q[1] == y.xmm0.q[1];
}
std::ostream& operator<<(std::ostream& os, const Native& n) {
    return os << "rcx " << n.rcx << " flags " << (n.flags & STATUS) << " xmm0 " << n.xmm0.q[1] << ':' << n.xmm0.q[0];
}

}  // namespace

TEST_CASE("PCMPxSTRx match the host for every imm8", "[sse42]") {
    if (!__builtin_cpu_supports("sse4.2")) {
        WARN("host lacks SSE4.2: sweep skipped");
        return;
    }
    const Variant variants[] = {
        {ESTRI, false, kNative<ESTRI, false>}, {ESTRI, true, kNative<ESTRI, true>},
        {ESTRM, false, kNative<ESTRM, false>}, {ESTRM, true, kNative<ESTRM, true>},
        {ISTRI, false, kNative<ISTRI, false>}, {ISTRM, false, kNative<ISTRM, false>},
    };
    Flat f;
    Rng rng(42);
    unsigned cases = 0, mismatches = 0;
    for (const Variant& v : variants) {
        for (unsigned imm = 0; imm < 256; ++imm) {
            for (unsigned k = 0; k < 24; ++k, ++cases) {
                const Xmm a = random_string(rng), b = random_string(rng);
                const uint64_t rax = random_length(rng), rdx = random_length(rng);
                const Native want = v.fn[imm](a, b, rax, rdx);
                const Native got = emulated(f, v, static_cast<uint8_t>(imm), a, b, rax, rdx);
                if (same(want, got) || ++mismatches > 5) continue;
                INFO(std::hex << "op " << unsigned(v.op) << " rexw " << v.rexw << " imm " << imm << " a " << a.q[1]
                              << ':' << a.q[0] << " b " << b.q[1] << ':' << b.q[0] << " rax " << rax << " rdx " << rdx
                              << "\nwant " << want << "\ngot  " << got);
                CHECK(same(want, got));
            }
        }
    }
    CHECK(cases == 6 * 256 * 24);
    CHECK(mismatches == 0);
}
