#include "machine/guest_program.hpp"

#include <elf.h>

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace lstar {

namespace {

// The fields elf_problem needs, from either class.
struct ElfHeader {
    bool is64;
    uint16_t type, machine, phentsize, phnum;
    uint64_t phoff;
};

struct ProgramHeader {
    uint32_t type;
    uint64_t offset, filesz, memsz;
};

template <class T>
T load(std::span<const uint8_t> image, uint64_t offset) {
    T v;
    std::memcpy(&v, image.data() + offset, sizeof v);
    return v;
}

ElfHeader read_header(std::span<const uint8_t> image) {
    if (image[EI_CLASS] == ELFCLASS64) {
        const auto e = load<Elf64_Ehdr>(image, 0);
        return {true, e.e_type, e.e_machine, e.e_phentsize, e.e_phnum, e.e_phoff};
    }
    const auto e = load<Elf32_Ehdr>(image, 0);
    return {false, e.e_type, e.e_machine, e.e_phentsize, e.e_phnum, e.e_phoff};
}

ProgramHeader read_phdr(std::span<const uint8_t> image, bool is64, uint64_t offset) {
    if (is64) {
        const auto p = load<Elf64_Phdr>(image, offset);
        return {p.p_type, p.p_offset, p.p_filesz, p.p_memsz};
    }
    const auto p = load<Elf32_Phdr>(image, offset);
    return {p.p_type, p.p_offset, p.p_filesz, p.p_memsz};
}

std::string machine_name(uint16_t machine) {
    switch (machine) {
    case EM_AARCH64: return "AArch64";
    case EM_ARM: return "ARM";
    case EM_RISCV: return "RISC-V";
    case EM_PPC64: return "PowerPC64";
    case EM_S390: return "S/390";
    case EM_MIPS: return "MIPS";
    default: return fmt::format("machine {}", machine);
    }
}

}  // namespace

std::string elf_problem(std::span<const uint8_t> image) {
    if (image.size() < SELFMAG || std::memcmp(image.data(), ELFMAG, SELFMAG) != 0) return "not an ELF executable";
    if (image.size() < EI_NIDENT) return "a truncated ELF file (the header is incomplete)";
    const uint8_t cls = image[EI_CLASS];
    if (cls != ELFCLASS32 && cls != ELFCLASS64) return "not an ELF executable (unknown ELF class)";
    if (image[EI_DATA] != ELFDATA2LSB) return "a big-endian ELF file; lstar runs x86 programs";
    if (image.size() < (cls == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
        return "a truncated ELF file (the header is incomplete)";

    const ElfHeader h = read_header(image);
    const uint16_t want_machine = h.is64 ? EM_X86_64 : EM_386;
    if (h.machine != want_machine) {
        if (h.machine == EM_X86_64 || h.machine == EM_386) return "a malformed ELF file (its class does not match its machine)";
        return "an ELF file for " + machine_name(h.machine) + "; lstar runs x86-64 and i386 programs";
    }
    if (h.type == ET_REL) return "an object file, not an executable (link it first)";
    if (h.type == ET_CORE) return "a core dump, not an executable";
    if (h.type != ET_EXEC && h.type != ET_DYN) return "not an ELF executable (unknown ELF type)";

    const size_t phdr_size = h.is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    if (h.phnum == 0) return "a malformed ELF executable (no program headers)";
    if (h.phentsize != phdr_size) return "a malformed ELF executable (bad program header size)";
    if (h.phoff > image.size() || uint64_t(h.phnum) * phdr_size > image.size() - h.phoff)
        return "a malformed ELF executable (program headers outside the file; truncated?)";

    bool loads = false;
    for (unsigned i = 0; i < h.phnum; ++i) {
        const ProgramHeader p = read_phdr(image, h.is64, h.phoff + uint64_t(i) * phdr_size);
        if (p.type == PT_INTERP) return "a dynamically linked program; lstar runs static programs (link with -static)";
        if (p.type != PT_LOAD) continue;
        loads = true;
        if (p.offset > image.size() || p.filesz > image.size() - p.offset)
            return fmt::format("a malformed ELF executable (segment {} lies outside the file; truncated?)", i);
        if (p.filesz > p.memsz) return fmt::format("a malformed ELF executable (segment {} is larger in the file than in memory)", i);
    }
    if (!loads) return "a malformed ELF executable (nothing to load)";
    return "";
}

std::string quote_word(const std::string& word) {
    if (!word.empty() && word.find_first_of(" \t\n\"\\") == std::string::npos) return word;
    std::string out = "\"";
    for (char c : word) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

std::string guest_command_line(const std::string& kernel_name, const std::vector<std::string>& params,
                               const std::vector<std::string>& argv) {
    if (argv.size() > GUEST_MAX_ARGS)
        throw std::invalid_argument(
            fmt::format("too many arguments: the guest kernel takes at most {} (the program included), got {}",
                        GUEST_MAX_ARGS, argv.size()));
    std::string line;
    for (const std::string& p : params) line += quote_word(p) + ' ';
    line += "--";
    for (const std::string& a : argv) line += ' ' + quote_word(a);
    if (kernel_name.size() + 1 + line.size() > GUEST_MAX_COMMAND_LINE)
        throw std::invalid_argument(
            fmt::format("the arguments are too long: the guest kernel's command line holds {} bytes, these need {}",
                        GUEST_MAX_COMMAND_LINE, kernel_name.size() + 1 + line.size()));
    return line;
}

}  // namespace lstar
