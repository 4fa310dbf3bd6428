// The step debugger: `lstar debug PROG` and `lstar boot --debug KERNEL` (docs/debugging.md,
// "Step debugger"). A REPL over a stopped Machine: it steps, continues to breakpoints and
// watchpoints, and shows registers, memory, page walks and descriptor tables.
//
// Table of contents:
//   debugger.cpp         the REPL, the command table, run control (the CpuObserver side)
//   debugger_memory.cpp  expressions ($rip, symbols, sym+off), x/FMT, xp/FMT, disas
//   debugger_stack.cpp   bt: the call stack, found without frame pointers
//   debugger_input.cpp   where command lines come from: a terminal (libedit) or a script
#pragma once
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpu/observer.hpp"
#include "debug/symbols.hpp"

namespace lstar {

class Machine;
class Cpu;

namespace debug {

// A command that cannot be carried out: the REPL prints "error: MESSAGE" and goes on.
struct DebugError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where command lines come from.
class CommandSource {
public:
    virtual ~CommandSource() = default;
    // The next line without its newline; false at the end of the input.
    virtual bool read(std::string& line) = 0;
    // Whether an empty line repeats the last command (interactive use, as gdb does).
    virtual bool interactive() const = 0;
};

constexpr const char* PROMPT = "(lstar) ";
// A terminal: line editing and history through libedit.
std::unique_ptr<CommandSource> terminal_source();
// A script or non-terminal stdin: each line is echoed to `echo` after the prompt, so the
// output reads as a transcript. '#' starts a comment line.
std::unique_ptr<CommandSource> script_source(std::FILE* in, std::FILE* echo);

// The size and format of x/FMT (gdb's letters).
struct MemFormat {
    unsigned count = 1;
    char format = 'x';  // x d u o c a s i
    unsigned size = 4;  // b=1 h=2 w=4 g=8
};
// Parses "4xg", "s", "10i" on top of `last` (what the previous x command used). Throws DebugError.
MemFormat parse_mem_format(std::string_view text, MemFormat last);

class Debugger : public CpuObserver {
public:
    Debugger(Machine& machine, const SymbolTable& symbols, std::FILE* out);
    ~Debugger() override;

    // Called once when the machine ends (the guest exits, or a machine error); returns the
    // text to show, e.g. "the program exited with status 0".
    std::function<std::string(int machine_status)> describe_end;

    // Shows where the CPU stands, then runs commands until quit or the end of the input.
    void run(CommandSource& in);
    // One command line; false when it was quit. Errors are printed, never thrown.
    bool execute(const std::string& line);

    // Evaluates an address expression: numbers (0x.. or decimal), $registers, symbols,
    // joined by + and -. Throws DebugError.
    uint64_t eval(std::string_view expr) const;

    // CpuObserver
    bool before_insn(Cpu& cpu, const DecodedInsn& insn) override;

private:
    struct Breakpoint;
    struct Watchpoint;
    enum class RunMode : uint8_t { CONTINUE, STEP, NEXT };

    // debugger.cpp
    void run_commands(CommandSource& in);
    bool dispatch(const std::string& name, const std::string& fmt, std::string_view args);
    // Runs until something stops the CPU; `report` shows why and where.
    void resume(RunMode mode, uint64_t steps, bool report = true);
    void report_stop();
    void cmd_break(std::string_view args);
    void cmd_watch(std::string_view args);
    void cmd_delete(std::string_view args);
    void cmd_info(std::string_view args);
    void cmd_next(uint64_t count);
    bool check_watchpoints();
    bool needs_observation() const;
    void print_help() const;
    // "12345  cpl0 long64  0x.. <sym+0x4>: 48 89 e5  mov rbp, rsp"
    std::string location_line(uint64_t rip) const;
    std::string symbol_suffix(uint64_t addr) const;  // " <sym+0x4>", or "" where no symbol is
    void print(const std::string& text) const;

    // debugger_memory.cpp
    using MemoryReader = std::function<bool(uint64_t addr, void* dst, uint64_t len)>;
    void cmd_examine(std::string_view fmt, std::string_view args, bool physical);
    std::string examine_strings(const MemoryReader& read, uint64_t at, unsigned count,
                                const std::function<std::string(uint64_t)>& label) const;
    std::string examine_units(const MemoryReader& read, uint64_t at, const MemFormat& f,
                              const std::function<std::string(uint64_t)>& label) const;
    void cmd_disas(std::string_view args);
    std::string disassemble_at(uint64_t la, unsigned count, bool mark_rip) const;
    std::string disassemble_until(uint64_t la, uint64_t end) const;
    // Up to 15 instruction bytes at `la` (fewer where memory ends); the decoded length via len.
    std::string format_insn(uint64_t la, size_t* len) const;
    bool read_linear(uint64_t la, void* dst, uint64_t len) const;
    bool read_physical(uint64_t pa, void* dst, uint64_t len) const;
    std::optional<uint64_t> register_value(std::string_view name) const;

    // debugger_stack.cpp
    std::string backtrace() const;

    Machine& machine_;
    Cpu& cpu_;
    const SymbolTable& syms_;
    std::FILE* out_;
    std::vector<Breakpoint> breaks_;
    std::vector<Watchpoint> watches_;
    int next_id_ = 1;
    std::optional<std::string> ended_;  // how the machine ended (describe_end), once it has
    bool trace_ = false;
    MemFormat last_x_{};
    std::string last_command_;

    // Run control, set by resume() and read by before_insn().
    RunMode mode_ = RunMode::CONTINUE;
    uint64_t steps_left_ = 0;
    bool resuming_ = false;        // the next before_insn may be the instruction we stopped at
    uint64_t resume_rip_ = 0, resume_icount_ = 0;
    uint64_t next_rip_ = 0, next_rsp_ = 0;  // nexti over a CALL: where and with what RSP it returns
    uint64_t last_rip_ = 0;        // the instruction before_insn saw last (what a watch blames)
    // Why the last resume() ended; EVENT has stop_text_ (breakpoints and watchpoints hit).
    enum class Stop : uint8_t { INTERRUPTED, STEPPED, EVENT, ENDED } stop_ = Stop::INTERRUPTED;
    std::string stop_text_;
};

}  // namespace debug
}  // namespace lstar
