/* setup.c - what the Multiboot loader handed over: the memory map, the command line and the
 * initramfs (module 0). Everything is copied into boot_params before memory is handed out, so
 * the loader's structures may then be reused. */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/page.h>

struct boot_params boot_params;

/* Until paging_init(), physical 0..1 GiB is also mapped at __START_KERNEL_map. */
#define EARLY_PHYS_LIMIT 0x40000000UL

static const void *early_phys(u64 pa, u64 len)
{
	if (pa >= EARLY_PHYS_LIMIT || len > EARLY_PHYS_LIMIT - pa)
		return NULL;
	return (const void *)(pa + __START_KERNEL_map);
}

static void copy_cmdline(const struct multiboot_info *mbi)
{
	const char *s;
	if (!(mbi->flags & MULTIBOOT_INFO_CMDLINE) || !(s = early_phys(mbi->cmdline, 1)))
		return;
	size_t n = 0;
	while (n + 1 < sizeof(boot_params.cmdline) && (u64)mbi->cmdline + n < EARLY_PHYS_LIMIT &&
	       s[n])
		n++;
	memcpy(boot_params.cmdline, s, n);
	boot_params.cmdline[n] = 0;
}

static void copy_memory_map(const struct multiboot_info *mbi)
{
	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP)) {
		/* Only the sizes: RAM below 640 KiB and from 1 MiB up. */
		if (!(mbi->flags & MULTIBOOT_INFO_MEMORY))
			panic("the boot loader gave no memory map");
		boot_params.e820_table[0] = (struct e820_entry){0, (u64)mbi->mem_lower << 10, 1};
		boot_params.e820_table[1] = (struct e820_entry){0x100000, (u64)mbi->mem_upper << 10, 1};
		boot_params.e820_entries = 2;
		return;
	}
	const u8 *p = early_phys(mbi->mmap_addr, mbi->mmap_length);
	if (!p)
		panic("the memory map is out of reach");
	const u8 *end = p + mbi->mmap_length;
	while (p + sizeof(struct multiboot_mmap_entry) <= end &&
	       boot_params.e820_entries < E820_MAX_ENTRIES) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		boot_params.e820_table[boot_params.e820_entries++] =
			(struct e820_entry){e->addr, e->len, e->type};
		p += e->size + sizeof(e->size);
	}
}

static void find_initrd(const struct multiboot_info *mbi)
{
	if (!(mbi->flags & MULTIBOOT_INFO_MODS) || mbi->mods_count == 0)
		return;
	const struct multiboot_mod_list *mod = early_phys(mbi->mods_addr, sizeof(*mod));
	if (!mod || mod->mod_end < mod->mod_start)
		return;
	boot_params.initrd_start = mod->mod_start;
	boot_params.initrd_size = mod->mod_end - mod->mod_start;
	boot_params.have_initrd = true;
}

/* Called first thing, before printk may be used: the command line decides about `quiet`. */
void setup_arch(void)
{
	const struct multiboot_info *mbi = early_phys(boot_mbi_phys, sizeof(*mbi));
	if (!mbi)
		panic("the Multiboot information is out of reach");
	copy_cmdline(mbi);
	copy_memory_map(mbi);
	find_initrd(mbi);
}

void print_memory_map(void)
{
	for (unsigned int i = 0; i < boot_params.e820_entries; i++) {
		const struct e820_entry *e = &boot_params.e820_table[i];
		pr_info("BIOS-e820: [mem %#018lx-%#018lx] %s\n", (unsigned long)e->addr,
			(unsigned long)(e->addr + e->size - 1),
			e->type == E820_TYPE_RAM ? "usable" : "reserved");
	}
}
