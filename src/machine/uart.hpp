// A 16550A UART (COM1 at 0x3F8, IRQ4). Behaviour follows the TI/National PC16550D datasheet.
// Transmission is instant: THR empties as soon as it is written, so LSR.THRE and TEMT always
// read as 1. Received bytes come from the machine (receive()) or from a host file descriptor
// polled in virtual time.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>

#include "machine/io.hpp"
#include "machine/pic.hpp"

namespace lstar {

class Uart : public ByteDevice, public TimedDevice {
public:
    static constexpr uint16_t COM1 = 0x3F8;
    static constexpr unsigned COM1_IRQ = 4;
    static constexpr Nanos POLL_INTERVAL = 100'000;  // host input is checked every 100 us

    // `transmit` receives every byte the guest sends (not in loopback mode).
    Uart(IrqSink& pic, std::function<Nanos()> clock, std::function<void(uint8_t)> transmit,
         unsigned irq = COM1_IRQ);

    // A byte arrives on the line. With the receiver full it is lost and LSR.OE is set.
    void receive(uint8_t byte);
    // How many bytes the receiver can take now without an overrun.
    unsigned receive_room() const;
    // Poll a host file descriptor for input (never blocks, never changes the fd's flags).
    // End of file or an error just ends input. -1 stops polling.
    void set_input_fd(int fd) { input_fd_ = fd; }
    int input_fd() const { return input_fd_; }

    // Host input beyond what QEMU does (both off by default); `lstar run` turns both on.
    struct HostInput {
        // Input waits while the guest holds RTS (MCR bit 1) off, as with RTS/CTS flow control,
        // so nothing sent before the driver has set the UART up (and cleared its FIFO) is lost.
        bool wait_for_rts = false;
        // The end of the host's input arrives as a break once the guest has read all the data:
        // a 0 byte that reads with LSR.BI set, so the guest can tell end of file from a quiet
        // line.
        bool break_at_eof = false;
    };
    void set_host_input(HostInput h) { host_input_ = h; }

    // TimedDevice: host input polling and the FIFO character timeout.
    Nanos next_event(Nanos now) const override;
    void tick(Nanos now) override;

    bool irq_asserted() const { return irq_level_; }

protected:
    uint8_t read(uint16_t port) override;
    void write(uint16_t port, uint8_t value) override;

private:
    uint8_t interrupt_id() const;  // IIR bits 3..0; 1 = nothing pending
    void update_irq();
    void transmit(uint8_t byte);
    void set_modem_status(uint8_t lines);  // MSR bits 7..4, updating the delta bits
    Nanos char_time() const;               // one frame at the programmed rate and format
    void arm_timeout();
    void poll_input();

    IrqSink& pic_;
    std::function<Nanos()> clock_;
    std::function<void(uint8_t)> transmit_;
    unsigned irq_;
    int input_fd_ = -1;
    HostInput host_input_;
    bool eof_break_pending_ = false;  // the host's input ended; the break is still to come
    bool break_queued_ = false;       // the last byte of rx_ is that break

    std::deque<uint8_t> rx_;   // RBR, or the receive FIFO
    uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0;
    uint8_t lsr_errors_ = 0;   // OE, PE, FE, BI until LSR is read
    uint8_t msr_ = 0xB0;       // DCD, DSR and CTS asserted by the host side, as QEMU does
    uint16_t divisor_ = 0;
    bool fifo_ = false;
    unsigned trigger_ = 1;     // receive FIFO trigger level
    bool thr_pending_ = false; // THRE interrupt, cleared by an IIR read or a THR write
    bool timeout_pending_ = false;
    bool irq_level_ = false;
    Nanos timeout_at_ = ~Nanos(0);
    Nanos poll_at_ = 0;
};

}  // namespace lstar
