// AES-NI: AESENC AESENCLAST AESDEC AESDECLAST AESIMC AESKEYGENASSIST.
// AES itself (FIPS-197) is written out here in portable C++: the S-box is derived from the
// multiplicative inverse in GF(2^8) and the affine map, and MixColumns multiplies in GF(2^8).
// The XMM register holds the AES state column by column: byte k is row k % 4, column k / 4.
#include <array>

#include "cpu/ops.hpp"
#include "cpu/simd.hpp"

namespace lstar {
namespace {

// ---- GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 §4.2) ----
constexpr uint8_t xtime(uint8_t a) { return static_cast<uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1b : 0)); }

constexpr uint8_t gf_mul(uint8_t a, uint8_t b) {
    uint8_t r = 0;
    for (; b != 0; b >>= 1, a = xtime(a))
        if (b & 1) r ^= a;
    return r;
}

// a^254 is a's inverse (a^255 = 1); 0 maps to 0 as FIPS-197 §5.1.1 asks.
constexpr uint8_t gf_inverse(uint8_t a) {
    uint8_t r = 1;
    for (int k = 0; k < 254; ++k) r = gf_mul(r, a);
    return r;
}

constexpr uint8_t rotl8(uint8_t b, int n) { return static_cast<uint8_t>((b << n) | (b >> (8 - n))); }

// ---- the S-box and its inverse (FIPS-197 §5.1.1, §5.3.2) ----
using ByteTable = std::array<uint8_t, 256>;

constexpr ByteTable make_sbox() {
    ByteTable s{};
    for (int x = 0; x < 256; ++x) {
        const uint8_t b = gf_inverse(static_cast<uint8_t>(x));
        s[x] = static_cast<uint8_t>(b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63);
    }
    return s;
}
constexpr ByteTable kSbox = make_sbox();

constexpr ByteTable make_inv_sbox() {
    ByteTable s{};
    for (int x = 0; x < 256; ++x) s[kSbox[x]] = static_cast<uint8_t>(x);
    return s;
}
constexpr ByteTable kInvSbox = make_inv_sbox();

static_assert(kSbox[0x00] == 0x63 && kSbox[0x53] == 0xed && kInvSbox[0xed] == 0x53);

// ---- the round steps on a 4x4 state ----
uint8_t state_at(const V128& s, unsigned row, unsigned col) { return s.b[row + 4 * col]; }

V128 sub_bytes(const V128& s, const ByteTable& box) {
    V128 r;
    for (unsigned k = 0; k < 16; ++k) r.b[k] = box[s.b[k]];
    return r;
}

// Row r rotates left by r columns (FIPS-197 §5.1.2); the inverse rotates right (§5.3.1).
V128 shift_rows(const V128& s) {
    V128 r;
    for (unsigned row = 0; row < 4; ++row)
        for (unsigned col = 0; col < 4; ++col) r.b[row + 4 * col] = state_at(s, row, (col + row) % 4);
    return r;
}
V128 inv_shift_rows(const V128& s) {
    V128 r;
    for (unsigned row = 0; row < 4; ++row)
        for (unsigned col = 0; col < 4; ++col) r.b[row + 4 * ((col + row) % 4)] = state_at(s, row, col);
    return r;
}

// Each column times a fixed polynomial: a circulant matrix whose first row is `coef`
// ({02 03 01 01} for MixColumns §5.1.3, {0e 0b 0d 09} for InvMixColumns §5.3.3).
using Circulant = std::array<uint8_t, 4>;
constexpr Circulant kMix = {0x02, 0x03, 0x01, 0x01};
constexpr Circulant kInvMix = {0x0e, 0x0b, 0x0d, 0x09};

V128 mix_columns(const V128& s, const Circulant& coef) {
    V128 r;
    for (unsigned col = 0; col < 4; ++col)
        for (unsigned row = 0; row < 4; ++row) {
            uint8_t v = 0;
            for (unsigned k = 0; k < 4; ++k) v ^= gf_mul(coef[(k + 4 - row) % 4], state_at(s, k, col));
            r.b[row + 4 * col] = v;
        }
    return r;
}

V128 add_round_key(const V128& s, const V128& key) {
    V128 r;
    for (unsigned k = 0; k < 16; ++k) r.b[k] = s.b[k] ^ key.b[k];
    return r;
}

// ---- the rounds as Intel defines them (SDM Vol. 2 AESENC ... AESDECLAST) ----
V128 enc_round(const V128& s, const V128& key) {
    return add_round_key(mix_columns(sub_bytes(shift_rows(s), kSbox), kMix), key);
}
V128 enc_last_round(const V128& s, const V128& key) {
    return add_round_key(sub_bytes(shift_rows(s), kSbox), key);
}
V128 dec_round(const V128& s, const V128& key) {
    return add_round_key(mix_columns(sub_bytes(inv_shift_rows(s), kInvSbox), kInvMix), key);
}
V128 dec_last_round(const V128& s, const V128& key) {
    return add_round_key(sub_bytes(inv_shift_rows(s), kInvSbox), key);
}

// Key expansion helpers (FIPS-197 §5.2): SubWord on the S-box, RotWord as a byte rotation.
uint32_t sub_word(uint32_t w) {
    uint32_t r = 0;
    for (unsigned k = 0; k < 4; ++k) r |= uint32_t{kSbox[(w >> (8 * k)) & 0xff]} << (8 * k);
    return r;
}
uint32_t rot_word(uint32_t w) { return (w >> 8) | (w << 24); }

// AESKEYGENASSIST: words 1 and 3 of the source, substituted, and rotated with RCON mixed in.
V128 keygen_assist(const V128& src, uint32_t rcon) {
    const uint32_t x1 = sub_word(src.lane<uint32_t>(1)), x3 = sub_word(src.lane<uint32_t>(3));
    V128 r;
    r.set_lane<uint32_t>(0, x1);
    r.set_lane<uint32_t>(1, rot_word(x1) ^ rcon);
    r.set_lane<uint32_t>(2, x3);
    r.set_lane<uint32_t>(3, rot_word(x3) ^ rcon);
    return r;
}

// ---- the instructions: xmm1 is the state, xmm2/m128 (aligned) the round key ----
template <V128 (*Round)(const V128&, const V128&)>
void aes_round(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const V128 key = read_x128(c, i, 1, true);
    set_xmm(c, i.op[0].reg, Round(get_xmm(c, i.op[0].reg), key));
}

}  // namespace

void op_aesenc(Cpu& c, const DecodedInsn& i) { aes_round<enc_round>(c, i); }
void op_aesenclast(Cpu& c, const DecodedInsn& i) { aes_round<enc_last_round>(c, i); }
void op_aesdec(Cpu& c, const DecodedInsn& i) { aes_round<dec_round>(c, i); }
void op_aesdeclast(Cpu& c, const DecodedInsn& i) { aes_round<dec_last_round>(c, i); }

// AESIMC turns an encryption round key into one for the equivalent inverse cipher.
void op_aesimc(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const V128 src = read_x128(c, i, 1, true);
    set_xmm(c, i.op[0].reg, mix_columns(src, kInvMix));
}

void op_aeskeygenassist(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const V128 src = read_x128(c, i, 1, true);
    set_xmm(c, i.op[0].reg, keygen_assist(src, static_cast<uint8_t>(i.imm)));
}

}  // namespace lstar
