/* asm/processor.h - the TSS, control registers, CPUID and the other instructions C cannot
 * express. */
#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H

#include <linux/types.h>
#include <asm/processor-flags.h>

/* The 64-bit TSS (SDM vol. 3, 8.7): RSP0 for entries from ring 3, IST stacks for #DF and NMI. */
struct x86_hw_tss {
	u32 reserved1;
	u64 sp0, sp1, sp2;
	u64 reserved2;
	u64 ist[7];
	u32 reserved3, reserved4;
	u16 reserved5;
	u16 io_bitmap_base;
} __attribute__((packed));

#define IST_INDEX_DF  0 /* IST1 */
#define IST_INDEX_NMI 1 /* IST2 */

/* arch/x86/kernel/cpu/common.c */
extern struct x86_hw_tss cpu_tss;
struct cpuinfo_x86 {
	bool smep, smap, nx;
	u32 hwcap;  /* CPUID.1:EDX, for AT_HWCAP */
	u32 family_model; /* CPUID.1:EAX */
};
extern struct cpuinfo_x86 boot_cpu_data;
void cpu_init(void);
void syscall_init(void);
void load_sp0(unsigned long sp0);

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

#define DEFINE_CR(n)								\
	static inline unsigned long read_cr##n(void)				\
	{ unsigned long v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
	static inline void write_cr##n(unsigned long v)				\
	{ __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline unsigned long native_save_fl(void)
{
	unsigned long f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}
static inline void local_irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
/* Wait for the next interrupt with interrupts enabled only for the wait: STI's one-instruction
 * shadow makes STI; HLT atomic. */
static inline void safe_halt(void) { __asm__ volatile("sti; hlt; cli" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ volatile("pause" ::: "memory"); }
static inline void __flush_tlb_one(unsigned long va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

#endif
