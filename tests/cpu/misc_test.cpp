// src/cpu/misc.cpp: NOP forms, fences, hints, CLFLUSH, UD2, INT3, HLT, RDTSC, CPUID.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("every NOP form, PAUSE, fences and prefetches change only RIP", "[misc]") {
    Flat f;
    f.set(RAX, 0x1234);
    f.set(RBX, DATA);
    f.cpu.set_rflags(fl::FIXED1 | fl::CF | fl::ZF);
    auto s = f.exec({
        0x90,                                            // nop
        0x66, 0x90,                                      // xchg ax, ax (nop)
        0x0f, 0x1f, 0x00,                                // nop dword [rax]
        0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00,              // nop word [rax+rax+0]
        0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,  // nop dword [rax+rax+0]
        0xf3, 0x90,                                      // pause
        0x0f, 0xae, 0xe8,                                // lfence
        0x0f, 0xae, 0xf0,                                // mfence
        0x0f, 0xae, 0xf8,                                // sfence
        0x0f, 0x18, 0x03,                                // prefetchnta [rbx]
        0x0f, 0x18, 0x0b,                                // prefetcht0 [rbx]
        0x0f, 0x0d, 0x0b,                                // prefetchw [rbx]
        0x0f, 0xae, 0x3b,                                // clflush [rbx]
        0xf3, 0x0f, 0x1e, 0xfa,                          // endbr64
    });
    REQUIRE(Flat::ok(s));
    CHECK(s.insns == 15);
    CHECK(f.r(RAX) == 0x1234);
    CHECK((f.flags() & fl::ARITH) == (fl::CF | fl::ZF));
}

TEST_CASE("a NOP with a memory operand never touches memory, CLFLUSH checks its operand", "[misc]") {
    Flat f;
    f.set(RAX, 0x900000);  // unmapped
    REQUIRE(Flat::ok(f.exec({0x0f, 0x1f, 0x00})));  // nop dword [rax]
    REQUIRE(Flat::ok(f.exec({0x0f, 0x18, 0x00})));  // prefetchnta [rax]: hints never fault
    auto s = f.exec({0x0f, 0xae, 0x38});             // clflush [rax]
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == 0x900000);
}

TEST_CASE("UD2 and INT3: fault versus trap", "[misc]") {
    Flat f;
    auto s = f.exec({0x90, 0x0f, 0x0b});  // nop; ud2
    REQUIRE(Flat::faulted(s, Vec::UD));
    CHECK(f.cpu.rip() == CODE + 1);  // a fault points at the instruction
    s = f.exec({});                   // int3 alone
    REQUIRE(Flat::faulted(s, Vec::BP));
    CHECK(f.cpu.rip() == CODE + 1);  // a trap points after it
}

TEST_CASE("HLT is privileged", "[misc]") {
    Flat f;
    REQUIRE(Flat::faulted(f.exec({0xf4}), Vec::GP));
    f.cpu.s.cpl = 0;
    auto s = f.exec({0xf4});
    CHECK(s.reason == StopInfo::Reason::HALT);
}

TEST_CASE("RDTSC counts retired instructions (virtual time)", "[misc]") {
    Flat f;
    f.set(RDX, ~0ull);
    REQUIRE(Flat::ok(f.exec({0x90, 0x90, 0x0f, 0x31})));  // nop; nop; rdtsc
    CHECK(f.r(RAX) == 2);  // two instructions retired before it
    CHECK(f.r(RDX) == 0);  // upper half, zero-extended
}

TEST_CASE("CPUID reports what lstar implements", "[misc]") {
    Flat f;
    auto cpuid = [&](uint32_t leaf, uint32_t sub = 0) {
        f.set(RAX, leaf);
        f.set(RCX, sub);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa2})));
    };
    auto bit = [&](Gpr r, unsigned n) { return (f.r(r) >> n) & 1; };
    cpuid(0);
    CHECK(f.r(RAX) == 0xd);
    CHECK(f.r(RBX) == 0x756e6547);  // "Genu"
    CHECK(f.r(RDX) == 0x49656e69);  // "ineI"
    CHECK(f.r(RCX) == 0x6c65746e);  // "ntel"
    cpuid(1);
    CHECK(f.r(RAX) == 0x906ea);     // family 6, model 0x9e, stepping 10
    for (unsigned n : {0, 1, 9, 13, 19, 20, 22, 23, 25, 26})  // SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1
        CHECK(bit(RCX, n) == 1);                              // SSE4.2 MOVBE POPCNT AES XSAVE
    CHECK(bit(RCX, 27) == 0);  // OSXSAVE follows CR4.OSXSAVE, clear here
    CHECK(bit(RCX, 28) == 0);  // no AVX
    CHECK(bit(RCX, 12) == 0);  // no FMA
    for (unsigned n : {0, 4, 8, 15, 19, 23, 24, 25, 26})  // FPU TSC CX8 CMOV CLFSH MMX FXSR SSE SSE2
        CHECK(bit(RDX, n) == 1);
    f.cpu.s.cr4 |= cr4::OSXSAVE;
    cpuid(1);
    CHECK(bit(RCX, 27) == 1);
    cpuid(7);
    CHECK(bit(RBX, 3) == 1);   // BMI1
    CHECK(bit(RBX, 6) == 1);   // FDP only on unmasked x87 exceptions
    CHECK(bit(RBX, 8) == 1);   // BMI2
    CHECK(bit(RBX, 13) == 1);  // FCS and FDS stored as 0
    CHECK(bit(RBX, 19) == 1);  // ADX
    CHECK(bit(RBX, 5) == 0);   // no AVX2
    cpuid(7, 1);               // sub-leaves other than 0 are empty
    CHECK(f.r(RBX) == 0);
    cpuid(0xd);                // XSAVE: x87 and SSE, 512 + 64 bytes
    CHECK(f.r(RAX) == 3);
    CHECK(f.r(RBX) == 576);
    CHECK(f.r(RCX) == 576);
    CHECK(f.r(RDX) == 0);
    cpuid(0xd, 1);
    CHECK(f.r(RAX) == 1);      // XSAVEOPT only: no XSAVEC, XGETBV1 or XSAVES
    cpuid(0xd, 2);             // no AVX state
    CHECK(f.r(RAX) == 0);
    cpuid(0x80000001);
    CHECK(bit(RCX, 5) == 1);   // LZCNT
    CHECK(bit(RDX, 29) == 1);  // long mode
    cpuid(0x40000000);         // an unknown leaf reads as zeros
    CHECK(f.r(RAX) == 0);
}
