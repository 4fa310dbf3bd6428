/* setup.c - start_kernel(): report the boot state, set up descriptors, MSRs and user pages,
 * run the kernel-mode tests, and drop to ring 3. */
#include "kernel.h"

/* Multiboot 1 information structure (specification, section 3.3). */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
};

struct multiboot_mmap_entry {
	uint32_t size; /* of the rest of the entry */
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

struct multiboot_mod_list {
	uint32_t mod_start, mod_end;
	uint32_t cmdline;
	uint32_t pad;
};

#define MULTIBOOT_INFO_MEMORY  0x001
#define MULTIBOOT_INFO_CMDLINE 0x004
#define MULTIBOOT_INFO_MODS    0x008
#define MULTIBOOT_INFO_MEM_MAP 0x040

static void show_control_registers(void)
{
	uint64_t efer = rdmsr(MSR_EFER);
	printk("long mode: CR0=%#lx CR3=%#lx CR4=%#lx EFER=%#lx\n", read_cr0(), read_cr3(),
	       read_cr4(), efer);
	check((efer & EFER_LMA) != 0, "EFER.LMA is set once paging is on");
}

/* A string the loader placed: printed up to a bound, since the info is untrusted. */
static void print_guest_string(const char *s)
{
	for (int i = 0; i < 256 && s[i]; i++)
		serial_putc(s[i]);
}

static void show_modules(const struct multiboot_info *mbi)
{
	const struct multiboot_mod_list *mod = (const void *)(uint64_t)mbi->mods_addr;
	printk("multiboot: mods_count=%u\n", mbi->mods_count);
	for (uint32_t i = 0; i < mbi->mods_count && i < 4; i++) {
		const char *data = (const char *)(uint64_t)mod[i].mod_start;
		uint32_t size = mod[i].mod_end - mod[i].mod_start;
		printk("multiboot: module %u cmdline \"", i);
		print_guest_string((const char *)(uint64_t)mod[i].cmdline);
		printk("\" size=%u page-aligned=%s first line \"", size,
		       mod[i].mod_start % 4096 ? "no" : "yes");
		for (uint32_t j = 0; j < size && j < 64 && data[j] != '\n'; j++)
			serial_putc(data[j]);
		printk("\"\n");
	}
}

/* Print what the loader handed over; loader-chosen addresses (ebx, module placement) are left
 * out so that the transcript is the same under any correct loader. */
static void show_multiboot(uint32_t magic, uint32_t mbi_addr)
{
	const struct multiboot_info *mbi = (const void *)(uint64_t)mbi_addr;
	check(magic == MULTIBOOT_BOOTLOADER_MAGIC, "multiboot magic");
	printk("multiboot: magic=%#x flags: mem=%u cmdline=%u mods=%u mmap=%u\n", magic,
	       !!(mbi->flags & MULTIBOOT_INFO_MEMORY), !!(mbi->flags & MULTIBOOT_INFO_CMDLINE),
	       !!(mbi->flags & MULTIBOOT_INFO_MODS), !!(mbi->flags & MULTIBOOT_INFO_MEM_MAP));
	if (mbi->flags & MULTIBOOT_INFO_MEMORY)
		printk("multiboot: mem_lower=%u KiB mem_upper=%u KiB\n", mbi->mem_lower,
		       mbi->mem_upper);
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE) {
		printk("multiboot: cmdline \"");
		print_guest_string((const char *)(uint64_t)mbi->cmdline);
		printk("\"\n");
	}
	if (mbi->flags & MULTIBOOT_INFO_MODS)
		show_modules(mbi);
	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP))
		return;
	uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
	for (int n = 0; p < end && n < 32; n++) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		printk("multiboot: mmap %#018lx-%#018lx type %u\n", e->addr, e->addr + e->len - 1,
		       e->type);
		p += e->size + sizeof(e->size);
	}
}

/* The TSS descriptor is 16 bytes in long mode (SDM vol. 3, 8.2.3). */
static void cpu_init_tss(void)
{
	uint64_t base = (uint64_t)&cpu_tss, limit = sizeof(cpu_tss) - 1;
	cpu_tss.sp0 = (uint64_t)entry_stack_top;
	cpu_tss.ist[0] = (uint64_t)df_stack_top; /* IST1 */
	cpu_tss.io_bitmap_base = sizeof(cpu_tss); /* past the limit: no I/O bitmap */
	gdt_page[GDT_ENTRY_TSS] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
				  (0x89ull << 40) | /* present, DPL 0, available 64-bit TSS */
				  ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	gdt_page[GDT_ENTRY_TSS + 1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"(__TSS));
}

/* One 16-byte gate (SDM vol. 3, 6.14.1). */
static void set_gate(unsigned vector, unsigned type, unsigned dpl, unsigned ist)
{
	uint64_t handler = (uint64_t)idt_stubs + 16 * vector;
	uint64_t *gate = (uint64_t *)(idt_table + 16 * vector);
	gate[0] = (handler & 0xffff) | ((uint64_t)__KERNEL_CS << 16) | ((uint64_t)ist << 32) |
		  ((uint64_t)(0x80 | dpl << 5 | type) << 40) | ((handler >> 16 & 0xffff) << 48);
	gate[1] = handler >> 32;
}

#define GATE_INTERRUPT 0xe
#define GATE_TRAP      0xf

static void idt_setup(void)
{
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, GATE_INTERRUPT, 0, 0);
	set_gate(X86_TRAP_BP, GATE_INTERRUPT, 3, 0); /* int3 from user mode, as in Linux */
	set_gate(X86_TRAP_DF, GATE_INTERRUPT, 0, 1); /* #DF on IST1 */
	set_gate(IA32_SYSCALL_VECTOR, GATE_TRAP, 3, 0); /* a trap gate: IF stays on */
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = {
		256 * 16 - 1, (uint64_t)idt_table};
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

static void show_descriptor_tables(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } gdtr, idtr;
	uint16_t tr;
	__asm__ volatile("sgdt %0; sidt %1; str %2" : "=m"(gdtr), "=m"(idtr), "=r"(tr));
	printk("gdt: base=%#lx limit=%#x  idt: base=%#lx limit=%#x  tr=%#x\n", gdtr.base,
	       gdtr.limit, idtr.base, idtr.limit, tr);
	printk("tss: rsp0=%#lx ist1=%#lx io_bitmap_base=%#x\n", cpu_tss.sp0, cpu_tss.ist[0],
	       cpu_tss.io_bitmap_base);
}

/* Write an MSR, read it back, print it, and check the value stuck. */
static void wrmsr_checked(const char *name, uint32_t msr, uint64_t v)
{
	wrmsr(msr, v);
	uint64_t back = rdmsr(msr);
	printk("msr: %s=%#018lx\n", name, back);
	check(back == v, name);
}

/* As in Linux's syscall_init(): STAR holds the kernel CS and the base of the user selectors. */
static void syscall_init(void)
{
	wrmsr_checked("STAR", MSR_STAR, (uint64_t)__USER32_CS << 48 | (uint64_t)__KERNEL_CS << 32);
	wrmsr_checked("LSTAR", MSR_LSTAR, (uint64_t)entry_SYSCALL_64);
	wrmsr_checked("CSTAR", MSR_CSTAR, (uint64_t)entry_SYSCALL_compat);
	wrmsr_checked("SYSENTER_CS", MSR_IA32_SYSENTER_CS, __KERNEL_CS);
	wrmsr_checked("SYSENTER_ESP", MSR_IA32_SYSENTER_ESP, (uint64_t)entry_stack_top);
	wrmsr_checked("SYSENTER_EIP", MSR_IA32_SYSENTER_EIP, (uint64_t)entry_SYSENTER_compat);
	wrmsr_checked("SYSCALL_MASK", MSR_SYSCALL_MASK, SYSCALL_MASK_VALUE);
}

/* Segment bases live in MSRs in 64-bit mode; FS is checked through an access. */
static void segment_bases_init(void)
{
	pcpu.top_of_stack = (uint64_t)entry_stack_top;
	wrmsr_checked("GS_BASE", MSR_GS_BASE, (uint64_t)&pcpu);
	wrmsr_checked("KERNEL_GS_BASE", MSR_KERNEL_GS_BASE, 0);
	wrmsr_checked("FS_BASE", MSR_FS_BASE, USER_DATA);
	uint64_t via_fs, via_gs;
	__asm__ volatile("movq %%fs:0x800, %0; movq %%gs:%c2, %1"
			 : "=r"(via_fs), "=r"(via_gs) : "i"(PCPU_TOP_OF_STACK));
	printk("segments: %%fs:0x800=%#lx %%gs:top_of_stack=%#lx\n", via_fs, via_gs);
	check(via_gs == (uint64_t)entry_stack_top, "GS base reaches pcpu");
	wrmsr_checked("FS_BASE", MSR_FS_BASE, USER_TLS);
}

static void show_reset_msrs(void)
{
	printk("msr: EFER=%#018lx PAT=%#018lx APIC_BASE=%#018lx\n", rdmsr(MSR_EFER),
	       rdmsr(MSR_IA32_CR_PAT), rdmsr(MSR_IA32_APICBASE));
}

/* The 8259A pair: vectors 0x20-0x2f, everything masked. */
void init_8259A(uint8_t master_mask)
{
	outb(0x20, 0x11); /* ICW1: edge, cascade, ICW4 follows */
	outb(0xa0, 0x11);
	outb(0x21, 0x20); /* ICW2: vector base */
	outb(0xa1, 0x28);
	outb(0x21, 0x04); /* ICW3: slave on IRQ2 */
	outb(0xa1, 0x02);
	outb(0x21, 0x01); /* ICW4: 8086 mode */
	outb(0xa1, 0x01);
	outb(0x21, master_mask);
	outb(0xa1, 0xff);
}

/* The user half: PDPT[1] -> level2_user_pgt -> level1_user_pgt (4 KiB pages). */
uint64_t *user_pte(uint64_t va)
{
	return &level1_user_pgt[(va - USER_BASE) >> 12];
}

static void setup_user_pages(void)
{
	uint64_t lma = (uint64_t)__user_lma;
	level3_ident_pgt[1] = (uint64_t)level2_user_pgt | _PAGE_TABLE;
	level2_user_pgt[0] = (uint64_t)level1_user_pgt | _PAGE_TABLE;
	*user_pte(USER_TEXT) = (lma + 0x0000) | _PAGE_PRESENT | _PAGE_USER;
	*user_pte(USER_DATA) = (lma + 0x1000) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_NX;
	*user_pte(USER_RODATA) = (lma + 0x2000) | _PAGE_PRESENT | _PAGE_USER | _PAGE_NX;
	for (int i = 0; i < 2; i++)
		*user_pte(USER_STACK_LOW + 0x1000 * i) =
			(uint64_t)(user_stack_frames + 0x1000 * i) | _PAGE_PRESENT | _PAGE_RW |
			_PAGE_USER | _PAGE_NX;
	*user_pte(USER_KERNEL_ONLY) = (uint64_t)kernel_only_frame | _PAGE_PRESENT | _PAGE_RW;
	write_cr3(read_cr3()); /* flush */
	printk("paging: user pages at %#x-%#x (4 KiB), kernel identity 0-1 GiB (2 MiB)\n",
	       USER_BASE, USER_KERNEL_ONLY + 0xfff);
}

static void kernel_fault_tests(void)
{
	printk("test: supervisor write to a read-only user page with CR0.WP=1\n");
	uint8_t before = wp_test();
	check(before == 'h', "wp_test read the first byte of the user rodata");
	printk("test: push to an unmapped stack -> #PF -> #PF while delivering it -> #DF\n");
	df_test_armed = true;
	df_test();
	check(!df_test_armed, "the #DF handler ran");
	write_cr2(0); /* the #DF test leaves an implementation-chosen CR2 */
}

void start_kernel(uint32_t magic, uint32_t mbi)
{
	show_control_registers();
	show_multiboot(magic, mbi);
	cpu_init_tss();
	idt_setup();
	show_descriptor_tables();
	syscall_init();
	init_8259A(0xff);
	setup_user_pages();
	segment_bases_init();
	show_reset_msrs();
	kernel_fault_tests();
	write_cr0(read_cr0() | X86_CR0_TS); /* the user's first SSE instruction takes #NM */
	printk("user: iretq to %#lx (cs=%#x) rsp=%#x rflags=%#x\n", (uint64_t)user_start,
	       __USER_CS, USER_STACK_TOP, USER_ENTRY_RFLAGS);
	enter_user((uint64_t)user_start, USER_STACK_TOP);
}
