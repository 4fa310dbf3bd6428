#include "machine/machine.hpp"

#include <poll.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "debug/trace.hpp"
#include "msr/msr.hpp"

namespace lstar {

namespace {
// A fixed wall clock for deterministic runs: 2019-03-03 00:00:00 UTC (Linux 5.0's release day).
constexpr int64_t FIXED_EPOCH = 1551571200;
}  // namespace

Machine::Machine(const MachineConfig& cfg)
    : cpu(cfg.mem_bytes),
      pit(pic, [this] { return now(); }),
      uart(pic, [this] { return now(); }, [this](uint8_t b) {
               std::fputc(b, cfg_.serial_out);
               if (b == '\n') std::fflush(cfg_.serial_out);
           }),
      cmos(pic, [this] { return now(); }, cfg.realtime ? std::time(nullptr) : FIXED_EPOCH, cfg.mem_bytes),
      ps2(pic, [this] { cpu.request_stop(); exit_status_ = 0; }),
      debug_exit([this](int status) {
          exit_status_ = status;
          cpu.request_stop();
      }),
      cfg_(cfg) {
    cpu.bus = this;
    io.attach(0x20, 0x21, &pic);
    io.attach(0xa0, 0xa1, &pic);
    io.attach(0x4d0, 0x4d1, &pic);
    io.attach(0x40, 0x43, &pit);
    io.attach(0x61, 0x61, &pit);
    io.attach(Uart::COM1, Uart::COM1 + 7, &uart);
    io.attach(0x70, 0x71, &cmos);
    io.attach(0x60, 0x60, &ps2);
    io.attach(0x64, 0x64, &ps2);
    io.attach(0x3c0, 0x3df, &vga);
    io.attach(0xf4, 0xf7, &debug_exit);
    uart.set_input_fd(cfg.serial_in_fd);
    uart.set_host_input(cfg.serial_host_input);
    timed_ = {&pit, &uart, &cmos};
}

void Machine::boot_multiboot(std::span<const uint8_t> kernel, const std::string& kernel_name,
                             const std::string& cmdline, const std::vector<MultibootModule>& modules) {
    const MultibootImage img =
        load_multiboot(cpu.phys.host(0), cpu.phys.size(), kernel, kernel_name, cmdline, modules);
    for (const std::string& w : img.warnings) std::fprintf(stderr, "lstar: %s\n", w.c_str());

    // The machine state of Multiboot 1 §3.2: 32-bit protected mode, flat segments, paging off,
    // interrupts off, EAX = magic, EBX = the information structure.
    CpuState& s = cpu.s;
    for (auto& r : s.gpr) r = 0;
    msr::reset(s);
    s.gpr[RAX] = 0x2badb002;
    s.gpr[RBX] = img.info_addr;
    s.rip = img.entry;
    const uint16_t data_attr = 0x93 | segattr::DB | segattr::G;
    for (auto& sg : s.seg) sg = Segment{0x18, 0, 0xffffffff, data_attr};
    s.seg[CS] = Segment{0x10, 0, 0xffffffff, static_cast<uint16_t>(0x9b | segattr::DB | segattr::G)};
    s.cpl = 0;
    s.gdtr = DescTable{0, 0};
    s.idtr = DescTable{0, 0x3ff};
    s.ldtr = Segment{0, 0, 0, 0};
    s.tr = Segment{0, 0, 0xffff, 0x8b};
    s.cr0 = cr0::PE | cr0::ET;
    s.cr2 = s.cr3 = s.cr4 = s.cr8 = 0;
    s.efer = 0;
    s.dr[6] = 0xffff0ff0;
    s.dr[7] = 0x400;
    cpu.set_rflags(fl::FIXED1);
    cpu.mmu.flush();
    cpu.update_mode();
}

uint32_t Machine::port_in(uint16_t port, unsigned size) {
    const uint32_t v = io.in(port, size);
    cpu.intr = pic.intr();
    return v;
}

void Machine::port_out(uint16_t port, unsigned size, uint32_t value) {
    io.out(port, size, value);
    cpu.intr = pic.intr();
}

uint8_t Machine::acknowledge_interrupt() {
    const uint8_t v = pic.acknowledge();
    cpu.intr = pic.intr();
    return v;
}

Nanos Machine::next_event() const {
    Nanos next = ~Nanos(0);
    for (const TimedDevice* d : timed_) next = std::min(next, d->next_event(now()));
    return next;
}

void Machine::tick_devices() {
    const Nanos t = now();
    for (TimedDevice* d : timed_)
        if (d->next_event(t) <= t) d->tick(t);
    cpu.intr = pic.intr();
}

void Machine::dump_state(const char* why) {
    std::fflush(cfg_.serial_out);
    std::fprintf(stderr, "lstar: %s at rip %#llx after %llu instructions\n", why,
                 static_cast<unsigned long long>(cpu.rip()), static_cast<unsigned long long>(cpu.icount()));
    dump_registers(cpu, stderr);
}

int Machine::run() {
    if (!budget_set_) budget_left_ = cfg_.max_insns, budget_set_ = true;
    uint64_t& budget_left = budget_left_;
    for (;;) {
        const Nanos t = now();
        const Nanos next = next_event();
        uint64_t slice = next > t ? next - t : 1;
        slice = std::min<uint64_t>({slice, budget_left, max_slice});
        StopInfo stop;
        try {
            stop = cpu.run(slice);
        } catch (const MachineError& e) {
            dump_state(e.what());
            return 1;
        }
        budget_left -= std::min(budget_left, stop.insns);
        tick_devices();
        if (exit_status_ >= 0) {
            std::fflush(cfg_.serial_out);
            return exit_status_;
        }
        if (between_slices) between_slices();
        switch (stop.reason) {
        case StopInfo::Reason::TRIPLE_FAULT: {
            const std::string why = std::string("triple fault (") + vec_name(stop.fault.vector) +
                                    " could not be delivered, nor #DF)";
            dump_state(why.c_str());
            return 3;
        }
        case StopInfo::Reason::HALT: {
            if (!(cpu.s.rflags & fl::IF)) {
                std::fflush(cfg_.serial_out);
                std::fprintf(stderr, "lstar: the guest halted with interrupts disabled\n");
                return 0;
            }
            const Nanos wake = next_event();
            if (wake == ~Nanos(0)) {
                dump_state("the guest halted with nothing left to wake it");
                return 1;
            }
            if (wake > now()) idle_ns_ += wake - now();  // skip the idle time: virtual time
            tick_devices();
            if (cpu.intr) cpu.halted = false;
            break;
        }
        case StopInfo::Reason::BREAK:
            pause_requested_ = false;  // a Ctrl-C at the same moment: one stop is enough
            return PAUSED;
        case StopInfo::Reason::FAULT:  // not reached: with a bus, faults go through the IDT
        case StopInfo::Reason::STOP:
        case StopInfo::Reason::BUDGET:
            break;
        }
        if (pause_requested_) {  // pause() while the guest halted or between slices
            pause_requested_ = false;
            return PAUSED;
        }
        if (budget_left == 0) {
            dump_state("instruction budget (--max-insns) reached");
            return 124;
        }
    }
}

}  // namespace lstar
