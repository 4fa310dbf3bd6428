/* serial.c - COM1, a 16550 UART polled for output. Received bytes raise IRQ 4, whose handler
 * hands them to the tty layer (tty_insert_flip_char); a break with no data is the host's end of
 * input (tty_insert_eof). */
#include <linux/console.h>
#include <linux/serial.h>
#include <linux/tty.h>
#include <asm/bootparam.h>
#include <asm/io.h>

#define UART_RX  0 /* receive buffer (DLAB=0) */
#define UART_TX  0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor latch (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_DR   0x01 /* data ready */
#define UART_LSR_BI   0x10 /* break: with no data pending, the host's end of input */
#define UART_LSR_THRE 0x20
#define UART_IER_RDI  0x01
#define UART_MCR_DTR  0x01
#define UART_MCR_RTS  0x02
#define UART_MCR_OUT2 0x08 /* gates the IRQ line on a PC */

/* A byte that arrived before serial_init(): enabling the FIFO clears the receiver. */
static int early_byte = -1;

void serial_init(void)
{
	if (inb(COM1 + UART_LSR) & UART_LSR_DR)
		early_byte = inb(COM1 + UART_RX);
	outb(0, COM1 + UART_IER);
	outb(0x80, COM1 + UART_LCR);		/* DLAB */
	outb(1, COM1 + UART_DLL);		/* 115200 baud */
	outb(0, COM1 + UART_DLM);
	outb(0x03, COM1 + UART_LCR);		/* 8N1 */
	outb(0x07, COM1 + UART_FCR);		/* FIFO on, both cleared */
	outb(UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2, COM1 + UART_MCR);
	outb(UART_IER_RDI, COM1 + UART_IER);	/* IRQ 4 on received data */
}

void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb((u8)c, COM1 + UART_TX);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		serial_putc(s[i]);
}

int serial_getc(void)
{
	int key = console_fallback_getc(); /* the keyboard's bytes, while tty_io.c has no queue */
	if (key >= 0)
		return key;
	if (early_byte >= 0) {
		int c = early_byte;
		early_byte = -1;
		return c;
	}
	u8 lsr = inb(COM1 + UART_LSR);
	if (lsr & UART_LSR_DR) {
		u8 c = inb(COM1 + UART_RX);
		if ((lsr & UART_LSR_BI) && c == 0)
			return SERIAL_EOF; /* a break character */
		return c;
	}
	return (lsr & UART_LSR_BI) ? SERIAL_EOF : -1;
}

/* IRQ 4, and readers that look before sleeping: everything the UART holds goes to the tty. */
void serial_irq(void)
{
	int c;
	while ((c = serial_getc()) >= 0)
		tty_insert_flip_char((unsigned char)c);
	if (c == SERIAL_EOF && !console_tty.eof)
		tty_insert_eof();
}
