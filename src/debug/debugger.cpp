// The step debugger's REPL and run control.
//
// Running: resume() sets what should stop the CPU (a step count, a nexti return point,
// breakpoints, watchpoints) and calls Machine::run(), which returns PAUSED when before_insn
// asked to stop or Ctrl-C called Machine::pause(). With no breakpoint, watchpoint or trace, a
// `continue` runs unobserved at full speed.
#include "debug/debugger.hpp"

#include <csignal>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "cpu/cpu.hpp"
#include "cpu/decode.hpp"
#include "debug/inspect.hpp"
#include "machine/machine.hpp"

namespace lstar::debug {

struct Debugger::Breakpoint {
    int id;
    uint64_t addr;
    uint64_t hits = 0;
};

struct Debugger::Watchpoint {
    int id;
    uint64_t addr;
    unsigned len;
    std::vector<uint8_t> value;  // what it held when last looked at
    bool readable;
    uint64_t hits = 0;
};

namespace {

// Ctrl-C while the guest runs: pause the machine. Only set while Machine::run() is running.
Machine* volatile g_running = nullptr;

extern "C" void on_sigint(int) {
    if (Machine* m = g_running) m->pause();
}

// Installs on_sigint for the duration of a run; Ctrl-C at the prompt is ignored, as in gdb.
class SigintWhileRunning {
public:
    explicit SigintWhileRunning(Machine& m) {
        g_running = &m;
        struct sigaction sa {};
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_);
    }
    ~SigintWhileRunning() {
        sigaction(SIGINT, &old_, nullptr);
        g_running = nullptr;
    }

private:
    struct sigaction old_ {};
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

uint64_t parse_count(std::string_view text, uint64_t dflt) {
    text = trim(text);
    if (text.empty()) return dflt;
    uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') throw DebugError(fmt::format("'{}' is not a count", text));
        v = v * 10 + static_cast<uint64_t>(c - '0');
        if (v > (1ull << 48)) throw DebugError(fmt::format("count '{}' is too large", text));
    }
    if (v == 0) throw DebugError("the count must be at least 1");
    return v;
}

const char* mode_name(Mode m) {
    switch (m) {
    case Mode::LONG64: return "long64";
    case Mode::COMPAT32: return "compat32";
    case Mode::PROT32: return "prot32";
    case Mode::PROT16: return "prot16";
    }
    return "?";
}

std::string hex_value(const std::vector<uint8_t>& bytes) {
    if (bytes.size() <= 8) {
        uint64_t v = 0;
        std::memcpy(&v, bytes.data(), bytes.size());
        return fmt::format("{:#x}", v);
    }
    std::string s;
    for (uint8_t b : bytes) s += fmt::format("{}{:02x}", s.empty() ? "" : " ", b);
    return s;
}

constexpr const char* kHelp = R"(Commands (an empty line repeats the last one at a terminal):
  stepi [N]        si: run N instructions (default 1), into calls and system calls
  nexti [N]        ni: like stepi, but a CALL, SYSCALL or INT n runs until it returns
  continue         c: run until a breakpoint, a watchpoint, Ctrl-C or the end
  break EXPR       b: stop before the instruction at EXPR (a symbol, sym+off or address)
  watch EXPR [LEN] stop when the LEN bytes (default 8) at EXPR change; shows old and new
  delete [N]       d: delete breakpoint or watchpoint N (all without N)
  info break       list the breakpoints and watchpoints
  regs             general registers, RIP and RFLAGS       sregs  segments, CRs, EFER
  msr [N]          one MSR, or all of them
  x/FMT EXPR       memory at a linear address; FMT is COUNT, a format x d u o c a s i and
                   a size b h w g (as in gdb: x/4xg $rsp, x/s $rdi, x/5i $rip)
  xp/FMT EXPR      the same at a physical address
  disas [EXPR [N]] N instructions at EXPR (default: the current function, or 10)
  pt EXPR          the page walk for a linear address, each level with its flags
  idt, gdt, tss, tlb  the descriptor tables, the TSS and the valid TLB entries
  bt               the call stack (return addresses found on the stack, with symbols)
  print EXPR       p: the value of an expression
  trace on|off     print each instruction as it runs
  icount           instructions retired so far
  help, quit       q: leave (exit status 0)
Expressions: numbers (0x1f, 31), $rax..$r15, $rip/$pc, $rsp/$sp, $rflags, $cr0..$cr4, symbols of
the kernel and the program, sym+0x10, joined with + and -. A leading * is allowed (break *0x401000).
)";

}  // namespace

Debugger::Debugger(Machine& machine, const SymbolTable& symbols, std::FILE* out)
    : machine_(machine), cpu_(machine.cpu), syms_(symbols), out_(out) {
    cpu_.add_observer(this);
}

Debugger::~Debugger() {
    cpu_.remove_observer(this);
    cpu_.observe_insns = false;
}

void Debugger::print(const std::string& text) const {
    std::fflush(stdout);  // the guest's serial output first
    std::fputs(text.c_str(), out_);
    if (!text.empty() && text.back() != '\n') std::fputc('\n', out_);
    std::fflush(out_);
}

std::string Debugger::location_line(uint64_t rip) const {
    size_t len = 0;
    const std::string text = format_insn(rip, &len);
    return fmt::format("{:>10}  cpl{} {:<8}  {:#x}{}: {}", cpu_.icount(), cpu_.s.cpl, mode_name(cpu_.mode()), rip,
                       symbol_suffix(rip), text);
}

std::string Debugger::symbol_suffix(uint64_t addr) const {
    return syms_.find(addr) ? " <" + syms_.describe(addr) + ">" : "";
}

void Debugger::run(CommandSource& in) {
    // Ctrl-C at the prompt must not kill the session (it pauses the guest while it runs).
    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old);
    run_commands(in);
    sigaction(SIGINT, &old, nullptr);
}

void Debugger::run_commands(CommandSource& in) {
    print(location_line(cpu_.rip()));
    std::string line;
    while (in.read(line)) {
        std::string_view cmd = trim(line);
        if (cmd.empty()) {
            if (!in.interactive() || last_command_.empty()) continue;
            cmd = last_command_;
        } else {
            last_command_ = std::string(cmd);
        }
        if (!execute(std::string(cmd))) return;
    }
}

bool Debugger::execute(const std::string& line) {
    std::string_view rest = trim(line);
    const size_t end = std::min(rest.find_first_of(" \t"), rest.size());
    std::string word(rest.substr(0, end));
    rest = trim(rest.substr(end));
    std::string fmt;
    if (const size_t slash = word.find('/'); slash != std::string::npos) {
        fmt = word.substr(slash + 1);
        word.resize(slash);
    }
    try {
        return dispatch(word, fmt, rest);
    } catch (const DebugError& e) {
        print(fmt::format("error: {}", e.what()));
    } catch (const std::exception& e) {  // a machine error while inspecting: report, keep going
        print(fmt::format("error: {}", e.what()));
    }
    return true;
}

bool Debugger::dispatch(const std::string& name, const std::string& fmt, std::string_view args) {
    if (!fmt.empty() && name != "x" && name != "xp") throw DebugError(fmt::format("'{}' takes no /FORMAT", name));
    if (name == "quit" || name == "q" || name == "exit") return false;
    if (name == "stepi" || name == "si") resume(RunMode::STEP, parse_count(args, 1));
    else if (name == "nexti" || name == "ni") cmd_next(parse_count(args, 1));
    else if (name == "continue" || name == "c") {
        if (!trim(args).empty()) throw DebugError("continue takes no arguments");
        resume(RunMode::CONTINUE, 0);
    } else if (name == "break" || name == "b") cmd_break(args);
    else if (name == "watch") cmd_watch(args);
    else if (name == "delete" || name == "d") cmd_delete(args);
    else if (name == "info" || name == "i") cmd_info(args);
    else if (name == "regs") print(inspect::regs(cpu_));
    else if (name == "sregs") print(inspect::sregs(cpu_));
    else if (name == "msr") {
        std::optional<uint32_t> index;
        if (!args.empty()) {
            const uint64_t v = eval(args);
            if (v > 0xffffffff) throw DebugError(fmt::format("{:#x} is not an MSR number", v));
            index = static_cast<uint32_t>(v);
        }
        print(inspect::msr(cpu_, index));
    } else if (name == "x") cmd_examine(fmt, args, false);
    else if (name == "xp") cmd_examine(fmt, args, true);
    else if (name == "disas" || name == "disassemble") cmd_disas(args);
    else if (name == "pt") {
        if (args.empty()) throw DebugError("pt needs an address");
        print(inspect::page_walk(cpu_, eval(args)));
    } else if (name == "idt") print(inspect::idt(cpu_));
    else if (name == "gdt") print(inspect::gdt(cpu_));
    else if (name == "tss") print(inspect::tss(cpu_));
    else if (name == "tlb") print(inspect::tlb(cpu_));
    else if (name == "bt" || name == "backtrace" || name == "where") print(backtrace());
    else if (name == "print" || name == "p") {
        if (args.empty()) throw DebugError("print needs an expression");
        const uint64_t v = eval(args);
        print(fmt::format("{:#x} ({}){}", v, static_cast<int64_t>(v), symbol_suffix(v)));
    } else if (name == "trace") {
        if (args == "on") trace_ = true;
        else if (args == "off") trace_ = false;
        else throw DebugError("usage: trace on|off");
        print(fmt::format("instruction trace {}", trace_ ? "on" : "off"));
    } else if (name == "icount") print(fmt::format("{} instructions retired", cpu_.icount()));
    else if (name == "help" || name == "h") print_help();
    else throw DebugError(fmt::format("unknown command '{}' (try help)", name));
    return true;
}

void Debugger::print_help() const { print(kHelp); }

// ---- breakpoints and watchpoints ----

void Debugger::cmd_break(std::string_view args) {
    if (args.empty()) throw DebugError("break needs an address or a symbol");
    const uint64_t addr = eval(args);
    for (const Breakpoint& b : breaks_)
        if (b.addr == addr) throw DebugError(fmt::format("breakpoint {} is already at {:#x}", b.id, addr));
    breaks_.push_back({next_id_++, addr});
    print(fmt::format("Breakpoint {} at {:#x}{}", breaks_.back().id, addr, symbol_suffix(addr)));
}

void Debugger::cmd_watch(std::string_view args) {
    if (args.empty()) throw DebugError("watch needs an address");
    // The last word is a length when there are two words.
    std::string_view expr = args;
    unsigned len = 8;
    if (const size_t sp = args.find_last_of(" \t"); sp != std::string_view::npos) {
        expr = trim(args.substr(0, sp));
        const uint64_t n = parse_count(args.substr(sp + 1), 8);
        if (n > 64) throw DebugError("a watchpoint covers at most 64 bytes");
        len = static_cast<unsigned>(n);
    }
    const uint64_t addr = eval(expr);
    Watchpoint w{next_id_, addr, len, std::vector<uint8_t>(len), false};
    w.readable = read_linear(addr, w.value.data(), len);
    if (!w.readable) throw DebugError(fmt::format("cannot read memory at {:#x}", addr));
    ++next_id_;
    watches_.push_back(std::move(w));
    const Watchpoint& v = watches_.back();
    print(fmt::format("Watchpoint {}: {:#x} ({} bytes) = {}", v.id, addr, len, hex_value(v.value)));
}

void Debugger::cmd_delete(std::string_view args) {
    if (args.empty()) {
        breaks_.clear();
        watches_.clear();
        print("deleted every breakpoint and watchpoint");
        return;
    }
    const uint64_t id = parse_count(args, 0);
    const size_t before = breaks_.size() + watches_.size();
    std::erase_if(breaks_, [&](const Breakpoint& b) { return uint64_t(b.id) == id; });
    std::erase_if(watches_, [&](const Watchpoint& w) { return uint64_t(w.id) == id; });
    if (breaks_.size() + watches_.size() == before) throw DebugError(fmt::format("no breakpoint number {}", id));
    print(fmt::format("deleted {}", id));
}

void Debugger::cmd_info(std::string_view args) {
    if (args == "registers" || args == "r") {
        print(inspect::regs(cpu_));
        return;
    }
    if (args != "break" && args != "breakpoints" && args != "b" && args != "watch")
        throw DebugError("usage: info break | info registers");
    if (breaks_.empty() && watches_.empty()) {
        print("no breakpoints or watchpoints");
        return;
    }
    std::string text = "Num  Type        Address             Hits  What\n";
    for (const Breakpoint& b : breaks_)
        text += fmt::format("{:<4} breakpoint  {:#018x}  {:>4}  {}\n", b.id, b.addr, b.hits, syms_.describe(b.addr));
    for (const Watchpoint& w : watches_)
        text += fmt::format("{:<4} watchpoint  {:#018x}  {:>4}  {} bytes\n", w.id, w.addr, w.hits, w.len);
    print(text);
}

// ---- run control ----

void Debugger::cmd_next(uint64_t count) {
    for (uint64_t k = 0; k < count; ++k) {
        uint8_t bytes[15];
        size_t n = 0;
        while (n < sizeof bytes && read_linear(cpu_.rip() + n, bytes + n, 1)) ++n;
        DecodedInsn d;
        const bool ok = n && decode(bytes, n, cpu_.mode(), d).status == DecodeStatus::OK;
        const std::string_view m = ok ? mnemonic_name(d.mnemonic) : "";
        // Calls and the instructions that enter the kernel come back to the next instruction
        // with the same stack pointer.
        if (m == "call" || m == "syscall" || m == "int" || m == "int3" || m == "into" || m == "sysenter") {
            next_rip_ = cpu_.rip() + d.len;
            next_rsp_ = cpu_.reg(RSP);
            resume(RunMode::NEXT, 0, false);
        } else {
            resume(RunMode::STEP, 1, false);
        }
        if (stop_ != Stop::STEPPED) break;  // a breakpoint, a watchpoint, Ctrl-C or the end
    }
    report_stop();
}

bool Debugger::needs_observation() const {
    return mode_ != RunMode::CONTINUE || !breaks_.empty() || !watches_.empty() || trace_;
}

void Debugger::resume(RunMode mode, uint64_t steps, bool report) {
    if (ended_) throw DebugError(fmt::format("the machine has stopped ({}); nothing more to run", *ended_));
    mode_ = mode;
    steps_left_ = steps;
    resuming_ = true;
    resume_rip_ = cpu_.rip();
    resume_icount_ = cpu_.icount();
    last_rip_ = cpu_.rip();
    stop_ = Stop::INTERRUPTED;  // unless before_insn says otherwise
    stop_text_.clear();
    for (Watchpoint& w : watches_)  // report only what changes from here on
        w.readable = read_linear(w.addr, w.value.data(), w.len);
    cpu_.observe_insns = needs_observation();
    int status;
    {
        SigintWhileRunning sigint(machine_);
        status = machine_.run();
    }
    cpu_.observe_insns = false;
    if (status != Machine::PAUSED) {
        stop_ = Stop::ENDED;
        ended_ = describe_end ? describe_end(status) : fmt::format("the machine stopped: status {}", status);
        print(fmt::format("[{}]", *ended_));
        return;
    }
    if (report) report_stop();
}

void Debugger::report_stop() {
    // A step that ends normally just shows where it is; everything else says why it stopped.
    switch (stop_) {
    case Stop::ENDED: return;  // said already
    case Stop::INTERRUPTED: print("Interrupted (Ctrl-C)"); break;
    case Stop::EVENT: print(stop_text_); break;
    case Stop::STEPPED: break;
    }
    print(location_line(cpu_.rip()));
}

bool Debugger::check_watchpoints() {
    bool hit = false;
    for (Watchpoint& w : watches_) {
        std::vector<uint8_t> now(w.len);
        const bool readable = read_linear(w.addr, now.data(), w.len);
        if (readable == w.readable && (!readable || now == w.value)) continue;
        ++w.hits;
        stop_text_ += fmt::format("Watchpoint {}: {:#x} ({} bytes)\n  old = {}\n  new = {}\n  changed by {:#x}{}\n",
                                    w.id, w.addr, w.len, w.readable ? hex_value(w.value) : "(unmapped)",
                                    readable ? hex_value(now) : "(unmapped)", last_rip_, symbol_suffix(last_rip_));
        w.value = std::move(now);
        w.readable = readable;
        hit = true;
    }
    return hit;
}

bool Debugger::before_insn(Cpu& cpu, const DecodedInsn&) {
    const uint64_t rip = cpu.rip();
    if (resuming_) {
        resuming_ = false;
        // The instruction we stopped at runs now, breakpoint or not. If an interrupt came
        // first, RIP is the handler's and this is a new place to stop at.
        if (rip == resume_rip_ && cpu.icount() == resume_icount_) {
            if (trace_) print(location_line(rip));
            last_rip_ = rip;
            return false;
        }
    }
    bool event = check_watchpoints();
    for (Breakpoint& b : breaks_) {
        if (b.addr != rip) continue;
        ++b.hits;
        stop_text_ += fmt::format("Breakpoint {}, {:#x}{}\n", b.id, rip, symbol_suffix(rip));
        event = true;
    }
    if (event) {
        stop_ = Stop::EVENT;
        while (!stop_text_.empty() && stop_text_.back() == '\n') stop_text_.pop_back();
        return true;
    }
    const bool stepped = (mode_ == RunMode::STEP && steps_left_ && --steps_left_ == 0) ||
                         (mode_ == RunMode::NEXT && rip == next_rip_ && cpu.reg(RSP) == next_rsp_);
    if (stepped) {
        stop_ = Stop::STEPPED;
        return true;
    }
    if (trace_) print(location_line(rip));
    last_rip_ = rip;
    return false;
}

}  // namespace lstar::debug
