// Option parsing shared by lstar's subcommands: the argument reader, number and size parsers,
// and the one-line error exit.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lstar {
struct TraceConfig;
class TraceSession;
class Cpu;
}

namespace lstar::cli {

// Prints "lstar: MSG" to stderr and exits with `status` (2: usage errors, 1: anything else).
[[noreturn]] void die(const std::string& msg, int status = 2);

// An unsigned number in C syntax (0x.., decimal); dies with a message naming the option.
uint64_t parse_number(std::string_view opt, const std::string& text);

// "128M", "1G", "65536K" or a plain byte count, between 1M and 4G.
uint64_t parse_size(std::string_view opt, const std::string& text);

// The whole file; dies with "cannot open 'PATH': REASON" (status 1) if it cannot be read.
std::vector<uint8_t> read_file(const std::string& path);

// The command line after the subcommand: --name VALUE or --name=VALUE.
struct Args {
    std::vector<std::string> v;
    size_t pos = 0;
    bool done() const { return pos >= v.size(); }
    const std::string& peek() const { return v[pos]; }
    // Takes option `name` with its value; false (and nothing taken) if the next argument is
    // something else.
    bool take(std::string_view name, std::string& value);
    // Takes the flag `name` (no value).
    bool take_flag(std::string_view name);
};

// The trace options of docs/tracing.md: --trace=LIST, --stats, --syntax, --trace-out,
// --trace-format, --trace-range, --trace-cpl, --trace-start, --trace-count, --trace-syscalls.
// Takes the next argument into `cfg` if it is one of them; dies with a one-line message on a
// bad value.
bool take_trace_option(Args& args, TraceConfig& cfg);
// After the command line: options that need a view that was not asked for.
void check_trace_options(const TraceConfig& cfg);
extern const char* const kTraceUsage;
// An ELF image whose symbols name addresses in the trace, each moved by `bias`.
struct SymbolSource {
    std::span<const uint8_t> image;
    uint64_t bias = 0;
};
// Attaches the views asked for to `cpu`, with the symbols of the ELF images (the kernel, the
// program); nullptr when none was. Dies with a one-line message when the session cannot start.
std::unique_ptr<TraceSession> start_trace(Cpu& cpu, const TraceConfig& cfg,
                                          std::initializer_list<SymbolSource> elf_images, std::FILE* default_out);

}  // namespace lstar::cli
