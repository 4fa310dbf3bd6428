// 16550A UART. Register offsets and interrupt priorities are those of the PC16550D datasheet,
// Table II and Table IV.
#include "machine/uart.hpp"

#include <algorithm>
#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace lstar {

namespace {
// Register offsets from the base port.
enum : uint8_t { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
// Interrupt identification codes (IIR bits 3..0), highest priority first.
enum : uint8_t { ID_LINE = 0x06, ID_RX = 0x04, ID_TIMEOUT = 0x0C, ID_THRE = 0x02, ID_MODEM = 0x00,
                 ID_NONE = 0x01 };
constexpr uint8_t LSR_DR = 0x01, LSR_BI = 0x10, LSR_THRE = 0x20, LSR_TEMT = 0x40;
constexpr uint8_t MCR_RTS = 0x02, MCR_OUT2 = 0x08, MCR_LOOP = 0x10;
constexpr unsigned FIFO_SIZE = 16;
constexpr uint64_t BASE_CLOCK = 115200;  // 1.8432 MHz / 16
}  // namespace

Uart::Uart(IrqSink& pic, std::function<Nanos()> clock, std::function<void(uint8_t)> transmit,
           unsigned irq)
    : pic_(pic), clock_(std::move(clock)), transmit_(std::move(transmit)), irq_(irq) {}

unsigned Uart::receive_room() const {
    if (fifo_) return FIFO_SIZE - unsigned(rx_.size());
    return rx_.empty() ? 1 : 0;
}

void Uart::receive(uint8_t byte) {
    if (receive_room() == 0) {
        lsr_errors_ |= 0x02;  // overrun: a FIFO keeps its contents, a lone RBR is overwritten
        if (!fifo_) rx_.back() = byte;
    } else {
        rx_.push_back(byte);
    }
    arm_timeout();
    update_irq();
}

Nanos Uart::char_time() const {
    unsigned bits = 1 + 5 + (lcr_ & 3) + ((lcr_ >> 3) & 1) + ((lcr_ & 4) ? 2 : 1);
    uint64_t div = divisor_ ? divisor_ : 1;
    return Nanos(bits * div * 1000000000ull / BASE_CLOCK);
}

void Uart::arm_timeout() {
    // Character timeout: data below the trigger level and no FIFO activity for 4 frames.
    timeout_pending_ = false;
    timeout_at_ = fifo_ && !rx_.empty() ? clock_() + 4 * char_time() : ~Nanos(0);
}

uint8_t Uart::interrupt_id() const {
    if ((ier_ & 0x04) && lsr_errors_) return ID_LINE;
    if (ier_ & 0x01) {
        if (!rx_.empty() && (!fifo_ || rx_.size() >= trigger_)) return ID_RX;
        if (timeout_pending_) return ID_TIMEOUT;
    }
    if ((ier_ & 0x02) && thr_pending_) return ID_THRE;
    if ((ier_ & 0x08) && (msr_ & 0x0F)) return ID_MODEM;
    return ID_NONE;
}

void Uart::update_irq() {
    // On a PC the INTR pin reaches the bus only through a buffer enabled by OUT2; loopback
    // forces OUT2 inactive.
    bool level = interrupt_id() != ID_NONE && (mcr_ & MCR_OUT2) && !(mcr_ & MCR_LOOP);
    if (level != irq_level_) {
        irq_level_ = level;
        pic_.set_irq(irq_, level);
    }
}

void Uart::transmit(uint8_t byte) {
    thr_pending_ = false;
    update_irq();
    if (mcr_ & MCR_LOOP) receive(byte);
    else if (transmit_) transmit_(byte);
    thr_pending_ = true;  // the byte left at once: THR is empty again
    update_irq();
}

void Uart::set_modem_status(uint8_t lines) {
    uint8_t old = msr_ & 0xF0, changed = old ^ lines;
    uint8_t delta = ((changed >> 4) & 0x0B)          // DCTS, DDSR, DDCD
                    | (((old & ~lines) >> 4) & 0x04); // TERI: RI went inactive
    msr_ = uint8_t(lines | (msr_ & 0x0F) | delta);
}

uint8_t Uart::read(uint16_t port) {
    bool dlab = lcr_ & 0x80;
    uint8_t v = 0xFF;
    switch (port & 7) {
    case RBR_THR:
        if (dlab) return uint8_t(divisor_);
        if (rx_.empty()) return 0;
        v = rx_.front();
        rx_.pop_front();
        if (rx_.empty()) break_queued_ = false;
        arm_timeout();
        break;
    case IER: return dlab ? uint8_t(divisor_ >> 8) : ier_;
    case IIR_FCR: {
        uint8_t id = interrupt_id();
        if (id == ID_THRE) thr_pending_ = false;  // reading IIR acknowledges THRE
        v = uint8_t(id | (fifo_ ? 0xC0 : 0));
        break;
    }
    case LCR: return lcr_;
    case MCR: return mcr_;
    case LSR:
        // BI goes with the break's 0 byte once it reaches the top of the FIFO.
        v = uint8_t(LSR_THRE | LSR_TEMT | (rx_.empty() ? 0 : LSR_DR) | lsr_errors_ |
                    (break_queued_ && rx_.size() == 1 ? LSR_BI : 0));
        lsr_errors_ = 0;
        break;
    case MSR:
        v = msr_;
        msr_ &= 0xF0;
        break;
    case SCR: return scr_;
    }
    update_irq();
    return v;
}

void Uart::write(uint16_t port, uint8_t value) {
    bool dlab = lcr_ & 0x80;
    switch (port & 7) {
    case RBR_THR:
        if (dlab) divisor_ = uint16_t((divisor_ & 0xFF00) | value);
        else transmit(value);
        return;
    case IER:
        if (dlab) {
            divisor_ = uint16_t((divisor_ & 0x00FF) | value << 8);
            return;
        }
        // Enabling the THRE interrupt with THR empty raises it at once.
        if ((value & ~ier_) & 0x02) thr_pending_ = true;
        ier_ = value & 0x0F;
        break;
    case IIR_FCR: {
        bool enable = value & 0x01;
        if (enable != fifo_ || (value & 0x02)) {  // toggling the FIFOs also clears them
            rx_.clear();
            break_queued_ = false;
            timeout_pending_ = false;
            timeout_at_ = ~Nanos(0);
        }
        fifo_ = enable;
        static constexpr unsigned TRIGGER[4] = {1, 4, 8, 14};
        trigger_ = fifo_ ? TRIGGER[value >> 6] : 1;
        break;
    }
    case LCR: lcr_ = value; return;
    case MCR:
        mcr_ = value & 0x1F;
        if (mcr_ & MCR_LOOP) {
            // Loopback: CTS <- RTS, DSR <- DTR, RI <- OUT1, DCD <- OUT2.
            uint8_t m = mcr_;
            set_modem_status(uint8_t((m & 0x02) << 3 | (m & 0x01) << 5 | (m & 0x04) << 4 |
                                     (m & 0x08) << 4));
        } else {
            set_modem_status(0xB0);
        }
        break;
    case SCR: scr_ = value; return;
    default: return;  // LSR and MSR are read-only
    }
    update_irq();
}

void Uart::poll_input() {
    unsigned room = receive_room();
    if (room == 0 || (host_input_.wait_for_rts && !(mcr_ & MCR_RTS))) return;
    if (eof_break_pending_) {
        if (!rx_.empty()) return;  // the break comes once the guest has read the data
        eof_break_pending_ = false;
        break_queued_ = true;
        receive(0);
        return;
    }
    if (input_fd_ < 0) return;
    pollfd p{input_fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return;
    if (p.revents & POLLNVAL) {
        input_fd_ = -1;
        return;
    }
    uint8_t buf[FIFO_SIZE];
    ssize_t n = ::read(input_fd_, buf, room);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {  // end of input or a real error: stop reading, keep running
        input_fd_ = -1;
        eof_break_pending_ = host_input_.break_at_eof;
        return;
    }
    for (ssize_t i = 0; i < n; ++i) receive(buf[i]);
}

Nanos Uart::next_event(Nanos) const {
    Nanos poll = input_fd_ >= 0 || eof_break_pending_ ? poll_at_ : ~Nanos(0);
    return std::min(poll, timeout_at_);
}

void Uart::tick(Nanos now) {
    if (now >= timeout_at_) {
        timeout_at_ = ~Nanos(0);
        timeout_pending_ = fifo_ && !rx_.empty();
        update_irq();
    }
    if ((input_fd_ >= 0 || eof_break_pending_) && now >= poll_at_) {
        poll_input();
        poll_at_ = now + POLL_INTERVAL;
    }
}

}  // namespace lstar
