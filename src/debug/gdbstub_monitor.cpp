// The gdb stub's `monitor` commands (qRcmd): views of the machine that gdb itself has no
// command for, from debug/inspect.hpp.
#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>

#include "debug/gdbstub.hpp"
#include "debug/inspect.hpp"
#include "machine/machine.hpp"

namespace lstar {

namespace {

constexpr const char* kHelp =
    "lstar monitor commands:\n"
    "  regs        general registers, RIP and RFLAGS\n"
    "  sregs       segments, descriptor tables, CR0-CR8 and EFER\n"
    "  msr [N]     MSR N (hex with 0x, or decimal), or every MSR lstar has\n"
    "  pt ADDR     the page walk for linear address ADDR, level by level\n"
    "  idt | gdt | tss   the descriptor tables and the task-state segment\n"
    "  tlb         the valid entries of lstar's software TLB\n"
    "  icount      instructions retired so far\n";

// A number as C writes it: 0x.. hex, else decimal; gdb users also type bare hex addresses
// for pt, so "ffffffff80100000" is taken as hex when it is not decimal.
bool parse_number(std::string_view text, uint64_t& v, bool bare_hex) {
    const std::string s(text);
    if (s.empty()) return false;
    char* end = nullptr;
    errno = 0;
    v = std::strtoull(s.c_str(), &end, s.rfind("0x", 0) == 0 || s.rfind("0X", 0) == 0 ? 16 : 10);
    if (errno == 0 && *end == '\0' && s[0] != '-') return true;
    if (!bare_hex) return false;
    errno = 0;
    v = std::strtoull(s.c_str(), &end, 16);
    return errno == 0 && *end == '\0' && s[0] != '-';
}

}  // namespace

std::string GdbStub::monitor(std::string_view command) {
    // Split into the command word and its argument.
    while (!command.empty() && command.front() == ' ') command.remove_prefix(1);
    while (!command.empty() && (command.back() == ' ' || command.back() == '\n')) command.remove_suffix(1);
    const size_t space = command.find(' ');
    const std::string_view word = command.substr(0, space);
    std::string_view arg = space == std::string_view::npos ? "" : command.substr(space + 1);
    while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
    Cpu& cpu = m_.cpu;

    if (word == "help" || word.empty()) return kHelp;
    if (word == "regs") return inspect::regs(cpu);
    if (word == "sregs") return inspect::sregs(cpu);
    if (word == "idt") return inspect::idt(cpu);
    if (word == "gdt") return inspect::gdt(cpu);
    if (word == "tss") return inspect::tss(cpu);
    if (word == "tlb") return inspect::tlb(cpu);
    if (word == "icount") return fmt::format("{} instructions retired\n", cpu.icount());
    if (word == "msr") {
        if (arg.empty()) return inspect::msr(cpu, std::nullopt);
        uint64_t n;
        if (!parse_number(arg, n, false) || n > 0xffffffff)
            return fmt::format("msr: '{}' is not an MSR number (e.g. 0xc0000082)\n", arg);
        return inspect::msr(cpu, static_cast<uint32_t>(n));
    }
    if (word == "pt") {
        uint64_t la;
        if (!parse_number(arg, la, true)) return fmt::format("pt: '{}' is not an address (e.g. 0xffffffff80100000)\n", arg);
        return inspect::page_walk(cpu, la);
    }
    return fmt::format("unknown monitor command '{}' (monitor help lists them)\n", word);
}

}  // namespace lstar
