# tests/guestos/tests.cmake - the guest kernel's tests: programs booted as init under lstar and
# under QEMU (run_tests.sh). Included from the top-level CMakeLists.txt after guestos.cmake:
#   include(tests/guestos/tests.cmake)
if(NOT DEFINED LSTAR_TESTS OR LSTAR_TESTS)
  add_test(NAME guestos_programs
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_tests.sh $<TARGET_FILE:lstar> ${GUESTOS_ELF})
  set_tests_properties(guestos_programs PROPERTIES TIMEOUT 600)
  # guestos_efault_coverage: every pointer argument of every call in both system call tables
  # has a bad-pointer case in efault.c / efault32.c (or another guest test, or a stated reason).
  find_program(GUESTOS_COVERAGE_PYTHON3 python3 REQUIRED)
  add_test(NAME guestos_efault_coverage
           COMMAND ${GUESTOS_COVERAGE_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/efault_coverage.py
                   ${CMAKE_SOURCE_DIR}/src/guestos/arch/x86/entry/syscall_64.tbl
                   ${CMAKE_SOURCE_DIR}/src/guestos/arch/x86/entry/syscall_32.tbl
                   ${CMAKE_CURRENT_LIST_DIR})
endif()

# guestos_fs_calls: tests/guestos/fs_calls.c (the file system calls, each with its result)
# natively and under `lstar run`, through tests/cli/run_compare.sh: the same output, byte for
# byte; guestos_fs_calls32 the same for the i386 forms (fs_calls32.c, int $0x80).
# guestos_tty_ldisc: tests/guestos/tty_ldisc.c on a pseudo-terminal natively (Linux's
# n_tty) and under `lstar run`, typed the same keys by tty_compare.py: the same transcript.
# run_add: `lstar run --add` (tests/compat/add_errors.sh). compat_busybox: the busybox suite of tests/compat (needs busybox-static).
if((NOT DEFINED LSTAR_TESTS OR LSTAR_TESTS) AND TARGET guestos)
  find_program(GUESTOS_MUSL_GCC musl-gcc REQUIRED)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/fs_calls
    COMMAND ${GUESTOS_MUSL_GCC} -static -O2 -Wall -Wextra -o ${CMAKE_BINARY_DIR}/fs_calls
            ${CMAKE_CURRENT_LIST_DIR}/fs_calls.c
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/fs_calls.c
    COMMENT "Building the guest test fs_calls"
    VERBATIM)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/tty_ldisc
    COMMAND ${GUESTOS_MUSL_GCC} -static -O2 -Wall -Wextra -o ${CMAKE_BINARY_DIR}/tty_ldisc
            ${CMAKE_CURRENT_LIST_DIR}/tty_ldisc.c
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/tty_ldisc.c
    COMMENT "Building the guest test tty_ldisc"
    VERBATIM)
  # the i386 forms: freestanding, as examples/socketcall32 (no 32-bit C library needed)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/fs_calls32
    COMMAND gcc -m32 -std=c11 -O2 -Wall -Wextra -ffreestanding -nostdlib -fno-pic -fno-pie
            -fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables
            -c ${CMAKE_CURRENT_LIST_DIR}/fs_calls32.c -o ${CMAKE_BINARY_DIR}/fs_calls32.o
    COMMAND ld -m elf_i386 -static --build-id=none -z noexecstack
            -o ${CMAKE_BINARY_DIR}/fs_calls32 ${CMAKE_BINARY_DIR}/fs_calls32.o
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/fs_calls32.c
    COMMENT "Building the i386 guest test fs_calls32"
    VERBATIM)
  add_custom_target(guestos_test_programs ALL
                    DEPENDS ${CMAKE_BINARY_DIR}/fs_calls ${CMAKE_BINARY_DIR}/fs_calls32
                            ${CMAKE_BINARY_DIR}/tty_ldisc)
  find_program(GUESTOS_PYTHON3 python3 REQUIRED)
  add_test(NAME guestos_tty_ldisc
           COMMAND ${GUESTOS_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/tty_compare.py $<TARGET_FILE:lstar> ./tty_ldisc)
  add_test(NAME guestos_fs_calls
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/../cli/run_compare.sh $<TARGET_FILE:lstar> ./fs_calls)
  add_test(NAME guestos_fs_calls32
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/../cli/run_compare.sh $<TARGET_FILE:lstar> ./fs_calls32)
  add_test(NAME run_add COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/../compat/add_errors.sh $<TARGET_FILE:lstar>)
  add_test(NAME compat_busybox
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/../compat/run.sh $<TARGET_FILE:lstar>)
  set_tests_properties(guestos_fs_calls guestos_fs_calls32 guestos_tty_ldisc compat_busybox PROPERTIES
                       WORKING_DIRECTORY ${CMAKE_BINARY_DIR} TIMEOUT 900)
endif()
