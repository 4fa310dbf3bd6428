# The demo: a flat 64-bit program for `lstar flat --trace=insn`. It computes gcd(1071, 462)
# with DIV, counts the bits of the answer, copies a string with REP MOVSB, and stops at INT3.
# Built by CMake with `as` and `objcopy -O binary`; lstar loads it at 0x400000.
        .intel_syntax noprefix
        .text
        .globl _start
_start:
        mov     eax, 1071
        mov     ecx, 462
gcd:    xor     edx, edx            # edx:eax / ecx
        div     ecx
        mov     eax, ecx
        mov     ecx, edx
        test    ecx, ecx
        jnz     gcd                 # gcd(1071, 462) = 21, left in eax
        popcnt  ebx, eax            # 21 = 0b10101: three bits
        lea     rsi, [rip + message]
        sub     rsp, 32
        mov     rdi, rsp
        mov     ecx, OFFSET message_len
        cld
        rep movsb                   # copy the message onto the stack
        cmp     byte ptr [rsp], 'l'
        sete    dl
        int3                        # lstar stops here and prints the registers
message:
        .ascii  "lstar"
        .set    message_len, . - message
