// src/debug/gdbstub.cpp without a socket: GdbStub::handle() on a Machine running a few
// instructions of 64-bit code from the flat page map, for registers, memory, breakpoints,
// watchpoints, stepping, Ctrl-C and the guest's exit; and garbage payloads, which must get
// protocol errors and never crash or change the machine.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <random>

#include "debug/gdbstub.hpp"
#include "debug/gdbstub_packet.hpp"
#include "debug/gdbstub_regs.hpp"
#include "machine/machine.hpp"

using namespace lstar;

namespace {

constexpr uint64_t CODE = 0x10000, DATA = 0x20000;

// The program (encodings from GNU as):
//   10000: 90                nop
//   10001: 90                nop
//   10002: 89 04 25 00 00 02 00   mov [0x20000], eax
//   10009: 8b 1c 25 08 00 02 00   mov ebx, [0x20008]
//   10010: 90                nop
//   10011: b0 0a             mov al, 10
//   10013: e6 f4             out 0xf4, al      (debug exit: status (10 << 1) | 1 = 21)
struct StubMachine {
    MachineConfig cfg = [] {
        MachineConfig c;
        c.mem_bytes = 16 << 20;
        c.serial_in_fd = -1;
        return c;
    }();
    Machine m{cfg};
    GdbStub stub{m};
    StubMachine() {
        m.cpu.reset_long64(0);
        m.cpu.map(CODE, 0x1000, perm::RWX);
        m.cpu.map(DATA, 0x1000, perm::R | perm::W);
        const uint8_t code[] = {0x90, 0x90, 0x89, 0x04, 0x25, 0x00, 0x00, 0x02, 0x00, 0x8b, 0x1c, 0x25,
                                0x08, 0x00, 0x02, 0x00, 0x90, 0xb0, 0x0a, 0xe6, 0xf4};
        m.cpu.write_mem(CODE, code, sizeof code);
        m.cpu.set_rip(CODE);
        m.cpu.set_reg(RAX, 0x12345678);
    }
    std::string ask(std::string_view packet) {
        GdbStub::Reply r = stub.handle(packet);
        REQUIRE(r.action == GdbStub::Action::REPLY);
        REQUIRE(!r.packets.empty());
        return r.packets.back();
    }
    // Sends a resume packet and runs; true when stopped, false when the guest ended.
    bool go(std::string_view packet, int& status) {
        const GdbStub::Reply r = stub.handle(packet);
        REQUIRE((r.action == GdbStub::Action::CONTINUE || r.action == GdbStub::Action::STEP));
        return stub.resume(r.action, [] {}, status);
    }
    bool go(std::string_view packet) {
        int status;
        return go(packet, status);
    }
};

}  // namespace

TEST_CASE("gdb stub: registers", "[gdbstub]") {
    StubMachine t;
    const std::string g = t.ask("g");
    unsigned total = 0;
    for (unsigned n = 0; n < gdb::register_count(); ++n) total += gdb::register_size(n) * 2;
    CHECK(g.size() == total);
    CHECK(g.substr(0, 16) == "7856341200000000");          // rax, little-endian
    CHECK(g.substr(16 * 16, 16) == "0000010000000000");    // rip = 0x10000
    CHECK(t.ask("p10") == "0000010000000000");
    CHECK(t.ask("P3=efbeadde00000000") == "OK");            // rdx is register 3 in gdb's order
    CHECK(t.m.cpu.reg(RDX) == 0xdeadbeef);
    CHECK(t.ask("P11=d7080000") == "OK");                   // eflags: CF PF AF ZF SF OF and bit 1
    CHECK(t.m.cpu.rflags() == 0x8d7);
    CHECK(t.ask("p11") == "d7080000");
    CHECK(t.ask("p28") == std::string(32, '0'));            // xmm0
    CHECK(t.ask("p39").size() == 16);                       // fs_base
    CHECK(t.ask("p3b").size() == 16);                       // cr0
    CHECK(t.ask("p" + fmt::format("{:x}", gdb::register_count())).substr(0, 1) == "E");
    // G writes everything back; a changed rbx arrives.
    std::string all = t.ask("g");
    all.replace(16, 16, "0100000000000000");
    CHECK(t.ask("G" + all) == "OK");
    CHECK(t.m.cpu.reg(RBX) == 1);
}

TEST_CASE("gdb stub: target description", "[gdbstub]") {
    StubMachine t;
    const std::string xml = gdb::target_xml();
    CHECK(t.ask("qXfer:features:read:target.xml:0,7ffe") == "l" + xml);
    // Every register appears once, numbered in order.
    for (unsigned n = 0; n < gdb::register_count(); ++n)
        CHECK(xml.find(fmt::format("name=\"{}\" bitsize=\"{}\"", gdb::register_name(n), gdb::register_size(n) * 8)) !=
              std::string::npos);
    CHECK(xml.find("<architecture>i386:x86-64</architecture>") != std::string::npos);
    CHECK(t.ask("qXfer:features:read:target.xml:" + fmt::format("{:x}", xml.size()) + ",10") == "l");
}

TEST_CASE("gdb stub: memory", "[gdbstub]") {
    StubMachine t;
    CHECK(t.ask("m10000,3") == "909089");
    CHECK(t.ask("M20010,4:01020304") == "OK");
    CHECK(t.ask("m20010,4") == "01020304");
    std::string bin = "X20020,4:" + gdb::escape_binary(std::string("}#$*", 4));
    CHECK(t.ask(bin) == "OK");
    CHECK(t.ask("m20020,4") == "7d23242a");
    // Reads stop at the first unmapped page; nothing mapped is an error.
    CHECK(t.ask("m20ffe,4") == "0000");
    CHECK(t.ask("m30000,4") == "E0e");
    CHECK(t.ask("m0,4") == "E0e");
    // A write that reaches an unmapped page changes nothing.
    CHECK(t.ask("M20ffe,4:aabbccdd") == "E0e");
    CHECK(t.ask("m20ffe,2") == "0000");
    CHECK(t.ask("mffffffffffffffff,10") == "E0e");
    CHECK(t.ask("Mfffffffffffffffe,4:00000000") == "E0e");
}

TEST_CASE("gdb stub: breakpoints, stepping and watchpoints", "[gdbstub]") {
    StubMachine t;
    SECTION("a software breakpoint stops before its instruction, and continuing passes it") {
        CHECK(t.ask("Z0,10009,1") == "OK");
        REQUIRE(t.go("c"));
        CHECK(t.m.cpu.rip() == 0x10009);
        CHECK(t.stub.stop_reply().rfind("T05swbreak:;", 0) == 0);
        CHECK(t.m.cpu.icount() == 3);
        CHECK(t.ask("Z1,10010,1") == "OK");
        REQUIRE(t.go("vCont;c"));
        CHECK(t.m.cpu.rip() == 0x10010);
        CHECK(t.stub.stop_reply().rfind("T05hwbreak:;", 0) == 0);
    }
    SECTION("steps, one instruction each") {
        REQUIRE(t.go("s"));
        CHECK(t.m.cpu.rip() == 0x10001);
        REQUIRE(t.go("vCont;s:1;c"));
        CHECK(t.m.cpu.rip() == 0x10002);
        REQUIRE(t.go("s"));
        CHECK(t.m.cpu.rip() == 0x10009);
        CHECK(t.stub.stop_reply().find("10:0900010000000000;") != std::string::npos);
        CHECK(t.m.cpu.icount() == 3);
    }
    SECTION("write, read and access watchpoints report after the instruction") {
        CHECK(t.ask("Z2,20000,4") == "OK");
        CHECK(t.ask("Z3,20008,8") == "OK");
        REQUIRE(t.go("c"));
        CHECK(t.m.cpu.rip() == 0x10009);  // after the store
        CHECK(t.stub.stop_reply().rfind("T05watch:20000;", 0) == 0);
        REQUIRE(t.go("c"));
        CHECK(t.m.cpu.rip() == 0x10010);  // after the load
        CHECK(t.stub.stop_reply().rfind("T05rwatch:20008;", 0) == 0);
        CHECK(t.ask("z2,20000,4") == "OK");
        CHECK(t.ask("z3,20008,8") == "OK");
        CHECK_FALSE(t.m.cpu.observe_insns);  // nothing left to watch: full speed again
    }
    SECTION("an access watchpoint sees a read; a write watchpoint does not") {
        CHECK(t.ask("Z2,20008,4") == "OK");
        CHECK(t.ask("Z4,2000a,4") == "OK");
        REQUIRE(t.go("c"));
        CHECK(t.m.cpu.rip() == 0x10010);
        CHECK(t.stub.stop_reply().rfind("T05awatch:2000a;", 0) == 0);
    }
    SECTION("the guest's exit ends the run with its status") {
        int status = 0;
        CHECK_FALSE(t.go("c", status));
        CHECK(status == 21);
    }
    SECTION("Ctrl-C between slices stops with SIGINT") {
        // An endless loop (jmp $), interrupted by the poll callback as a Ctrl-C would.
        const uint8_t jmp_self[] = {0xeb, 0xfe};
        t.m.cpu.write_mem(CODE, jmp_self, 2);
        const GdbStub::Reply r = t.stub.handle("c");
        int polls = 0, status = 0;
        REQUIRE(t.stub.resume(r.action, [&] { if (++polls == 3) t.stub.interrupt(); }, status));
        CHECK(polls == 3);
        CHECK(t.m.cpu.rip() == CODE);
        CHECK(t.stub.stop_reply().rfind("T02", 0) == 0);
        CHECK(t.m.cpu.icount() > 0);
    }
}

TEST_CASE("gdb stub: queries, detach and kill", "[gdbstub]") {
    StubMachine t;
    CHECK(t.ask("qSupported:multiprocess+;swbreak+").find("PacketSize=4000") != std::string::npos);
    CHECK(t.ask("qAttached") == "1");
    CHECK(t.ask("qC") == "QC1");
    CHECK(t.ask("qfThreadInfo") == "m1");
    CHECK(t.ask("qsThreadInfo") == "l");
    CHECK(t.ask("vCont?") == "vCont;c;C;s;S");
    CHECK(t.ask("Hg0") == "OK");
    CHECK(t.ask("?").rfind("T05", 0) == 0);
    CHECK(t.ask("vMustReplyEmpty").empty());
    CHECK(t.ask("qOffsets").empty());
    const GdbStub::Reply mon = t.stub.handle("qRcmd," + gdb::hex_encode("icount"));
    REQUIRE(mon.packets.size() == 2);
    CHECK(mon.packets[0] == "O" + gdb::hex_encode("0 instructions retired\n"));
    CHECK(mon.packets[1] == "OK");
    CHECK(t.stub.handle("D").action == GdbStub::Action::DETACH);
    CHECK(t.stub.handle("k").action == GdbStub::Action::KILL);
    CHECK(t.stub.handle("k").packets.empty());
}

TEST_CASE("gdb stub: garbage packets get errors and change nothing", "[gdbstub]") {
    StubMachine t;
    const std::string before = t.ask("g");
    const std::vector<uint8_t> mem_before = [&] {
        std::vector<uint8_t> v(0x1000);
        t.m.cpu.read_mem(DATA, v.data(), v.size());
        return v;
    }();
    // Malformed versions of every packet the stub knows.
    for (const char* p : {"m", "m,", "mzz,4", "m10000", "m10000,", "m1,zz", "M", "M10000,2", "M10000,2:0",
                          "M10000,2:zzzz", "X10000,2:a", "X10000,1:}", "p", "pq", "P", "P1", "P1=", "P1=zz",
                          "Pzz=00", "G0", "Gzz", "Z", "Z0", "Z0,", "Z0,zz,1", "Z2,20000,0", "z9,0,0", "vCont",
                          "vCont;", "vCont;x", "vCont;c;", "c1g", "sxyz", "qXfer:features:read:target.xml",
                          "qXfer:features:read:target.xml:zz,1", "qRcmd,0", "qRcmd,zz", "Hg", "T2"}) {
        GdbStub::Reply r = t.stub.handle(p);
        INFO(p);
        CHECK(r.action == GdbStub::Action::REPLY);
        REQUIRE(!r.packets.empty());
        const std::string& last = r.packets.back();
        CHECK((last.empty() || last[0] == 'E'));
    }
    // Random payloads from the alphabet of the protocol.
    std::mt19937 rng(99);
    const std::string alphabet = "mMXpPgGZzcsvCont;:,=0123456789abcdefxq?HTDk}";
    for (int round = 0; round < 20000; ++round) {
        std::string p(rng() % 24, ' ');
        for (char& c : p) c = alphabet[rng() % alphabet.size()];
        // Leave out what may legitimately act: resume, detach, kill, and register/memory writes
        // that happen to be well formed.
        if (!p.empty() && std::string_view("csvDkGPMXZz").find(p[0]) != std::string_view::npos) continue;
        const GdbStub::Reply r = t.stub.handle(p);
        CHECK(r.action == GdbStub::Action::REPLY);
    }
    CHECK(t.ask("g") == before);
    std::vector<uint8_t> mem_after(0x1000);
    t.m.cpu.read_mem(DATA, mem_after.data(), mem_after.size());
    CHECK(mem_after == mem_before);
}
