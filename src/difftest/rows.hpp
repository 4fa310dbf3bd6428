// The rows of the forms table (forms.cpp expands them): one row per instruction family, in
// three parts by ISA: gp rows in forms.cpp, SSE rows in forms_sse.cpp, x87 rows in forms_x87.cpp.
#pragma once
#include <cstdint>
#include <span>

#include "difftest/case.hpp"

namespace lstar::difftest {

// names:    mnemonics sharing the row, space-separated
// patterns: operand patterns separated by '|'; "-" is the form without operands
//           r m rm   general-purpose register / memory / both, of the row's width
//                    (r8 m16 rm32 ... fix the size in bits; m32f m64f m80f float, m16i m32i
//                    m64i integer, m80b packed-BCD memory contents)
//           a        the accumulator     cl  the count register     1  the constant 1
//           i ib iw iq  immediate of the width (at most 32 bits), 8, 16 or 64 bits
//           ma       an address that is only computed    mo  MOV's 64-bit absolute address
//           rel8 rel32  branch targets
//           x xm     XMM register / XMM register or m128 (xm32 xm64 xm16: a smaller memory twin)
//           mm mmm   MMX register / MMX register or m64 (mmm32: an m32 twin)
//           st st0   x87 register ST(i) / ST(0)
// widths:   operand sizes, from "bwdq"; "-" when the mnemonic or operands fix the size
// elem:     what vector registers and memory operands hold (SSE and x87 rows)
struct Row {
    const char* names;
    const char* patterns;
    const char* widths;
    uint32_t flags = 0;
    Feature feature = Feature::NONE;
    Elem elem = Elem::NONE;
};

// An SSE or x87 row: the operands fix every size.
constexpr Row simd(const char* names, const char* patterns, Elem elem, uint32_t flags = 0,
                   Feature feature = Feature::NONE) {
    return Row{names, patterns, "-", flags, feature, elem};
}

std::span<const Row> gp_rows();   // forms.cpp
std::span<const Row> sse_rows();  // forms_sse.cpp
std::span<const Row> x87_rows();  // forms_x87.cpp

}  // namespace lstar::difftest
