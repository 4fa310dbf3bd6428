/* kernel.h - the test kernel's C declarations, grouped by the file that defines them. */
#ifndef TESTKERNEL_KERNEL_H
#define TESTKERNEL_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "defs.h"

/* The register frame every entry builds (entry_64.S PUSH_REGS), lowest address first. */
struct pt_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint64_t vector;     /* pushed by the IDT stub; -1 for SYSCALL */
	uint64_t error_code; /* from the CPU, or 0; SYSCALL puts orig_rax here */
	uint64_t rip, cs, rflags, rsp, ss; /* the CPU's frame (SDM vol. 3, 6.14.2) */
};

/* Reached through %gs in entry_SYSCALL_64 (offsets PCPU_* in defs.h). */
struct pcpu {
	uint64_t user_rsp;
	uint64_t top_of_stack;
	uint64_t entry_flags;
};

/* The 64-bit TSS (SDM vol. 3, 8.7). */
struct tss_struct {
	uint32_t reserved0;
	uint64_t sp0, sp1, sp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t io_bitmap_base;
} __attribute__((packed));

/* Linux's exception table entry: a fault at insn resumes at fixup; what names insn. */
struct exception_table_entry {
	uint64_t insn, fixup;
	const char *what;
};

enum {
	X86_TRAP_DE = 0, X86_TRAP_DB = 1, X86_TRAP_BP = 3, X86_TRAP_UD = 6, X86_TRAP_NM = 7,
	X86_TRAP_DF = 8, X86_TRAP_NP = 11, X86_TRAP_GP = 13, X86_TRAP_PF = 14,
	IRQ0_VECTOR = 0x20, IA32_SYSCALL_VECTOR = 0x80,
};

#define _PAGE_NX (1ull << _PAGE_NX_BIT)

#define ENOSYS 38
#define EFAULT 14

/* head_32.S, head_64.S, entry_64.S: tables, stacks and entry points at fixed places. */
extern uint64_t gdt_page[];
extern uint64_t init_top_pgt[], level3_ident_pgt[], level2_user_pgt[], level1_user_pgt[];
extern uint8_t idt_table[], user_stack_frames[], user_demand_frame[], kernel_only_frame[];
extern uint8_t entry_stack_top[], df_stack[], df_stack_top[];
extern struct tss_struct cpu_tss;
extern struct pcpu pcpu;
extern const char idt_stubs[];
extern const char entry_SYSCALL_64[], entry_SYSCALL_compat[], entry_SYSENTER_compat[];
extern const char sysret_noncanonical_insn[], sysret_fault_resume[], df_resume[], hlt_resume[];
extern uint64_t df_saved_rsp, sysret_test_user_rsp, sysret_test_user_rflags, sysret_test_resume;
extern const char user_start[], single_step_rip[];
extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];
extern const char __user_lma[]; /* kernel.ld: where the user sections are loaded */
void enter_user(uint64_t rip, uint64_t rsp) __attribute__((noreturn));
uint8_t wp_test(void);
void df_test(void);
void wait_for_interrupt(void);

/* printk.c */
void serial_putc(char c);
void console_write(const char *s, size_t n);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void check(bool ok, const char *what);
void machine_exit(uint32_t value) __attribute__((noreturn));
void panic(const char *why) __attribute__((noreturn));
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
extern unsigned failed_checks;

/* setup.c */
void start_kernel(uint32_t magic, uint32_t mbi);
void init_8259A(uint8_t master_mask);
uint64_t *user_pte(uint64_t va);

/* traps.c */
void do_trap(struct pt_regs *regs);
void show_regs(const struct pt_regs *regs);
extern volatile bool sysret_test_armed, df_test_armed;
extern volatile unsigned irq0_count;

/* syscall.c */
long do_syscall_64(struct pt_regs *regs);
void do_int80_syscall_32(struct pt_regs *regs);
void bad_entry(int which) __attribute__((noreturn));

/* Instructions the compiler does not emit on its own. */
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void write_cr2(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr2" : : "r"(v) : "memory");
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline uint64_t read_dr6(void)
{
	uint64_t v;
	__asm__ volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline void write_dr6(uint64_t v)
{
	__asm__ volatile("mov %0, %%dr6" : : "r"(v));
}

static inline uint64_t read_rflags(void)
{
	uint64_t v;
	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

static inline void invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

#endif
