// src/machine/uart.cpp, driven as a serial driver drives a 16550A. Register values come from the
// PC16550D datasheet: LSR 0x60 = THRE|TEMT, IIR codes 1 (none), 2 (THRE), 4 (RDA), 6 (line
// status), C (character timeout), and FIFO bits 0xC0.
#include <catch2/catch.hpp>

#include <string>
#include <unistd.h>
#include <vector>

#include "machine/uart.hpp"

using namespace lstar;

namespace {

struct IrqLog : IrqSink {
    std::vector<std::pair<unsigned, bool>> events;
    bool level = false;
    void set_irq(unsigned irq, bool l) override {
        events.push_back({irq, l});
        if (irq == 4) level = l;
    }
};

struct Bench {
    static constexpr uint16_t COM1 = 0x3F8;
    IrqLog irqs;
    Nanos now = 0;
    std::string sent;
    Uart uart{irqs, [this] { return now; }, [this](uint8_t c) { sent += char(c); }};

    uint8_t in(unsigned reg) { return uint8_t(uart.in(uint16_t(COM1 + reg), 1)); }
    void out(unsigned reg, uint8_t v) { uart.out(uint16_t(COM1 + reg), 1, v); }
};

}  // namespace

TEST_CASE("UART: transmit goes to the host; the transmitter is always ready", "[machine][uart]") {
    Bench b;
    CHECK(b.in(5) == 0x60);
    b.out(0, 'H');
    b.out(0, 'i');
    CHECK(b.sent == "Hi");
    CHECK(b.in(5) == 0x60);
    CHECK(b.in(2) == 0x01);  // nothing pending
}

TEST_CASE("UART: DLAB switches offsets 0 and 1 to the divisor latch", "[machine][uart]") {
    Bench b;
    b.out(3, 0x80);
    b.out(0, 0x03);  // 38400 baud
    b.out(1, 0x00);
    CHECK(b.in(0) == 0x03);
    CHECK(b.in(1) == 0x00);
    CHECK(b.sent.empty());
    b.out(3, 0x03);  // 8N1, DLAB off
    CHECK(b.in(3) == 0x03);
    b.out(1, 0x00);
    CHECK(b.in(1) == 0x00);  // IER again
    b.out(0, 'x');
    CHECK(b.sent == "x");
    b.out(7, 0x5A);
    CHECK(b.in(7) == 0x5A);  // scratch
}

TEST_CASE("UART: a received byte raises IRQ4 when enabled and OUT2 is set", "[machine][uart]") {
    Bench b;
    b.out(1, 0x01);  // receive-data interrupt
    b.uart.receive('a');
    CHECK(b.in(2) == 0x04);          // pending in IIR...
    CHECK_FALSE(b.irqs.level);       // ...but OUT2 keeps it off the bus
    b.out(4, 0x0B);                  // DTR, RTS, OUT2
    CHECK(b.irqs.level);
    CHECK((b.in(5) & 0x01) == 0x01);  // data ready
    CHECK(b.in(0) == 'a');
    CHECK_FALSE(b.irqs.level);
    CHECK(b.in(5) == 0x60);
    CHECK(b.in(2) == 0x01);
    CHECK(b.in(0) == 0x00);  // nothing more
}

TEST_CASE("UART: THRE interrupt on enable and after each write", "[machine][uart]") {
    Bench b;
    b.out(4, 0x08);
    b.out(1, 0x02);
    CHECK(b.irqs.level);
    CHECK(b.in(2) == 0x02);   // reading IIR acknowledges THRE
    CHECK_FALSE(b.irqs.level);
    CHECK(b.in(2) == 0x01);
    b.irqs.events.clear();
    b.out(0, 'z');            // the byte leaves at once: THR empty again, a new edge
    CHECK(b.irqs.level);
    CHECK(b.irqs.events.back() == std::pair<unsigned, bool>{4, true});
    // Receive data outranks THRE.
    b.out(1, 0x03);
    b.uart.receive('q');
    CHECK(b.in(2) == 0x04);
    b.in(0);
    CHECK(b.in(2) == 0x02);
}

TEST_CASE("UART: loopback returns what is sent and mirrors the modem lines", "[machine][uart]") {
    Bench b;
    CHECK(b.in(6) == 0xB0);  // DCD, DSR, CTS from the host side
    b.out(1, 0x01);
    b.out(4, 0x1E);  // loopback, OUT2, OUT1, RTS: the osdev-wiki self-test
    b.out(0, 0xAE);
    CHECK(b.sent.empty());
    CHECK(b.in(2) == 0x04);
    CHECK_FALSE(b.irqs.level);  // loopback disconnects the interrupt output
    CHECK(b.in(0) == 0xAE);
    // CTS <- RTS, DSR <- DTR (0), RI <- OUT1, DCD <- OUT2; DSR fell, so DDSR is set.
    CHECK(b.in(6) == 0xD2);
    CHECK(b.in(6) == 0xD0);  // reading clears the deltas
    b.out(4, 0x0F);
    b.out(0, 'k');
    CHECK(b.sent == "k");
    CHECK((b.in(6) & 0xF0) == 0xB0);
}

TEST_CASE("UART: FIFO trigger level and character timeout", "[machine][uart]") {
    Bench b;
    b.out(3, 0x80);
    b.out(0, 0x01);  // 115200 baud
    b.out(3, 0x03);  // 8N1: 10 bits a frame
    b.out(2, 0xC7);  // FIFO on, both cleared, trigger at 14
    b.out(1, 0x01);
    b.out(4, 0x08);
    CHECK(b.in(2) == 0xC1);
    for (char c : std::string("abc")) b.uart.receive(uint8_t(c));
    CHECK(b.in(2) == 0xC1);  // below the trigger level
    CHECK_FALSE(b.irqs.level);
    // Four frames of 10 bits at 115200 baud: 4 * 86805 ns.
    CHECK(b.uart.next_event(b.now) == 347'220);
    b.now = 347'220;
    b.uart.tick(b.now);
    CHECK(b.in(2) == 0xCC);
    CHECK(b.irqs.level);
    CHECK(b.in(0) == 'a');
    CHECK(b.in(2) == 0xC1);  // a read restarts the timeout
    CHECK(b.in(0) == 'b');
    CHECK(b.in(0) == 'c');
    CHECK_FALSE(b.irqs.level);

    for (int i = 0; i < 14; ++i) b.uart.receive(uint8_t(i));
    CHECK(b.in(2) == 0xC4);  // trigger level reached
    for (int i = 14; i < 17; ++i) b.uart.receive(uint8_t(i));
    CHECK(b.in(5) == 0x63);  // overrun: the 17th byte is lost
    CHECK(b.in(5) == 0x61);
    b.out(2, 0x03);          // clear the receive FIFO
    CHECK(b.in(5) == 0x60);
}

TEST_CASE("UART: the line-status interrupt reports an overrun", "[machine][uart]") {
    Bench b;
    b.out(1, 0x05);
    b.out(4, 0x08);
    b.uart.receive('1');
    b.uart.receive('2');  // no FIFO: overwrites and sets OE
    CHECK(b.in(2) == 0x06);
    CHECK(b.in(5) == 0x63);
    CHECK(b.in(2) == 0x04);
    CHECK(b.in(0) == '2');
}

TEST_CASE("UART: host input comes from a file descriptor until end of file", "[machine][uart]") {
    Bench b;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    REQUIRE(write(fds[1], "xyz", 3) == 3);
    b.out(2, 0x01);  // FIFO on
    b.uart.set_input_fd(fds[0]);
    CHECK(b.uart.next_event(0) == 0);
    b.uart.tick(0);
    CHECK(b.in(0) == 'x');
    CHECK(b.in(0) == 'y');
    CHECK(b.in(0) == 'z');
    CHECK(b.uart.next_event(0) == Uart::POLL_INTERVAL);
    b.uart.tick(Uart::POLL_INTERVAL);  // nothing waiting: still polling
    CHECK(b.uart.input_fd() == fds[0]);
    close(fds[1]);
    b.uart.tick(2 * Uart::POLL_INTERVAL);
    CHECK(b.uart.input_fd() == -1);  // end of file: input stops, nothing breaks
    CHECK(b.uart.next_event(0) > 1'000'000'000'000ull);
    close(fds[0]);
}

TEST_CASE("UART: without a FIFO the host gives one byte at a time", "[machine][uart]") {
    Bench b;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    REQUIRE(write(fds[1], "ab", 2) == 2);
    b.uart.set_input_fd(fds[0]);
    b.uart.tick(0);
    CHECK(b.uart.receive_room() == 0);
    b.uart.tick(Uart::POLL_INTERVAL);  // full: the second byte stays in the pipe
    CHECK(b.in(0) == 'a');
    CHECK((b.in(5) & 0x02) == 0);  // no overrun
    b.uart.tick(2 * Uart::POLL_INTERVAL);
    CHECK(b.in(0) == 'b');
    close(fds[0]);
    close(fds[1]);
}

TEST_CASE("UART: with wait_for_rts, host input waits until the guest raises RTS", "[machine][uart]") {
    Bench b;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    REQUIRE(write(fds[1], "tx", 2) == 2);
    b.uart.set_host_input({.wait_for_rts = true, .break_at_eof = false});
    b.uart.set_input_fd(fds[0]);
    b.uart.tick(0);
    CHECK((b.in(5) & 0x01) == 0);  // nothing taken yet
    b.out(2, 0x07);                // FIFO on, both cleared: what a driver does first
    b.out(4, 0x0B);                // DTR, RTS, OUT2
    b.uart.tick(Uart::POLL_INTERVAL);
    CHECK(b.in(0) == 't');         // the first byte was not cleared away
    CHECK(b.in(0) == 'x');
    close(fds[0]);
    close(fds[1]);
}

TEST_CASE("UART: with break_at_eof, the end of input reads as a break after the data", "[machine][uart]") {
    Bench b;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    REQUIRE(write(fds[1], "ab", 2) == 2);
    close(fds[1]);
    b.uart.set_host_input({.wait_for_rts = false, .break_at_eof = true});
    b.out(2, 0x01);  // FIFO on
    b.uart.set_input_fd(fds[0]);
    b.uart.tick(0);                      // "ab"
    b.uart.tick(Uart::POLL_INTERVAL);    // end of file
    b.uart.tick(2 * Uart::POLL_INTERVAL);  // no break while data waits
    CHECK(b.uart.input_fd() == -1);
    CHECK(b.in(5) == 0x61);              // DR, not BI
    CHECK(b.in(0) == 'a');
    CHECK(b.in(5) == 0x61);
    CHECK(b.in(0) == 'b');
    CHECK(b.in(5) == 0x60);              // drained
    CHECK(b.uart.next_event(0) == 3 * Uart::POLL_INTERVAL);
    b.uart.tick(3 * Uart::POLL_INTERVAL);  // now the break
    CHECK(b.in(5) == 0x71);              // DR and BI: the break's 0 byte
    CHECK(b.in(0) == 0);
    CHECK(b.in(5) == 0x60);              // empty, and no more input
    CHECK(b.uart.next_event(0) > 1'000'000'000'000ull);
    close(fds[0]);
}
