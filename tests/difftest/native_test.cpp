// The host side of the differential tester (src/difftest/native.cpp): hand-written cases give
// the answers the CPU must give. Cases run in a child process, as in `lstar difftest`.
#include <catch2/catch.hpp>

#include <cstring>
#include <initializer_list>

#include "difftest/case.hpp"

using namespace lstar::difftest;

namespace {

constexpr unsigned RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4;
constexpr uint16_t OFF = 0x100;  // where the instruction goes in the code page

Input make_case(std::initializer_list<uint8_t> bytes) {
    Input in{};
    std::memset(&in.regs, 0, sizeof in.regs);
    in.valid = true;
    in.code_off = OFF;
    in.len = static_cast<uint8_t>(bytes.size());
    std::memcpy(in.bytes, bytes.begin(), bytes.size());
    in.regs.rip = CODE + OFF;
    in.regs.rflags = 0x202;
    in.regs.gpr[RSP] = DATA + 0x1000;
    std::memset(in.data, 0x5a, DATA_BYTES);
    return in;
}

struct Ran {
    std::vector<Outcome> host, emu;
    std::vector<CaseFate> fate;
};

Ran run(const std::vector<Input>& cases) {
    Ran r;
    std::string error;
    REQUIRE(run_cases(cases, r.host, r.emu, r.fate, error));
    for (const CaseFate& f : r.fate) REQUIRE(f.fate != Fate::HOST_DIED);
    return r;
}

}  // namespace

TEST_CASE("native: add rax, rbx runs to the INT3 with the sum and its flags", "[difftest]") {
    Input in = make_case({0x48, 0x01, 0xd8});  // add rax, rbx
    in.regs.gpr[RAX] = 0x7fffffffffffffff;
    in.regs.gpr[RBX] = 1;
    const Ran r = run({in});
    const Outcome& h = r.host[0];
    CHECK(h.status == Status::STOPPED);
    CHECK(h.vector == VEC_BP);
    CHECK(h.regs.gpr[RAX] == 0x8000000000000000);
    CHECK(h.regs.gpr[RBX] == 1);
    CHECK(h.regs.rip == CODE + OFF + 3 + 1);  // past the INT3
    const uint64_t status = h.regs.rflags & 0x8d5;
    CHECK(status == ((1u << 11) | (1u << 7) | (1u << 4) | (1u << 2)));  // OF SF AF PF
}

TEST_CASE("native: ud2 raises #UD at the instruction", "[difftest]") {
    const Ran r = run({make_case({0x0f, 0x0b})});
    CHECK(r.host[0].vector == VEC_UD);
    CHECK(r.host[0].regs.rip == CODE + OFF);
    CHECK(r.emu[0].vector == VEC_UD);
}

TEST_CASE("native: page faults carry the error code and CR2", "[difftest]") {
    Input load = make_case({0x48, 0x8b, 0x03});  // mov rax, [rbx]
    load.regs.gpr[RBX] = DATA_END + 0x10;        // unmapped
    Input store = make_case({0x48, 0x89, 0x03}); // mov [rbx], rax
    store.regs.gpr[RBX] = RODATA + 8;            // read-only
    Input split = make_case({0x48, 0x89, 0x03});
    split.regs.gpr[RBX] = RODATA - 4;            // the second half is read-only
    const Ran r = run({load, store, split});
    CHECK(r.host[0].vector == VEC_PF);
    CHECK(r.host[0].error == 4);  // U
    CHECK(r.host[0].cr2 == DATA_END + 0x10);
    CHECK(r.host[1].vector == VEC_PF);
    CHECK(r.host[1].error == 7);  // P W U
    CHECK(r.host[1].cr2 == RODATA + 8);
    CHECK(r.host[2].vector == VEC_PF);
    CHECK(r.host[2].cr2 == RODATA);
    CHECK(std::memcmp(r.host[2].data + (RODATA - 4 - DATA), "\x5a\x5a\x5a\x5a", 4) == 0);  // nothing written
}

TEST_CASE("native: non-canonical addresses give #GP, or #SS through RSP", "[difftest]") {
    Input gp = make_case({0x48, 0x8b, 0x03});  // mov rax, [rbx]
    gp.regs.gpr[RBX] = 0x8000000000000000;
    Input ss = make_case({0x50});              // push rax
    ss.regs.gpr[RSP] = 0x8000000000000100;
    const Ran r = run({gp, ss});
    CHECK(r.host[0].vector == VEC_GP);
    CHECK(r.host[0].error == 0);
    CHECK(r.host[1].vector == VEC_SS);
    CHECK(r.host[1].regs.gpr[RSP] == 0x8000000000000100);
}

TEST_CASE("native: div by zero raises #DE and changes nothing", "[difftest]") {
    Input in = make_case({0x48, 0xf7, 0xf1});  // div rcx
    in.regs.gpr[RAX] = 1234, in.regs.gpr[RDX] = 0, in.regs.gpr[RCX] = 0;
    const Ran r = run({in});
    CHECK(r.host[0].vector == VEC_DE);
    CHECK(r.host[0].regs.gpr[RAX] == 1234);
}

TEST_CASE("native: stores, pushes and GS-relative loads reach the data pages", "[difftest]") {
    Input push = make_case({0x53});  // push rbx
    push.regs.gpr[RBX] = 0x1122334455667788;
    Input gs = make_case({0x65, 0x48, 0x8b, 0x04, 0x25, 0x08, 0x00, 0x00, 0x00});  // mov rax, gs:[8]
    gs.gs_base = DATA + 0x100;
    std::memcpy(gs.data + 0x108, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    const Ran r = run({push, gs});
    uint64_t pushed = 0;
    std::memcpy(&pushed, r.host[0].data + 0x1000 - 8, 8);
    CHECK(pushed == 0x1122334455667788);
    CHECK(r.host[0].regs.gpr[RSP] == DATA + 0x1000 - 8);
    CHECK(r.host[1].vector == VEC_BP);
    CHECK(r.host[1].regs.gpr[RAX] == 0x0807060504030201);
}

TEST_CASE("native: a taken branch lands on an INT3 of the code page", "[difftest]") {
    Input in = make_case({0xeb, 0x10});  // jmp +0x10
    const Ran r = run({in});
    CHECK(r.host[0].vector == VEC_BP);
    CHECK(r.host[0].regs.rip == CODE + OFF + 2 + 0x10 + 1);
}

TEST_CASE("native: generated cases of every form run without harness errors", "[difftest]") {
    std::vector<Input> cases;
    const auto& all = forms();
    for (uint32_t i = 0; i < all.size(); ++i) {
        if (!host_has(all[i].feature)) continue;
        cases.emplace_back();
        generate(i, 99, i, cases.back());
        REQUIRE(cases.back().valid);
    }
    const Ran r = run(cases);
    for (size_t i = 0; i < cases.size(); ++i) {
        INFO(all[cases[i].form].text << ": " << case_summary(cases[i]));
        CHECK(r.fate[i].fate != Fate::HOST_DIED);
        CHECK(r.host[i].status == Status::STOPPED);
    }
}

TEST_CASE("native: a case that kills the child costs that case only", "[difftest]") {
    // mov eax, 231 (exit_group); mov edi, 7; syscall: the child leaves in the middle of a batch.
    Input escape = make_case({0xb8, 0xe7, 0x00, 0x00, 0x00, 0xbf, 0x07, 0x00, 0x00, 0x00, 0x0f, 0x05});
    Input after = make_case({0x48, 0x01, 0xd8});  // add rax, rbx
    after.regs.gpr[RAX] = 2, after.regs.gpr[RBX] = 3;
    std::vector<Outcome> host, emu;
    std::vector<CaseFate> fate;
    std::string error;
    REQUIRE(run_cases({after, escape, after}, host, emu, fate, error));
    CHECK(fate[0].fate == Fate::COMPARE);
    CHECK(fate[1].fate == Fate::HOST_DIED);
    CHECK(fate[1].signal == -7);
    CHECK(fate[2].fate == Fate::COMPARE);
    CHECK(host[2].regs.gpr[RAX] == 5);
}
