// --trace=insn on a small flat program: the bytes and disassembly against objdump's (binutils,
// an independent disassembler), and the registers, flags and memory each line reports against
// what the SDM says the instruction does.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cpu/cpu.hpp"
#include "debug/tracing.hpp"

namespace {

constexpr uint64_t BASE = 0x400000, STACK_TOP = 0x7ffff000;

// Hand-assembled (SDM Vol. 2 encodings).
const std::vector<uint8_t> kProgram = {
    0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff,  // mov rax, -1
    0x48, 0x83, 0xc0, 0x01,                    // add rax, 1        -> 0: CF ZF PF AF
    0x48, 0xc7, 0xc3, 0x78, 0x56, 0x34, 0x12,  // mov rbx, 0x12345678
    0x53,                                      // push rbx          -> [rsp-8] = rbx
    0x48, 0x89, 0x5c, 0x24, 0xf8,              // mov [rsp-8], rbx
    0xc6, 0x44, 0x24, 0xf0, 0x41,              // mov byte [rsp-16], 0x41
    0xb0, 0x80,                                // mov al, 0x80
    0x00, 0xc0,                                // add al, al        -> 0: CF ZF PF OF
    0xcc,                                      // int3
};

std::string temp_path(const char* name) { return "/tmp/lstar_trace_test_" + std::to_string(getpid()) + name; }

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

std::vector<std::string> trace_program(lstar::TraceConfig cfg) {
    lstar::Cpu cpu(64ull << 20);
    cpu.map(BASE, 0x1000, lstar::perm::RWX);
    cpu.write_mem(BASE, kProgram.data(), kProgram.size());
    cpu.map(STACK_TOP - 0x10000, 0x10000, lstar::perm::R | lstar::perm::W);
    cpu.set_reg(lstar::RSP, STACK_TOP);
    cpu.set_rip(BASE);
    cfg.insn = true;
    cfg.out_path = temp_path(".trace");
    {
        lstar::TraceSession session(cpu, cfg, {}, stdout);
        const lstar::StopInfo stop = cpu.run(100);
        REQUIRE(stop.reason == lstar::StopInfo::Reason::FAULT);  // the INT3
        session.note_fault(stop.fault);
        session.finish(nullptr);
    }
    std::vector<std::string> lines = read_lines(cfg.out_path);
    std::remove(cfg.out_path.c_str());
    return lines;
}

// objdump's view of the program: address -> {bytes "48 c7 c0 ..", disassembly}.
std::map<uint64_t, std::pair<std::string, std::string>> objdump() {
    const std::string bin = temp_path(".bin");
    std::ofstream(bin, std::ios::binary).write(reinterpret_cast<const char*>(kProgram.data()),
                                               static_cast<std::streamsize>(kProgram.size()));
    const std::string cmd = "objdump -D -b binary -mi386:x86-64 -M intel --adjust-vma=0x400000 " + bin;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::map<uint64_t, std::pair<std::string, std::string>> out;
    char buf[512];
    const std::regex row(R"(^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$)");
    while (fgets(buf, sizeof buf, p)) {
        std::string line(buf);
        if (!line.empty() && line.back() == '\n') line.pop_back();
        std::smatch m;
        if (std::regex_match(line, m, row)) out[std::stoull(m[1], nullptr, 16)] = {m[2], m[3]};
    }
    REQUIRE(pclose(p) == 0);
    std::remove(bin.c_str());
    return out;
}

// The two disassemblers' spellings made comparable: lowercase, no spaces, no operand-size
// keywords (objdump always writes them, Zydis only where the size is not implied), and hex
// numbers without leading zeros.
std::string canonical(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    s = std::regex_replace(s, std::regex(R"((byte|word|dword|qword) ptr )"), "");
    s = std::regex_replace(s, std::regex(R"(\s+)"), "");
    return std::regex_replace(s, std::regex("0x0+([0-9a-f])"), "0x$1");
}

}  // namespace

TEST_CASE("Instruction trace: bytes and disassembly agree with objdump", "[debug][trace]") {
    const auto lines = trace_program({});
    const auto ref = objdump();
    REQUIRE(lines.size() == 9);  // eight instructions and the INT3 that stops the run
    // count, CPL, mode, RIP, bytes, disassembly, then two spaces before the changes or the fault.
    const std::regex fields(R"(^ *(\d+) cpl3 64 +([0-9a-f]{16}) ((?:[0-9a-f]{2} )*[0-9a-f]{2}) +(.*?)(?:  .*)?$)");
    size_t n = 0;
    for (const std::string& line : lines) {
        INFO(line);
        std::smatch m;
        REQUIRE(std::regex_match(line, m, fields));
        CHECK(std::stoull(m[1]) == ++n);
        const uint64_t rip = std::stoull(m[2], nullptr, 16);
        REQUIRE(ref.count(rip));
        CHECK(m[3].str() == ref.at(rip).first);
        CHECK(canonical(m[4]) == canonical(ref.at(rip).second));
    }
}

TEST_CASE("Instruction trace: registers, flags and memory follow the SDM", "[debug][trace]") {
    const auto lines = trace_program({});
    REQUIRE(lines.size() == 9);
    const auto ends_with = [](const std::string& s, const std::string& tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    CHECK(ends_with(lines[0], " rax=0xffffffffffffffff"));
    // ADD: 0xff..ff + 1 = 0 with a carry out, a carry out of bit 3, and an even (zero) low byte.
    CHECK(ends_with(lines[1], " rax=0x0 flags=[CF PF AF ZF IF]"));
    CHECK(ends_with(lines[2], " rbx=0x12345678"));
    // PUSH: RSP - 8 and the eight bytes of RBX, little-endian, at the new RSP.
    CHECK(ends_with(lines[3], " rsp=0x7fffeff8 [0x7fffeff8]=7856341200000000"));
    // The same value stored again below it: a memory operand that changed.
    CHECK(ends_with(lines[4], " [0x7fffeff0]=7856341200000000"));
    CHECK(ends_with(lines[5], " [0x7fffefe8]=41"));
    CHECK(ends_with(lines[6], " rax=0x80"));
    // ADD AL, AL: 0x80 + 0x80 = 0x100: CF, OF (two negatives gave a positive), ZF, PF; AF clear.
    CHECK(ends_with(lines[7], " rax=0x0 flags=[CF PF ZF IF OF]"));
    CHECK(ends_with(lines[8], "int3  <#BP>"));
}

TEST_CASE("Instruction trace: jsonl carries the same facts", "[debug][trace]") {
    lstar::TraceConfig cfg;
    cfg.jsonl = true;
    const auto lines = trace_program(cfg);
    REQUIRE(lines.size() == 9);
    CHECK(lines[1] == R"({"n":2,"cpl":3,"mode":"64","rip":"0x400007","bytes":"4883c001","asm":"add rax, 0x01",)"
                      R"("regs":{"rax":"0x0"},"rflags":"0x257","flags":"CF PF AF ZF IF"})");
    CHECK(lines[3].find(R"("mem":[{"addr":"0x7fffeff8","data":"7856341200000000"}])") != std::string::npos);
}

TEST_CASE("Instruction trace: start and count select lines", "[debug][trace]") {
    lstar::TraceConfig cfg;
    cfg.start = 3;
    cfg.count = 2;
    const auto lines = trace_program(cfg);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].rfind("         3 ", 0) == 0);
    CHECK(lines[1].rfind("         4 ", 0) == 0);
}
