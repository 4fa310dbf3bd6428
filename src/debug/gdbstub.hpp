// The gdb remote stub: `lstar run --gdb[=PORT]` and `lstar boot --gdb[=PORT]` (docs/debugging.md).
//
// gdb talks to it over TCP with the GDB remote serial protocol (framing in gdbstub_packet.hpp,
// registers and the target description in gdbstub_regs.hpp). The stub is an observer of the CPU:
// breakpoints, watchpoints and single steps are kept by lstar and checked as instructions run,
// never written into guest memory, and the CPU runs unobserved (at full speed) while none is set.
//
//   gdbstub.cpp          packets, breakpoints and run control
//   gdbstub_session.cpp  the socket: waiting for gdb, acknowledgements, Ctrl-C while running
//   gdbstub_monitor.cpp  `monitor` commands (qRcmd), on top of debug/inspect.hpp
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpu/observer.hpp"

namespace lstar {

class Machine;

class GdbStub : public CpuObserver {
public:
    // Attaches to the machine's CPU; the destructor detaches.
    explicit GdbStub(Machine& m);
    ~GdbStub() override;
    GdbStub(const GdbStub&) = delete;
    GdbStub& operator=(const GdbStub&) = delete;

    // What the session does once the reply has gone out.
    enum class Action { REPLY, CONTINUE, STEP, DETACH, KILL };
    struct Reply {
        std::vector<std::string> packets;  // payloads to send, in order (none for k)
        Action action = Action::REPLY;
    };
    // Handles one packet's payload (framing already removed). Never throws for bad input:
    // an unknown packet gets an empty reply, a malformed one "E" and an error number.
    Reply handle(std::string_view payload);

    // The stop reply for the last stop (T packet with the signal, reason and thread).
    std::string stop_reply() const;
    // Runs the machine after CONTINUE or STEP until it stops (true) or the guest ends (false,
    // with the machine's status in `status`). `poll` is called between CPU slices.
    bool resume(Action how, const std::function<void()>& poll, int& status);
    // Ctrl-C from gdb while the machine runs: stop at the next slice boundary with SIGINT.
    void interrupt();
    // Removes every breakpoint and watchpoint, so the machine runs on unobserved.
    void clear_all();

    // CpuObserver
    bool before_insn(Cpu& cpu, const DecodedInsn& insn) override;
    void after_insn(Cpu& cpu, const DecodedInsn& insn) override;

    // The monitor commands behind qRcmd (gdbstub_monitor.cpp): the text to show.
    std::string monitor(std::string_view command);

private:
    enum class StopKind { INITIAL, BREAKPOINT, HW_BREAKPOINT, STEP, WATCH, INTERRUPT };
    struct Watch {
        uint64_t addr, len;
        char type;  // '2' write, '3' read, '4' access (the Z packet's type)
    };

    Reply reply(std::string text) { return Reply{{std::move(text)}, Action::REPLY}; }
    std::string read_registers() const;
    std::string write_registers(std::string_view hex);
    bool mapped(uint64_t la) const;
    std::string read_memory(std::string_view args) const;
    std::string write_memory(std::string_view args, bool binary);
    std::string breakpoint(std::string_view args, bool insert);
    std::string query(std::string_view payload, Reply& r);
    Action parse_vcont(std::string_view actions, bool& ok) const;
    bool set_pc_from(std::string_view args);
    void update_observation();

    Machine& m_;
    std::vector<uint64_t> sw_breaks_, hw_breaks_;
    std::vector<Watch> watches_;
    StopKind stop_ = StopKind::INITIAL;
    size_t watch_hit_ = 0;  // index into watches_ for StopKind::WATCH
    // Run control.
    bool stepping_ = false, step_taken_ = false;
    bool skip_breakpoint_ = false;  // resuming at a breakpoint: do not stop on it at once
    uint64_t resume_rip_ = 0, resume_icount_ = 0;
};

// `--gdb`: how lstar run and lstar boot hand the machine over to gdb.
struct GdbSessionEnd {
    bool killed = false;  // gdb sent k: lstar exits without running the guest further
    int status = 0;       // otherwise the machine's run() status
};
// Listens on 127.0.0.1:port, says where on stderr, waits for gdb and serves it until the guest
// ends, gdb kills it, or gdb detaches or goes away (then the guest runs on without the stub).
// `exit_code` turns the machine's status into the exit status gdb is told. Throws
// std::runtime_error with a one-line message when the port cannot be used.
GdbSessionEnd run_under_gdb(Machine& m, uint16_t port, const std::function<int(int)>& exit_code);

}  // namespace lstar
