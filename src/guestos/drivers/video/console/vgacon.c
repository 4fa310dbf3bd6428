/* vgacon.c - the VGA text console: 80x25 cells of (character, attribute) at physical 0xB8000,
 * the hardware cursor moved through the CRTC (ports 0x3D4/0x3D5, registers 0x0A/0x0B shape and
 * 0x0E/0x0F location). It understands \n (as \r\n: console output is not cooked), \r, \b, \t
 * and the ANSI escapes a shell's line editor sends: SGR colours (ESC [ ... m), cursor moves
 * (A B C D H f), erase in display and line (J K). Bytes 0x80-0xFF show as their CP437 glyphs.
 * Like Linux's vgacon it never reads the screen back, so it costs a few stores per byte. */
#include <linux/console.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/io.h>
#include <asm/page.h>

#define VGA_TEXT_PHYS	0xb8000
#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_CRT_IC	0x3d4	/* CRTC index (colour addressing) */
#define VGA_CRT_DC	0x3d5	/* CRTC data */
#define VGA_CRTC_CURSOR_START	0x0a
#define VGA_CRTC_CURSOR_END	0x0b
#define VGA_CRTC_CURSOR_HI	0x0e
#define VGA_CRTC_CURSOR_LO	0x0f
#define DEFAULT_ATTR	0x07	/* light grey on black */
#define MAX_PARAMS	8

enum vc_state { ESnormal, ESesc, ESsquare };

struct vc_data {
	u16 *screen;		/* the text buffer, through the kernel's map of low memory */
	unsigned int x, y;	/* the cursor */
	u8 attr;		/* attribute for new characters */
	u8 fg, bg;		/* VGA colours 0-15 from SGR */
	bool bold, reverse, blink;
	enum vc_state state;
	unsigned int par[MAX_PARAMS], npar;
	bool ready;
};

static struct vc_data vc;

/* ANSI colour numbers (red = 1, green = 2, ...) as VGA colours (blue = 1, green = 2, red = 4). */
static const u8 ansi_to_vga[8] = {0, 4, 2, 6, 1, 5, 3, 7};

static void crtc_write(u8 reg, u8 val)
{
	outb(reg, VGA_CRT_IC);
	outb(val, VGA_CRT_DC);
}

static void set_cursor(void)
{
	/* A line filled to the last column shows the cursor on that column until the wrap. */
	u16 pos = (u16)(vc.y * VGA_COLS + min(vc.x, (unsigned int)VGA_COLS - 1));
	crtc_write(VGA_CRTC_CURSOR_HI, (u8)(pos >> 8));
	crtc_write(VGA_CRTC_CURSOR_LO, (u8)pos);
}

static u16 blank(void)
{
	return (u16)(vc.attr << 8 | ' ');
}

static void clear_cells(unsigned int from, unsigned int to)
{
	if (from < to)
		memset16(vc.screen + from, blank(), to - from);
}

static void update_attr(void)
{
	u8 fg = vc.fg | (vc.bold ? 8 : 0), bg = vc.bg;
	vc.attr = vc.reverse ? (u8)(fg << 4 | bg) : (u8)(bg << 4 | fg);
	if (vc.blink)
		vc.attr |= 0x80;	/* blinks while the attribute controller has blink on */
}

static void vgacon_init(void)
{
	vc.screen = (u16 *)(__START_KERNEL_map + VGA_TEXT_PHYS);
	vc.fg = DEFAULT_ATTR;
	update_attr();
	clear_cells(0, VGA_COLS * VGA_ROWS);
	crtc_write(VGA_CRTC_CURSOR_START, 14);	/* an underline cursor: scan lines 14-15 */
	crtc_write(VGA_CRTC_CURSOR_END, 15);
	vc.ready = true;
}

static void scroll_up(void)
{
	memmove(vc.screen, vc.screen + VGA_COLS, (VGA_ROWS - 1) * VGA_COLS * sizeof(u16));
	clear_cells((VGA_ROWS - 1) * VGA_COLS, VGA_ROWS * VGA_COLS);
}

static void line_feed(void)
{
	if (++vc.y == VGA_ROWS) {
		scroll_up();
		vc.y = VGA_ROWS - 1;
	}
}

static void put_glyph(u8 c)
{
	if (vc.x == VGA_COLS) {		/* wrap only when the next character comes */
		vc.x = 0;
		line_feed();
	}
	vc.screen[vc.y * VGA_COLS + vc.x++] = (u16)(vc.attr << 8 | c);
}

/* Select Graphic Rendition: 0 reset, 1 bold, 5 blink, 7 reverse, 30-37/90-97 and 40-47/100-107
 * colours. */
static void csi_m(void)
{
	for (unsigned int i = 0; i < vc.npar; i++) {
		unsigned int p = vc.par[i];
		if (p == 0) {
			vc.fg = DEFAULT_ATTR, vc.bg = 0, vc.bold = vc.reverse = vc.blink = false;
		} else if (p == 1) {
			vc.bold = true;
		} else if (p == 22) {
			vc.bold = false;
		} else if (p == 5) {
			vc.blink = true;
		} else if (p == 25) {
			vc.blink = false;
		} else if (p == 7) {
			vc.reverse = true;
		} else if (p == 27) {
			vc.reverse = false;
		} else if (p >= 30 && p <= 37) {
			vc.fg = ansi_to_vga[p - 30];
		} else if (p == 39) {
			vc.fg = DEFAULT_ATTR;
		} else if (p >= 40 && p <= 47) {
			vc.bg = ansi_to_vga[p - 40];
		} else if (p == 49) {
			vc.bg = 0;
		} else if (p >= 90 && p <= 97) {
			vc.fg = ansi_to_vga[p - 90] | 8;
		} else if (p >= 100 && p <= 107) {
			vc.bg = ansi_to_vga[p - 100] | 8;
		}
	}
	update_attr();
}

static unsigned int par_or_1(unsigned int i)
{
	return i < vc.npar && vc.par[i] ? vc.par[i] : 1;
}

/* The final byte of a control sequence ESC [ params final. */
static void do_csi(char c)
{
	unsigned int here = vc.y * VGA_COLS + vc.x, n = par_or_1(0);
	unsigned int mode = vc.npar ? vc.par[0] : 0;
	switch (c) {
	case 'm':
		if (!vc.npar)
			vc.par[vc.npar++] = 0;
		csi_m();
		break;
	case 'A': vc.y = n > vc.y ? 0 : vc.y - n; break;
	case 'B': vc.y = vc.y + n >= VGA_ROWS ? VGA_ROWS - 1 : vc.y + n; break;
	case 'C': vc.x = vc.x + n >= VGA_COLS ? VGA_COLS - 1 : vc.x + n; break;
	case 'D': vc.x = n > vc.x ? 0 : vc.x - n; break;
	case 'H':
	case 'f':
		vc.y = min(par_or_1(0), (unsigned int)VGA_ROWS) - 1;
		vc.x = min(par_or_1(1), (unsigned int)VGA_COLS) - 1;
		break;
	case 'J':	/* 0: to the end, 1: from the start, 2: all */
		if (here == VGA_COLS * VGA_ROWS)
			here--;
		clear_cells(mode == 0 ? here : 0, mode == 1 ? here + 1 : VGA_COLS * VGA_ROWS);
		break;
	case 'K': {
		unsigned int line = vc.y * VGA_COLS;
		unsigned int x = vc.x == VGA_COLS ? VGA_COLS - 1 : vc.x;
		clear_cells(mode == 0 ? line + x : line, mode == 1 ? line + x + 1 : line + VGA_COLS);
		break;
	}
	default:
		break;	/* anything else: ignored, as an unknown sequence is on Linux */
	}
}

static void vgacon_putc(char ch)
{
	u8 c = (u8)ch;
	switch (vc.state) {
	case ESesc:
		vc.state = c == '[' ? ESsquare : ESnormal;
		vc.npar = 0;
		vc.par[0] = 0;
		return;
	case ESsquare:
		if (c >= '0' && c <= '9') {
			if (!vc.npar)
				vc.npar = 1;
			vc.par[vc.npar - 1] = vc.par[vc.npar - 1] * 10 + (c - '0');
		} else if (c == ';') {
			if (!vc.npar)
				vc.npar = 1;
			if (vc.npar < MAX_PARAMS)
				vc.par[vc.npar++] = 0;
		} else if (c != '?') {
			vc.state = ESnormal;
			do_csi((char)c);
		}
		return;
	case ESnormal:
		break;
	}
	switch (c) {
	case '\033': vc.state = ESesc; break;
	case '\n': vc.x = 0; line_feed(); break;
	case '\r': vc.x = 0; break;
	case '\b': if (vc.x) vc.x--; break;
	case '\t':
		while (vc.x < VGA_COLS - 1 && (++vc.x & 7))
			;
		break;
	case '\a': case '\0': break;
	default:
		if (c >= 0x20 && c != 0x7f)
			put_glyph(c);
		break;
	}
}

void vgacon_write(const char *s, size_t n)
{
	if (!vc.ready)
		vgacon_init();
	for (size_t i = 0; i < n; i++)
		vgacon_putc(s[i]);
	set_cursor();
}
