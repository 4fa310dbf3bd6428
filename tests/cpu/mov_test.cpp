// src/cpu/mov.cpp. Expected values follow from the SDM's definitions (Vol. 1 §3.4.1.1 for the
// register write widths, Vol. 2 for each instruction); encodings are from GNU as.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("MOV register widths: 32-bit zero-extends, 8/16-bit keep the rest", "[mov]") {
    Flat f;
    f.set(RAX, 0xaaaaaaaaaaaaaaaaull);
    f.set(RBX, 0x1111111122334455ull);
    SECTION("32-bit") {
        REQUIRE(Flat::ok(f.exec({0x89, 0xd8})));  // mov eax, ebx
        CHECK(f.r(RAX) == 0x22334455);
    }
    SECTION("16-bit") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x89, 0xd8})));  // mov ax, bx
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaa4455ull);
    }
    SECTION("8-bit low") {
        REQUIRE(Flat::ok(f.exec({0x88, 0xd8})));  // mov al, bl
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaaaa55ull);
    }
    SECTION("AH from BL, BH from CH") {
        f.set(RCX, 0xee00);
        REQUIRE(Flat::ok(f.exec({0x88, 0xdc, 0x88, 0xef})));  // mov ah, bl; mov bh, ch
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaa55aaull);
        CHECK(f.r(RBX) == 0x111111112233ee55ull);
    }
    SECTION("REX byte registers SIL, DIL, SPL") {
        f.set(RSI, 0x7777);
        f.set(RDI, 0x8888);
        const uint64_t rsp = f.r(RSP);
        // mov sil, al; mov dil, spl
        REQUIRE(Flat::ok(f.exec({0x40, 0x88, 0xc6, 0x40, 0x88, 0xe7})));
        CHECK(f.r(RSI) == 0x77aa);
        CHECK(f.r(RDI) == (0x8800 | (rsp & 0xff)));
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaaaaaaull);  // not AH
    }
}

TEST_CASE("MOV immediates", "[mov]") {
    Flat f;
    f.set(RAX, 0x5555555555555555ull);
    // movabs rax, 0x123456789abcdef0
    REQUIRE(Flat::ok(f.exec({0x48, 0xb8, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12})));
    CHECK(f.r(RAX) == 0x123456789abcdef0ull);
    REQUIRE(Flat::ok(f.exec({0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff})));  // mov rax, -1 (imm32 sx)
    CHECK(f.r(RAX) == ~0ull);
    REQUIRE(Flat::ok(f.exec({0xb8, 0xff, 0xff, 0xff, 0xff})));  // mov eax, 0xffffffff
    CHECK(f.r(RAX) == 0xffffffffull);
    f.set(RBX, DATA);
    f.poke<uint64_t>(DATA, ~0ull);
    REQUIRE(Flat::ok(f.exec({0xc7, 0x03, 0x44, 0x33, 0x22, 0x11})));  // mov dword [rbx], 0x11223344
    CHECK(f.mem<uint64_t>(DATA) == 0xffffffff11223344ull);
    REQUIRE(Flat::ok(f.exec({0x48, 0xc7, 0x03, 0xfe, 0xff, 0xff, 0xff})));  // mov qword [rbx], -2
    CHECK(f.mem<uint64_t>(DATA) == 0xfffffffffffffffeull);
}

TEST_CASE("MOV memory addressing", "[mov]") {
    Flat f;
    SECTION("SIB with index*scale and displacement") {
        f.set(RBX, DATA);
        f.set(RCX, 3);
        f.poke<uint64_t>(DATA + 3 * 8 + 0x10, 0x0123456789abcdefull);
        REQUIRE(Flat::ok(f.exec({0x48, 0x8b, 0x44, 0xcb, 0x10})));  // mov rax, [rbx+rcx*8+0x10]
        CHECK(f.r(RAX) == 0x0123456789abcdefull);
    }
    SECTION("RIP-relative is relative to the next instruction") {
        f.poke<uint32_t>(CODE + 6 + 0x100, 0xcafef00d);
        f.set(RAX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x8b, 0x05, 0x00, 0x01, 0x00, 0x00})));  // mov eax, [rip+0x100]
        CHECK(f.r(RAX) == 0xcafef00d);
    }
    SECTION("8-bit store touches one byte") {
        f.set(RBX, DATA);
        f.set(RAX, 0x42);
        f.poke<uint32_t>(DATA, 0xffffffff);
        REQUIRE(Flat::ok(f.exec({0x88, 0x03})));  // mov [rbx], al
        CHECK(f.mem<uint32_t>(DATA) == 0xffffff42);
    }
    SECTION("32-bit address size wraps around 4 GiB") {
        f.set(RBX, 0xabcdef00fffffff8ull);  // EBX + 0x600010 wraps to 0x600008
        f.poke<uint32_t>(DATA + 8, 0x600d600d);
        // mov eax, [ebx+0x600010]
        REQUIRE(Flat::ok(f.exec({0x67, 0x8b, 0x83, 0x10, 0x00, 0x60, 0x00})));
        CHECK(f.r(RAX) == 0x600d600d);
    }
    SECTION("FS override adds the FS base") {
        f.cpu.s.seg[FS].base = DATA - 0x100;
        f.set(RBX, 0x104);
        f.poke<uint32_t>(DATA + 4, 0x12345678);
        REQUIRE(Flat::ok(f.exec({0x64, 0x8b, 0x03})));  // mov eax, fs:[rbx]
        CHECK(f.r(RAX) == 0x12345678);
    }
    SECTION("GS override on a store with an absolute address") {
        f.cpu.s.seg[GS].base = DATA;
        f.set(RCX, 0x1122334455667788ull);
        // mov qword gs:[0x8], rcx
        REQUIRE(Flat::ok(f.exec({0x65, 0x48, 0x89, 0x0c, 0x25, 0x08, 0x00, 0x00, 0x00})));
        CHECK(f.mem<uint64_t>(DATA + 8) == 0x1122334455667788ull);
    }
    SECTION("a faulting load leaves the destination alone") {
        f.set(RBX, 0x900000);  // unmapped
        f.set(RAX, 7);
        auto s = f.exec({0x48, 0x8b, 0x03});  // mov rax, [rbx]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == 0x900000);
        CHECK(f.r(RAX) == 7);
        CHECK(f.cpu.rip() == CODE);
    }
}

TEST_CASE("MOV moffs forms", "[mov]") {
    Flat f;
    f.poke<uint64_t>(DATA + 0x10, 0x8877665544332211ull);
    f.set(RAX, ~0ull);
    SECTION("64-bit address, 32-bit load") {
        // movabs eax, [0x600010]
        REQUIRE(Flat::ok(f.exec({0xa1, 0x10, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00})));
        CHECK(f.r(RAX) == 0x44332211);
    }
    SECTION("8-bit load") {
        // movabs al, [0x600010]
        REQUIRE(Flat::ok(f.exec({0xa0, 0x10, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00})));
        CHECK(f.r(RAX) == 0xffffffffffffff11ull);
    }
    SECTION("64-bit store") {
        f.set(RAX, 0xdeadbeefcafebabeull);
        // movabs [0x600020], rax
        REQUIRE(Flat::ok(f.exec({0x48, 0xa3, 0x20, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00})));
        CHECK(f.mem<uint64_t>(DATA + 0x20) == 0xdeadbeefcafebabeull);
    }
    SECTION("32-bit address size: a 4-byte offset, not sign-extended") {
        f.cpu.map(0x80000000, 0x1000, perm::R | perm::W);
        f.poke<uint32_t>(0x80000000, 0x31415926);
        REQUIRE(Flat::ok(f.exec({0x67, 0xa1, 0x00, 0x00, 0x00, 0x80})));  // mov eax, [0x80000000]
        CHECK(f.r(RAX) == 0x31415926);
    }
}

TEST_CASE("MOV to and from segment registers", "[mov]") {
    Flat f;
    f.install_gdt();
    SECTION("MOV Sreg, r16 and MOV Sreg, m16 load the selector") {
        f.set(RAX, 0xffff002b);
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, 0xffffffffffff0023ull);
        REQUIRE(Flat::ok(f.exec({0x8e, 0xd8, 0x8e, 0x03})));  // mov ds, eax; mov es, [rbx]
        CHECK(f.cpu.s.seg[DS].selector == 0x2b);
        CHECK(f.cpu.s.seg[ES].selector == 0x23);
    }
    SECTION("MOV FS loads the base from the descriptor") {
        f.cpu.s.seg[FS].base = 0x1234000;
        f.set(RAX, 0x2b);
        REQUIRE(Flat::ok(f.exec({0x8e, 0xe0})));  // mov fs, eax
        CHECK(f.cpu.s.seg[FS].selector == 0x2b);
        CHECK(f.cpu.s.seg[FS].base == 0);
    }
    SECTION("a selector beyond the GDT is #GP(selector), a not-present one #NP(selector)") {
        f.set(RAX, 0x63);
        auto s = f.exec({0x8e, 0xd8});  // mov ds, eax
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0x60);
        f.set(RAX, 0x3b);
        s = f.exec({0x8e, 0xd8});
        REQUIRE(Flat::faulted(s, Vec::NP));
        CHECK(s.fault.error == 0x38);
        f.set(RAX, 0x1b);  // DPL-0 data at CPL 3
        s = f.exec({0x8e, 0xd8});
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0x18);
    }
    SECTION("a null selector is allowed in DS but not in SS at CPL 3") {
        f.set(RAX, 0);
        REQUIRE(Flat::ok(f.exec({0x8e, 0xd8})));  // mov ds, eax
        CHECK(f.cpu.s.seg[DS].selector == 0);
        auto s = f.exec({0x8e, 0xd0});             // mov ss, eax
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0);
    }
    SECTION("MOV CS, r16 is #UD") {
        auto s = f.exec({0x8e, 0xc8});  // mov cs, eax
        REQUIRE(Flat::faulted(s, Vec::UD));
        CHECK(f.cpu.rip() == CODE);
    }
    SECTION("a 32/64-bit register gets the zero-extended selector") {
        f.cpu.s.seg[DS].selector = 0x2b;
        f.cpu.s.seg[FS].selector = 0x53;
        f.set(RAX, ~0ull);
        f.set(RCX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x8c, 0xd8, 0x48, 0x8c, 0xe1})));  // mov eax, ds; mov rcx, fs
        CHECK(f.r(RAX) == 0x2b);
        CHECK(f.r(RCX) == 0x53);
    }
    SECTION("a 16-bit register keeps its upper bits") {
        f.cpu.s.seg[GS].selector = 0x1b;
        f.set(RAX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x8c, 0xe8})));  // mov ax, gs
        CHECK(f.r(RAX) == 0xffffffffffff001bull);
    }
    SECTION("a memory destination is always 16 bits") {
        f.cpu.s.seg[GS].selector = 0x1b;
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x8c, 0x2b})));  // mov [rbx], gs
        CHECK(f.mem<uint64_t>(DATA) == 0xffffffffffff001bull);
    }
}

TEST_CASE("MOVZX and MOVSX", "[mov]") {
    Flat f;
    f.set(RAX, 0xaaaaaaaaaaaaaaaaull);
    f.set(RBX, 0x8081);
    f.set(RCX, DATA);
    f.poke<uint16_t>(DATA, 0x8001);
    SECTION("movzx eax, bl") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb6, 0xc3})));
        CHECK(f.r(RAX) == 0x81);
    }
    SECTION("movzx rax, word [rcx]") {
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xb7, 0x01})));
        CHECK(f.r(RAX) == 0x8001);
    }
    SECTION("movzx ax, bh keeps RAX[63:16]") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xb6, 0xc7})));
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaa0080ull);
    }
    SECTION("movsx eax, bl") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0xbe, 0xc3})));
        CHECK(f.r(RAX) == 0xffffff81ull);
    }
    SECTION("movsx rax, word [rcx]") {
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xbf, 0x01})));
        CHECK(f.r(RAX) == 0xffffffffffff8001ull);
    }
    SECTION("movsx ax, bl keeps RAX[63:16]") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xbe, 0xc3})));
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaaff81ull);
    }
}

TEST_CASE("MOVSXD", "[mov]") {
    Flat f;
    f.set(RAX, 0xaaaaaaaaaaaaaaaaull);
    f.set(RBX, 0x1234567880008000ull);
    SECTION("64-bit sign-extends") {
        REQUIRE(Flat::ok(f.exec({0x48, 0x63, 0xc3})));  // movsxd rax, ebx
        CHECK(f.r(RAX) == 0xffffffff80008000ull);
    }
    SECTION("memory source") {
        f.set(RCX, DATA);
        f.poke<uint32_t>(DATA, 0x7fffffff);
        REQUIRE(Flat::ok(f.exec({0x48, 0x63, 0x01})));  // movsxd rax, [rcx]
        CHECK(f.r(RAX) == 0x7fffffffull);
    }
    SECTION("32-bit operand size copies and zero-extends") {
        REQUIRE(Flat::ok(f.exec({0x63, 0xc3})));  // movsxd eax, ebx
        CHECK(f.r(RAX) == 0x80008000ull);
    }
    SECTION("16-bit operand size copies 16 bits") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x63, 0xc3})));  // movsxd ax, bx
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaa8000ull);
    }
}

TEST_CASE("MOVBE swaps bytes on load and store", "[mov]") {
    Flat f;
    f.set(RBX, DATA);
    f.set(RAX, 0xaaaaaaaaaaaaaaaaull);
    f.poke<uint64_t>(DATA, 0x0807060504030201ull);
    SECTION("32-bit load zero-extends") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0x38, 0xf0, 0x03})));  // movbe eax, [rbx]
        CHECK(f.r(RAX) == 0x01020304);
    }
    SECTION("16-bit load keeps the upper bits") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0xf0, 0x03})));  // movbe ax, [rbx]
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaa0102ull);
    }
    SECTION("64-bit store") {
        f.set(RAX, 0x1122334455667788ull);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0x38, 0xf1, 0x03})));  // movbe [rbx], rax
        CHECK(f.mem<uint64_t>(DATA) == 0x8877665544332211ull);
    }
}

TEST_CASE("LEA computes without accessing memory", "[mov]") {
    Flat f;
    f.set(RAX, 0xaaaaaaaaaaaaaaaaull);
    f.set(RBX, 0xfffffffffffffff0ull);  // nothing is mapped there
    f.set(RCX, 1);
    SECTION("64-bit") {
        REQUIRE(Flat::ok(f.exec({0x48, 0x8d, 0x44, 0x8b, 0x08})));  // lea rax, [rbx+rcx*4+8]
        CHECK(f.r(RAX) == 0xfffffffffffffffcull);
    }
    SECTION("32-bit operand size truncates and zero-extends") {
        REQUIRE(Flat::ok(f.exec({0x8d, 0x44, 0x8b, 0x08})));  // lea eax, [rbx+rcx*4+8]
        CHECK(f.r(RAX) == 0xfffffffcull);
    }
    SECTION("16-bit operand size keeps RAX[63:16]") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x8d, 0x44, 0x8b, 0x08})));  // lea ax, [rbx+rcx*4+8]
        CHECK(f.r(RAX) == 0xaaaaaaaaaaaafffcull);
    }
    SECTION("32-bit address size wraps, 64-bit operand size zero-extends it") {
        f.set(RBX, 0xffffffff);
        f.set(RCX, 2);
        REQUIRE(Flat::ok(f.exec({0x67, 0x48, 0x8d, 0x04, 0x0b})));  // lea rax, [ebx+ecx]
        CHECK(f.r(RAX) == 1);
    }
    SECTION("RIP-relative") {
        REQUIRE(Flat::ok(f.exec({0x48, 0x8d, 0x05, 0x10, 0x00, 0x00, 0x00})));  // lea rax, [rip+0x10]
        CHECK(f.r(RAX) == CODE + 7 + 0x10);
    }
}

TEST_CASE("CMOVcc", "[mov]") {
    Flat f;
    f.set(RAX, 0xaaaaaaaa12345678ull);
    f.set(RBX, 0xbbbbbbbb87654321ull);
    SECTION("condition true moves") {
        f.cpu.set_rflags(fl::FIXED1 | fl::ZF);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0x44, 0xc3})));  // cmovz rax, rbx
        CHECK(f.r(RAX) == 0xbbbbbbbb87654321ull);
    }
    SECTION("condition false, 64-bit: nothing changes") {
        f.cpu.set_rflags(fl::FIXED1);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0x44, 0xc3})));  // cmovz rax, rbx
        CHECK(f.r(RAX) == 0xaaaaaaaa12345678ull);
    }
    SECTION("condition false, 32-bit: the destination is still zero-extended") {
        f.cpu.set_rflags(fl::FIXED1);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x44, 0xc3})));  // cmovz eax, ebx
        CHECK(f.r(RAX) == 0x12345678ull);
    }
    SECTION("condition false, 16-bit: nothing changes") {
        f.cpu.set_rflags(fl::FIXED1);  // SF == OF: not less
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x4c, 0xc3})));  // cmovl ax, bx
        CHECK(f.r(RAX) == 0xaaaaaaaa12345678ull);
    }
    SECTION("condition true, 16-bit keeps the upper bits") {
        f.cpu.set_rflags(fl::FIXED1 | fl::SF);  // SF != OF: less
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x4c, 0xc3})));  // cmovl ax, bx
        CHECK(f.r(RAX) == 0xaaaaaaaa12344321ull);
    }
    SECTION("memory source, BE true through CF") {
        f.cpu.set_rflags(fl::FIXED1 | fl::CF);
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, 42);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0x46, 0x03})));  // cmovbe rax, [rbx]
        CHECK(f.r(RAX) == 42);
    }
    SECTION("a memory source faults even when the condition is false") {
        f.cpu.set_rflags(fl::FIXED1 | fl::ZF);  // cmovnz: false
        f.set(RBX, 0x900000);
        auto s = f.exec({0x0f, 0x45, 0x03});  // cmovnz eax, [rbx]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RAX) == 0xaaaaaaaa12345678ull);  // not even zero-extended
        CHECK(f.cpu.rip() == CODE);
    }
    SECTION("lazily computed flags: cmp then cmovl") {
        f.set(RCX, 1);
        f.set(RDX, 2);
        // cmp rcx, rdx (1 < 2); cmovl rax, rbx
        REQUIRE(Flat::ok(f.exec({0x48, 0x39, 0xd1, 0x48, 0x0f, 0x4c, 0xc3})));
        CHECK(f.r(RAX) == 0xbbbbbbbb87654321ull);
    }
}

TEST_CASE("SETcc writes one byte", "[mov]") {
    Flat f;
    f.set(RAX, 0xaaaaaaaaaaaaaaaaull);
    f.set(RSI, ~0ull);
    f.set(R9, ~0ull);
    f.cpu.set_rflags(fl::FIXED1 | fl::CF | fl::SF);  // NZ, B, L (SF != OF), so LE too
    // setz al; setnz ah; setl sil; setnle r9b
    REQUIRE(Flat::ok(f.exec({0x0f, 0x94, 0xc0, 0x0f, 0x95, 0xc4, 0x40, 0x0f, 0x9c, 0xc6,
                             0x41, 0x0f, 0x9f, 0xc1})));
    CHECK(f.r(RAX) == 0xaaaaaaaaaaaa0100ull);
    CHECK(f.r(RSI) == 0xffffffffffffff01ull);
    CHECK(f.r(R9) == 0xffffffffffffff00ull);
    f.set(RBX, DATA);
    f.poke<uint16_t>(DATA, 0xffff);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x92, 0x03})));  // setb [rbx]
    CHECK(f.mem<uint16_t>(DATA) == 0xff01);
}

TEST_CASE("CBW CWDE CDQE CWD CDQ CQO", "[mov]") {
    Flat f;
    SECTION("cbw keeps RAX[63:16]") {
        f.set(RAX, 0x1111111111111180ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x98})));
        CHECK(f.r(RAX) == 0x111111111111ff80ull);
    }
    SECTION("cwde zero-extends into RAX[63:32]") {
        f.set(RAX, 0x1111111111118000ull);
        REQUIRE(Flat::ok(f.exec({0x98})));
        CHECK(f.r(RAX) == 0xffff8000ull);
    }
    SECTION("cdqe") {
        f.set(RAX, 0x1111111180000000ull);
        REQUIRE(Flat::ok(f.exec({0x48, 0x98})));
        CHECK(f.r(RAX) == 0xffffffff80000000ull);
        f.set(RAX, 0xffffffff7fffffffull);
        REQUIRE(Flat::ok(f.exec({0x48, 0x98})));
        CHECK(f.r(RAX) == 0x7fffffffull);
    }
    SECTION("cwd writes DX only") {
        f.set(RAX, 0x8000);
        f.set(RDX, 0x1111111111111111ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x99})));
        CHECK(f.r(RDX) == 0x111111111111ffffull);
    }
    SECTION("cdq zero-extends into RDX") {
        f.set(RAX, 0x7fffffff);
        f.set(RDX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x99})));
        CHECK(f.r(RDX) == 0);
        f.set(RAX, 0x80000000);
        REQUIRE(Flat::ok(f.exec({0x99})));
        CHECK(f.r(RDX) == 0xffffffffull);
    }
    SECTION("cqo") {
        f.set(RAX, 0x8000000000000000ull);
        REQUIRE(Flat::ok(f.exec({0x48, 0x99})));
        CHECK(f.r(RDX) == ~0ull);
    }
}

TEST_CASE("XLAT", "[mov]") {
    Flat f;
    for (uint8_t k = 0; k < 16; ++k) f.poke<uint8_t>(DATA + 0xf0 + k, static_cast<uint8_t>(0xa0 + k));
    f.set(RAX, 0x12345678abcdef05ull);
    SECTION("AL = [RBX + AL]") {
        f.set(RBX, DATA + 0xf0);
        REQUIRE(Flat::ok(f.exec({0xd7})));  // xlat
        CHECK(f.r(RAX) == 0x12345678abcdefa5ull);
    }
    SECTION("AL is unsigned") {
        f.set(RAX, 0xff);
        f.poke<uint8_t>(DATA + 0xff, 0x77);
        f.set(RBX, DATA);
        REQUIRE(Flat::ok(f.exec({0xd7})));
        CHECK(f.r(RAX) == 0x77);
    }
    SECTION("32-bit address size uses EBX and wraps") {
        f.set(RBX, 0xffffffff00000000ull | (DATA + 0xf0));
        REQUIRE(Flat::ok(f.exec({0x67, 0xd7})));  // xlat [ebx]
        CHECK(f.r(RAX) == 0x12345678abcdefa5ull);
    }
}

// XLAT's memory operand is hidden; decode.cpp records its segment override in i.mem.seg.
TEST_CASE("XLAT with an FS override", "[mov]") {
    Flat f;
    f.cpu.s.seg[FS].base = DATA;
    f.poke<uint8_t>(DATA + 0x13, 0x5a);
    f.set(RBX, 0x10);
    f.set(RAX, 3);
    REQUIRE(Flat::ok(f.exec({0x64, 0xd7})));  // xlat fs:[rbx]
    CHECK(f.r(RAX) == 0x5a);
}
