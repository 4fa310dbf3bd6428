// src/machine/pic.cpp, driven through its ports as a kernel does. Expected values follow the
// 8259A datasheet: initialisation (ICW1-4), OCW1 masks, OCW2 EOI and rotation, OCW3 reads.
#include <catch2/catch.hpp>

#include "machine/pic.hpp"

using namespace lstar;

namespace {

// The usual PC remap: master at vector 0x20, slave at 0x28, 8086 mode.
void init_pair(Pic& pic, uint8_t icw4 = 0x01) {
    pic.out(0x20, 1, 0x11);  // ICW1: edge, cascade, ICW4 follows
    pic.out(0x21, 1, 0x20);  // ICW2
    pic.out(0x21, 1, 0x04);  // ICW3: slave on IR2
    pic.out(0x21, 1, icw4);
    pic.out(0xA0, 1, 0x11);
    pic.out(0xA1, 1, 0x28);
    pic.out(0xA1, 1, 0x02);
    pic.out(0xA1, 1, icw4);
    pic.out(0x21, 1, 0x00);  // OCW1: all unmasked
    pic.out(0xA1, 1, 0x00);
}

void eoi_master(Pic& pic) { pic.out(0x20, 1, 0x20); }
void eoi_slave(Pic& pic) { pic.out(0xA0, 1, 0x20); }

}  // namespace

TEST_CASE("PIC: initialisation sets the vector base and an IRQ is delivered", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    CHECK_FALSE(pic.intr());
    pic.pulse_irq(1);
    CHECK(pic.irr(false) == 0x02);
    REQUIRE(pic.intr());
    CHECK(pic.acknowledge() == 0x21);
    CHECK(pic.irr(false) == 0x00);  // IRR -> ISR
    CHECK(pic.isr(false) == 0x02);
    CHECK_FALSE(pic.intr());
    eoi_master(pic);
    CHECK(pic.isr(false) == 0x00);
}

TEST_CASE("PIC: ICW1 clears the mask and an edge is latched only once", "[machine][pic]") {
    Pic pic;
    pic.out(0x21, 1, 0xFF);
    init_pair(pic);
    CHECK(pic.in(0x21, 1) == 0x00);
    pic.set_irq(4, true);
    pic.set_irq(4, true);  // still high: no second edge
    CHECK(pic.acknowledge() == 0x24);
    eoi_master(pic);
    CHECK_FALSE(pic.intr());
}

TEST_CASE("PIC: the mask holds a request in IRR until unmasked", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    pic.out(0x21, 1, 0x01);  // mask IRQ0
    CHECK(pic.in(0x21, 1) == 0x01);
    pic.pulse_irq(0);
    CHECK(pic.irr(false) == 0x01);
    CHECK_FALSE(pic.intr());
    pic.out(0x21, 1, 0x00);
    REQUIRE(pic.intr());
    CHECK(pic.acknowledge() == 0x20);
}

TEST_CASE("PIC: fixed priorities, nesting and non-specific EOI", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    pic.pulse_irq(3);
    pic.pulse_irq(1);
    CHECK(pic.acknowledge() == 0x21);  // IRQ1 outranks IRQ3
    CHECK_FALSE(pic.intr());           // IRQ3 waits behind IRQ1 in service
    pic.pulse_irq(0);
    REQUIRE(pic.intr());               // IRQ0 outranks it and nests
    CHECK(pic.acknowledge() == 0x20);
    CHECK(pic.isr(false) == 0x03);
    eoi_master(pic);                   // clears the highest in service: IRQ0
    CHECK(pic.isr(false) == 0x02);
    CHECK_FALSE(pic.intr());
    eoi_master(pic);
    REQUIRE(pic.intr());
    CHECK(pic.acknowledge() == 0x23);
}

TEST_CASE("PIC: specific EOI and rotation", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    pic.pulse_irq(5);
    pic.pulse_irq(6);
    CHECK(pic.acknowledge() == 0x25);
    pic.out(0x20, 1, 0x66);  // specific EOI for IRQ6: not in service, nothing changes
    CHECK(pic.isr(false) == 0x20);
    pic.out(0x20, 1, 0x65);  // specific EOI for IRQ5
    CHECK(pic.isr(false) == 0x00);

    // Rotate on non-specific EOI: the IRQ just finished becomes the lowest priority.
    CHECK(pic.acknowledge() == 0x26);
    pic.pulse_irq(0);
    pic.pulse_irq(7);
    pic.out(0x20, 1, 0xA0);  // IRQ6 done; now 7 is the highest, 6 the lowest
    CHECK(pic.acknowledge() == 0x27);
    pic.out(0x20, 1, 0x20);
    CHECK(pic.acknowledge() == 0x20);
    pic.out(0x20, 1, 0x20);

    // Set priority: IRQ2 lowest, so IRQ3 is the highest.
    pic.out(0x20, 1, 0xC2);
    pic.pulse_irq(1);
    pic.pulse_irq(3);
    CHECK(pic.acknowledge() == 0x23);
}

TEST_CASE("PIC: the slave cascades through IR2", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    pic.pulse_irq(12);
    CHECK(pic.irr(true) == 0x10);
    CHECK(pic.irr(false) == 0x04);
    REQUIRE(pic.intr());
    CHECK(pic.acknowledge() == 0x2C);
    CHECK(pic.isr(true) == 0x10);
    CHECK(pic.isr(false) == 0x04);
    // A slave request of higher priority while IRQ12 is in service: it waits for the master's
    // IR2 to be released (no special fully nested mode), then arrives on a fresh IR2 edge.
    pic.pulse_irq(8);
    CHECK_FALSE(pic.intr());
    eoi_slave(pic);
    eoi_master(pic);
    REQUIRE(pic.intr());
    CHECK(pic.acknowledge() == 0x28);
    eoi_slave(pic);
    eoi_master(pic);
    CHECK(pic.isr(false) == 0);
    CHECK(pic.isr(true) == 0);
}

TEST_CASE("PIC: spurious IRQ7 and IRQ15", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    // A request that goes away (masked) before INTA: the master answers with IRQ7, no ISR bit.
    pic.pulse_irq(5);
    pic.out(0x21, 1, 0x20);
    CHECK(pic.acknowledge() == 0x27);
    CHECK(pic.isr(false) == 0x00);

    // The same on the slave: master IR2 was latched, the slave has nothing: IRQ15's vector,
    // and the master's IR2 is in service (the kernel must EOI the master only).
    pic.out(0x21, 1, 0x00);
    pic.pulse_irq(9);
    pic.out(0xA1, 1, 0x02);
    REQUIRE(pic.intr());
    CHECK(pic.acknowledge() == 0x2F);
    CHECK(pic.isr(true) == 0x00);
    CHECK(pic.isr(false) == 0x04);
}

TEST_CASE("PIC: OCW3 selects IRR or ISR, and poll mode", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    pic.pulse_irq(3);
    pic.out(0x20, 1, 0x0A);
    CHECK(pic.in(0x20, 1) == 0x08);  // IRR
    pic.acknowledge();
    pic.out(0x20, 1, 0x0B);
    CHECK(pic.in(0x20, 1) == 0x08);  // ISR
    eoi_master(pic);

    pic.pulse_irq(6);
    pic.out(0x20, 1, 0x0C);  // poll
    CHECK(pic.in(0x20, 1) == 0x86);
    CHECK(pic.isr(false) == 0x40);
    pic.out(0x20, 1, 0x0C);
    CHECK(pic.in(0x20, 1) == 0x00);  // nothing requesting
}

TEST_CASE("PIC: automatic EOI leaves nothing in service", "[machine][pic]") {
    Pic pic;
    init_pair(pic, 0x03);
    pic.pulse_irq(0);
    CHECK(pic.acknowledge() == 0x20);
    CHECK(pic.isr(false) == 0);
    pic.pulse_irq(0);
    CHECK(pic.intr());
}

TEST_CASE("PIC: ELCR makes an input level-triggered", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    CHECK(pic.in(0x4D0, 1) == 0x00);
    pic.out(0x4D0, 1, 0xFF);
    CHECK(pic.in(0x4D0, 1) == 0xF8);  // IRQ0-2 are always edge-triggered
    pic.out(0x4D1, 1, 0x02);           // IRQ9 level-triggered
    CHECK(pic.in(0x4D1, 1) == 0x02);
    pic.set_irq(9, true);
    CHECK(pic.irr(true) == 0x02);
    pic.set_irq(9, false);
    CHECK(pic.irr(true) == 0x00);  // the request follows the line...
    // ...but the master latched the edge on IR2: the CPU gets the slave's spurious vector.
    CHECK(pic.acknowledge() == 0x2F);
    eoi_master(pic);
    pic.set_irq(9, true);
    CHECK(pic.acknowledge() == 0x29);
    CHECK(pic.irr(true) == 0x02);  // a level request stays in IRR while the line is high
}

TEST_CASE("PIC: a 16-bit access is two byte accesses", "[machine][pic]") {
    Pic pic;
    init_pair(pic);
    pic.out(0x21, 1, 0x5A);
    pic.out(0x20, 1, 0x0A);
    CHECK(pic.in(0x20, 2) == 0x5A00);  // IRR (0) then IMR
}
