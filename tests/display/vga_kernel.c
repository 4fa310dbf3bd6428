/* vga_kernel.c - a Multiboot test kernel that draws a known screen for tests/display: it fills
 * text memory at 0xB8000 with every character and every attribute, moves the CRTC start
 * address and the cursor, and halts. The test (render_check.py) knows the same rules and
 * computes the expected picture from them, the PSF fonts and the VGA's documented behaviour.
 *
 * Command-line words: "noblink" clears the attribute controller's blink bit (bright
 * backgrounds); "spin=N" busy-waits N loop iterations before halting, so that virtual time
 * moves into the blink phase that hides blinking characters. */
#include <stdint.h>

#define TEXT ((volatile uint16_t *)0xb8000)
#define START_ADDRESS 80	/* the screen starts one row into text memory */
#define CURSOR 1000		/* screen cell of the cursor: row 12, column 40 */

static inline void outb(uint8_t v, uint16_t port) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void crtc(uint8_t index, uint8_t value)
{
	outb(index, 0x3d4);
	outb(value, 0x3d5);
}

/* Does the command line contain `word` (at the start of a word)? Returns what follows it. */
static const char *find_word(const char *cmdline, const char *word)
{
	for (const char *p = cmdline; *p; p++) {
		if (p != cmdline && p[-1] != ' ')
			continue;
		const char *a = p, *b = word;
		while (*b && *a == *b)
			a++, b++;
		if (!*b)
			return a;
	}
	return 0;
}

void kmain(const uint32_t *mbi)
{
	const char *cmdline = (mbi[0] & 4) ? (const char *)(uintptr_t)mbi[4] : "";
	for (unsigned i = 0; i < 2080; i++) {	/* text memory cells 0..2079 */
		uint8_t ch = (uint8_t)(i * 7);
		uint8_t attr = (uint8_t)(i * 13 + i / 80);
		TEXT[i] = (uint16_t)(attr << 8 | ch);
	}
	crtc(0x0c, START_ADDRESS >> 8);
	crtc(0x0d, START_ADDRESS & 0xff);
	crtc(0x0a, 3);			/* cursor on scan lines 3..9 */
	crtc(0x0b, 9);
	crtc(0x0e, (START_ADDRESS + CURSOR) >> 8);
	crtc(0x0f, (START_ADDRESS + CURSOR) & 0xff);
	if (find_word(cmdline, "noblink")) {
		(void)inb(0x3da);	/* reset the attribute controller's flip-flop */
		outb(0x10 | 0x20, 0x3c0);	/* mode control, palette address source on */
		outb(0x04, 0x3c0);	/* line graphics on, blink off */
	}
	const char *spin = find_word(cmdline, "spin=");
	if (spin) {
		uint32_t n = 0;
		while (*spin >= '0' && *spin <= '9')
			n = n * 10 + (uint32_t)(*spin++ - '0');
		for (volatile uint32_t k = 0; k < n; k++)
			;
	}
}
