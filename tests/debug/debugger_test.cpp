// The step debugger (src/debug/debugger.cpp) on a small hand-assembled program in a Machine:
// each expected value follows from the instructions' semantics, not from lstar's output.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "debug/debugger.hpp"
#include "machine/machine.hpp"

namespace lstar::debug {
namespace {

constexpr uint64_t CODE = 0x400000, DATA = 0x500000, F = 0x400018;

// mov eax, 1 / add eax, 2 / call f / mov [DATA], rax / out 0xf4, al / hlt
// f: add rax, 0x10 / ret
const uint8_t kProgram[] = {
    0xb8, 0x01, 0x00, 0x00, 0x00,                    // 400000 mov eax, 1
    0x83, 0xc0, 0x02,                                // 400005 add eax, 2
    0xe8, 0x0b, 0x00, 0x00, 0x00,                    // 400008 call 400018
    0x48, 0x89, 0x04, 0x25, 0x00, 0x00, 0x50, 0x00,  // 40000d mov [0x500000], rax
    0xe6, 0xf4,                                      // 400015 out 0xf4, al (debug exit)
    0xf4,                                            // 400017 hlt
    0x48, 0x83, 0xc0, 0x10,                          // 400018 f: add rax, 0x10
    0xc3,                                            // 40001c ret
};

struct Session {
    MachineConfig cfg = [] {
        MachineConfig c;
        c.mem_bytes = 16 << 20;
        c.serial_in_fd = -1;
        return c;
    }();
    Machine machine{cfg};
    SymbolTable syms;
    std::FILE* out = std::tmpfile();
    std::unique_ptr<Debugger> dbg;

    Session() {
        Cpu& cpu = machine.cpu;
        cpu.map(CODE, 0x1000, perm::R | perm::X);
        cpu.map(DATA, 0x1000, perm::R | perm::W);
        cpu.map(0x7fff0000, 0x1000, perm::R | perm::W);
        cpu.write_mem(CODE, kProgram, sizeof kProgram);
        cpu.write_mem(DATA + 0x100, "hello\n", 7);
        cpu.set_reg(RSP, 0x7fff1000);
        cpu.set_rip(CODE);
        cpu.set_rflags(0x3202);  // IOPL 3: the OUT to the debug-exit port is allowed at CPL 3
        syms.add({F, 5, "f", true});
        syms.add({CODE, 0x18, "start", true});
        dbg = std::make_unique<Debugger>(machine, syms, out);
    }
    ~Session() {
        dbg.reset();
        std::fclose(out);
    }
    // Runs one command and returns what it printed.
    std::string run(const std::string& cmd) {
        std::fflush(out);
        const long start = std::ftell(out);
        REQUIRE(dbg->execute(cmd));
        std::fflush(out);
        const long end = std::ftell(out);
        std::string text(static_cast<size_t>(end - start), '\0');
        std::fseek(out, start, SEEK_SET);
        REQUIRE(std::fread(text.data(), 1, text.size(), out) == text.size());
        std::fseek(out, end, SEEK_SET);
        return text;
    }
    Cpu& cpu() { return machine.cpu; }
};

TEST_CASE("debugger: stepi runs N instructions and shows where it stopped", "[debugger]") {
    Session s;
    const std::string out = s.run("stepi 2");
    CHECK(s.cpu().reg(RAX) == 3);
    CHECK(s.cpu().rip() == 0x400008);
    CHECK(s.cpu().icount() == 2);
    CHECK(out.find("0x400008 <start+0x8>: e8 0b 00 00 00") != std::string::npos);
    s.run("si");
    CHECK(s.cpu().rip() == F);  // into the call
    CHECK(s.cpu().icount() == 3);
}

TEST_CASE("debugger: nexti runs a call to its return", "[debugger]") {
    Session s;
    s.run("stepi 2");
    s.run("nexti");
    CHECK(s.cpu().rip() == 0x40000d);
    CHECK(s.cpu().reg(RAX) == 0x13);
    CHECK(s.cpu().icount() == 5);  // mov, add, call, add, ret
    s.run("ni 1");
    CHECK(s.cpu().rip() == 0x400015);
}

TEST_CASE("debugger: breakpoints by symbol, continue, delete", "[debugger]") {
    Session s;
    CHECK(s.run("break f").find("Breakpoint 1 at 0x400018 <f>") != std::string::npos);
    const std::string out = s.run("continue");
    CHECK(out.find("Breakpoint 1, 0x400018 <f>") != std::string::npos);
    CHECK(s.cpu().rip() == F);
    CHECK(s.cpu().icount() == 3);
    CHECK(s.run("info break").find("0x0000000000400018     1  f") != std::string::npos);
    s.run("delete 1");
    CHECK(s.run("info break").find("no breakpoints") != std::string::npos);
}

TEST_CASE("debugger: a watchpoint stops after the store and shows old and new", "[debugger]") {
    Session s;
    CHECK(s.run("watch 0x500000 8").find("= 0x0") != std::string::npos);
    const std::string out = s.run("c");
    CHECK(out.find("Watchpoint 1: 0x500000 (8 bytes)") != std::string::npos);
    CHECK(out.find("old = 0x0") != std::string::npos);
    CHECK(out.find("new = 0x13") != std::string::npos);
    CHECK(out.find("changed by 0x40000d <start+0xd>") != std::string::npos);
    CHECK(s.cpu().rip() == 0x400015);
}

TEST_CASE("debugger: the end of the machine, and commands after it", "[debugger]") {
    Session s;
    // OUT 0xf4 with AL = 0x13: QEMU's isa-debug-exit status (0x13 << 1) | 1.
    CHECK(s.run("continue").find("status 39") != std::string::npos);
    CHECK(s.run("stepi").rfind("error: the machine has stopped", 0) == 0);
    CHECK(s.run("print $rax").rfind("0x13 ", 0) == 0);  // the state can still be inspected
}

TEST_CASE("debugger: expressions", "[debugger]") {
    Session s;
    s.cpu().set_reg(RBX, 0x1000);
    CHECK(s.dbg->eval("0x10") == 0x10);
    CHECK(s.dbg->eval("16") == 16);
    CHECK(s.dbg->eval("$rbx+0x10-2") == 0x100e);
    CHECK(s.dbg->eval("f+4") == F + 4);
    CHECK(s.dbg->eval("*f") == F);
    CHECK(s.dbg->eval("$pc") == CODE);
    CHECK(s.dbg->eval("-1") == ~0ull);
    CHECK_THROWS_AS(s.dbg->eval("nosuch"), DebugError);
    CHECK_THROWS_AS(s.dbg->eval("$xyz"), DebugError);
    CHECK_THROWS_AS(s.dbg->eval("f+"), DebugError);
    CHECK_THROWS_AS(s.dbg->eval(""), DebugError);
}

TEST_CASE("debugger: x/FMT formats", "[debugger]") {
    const MemFormat d{};
    MemFormat f = parse_mem_format("4xg", d);
    CHECK((f.count == 4 && f.format == 'x' && f.size == 8));
    f = parse_mem_format("s", f);
    CHECK((f.count == 1 && f.format == 's'));
    f = parse_mem_format("10i", d);
    CHECK((f.count == 10 && f.format == 'i'));
    f = parse_mem_format("db", d);
    CHECK((f.format == 'd' && f.size == 1));
    CHECK_THROWS_AS(parse_mem_format("4q", d), DebugError);
    CHECK_THROWS_AS(parse_mem_format("0x", d), DebugError);
}

TEST_CASE("debugger: memory views", "[debugger]") {
    Session s;
    CHECK(s.run("x/s 0x500100") == "0x500100: \"hello\\n\"\n");
    CHECK(s.run("x/4xb start") == "0x400000 <start>:\t0xb8\t0x01\t0x00\t0x00\n");
    CHECK(s.run("x/2dh 0x400005") == "0x400005 <start+0x5>:\t-16253\t-6142\n");  // c0 83, e8 02
    CHECK(s.run("x/2c 0x500100") == "0x500100:\t104 'h'\t101 'e'\n");
    const std::string dis = s.run("disas start 3");
    CHECK(dis.find("=> 0x400000 <start>: b8 01 00 00 00") != std::string::npos);
    CHECK(dis.find("call 0x400018 <f>") != std::string::npos);
    CHECK(s.run("x/s 0x600000") == "error: cannot read linear memory at 0x600000\n");
}

TEST_CASE("debugger: errors keep the session alive", "[debugger]") {
    Session s;
    CHECK(s.run("bogus") == "error: unknown command 'bogus' (try help)\n");
    CHECK(s.run("stepi x") == "error: 'x' is not a count\n");
    CHECK(s.run("regs/x").rfind("error: ", 0) == 0);
    CHECK(s.run("trace maybe") == "error: usage: trace on|off\n");
    CHECK(s.run("watch").rfind("error: ", 0) == 0);
    CHECK(s.run("delete 7") == "error: no breakpoint number 7\n");
    CHECK_FALSE(s.dbg->execute("quit"));
}

TEST_CASE("debugger: trace on prints every instruction as it runs", "[debugger]") {
    Session s;
    s.run("trace on");
    const std::string out = s.run("stepi 3");
    // The three instructions run, then the stop line of the fourth.
    CHECK(out.find("0x400000 <start>:") != std::string::npos);
    CHECK(out.find("0x400005 <start+0x5>:") != std::string::npos);
    CHECK(out.find("0x400008 <start+0x8>:") != std::string::npos);
    CHECK(out.find("0x400018 <f>:") != std::string::npos);
}

}  // namespace
}  // namespace lstar::debug
