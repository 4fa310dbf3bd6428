/* common.c - per-CPU setup: the GDT and TSS, control-register features, the per-CPU area and
 * the system call MSRs (syscall_init). */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/smap.h>
#include <asm/traps.h>

/* Flat descriptors (SDM vol. 3, 3.4.5); accessed bits preset so the CPU never writes them. */
#define GDT_ENTRY(flags, base, limit)						\
	((((base) & 0xff000000ULL) << 32) | (((base) & 0x00ffffffULL) << 16) |	\
	 (((limit) & 0x000f0000ULL) << 32) | ((limit) & 0x0000ffffULL) |	\
	 ((u64)(flags) << 40))

/* Loaded by head_32.S (at its physical address) and again by cpu_init(). */
u64 gdt_page[GDT_ENTRIES] __aligned(PAGE_SIZE) = {
	[GDT_ENTRY_KERNEL32_CS] = GDT_ENTRY(0xc09b, 0, 0xfffff),
	[GDT_ENTRY_KERNEL_CS] = GDT_ENTRY(0xa09b, 0, 0xfffff),        /* L=1 */
	[GDT_ENTRY_KERNEL_DS] = GDT_ENTRY(0xc093, 0, 0xfffff),
	[GDT_ENTRY_DEFAULT_USER32_CS] = GDT_ENTRY(0xc0fb, 0, 0xfffff), /* DPL 3, D=1 */
	[GDT_ENTRY_DEFAULT_USER_DS] = GDT_ENTRY(0xc0f3, 0, 0xfffff),
	[GDT_ENTRY_DEFAULT_USER_CS] = GDT_ENTRY(0xa0fb, 0, 0xfffff),   /* DPL 3, L=1 */
};

struct x86_hw_tss cpu_tss __aligned(64);
struct pcpu cpu_pcpu;
struct cpuinfo_x86 boot_cpu_data;

/* #DF and NMI run on stacks of their own (IST), so that they work on a broken kernel stack. */
#define EXCEPTION_STKSZ 8192
static char df_stack[EXCEPTION_STKSZ] __aligned(16);
static char nmi_stack[EXCEPTION_STKSZ] __aligned(16);
/* The stack SYSENTER lands on before it switches to the task's (entry_64_compat.S). */
static char entry_stack[512] __aligned(16);

extern u8 __smap_sites_start[], __smap_sites_end[];

void apply_smap_alternatives(bool have_smap)
{
	static const u8 nop3[3] = {0x0f, 0x1f, 0x00};
	if (have_smap)
		return;
	for (u64 *site = (u64 *)__smap_sites_start; site < (u64 *)__smap_sites_end; site++)
		memcpy((void *)*site, nop3, sizeof(nop3)); /* STAC and CLAC are 3 bytes */
}

static void identify_cpu(struct cpuinfo_x86 *c)
{
	u32 a, b, cx, d, max;
	cpuid_count(0, 0, &max, &b, &cx, &d);
	cpuid_count(1, 0, &a, &b, &cx, &d);
	c->family_model = a;
	c->hwcap = d;
	if (max >= 7) {
		cpuid_count(7, 0, &a, &b, &cx, &d);
		c->smep = b & (1u << 7);
		c->smap = b & (1u << 20);
	}
}

void load_sp0(unsigned long sp0)
{
	cpu_tss.sp0 = sp0;
	cpu_pcpu.cpu_current_top_of_stack = sp0;
}

/* The TSS descriptor takes two GDT slots in long mode (SDM vol. 3, 8.2.3). */
static void set_tss_desc(void)
{
	u64 base = (u64)&cpu_tss, limit = sizeof(cpu_tss) - 1;
	gdt_page[GDT_ENTRY_TSS] = GDT_ENTRY(0x89, base, limit); /* present, 64-bit TSS, available */
	gdt_page[GDT_ENTRY_TSS + 1] = base >> 32;
}

/*
 * syscall_init - where SYSCALL, SYSRET and SYSENTER go (SDM vol. 3, 5.8.8).
 * STAR[47:32] is the kernel CS for SYSCALL (SS is that + 8); STAR[63:48] is the base SYSRET
 * adds to: +16 for the 64-bit CS, +8 for SS, +0 for the 32-bit CS. With __USER32_CS there, the
 * GDT order __USER32_CS, __USER_DS, __USER_CS makes both work.
 */
void syscall_init(void)
{
	wrmsrl(MSR_STAR, (u64)__USER32_CS << 48 | (u64)__KERNEL_CS << 32);
	wrmsrl(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsrl(MSR_CSTAR, (u64)entry_SYSCALL_compat);
	wrmsrl(MSR_IA32_SYSENTER_CS, __KERNEL_CS);
	wrmsrl(MSR_IA32_SYSENTER_ESP, (u64)(entry_stack + sizeof(entry_stack)));
	wrmsrl(MSR_IA32_SYSENTER_EIP, (u64)entry_SYSENTER_compat);
	/* Flags to clear on entry: no single-step, string ops forward, interrupts off, no I/O
	 * privilege, AC off so SMAP protects the kernel, no nested task. */
	wrmsrl(MSR_SYSCALL_MASK, X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_IF |
				 X86_EFLAGS_IOPL | X86_EFLAGS_AC | X86_EFLAGS_NT);
}

void cpu_init(void)
{
	identify_cpu(&boot_cpu_data);

	struct __packed { u16 limit; u64 base; } gdtr = {sizeof(gdt_page) - 1, (u64)gdt_page};
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	set_tss_desc();
	cpu_tss.ist[IST_INDEX_DF] = (u64)(df_stack + EXCEPTION_STKSZ);
	cpu_tss.ist[IST_INDEX_NMI] = (u64)(nmi_stack + EXCEPTION_STKSZ);
	cpu_tss.io_bitmap_base = sizeof(cpu_tss); /* no I/O bitmap: IN/OUT fault in ring 3 */
	__asm__ volatile("ltr %w0" : : "r"(__TSS));
	idt_setup();

	/* The FPU and SSE for user programs; WP so the kernel honours read-only pages too. */
	write_cr0(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | X86_CR0_MP | X86_CR0_PE);
	unsigned long cr4 = X86_CR4_PAE | X86_CR4_PGE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (boot_cpu_data.smep)
		cr4 |= X86_CR4_SMEP;
	if (boot_cpu_data.smap)
		cr4 |= X86_CR4_SMAP;
	apply_smap_alternatives(boot_cpu_data.smap);
	write_cr4(cr4);
	__asm__ volatile("fninit");

	/* In 64-bit mode the data segments are ignored; compatibility mode needs valid ones. */
	__asm__ volatile("movl %0, %%ds; movl %0, %%es" : : "r"(__USER_DS));
	wrmsrl(MSR_GS_BASE, (u64)&cpu_pcpu);
	wrmsrl(MSR_KERNEL_GS_BASE, 0);
	wrmsrl(MSR_FS_BASE, 0);
	syscall_init();
}
