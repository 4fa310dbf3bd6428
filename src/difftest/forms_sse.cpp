// The SSE rows of the forms table: SSE through SSE4.2 with the MMX forms of their integer
// instructions, AES-NI, PCLMULQDQ, CRC32, and XSAVE/XRSTOR. Grouped by extension as the SDM
// lists them; `elem` says what the vector lanes hold (the source's element type).
#include "difftest/rows.hpp"

namespace lstar::difftest {
namespace {

using namespace gen;
using enum Elem;
constexpr Feature SSE3 = Feature::SSE3, SSSE3 = Feature::SSSE3, SSE41 = Feature::SSE41, SSE42 = Feature::SSE42;

const Row kRows[] = {
    // SSE and SSE2 floating point
    simd("ADDPS SUBPS MULPS DIVPS MINPS MAXPS SQRTPS RCPPS RSQRTPS", "x,xm", F32),
    simd("ANDPS ANDNPS ORPS XORPS UNPCKHPS UNPCKLPS", "x,xm", F32),
    simd("ADDPD SUBPD MULPD DIVPD MINPD MAXPD SQRTPD", "x,xm", F64),
    simd("ANDPD ANDNPD ORPD XORPD UNPCKHPD UNPCKLPD", "x,xm", F64),
    simd("ADDSS SUBSS MULSS DIVSS MINSS MAXSS SQRTSS RCPSS RSQRTSS", "x,xm32", F32),
    simd("ADDSD SUBSD MULSD DIVSD MINSD MAXSD SQRTSD", "x,xm64", F64),
    simd("CMPPS", "x,xm,ib", F32, PRED),
    simd("CMPPD", "x,xm,ib", F64, PRED),
    simd("CMPSS", "x,xm32,ib", F32, PRED),
    simd("CMPSD", "x,xm64,ib", F64, PRED),
    simd("COMISS UCOMISS", "x,xm32", F32),
    simd("COMISD UCOMISD", "x,xm64", F64),
    simd("SHUFPS", "x,xm,ib", F32),
    simd("SHUFPD", "x,xm,ib", F64),
    simd("MOVAPS MOVUPS", "x,xm | m128,x", F32),
    simd("MOVAPD MOVUPD", "x,xm | m128,x", F64),
    simd("MOVSS", "x,xm32 | m32,x", F32),
    simd("MOVSD", "x,xm64 | m64,x", F64),
    simd("MOVLPS MOVHPS", "x,m64 | m64,x", F32),
    simd("MOVLPD MOVHPD", "x,m64 | m64,x", F64),
    simd("MOVHLPS MOVLHPS", "x,x", F32),
    simd("MOVMSKPS", "r32,x | r64,x", F32),
    simd("MOVMSKPD", "r32,x | r64,x", F64),
    simd("MOVNTPS", "m128,x", F32),
    simd("MOVNTPD", "m128,x", F64),
    simd("LDMXCSR", "m32", I32, MXCSR_SRC),
    simd("STMXCSR", "m32", I32),
    // conversions
    simd("CVTSI2SS CVTSI2SD", "x,rm32 | x,rm64", I64),
    simd("CVTSS2SI CVTTSS2SI", "r32,xm32 | r64,xm32", F32),
    simd("CVTSD2SI CVTTSD2SI", "r32,xm64 | r64,xm64", F64),
    simd("CVTPI2PS CVTPI2PD", "x,mmm", I32),
    simd("CVTPS2PI CVTTPS2PI", "mm,xm64", F32),
    simd("CVTPD2PI CVTTPD2PI", "mm,xm", F64),
    simd("CVTDQ2PS", "x,xm", I32),
    simd("CVTDQ2PD", "x,xm64", I32),
    simd("CVTPS2DQ CVTTPS2DQ", "x,xm", F32),
    simd("CVTPS2PD", "x,xm64", F32),
    simd("CVTPD2DQ CVTTPD2DQ CVTPD2PS", "x,xm", F64),
    simd("CVTSS2SD", "x,xm32", F32),
    simd("CVTSD2SS", "x,xm64", F64),

    // MMX, SSE and SSE2 integer: the MMX form and the XMM form of each
    simd("PADDB PSUBB PADDSB PSUBSB PADDUSB PSUBUSB PCMPEQB PCMPGTB", "mm,mmm | x,xm", I8),
    simd("PAVGB PMAXUB PMINUB PSADBW PUNPCKHBW", "mm,mmm | x,xm", I8),
    simd("PADDW PSUBW PADDSW PSUBSW PADDUSW PSUBUSW PCMPEQW PCMPGTW", "mm,mmm | x,xm", I16),
    simd("PAVGW PMAXSW PMINSW PMULLW PMULHW PMULHUW PMADDWD", "mm,mmm | x,xm", I16),
    simd("PACKSSWB PACKUSWB PUNPCKHWD", "mm,mmm | x,xm", I16),
    simd("PADDD PSUBD PCMPEQD PCMPGTD PACKSSDW PUNPCKHDQ PMULUDQ", "mm,mmm | x,xm", I32),
    simd("PADDQ PSUBQ PAND PANDN POR PXOR", "mm,mmm | x,xm", I64),
    simd("PUNPCKLBW", "mm,mmm32 | x,xm", I8),
    simd("PUNPCKLWD", "mm,mmm32 | x,xm", I16),
    simd("PUNPCKLDQ", "mm,mmm32 | x,xm", I32),
    simd("PSLLW PSRLW PSRAW", "mm,mmm | mm,ib | x,xm | x,ib", I16, SHIFT),
    simd("PSLLD PSRLD PSRAD", "mm,mmm | mm,ib | x,xm | x,ib", I32, SHIFT),
    simd("PSLLQ PSRLQ", "mm,mmm | mm,ib | x,xm | x,ib", I64, SHIFT),
    simd("PSLLDQ PSRLDQ", "x,ib", I8, SHIFT),
    simd("PSHUFW", "mm,mmm,ib", I16),
    simd("PSHUFD", "x,xm,ib", I32),
    simd("PSHUFHW PSHUFLW", "x,xm,ib", I16),
    simd("PUNPCKHQDQ PUNPCKLQDQ", "x,xm", I64),
    simd("PEXTRW", "r32,mm,ib | r32,x,ib", I16, PRED),
    simd("PEXTRW", "m16,x,ib", I16, PRED, SSE41),
    simd("PINSRW", "mm,r32,ib | mm,m16,ib | x,r32,ib | x,m16,ib", I16, PRED),
    simd("PMOVMSKB", "r32,mm | r32,x", I8),
    simd("MOVD", "x,rm32 | rm32,x | mm,rm32 | rm32,mm", I32),
    simd("MOVQ", "x,rm64 | rm64,x | x,xm64 | m64,x | mm,rm64 | rm64,mm | mm,mmm | m64,mm", I64),
    simd("MOVDQA MOVDQU", "x,xm | m128,x", I8),
    simd("MOVQ2DQ", "x,mm", I64),
    simd("MOVDQ2Q", "mm,x", I64),
    simd("MOVNTQ", "m64,mm", I64),
    simd("MOVNTDQ", "m128,x", I64),
    simd("MOVNTI", "m32,r32 | m64,r64", I32),
    simd("MASKMOVQ", "mm,mm", I8, MASKMOV | A32),
    simd("MASKMOVDQU", "x,x", I8, MASKMOV | A32),
    simd("EMMS", "-", NONE),

    // SSE3
    simd("ADDSUBPS HADDPS HSUBPS MOVSHDUP MOVSLDUP", "x,xm", F32, 0, SSE3),
    simd("ADDSUBPD HADDPD HSUBPD", "x,xm", F64, 0, SSE3),
    simd("MOVDDUP", "x,xm64", F64, 0, SSE3),
    simd("LDDQU", "x,m128", I8, 0, SSE3),

    // SSSE3, with MMX forms
    simd("PABSB PSIGNB PSHUFB PMADDUBSW", "mm,mmm | x,xm", I8, 0, SSSE3),
    simd("PABSW PSIGNW PHADDW PHSUBW PHADDSW PHSUBSW PMULHRSW", "mm,mmm | x,xm", I16, 0, SSSE3),
    simd("PABSD PSIGND PHADDD PHSUBD", "mm,mmm | x,xm", I32, 0, SSSE3),
    simd("PALIGNR", "mm,mmm,ib | x,xm,ib", I8, SHIFT, SSSE3),

    // SSE4.1
    simd("BLENDPS", "x,xm,ib", F32, 0, SSE41),
    simd("BLENDPD", "x,xm,ib", F64, 0, SSE41),
    simd("BLENDVPS", "x,xm", F32, 0, SSE41),  // XMM0 is the implicit mask
    simd("BLENDVPD", "x,xm", F64, 0, SSE41),
    simd("DPPS", "x,xm,ib", F32, 0, SSE41),
    simd("DPPD", "x,xm,ib", F64, 0, SSE41),
    simd("ROUNDPS", "x,xm,ib", F32, PRED, SSE41),
    simd("ROUNDPD", "x,xm,ib", F64, PRED, SSE41),
    simd("ROUNDSS", "x,xm32,ib", F32, PRED, SSE41),
    simd("ROUNDSD", "x,xm64,ib", F64, PRED, SSE41),
    simd("INSERTPS", "x,xm32,ib", F32, 0, SSE41),
    simd("EXTRACTPS", "rm32,x,ib", F32, PRED, SSE41),
    simd("PMAXSB PMINSB PBLENDVB", "x,xm", I8, 0, SSE41),
    simd("MPSADBW", "x,xm,ib", I8, 0, SSE41),
    simd("PMAXUW PMINUW PHMINPOSUW", "x,xm", I16, 0, SSE41),
    simd("PBLENDW", "x,xm,ib", I16, 0, SSE41),
    simd("PMAXSD PMINSD PMAXUD PMINUD PMULLD PMULDQ PACKUSDW", "x,xm", I32, 0, SSE41),
    simd("PCMPEQQ PTEST", "x,xm", I64, 0, SSE41),
    simd("PMOVSXBW PMOVZXBW", "x,xm64", I8, 0, SSE41),
    simd("PMOVSXBD PMOVZXBD", "x,xm32", I8, 0, SSE41),
    simd("PMOVSXBQ PMOVZXBQ", "x,xm16", I8, 0, SSE41),
    simd("PMOVSXWD PMOVZXWD", "x,xm64", I16, 0, SSE41),
    simd("PMOVSXWQ PMOVZXWQ", "x,xm32", I16, 0, SSE41),
    simd("PMOVSXDQ PMOVZXDQ", "x,xm64", I32, 0, SSE41),
    simd("PEXTRB", "r32,x,ib | m8,x,ib", I8, PRED, SSE41),
    simd("PEXTRD", "rm32,x,ib", I32, PRED, SSE41),
    simd("PEXTRQ", "rm64,x,ib", I64, PRED, SSE41),
    simd("PINSRB", "x,r32,ib | x,m8,ib", I8, PRED, SSE41),
    simd("PINSRD", "x,rm32,ib", I32, PRED, SSE41),
    simd("PINSRQ", "x,rm64,ib", I64, PRED, SSE41),
    simd("MOVNTDQA", "x,m128", I64, 0, SSE41),

    // SSE4.2
    simd("PCMPGTQ", "x,xm", I64, 0, SSE42),
    simd("PCMPESTRI PCMPESTRM PCMPISTRI PCMPISTRM", "x,xm,ib", I8, STRCMP, SSE42),
    simd("CRC32", "r32,rm8 | r32,rm16 | r32,rm32 | r64,rm8 | r64,rm64", NONE, 0, SSE42),

    // AES-NI and carry-less multiplication
    simd("AESENC AESENCLAST AESDEC AESDECLAST AESIMC", "x,xm", I64, 0, Feature::AES),
    simd("AESKEYGENASSIST", "x,xm,ib", I64, 0, Feature::AES),
    simd("PCLMULQDQ", "x,xm,ib", I64, PRED, Feature::PCLMUL),

    // XSAVE and XRSTOR of the x87 and SSE components: the legacy area and the header. With no
    // XRSTOR from the same area before it, XSAVEOPT saves what XSAVE saves.
    simd("XSAVE XSAVE64 XRSTOR XRSTOR64", "m4608", NONE, XSAVE, Feature::XSAVE),
    simd("XSAVEOPT XSAVEOPT64", "m4608", NONE, XSAVE, Feature::XSAVEOPT),
    simd("XSETBV", "-", NONE),  // privileged: #GP(0) at CPL 3
};

}  // namespace

std::span<const Row> sse_rows() { return kRows; }

}  // namespace lstar::difftest
