# examples/examples.cmake - the guest programs that `lstar run` runs, built into the build
# directory (build/hello, build/socket_demo, build/replyhi, build/socketcall32). Included from
# CMakeLists.txt.
#
#   hello, socket_demo, replyhi  static musl programs: musl-gcc -static (Debian package musl-tools)
#   socketcall32        a freestanding i386 program: gcc -m32 -ffreestanding -nostdlib, linked
#                       with ld -m elf_i386; it needs no 32-bit C library (no gcc-multilib)

set(EXAMPLES_DIR ${CMAKE_CURRENT_LIST_DIR})
find_program(MUSL_GCC musl-gcc REQUIRED)
find_program(EXAMPLES_GCC gcc REQUIRED)
find_program(EXAMPLES_LD ld REQUIRED)

set(EXAMPLES_PROGRAMS)
foreach(name hello socket_demo replyhi)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/${name}
    COMMAND ${MUSL_GCC} -static -std=c11 -O2 -Wall -Wextra -o ${CMAKE_BINARY_DIR}/${name}
            ${EXAMPLES_DIR}/${name}.c
    DEPENDS ${EXAMPLES_DIR}/${name}.c
    COMMENT "Building the musl example ${name}"
    VERBATIM)
  list(APPEND EXAMPLES_PROGRAMS ${CMAKE_BINARY_DIR}/${name})
endforeach()

add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/socketcall32
  COMMAND ${EXAMPLES_GCC} -m32 -std=c11 -O2 -Wall -Wextra -ffreestanding -nostdlib -fno-pic -fno-pie
          -fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables
          -c ${EXAMPLES_DIR}/socketcall32.c -o ${CMAKE_BINARY_DIR}/socketcall32.o
  COMMAND ${EXAMPLES_LD} -m elf_i386 -static --build-id=none -z noexecstack
          -o ${CMAKE_BINARY_DIR}/socketcall32 ${CMAKE_BINARY_DIR}/socketcall32.o
  DEPENDS ${EXAMPLES_DIR}/socketcall32.c
  COMMENT "Building the i386 example socketcall32"
  VERBATIM)
list(APPEND EXAMPLES_PROGRAMS ${CMAKE_BINARY_DIR}/socketcall32)

add_custom_target(examples ALL DEPENDS ${EXAMPLES_PROGRAMS})
