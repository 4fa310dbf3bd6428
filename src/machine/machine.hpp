// The PC: one CPU, RAM, the devices on their ports and IRQs, virtual time, and the loop that
// runs them together. `lstar boot` and `lstar run` build one of these.
#pragma once
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cpu/cpu.hpp"
#include "machine/cmos.hpp"
#include "machine/debug_exit.hpp"
#include "machine/io.hpp"
#include "machine/multiboot.hpp"
#include "machine/pic.hpp"
#include "machine/pit.hpp"
#include "machine/ps2.hpp"
#include "machine/uart.hpp"
#include "machine/vga.hpp"

namespace lstar {

struct MachineConfig {
    uint64_t mem_bytes = 128ull << 20;
    uint64_t max_insns = ~0ull;       // stop (status 124, like timeout(1)) after this many
    bool realtime = false;            // CMOS starts from the host clock instead of a fixed date
    int serial_in_fd = 0;             // host fd for COM1 input; -1 for none
    Uart::HostInput serial_host_input;  // flow control and end of file on COM1 (uart.hpp)
    std::FILE* serial_out = stdout;   // COM1 output
};

class Machine : public CpuBus {
public:
    explicit Machine(const MachineConfig& cfg);

    // Loads a Multiboot 1 image like QEMU's -kernel and sets the CPU to the entry state the
    // specification gives. Throws std::runtime_error with a one-line message for a bad image.
    void boot_multiboot(std::span<const uint8_t> kernel, const std::string& kernel_name,
                        const std::string& cmdline, const std::vector<MultibootModule>& modules);

    // Runs until the guest exits through the debug-exit port, halts for good, triple-faults
    // or runs out of its instruction budget. Returns the process exit status and prints the
    // reason for any abnormal end to stderr.
    int run();

    // Debuggers: run() returns PAUSED when an observer's before_insn stopped the CPU (a
    // breakpoint) or after pause() (Ctrl-C); calling run() again resumes where it stopped.
    static constexpr int PAUSED = -1;
    void pause() { pause_requested_ = true; cpu.request_stop(); }
    // Called between CPU slices (at most max_slice instructions apart) while set: the gdb stub
    // looks for Ctrl-C on its socket here and may call pause(); the display (src/display)
    // polls its window and may lower max_slice, to stop exactly at a screenshot's instruction
    // or after one single-step. Unset, it costs one test.
    std::function<void()> between_slices;
    static constexpr uint64_t DEFAULT_MAX_SLICE = 1u << 20;
    uint64_t max_slice = DEFAULT_MAX_SLICE;

    Nanos now() const { return cpu.icount() + idle_ns_; }

    // CpuBus
    uint32_t port_in(uint16_t port, unsigned size) override;
    void port_out(uint16_t port, unsigned size, uint32_t value) override;
    uint8_t acknowledge_interrupt() override;

    Cpu cpu;
    IoBus io;
    Pic pic;
    Pit pit;
    Uart uart;
    Cmos cmos;
    Ps2 ps2;
    Vga vga;
    DebugExit debug_exit;

private:
    Nanos next_event() const;
    void tick_devices();
    void dump_state(const char* why);

    MachineConfig cfg_;
    std::vector<TimedDevice*> timed_;
    Nanos idle_ns_ = 0;  // virtual time spent halted
    int exit_status_ = -1;
    uint64_t budget_left_ = 0;
    bool budget_set_ = false;
    bool pause_requested_ = false;
};

}  // namespace lstar
