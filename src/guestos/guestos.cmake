# src/guestos/guestos.cmake - the guest kernel. Included from the top-level CMakeLists.txt:
#   include(src/guestos/guestos.cmake)
# Builds, with the host gcc and binutils and the kernel's own flags:
#   ${CMAKE_BINARY_DIR}/guestos.elf    the linked kernel, ELF64 with symbols and debug information:
#                                      what `lstar boot`, `qemu-system-x86_64 -kernel` and gdb take
#   ${CMAKE_BINARY_DIR}/guestos64.elf  the same file under its older name
# as the custom target `guestos` (in ALL). GUESTOS_ELF names the image for other rules.
#
# Every .c and .S file under src/guestos is part of the kernel (new files are picked up when
# CMake reruns). The system call tables are generated from arch/x86/entry/syscall_64.tbl and
# syscall_32.tbl by scripts/syscalltbl.sh.
#
# Why one ELF64 file boots under Multiboot: Multiboot 1 defines only ELF32, and QEMU refuses ELF64
# images, unless the Multiboot header sets the a.out kludge (flag bit 16) and gives the load
# addresses itself. head_32.S does, so loaders read the file as a flat image and never parse its
# ELF headers, while gdb reads the same file as the 64-bit kernel it is (`gdb build/guestos.elf`).

set(GUESTOS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(GUESTOS_OBJDIR ${CMAKE_BINARY_DIR}/guestos.dir)
set(GUESTOS_GENDIR ${CMAKE_BINARY_DIR}/guestos.dir/generated)
set(GUESTOS_ELF ${CMAKE_BINARY_DIR}/guestos.elf)
set(GUESTOS_ELF64 ${CMAKE_BINARY_DIR}/guestos64.elf)

find_program(GUESTOS_GCC gcc REQUIRED)
find_program(GUESTOS_LD ld REQUIRED)
find_program(GUESTOS_OBJCOPY objcopy REQUIRED)
find_program(GUESTOS_SH sh REQUIRED)

set(GUESTOS_INCLUDES -I${GUESTOS_DIR}/include -I${GUESTOS_DIR}/arch/x86/include
    -I${GUESTOS_GENDIR}/include)
set(GUESTOS_CFLAGS
  -m64 -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-pic -fno-pie -mcmodel=kernel
  -mno-red-zone -mgeneral-regs-only -mpreferred-stack-boundary=3 -fno-stack-protector
  -fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none -fno-common
  -fno-strict-aliasing -fno-tree-loop-distribute-patterns -fno-delete-null-pointer-checks
  -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare ${GUESTOS_INCLUDES})
set(GUESTOS_ASFLAGS -m64 -fno-pic -fno-pie -D__ASSEMBLER__ ${GUESTOS_INCLUDES})
set(GUESTOS_LDFLAGS
  -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack --build-id=none
  --no-warn-rwx-segments -T ${GUESTOS_DIR}/arch/x86/kernel/vmlinux.lds)

file(GLOB_RECURSE GUESTOS_SOURCES CONFIGURE_DEPENDS RELATIVE ${GUESTOS_DIR}
     ${GUESTOS_DIR}/*.c ${GUESTOS_DIR}/*.S)
file(GLOB_RECURSE GUESTOS_HEADERS CONFIGURE_DEPENDS ${GUESTOS_DIR}/*.h)
list(SORT GUESTOS_SOURCES)

# The system call tables: one list each, turned into C and a header of numbers.
set(GUESTOS_TBLGEN ${GUESTOS_DIR}/scripts/syscalltbl.sh)
set(GUESTOS_GENERATED)
foreach(abi 64 32)
  if(abi STREQUAL "64")
    set(table sys_call_table)
    set(count NR_syscalls)
    set(prefix __NR_)
  else()
    set(table ia32_sys_call_table)
    set(count IA32_NR_syscalls)
    set(prefix __NR_ia32_)
  endif()
  set(tbl ${GUESTOS_DIR}/arch/x86/entry/syscall_${abi}.tbl)
  set(out_c ${GUESTOS_GENDIR}/syscalls_${abi}.c)
  set(out_h ${GUESTOS_GENDIR}/include/generated/unistd_${abi}.h)
  add_custom_command(
    OUTPUT ${out_c} ${out_h}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${GUESTOS_GENDIR}/include/generated
    COMMAND ${GUESTOS_SH} ${GUESTOS_TBLGEN} ${tbl} ${out_c} ${out_h} ${table} ${count} ${prefix}
    DEPENDS ${tbl} ${GUESTOS_TBLGEN}
    COMMENT "Generating the guest kernel's ${table} from syscall_${abi}.tbl"
    VERBATIM)
  list(APPEND GUESTOS_GENERATED ${out_c})
  list(APPEND GUESTOS_GENERATED_HEADERS ${out_h})
endforeach()

set(GUESTOS_OBJECTS)
foreach(src ${GUESTOS_SOURCES} ${GUESTOS_GENERATED})
  if(IS_ABSOLUTE ${src})
    file(RELATIVE_PATH rel ${GUESTOS_GENDIR} ${src})
    set(path ${src})
    set(obj ${GUESTOS_OBJDIR}/generated/${rel}.o)
  else()
    set(path ${GUESTOS_DIR}/${src})
    set(obj ${GUESTOS_OBJDIR}/${src}.o)
  endif()
  get_filename_component(objdir ${obj} DIRECTORY)
  if(src MATCHES "\\.S$")
    set(flags ${GUESTOS_ASFLAGS})
  else()
    set(flags ${GUESTOS_CFLAGS})
  endif()
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${objdir}
    COMMAND ${GUESTOS_GCC} ${flags} -c ${path} -o ${obj}
    DEPENDS ${path} ${GUESTOS_HEADERS} ${GUESTOS_GENERATED_HEADERS}
    COMMENT "Building guest kernel object ${src}"
    VERBATIM)
  list(APPEND GUESTOS_OBJECTS ${obj})
endforeach()

add_custom_command(
  OUTPUT ${GUESTOS_ELF64} ${GUESTOS_ELF}
  COMMAND ${GUESTOS_LD} ${GUESTOS_LDFLAGS} -o ${GUESTOS_ELF64} ${GUESTOS_OBJECTS}
  COMMAND ${CMAKE_COMMAND} -E copy ${GUESTOS_ELF64} ${GUESTOS_ELF}
  DEPENDS ${GUESTOS_OBJECTS} ${GUESTOS_DIR}/arch/x86/kernel/vmlinux.lds
  COMMENT "Linking the guest kernel guestos.elf"
  VERBATIM)
add_custom_target(guestos ALL DEPENDS ${GUESTOS_ELF})
