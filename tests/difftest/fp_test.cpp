// The x87/SSE side of the differential tester: the host runs SSE and x87 cases from a given
// state and hands the state back (native.cpp, trampoline.S), the comparison sees every field
// (compare.cpp, undefined.cpp), and the generator reaches NaNs, denormals, rounding modes and
// the exceptions (fpstate.cpp). Expected values come from the SDM.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <set>

#include "difftest/case.hpp"
#include "difftest/difftest.hpp"

using namespace lstar::difftest;

namespace {

constexpr uint16_t OFF = 0x100;
constexpr unsigned RBX = 3;

Input make_case(std::initializer_list<uint8_t> bytes) {
    Input in{};
    in.valid = true;
    in.code_off = OFF;
    in.len = static_cast<uint8_t>(bytes.size());
    std::memcpy(in.bytes, bytes.begin(), bytes.size());
    in.regs.rip = CODE + OFF;
    in.regs.rflags = 0x202;
    in.regs.gpr[4] = DATA + 0x1000;
    in.fp = FpImage::init();
    std::memset(in.data, 0x5a, DATA_BYTES);
    return in;
}

void set_ps(FpImage& fp, unsigned n, std::initializer_list<float> lanes) {
    unsigned k = 0;
    for (float v : lanes) std::memcpy(fp.xmm(n) + 4 * k++, &v, 4);
}
uint32_t lane32(const FpImage& fp, unsigned n, unsigned k) {
    uint32_t v;
    std::memcpy(&v, fp.xmm(n) + 4 * k, 4);
    return v;
}

std::vector<Outcome> run_host(const std::vector<Input>& cases) {
    std::vector<Outcome> host, emu;
    std::vector<CaseFate> fate;
    std::string error;
    REQUIRE(run_cases(cases, host, emu, fate, error));
    for (const CaseFate& f : fate) REQUIRE(f.fate != Fate::HOST_DIED);
    return host;
}

uint32_t form_index(const std::string& text) {
    for (uint32_t i = 0; i < forms().size(); ++i)
        if (forms()[i].text == text) return i;
    FAIL("no form " << text);
    return 0;
}

constexpr uint16_t TOP7 = 7u << 11, C1 = 1u << 9, SF = 1u << 6, IE = 1;

}  // namespace

TEST_CASE("native fp: ADDPS gives IEEE results and MXCSR flags", "[difftest][sse]") {
    Input in = make_case({0x0f, 0x58, 0xca});  // addps xmm1, xmm2
    set_ps(in.fp, 1, {1.0f, 3e38f, INFINITY, 1.5f});
    set_ps(in.fp, 2, {2.0f, 3e38f, -INFINITY, 0.0f});
    const uint32_t snan = 0x7f800001;
    std::memcpy(in.fp.xmm(2) + 12, &snan, 4);
    const Outcome h = run_host({in})[0];
    CHECK(h.vector == VEC_BP);
    CHECK(lane32(h.fp, 1, 0) == std::bit_cast<uint32_t>(3.0f));
    CHECK(lane32(h.fp, 1, 1) == 0x7f800000);  // overflow rounds to +inf
    CHECK(lane32(h.fp, 1, 2) == 0xffc00000);  // inf + -inf: the default NaN
    CHECK(lane32(h.fp, 1, 3) == 0x7fc00001);  // an SNaN operand comes back quieted
    CHECK(h.fp.mxcsr() == (0x1f80 | 0x01 | 0x08 | 0x20));  // IE OE PE
    CHECK(std::memcmp(h.fp.xmm(2), in.fp.xmm(2), 16) == 0);
}

TEST_CASE("native fp: an unmasked SSE exception is #XM and writes nothing", "[difftest][sse]") {
    Input in = make_case({0xf3, 0x0f, 0x5e, 0xdc});  // divss xmm3, xmm4
    set_ps(in.fp, 3, {1.0f, 2.0f, 3.0f, 4.0f});
    set_ps(in.fp, 4, {0.0f, 0.0f, 0.0f, 0.0f});
    in.fp.set<uint32_t>(FpImage::MXCSR, 0x1f80 & ~(1u << 9));  // ZM clear
    const Outcome h = run_host({in})[0];
    CHECK(h.vector == VEC_XM);
    CHECK(h.regs.rip == CODE + OFF);
    CHECK(std::memcmp(h.fp.xmm(3), in.fp.xmm(3), 16) == 0);
    CHECK(h.fp.mxcsr() == ((0x1f80 & ~(1u << 9)) | 0x04));  // ZE is set all the same
}

TEST_CASE("native fp: a misaligned MOVAPS operand is #GP(0)", "[difftest][sse]") {
    Input in = make_case({0x0f, 0x28, 0x0b});  // movaps xmm1, [rbx]
    in.regs.gpr[RBX] = DATA + 0x108;
    Input ok = in;
    ok.regs.gpr[RBX] = DATA + 0x100;
    const auto h = run_host({in, ok});
    CHECK(h[0].vector == VEC_GP);
    CHECK(h[0].error == 0);
    CHECK(h[1].vector == VEC_BP);
    CHECK(std::memcmp(h[1].fp.xmm(1), in.data + 0x100, 16) == 0);
}

TEST_CASE("native fp: FLD1 pushes 1.0 and records FIP; a full stack overflows", "[difftest][x87]") {
    Input empty = make_case({0xd9, 0xe8});  // fld1
    Input full = empty;
    full.fp.b[FpImage::FTW] = 0xff;
    const auto h = run_host({empty, full});
    CHECK(h[0].fp.fsw() == TOP7);
    CHECK(h[0].fp.ftw() == 0x80);
    CHECK(h[0].fp.st(0).se == 0x3fff);
    CHECK(h[0].fp.st(0).mant == 0x8000000000000000);
    CHECK(h[0].fp.fip() == CODE + OFF);  // the address of the last x87 instruction
    // Masked stack overflow: IE, SF and C1 set; the real indefinite pushed.
    CHECK(h[1].fp.fsw() == (TOP7 | C1 | SF | IE));
    CHECK(h[1].fp.st(0).se == 0xffff);
    CHECK(h[1].fp.st(0).mant == 0xc000000000000000);
}

TEST_CASE("native fp: a pending unmasked x87 exception is #MF at the next FADD", "[difftest][x87]") {
    Input in = make_case({0xd8, 0xc1});  // fadd st0, st1
    in.fp.set<uint16_t>(FpImage::FCW, 0x37e);               // IM clear
    in.fp.set<uint16_t>(FpImage::FSW, 0x8081 | 6u << 11);   // IE pending (ES, B), TOP 6
    in.fp.b[FpImage::FTW] = 0xc0;
    in.fp.set_st(0, F80{0x8000000000000000, 0x3fff});
    in.fp.set_st(1, F80{0x8000000000000000, 0x4000});
    const Outcome h = run_host({in})[0];
    CHECK(h.vector == VEC_MF);
    CHECK(h.regs.rip == CODE + OFF);
    CHECK(h.fp.fsw() == in.fp.fsw());
    CHECK(h.fp.st(0).se == 0x3fff);
}

TEST_CASE("native fp: the state a case starts from comes back unchanged after a NOP", "[difftest]") {
    std::vector<Input> cases;
    for (const char* text : {"ADDPS xmm, xmm", "FADD st0, st(i)", "PADDB mm, mm", "ADD r64, r64"}) {
        for (uint64_t k = 0; k < 25; ++k) {
            cases.emplace_back();
            generate(form_index(text), 11, k, cases.back());
            Input& in = cases.back();
            in.regs.rip = CODE + in.code_off;
            in.bytes[0] = 0x90;  // nop
            in.len = 1;
        }
    }
    const auto h = run_host(cases);
    for (size_t i = 0; i < cases.size(); ++i) {
        const FpImage &a = cases[i].fp, &b = h[i].fp;
        INFO("case " << i);
        REQUIRE(h[i].vector == VEC_BP);
        CHECK(std::memcmp(a.b, b.b, FpImage::MXCSR_MASK) == 0);  // FCW FSW FTW FOP FIP FDP MXCSR
        for (unsigned k = 0; k < 8; ++k) CHECK(std::memcmp(a.b + FpImage::ST + 16 * k, b.b + FpImage::ST + 16 * k, 10) == 0);
        CHECK(std::memcmp(a.xmm(0), b.xmm(0), 256) == 0);
    }
}

TEST_CASE("compare fp: every x87/SSE field is compared; only undefined C bits are masked", "[difftest]") {
    Input in{};
    in.form = form_index("FADD st0, st(i)");
    const Form& f = forms()[in.form];
    Outcome h{}, e{};
    h.vector = e.vector = VEC_BP;
    h.regs.rflags = e.regs.rflags = 0x202;
    h.fp = e.fp = FpImage::init();
    CHECK_FALSE(compare(f, in, h, e).any());

    Outcome x = e;
    x.fp.xmm(5)[3] ^= 1;
    CHECK(compare(f, in, h, x).xmm == 1u << 5);
    x = e;
    x.fp.b[FpImage::ST + 16 * 2 + 9] ^= 0x80;  // the sign of ST(2)
    CHECK(compare(f, in, h, x).st == 1u << 2);
    x = e;
    x.fp.b[FpImage::ST + 16 * 2 + 12] ^= 0xff;  // beyond the 80 bits FXSAVE stores
    CHECK_FALSE(compare(f, in, h, x).any());
    x = e;
    x.fp.set<uint32_t>(FpImage::MXCSR, 0x1f81);
    CHECK(compare(f, in, h, x).fpu == fpf::MXCSR);
    x = e;
    x.fp.set<uint64_t>(FpImage::FIP, 4);
    CHECK(compare(f, in, h, x).fpu == fpf::FIP);
    x = e;
    x.fp.set<uint16_t>(FpImage::FSW, 1u << 8 | 1u << 14);  // C0 C3: undefined after FADD
    CHECK_FALSE(compare(f, in, h, x).any());
    x.fp.set<uint16_t>(FpImage::FSW, 1u << 9);  // C1 is defined
    CHECK(compare(f, in, h, x).fpu == fpf::FSW);

    Input com = in;
    com.form = form_index("FCOM st(i)");
    x.fp.set<uint16_t>(FpImage::FSW, 1u << 8);
    CHECK(compare(forms()[com.form], com, h, x).fpu == fpf::FSW);
}

TEST_CASE("generate fp: the values, modes and outcomes that matter come up", "[difftest]") {
    static Input in;
    std::set<unsigned> rc, pc;
    unsigned nan = 0, snan = 0, denormal = 0, inf = 0, daz = 0, unmasked = 0;
    for (uint64_t k = 0; k < 400; ++k) {
        generate(form_index("ADDPS xmm, xmm"), 21, k, in);
        const uint32_t m = in.fp.mxcsr();
        rc.insert(m >> 13 & 3);
        daz += (m >> 6) & 1;
        unmasked += (m >> 7 & 0x3f) != 0x3f;
        for (unsigned n = 0; n < 16; ++n)
            for (unsigned l = 0; l < 4; ++l) {
                const uint32_t v = lane32(in.fp, n, l);
                const uint32_t e = v >> 23 & 0xff, man = v & 0x7fffff;
                nan += e == 0xff && man;
                snan += e == 0xff && man && !(man >> 22);
                inf += e == 0xff && !man;
                denormal += e == 0 && man;
            }
        generate(form_index("FADD st0, st(i)"), 21, k, in);
        pc.insert(in.fp.fcw() >> 8 & 3);
    }
    CHECK(rc.size() == 4);
    CHECK(pc == std::set<unsigned>{0, 2, 3});
    CHECK(daz > 40);
    CHECK(unmasked > 40);
    CHECK(nan > 500);
    CHECK(snan > 200);
    CHECK(inf > 200);
    CHECK(denormal > 200);
}

TEST_CASE("generate fp: cases reach #XM, #MF, #GP and masked x87 exceptions", "[difftest]") {
    std::vector<Input> cases;
    for (const char* text : {"DIVPS xmm, m128", "FDIV st0, st(i)"}) {
        for (uint64_t k = 0; k < 600; ++k) {
            cases.emplace_back();
            generate(form_index(text), 5, k, cases.back());
        }
    }
    const auto h = run_host(cases);
    unsigned xm = 0, gp = 0, mf = 0, ie = 0, ok = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        xm += h[i].vector == VEC_XM;
        gp += h[i].vector == VEC_GP;
        mf += h[i].vector == VEC_MF;
        ok += h[i].vector == VEC_BP;
        ie += i >= 600 && h[i].vector == VEC_BP && (h[i].fp.fsw() & 1) && !(cases[i].fp.fsw() & 1);
    }
    CHECK(xm >= 5);
    CHECK(gp >= 5);
    CHECK(mf >= 3);
    CHECK(ie >= 10);
    CHECK(ok >= 800);
}

TEST_CASE("difftest: --isa names the instruction groups", "[difftest]") {
    unsigned isas = 0;
    std::string bad;
    CHECK(parse_isas("sse,x87", isas, bad));
    CHECK(isas == (ISA_SSE | ISA_X87));
    CHECK(parse_isas("gp", isas, bad));
    CHECK(isas == ISA_GP);
    CHECK_FALSE(parse_isas("sse,avx", isas, bad));
    CHECK(bad == "avx");
    CHECK_FALSE(parse_isas("", isas, bad));
    CHECK(kDefaultIsas == (ISA_GP | ISA_SSE | ISA_X87));
}
