/* irq.c - the 8259A pair (vectors 0x20-0x2f) and external interrupts: IRQ 0 is the timer,
 * IRQ 1 the PS/2 keyboard, IRQ 4 the serial port. */
#include <linux/console.h>
#include <linux/kernel.h>
#include <linux/serial.h>
#include <linux/time.h>
#include <asm/io.h>
#include <asm/traps.h>

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_IMR 0x21
#define PIC_SLAVE_CMD  0xa0
#define PIC_SLAVE_IMR  0xa1
#define PIC_EOI        0x20
#define TIMER_IRQ  0
#define KEYBOARD_IRQ 1
#define SERIAL_IRQ 4

void init_8259A(void)
{
	outb(0x11, PIC_MASTER_CMD);	/* ICW1: edge triggered, cascade, ICW4 follows */
	outb(0x11, PIC_SLAVE_CMD);
	outb(FIRST_EXTERNAL_VECTOR, PIC_MASTER_IMR);	/* ICW2: vector base */
	outb(FIRST_EXTERNAL_VECTOR + 8, PIC_SLAVE_IMR);
	outb(0x04, PIC_MASTER_IMR);	/* ICW3: the slave is on IRQ 2 */
	outb(0x02, PIC_SLAVE_IMR);
	outb(0x01, PIC_MASTER_IMR);	/* ICW4: 8086 mode */
	outb(0x01, PIC_SLAVE_IMR);
	atkbd_init();
	outb((u8)~(1 << TIMER_IRQ | 1 << KEYBOARD_IRQ | 1 << SERIAL_IRQ), PIC_MASTER_IMR);
	outb(0xff, PIC_SLAVE_IMR);
}

/* Is IRQ 0 raised but not yet taken? (Interrupt request register, OCW3.) */
bool timer_irq_pending(void)
{
	outb(0x0a, PIC_MASTER_CMD);
	return inb(PIC_MASTER_CMD) & (1 << TIMER_IRQ);
}

void do_IRQ(struct pt_regs *regs, unsigned long vector)
{
	unsigned int irq = (unsigned int)(vector - FIRST_EXTERNAL_VECTOR);
	if (irq >= 16)
		return; /* not from the 8259A: ignore */
	if (irq == 7 || irq == 15) {
		/* A spurious interrupt leaves the in-service bit clear: no EOI for it. */
		outb(0x0b, irq == 7 ? PIC_MASTER_CMD : PIC_SLAVE_CMD);
		if (!(inb(irq == 7 ? PIC_MASTER_CMD : PIC_SLAVE_CMD) & 0x80))
			return;
	}
	if (irq == TIMER_IRQ)
		timer_interrupt(regs);
	else if (irq == KEYBOARD_IRQ)
		atkbd_interrupt();
	else if (irq == SERIAL_IRQ)
		serial_irq();
	if (irq >= 8)
		outb(PIC_EOI, PIC_SLAVE_CMD);
	outb(PIC_EOI, PIC_MASTER_CMD);
}
