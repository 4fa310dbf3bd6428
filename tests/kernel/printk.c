/* printk.c - the serial console, a small printf, and how the test ends. */
#include "kernel.h"

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

unsigned failed_checks;

/* startup_32 has programmed the UART; poll LSR.THRE so that a plain 16550 works too. */
void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1 + UART_THR, (uint8_t)c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		serial_putc(s[i]);
}

struct spec {
	bool zero_pad, alt;
	int width;
	int longs;
};

static void put_unsigned(uint64_t v, unsigned base, struct spec sp)
{
	char buf[24];
	int n = 0;
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	int pad = sp.width - n - (sp.alt ? 2 : 0);
	for (; !sp.zero_pad && pad > 0; pad--)
		serial_putc(' ');
	if (sp.alt)
		console_write("0x", 2);
	for (; pad > 0; pad--)
		serial_putc('0');
	while (n)
		serial_putc(buf[--n]);
}

static uint64_t next_unsigned(va_list *ap, int longs)
{
	return longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);
}

static int64_t next_signed(va_list *ap, int longs)
{
	return longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

/* Supports %[#][0][width][l|ll|z]{d,u,x,s,c,p} and %%; that is all the kernel prints. */
static void vprintk(const char *fmt, va_list *ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			serial_putc(*fmt);
			continue;
		}
		struct spec sp = {0};
		fmt++;
		for (;; fmt++) {
			if (*fmt == '#')
				sp.alt = true;
			else if (*fmt == '0')
				sp.zero_pad = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			sp.longs++, fmt++;
		switch (*fmt) {
		case 'd': {
			int64_t v = next_signed(ap, sp.longs);
			if (v < 0) {
				serial_putc('-');
				v = -v;
			}
			put_unsigned((uint64_t)v, 10, sp);
			break;
		}
		case 'u':
			put_unsigned(next_unsigned(ap, sp.longs), 10, sp);
			break;
		case 'x':
			put_unsigned(next_unsigned(ap, sp.longs), 16, sp);
			break;
		case 'p':
			sp.alt = true;
			put_unsigned((uint64_t)va_arg(*ap, void *), 16, sp);
			break;
		case 's': {
			const char *s = va_arg(*ap, const char *);
			console_write(s, strlen(s));
			break;
		}
		case 'c':
			serial_putc((char)va_arg(*ap, int));
			break;
		case '%':
			serial_putc('%');
			break;
		default:
			panic("printk: bad format");
		}
	}
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, &ap);
	va_end(ap);
}

/* check - a self-check; the transcript shows only failures, and any failure fails the run. */
void check(bool ok, const char *what)
{
	if (ok)
		return;
	failed_checks++;
	printk("FAIL: %s\n", what);
}

/* machine_exit - isa-debug-exit: QEMU exits with status (value << 1) | 1. */
void machine_exit(uint32_t value)
{
	outl(DEBUG_EXIT_PORT, value);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void panic(const char *why)
{
	printk("PANIC: %s\n", why);
	machine_exit(DEBUG_EXIT_FAIL);
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}
