// lstar debug and lstar boot --debug: the host side of the step debugger.
//
// The REPL owns the terminal, so the guest's COM1 does not read it: its input is /dev/null
// (end of file at once) unless --stdin FILE names one. The guest's output still goes to stdout,
// between the debugger's lines.
#include "cli/debug.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>

#include <fmt/format.h>

#include "cli/run.hpp"
#include "debug/debugger.hpp"
#include "debug/symbols.hpp"

namespace lstar::cli {

const char* const kDebugUsage = R"(debug options (lstar debug [debug and run options] PROG [ARGS...];
lstar boot --debug [--script FILE] [--stdin FILE] [--symbols FILE] KERNEL [boot options]):
  --script FILE, -x FILE  read the debugger's commands from FILE (echoed after the prompt,
                      so the output reads as a transcript) instead of the terminal; a
                      non-terminal stdin is read the same way
  --stdin FILE        the guest's COM1 input (default /dev/null: the REPL owns stdin)
  --symbols FILE      (boot) take the kernel's symbols from the ELF file FILE instead of
                      KERNEL, e.g. build/guestos64.elf for build/guestos.elf, whose ELF32
                      symbol table cannot hold higher-half addresses
  The machine stops before its first instruction (for lstar debug, the Multiboot entry of
  the guest kernel). `help` at the prompt lists the commands (stepi, nexti, continue, break,
  watch, regs, sregs, msr, x, xp, disas, pt, idt, gdt, tss, tlb, bt, trace, icount, quit).
  Ctrl-C pauses the running guest. The symbols are the kernel's and the program's.
  quit, or the end of the input, exits with status 0.
)";

bool take_debug_option(Args& args, DebugOptions& opt) {
    return args.take("--script", opt.script) || args.take("-x", opt.script) || args.take("--stdin", opt.guest_stdin);
}

bool take_boot_debug_option(Args& args, DebugOptions& opt) {
    return take_debug_option(args, opt) || args.take("--symbols", opt.symbols);
}

namespace {

// COM1's input under the debugger.
int open_guest_stdin(const DebugOptions& opt) {
    const std::string path = opt.guest_stdin.empty() ? "/dev/null" : opt.guest_stdin;
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) die(fmt::format("--stdin {}: {}", path, std::strerror(errno)), 1);
    return fd;
}

constexpr unsigned ET_EXEC = 2;

}  // namespace

int debug_machine(Machine& machine, const DebugOptions& opt, const std::vector<DebugSymbolSource>& symbol_sources,
                  const std::function<std::string(int)>& describe_end) {
    std::FILE* script = nullptr;
    if (!opt.script.empty() && !(script = std::fopen(opt.script.c_str(), "r")))
        die(fmt::format("--script {}: {}", opt.script, std::strerror(errno)), 1);
    machine.uart.set_input_fd(open_guest_stdin(opt));

    SymbolTable symbols;
    for (const DebugSymbolSource& src : symbol_sources) {
        try {
            symbols.load_elf(src.image, 0, src.higher_half);
        } catch (const std::runtime_error& e) {
            std::fprintf(stderr, "lstar: warning: no symbols from an image: %s\n", e.what());
        }
    }

    debug::Debugger debugger(machine, symbols, stdout);
    debugger.describe_end = describe_end;
    std::unique_ptr<debug::CommandSource> in = script                ? debug::script_source(script, stdout)
                                               : isatty(STDIN_FILENO) ? debug::terminal_source()
                                                                      : debug::script_source(stdin, stdout);
    debugger.run(*in);
    if (script) std::fclose(script);
    std::fflush(stdout);
    return 0;
}

int cmd_debug(Args& args) {
    DebugOptions opt;
    PreparedRun run = prepare_run(args, "debug", [&](Args& a) { return take_debug_option(a, opt); },
                                  {.wait_for_rts = true, .break_at_eof = true}, -1);
    if (run.gdb_port) die("--gdb and lstar debug: choose one debugger (lstar run --gdb for gdb)");
    if (run.trace.any()) die("--trace and --stats are not available under lstar debug (use `trace on` at the prompt)");
    if (run.display.active()) die("--display, --screenshot and --type are not available under lstar debug");
    // The guest kernel is a higher-half 64-bit kernel in an ELF32 container (src/guestos).
    std::vector<DebugSymbolSource> images{{run.kernel, true}};
    // A position-independent PROG is loaded at an address its symbols do not say.
    if (run.program.size() > 16 && run.program[16] == ET_EXEC) images.push_back({run.program});
    else std::fprintf(stderr, "lstar: warning: %s is position-independent; its symbols are not loaded\n", run.prog.c_str());
    return debug_machine(*run.machine, opt, images, [&](int status) {
        const int code = run_exit_status(*run.machine, status, run.prog);
        return fmt::format("{} ended: exit status {}", run.prog, code);
    });
}

}  // namespace lstar::cli
