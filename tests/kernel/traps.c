/* traps.c - do_trap(): every IDT vector lands here. Faults the test provokes are reported and
 * resolved; anything else is reported as UNEXPECTED and ends the run as a failure. */
#include "kernel.h"

volatile bool sysret_test_armed, df_test_armed;
volatile unsigned irq0_count;

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#MF-old", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

static bool user_mode(const struct pt_regs *regs)
{
	return regs->cs & 3;
}

void show_regs(const struct pt_regs *regs)
{
	printk("  rip=%#lx cs=%#lx rflags=%#lx rsp=%#lx ss=%#lx\n", regs->rip, regs->cs,
	       regs->rflags, regs->rsp, regs->ss);
	printk("  rax=%#lx rbx=%#lx rcx=%#lx rdx=%#lx\n", regs->rax, regs->rbx, regs->rcx,
	       regs->rdx);
	printk("  rsi=%#lx rdi=%#lx rbp=%#lx r8=%#lx\n", regs->rsi, regs->rdi, regs->rbp,
	       regs->r8);
	printk("  cr0=%#lx cr2=%#lx cr3=%#lx cr4=%#lx\n", read_cr0(), read_cr2(), read_cr3(),
	       read_cr4());
}

static void report_exception(const struct pt_regs *regs)
{
	printk("exception %lu %s err=%#lx cs=%#lx rip=%#lx cr2=%#lx\n", regs->vector,
	       exception_names[regs->vector], regs->error_code, regs->cs, regs->rip, read_cr2());
}

static void __attribute__((noreturn)) unexpected(const struct pt_regs *regs)
{
	printk("UNEXPECTED vector %lu\n", regs->vector);
	show_regs(regs);
	machine_exit(DEBUG_EXIT_FAIL);
}

/* Linux's fixup_exception(): resume at the fixup the exception table gives for this rip. */
static bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++) {
		if (e->insn != regs->rip)
			continue;
		regs->rip = e->fixup;
		printk("  -> fixup for `%s`: resume at %#lx\n", e->what, e->fixup);
		return true;
	}
	return false;
}

/* Demand paging for exactly one page: map a frame with a known pattern and retry. */
static bool do_demand_page(const struct pt_regs *regs)
{
	uint64_t *pte = user_pte(USER_DEMAND);
	if (!user_mode(regs) || (regs->error_code & X86_PF_PROT) ||
	    (read_cr2() & ~0xfffull) != USER_DEMAND || (*pte & _PAGE_PRESENT))
		return false;
	memset(user_demand_frame, 0, 4096);
	*(uint64_t *)user_demand_frame = 0x1122334455667788;
	*pte = (uint64_t)user_demand_frame | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_NX;
	invlpg(USER_DEMAND);
	printk("  -> mapped %#x, retrying\n", USER_DEMAND);
	return true;
}

static void do_single_step(struct pt_regs *regs)
{
	printk("  -> single step: dr6=%#lx, trap after the nop: %s; clearing TF\n", read_dr6(),
	       regs->rip == (uint64_t)single_step_rip ? "yes" : "no");
	check(regs->rip == (uint64_t)single_step_rip, "#DB rip is after the stepped instruction");
	regs->rflags &= ~(uint64_t)X86_EFLAGS_TF;
	write_dr6(0xffff0ff0);
}

/* #DF on IST1: its saved rip is undefined (SDM vol. 3, 6.15), so it is not printed. */
static void do_double_fault(struct pt_regs *regs)
{
	uint64_t here = (uint64_t)regs;
	bool on_ist = here >= (uint64_t)df_stack && here < (uint64_t)df_stack_top;
	printk("exception 8 #DF err=%#lx cs=%#lx on the IST1 stack: %s\n", regs->error_code,
	       regs->cs, on_ist ? "yes" : "no");
	check(on_ist, "#DF runs on IST1");
	if (!df_test_armed)
		unexpected(regs);
	df_test_armed = false;
	regs->rip = (uint64_t)df_resume;
	regs->rsp = df_saved_rsp;
	printk("  -> resume at df_resume\n");
}

/*
 * SYSRET with a non-canonical RCX: Intel faults in ring 0 at the SYSRET, AMD in ring 3 at the
 * new RIP. The transcript shows only what both agree on; the exact behaviour is covered by the
 * emulator's own tests.
 */
static void do_sysret_fault(struct pt_regs *regs)
{
	sysret_test_armed = false;
	printk("exception 13 #GP err=%#lx: SYSRET to a non-canonical RCX faults\n",
	       regs->error_code);
	check(regs->error_code == 0, "SYSRET #GP error code is 0");
	if (!user_mode(regs)) {
		check(regs->rip == (uint64_t)sysret_noncanonical_insn, "ring-0 #GP is at the SYSRET");
		regs->rip = (uint64_t)sysret_fault_resume;
	} else {
		check(regs->rip == NONCANONICAL_ADDR, "ring-3 #GP is at the non-canonical RIP");
		regs->rip = sysret_test_resume;
		regs->rsp = sysret_test_user_rsp;
		regs->rflags = sysret_test_user_rflags;
	}
	printk("  -> resume the user program at %#lx\n", sysret_test_resume);
}

/* The user-mode traps the test provokes that resume without a fixup. */
static bool do_user_trap(struct pt_regs *regs)
{
	switch (regs->vector) {
	case X86_TRAP_BP:
		printk("  -> breakpoint, continue\n");
		return true;
	case X86_TRAP_DB:
		do_single_step(regs);
		return true;
	case X86_TRAP_NM:
		__asm__ volatile("clts");
		printk("  -> clts, retrying\n");
		return true;
	default:
		return false;
	}
}

static void do_exception(struct pt_regs *regs)
{
	if (regs->vector == X86_TRAP_DF) {
		do_double_fault(regs);
		return;
	}
	if (regs->vector == X86_TRAP_GP && sysret_test_armed) {
		do_sysret_fault(regs);
		return;
	}
	report_exception(regs);
	if (regs->vector == X86_TRAP_PF && do_demand_page(regs))
		return;
	if (user_mode(regs) && do_user_trap(regs))
		return;
	if (fixup_exception(regs))
		return;
	unexpected(regs);
}

static void do_irq0(const struct pt_regs *regs)
{
	irq0_count++;
	printk("irq 0: vector %#lx, interrupted the hlt: %s\n", regs->vector,
	       regs->rip == (uint64_t)hlt_resume ? "yes" : "no");
	outb(0x21, 0xff); /* mask IRQ 0 again: one interrupt per test */
	outb(0x20, 0x20); /* EOI */
}

void do_trap(struct pt_regs *regs)
{
	if (regs->vector < 32)
		do_exception(regs);
	else if (regs->vector == IA32_SYSCALL_VECTOR)
		do_int80_syscall_32(regs);
	else if (regs->vector == IRQ0_VECTOR)
		do_irq0(regs);
	else
		unexpected(regs);
}
