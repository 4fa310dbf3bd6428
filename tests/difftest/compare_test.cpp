// Judging cases (src/difftest/compare.cpp, undefined.cpp): the tester must be able to fail, and
// must leave out exactly the flags the SDM leaves undefined.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

#include "difftest/case.hpp"

using namespace lstar::difftest;

namespace {

constexpr uint64_t CF = 1, PF = 4, AF = 16, ZF = 64, SF = 128, OF = 2048;

uint32_t form_index(const std::string& text) {
    const auto& all = forms();
    for (uint32_t i = 0; i < all.size(); ++i)
        if (all[i].text == text) return i;
    FAIL("no form " << text);
    return 0;
}

struct Pair {
    Input in{};
    Outcome host{}, emu{};
    const Form* form = nullptr;

    explicit Pair(const std::string& text, uint8_t count = 0) {
        in.form = form_index(text);
        form = &forms()[in.form];
        in.count = count;
        host.vector = emu.vector = VEC_BP;
        host.regs.rflags = emu.regs.rflags = 0x202;
    }
    Diff diff() const { return compare(*form, in, host, emu); }
};

}  // namespace

TEST_CASE("compare: equal outcomes pass, any differing field fails", "[difftest]") {
    Pair p("ADD r64, r64");
    CHECK_FALSE(p.diff().any());

    Pair reg = p;
    reg.emu.regs.gpr[3] ^= 1;
    CHECK(reg.diff().gpr == (1u << 3));

    Pair rip = p;
    rip.emu.regs.rip += 1;
    CHECK(rip.diff().rip);

    Pair flags = p;
    flags.emu.regs.rflags |= AF;  // ADD defines AF
    CHECK(flags.diff().rflags);

    Pair mem = p;
    mem.emu.data[100] ^= 0xff;
    mem.emu.data[101] ^= 0xff;
    mem.emu.data[300] ^= 1;
    const Diff d = mem.diff();
    REQUIRE(d.mem.size() == 2);
    CHECK(d.mem[0] == std::make_pair(100u, 102u));
    CHECK(d.mem[1] == std::make_pair(300u, 301u));

    Pair fault = p;
    fault.host.vector = fault.emu.vector = VEC_PF;
    fault.host.error = 6, fault.emu.error = 7;
    CHECK(fault.diff().fault);
    fault.emu.error = 6, fault.emu.cr2 = 0x1000;
    CHECK(fault.diff().fault);

    Pair stuck = p;
    stuck.emu.status = Status::NO_STOP;
    CHECK(stuck.diff().any());
}

TEST_CASE("compare: RF is never compared", "[difftest]") {
    Pair p("ADD r64, r64");
    p.host.regs.rflags |= 1u << 16;
    CHECK_FALSE(p.diff().any());
}

TEST_CASE("compare: undefined flags are masked only where the SDM says so", "[difftest]") {
    Pair logic("AND r32, r32");
    logic.emu.regs.rflags |= AF;
    CHECK_FALSE(logic.diff().any());
    logic.emu.regs.rflags |= ZF;
    CHECK(logic.diff().rflags);

    Pair faulted("AND r32, r32");  // a faulting instruction changes no flag, undefined or not
    faulted.host.vector = faulted.emu.vector = VEC_PF;
    faulted.emu.regs.rflags |= AF;
    CHECK(faulted.diff().rflags);
}

TEST_CASE("undefined flags: the table's conditions", "[difftest]") {
    auto mask = [](const std::string& text, uint8_t count = 0) {
        Pair p(text, count);
        return undefined_for(*p.form, p.in);
    };
    CHECK(mask("ADD r64, r64").flags == 0);
    CHECK(mask("AND r8, r8").flags == AF);
    CHECK(mask("TEST m32, imm32").flags == AF);
    CHECK(mask("MUL r64").flags == (SF | ZF | AF | PF));
    CHECK(mask("IDIV r8").flags == (CF | OF | SF | ZF | AF | PF));
    CHECK(mask("SHL r32, cl", 0).flags == 0);
    CHECK(mask("SHL r32, cl", 1).flags == AF);
    CHECK(mask("SHL r32, cl", 2).flags == (AF | OF));
    CHECK(mask("SHL r8, cl", 8).flags == (AF | OF | CF));
    CHECK(mask("SHR r16, imm8", 16).flags == (AF | OF | CF));
    CHECK(mask("SAR r8, cl", 8).flags == (AF | OF));
    CHECK(mask("ROL r64, 1", 1).flags == 0);
    CHECK(mask("RCR r32, imm8", 3).flags == OF);
    CHECK(mask("SHLD r32, r32, imm8", 31).flags == (AF | OF));
    CHECK_FALSE(mask("SHLD r32, r32, imm8", 31).dest);
    CHECK(mask("SHRD r16, r16, cl", 16).flags == (AF | OF));
    CHECK(mask("SHRD r16, r16, cl", 17).flags == (CF | PF | AF | ZF | SF | OF));
    CHECK(mask("SHRD r16, r16, cl", 17).dest);
    CHECK(mask("BT m32, r32").flags == (OF | SF | AF | PF));
    CHECK(mask("BSF r64, r64").flags == (CF | OF | SF | AF | PF));
    CHECK(mask("TZCNT r16, r16").flags == (OF | SF | AF | PF));
    CHECK(mask("BEXTR r32, r32, r32").flags == (AF | SF | PF));
    CHECK(mask("BSWAP r16").dest);
    CHECK_FALSE(mask("BSWAP r32").dest);
    CHECK(mask("POPCNT r32, r32").flags == 0);
    CHECK(mask("NEG r8").flags == 0);
}

TEST_CASE("compare: an undefined destination is skipped, the other registers are not", "[difftest]") {
    Pair p("BSWAP r16");
    p.in.dest_reg = 2;
    p.emu.regs.gpr[2] ^= 0xffff;
    CHECK_FALSE(p.diff().any());
    p.emu.regs.gpr[2] ^= 0x10000;  // above the 16-bit destination
    CHECK(p.diff().gpr == (1u << 2));
}

TEST_CASE("compare: a mismatch report marks the differing fields", "[difftest]") {
    Pair p("ADD r64, r64");
    p.in.len = 3;
    std::memcpy(p.in.bytes, "\x48\x01\xd8", 3);
    p.in.regs.rip = CODE + 0x100;
    p.emu.regs.gpr[0] = 42;
    const Diff d = p.diff();
    REQUIRE(d.any());
    char* buf = nullptr;
    size_t len = 0;
    std::FILE* f = open_memstream(&buf, &len);
    print_case(f, p.in, p.host, p.emu, d, 7);
    std::fclose(f);
    const std::string text(buf, len);
    free(buf);
    CHECK(text.find("mismatch in case 7") != std::string::npos);
    CHECK(text.find("add rax, rbx") != std::string::npos);
    CHECK(text.find("000000000000002a               *") != std::string::npos);
}

TEST_CASE("docs/cpu.md shows the undefined-flags table as the code has it", "[difftest]") {
    const std::string here = __FILE__;
    const std::string docs = here.substr(0, here.rfind("tests/")) + "docs/cpu.md";
    std::ifstream f(docs);
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    std::istringstream rows(undefined_flags_markdown());
    std::string row;
    while (std::getline(rows, row)) {
        INFO("missing from docs/cpu.md: " << row);
        CHECK(text.find(row) != std::string::npos);
    }
}
