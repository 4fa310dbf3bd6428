// AES-NI (src/cpu/aes.cpp). Fixed values are the FIPS-197 Appendix A.1 and C.1 vectors (the
// AES-128 example cipher, round by round); the sweeps compare with the host's AES-NI.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "harness.hpp"
#include "sse42_sweep.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
// A FIPS-197 hex string: its first byte is the register's byte 0.
Xmm hex(const std::string& s) {
    Xmm x{};
    auto* b = reinterpret_cast<uint8_t*>(x.q);
    for (unsigned k = 0; k < 16; ++k) b[k] = static_cast<uint8_t>(std::stoul(s.substr(2 * k, 2), nullptr, 16));
    return x;
}
bool same(const Xmm& a, const Xmm& b) { return a.q[0] == b.q[0] && a.q[1] == b.q[1]; }
Xmm xor128(const Xmm& a, const Xmm& b) { return Xmm{{a.q[0] ^ b.q[0], a.q[1] ^ b.q[1]}}; }

// Opcode bytes after 66 0F 38 (SDM Vol. 2 AESENC ...).
constexpr uint8_t AESIMC = 0xdb, AESENC = 0xdc, AESENCLAST = 0xdd, AESDEC = 0xde, AESDECLAST = 0xdf;

// `op xmm1, xmm2` on lstar.
Xmm round(Flat& f, uint8_t op, const Xmm& state, const Xmm& key) {
    f.cpu.s.xmm[1] = state, f.cpu.s.xmm[2] = key;
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, op, 0xca})));
    return f.cpu.s.xmm[1];
}
// `aeskeygenassist xmm1, xmm2, rcon` on lstar.
Xmm keygen_assist(Flat& f, const Xmm& key, uint8_t rcon) {
    f.cpu.s.xmm[2] = key;
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0xdf, 0xca, rcon})));
    return f.cpu.s.xmm[1];
}

// Runs a code sequence (plus INT3) that exec()'s initializer list cannot hold.
StopInfo exec_bytes(Flat& f, std::vector<uint8_t> code) {
    code.push_back(0xcc);
    f.cpu.write_mem(CODE, code.data(), code.size());
    f.cpu.set_rip(CODE);
    return f.cpu.run(1000);
}
// `op xmm0, xmmN` for N = 1..15.
void emit(std::vector<uint8_t>& code, uint8_t op, unsigned n) {
    code.push_back(0x66);
    if (n >= 8) code.push_back(0x41);  // REX.B
    for (uint8_t b : {uint8_t{0x0f}, uint8_t{0x38}, op, static_cast<uint8_t>(0xc0 | (n & 7))}) code.push_back(b);
}

// The AES-128 key schedule (FIPS-197 §5.2), with AESKEYGENASSIST doing SubWord, RotWord and Rcon.
std::array<Xmm, 11> expand_key(Flat& f, const Xmm& key) {
    static const uint8_t rcon[10] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};
    std::array<Xmm, 11> k{};
    k[0] = key;
    for (unsigned r = 1; r <= 10; ++r) {
        const uint32_t t = static_cast<uint32_t>(keygen_assist(f, k[r - 1], rcon[r - 1]).q[1] >> 32);
        uint32_t w[4];
        std::memcpy(w, k[r - 1].q, 16);
        w[0] ^= t, w[1] ^= w[0], w[2] ^= w[1], w[3] ^= w[2];
        std::memcpy(k[r].q, w, 16);
    }
    return k;
}

const Xmm kPlain = hex("00112233445566778899aabbccddeeff");
const Xmm kKey = hex("000102030405060708090a0b0c0d0e0f");
const Xmm kCipher = hex("69c4e0d86a7b0430d8cdb78070b4c55a");
}  // namespace

TEST_CASE("AES round steps match FIPS-197 C.1 round 1", "[aes]") {
    Flat f;
    const Xmm start = hex("00102030405060708090a0b0c0d0e0f0");
    const Xmm s_row = hex("6353e08c0960e104cd70b751bacad0e7");  // after SubBytes and ShiftRows
    const Xmm m_col = hex("5f72641557f5bc92f7be3b291db9f91a");  // after MixColumns
    const Xmm zero{};
    CHECK(same(round(f, AESENC, start, zero), m_col));
    CHECK(same(round(f, AESENCLAST, start, zero), s_row));
    CHECK(same(round(f, AESIMC, zero, m_col), s_row));     // AESIMC is InvMixColumns
    CHECK(same(round(f, AESDECLAST, s_row, zero), start));  // InvShiftRows, InvSubBytes
    // The round key is XORed last.
    const Xmm k1 = hex("d6aa74fdd2af72fadaa678f1d6ab76fe");
    CHECK(same(round(f, AESENC, start, k1), xor128(m_col, k1)));
}

TEST_CASE("AESKEYGENASSIST gives FIPS-197 A.1's first temp word", "[aes]") {
    Flat f;
    // w3 = 09cf4f3c: RotWord cf4f3c09, SubWord 8a84eb01, ^ Rcon 01000000 = 8b84eb01 in dword 3.
    const Xmm r = keygen_assist(f, hex("2b7e151628aed2a6abf7158809cf4f3c"), 0x01);
    CHECK(same(r, hex("34e4b524e5b52434018a84eb8b84eb01")));
}

TEST_CASE("AES-128 encrypts and decrypts the FIPS-197 C.1 example", "[aes]") {
    Flat f;
    const std::array<Xmm, 11> k = expand_key(f, kKey);
    CHECK(same(k[1], hex("d6aa74fdd2af72fadaa678f1d6ab76fe")));
    CHECK(same(k[10], hex("13111d7fe3944a17f307a78b4d2b30c5")));

    // Encrypt: xmm0 = plaintext ^ k0; aesenc xmm0, xmm1..xmm9; aesenclast xmm0, xmm10.
    std::vector<uint8_t> code;
    for (unsigned r = 1; r <= 9; ++r) emit(code, AESENC, r);
    emit(code, AESENCLAST, 10);
    for (unsigned r = 1; r <= 10; ++r) f.cpu.s.xmm[r] = k[r];
    f.cpu.s.xmm[0] = xor128(kPlain, k[0]);
    REQUIRE(Flat::ok(exec_bytes(f, code)));
    CHECK(same(f.cpu.s.xmm[0], kCipher));

    // Decrypt with the equivalent inverse cipher (FIPS-197 §5.3.5): AESIMC on keys 1..9.
    code.clear();
    std::array<Xmm, 11> dk = k;
    for (unsigned r = 1; r <= 9; ++r) dk[r] = round(f, AESIMC, Xmm{}, k[r]);
    for (unsigned r = 9; r >= 1; --r) emit(code, AESDEC, r);
    emit(code, AESDECLAST, 10);
    for (unsigned r = 1; r <= 9; ++r) f.cpu.s.xmm[r] = dk[r];
    f.cpu.s.xmm[10] = k[0];
    f.cpu.s.xmm[0] = xor128(kCipher, k[10]);
    REQUIRE(Flat::ok(exec_bytes(f, code)));
    CHECK(same(f.cpu.s.xmm[0], kPlain));
}

TEST_CASE("AES instructions need an aligned memory operand and SSE enabled", "[aes]") {
    Flat f;
    const Xmm start = hex("00102030405060708090a0b0c0d0e0f0");
    f.cpu.s.xmm[1] = start;
    f.set(RSI, DATA + 8);
    REQUIRE(Flat::faulted(f.exec({0x66, 0x0f, 0x38, 0xdc, 0x0e}), Vec::GP));  // aesenc xmm1, [rsi]
    CHECK(same(f.cpu.s.xmm[1], start));
    REQUIRE(Flat::faulted(f.exec({0x66, 0x0f, 0x3a, 0xdf, 0x0e, 0x01}), Vec::GP));  // aeskeygenassist
    f.set(RSI, DATA + 16);  // zeros
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0xdc, 0x0e})));
    CHECK(same(f.cpu.s.xmm[1], hex("5f72641557f5bc92f7be3b291db9f91a")));
    f.cpu.s.cr4 &= ~cr4::OSFXSR;
    REQUIRE(Flat::faulted(f.exec({0x66, 0x0f, 0x38, 0xdb, 0xca}), Vec::UD));
    f.cpu.s.cr4 |= cr4::OSFXSR;
    f.cpu.s.cr0 |= cr0::TS;
    REQUIRE(Flat::faulted(f.exec({0x66, 0x0f, 0x38, 0xde, 0xca}), Vec::NM));
}

// ---- the sweep against the host CPU ----
namespace {
// `op xmm1, xmm2` (66 0F 38 op) run natively.
template <uint8_t Op>
Xmm native_round(Xmm state, const Xmm& key) {
    asm("movdqa %[s], %%xmm1\n\tmovdqa %[k], %%xmm2\n\t"
        ".byte 0x66, 0x0f, 0x38, %c[op], 0xca\n\t"
        "movdqa %%xmm1, %[s]"
        : [s] "+m"(state)
        : [k] "m"(key), [op] "i"(Op)
        : "xmm1", "xmm2");
    return state;
}
template <uint8_t Imm>
Xmm native_keygen(const Xmm& src) {
    Xmm r;
    asm("movdqa %[s], %%xmm2\n\t"
        ".byte 0x66, 0x0f, 0x3a, 0xdf, 0xca, %c[imm]\n\t"
        "movdqa %%xmm1, %[r]"
        : [r] "=m"(r)
        : [s] "m"(src), [imm] "i"(Imm)
        : "xmm1", "xmm2");
    return r;
}
using KeygenFn = Xmm (*)(const Xmm&);
}  // namespace

TEST_CASE("AES rounds match the host's AES-NI", "[aes]") {
    if (!__builtin_cpu_supports("aes")) {
        WARN("host lacks AES-NI: sweep skipped");
        return;
    }
    struct Op {
        uint8_t op;
        Xmm (*native)(Xmm, const Xmm&);
    };
    const Op ops[] = {{AESENC, native_round<AESENC>}, {AESENCLAST, native_round<AESENCLAST>},
                      {AESDEC, native_round<AESDEC>}, {AESDECLAST, native_round<AESDECLAST>},
                      {AESIMC, native_round<AESIMC>}};
    Flat f;
    Rng rng(3);
    unsigned bad = 0;
    for (const Op& o : ops) {
        for (unsigned k = 0; k < 400; ++k) {
            const Xmm state{{rng.next(), rng.next()}}, key{{rng.next(), rng.next()}};
            const Xmm want = o.native(state, key), got = round(f, o.op, state, key);
            if (!same(want, got) && ++bad <= 3) {
                INFO(std::hex << "op " << unsigned(o.op) << " state " << state.q[1] << ':' << state.q[0] << " key "
                              << key.q[1] << ':' << key.q[0]);
                CHECK(same(want, got));
            }
        }
    }
    CHECK(bad == 0);
}

TEST_CASE("AESKEYGENASSIST matches the host for every imm8", "[aes]") {
    if (!__builtin_cpu_supports("aes")) {
        WARN("host lacks AES-NI: sweep skipped");
        return;
    }
    static constexpr auto native =
        imm8_table<KeygenFn>([](auto imm) -> KeygenFn { return native_keygen<imm()>; });
    Flat f;
    Rng rng(5);
    unsigned bad = 0;
    for (unsigned imm = 0; imm < 256; ++imm) {
        for (unsigned k = 0; k < 4; ++k) {
            const Xmm src{{rng.next(), rng.next()}};
            const Xmm want = native[imm](src), got = keygen_assist(f, src, static_cast<uint8_t>(imm));
            if (!same(want, got) && ++bad <= 3) {
                INFO(std::hex << "imm " << imm << " src " << src.q[1] << ':' << src.q[0]);
                CHECK(same(want, got));
            }
        }
    }
    CHECK(bad == 0);
}
