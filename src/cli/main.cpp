// lstar's command line: subcommands and their options.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/debug.hpp"
#include "cli/display_options.hpp"
#include "cli/options.hpp"
#include "cli/run.hpp"
#include "cpu/cpu.hpp"
#include "debug/gdbstub.hpp"
#include "debug/trace.hpp"
#include "debug/tracing.hpp"
#include "machine/machine.hpp"
#include "difftest/difftest.hpp"

namespace {

using namespace lstar::cli;

constexpr const char* kUsageHead = R"(lstar - a full-system x86-64 emulator

usage:
  lstar run [options] PROG [ARGS...]
                                run a static Linux program on lstar's own guest kernel
  lstar debug [options] PROG [ARGS...]
                                lstar run, stopped before the first instruction in the step debugger
  lstar boot KERNEL [options]   boot a Multiboot 1 kernel, as qemu-system-x86_64 -kernel does
  lstar flat FILE [options]     run a flat 64-bit binary (raw machine code) at --base
  lstar difftest [options]      compare lstar's CPU with the host CPU on random instructions
  lstar --help | --version

)";

constexpr const char* kUsageRest = R"(
boot options:
  --initrd FILE[,FILE...]  Multiboot modules (FILE may be followed by arguments, as
                      with QEMU: --initrd "mod.bin arg1")
  --append CMDLINE    the kernel command line
  --mem SIZE          guest RAM, e.g. 128M or 1G (default 128M; at most 4G)
  --max-insns N       stop after N instructions (exit status 124)
  --realtime          the CMOS clock starts at the host's time, not 2019-03-03
  --gdb[=PORT]        wait for gdb (see below)
  --debug             stop before the first instruction in the step debugger (see debug
                      options; --script, --stdin and --symbols work here)
  --trace=LIST, --stats ...  the trace views (see "trace options" below); the
                      kernel's ELF symbols name the addresses
  COM1 goes to stdout and reads stdin. The exit status is the guest's debug-exit
  status (port 0xf4, as QEMU's isa-debug-exit: (value << 1) | 1), 0 when the guest
  halts with interrupts off, 3 on a triple fault, 1 on any other machine error.

flat options:
  --base ADDR         load and start address (default 0x400000)
  --trace=insn        print one line per instruction to stdout (and the other
                      insn options of "trace options" below)
  --max-insns N       stop after N instructions (default 100000000)
  The program runs in 64-bit user mode (CPL 3) with a 64 KiB stack below 0x7ffff000.
  It stops at INT3, HLT, a fault, or the instruction budget; lstar then prints the registers.
  Exit status: 0 on INT3 or the budget, 1 on any other fault.

difftest options:
  --seed S            random seed (default 1)
  --count N           number of cases (default 10000)
  --first K           start at case number K (with --count 1 and the same seed,
                      filter and isa, reruns one reported case)
  --filter M[,M...]   only forms of these mnemonics (case-insensitive)
  --isa LIST          only these instruction groups, comma-separated (default: all):
                      gp (general-purpose), sse (SSE..SSE4.2, AES, PCLMULQDQ, CRC32,
                      XSAVE), x87
  --show N            print at most N mismatches in full (default 10)
  --coverage          print the instruction-coverage table (every tested form by ISA
                      extension, as docs/cpu.md shows it) and exit
  Exit status: 0 when every case matched the host CPU, 1 on any mismatch,
  2 when the tester cannot start.
)";

int cmd_flat(Args& args) {
    std::string file, value;
    uint64_t base = 0x400000, max_insns = 100000000;
    lstar::TraceConfig trace;
    while (!args.done()) {
        if (take_trace_option(args, trace)) continue;
        if (args.take("--base", value)) base = parse_number("--base", value);
        else if (args.take("--max-insns", value)) max_insns = parse_number("--max-insns", value);
        else if (args.peek().rfind("--", 0) == 0) {
            die(fmt::format("unknown option '{}' for flat (see lstar --help)", args.peek()));
        } else if (file.empty()) {
            file = args.v[args.pos++];
        } else {
            die(fmt::format("unexpected argument '{}'", args.peek()));
        }
    }
    if (file.empty()) die("flat needs a FILE (see lstar --help)");
    if (trace.syscall || trace.syscall_path || trace.exc || trace.irq)
        die("--trace: only insn is available for flat programs (they have no kernel and no IDT)");
    std::ifstream in(file, std::ios::binary);
    if (!in) die(fmt::format("cannot open '{}': {}", file, std::strerror(errno)), 1);
    std::vector<uint8_t> image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (image.empty()) die(fmt::format("'{}' is empty", file), 1);
    if (base & lstar::PAGE_MASK) die(fmt::format("--base {:#x} is not page-aligned", base));
    if (image.size() > (64u << 20)) die(fmt::format("'{}' is larger than 64 MiB", file), 1);

    constexpr uint64_t STACK_TOP = 0x7ffff000, STACK_SIZE = 0x10000;
    if (base < STACK_TOP && base + image.size() > STACK_TOP - STACK_SIZE)
        die(fmt::format("--base {:#x}: the program would overlap the stack", base));
    if (!lstar::is_canonical(base) || !lstar::is_canonical(base + image.size()))
        die(fmt::format("--base {:#x} is not a canonical address", base));

    lstar::Cpu cpu(256ull << 20);
    cpu.map(base, image.size(), lstar::perm::RWX);
    cpu.write_mem(base, image.data(), image.size());
    cpu.map(STACK_TOP - STACK_SIZE, STACK_SIZE, lstar::perm::R | lstar::perm::W);
    cpu.set_reg(lstar::RSP, STACK_TOP);
    cpu.set_rip(base);

    std::unique_ptr<lstar::TraceSession> session = start_trace(cpu, trace, {}, stdout);
    lstar::StopInfo stop = cpu.run(max_insns);
    if (session) {
        if (stop.reason == lstar::StopInfo::Reason::FAULT) session->note_fault(stop.fault);
        session->finish(stderr);
    }
    std::fflush(stdout);

    using R = lstar::StopInfo::Reason;
    std::string why = stop.reason == R::BUDGET ? "instruction budget reached"
                      : stop.reason == R::HALT ? "HLT"
                                               : lstar::vec_name(stop.fault.vector);
    if (stop.reason == R::FAULT && stop.fault.vector == lstar::Vec::PF)
        why += fmt::format(" (error {:#x}, address {:#x})", stop.fault.error, stop.fault.cr2);
    else if (stop.reason == R::FAULT && stop.fault.vector == lstar::Vec::BP)
        why = "INT3";
    else if (stop.reason == R::FAULT && stop.fault.error)
        why += fmt::format(" (error {:#x})", stop.fault.error);
    std::fprintf(stderr, "lstar: stopped after %llu instructions: %s\n",
                 static_cast<unsigned long long>(stop.insns), why.c_str());
    lstar::dump_registers(cpu, stderr);
    const bool clean = stop.reason == R::BUDGET || (stop.reason == R::FAULT && stop.fault.vector == lstar::Vec::BP);
    return clean ? 0 : 1;
}

int cmd_boot(Args& args) {
    lstar::MachineConfig cfg;
    lstar::display::DisplayOptions display;
    std::string kernel, append, initrd, value;
    std::optional<uint16_t> gdb_port;
    bool debug = false;
    DebugOptions debug_opt;
    lstar::TraceConfig trace;
    while (!args.done()) {
        if (take_trace_option(args, trace)) continue;
        if (take_display_option(args, display)) continue;
        if (args.take("--initrd", value)) initrd = value;
        else if (args.take("--append", value)) append = value;
        else if (args.take("--mem", value)) cfg.mem_bytes = parse_size("--mem", value);
        else if (args.take("--max-insns", value)) cfg.max_insns = parse_number("--max-insns", value);
        else if (args.take_flag("--realtime")) cfg.realtime = true;
        else if (take_gdb_option(args, gdb_port)) continue;
        else if (args.take_flag("--debug")) debug = true;
        else if (take_boot_debug_option(args, debug_opt)) continue;
        else if (args.peek().rfind("--", 0) == 0) die(fmt::format("unknown option '{}' for boot (see lstar --help)", args.peek()));
        else if (kernel.empty()) kernel = args.v[args.pos++];
        else die(fmt::format("unexpected argument '{}'", args.peek()));
    }
    if (kernel.empty()) die("boot needs a KERNEL (see lstar --help)");
    if (!debug && (!debug_opt.script.empty() || !debug_opt.guest_stdin.empty() || !debug_opt.symbols.empty()))
        die("--script, --stdin and --symbols need --debug");
    if (debug && gdb_port) die("--debug and --gdb: choose one debugger");
    if (cfg.mem_bytes < (2u << 20)) die("--mem must be at least 2M");
    const std::vector<uint8_t> image = read_file(kernel);
    std::vector<lstar::MultibootModule> modules;
    size_t start = 0;
    while (!initrd.empty() && start <= initrd.size()) {
        const size_t comma = initrd.find(',', start);
        const std::string spec = initrd.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const std::string file = spec.substr(0, spec.find(' '));
        modules.push_back({read_file(file), spec});
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    lstar::Machine machine(cfg);
    try {
        machine.boot_multiboot(image, kernel, append, modules);
    } catch (const std::runtime_error& e) {
        die(e.what(), 1);  // the loader names the file
    }
    if (display.active() && (debug || gdb_port)) die("--display, --screenshot and --type do not work with --debug or --gdb");
    std::unique_ptr<lstar::TraceSession> session = start_trace(machine.cpu, trace, {{image, 0}}, stderr);
    if (debug) {
        const std::vector<uint8_t> symbols = debug_opt.symbols.empty() ? image : read_file(debug_opt.symbols);
        return debug_machine(machine, debug_opt, {{symbols}},
                             [](int status) { return fmt::format("the machine stopped: exit status {}", status); });
    }
    if (!gdb_port) {
        const int status = run_with_display(machine, display);
        if (session) session->finish(stderr);
        return status;
    }
    lstar::GdbSessionEnd end;
    try {
        end = lstar::run_under_gdb(machine, *gdb_port, [](int status) { return status; });
    } catch (const std::runtime_error& e) {
        die(e.what(), 1);
    }
    return end.killed ? gdb_killed() : end.status;
}

int cmd_difftest(Args& args) {
    lstar::difftest::Options opt;
    std::string value;
    while (!args.done()) {
        if (args.peek() == "--coverage") {
            std::fputs(lstar::difftest::coverage_markdown().c_str(), stdout);
            return 0;
        }
        if (args.take("--seed", value)) opt.seed = parse_number("--seed", value);
        else if (args.take("--count", value)) opt.count = parse_number("--count", value);
        else if (args.take("--first", value)) opt.first = parse_number("--first", value);
        else if (args.take("--filter", value)) opt.filter = value;
        else if (args.take("--isa", value)) {
            std::string bad;
            if (!lstar::difftest::parse_isas(value, opt.isas, bad))
                die(fmt::format("--isa: unknown instruction group '{}' (gp, sse, x87)", bad));
        }
        else if (args.take("--show", value)) opt.max_reports = static_cast<unsigned>(parse_number("--show", value));
        else die(fmt::format("unknown option '{}' for difftest (see lstar --help)", args.peek()));
    }
    return lstar::difftest::run(opt, stdout);
}

void print_usage(std::FILE* out) {
    std::fputs(kUsageHead, out);
    std::fputs(kRunUsage, out);
    std::fputs(kGdbUsage, out);
    std::fputc('\n', out);
    std::fputs(kDebugUsage, out);
    std::fputs(kUsageRest, out);
    std::fputs("\n", out);
    std::fputs(kTraceUsage, out);
    std::fputs("\n", out);
    std::fputs(kDisplayUsage, out);
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    for (int k = 1; k < argc; ++k) args.v.emplace_back(argv[k]);
    if (args.done()) {
        print_usage(stderr);
        return 2;
    }
    const std::string cmd = args.v[args.pos++];
    try {
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            print_usage(stdout);
            return 0;
        }
        if (cmd == "--version") {
            std::puts("lstar 0.1.0");
            return 0;
        }
        if (cmd == "run") return cmd_run(args);
        if (cmd == "debug") return cmd_debug(args);
        if (cmd == "flat") return cmd_flat(args);
        if (cmd == "boot") return cmd_boot(args);
        if (cmd == "difftest") return cmd_difftest(args);
    } catch (const std::bad_alloc&) {
        die("out of memory", 1);
    } catch (const std::exception& e) {
        die(e.what(), 1);
    }
    die(fmt::format("unknown command '{}' (see lstar --help)", cmd));
}
