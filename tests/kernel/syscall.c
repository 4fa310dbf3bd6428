/* syscall.c - the system calls of the user program, by SYSCALL (do_syscall_64) and by
 * int $0x80 (do_int80_syscall_32), and the end of the run. */
#include "kernel.h"

#define EBADF 9
#define ARITHMETIC_FLAGS 0x8d5ul /* CF PF AF ZF SF OF */

/* Only the user pages the program owns are valid buffers (a stand-in for access_ok()). */
static bool user_range_ok(uint64_t buf, uint64_t count)
{
	return buf >= USER_BASE && count <= 4096 && buf + count <= USER_STACK_TOP;
}

static long sys_write(uint64_t fd, uint64_t buf, uint64_t count)
{
	if (fd != 1 && fd != 2)
		return -EBADF;
	if (!user_range_ok(buf, count))
		return -EFAULT;
	console_write((const char *)buf, count);
	return (long)count;
}

struct pte_expectation {
	uint64_t va;
	const char *what;
	uint64_t flags;
};

#define PTE_SHOWN_BITS 0x7full /* P, R/W, U/S, PWT, PCD, A, D */

/* The accessed and dirty bits the CPU set while the program ran. */
static void show_user_ptes(void)
{
	enum { P = _PAGE_PRESENT, W = _PAGE_RW, U = _PAGE_USER, A = _PAGE_ACCESSED,
	       D = _PAGE_DIRTY };
	static const struct pte_expectation pages[] = {
		{USER_TEXT, "text", P | U | A},
		{USER_DATA, "data", P | W | U | A | D | _PAGE_NX},
		{USER_RODATA, "rodata", P | U | A | _PAGE_NX},
		{USER_STACK_LOW, "stack, unused page", P | W | U | _PAGE_NX},
		{USER_STACK_LOW + 0x1000, "stack", P | W | U | A | D | _PAGE_NX},
		{USER_DEMAND, "demand-mapped", P | W | U | A | D | _PAGE_NX},
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		uint64_t flags = *user_pte(pages[i].va) & (PTE_SHOWN_BITS | _PAGE_NX);
		printk("pte %#lx %s: P=%u W=%u U=%u A=%u D=%u NX=%u\n", pages[i].va, pages[i].what,
		       !!(flags & P), !!(flags & W), !!(flags & U), !!(flags & A), !!(flags & D),
		       !!(flags & _PAGE_NX));
		check(flags == pages[i].flags, pages[i].what);
	}
}

/* pit_oneshot - PIT channel 0 in mode 0: the output goes low now and rises (IRQ 0) after
 * count ticks of 1.193182 MHz. Loading a new count restarts the countdown. */
static void pit_oneshot(uint16_t count)
{
	outb(0x43, 0x30); /* channel 0, lobyte/hibyte, mode 0, binary */
	outb(0x40, count & 0xff);
	outb(0x40, count >> 8);
}

/* The firmware left the PIT in periodic mode, so an IRQ 0 request may be pending. Stop the
 * periodic edges, drop pending requests with a fresh 8259A init, and only then start the real
 * countdown; do_irq0() masks IRQ 0 again, so exactly one interrupt arrives however slow the
 * host is. */
static void test_timer_irq(void)
{
	printk("test: PIT channel 0 one-shot on IRQ 0, then sti; hlt\n");
	pit_oneshot(0xffff);
	init_8259A(0xff);
	pit_oneshot(0x1000);
	outb(0x21, 0xfe); /* unmask IRQ 0 */
	wait_for_interrupt();
	printk("test: hlt returned, timer interrupts=%u\n", irq0_count);
	check(irq0_count == 1, "one timer interrupt");
}

static void __attribute__((noreturn)) after_user(long status)
{
	printk("user: exit(%ld)\n", status);
	check(status == 0, "user exit status");
	test_timer_irq();
	if (failed_checks) {
		printk("done: %u checks FAILED\n", failed_checks);
		machine_exit(DEBUG_EXIT_FAIL);
	}
	printk("done: all tests passed\n");
	machine_exit(DEBUG_EXIT_PASS);
}

/* Arrange for entry_SYSCALL_64 to return through SYSRET to a non-canonical RCX. */
static long sysret_noncanonical(struct pt_regs *regs)
{
	sysret_test_resume = regs->rdi;
	sysret_test_user_rsp = regs->rsp;
	sysret_test_user_rflags = regs->rflags;
	regs->rip = NONCANONICAL_ADDR;
	sysret_test_armed = true;
	printk("  -> sysretq with rcx=%#lx\n", regs->rip);
	return SYSCALL_RETURN_SYSRET_NONCANONICAL;
}

long do_syscall_64(struct pt_regs *regs)
{
	uint64_t nr = regs->error_code; /* orig_rax */
	long ret;
	/* Only the system flags of the entry RFLAGS are shown: QEMU 7.2 also clears the
	 * arithmetic flags on SYSCALL, which the SDM does not. */
	printk("syscall %lu (%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) rip=%#lx rflags=%#lx "
	       "kernel rflags=%#lx\n",
	       nr, regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9, regs->rip,
	       regs->rflags, pcpu.entry_flags & ~ARITHMETIC_FLAGS);
	switch (nr) {
	case __NR_write:
		ret = sys_write(regs->rdi, regs->rsi, regs->rdx);
		break;
	case __NR_getpid:
		ret = 1;
		break;
	case __NR_exit:
		after_user((long)regs->rdi);
	case __NR_report:
		ret = 0;
		break;
	case __NR_sysret_noncanonical:
		return sysret_noncanonical(regs);
	case __NR_pte_flags:
		show_user_ptes();
		ret = 0;
		break;
	default:
		ret = -ENOSYS;
		break;
	}
	printk("  = %ld\n", ret);
	regs->rax = (uint64_t)ret;
	return SYSCALL_RETURN_SYSRET;
}

/* int $0x80: i386 numbers and argument registers, from 64-bit or compatibility mode. The gate
 * is a trap gate, so IF is still as the user had it. */
void do_int80_syscall_32(struct pt_regs *regs)
{
	uint32_t nr = (uint32_t)regs->rax;
	long ret;
	printk("int80 %u (%#x, %#x, %#x, %#x, %#x, %#x) cs=%#lx rip=%#lx IF=%u\n", nr,
	       (uint32_t)regs->rbx, (uint32_t)regs->rcx, (uint32_t)regs->rdx, (uint32_t)regs->rsi,
	       (uint32_t)regs->rdi, (uint32_t)regs->rbp, regs->cs, regs->rip,
	       !!(read_rflags() & X86_EFLAGS_IF));
	switch (nr) {
	case __NR_ia32_write:
		ret = sys_write((uint32_t)regs->rbx, (uint32_t)regs->rcx, (uint32_t)regs->rdx);
		break;
	case __NR_ia32_getpid:
		ret = 1;
		break;
	default:
		ret = -ENOSYS;
		break;
	}
	printk("  = %ld\n", ret);
	regs->rax = (uint64_t)ret;
}

void bad_entry(int which)
{
	printk("UNEXPECTED entry through %s\n", which == 1 ? "MSR_CSTAR" : "SYSENTER");
	machine_exit(DEBUG_EXIT_FAIL);
}
