// lstar run: the host side of running one guest program (src/guestos/README.md describes the
// guest side). It
//   1. checks PROG on the host (it exists, it is an ELF executable lstar can run);
//   2. builds a cpio newc initramfs in memory: PROG as /BASENAME, plus every --add (files and
//      whole directories, with their modes, owners, times and symbolic links);
//   3. passes argv on the kernel command line: "quiet init=/GUESTPATH -- PROG ARGS...", so that
//      argv[0] is what the user typed and the kernel's messages name the program as Linux's do,
//      with the program's guest directory as its working directory (init_cwd=) and, when the
//      host's stdin or stdout is not a terminal, console.stream;
//   4. boots the kernel embedded in lstar (cmake/embed.cmake) with the initramfs as Multiboot
//      module 0, COM1 on stdin and stdout;
//   5. decodes the value the kernel writes to the debug-exit port into an exit status.
#include "cli/run.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
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

#include "cli/display_options.hpp"
#include "debug/gdbstub.hpp"
#include "debug/tracing.hpp"
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
  --add HOST[:/GUEST] also put the host file or directory HOST in the guest, at
                      /GUEST (default: /BASENAME); a directory goes in whole, with
                      its modes, owners, times and symbolic links; may be repeated
  --file HOST[:/GUEST]  the same as --add
  --append PARAMS     more kernel parameters, separated by spaces, e.g.
                      net.core.somaxconn=64
  --verbose           show the guest kernel's messages (otherwise it boots quiet)
  --realtime          the guest's clock starts at the host's time, not 2019-03-03
  --kernel FILE       boot FILE instead of the guest kernel built into lstar
  --gdb[=PORT]        wait for gdb (see below)
  --trace=LIST, --stats ...  the trace views (see "trace options" below)
  PROG, a static ELF program (x86-64, or i386 in compatibility mode), runs as
  /BASENAME, or where an --add directory that holds it puts it, with argv[0] as
  given and its guest directory as its working directory. The guest's files live
  in memory (writable; changes are lost at exit). COM1 carries its stdin (the end
  of which it reads as end of file) and its stdout, which the guest kernel's error
  messages share; it is a terminal in the guest only when both are terminals here. The exit status is PROG's (128+N after signal N);
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
    std::vector<std::string> adds;       // --add (and --file) specs
    std::vector<std::string> append;     // --append, split into words
    bool verbose = false;
    std::optional<uint16_t> gdb_port;    // --gdb
    std::vector<std::string> argv;       // PROG ARGS...
    TraceConfig trace;                   // --trace, --stats ... (cli/options.hpp)
    display::DisplayOptions display;     // --display, --screenshot, --type (display_options.hpp)
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
        if (take_trace_option(args, o.trace)) continue;
        if (args.take("--mem", value)) o.cfg.mem_bytes = parse_size("--mem", value);
        else if (args.take("--max-insns", value)) o.cfg.max_insns = parse_number("--max-insns", value);
        else if (args.take("--add", value) || args.take("--file", value)) o.adds.push_back(value);
        else if (args.take("--append", value)) append_words(o.append, value);
        else if (args.take("--kernel", value)) o.kernel = value;
        else if (args.take_flag("--verbose")) o.verbose = true;
        else if (args.take_flag("--realtime")) o.cfg.realtime = true;
        else if (take_gdb_option(args, o.gdb_port)) continue;
        else if (take_display_option(args, o.display)) continue;
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

// ---- --add: host files and directories in the initramfs ----

// One --add HOST[:/GUEST]: the guest path must be absolute, so a ':' in a host file name
// needs an explicit :/GUEST after it.
struct AddSpec {
    std::string host, guest;  // guest: absolute, "/" for the root
};

AddSpec parse_add(const std::string& spec) {
    AddSpec a{spec, ""};
    const size_t colon = spec.rfind(":/");
    if (colon != std::string::npos) {
        a.host = spec.substr(0, colon);
        a.guest = spec.substr(colon + 1);
    } else {
        std::string h = a.host;
        while (h.size() > 1 && h.back() == '/') h.pop_back();
        const size_t slash = h.find_last_of('/');
        a.guest = "/" + (slash == std::string::npos ? h : h.substr(slash + 1));
    }
    if (a.host.empty()) die(fmt::format("--add {}: no host path", spec));
    return a;
}

std::string join_guest(const std::string& dir, const std::string& name) {
    return dir == "/" ? "/" + name : dir + "/" + name;
}

CpioAttrs attrs_of(const struct stat& st) {
    return {.mode = static_cast<uint32_t>(st.st_mode & 07777), .uid = st.st_uid, .gid = st.st_gid,
            .mtime = static_cast<uint32_t>(st.st_mtime)};
}

// HOST (not following a symbolic link) at GUEST; a directory with everything below it. The
// guest lists a directory newest entry first (as Linux 5.0's tmpfs), so the entries go in
// in the reverse of the host's readdir order: the guest then lists them as the host does.
void add_tree(CpioWriter& cpio, const std::string& host, const std::string& guest, const std::string& spec) {
    struct stat st;
    if (lstat(host.c_str(), &st) != 0) die(fmt::format("--add {}: {}", host, std::strerror(errno)));
    try {
        if (S_ISREG(st.st_mode)) {
            cpio.add_file(guest, read_file(host), attrs_of(st));
        } else if (S_ISLNK(st.st_mode)) {
            std::vector<char> target(static_cast<size_t>(st.st_size) + 256);
            const ssize_t n = readlink(host.c_str(), target.data(), target.size());
            if (n < 0) die(fmt::format("--add {}: {}", host, std::strerror(errno)));
            cpio.add_symlink(guest, std::string_view(target.data(), static_cast<size_t>(n)), attrs_of(st));
        } else if (S_ISDIR(st.st_mode)) {
            if (guest != "/") cpio.add_directory(guest, attrs_of(st));
            DIR* d = opendir(host.c_str());
            if (!d) die(fmt::format("--add {}: {}", host, std::strerror(errno)));
            std::vector<std::string> names;
            while (const dirent* e = readdir(d))
                if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.push_back(e->d_name);
            closedir(d);
            std::reverse(names.begin(), names.end());
            for (const std::string& name : names) add_tree(cpio, host + "/" + name, join_guest(guest, name), spec);
        } else {
            die(fmt::format("--add {}: not a regular file, directory or symbolic link", host));
        }
    } catch (const std::invalid_argument& e) {
        die(fmt::format("--add {}: cannot go in the initramfs: {}", spec, e.what()));
    }
}

// Where PROG is in the guest when an --add puts it there (its directory, or itself), else "".
std::string guest_path_in_adds(const std::string& prog, const std::vector<AddSpec>& adds) {
    char* real = realpath(prog.c_str(), nullptr);
    if (!real) return "";
    const std::string p = real;
    std::free(real);
    for (const AddSpec& a : adds) {
        char* r = realpath(a.host.c_str(), nullptr);
        if (!r) continue;
        const std::string h = r;
        std::free(r);
        if (p == h) return a.guest;
        if (p.size() > h.size() && p.compare(0, h.size(), h) == 0 && (p[h.size()] == '/' || h == "/"))
            return join_guest(a.guest, p.substr(h == "/" ? 1 : h.size() + 1));
    }
    return "";
}

// With a terminal on both sides the guest's line discipline echoes and edits, so the host's
// terminal passes keys through (no ICANON, ECHO or ISIG) but keeps its output processing.
class HostTerminal {
public:
    HostTerminal() {
        if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        struct termios raw = saved_;
        raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
        raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | IXON);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
        std::setvbuf(stdout, nullptr, _IONBF, 0);  // a prompt shows before the program waits
    }
    ~HostTerminal() {
        if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    HostTerminal(const HostTerminal&) = delete;
    HostTerminal& operator=(const HostTerminal&) = delete;
    static bool both_terminals() { return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO); }

private:
    struct termios saved_ {};
    bool active_ = false;
};

// --kernel FILE, read into `file`, or else the embedded kernel, in place.
std::span<const uint8_t> kernel_image(const RunOptions& o, std::vector<uint8_t>& file) {
    if (!o.kernel.empty()) return file = read_file(o.kernel);
    const std::span<const uint8_t> embedded(lstar_guestos_elf, lstar_guestos_elf_end);
    if (embedded.empty())
        die("this lstar was built without its guest kernel (src/guestos); use --kernel FILE", EXIT_KERNEL_FAILED);
    return embedded;
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

// The machine of a finished run, kept to the end of the process: the OS takes its memory back
// at exit in one go, while destroying it frees its thousands of decoded blocks one by one. A
// global holds it, so leak checkers count it as reachable.
Machine* machine_kept_until_exit = nullptr;

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
    std::vector<AddSpec> adds;
    for (const std::string& spec : o.adds) adds.push_back(parse_add(spec));
    std::string init_path = guest_path_in_adds(prog, adds);
    if (init_path.empty()) {
        const size_t slash = prog.find_last_of('/');
        init_path = "/" + (slash == std::string::npos ? prog : prog.substr(slash + 1));
        cpio.add_file(init_path, run.program, 0755);
    }
    for (size_t i = 0; i < adds.size(); i++) add_tree(cpio, adds[i].host, adds[i].guest, o.adds[i]);
    std::vector<MultibootModule> modules(1);  // moved in: a braced list would copy the archive
    modules[0] = {cpio.finish(), "initramfs.cpio"};
    const std::string init_dir = init_path.substr(0, std::max<size_t>(1, init_path.find_last_of('/')));

    const std::string kernel_name = o.kernel.empty() ? EMBEDDED_KERNEL_NAME : o.kernel;
    std::vector<std::string> params;
    if (!o.verbose) params.push_back("quiet");
    // The console is a terminal in the guest only when it is one here; without host input
    // (lstar debug) it stays a terminal, so that output comes a line at a time.
    if (serial_in_fd >= 0 && !HostTerminal::both_terminals()) params.push_back("console.stream");
    params.push_back("init_cwd=" + init_dir);
    params.insert(params.end(), o.append.begin(), o.append.end());
    params.push_back("init=" + init_path);
    std::string cmdline;
    try {
        cmdline = guest_command_line(kernel_name, params, o.argv);
    } catch (const std::invalid_argument& e) {
        die(e.what());
    }

    run.kernel = kernel_image(o, run.kernel_file);
    run.machine = std::make_unique<Machine>(o.cfg);
    try {
        run.machine->boot_multiboot(run.kernel, kernel_name, cmdline, modules);
    } catch (const std::runtime_error& e) {
        die(fmt::format("{}: {}", kernel_name, e.what()), EXIT_KERNEL_FAILED);
    }
    run.gdb_port = o.gdb_port;
    run.trace = o.trace;
    run.display = o.display;
    if (o.display.active() && (std::string_view(cmd) != "run" || o.gdb_port))
        die(fmt::format("--display, --screenshot and --type are for run and boot, not {}{}", cmd,
                        o.gdb_port ? " with --gdb" : ""));
    return run;
}

int run_exit_status(Machine& machine, int machine_status, const std::string& prog) {
    return exit_status(machine.debug_exit.value(), machine_status, prog);
}

int gdb_killed() {
    std::fflush(stdout);
    std::fprintf(stderr, "lstar: killed by gdb\n");
    return 128 + 9;  // as if by SIGKILL
}

int cmd_run(Args& args) {
    // stdin reaches the program whole: nothing is lost before the kernel's driver is ready,
    // and its end arrives as a break, which the kernel reads as end of file.
    PreparedRun run = prepare_run(args, "run", nullptr, {.wait_for_rts = true, .break_at_eof = true}, 0);
    Machine& machine = *run.machine;
    // The trace views see the kernel's symbols and the program's (their addresses do not overlap).
    // The embedded kernel is an ELF32 image for the Multiboot loader whose addresses are the low
    // 32 bits of where it runs, at -2 GiB (src/guestos/README.md): sign-extend them.
    constexpr uint64_t MINUS_4G = 0xffffffff00000000ull;
    const bool elf32_kernel = run.kernel.size() > 4 && run.kernel[4] == 1;
    std::unique_ptr<TraceSession> trace = start_trace(
        machine.cpu, run.trace, {{run.kernel, elf32_kernel ? MINUS_4G : 0}, {run.program, 0}}, stderr);
    HostTerminal terminal;
    if (!run.gdb_port) {
        const int status = run_with_display(machine, run.display);
        if (trace) trace->finish(stderr);
        machine_kept_until_exit = run.machine.release();
        if (status == EXIT_DISPLAY_CLOSED) return status;
        return run_exit_status(machine, status, run.prog);
    }
    // Under gdb: gdb is told the program's exit status, and exit_status() reports once.
    std::optional<int> final_status;
    const auto finish = [&](int machine_status) {
        if (!final_status) final_status = run_exit_status(machine, machine_status, run.prog);
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

}  // namespace lstar::cli
