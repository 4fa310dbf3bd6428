/* idt.c - the interrupt descriptor table: 256 interrupt gates into entry_64.S's stubs, with
 * #DF and NMI on their own IST stacks, #BP reachable from user mode (int3), and int $0x80 as a
 * DPL-3 gate into entry_INT80_compat (SDM vol. 3, 6.14.1). */
#include <linux/kernel.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/traps.h>

struct gate_struct {
	u16 offset_low, segment;
	u16 bits; /* IST index, type, DPL, present */
	u16 offset_middle;
	u32 offset_high, reserved;
} __packed;

#define GATE_INTERRUPT 0xe

static struct gate_struct idt_table[256] __aligned(4096);

static void set_gate(unsigned int vector, const void *handler, unsigned int dpl,
		     unsigned int ist)
{
	unsigned long a = (unsigned long)handler;
	idt_table[vector] = (struct gate_struct){
		.offset_low = (u16)a,
		.segment = __KERNEL_CS,
		.bits = (u16)(ist | GATE_INTERRUPT << 8 | dpl << 13 | 1 << 15),
		.offset_middle = (u16)(a >> 16),
		.offset_high = (u32)(a >> 32),
	};
}

void idt_setup(void)
{
	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, idt_stubs + 16 * v, 0, 0);
	set_gate(X86_TRAP_BP, idt_stubs + 16 * X86_TRAP_BP, 3, 0);
	set_gate(X86_TRAP_OF, idt_stubs + 16 * X86_TRAP_OF, 3, 0);
	set_gate(X86_TRAP_DF, idt_stubs + 16 * X86_TRAP_DF, 0, IST_INDEX_DF + 1);
	set_gate(X86_TRAP_NMI, idt_stubs + 16 * X86_TRAP_NMI, 0, IST_INDEX_NMI + 1);
	set_gate(IA32_SYSCALL_VECTOR, entry_INT80_compat, 3, 0);
	struct __packed { u16 limit; u64 base; } idtr = {sizeof(idt_table) - 1, (u64)idt_table};
	__asm__ volatile("lidt %0" : : "m"(idtr));
}
