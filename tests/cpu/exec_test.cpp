// The interpreter loop, block cache and self-modifying code.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("embedding API runs to INT3 and reports the trap after it", "[exec]") {
    Flat f;
    auto s = f.exec({0x90, 0x90});  // nop; nop; int3
    REQUIRE(Flat::ok(s));
    CHECK(s.insns == 3);
    CHECK(f.cpu.rip() == CODE + 3);
}

TEST_CASE("an undecodable encoding raises #UD at its address", "[exec]") {
    Flat f;
    auto s = f.exec({0x90, 0x0f, 0xff});  // nop; ud0 without ModRM -> invalid
    REQUIRE(Flat::faulted(s, Vec::UD));
    CHECK(f.cpu.rip() == CODE + 1);
}

TEST_CASE("fetch from an unmapped page raises #PF with the I bit", "[exec]") {
    Flat f;
    f.cpu.set_rip(0x900000);
    auto s = f.cpu.run(10);
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == 0x900000);
    CHECK(s.fault.error == (pferr::I | pferr::U));
}

TEST_CASE("run(N) retires exactly N instructions", "[exec]") {
    Flat f;
    std::vector<uint8_t> nops(40, 0x90);
    f.cpu.write_mem(CODE, nops.data(), nops.size());
    f.cpu.set_rip(CODE);
    auto s = f.cpu.run(7);
    CHECK(s.reason == StopInfo::Reason::BUDGET);
    CHECK(s.insns == 7);
    CHECK(f.cpu.rip() == CODE + 7);
    s = f.cpu.step();
    CHECK(f.cpu.rip() == CODE + 8);
}

TEST_CASE("self-modifying code runs the new instruction", "[exec]") {
    Flat f;
    // The block holds `inc rax` (48 ff c0); a store earlier in the same block rewrites its
    // ModRM so that it becomes `dec rax` (48 ff c8) before it runs.
    //   c6 05 05 00 00 00 c8     mov byte [rip+5], 0xc8   ; rip+5 is the ModRM at CODE+12
    //   90 90 90                 nop x3
    //   48 ff c0                 inc rax  -> dec rax
    auto s = f.exec({0xc6, 0x05, 0x05, 0x00, 0x00, 0x00, 0xc8, 0x90, 0x90, 0x90, 0x48, 0xff, 0xc0});
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == ~0ull);  // dec from 0
    // Running the same code again after a host-side rewrite also sees the new bytes.
    const uint8_t inc[] = {0x48, 0xff, 0xc0, 0xcc};
    f.cpu.write_mem(CODE, inc, sizeof inc);
    f.set(RAX, 5);
    f.cpu.set_rip(CODE);
    s = f.cpu.run(10);
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 6);
}

TEST_CASE("blocks chain across a loop and stay correct", "[exec]") {
    Flat f;
    // mov ecx, 1000; l: inc rax; dec ecx; jnz l
    auto s = f.exec({0xb9, 0xe8, 0x03, 0x00, 0x00, 0x48, 0xff, 0xc0, 0xff, 0xc9, 0x75, 0xf9});
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 1000);
    CHECK(s.insns == 1 + 3 * 1000 + 1);
}

// Flag liveness (exec.cpp drop_dead_flags): inside a block, a register-form instruction whose
// flags a later one overwrites runs without computing them. These blocks would leave the wrong
// flags if an instruction that can fault, or a shift by zero, were taken for an overwriter.
TEST_CASE("flags are exact at a fault between a writer and its overwriter", "[exec][flags]") {
    Flat f;
    f.set(RBX, ~0ull);
    //   48 31 c0                   xor rax, rax          ZF=1, CF=0
    //   48 83 c3 01                add rbx, 1            ZF=1, CF=1 (from -1)
    //   48 8b 0c 25 00 00 90 00    mov rcx, [0x900000]   #PF: nothing is mapped there
    //   48 39 d8                   cmp rax, rbx          would overwrite every status flag
    auto s = f.exec({0x48, 0x31, 0xc0, 0x48, 0x83, 0xc3, 0x01, 0x48, 0x8b, 0x0c, 0x25, 0x00, 0x00,
                     0x90, 0x00, 0x48, 0x39, 0xd8});
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(f.cpu.rip() == CODE + 7);
    CHECK((f.cpu.rflags() & (fl::CF | fl::ZF)) == (fl::CF | fl::ZF));
}

TEST_CASE("the last flag writer of a block leaves its flags, earlier ones do not matter", "[exec][flags]") {
    Flat f;
    f.set(RBX, ~0ull);
    //   48 83 c3 01    add rbx, 1     CF=1, ZF=1: overwritten by the XOR
    //   48 31 c0       xor rax, rax   CF=0, ZF=1
    auto s = f.exec({0x48, 0x83, 0xc3, 0x01, 0x48, 0x31, 0xc0});
    REQUIRE(Flat::ok(s));
    CHECK((f.cpu.rflags() & (fl::CF | fl::ZF)) == fl::ZF);
    f.set(RBX, ~0ull);
    //   48 31 c0       xor rax, rax
    //   48 83 c3 01    add rbx, 1     CF=1, ZF=1: the block's last writer
    s = f.exec({0x48, 0x31, 0xc0, 0x48, 0x83, 0xc3, 0x01});
    REQUIRE(Flat::ok(s));
    CHECK((f.cpu.rflags() & (fl::CF | fl::ZF)) == (fl::CF | fl::ZF));
}

TEST_CASE("a shift by zero leaves the flags of the instruction before it", "[exec][flags]") {
    Flat f;
    f.set(RBX, ~0ull);
    //   48 83 c3 01    add rbx, 1     CF=1, ZF=1
    //   48 c1 e0 00    shl rax, 0     changes no flag (SDM Vol. 2 SAL/SAR/SHL/SHR)
    auto s = f.exec({0x48, 0x83, 0xc3, 0x01, 0x48, 0xc1, 0xe0, 0x00});
    REQUIRE(Flat::ok(s));
    CHECK((f.cpu.rflags() & (fl::CF | fl::ZF)) == (fl::CF | fl::ZF));
}

// Blocks as traces (exec.cpp): in 64-bit mode a block that has run often is built again as a
// trace, which follows a direct CALL or JMP and a RET back to the CALL it followed, so the code
// below runs as one block once warm.
namespace {
constexpr int WARM = 80;  // runs: more than exec.cpp's HOT_RUNS (64)

void put(Flat& f, uint64_t at, std::initializer_list<uint8_t> bytes) {
    const std::vector<uint8_t> v(bytes);
    f.cpu.write_mem(at, v.data(), v.size());
}
// CODE:      e8 rel32     call F
// CODE+5:    48 ff c0     inc rax
// CODE+8:    cc           int3
// F:         BODY, then c3 (ret)
void call_and_return(Flat& f, uint64_t fn, std::initializer_list<uint8_t> body) {
    const uint32_t rel = static_cast<uint32_t>(fn - (CODE + 5));
    put(f, CODE, {0xe8, uint8_t(rel), uint8_t(rel >> 8), uint8_t(rel >> 16), uint8_t(rel >> 24), 0x48,
                  0xff, 0xc0, 0xcc});
    std::vector<uint8_t> v(body);
    v.push_back(0xc3);
    f.cpu.write_mem(fn, v.data(), v.size());
}
// Runs from CODE with RAX, RBX and RSP as they were first, `max` instructions at most.
StopInfo run_from_code(Flat& f, uint64_t max = 100) {
    static constexpr uint64_t rsp = STACK_TOP - 0x100;
    f.set(RAX, 0);
    f.set(RBX, 0);
    f.set(RSP, rsp);
    f.cpu.set_rip(CODE);
    return f.cpu.run(max);
}
}  // namespace

TEST_CASE("a warm block follows a CALL into its callee and the RET back", "[exec][trace]") {
    for (uint64_t fn : {CODE + 0x20, CODE + 0x1000}) {  // the same page, and the next one
        Flat f;
        call_and_return(f, fn, {0x48, 0x83, 0xc3, 0x01});  // add rbx, 1
        for (int k = 0; k < WARM; ++k) {
            const uint64_t lookups = f.cpu.block_stats.lookups;
            auto s = run_from_code(f);
            REQUIRE(Flat::ok(s));
            CHECK(f.r(RAX) == 1);
            CHECK(f.r(RBX) == 1);
            CHECK(f.r(RSP) == STACK_TOP - 0x100);
            CHECK(s.insns == 5);  // call, add, ret, inc, int3
            if (k == WARM - 1) CHECK(f.cpu.block_stats.lookups - lookups == 1);  // one trace
        }
    }
}

TEST_CASE("a RET to another address than its CALL's leaves the trace there", "[exec][trace]") {
    Flat f;
    call_and_return(f, CODE + 0x40, {0x48, 0x83, 0x04, 0x24, 0x03});  // add qword [rsp], 3
    for (int k = 0; k < WARM; ++k) {
        auto s = run_from_code(f);
        REQUIRE(Flat::ok(s));
        CHECK(f.r(RAX) == 0);  // the RET skipped `inc rax`
        CHECK(s.insns == 4);
        CHECK(f.cpu.rip() == CODE + 9);
    }
}

TEST_CASE("a budget or a fault inside a traced callee stops at the callee's instruction", "[exec][trace]") {
    Flat f;
    //   48 83 c3 01    add rbx, 1
    //   48 8b 0a       mov rcx, [rdx]   RDX: DATA while warming, then an unmapped address
    call_and_return(f, CODE + 0x1000, {0x48, 0x83, 0xc3, 0x01, 0x48, 0x8b, 0x0a});
    f.set(RDX, DATA);
    for (int k = 0; k < WARM; ++k) REQUIRE(Flat::ok(run_from_code(f)));
    auto s = run_from_code(f, 2);
    CHECK(s.reason == StopInfo::Reason::BUDGET);
    CHECK(f.cpu.rip() == CODE + 0x1004);
    f.set(RDX, 0x900000);
    s = run_from_code(f);
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == 0x900000);
    CHECK(s.insns == 2);  // call, add
    CHECK(f.cpu.rip() == CODE + 0x1004);
    CHECK(f.r(RSP) == STACK_TOP - 0x100 - 8);
    CHECK(f.r(RBX) == 1);
}

TEST_CASE("a trace that reached another page is rebuilt when that page's mapping changes", "[exec][trace]") {
    Flat f;
    call_and_return(f, CODE + 0x1000, {0x48, 0x83, 0xc3, 0x01});
    for (int k = 0; k < WARM; ++k) REQUIRE(Flat::ok(run_from_code(f)));
    // The callee's page loses execute permission: the trace found by its first instruction must
    // not run the callee's old decoding, and the fetch there faults.
    f.cpu.mmu.protect(CODE + 0x1000, 0x1000, perm::R | perm::W);
    auto s = run_from_code(f);
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == CODE + 0x1000);
    CHECK(f.r(RBX) == 0);
}

TEST_CASE("a store into a traced callee's page before the CALL runs the new callee", "[exec][trace]") {
    Flat f;
    //   CODE:     c6 02 c8        mov byte [rdx], 0xc8    ; RDX = F+2: inc rax -> dec rax
    //   CODE+3:   e8 f8 0f 00 00  call F (CODE+0x1000)
    //   CODE+8:   cc              int3
    //   F:        48 ff c0 c3     inc rax; ret
    put(f, CODE, {0xc6, 0x02, 0xc8, 0xe8, 0xf8, 0x0f, 0x00, 0x00, 0xcc});
    put(f, CODE + 0x1000, {0x48, 0xff, 0xc0, 0xc3});
    f.set(RDX, DATA);  // while warming, the store goes elsewhere
    for (int k = 0; k < WARM; ++k) {
        REQUIRE(Flat::ok(run_from_code(f)));
        CHECK(f.r(RAX) == 1);
    }
    f.set(RDX, CODE + 0x1002);
    REQUIRE(Flat::ok(run_from_code(f)));
    CHECK(f.r(RAX) == ~0ull);
}

TEST_CASE("a trace goes on at the target of a Jcc its blocks mostly took", "[exec][trace]") {
    Flat f;
    //   CODE:     48 85 db    test rbx, rbx
    //   CODE+3:   74 05       jz CODE+10          taken while warming (RBX = 0)
    //   CODE+5:   48 ff c1    inc rcx
    //   CODE+8:   eb 03       jmp CODE+13
    //   CODE+10:  48 ff c0    inc rax
    //   CODE+13:  cc          int3
    put(f, CODE, {0x48, 0x85, 0xdb, 0x74, 0x05, 0x48, 0xff, 0xc1, 0xeb, 0x03, 0x48, 0xff, 0xc0, 0xcc});
    for (int k = 0; k < WARM; ++k) {
        f.set(RCX, 0);
        REQUIRE(Flat::ok(run_from_code(f)));
        CHECK(f.r(RAX) == 1);
        CHECK(f.r(RCX) == 0);
    }
    const uint64_t lookups = f.cpu.block_stats.lookups;
    REQUIRE(Flat::ok(run_from_code(f)));
    CHECK(f.cpu.block_stats.lookups - lookups == 1);  // test, jz, inc rax, int3: one trace
    // A budget that ends right after the Jcc leaves RIP at its target.
    auto s = run_from_code(f, 2);
    CHECK(s.reason == StopInfo::Reason::BUDGET);
    CHECK(f.cpu.rip() == CODE + 10);
    // Not taken after all: the trace leaves at the Jcc for the fall-through.
    f.set(RCX, 0);
    f.cpu.set_rip(CODE);
    f.set(RAX, 0);
    f.set(RBX, 1);
    f.set(RSP, STACK_TOP - 0x100);
    s = f.cpu.run(100);
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RAX) == 0);
    CHECK(f.r(RCX) == 1);
    CHECK(s.insns == 5);  // test, jz, inc rcx, jmp, int3
}

TEST_CASE("a trace goes on where an indirect CALL went before, and leaves when it goes elsewhere", "[exec][trace]") {
    Flat f;
    //   CODE:      ff d0          call rax
    //   CODE+2:    cc             int3
    //   CODE+0x40: 48 ff c3 c3    inc rbx; ret
    //   CODE+0x80: 48 83 c3 10 c3 add rbx, 16; ret
    put(f, CODE, {0xff, 0xd0, 0xcc});
    put(f, CODE + 0x40, {0x48, 0xff, 0xc3, 0xc3});
    put(f, CODE + 0x80, {0x48, 0x83, 0xc3, 0x10, 0xc3});
    auto call = [&](uint64_t fn) {
        f.set(RAX, fn);
        f.set(RBX, 0);
        f.set(RSP, STACK_TOP - 0x100);
        f.cpu.set_rip(CODE);
        return f.cpu.run(100);
    };
    for (int k = 0; k < WARM; ++k) {
        REQUIRE(Flat::ok(call(CODE + 0x40)));
        CHECK(f.r(RBX) == 1);
    }
    const uint64_t lookups = f.cpu.block_stats.lookups;
    REQUIRE(Flat::ok(call(CODE + 0x40)));
    CHECK(f.cpu.block_stats.lookups - lookups == 1);  // call, inc, ret, int3: one trace
    auto s = call(CODE + 0x80);
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RBX) == 16);
    CHECK(f.r(RSP) == STACK_TOP - 0x100);
    CHECK(s.insns == 4);
}

TEST_CASE("a hot loop is unrolled in its trace and leaves it on the iteration it ends", "[exec][trace]") {
    Flat f;
    //   CODE:      48 ff c0         inc rax      <- l
    //   CODE+3:    ff c9            dec ecx
    //   CODE+5:    75 f9            jnz l
    //   CODE+7:    cc               int3
    put(f, CODE, {0x48, 0xff, 0xc0, 0xff, 0xc9, 0x75, 0xf9, 0xcc});
    auto loop = [&](uint32_t n, uint64_t max = ~0ull) {
        f.set(RAX, 0);
        f.set(RCX, n);
        f.cpu.set_rip(CODE);
        return f.cpu.run(max);
    };
    REQUIRE(Flat::ok(loop(WARM)));  // l becomes a trace of copies of the loop
    // Any count, a whole number of copies or not, runs exactly that many times.
    for (uint32_t n : {1u, 2u, 20u, 21u, 22u, 1000u, 1001u}) {
        const uint64_t lookups = f.cpu.block_stats.lookups;
        auto s = loop(n);
        REQUIRE(Flat::ok(s));
        CHECK(f.r(RAX) == n);
        CHECK(f.r(RCX) == 0);
        CHECK(s.insns == 3 * uint64_t(n) + 1);
        if (n == 1000) CHECK(f.cpu.block_stats.lookups - lookups < 1000 / 8);  // not a block per iteration
    }
    // A budget that ends inside a copy stops at the instruction it ends after.
    auto s = loop(1000, 3 * 500 + 2);
    CHECK(s.reason == StopInfo::Reason::BUDGET);
    CHECK(f.r(RAX) == 501);
    CHECK(f.r(RCX) == 1000 - 501);
    CHECK(f.cpu.rip() == CODE + 5);
}

// MOV pairs (exec.cpp pair_twin, chain.hpp chain_pair): a register MOV and the instruction after
// it that computes into the MOV's destination run as one step. Run whole, each pair must leave
// what its two instructions leave one at a time (the per-instruction path runs each handler
// alone, the handlers lstar difftest compares with the host CPU), with its flags read at the
// end of the block or overwritten first.
TEST_CASE("a fused MOV pair leaves what its two instructions leave one at a time", "[exec][pair]") {
    struct Second {
        std::vector<uint8_t> bytes;  // after REX.W; RCX is the destination, RBX the other source
        bool fused;
    };
    const Second seconds[] = {
        {{0x01, 0xd9}, true},  {{0x09, 0xd9}, true},  {{0x21, 0xd9}, true},  {{0x29, 0xd9}, true},  // add/or/and/sub rcx, rbx
        {{0x31, 0xd9}, true},  {{0x01, 0xd1}, true},                                               // xor rcx, rbx; add rcx, rdx
        {{0x83, 0xc1, 0x80}, true}, {{0x83, 0xc9, 0x7f}, true}, {{0x83, 0xe1, 0xf0}, true},       // add/or/and rcx, imm8
        {{0x83, 0xe9, 0x01}, true}, {{0x83, 0xf1, 0xff}, true},                                   // sub/xor rcx, imm8
        {{0x81, 0xc1, 0x00, 0x00, 0x00, 0x80}, true}, {{0x81, 0xe1, 0xff, 0x03, 0x00, 0x00}, true}, // add/and rcx, imm32
        {{0xc1, 0xe1, 13}, true}, {{0xc1, 0xe9, 7}, true}, {{0xc1, 0xf9, 1}, true},               // shl 13, shr 7, sar 1
        {{0xc1, 0xe1, 0}, true}, {{0xc1, 0xe9, 32}, true}, {{0xc1, 0xf9, 63}, true},              // shl 0, shr 32, sar 63
        {{0x01, 0xc9}, false},  // add rcx, rcx reads what the MOV wrote: not fused
    };
    const uint64_t values[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x8000000000000000ull, ~0ull,
                               0x123456789abcdef0ull, 0xfffffffeull};
    for (const bool wide : {false, true})
        for (const bool flags_dead : {false, true})
            for (const Second& second : seconds) {
                std::vector<uint8_t> code;
                if (wide) code.push_back(0x48);
                code.insert(code.end(), {0x89, 0xd1});  // mov rcx, rdx (ecx, edx)
                if (wide) code.push_back(0x48);
                code.insert(code.end(), second.bytes.begin(), second.bytes.end());
                if (flags_dead) code.insert(code.end(), {0x48, 0x83, 0xc6, 0x01});  // add rsi, 1
                code.push_back(0xcc);
                for (const uint64_t a : values)
                    for (const uint64_t b : {values[1], values[3], values[6], values[7]}) {
                        Flat f;
                        f.cpu.write_mem(CODE, code.data(), code.size());
                        auto start = [&] {
                            for (unsigned g = 0; g < 16; ++g) f.set(static_cast<Gpr>(g), 0x1111111111111111ull * g);
                            f.set(RCX, 0xdeadbeefcafebabeull);
                            f.set(RDX, a);
                            f.set(RBX, b);
                            f.set(RSP, STACK_TOP - 0x100);
                            f.cpu.set_rflags(0x2 | fl::CF | fl::ZF);
                            f.cpu.set_rip(CODE);
                        };
                        start();
                        REQUIRE(Flat::ok(f.cpu.run(100)));
                        CHECK(f.cpu.block_stats.pairs == (second.fused ? 1u : 0u));
                        uint64_t whole[17];
                        for (unsigned g = 0; g < 16; ++g) whole[g] = f.r(static_cast<Gpr>(g));
                        whole[16] = f.flags();
                        start();
                        StopInfo s;
                        do s = f.cpu.step();
                        while (s.reason == StopInfo::Reason::BUDGET);
                        REQUIRE(Flat::ok(s));
                        INFO("wide " << wide << ", flags dead " << flags_dead << ", second " << std::hex
                                     << unsigned(second.bytes[0]) << ' ' << unsigned(second.bytes[1]) << ", rdx " << a
                                     << ", rbx " << b);
                        for (unsigned g = 0; g < 16; ++g) CHECK(whole[g] == f.r(static_cast<Gpr>(g)));
                        CHECK(whole[16] == f.flags());
                    }
            }
}

// The calls-free MOV and ALU twins for FS:[disp] and GS:[disp] (operands.hpp Ea::FSGS), as
// per-CPU data and thread-local storage use them: the segment's base applies, and it is read
// when the instruction runs, not when the block was built.
TEST_CASE("FS- and GS-relative accesses add the segment base, as it is when they run", "[exec]") {
    Flat f;
    //   65 48 8b 04 25 08 00 00 00    mov rax, gs:[0x8]
    //   64 48 89 1c 25 10 00 00 00    mov fs:[0x10], rbx
    //   64 48 01 1c 25 18 00 00 00    add fs:[0x18], rbx
    put(f, CODE, {0x65, 0x48, 0x8b, 0x04, 0x25, 0x08, 0x00, 0x00, 0x00, 0x64, 0x48, 0x89, 0x1c, 0x25, 0x10, 0x00,
                  0x00, 0x00, 0x64, 0x48, 0x01, 0x1c, 0x25, 0x18, 0x00, 0x00, 0x00, 0xcc});
    for (const uint64_t gs : {DATA, DATA + 0x100})
        for (const uint64_t fs : {DATA + 0x200, DATA + 0x300})
            for (int pass = 0; pass < 2; ++pass) {  // the second with the pages in the TLB
                f.cpu.s.seg[GS].base = gs;
                f.cpu.s.seg[FS].base = fs;
                f.poke<uint64_t>(gs + 8, 0x1234 + gs);
                f.poke<uint64_t>(fs + 0x18, 5);
                f.set(RBX, 0xabc + fs);
                f.cpu.set_rip(CODE);
                REQUIRE(Flat::ok(f.cpu.run(100)));
                CHECK(f.r(RAX) == 0x1234 + gs);
                CHECK(f.mem<uint64_t>(fs + 0x10) == 0xabc + fs);
                CHECK(f.mem<uint64_t>(fs + 0x18) == 5 + 0xabc + fs);
            }
}
