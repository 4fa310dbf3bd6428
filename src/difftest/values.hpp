// Random numbers for the generator: a small deterministic PRNG and values weighted towards the
// ones that break arithmetic (0, 1, -1, sign boundaries of every width).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace lstar::difftest {

// xoshiro256** seeded through splitmix64: the same seed gives the same cases on every host.
class Rng {
public:
    explicit Rng(uint64_t seed) {
        for (uint64_t& w : s_) {
            seed += 0x9e3779b97f4a7c15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            w = z ^ (z >> 31);
        }
    }
    uint64_t next() {
        const uint64_t r = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return r;
    }
    // Uniform in [0, n); n == 0 gives 0.
    uint64_t below(uint64_t n) { return n ? static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64) : 0; }
    bool chance(unsigned percent) { return below(100) < percent; }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

inline uint64_t width_mask(unsigned bytes) { return bytes >= 8 ? ~0ull : (1ull << (bytes * 8)) - 1; }

inline uint64_t sext(uint64_t v, unsigned bytes) {
    if (bytes >= 8) return v;
    const unsigned sh = 64 - bytes * 8;
    return static_cast<uint64_t>(static_cast<int64_t>(v << sh) >> sh);
}

// A value of `bytes` bytes (zero-extended), weighted towards the edges.
inline uint64_t special(Rng& r, unsigned bytes) {
    static constexpr uint64_t kBoundaries[] = {
        0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
        0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
    };
    const uint64_t mask = width_mask(bytes);
    const unsigned bits = bytes * 8;
    const uint64_t msb = 1ull << (bits - 1);
    switch (r.below(24)) {
    case 0:
    case 1: return 0;
    case 2: return 1;
    case 3:
    case 4: return mask;                       // -1
    case 5: return msb;                        // most negative
    case 6: return msb - 1;                    // most positive
    case 7: return (msb + 1) & mask;
    case 8: return (2 + r.below(63)) & mask;   // small
    case 9: return (0 - (2 + r.below(63))) & mask;
    case 10:
    case 11: return kBoundaries[r.below(sizeof kBoundaries / sizeof kBoundaries[0])] & mask;
    case 12: return 1ull << r.below(bits);     // one bit
    case 13: return mask ^ (1ull << r.below(bits));
    default: return r.next() & mask;
    }
}

// The initial contents of a 64-bit register: special values of every width, zero- or
// sign-extended, or special low bits under random upper bits.
inline uint64_t reg_value(Rng& r) {
    static constexpr unsigned kWidths[] = {1, 2, 4, 8};
    const unsigned w = kWidths[r.below(4)];
    const uint64_t v = special(r, w);
    switch (r.below(4)) {
    case 0: return v;
    case 1: return sext(v, w);
    default: return (r.next() & ~width_mask(w)) | v;
    }
}

inline void fill_random(Rng& r, uint8_t* p, size_t n) {
    for (size_t i = 0; i + 8 <= n; i += 8) {
        const uint64_t v = r.next();
        std::memcpy(p + i, &v, 8);
    }
}

}  // namespace lstar::difftest
