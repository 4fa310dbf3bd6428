#include "cli/options.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "debug/tracing.hpp"

namespace lstar::cli {

void die(const std::string& msg, int status) {
    std::fflush(stdout);
    std::fprintf(stderr, "lstar: %s\n", msg.c_str());
    std::exit(status);
}

uint64_t parse_number(std::string_view opt, const std::string& text) {
    if (text.empty() || text[0] == '-') die(fmt::format("{} needs a non-negative number, got '{}'", opt, text));
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (errno || *end) die(fmt::format("{} needs a number, got '{}'", opt, text));
    return v;
}

uint64_t parse_size(std::string_view opt, const std::string& text) {
    if (text.empty()) die(fmt::format("{} needs a size such as 128M", opt));
    std::string digits = text;
    uint64_t unit = 1;
    const char last = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
    if (last == 'K' || last == 'M' || last == 'G') {
        unit = last == 'K' ? 1ull << 10 : last == 'M' ? 1ull << 20 : 1ull << 30;
        digits.pop_back();
    }
    const uint64_t n = parse_number(opt, digits);
    if (n == 0 || n > (4ull << 30) / unit) die(fmt::format("{} must be between 1M and 4G, got '{}'", opt, text));
    return n * unit;
}

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(fmt::format("cannot open '{}': {}", path, std::strerror(errno)), 1);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool Args::take(std::string_view name, std::string& value) {
    const std::string& a = v[pos];
    if (a == name) {
        if (pos + 1 >= v.size()) die(fmt::format("{} needs a value", name));
        value = v[pos + 1];
        pos += 2;
        return true;
    }
    if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
        value = a.substr(name.size() + 1);
        pos += 1;
        return true;
    }
    return false;
}

bool Args::take_flag(std::string_view name) {
    if (v[pos] != name) return false;
    ++pos;
    return true;
}

// ---- the trace options (docs/tracing.md) ----

const char* const kTraceUsage = R"(trace options (run, boot; flat takes the insn ones):
  --trace=LIST        comma-separated views, written to stderr (flat: stdout):
                        insn          every instruction: count, CPL, mode, RIP as
                                      symbol+offset, bytes, disassembly, and the
                                      registers, flags and memory it changed
                        syscall       strace-style lines: [pid N] name(args) = result
                                      <N insns>, for syscall and int $0x80
                        syscall-path  per system call: the instruction, the MSR or IDT
                                      gate, swapgs and the stack switch, the kernel
                                      functions as a call tree, sysretq or iretq
                        exc, irq      each exception / interrupt: vector, error code,
                                      CR2, RIP and CPL before and after, the stack used
  --trace-syscalls=LIST  only these calls: names and classes (network, file,
                      process, memory, signal, desc), like strace -e trace=
  --trace-range=SYM|ADDR-ADDR  insn: only RIPs inside the symbol or [ADDR, ADDR)
  --trace-cpl=0|3     insn: only instructions at this CPL
  --trace-start=N     insn: start at the N-th instruction (1-based)
  --trace-count=N     insn: at most N lines
  --trace-format=text|jsonl  insn: one JSON object per line with jsonl
  --syntax=intel|att  disassembly syntax (default intel)
  --trace-out FILE    write the trace to FILE
  --stats             at exit, print to stderr: instructions, MIPS, system calls by
                      name, exceptions by vector, interrupts, TLB misses, the
                      decode-cache hit rate, and the traces built and MOV pairs fused
)";

bool take_trace_option(Args& args, TraceConfig& cfg) {
    static constexpr const char* kValued[] = {"--trace",       "--syntax",      "--trace-out",   "--trace-format",
                                              "--trace-range", "--trace-cpl",   "--trace-start", "--trace-count",
                                              "--trace-syscalls"};
    std::string value;
    if (args.take_flag("--stats")) {
        cfg.stats = true;
        return true;
    }
    for (const char* opt : kValued) {
        if (!args.take(opt, value)) continue;
        const std::string err = set_trace_option(cfg, opt, value);
        if (!err.empty()) die(err);
        return true;
    }
    return false;
}

void check_trace_options(const TraceConfig& cfg) {
    const bool insn_filter = !cfg.range.empty() || cfg.cpl >= 0 || cfg.start || cfg.count != ~0ull || cfg.jsonl;
    if (insn_filter && !cfg.insn)
        die("--trace-range, --trace-cpl, --trace-start, --trace-count and --trace-format apply to --trace=insn");
    if (!cfg.syscalls.empty() && !cfg.syscall && !cfg.syscall_path)
        die("--trace-syscalls applies to --trace=syscall or --trace=syscall-path");
    if (!cfg.out_path.empty() && !(cfg.insn || cfg.syscall || cfg.syscall_path || cfg.exc || cfg.irq))
        die("--trace-out needs a --trace view");
}

std::unique_ptr<TraceSession> start_trace(Cpu& cpu, const TraceConfig& cfg,
                                          std::initializer_list<SymbolSource> elf_images, std::FILE* default_out) {
    check_trace_options(cfg);
    if (!cfg.any()) return nullptr;
    SymbolTable syms;
    for (const SymbolSource& src : elf_images) {
        try {
            syms.load_elf(src.image, src.bias);
        } catch (const std::runtime_error&) {
            // An image without usable symbols: the views show plain addresses for it.
        }
    }
    try {
        return std::make_unique<TraceSession>(cpu, cfg, std::move(syms), default_out);
    } catch (const std::runtime_error& e) {
        die(e.what());
    }
}

}  // namespace lstar::cli
