// The forms table and the generator (src/difftest/forms.cpp, generate.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cpu/cpu.hpp"
#include "difftest/case.hpp"

using namespace lstar::difftest;

TEST_CASE("forms: every mnemonic lstar implements is tested or excluded for a reason", "[difftest]") {
    const auto missing = uncovered_mnemonics();
    std::string list;
    for (const auto& m : missing) list += " " + m;
    INFO("ops.def mnemonics without difftest forms:" << list);
    CHECK(missing.empty());
}

TEST_CASE("forms: every form encodes to its own mnemonic", "[difftest]") {
    Input in;
    const auto& all = forms();
    for (uint32_t i = 0; i < all.size(); ++i) {
        for (uint64_t k = 0; k < 8; ++k) {
            generate(i, 5, k, in);
            INFO(all[i].text);
            REQUIRE(in.valid);
            // A LOCK the generator adds where it is not allowed makes the decoder give up.
            const bool stray_lock = in.bytes[0] == 0xf0 && !(all[i].flags & (gen::LOCK | gen::LOCKED));
            const size_t skip = stray_lock ? 1 : 0;
            std::string text = lstar::disassemble(in.bytes + skip, in.len - skip, in.regs.rip + skip);
            std::string want = all[i].name;
            std::transform(want.begin(), want.end(), want.begin(), ::tolower);
            INFO(text);
            CHECK((text.rfind(want + " ", 0) == 0 || text == want || text.find(" " + want) != std::string::npos));
            CHECK(in.code_off + in.len < PAGE);
        }
    }
}

TEST_CASE("generate: the same seed and case number give the same case", "[difftest]") {
    static Input a, b;
    for (uint32_t i = 0; i < forms().size(); i += 37) {
        generate(i, 1234, 77, a);
        generate(i, 1234, 77, b);
        CHECK(a.len == b.len);
        CHECK(std::memcmp(a.bytes, b.bytes, a.len) == 0);
        CHECK(std::memcmp(&a.regs, &b.regs, sizeof a.regs) == 0);
        CHECK(std::memcmp(a.data, b.data, DATA_BYTES) == 0);
    }
}

TEST_CASE("generate: stack forms keep RSP in or next to the data pages", "[difftest]") {
    static Input in;
    const auto& all = forms();
    for (uint32_t i = 0; i < all.size(); ++i) {
        if (!(all[i].flags & gen::STACK)) continue;
        for (uint64_t k = 0; k < 50; ++k) {
            generate(i, 3, k, in);
            const uint64_t rsp = in.regs.gpr[4];
            const bool near_data = rsp >= DATA && rsp <= DATA_END;
            const bool non_canonical = static_cast<uint64_t>(static_cast<int64_t>(rsp << 16) >> 16) != rsp;
            INFO(all[i].text << " rsp=" << std::hex << rsp);
            CHECK((near_data || non_canonical));
        }
    }
}

TEST_CASE("docs/cpu.md shows the instruction-coverage table as generated", "[difftest]") {
    const std::string here = __FILE__;
    std::ifstream f(here.substr(0, here.rfind("tests/")) + "docs/cpu.md");
    REQUIRE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    const size_t b = text.find("<!-- coverage:begin -->\n"), e = text.find("<!-- coverage:end -->");
    REQUIRE(b != std::string::npos);
    REQUIRE(e != std::string::npos);
    const size_t start = b + std::strlen("<!-- coverage:begin -->\n");
    INFO("regenerate with: build/lstar difftest --coverage");
    CHECK(text.substr(start, e - start) == lstar::difftest::coverage_markdown());
}
