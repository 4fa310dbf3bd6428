# tests/kernel/kernel.cmake - the Multiboot test kernel (testkernel.elf) and the machine_vs_qemu
# test. Included from the top-level CMakeLists.txt:  include(tests/kernel/kernel.cmake)
#
# The kernel is freestanding C11 and GNU assembler, built with the host gcc and binutils (no
# cross compiler), so it uses custom commands rather than the project's C/C++ flags.
#
# Why objcopy to ELF32: QEMU's Multiboot loader (-kernel) refuses ELF64 images, and the
# Multiboot 1 specification only defines ELF32 and the a.out kludge. The kernel is 32-bit entry
# code plus 64-bit code, linked as one ELF64 image below 4 GiB (kernel.ld), then converted with
# `objcopy -O elf32-i386`: the bytes and the program headers (virtual and physical addresses)
# stay the same, only the container changes. That keeps the symbols and the separate user
# segment (linked at 1 GiB, loaded after the kernel) that the a.out kludge's single flat image
# could not describe.

set(TESTKERNEL_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TESTKERNEL_OBJDIR ${CMAKE_BINARY_DIR}/testkernel)
set(TESTKERNEL_ELF ${CMAKE_BINARY_DIR}/testkernel.elf)

find_program(TESTKERNEL_GCC gcc REQUIRED)
find_program(TESTKERNEL_LD ld REQUIRED)
find_program(TESTKERNEL_OBJCOPY objcopy REQUIRED)

set(TESTKERNEL_CFLAGS
  -m64 -std=c11 -O2 -ffreestanding -nostdlib -fno-pic -fno-pie -mcmodel=small
  -mno-red-zone -mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-unwind-tables -fcf-protection=none -fno-tree-loop-distribute-patterns
  -Wall -Wextra -I${TESTKERNEL_DIR})
set(TESTKERNEL_ASFLAGS -m64 -fno-pic -fno-pie -I${TESTKERNEL_DIR})
set(TESTKERNEL_LDFLAGS
  -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack --build-id=none
  --no-warn-rwx-segments -T ${TESTKERNEL_DIR}/kernel.ld)

# Link order matters: assembly first, so that the addresses in the transcript do not depend on
# how gcc compiles the C files (kernel.ld).
set(TESTKERNEL_SOURCES head_32.S head_64.S entry_64.S user.S setup.c traps.c syscall.c printk.c)
set(TESTKERNEL_HEADERS ${TESTKERNEL_DIR}/defs.h ${TESTKERNEL_DIR}/kernel.h)

set(TESTKERNEL_OBJECTS)
foreach(src ${TESTKERNEL_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  get_filename_component(ext ${src} EXT)
  set(obj ${TESTKERNEL_OBJDIR}/${name}.o)
  if(ext STREQUAL ".S")
    set(flags ${TESTKERNEL_ASFLAGS})
  else()
    set(flags ${TESTKERNEL_CFLAGS})
  endif()
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${TESTKERNEL_OBJDIR}
    COMMAND ${TESTKERNEL_GCC} ${flags} -c ${TESTKERNEL_DIR}/${src} -o ${obj}
    DEPENDS ${TESTKERNEL_DIR}/${src} ${TESTKERNEL_HEADERS}
    COMMENT "Building test kernel object ${name}.o"
    VERBATIM)
  list(APPEND TESTKERNEL_OBJECTS ${obj})
endforeach()

add_custom_command(
  OUTPUT ${TESTKERNEL_ELF}
  COMMAND ${TESTKERNEL_LD} ${TESTKERNEL_LDFLAGS} -o ${TESTKERNEL_OBJDIR}/testkernel64.elf
          ${TESTKERNEL_OBJECTS}
  COMMAND ${TESTKERNEL_OBJCOPY} -O elf32-i386 ${TESTKERNEL_OBJDIR}/testkernel64.elf
          ${TESTKERNEL_ELF}
  DEPENDS ${TESTKERNEL_OBJECTS} ${TESTKERNEL_DIR}/kernel.ld
  COMMENT "Linking the Multiboot test kernel testkernel.elf"
  VERBATIM)
add_custom_target(testkernel ALL DEPENDS ${TESTKERNEL_ELF})

# Boot the kernel under QEMU and under lstar: same serial transcript, same exit status, and
# QEMU's transcript equal to the golden tests/kernel/expected.txt.
if(NOT DEFINED LSTAR_TESTS OR LSTAR_TESTS)
  add_test(NAME machine_vs_qemu
           COMMAND sh ${TESTKERNEL_DIR}/run_compare.sh $<TARGET_FILE:lstar> ${TESTKERNEL_ELF})
  set_tests_properties(machine_vs_qemu PROPERTIES TIMEOUT 300)
endif()
