// Carry-less (GF(2) polynomial) arithmetic: CRC32 (SSE4.2) and PCLMULQDQ.
#include "cpu/ops.hpp"
#include "cpu/simd.hpp"

namespace lstar {
namespace {

// ---- the algorithms ----
// CRC-32C (Castagnoli, polynomial 11EDC6F41H) of the bits of `data`, least significant first,
// continuing from `crc`, with no pre- or post-inversion. The SDM's definition (Vol. 2 CRC32)
// reflects the operands, divides and reflects back; shifting right with the reflected
// polynomial is the same computation one bit at a time.
template <class T>
uint32_t crc32c(uint32_t crc, T data) {
    constexpr uint32_t reflected_poly = 0x82f63b78;
    for (unsigned k = 0; k < bits_of<T>(); ++k) {
        const bool low = (crc ^ static_cast<uint32_t>(data >> k)) & 1;
        crc = (crc >> 1) ^ (low ? reflected_poly : 0);
    }
    return crc;
}

// The 128-bit carry-less product of two 64-bit polynomials (SDM Vol. 2 PCLMULQDQ).
struct Product128 {
    uint64_t lo, hi;
};
Product128 clmul(uint64_t a, uint64_t b) {
    Product128 p{0, 0};
    for (unsigned k = 0; k < 64; ++k) {
        if (!((b >> k) & 1)) continue;
        p.lo ^= a << k;
        if (k != 0) p.hi ^= a >> (64 - k);
    }
    return p;
}

// ---- the instructions ----
// CRC32 r32/r64, r/m: only the low 32 bits of the destination take part, and the result
// zero-extends into a 64-bit destination. A GPR instruction: no CR0/CR4 SSE checks.
template <class T>
void crc32_of(Cpu& c, const DecodedInsn& i) {
    const T data = read_op<T>(c, i, 1);
    const uint32_t crc = get_reg<uint32_t>(c, i.op[0].reg);
    set_reg<uint32_t>(c, i.op[0].reg, crc32c<T>(crc, data));
}

}  // namespace

void op_crc32(Cpu& c, const DecodedInsn& i) {
    switch (i.op[1].size) {
    case 1: return crc32_of<uint8_t>(c, i);
    case 2: return crc32_of<uint16_t>(c, i);
    case 4: return crc32_of<uint32_t>(c, i);
    default: return crc32_of<uint64_t>(c, i);
    }
}

// imm8[0] picks the quadword of xmm1, imm8[4] that of xmm2/m128 (an aligned 128-bit operand).
void op_pclmulqdq(Cpu& c, const DecodedInsn& i) {
    check_sse(c);
    const V128 src = read_x128(c, i, 1, true);
    const V128 dst = get_xmm(c, i.op[0].reg);
    const Product128 p = clmul(dst.lane<uint64_t>(i.imm & 1), src.lane<uint64_t>((i.imm >> 4) & 1));
    V128 r;
    r.set_lane<uint64_t>(0, p.lo);
    r.set_lane<uint64_t>(1, p.hi);
    set_xmm(c, i.op[0].reg, r);
}

}  // namespace lstar
