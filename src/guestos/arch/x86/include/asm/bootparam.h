/* asm/bootparam.h - what the Multiboot 1 loader hands over (Multiboot specification 0.6.96,
 * section 3.3), and the constants head_32.S shares with C. */
#ifndef _ASM_X86_BOOTPARAM_H
#define _ASM_X86_BOOTPARAM_H

#define MULTIBOOT_HEADER_MAGIC     0x1BADB002
/* Page-aligned modules, memory information, and the a.out kludge (bit 16): the header gives the
 * load addresses, so loaders take the file as a flat image and the kernel can stay an ELF64 file
 * that gdb reads with all its symbols (QEMU refuses ELF64 images that lack this bit). */
#define MULTIBOOT_HEADER_FLAGS     0x00010003
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define MULTIBOOT_INFO_MEMORY  0x001
#define MULTIBOOT_INFO_CMDLINE 0x004
#define MULTIBOOT_INFO_MODS    0x008
#define MULTIBOOT_INFO_MEM_MAP 0x040

#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0xf4 /* QEMU's isa-debug-exit, and lstar's */

#ifndef __ASSEMBLER__
#include <linux/types.h>

struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
};

struct multiboot_mmap_entry {
	u32 size; /* of the rest of the entry */
	u64 addr, len;
	u32 type; /* 1: usable RAM */
} __attribute__((packed));

struct multiboot_mod_list {
	u32 mod_start, mod_end;
	u32 cmdline;
	u32 pad;
};

/* arch/x86/kernel/setup.c: the loader's information, copied before anything is allocated. */
#define E820_MAX_ENTRIES 32
#define E820_TYPE_RAM 1
struct e820_entry {
	u64 addr, size;
	u32 type;
};
struct boot_params {
	char cmdline[4096];
	struct e820_entry e820_table[E820_MAX_ENTRIES];
	unsigned int e820_entries;
	u64 initrd_start, initrd_size; /* physical; Multiboot module 0 */
	bool have_initrd;
};
extern struct boot_params boot_params;
extern u32 boot_mbi_phys; /* head_32.S */
#endif

#endif
