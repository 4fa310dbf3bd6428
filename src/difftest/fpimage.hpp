// The x87, MMX and SSE state of a case, kept as the 512-byte FXSAVE64 image (SDM Vol. 1
// §10.5.1, Table 10-2): the host loads it with FXRSTOR64, the Linux signal frame hands the
// state back in the same layout (struct _libc_fpstate), and lstar's side converts it.
#pragma once
#include <cstdint>
#include <cstring>

namespace lstar::difftest {

// An 80-bit x87 register: 64-bit significand with its explicit integer bit, sign and exponent.
struct F80 {
    uint64_t mant = 0;
    uint16_t se = 0;  // bit 15 sign, bits 14:0 biased exponent
};

struct alignas(16) FpImage {
    // Byte offsets in the image.
    static constexpr unsigned FCW = 0, FSW = 2, FTW = 4, FOP = 6, FIP = 8, FDP = 16, MXCSR = 24,
                              MXCSR_MASK = 28, ST = 32, XMM = 160;

    uint8_t b[512];

    template <class T>
    T get(unsigned off) const {
        T v;
        std::memcpy(&v, b + off, sizeof v);
        return v;
    }
    template <class T>
    void set(unsigned off, T v) { std::memcpy(b + off, &v, sizeof v); }

    uint16_t fcw() const { return get<uint16_t>(FCW); }
    uint16_t fsw() const { return get<uint16_t>(FSW); }
    uint8_t ftw() const { return b[FTW]; }  // abridged: bit n set when physical register n is not empty
    uint16_t fop() const { return get<uint16_t>(FOP); }
    uint64_t fip() const { return get<uint64_t>(FIP); }
    uint64_t fdp() const { return get<uint64_t>(FDP); }
    uint32_t mxcsr() const { return get<uint32_t>(MXCSR); }
    unsigned top() const { return fsw() >> 11 & 7; }
    // ST(i), in stack order as FXSAVE stores it (ST(0) first), not physical order.
    F80 st(unsigned i) const { return F80{get<uint64_t>(ST + 16 * i), get<uint16_t>(ST + 16 * i + 8)}; }
    void set_st(unsigned i, F80 v) {
        set(ST + 16 * i, v.mant);
        set(ST + 16 * i + 8, v.se);
    }
    const uint8_t* xmm(unsigned n) const { return b + XMM + 16 * n; }
    uint8_t* xmm(unsigned n) { return b + XMM + 16 * n; }

    // The state after FNINIT with MXCSR at its reset value and every register zero: what a
    // gp case starts from.
    static FpImage init() {
        FpImage f{};
        f.set<uint16_t>(FCW, 0x37f);
        f.set<uint32_t>(MXCSR, 0x1f80);
        f.set<uint32_t>(MXCSR_MASK, 0xffff);
        return f;
    }
};
static_assert(sizeof(FpImage) == 512);

}  // namespace lstar::difftest
