/* asm/msr-index.h - the MSRs the kernel touches (SDM vol. 4). */
#ifndef _ASM_X86_MSR_INDEX_H
#define _ASM_X86_MSR_INDEX_H

#define MSR_IA32_SYSENTER_CS  0x00000174
#define MSR_IA32_SYSENTER_ESP 0x00000175
#define MSR_IA32_SYSENTER_EIP 0x00000176
#define MSR_EFER              0xc0000080
#define MSR_STAR              0xc0000081 /* legacy mode SYSCALL target; selector bases */
#define MSR_LSTAR             0xc0000082 /* long mode SYSCALL target */
#define MSR_CSTAR             0xc0000083 /* compat mode SYSCALL target */
#define MSR_SYSCALL_MASK      0xc0000084 /* RFLAGS bits cleared on SYSCALL */
#define MSR_FS_BASE           0xc0000100
#define MSR_GS_BASE           0xc0000101
#define MSR_KERNEL_GS_BASE    0xc0000102 /* SWAPGS exchanges it with MSR_GS_BASE */

#define EFER_SCE (1 << 0)  /* SYSCALL/SYSRET */
#define EFER_LME (1 << 8)
#define EFER_LMA (1 << 10)
#define EFER_NX  (1 << 11)

#endif
