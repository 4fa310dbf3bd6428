// lstar run: the host side of running one guest program (src/guestos/README.md describes the
// guest side). It
//   1. checks PROG on the host (it exists, it is an ELF executable lstar can run);
//   2. builds a cpio newc initramfs in memory: PROG as /BASENAME, plus any --file;
//   3. passes argv on the kernel command line: "quiet init=/BASENAME -- PROG ARGS...", so that
//      argv[0] is what the user typed and the kernel's messages name the program as Linux's do;
//   4. boots the kernel embedded in lstar (cmake/embed.cmake) with the initramfs as Multiboot
//      module 0, COM1 on stdin and stdout;
//   5. decodes the value the kernel writes to the debug-exit port into an exit status.
#include "cli/run.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "debug/gdbstub.hpp"
#include "machine/cpio.hpp"
#include "machine/guest_program.hpp"
#include "machine/machine.hpp"

// The guest kernel image, between these two symbols (cmake/embed.cmake).
extern "C" const uint8_t lstar_guestos_elf[];
extern "C" const uint8_t lstar_guestos_elf_end[];

namespace lstar::cli {

const char* const kRunUsage = R"(run options (before PROG; everything after PROG is its arguments):
  --mem SIZE          guest RAM, e.g. 128M or 1G (default 128M; at most 4G)
  --max-insns N       stop after N instructions (exit status 124)
  --file HOST[:/GUEST]  also put the host file HOST in the initramfs, at /GUEST
                      (default: /BASENAME); may be repeated
  --append PARAMS     more kernel parameters, separated by spaces, e.g.
                      net.core.somaxconn=64
  --verbose           show the guest kernel's messages (otherwise it boots quiet)
  --realtime          the guest's clock starts at the host's time, not 2019-03-03
  --kernel FILE       boot FILE instead of the guest kernel built into lstar
  --gdb[=PORT]        wait for gdb (see below)
  PROG, a static ELF program (x86-64, or i386 in compatibility mode), runs as
  /BASENAME in a read-only initramfs, with argv[0] as given. COM1 carries its stdin
  (the end of which it reads as end of file) and its stdout, which the guest
  kernel's error messages share. The exit status is PROG's (128+N after signal N);
  124 when --max-insns ran out, 125 when the guest kernel failed (a panic, or no
  status reported), 126 when PROG cannot be executed, 127 when it does not exist,
  2 for a bad option.
)";

const char* const kGdbUsage = R"(  --gdb[=PORT]        (run and boot) before the first instruction, wait for gdb on
                      127.0.0.1:PORT (default 1234; 0 picks a free port) and let it
                      control the machine: gdb build/guestos64.elf -ex 'target remote
                      :1234' (docs/debugging.md). gdb's kill ends lstar with status 137.
)";

bool take_gdb_option(Args& args, std::optional<uint16_t>& port) {
    std::string value;
    if (args.take_flag("--gdb")) {
        port = 1234;
        return true;
    }
    if (args.peek().rfind("--gdb=", 0) != 0 || !args.take("--gdb", value)) return false;
    const uint64_t n = parse_number("--gdb", value);
    if (n > 65535) die(fmt::format("--gdb: port {} is out of range (0-65535)", n));
    port = static_cast<uint16_t>(n);
    return true;
}

namespace {

constexpr int EXIT_BUDGET = 124, EXIT_KERNEL_FAILED = 125, EXIT_CANNOT_EXECUTE = 126, EXIT_NOT_FOUND = 127;

// The guest kernel's exit convention at the debug-exit port (src/guestos/README.md, "Exit status").
constexpr uint32_t GUEST_EXIT_STATUS_MAX = 0xff;     // 0..255: init's exit status
constexpr uint32_t GUEST_EXIT_EXEC_FAILED = 0x100;   // + errno: init could not be started
constexpr uint32_t GUEST_EXIT_PANIC = 0x1ff;         // a kernel panic or oops

constexpr const char* EMBEDDED_KERNEL_NAME = "guestos.elf";  // the first word of its command line

struct RunOptions {
    MachineConfig cfg;
    std::string kernel;                  // --kernel, or "" for the embedded image
    std::vector<std::string> files;      // --file specs
    std::vector<std::string> append;     // --append, split into words
    bool verbose = false;
    std::optional<uint16_t> gdb_port;    // --gdb
    std::vector<std::string> argv;       // PROG ARGS...
};

// --append "a=1 b": kernel parameters, one per space-separated word.
void append_words(std::vector<std::string>& words, const std::string& text) {
    size_t start = 0;
    while ((start = text.find_first_not_of(" \t\n", start)) != std::string::npos) {
        const size_t end = text.find_first_of(" \t\n", start);
        const std::string word = text.substr(start, end == std::string::npos ? end : end - start);
        if (word == "--") die("--append: '--' would end the kernel parameters; put the program's arguments after PROG");
        words.push_back(word);
        start = end;
    }
}

RunOptions parse_run_options(Args& args, const char* cmd, const std::function<bool(Args&)>& extra) {
    RunOptions o;
    std::string value;
    while (!args.done()) {
        if (extra && extra(args)) continue;
        if (args.take("--mem", value)) o.cfg.mem_bytes = parse_size("--mem", value);
        else if (args.take("--max-insns", value)) o.cfg.max_insns = parse_number("--max-insns", value);
        else if (args.take("--file", value)) o.files.push_back(value);
        else if (args.take("--append", value)) append_words(o.append, value);
        else if (args.take("--kernel", value)) o.kernel = value;
        else if (args.take_flag("--verbose")) o.verbose = true;
        else if (args.take_flag("--realtime")) o.cfg.realtime = true;
        else if (take_gdb_option(args, o.gdb_port)) continue;
        else if (args.take_flag("--")) break;
        else if (args.peek().size() > 1 && args.peek()[0] == '-')
            die(fmt::format("unknown option '{}' for {} (see lstar --help)", args.peek(), cmd));
        else break;
    }
    if (args.done()) die(fmt::format("{} needs a PROG to run (see lstar --help)", cmd));
    o.argv.assign(args.v.begin() + static_cast<std::ptrdiff_t>(args.pos), args.v.end());
    args.pos = args.v.size();
    if (o.cfg.mem_bytes < (16u << 20)) die(fmt::format("--mem must be at least 16M for lstar {}", cmd));
    return o;
}

// Reads PROG, or explains in one line why it cannot run, with the shell's statuses.
std::vector<uint8_t> read_program(const std::string& path) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
        const int err = errno;
        die(fmt::format("{}: {}", path, std::strerror(err)),
            err == ENOENT || err == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE);
    }
    if (S_ISDIR(st.st_mode)) die(fmt::format("{}: is a directory", path), EXIT_CANNOT_EXECUTE);
    if (!S_ISREG(st.st_mode)) die(fmt::format("{}: not a regular file", path), EXIT_CANNOT_EXECUTE);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) die(fmt::format("{}: {}", path, std::strerror(errno)), EXIT_CANNOT_EXECUTE);
    std::vector<uint8_t> image(static_cast<size_t>(st.st_size));
    const size_t got = std::fread(image.data(), 1, image.size(), f);
    std::fclose(f);
    image.resize(got);
    const std::string problem = elf_problem(image);
    if (!problem.empty()) die(fmt::format("{}: {}", path, problem), EXIT_CANNOT_EXECUTE);
    return image;
}

// One --file HOST[:/GUEST]: the guest path must be absolute, so a ':' in a host file name
// needs an explicit :/GUEST after it.
void add_extra_file(CpioWriter& cpio, const std::string& spec) {
    std::string host = spec, guest;
    const size_t colon = spec.rfind(":/");
    if (colon != std::string::npos) {
        host = spec.substr(0, colon);
        guest = spec.substr(colon + 1);
    } else {
        const size_t slash = host.find_last_of('/');
        guest = "/" + (slash == std::string::npos ? host : host.substr(slash + 1));
    }
    struct stat st;
    if (stat(host.c_str(), &st) != 0) {
        const int err = errno;
        die(fmt::format("--file {}: {}", host, std::strerror(err)));
    }
    if (!S_ISREG(st.st_mode)) die(fmt::format("--file {}: not a regular file", host));
    const std::vector<uint8_t> data = read_file(host);
    try {
        cpio.add_file(guest, data, st.st_mode & 0777);
    } catch (const std::invalid_argument& e) {
        die(fmt::format("--file {}: cannot go in the initramfs: {}", spec, e.what()));
    }
}

std::vector<uint8_t> kernel_image(const RunOptions& o) {
    if (!o.kernel.empty()) return read_file(o.kernel);
    const std::span<const uint8_t> embedded(lstar_guestos_elf, lstar_guestos_elf_end);
    if (embedded.empty())
        die("this lstar was built without its guest kernel (src/guestos); use --kernel FILE", EXIT_KERNEL_FAILED);
    return {embedded.begin(), embedded.end()};
}

// The program's exit status from what the kernel wrote to the debug-exit port, or the
// machine's own status when it wrote nothing.
int exit_status(std::optional<uint32_t> value, int machine_status, const std::string& prog) {
    std::fflush(stdout);
    if (!value) {
        if (machine_status == EXIT_BUDGET) return EXIT_BUDGET;  // lstar has said so already
        std::fprintf(stderr, "lstar: the guest kernel stopped without reporting %s's exit status\n", prog.c_str());
        return EXIT_KERNEL_FAILED;
    }
    if (*value <= GUEST_EXIT_STATUS_MAX) return static_cast<int>(*value);
    if (*value == GUEST_EXIT_PANIC) {
        std::fprintf(stderr, "lstar: the guest kernel panicked (run with --verbose for its messages)\n");
        return EXIT_KERNEL_FAILED;
    }
    if (*value > GUEST_EXIT_EXEC_FAILED && *value < GUEST_EXIT_PANIC) {
        const int err = static_cast<int>(*value - GUEST_EXIT_EXEC_FAILED);
        std::fprintf(stderr, "lstar: %s: the guest kernel cannot execute it: %s\n", prog.c_str(), std::strerror(err));
        return err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
    }
    std::fprintf(stderr, "lstar: the guest kernel reported an unknown exit value %#x\n", *value);
    return EXIT_KERNEL_FAILED;
}

}  // namespace

PreparedRun prepare_run(Args& args, const char* cmd, const std::function<bool(Args&)>& extra,
                        const Uart::HostInput& serial_input, int serial_in_fd) {
    RunOptions o = parse_run_options(args, cmd, extra);
    o.cfg.serial_host_input = serial_input;
    o.cfg.serial_in_fd = serial_in_fd;
    PreparedRun run;
    run.prog = o.argv[0];
    const std::string& prog = run.prog;
    run.program = read_program(prog);

    CpioWriter cpio;
    const size_t slash = prog.find_last_of('/');
    const std::string init_path = "/" + (slash == std::string::npos ? prog : prog.substr(slash + 1));
    cpio.add_file(init_path, run.program, 0755);
    for (const std::string& spec : o.files) add_extra_file(cpio, spec);
    std::vector<MultibootModule> modules{{cpio.finish(), "initramfs.cpio"}};

    const std::string kernel_name = o.kernel.empty() ? EMBEDDED_KERNEL_NAME : o.kernel;
    std::vector<std::string> params;
    if (!o.verbose) params.push_back("quiet");
    params.insert(params.end(), o.append.begin(), o.append.end());
    params.push_back("init=" + init_path);
    std::string cmdline;
    try {
        cmdline = guest_command_line(kernel_name, params, o.argv);
    } catch (const std::invalid_argument& e) {
        die(e.what());
    }

    run.kernel = kernel_image(o);
    run.machine = std::make_unique<Machine>(o.cfg);
    try {
        run.machine->boot_multiboot(run.kernel, kernel_name, cmdline, modules);
    } catch (const std::runtime_error& e) {
        die(fmt::format("{}: {}", kernel_name, e.what()), EXIT_KERNEL_FAILED);
    }
    run.gdb_port = o.gdb_port;
    return run;
}

int run_exit_status(Machine& machine, int machine_status, const std::string& prog) {
    return exit_status(machine.debug_exit.value(), machine_status, prog);
}

int cmd_run(Args& args) {
    // stdin reaches the program whole: nothing is lost before the kernel's driver is ready,
    // and its end arrives as a break, which the kernel reads as end of file.
    PreparedRun run = prepare_run(args, "run", nullptr, {.wait_for_rts = true, .break_at_eof = true}, 0);
    Machine& machine = *run.machine;
    const std::string& prog = run.prog;
    if (!run.gdb_port) return exit_status(machine.debug_exit.value(), machine.run(), prog);
    // Under gdb: gdb is told the program's exit status, and exit_status() reports once.
    std::optional<int> final_status;
    const auto finish = [&](int machine_status) {
        if (!final_status) final_status = exit_status(machine.debug_exit.value(), machine_status, prog);
        return *final_status;
    };
    GdbSessionEnd end;
    try {
        end = run_under_gdb(machine, *run.gdb_port, finish);
    } catch (const std::runtime_error& e) {
        die(e.what(), 1);
    }
    if (end.killed) return gdb_killed();
    return finish(end.status);
}

int gdb_killed() {
    std::fflush(stdout);
    std::fprintf(stderr, "lstar: killed by gdb\n");
    return 128 + 9;  // as if by SIGKILL
}

}  // namespace lstar::cli
