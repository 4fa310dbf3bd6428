// src/machine/guest_program.cpp: the host-side ELF check and the kernel command line of
// `lstar run`.
#include <catch2/catch.hpp>

#include <elf.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "machine/guest_program.hpp"

using namespace lstar;

namespace {

// A minimal ELF64 x86-64 executable: the header, one PT_LOAD and 16 bytes of "code".
std::vector<uint8_t> elf64(uint16_t type = ET_EXEC, uint16_t machine = EM_X86_64) {
    std::vector<uint8_t> f(sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + 16);
    Elf64_Ehdr e{};
    std::memcpy(e.e_ident, ELFMAG, SELFMAG);
    e.e_ident[EI_CLASS] = ELFCLASS64;
    e.e_ident[EI_DATA] = ELFDATA2LSB;
    e.e_ident[EI_VERSION] = EV_CURRENT;
    e.e_type = type;
    e.e_machine = machine;
    e.e_version = EV_CURRENT;
    e.e_entry = 0x400000 + sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
    e.e_phoff = sizeof(Elf64_Ehdr);
    e.e_ehsize = sizeof(Elf64_Ehdr);
    e.e_phentsize = sizeof(Elf64_Phdr);
    e.e_phnum = 1;
    Elf64_Phdr p{};
    p.p_type = PT_LOAD;
    p.p_flags = PF_R | PF_X;
    p.p_vaddr = p.p_paddr = 0x400000;
    p.p_filesz = p.p_memsz = f.size();
    std::memcpy(f.data(), &e, sizeof e);
    std::memcpy(f.data() + sizeof e, &p, sizeof p);
    return f;
}

// The same for i386.
std::vector<uint8_t> elf32() {
    std::vector<uint8_t> f(sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr) + 16);
    Elf32_Ehdr e{};
    std::memcpy(e.e_ident, ELFMAG, SELFMAG);
    e.e_ident[EI_CLASS] = ELFCLASS32;
    e.e_ident[EI_DATA] = ELFDATA2LSB;
    e.e_ident[EI_VERSION] = EV_CURRENT;
    e.e_type = ET_EXEC;
    e.e_machine = EM_386;
    e.e_version = EV_CURRENT;
    e.e_entry = 0x8048000 + sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr);
    e.e_phoff = sizeof(Elf32_Ehdr);
    e.e_ehsize = sizeof(Elf32_Ehdr);
    e.e_phentsize = sizeof(Elf32_Phdr);
    e.e_phnum = 1;
    Elf32_Phdr p{};
    p.p_type = PT_LOAD;
    p.p_flags = PF_R | PF_X;
    p.p_vaddr = p.p_paddr = 0x8048000;
    p.p_filesz = p.p_memsz = static_cast<Elf32_Word>(f.size());
    std::memcpy(f.data(), &e, sizeof e);
    std::memcpy(f.data() + sizeof e, &p, sizeof p);
    return f;
}

Elf64_Phdr& phdr(std::vector<uint8_t>& f) { return *reinterpret_cast<Elf64_Phdr*>(f.data() + sizeof(Elf64_Ehdr)); }
Elf64_Ehdr& ehdr(std::vector<uint8_t>& f) { return *reinterpret_cast<Elf64_Ehdr*>(f.data()); }

// The guest kernel's word splitter (src/guestos/kernel/params.c, next_word): spaces, tabs and
// newlines separate words; double quotes group; a backslash takes the next character.
std::vector<std::string> kernel_words(const std::string& line) {
    std::vector<std::string> words;
    size_t i = 0;
    for (;;) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n')) ++i;
        if (i == line.size()) return words;
        std::string w;
        bool quoted = false;
        for (; i < line.size(); ++i) {
            const char c = line[i];
            if (c == '\\' && i + 1 < line.size()) w += line[++i];
            else if (c == '"') quoted = !quoted;
            else if (!quoted && (c == ' ' || c == '\t' || c == '\n')) { ++i; break; }
            else w += c;
        }
        words.push_back(w);
    }
}

}  // namespace

TEST_CASE("elf_problem: static x86-64 and i386 executables pass", "[machine][guest_program]") {
    CHECK(elf_problem(elf64()) == "");
    CHECK(elf_problem(elf64(ET_DYN)) == "");  // static-pie: the kernel decides
    std::vector<uint8_t> f = elf32();
    CHECK(elf_problem(f) == "");
    f[EI_CLASS] = ELFCLASS64;  // an i386 machine in a 64-bit container
    CHECK(elf_problem(f) == "a malformed ELF file (its class does not match its machine)");
    f = elf32();
    f[0x12] = EM_X86_64;  // e_machine
    CHECK(elf_problem(f) == "a malformed ELF file (its class does not match its machine)");
}

TEST_CASE("elf_problem: one phrase for each kind of bad file", "[machine][guest_program]") {
    const std::vector<uint8_t> text{'#', '!', '/', 'b', 'i', 'n', '/', 's', 'h', '\n'};
    CHECK(elf_problem(text) == "not an ELF executable");
    CHECK(elf_problem({}) == "not an ELF executable");
    std::vector<uint8_t> f = elf64();
    CHECK(elf_problem(std::span(f).first(10)) == "a truncated ELF file (the header is incomplete)");
    CHECK(elf_problem(std::span(f).first(40)) == "a truncated ELF file (the header is incomplete)");
    CHECK(elf_problem(elf64(ET_REL)) == "an object file, not an executable (link it first)");
    CHECK(elf_problem(elf64(ET_CORE)) == "a core dump, not an executable");
    CHECK(elf_problem(elf64(ET_EXEC, EM_AARCH64)) == "an ELF file for AArch64; lstar runs x86-64 and i386 programs");
    CHECK(elf_problem(elf64(ET_EXEC, EM_386)) == "a malformed ELF file (its class does not match its machine)");

    f = elf64();
    f[EI_DATA] = ELFDATA2MSB;
    CHECK(elf_problem(f) == "a big-endian ELF file; lstar runs x86 programs");
    f = elf64();
    ehdr(f).e_phnum = 0;
    CHECK(elf_problem(f) == "a malformed ELF executable (no program headers)");
    f = elf64();
    ehdr(f).e_phoff = f.size() - 8;
    CHECK(elf_problem(f) == "a malformed ELF executable (program headers outside the file; truncated?)");
    f = elf64();
    phdr(f).p_filesz = f.size() + 1;
    phdr(f).p_memsz = f.size() + 1;
    CHECK(elf_problem(f) == "a malformed ELF executable (segment 0 lies outside the file; truncated?)");
    f = elf64();
    phdr(f).p_offset = ~0ull;
    CHECK(elf_problem(f) == "a malformed ELF executable (segment 0 lies outside the file; truncated?)");
    f = elf64();
    phdr(f).p_memsz = 1;
    CHECK(elf_problem(f) == "a malformed ELF executable (segment 0 is larger in the file than in memory)");
    f = elf64();
    phdr(f).p_type = PT_INTERP;
    CHECK(elf_problem(f) == "a dynamically linked program; lstar runs static programs (link with -static)");
    f = elf64();
    phdr(f).p_type = PT_NOTE;
    CHECK(elf_problem(f) == "a malformed ELF executable (nothing to load)");
}

TEST_CASE("guest_command_line: every argument comes back whole from the kernel's parser", "[machine][guest_program]") {
    const std::vector<std::string> argv{"./prog", "a", "two words", "", "q\"uote", "back\\slash", "tab\there",
                                        "new\nline", "--", "init=/x", "\"", "\\", "\xc3\xa9t\xc3\xa9"};
    const std::string line = guest_command_line("guestos.elf", {"quiet", "init=/init"}, argv);
    CHECK(line.rfind("quiet init=/init -- ./prog a \"two words\" \"\" ", 0) == 0);
    std::vector<std::string> expected{"guestos.elf", "quiet", "init=/init", "--"};
    expected.insert(expected.end(), argv.begin(), argv.end());
    CHECK(kernel_words("guestos.elf " + line) == expected);
}

TEST_CASE("guest_command_line: refuses what the kernel cannot hold", "[machine][guest_program]") {
    CHECK(quote_word("plain") == "plain");
    CHECK(quote_word("a b") == "\"a b\"");
    CHECK(quote_word("") == "\"\"");
    std::vector<std::string> argv(GUEST_MAX_ARGS, "x");
    CHECK_NOTHROW(guest_command_line("k", {}, argv));
    argv.push_back("x");
    CHECK_THROWS_WITH(guest_command_line("k", {}, argv),
                      "too many arguments: the guest kernel takes at most 64 (the program included), got 65");
    const std::string k = "guestos.elf";
    const std::string fits(GUEST_MAX_COMMAND_LINE - k.size() - std::string(" -- p ").size(), 'a');
    CHECK_NOTHROW(guest_command_line(k, {}, {"p", fits}));
    CHECK_THROWS_WITH(guest_command_line(k, {}, {"p", fits + "a"}),
                      "the arguments are too long: the guest kernel's command line holds 4095 bytes, these need 4096");
}
