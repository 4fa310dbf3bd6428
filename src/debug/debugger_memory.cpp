// The step debugger's view of memory: address expressions, x/FMT and xp/FMT, disas.
// Every read goes through Mmu::copy_out or the physical RAM directly: no A/D bits are set, no
// TLB entry is filled and no fault is raised, so looking never changes what the guest sees.
#include <cctype>
#include <functional>
#include <cstring>

#include <fmt/format.h>

#include "cpu/cpu.hpp"
#include "cpu/decode.hpp"
#include "debug/debugger.hpp"
#include "machine/machine.hpp"
#include "msr/msr.hpp"

namespace lstar::debug {

namespace {

constexpr const char* kGprNames[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                       "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::optional<uint64_t> parse_number(std::string_view t) {
    if (t.empty()) return std::nullopt;
    int base = 10;
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) base = 16, t.remove_prefix(2);
    uint64_t v = 0;
    for (char c : t) {
        const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (base == 16 && std::isxdigit(static_cast<unsigned char>(c))) ? std::tolower(c) - 'a' + 10
                                                                                     : -1;
        if (d < 0) return std::nullopt;
        if (v > (~0ull - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return std::nullopt;
        v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    }
    return v;
}

// A string as C writes it: quotes, backslashes and control bytes escaped.
std::string c_escape(std::string_view s) {
    std::string out;
    for (unsigned char ch : s) {
        if (ch == '"' || ch == '\\') out += {'\\', static_cast<char>(ch)};
        else if (ch == '\n') out += "\\n";
        else if (ch == '\t') out += "\\t";
        else if (ch < 0x20 || ch >= 0x7f) out += fmt::format("\\{:03o}", ch);
        else out += static_cast<char>(ch);
    }
    return out;
}

unsigned size_of(char c) {
    switch (c) {
    case 'b': return 1;
    case 'h': return 2;
    case 'w': return 4;
    case 'g': return 8;
    }
    return 0;
}

}  // namespace

MemFormat parse_mem_format(std::string_view text, MemFormat last) {
    MemFormat f = last;
    f.count = 1;
    size_t k = 0;
    if (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) {
        uint64_t n = 0;
        for (; k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])); ++k) {
            n = n * 10 + static_cast<uint64_t>(text[k] - '0');
            if (n > 4096) throw DebugError("x shows at most 4096 units at a time");
        }
        if (n == 0) throw DebugError("the count in /FMT must be at least 1");
        f.count = static_cast<unsigned>(n);
    }
    for (; k < text.size(); ++k) {
        const char c = text[k];
        if (size_of(c)) f.size = size_of(c);
        else if (std::strchr("xduocasi", c)) f.format = c;
        else throw DebugError(fmt::format("unknown letter '{}' in /{} (formats x d u o c a s i, sizes b h w g)", c, text));
    }
    if (f.format == 'a') f.size = 8;
    if (f.format == 'c' && text.find_first_of("hwg") == std::string_view::npos) f.size = 1;
    return f;
}

std::optional<uint64_t> Debugger::register_value(std::string_view name) const {
    for (int r = 0; r < 16; ++r)
        if (name == kGprNames[r]) return cpu_.reg(static_cast<Gpr>(r));
    if (name == "rip" || name == "pc") return cpu_.rip();
    if (name == "sp") return cpu_.reg(RSP);
    if (name == "fp") return cpu_.reg(RBP);
    if (name == "rflags" || name == "eflags") return cpu_.rflags();
    if (name == "cr0") return cpu_.s.cr0;
    if (name == "cr2") return cpu_.s.cr2;
    if (name == "cr3") return cpu_.s.cr3;
    if (name == "cr4") return cpu_.s.cr4;
    if (name == "efer") return cpu_.s.efer;
    if (name == "fs_base") return cpu_.s.seg[FS].base;
    if (name == "gs_base") return cpu_.s.seg[GS].base;
    if (name == "cpl") return cpu_.s.cpl;
    if (name == "icount") return cpu_.icount();
    return std::nullopt;
}

uint64_t Debugger::eval(std::string_view expr) const {
    expr = trim(expr);
    if (!expr.empty() && expr[0] == '*') expr = trim(expr.substr(1));  // gdb's break *ADDR
    if (expr.empty()) throw DebugError("missing expression");
    uint64_t total = 0;
    bool negate = false;
    size_t pos = 0;
    while (pos < expr.size()) {
        const size_t end = std::min(expr.find_first_of("+-", pos == 0 && (expr[0] == '-' || expr[0] == '+') ? 1 : pos),
                                    expr.size());
        std::string_view term = trim(expr.substr(pos, end - pos));
        if (!term.empty() && (term[0] == '+' || term[0] == '-')) {  // a leading sign
            negate = term[0] == '-';
            term = trim(term.substr(1));
        }
        if (term.empty()) throw DebugError(fmt::format("'{}' is not an expression", expr));
        uint64_t v;
        if (term[0] == '$') {
            const std::optional<uint64_t> r = register_value(term.substr(1));
            if (!r) throw DebugError(fmt::format("unknown register '{}'", term));
            v = *r;
        } else if (const std::optional<uint64_t> n = parse_number(term)) {
            v = *n;
        } else if (const std::optional<uint64_t> s = syms_.lookup(term)) {
            v = *s;
        } else {
            throw DebugError(fmt::format("no symbol '{}' (and not a number)", term));
        }
        total = negate ? total - v : total + v;
        if (end == expr.size()) break;
        negate = expr[end] == '-';
        pos = end + 1;
        if (trim(expr.substr(pos)).empty()) throw DebugError(fmt::format("'{}' ends with an operator", expr));
    }
    return total;
}

bool Debugger::read_linear(uint64_t la, void* dst, uint64_t len) const {
    return cpu_.mmu.copy_out(la, dst, len);
}

bool Debugger::read_physical(uint64_t pa, void* dst, uint64_t len) const {
    const uint64_t size = cpu_.phys.size();
    if (pa >= size || size - pa < len) return false;
    std::memcpy(dst, cpu_.phys.host(pa), len);
    return true;
}

std::string Debugger::format_insn(uint64_t la, size_t* len) const {
    uint8_t bytes[15];
    size_t n = 0;
    while (n < sizeof bytes && read_linear(la + n, bytes + n, 1)) ++n;
    *len = 0;
    if (n == 0) return "(cannot read memory)";
    // The kernel's half of the address space holds 64-bit code even while a compatibility-mode
    // program is stopped.
    const Mode mode = (cpu_.s.efer & msr::efer::LMA) && static_cast<int64_t>(la) < 0 ? Mode::LONG64 : cpu_.mode();
    DecodedInsn d;
    if (decode(bytes, n, mode, d).status != DecodeStatus::OK) return "(bad)";
    *len = d.len;
    std::string hex;
    for (size_t k = 0; k < d.len; ++k) hex += fmt::format("{:02x} ", bytes[k]);
    std::string text = disassemble(bytes, d.len, la, mode, false);
    // A branch or call target gets its symbol, as in objdump: "call 0xffffffff8010bf10 <f>".
    const size_t sp = text.find_last_of(' ');
    if (sp != std::string::npos && text.compare(sp + 1, 2, "0x") == 0) {
        if (const std::optional<uint64_t> target = parse_number(text.substr(sp + 1))) text += symbol_suffix(*target);
    }
    return fmt::format("{:<24} {}", hex, text);
}

std::string Debugger::disassemble_at(uint64_t la, unsigned count, bool mark_rip) const {
    std::string text;
    for (unsigned k = 0; k < count; ++k) {
        size_t len = 0;
        const std::string insn = format_insn(la, &len);
        text += fmt::format("{} {:#x}{}: {}\n", mark_rip && la == cpu_.rip() ? "=>" : "  ", la, symbol_suffix(la), insn);
        if (len == 0) break;
        la += len;
    }
    return text;
}

void Debugger::cmd_disas(std::string_view args) {
    args = trim(args);
    uint64_t at = cpu_.rip();
    std::optional<unsigned> count;
    if (!args.empty()) {
        // "EXPR N": the count is the last word when there are two or more.
        const size_t sp = args.find_last_of(" \t");
        std::string_view expr = args;
        if (sp != std::string_view::npos) {
            const std::optional<uint64_t> n = parse_number(trim(args.substr(sp + 1)));
            if (!n || *n == 0 || *n > 4096) throw DebugError(fmt::format("'{}' is not a count (1-4096)", args.substr(sp + 1)));
            count = static_cast<unsigned>(*n);
            expr = args.substr(0, sp);
        }
        at = eval(expr);
    }
    if (!count) {
        // A whole function when `at` is the start of one (or when disassembling around RIP).
        const Symbol* s = syms_.find(at);
        if (s && s->function && s->size && (s->addr == at || args.empty())) {
            if (args.empty()) at = s->addr;
            print(disassemble_until(at, s->addr + s->size));
            return;
        }
        count = 10;
    }
    print(disassemble_at(at, *count, true));
}

std::string Debugger::disassemble_until(uint64_t la, uint64_t end) const {
    std::string text;
    while (la < end) {
        size_t len = 0;
        text += disassemble_at(la, 1, true);
        format_insn(la, &len);
        if (len == 0) break;
        la += len;
    }
    return text;
}

void Debugger::cmd_examine(std::string_view fmt_text, std::string_view args, bool physical) {
    if (trim(args).empty()) throw DebugError(fmt::format("{} needs an address", physical ? "xp" : "x"));
    const MemFormat f = parse_mem_format(fmt_text, last_x_);
    last_x_ = f;
    const uint64_t at = eval(args);
    if (f.format == 'i') {
        if (physical) throw DebugError("xp cannot disassemble (use x/i with a linear address)");
        print(disassemble_at(at, f.count, true));
        return;
    }
    const MemoryReader read = [this, physical](uint64_t a, void* dst, uint64_t len) {
        return physical ? read_physical(a, dst, len) : read_linear(a, dst, len);
    };
    const auto label = [&](uint64_t a) { return fmt::format("{:#x}{}:", a, physical ? "" : symbol_suffix(a)); };
    uint8_t first;
    if (!read(at, &first, 1))
        throw DebugError(fmt::format("cannot read {} memory at {:#x}", physical ? "physical" : "linear", at));
    print(f.format == 's' ? examine_strings(read, at, f.count, label) : examine_units(read, at, f, label));
}

std::string Debugger::examine_strings(const MemoryReader& read, uint64_t at, unsigned count,
                                      const std::function<std::string(uint64_t)>& label) const {
    std::string text;
    for (unsigned k = 0; k < count; ++k) {
        std::string s;
        uint8_t c;
        uint64_t a = at;
        for (; s.size() < 4096 && read(a, &c, 1) && c != 0; ++a) s += static_cast<char>(c);
        text += fmt::format("{} \"{}\"\n", label(at), c_escape(s));
        at = a + 1;
    }
    return text;
}

std::string Debugger::examine_units(const MemoryReader& read, uint64_t at, const MemFormat& f,
                                    const std::function<std::string(uint64_t)>& label) const {
    const unsigned per_line = f.format == 'c' ? 8 : f.size == 8 ? 2 : f.size == 4 ? 4 : 8;
    std::string text;
    for (unsigned k = 0; k < f.count; ++k) {
        const uint64_t a = at + uint64_t{k} * f.size;
        uint64_t v = 0;
        if (!read(a, &v, f.size)) {
            text += fmt::format("\n(cannot read memory at {:#x})", a);
            break;
        }
        if (k % per_line == 0) text += (k ? "\n" : "") + label(a);
        const unsigned bits = f.size * 8;
        const int64_t sv = bits == 64 ? static_cast<int64_t>(v) : static_cast<int64_t>(v << (64 - bits)) >> (64 - bits);
        switch (f.format) {
        case 'x': text += fmt::format("\t{:#0{}x}", v, f.size * 2 + 2); break;
        case 'd': text += fmt::format("\t{}", sv); break;
        case 'u': text += fmt::format("\t{}", v); break;
        case 'o': text += fmt::format("\t0{:o}", v); break;
        case 'c':
            text += std::isprint(static_cast<int>(v & 0xff)) ? fmt::format("\t{} '{}'", sv, static_cast<char>(v))
                                                              : fmt::format("\t{}", sv);
            break;
        case 'a': text += fmt::format("\t{:#x}{}", v, symbol_suffix(v)); break;
        }
    }
    return text;
}

}  // namespace lstar::debug
