# tests/guestos/tests.cmake - the guest kernel's tests: programs booted as init under lstar and
# under QEMU (run_tests.sh). Included from the top-level CMakeLists.txt after guestos.cmake:
#   include(tests/guestos/tests.cmake)
if(NOT DEFINED LSTAR_TESTS OR LSTAR_TESTS)
  add_test(NAME guestos_programs
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_tests.sh $<TARGET_FILE:lstar> ${GUESTOS_ELF})
  set_tests_properties(guestos_programs PROPERTIES TIMEOUT 600)
endif()

# guestos_fs_calls: tests/guestos/fs_calls.c (the file system calls, each with its result)
# natively and under `lstar run`, through tests/cli/run_compare.sh: the same output, byte for
# byte. guestos_tty_ldisc: tests/guestos/tty_ldisc.c on a pseudo-terminal natively (Linux's
# n_tty) and under `lstar run`, typed the same keys by tty_compare.py: the same transcript.
# compat_busybox: the busybox suite of tests/compat (needs busybox-static).
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
  add_custom_target(guestos_test_programs ALL
                    DEPENDS ${CMAKE_BINARY_DIR}/fs_calls ${CMAKE_BINARY_DIR}/tty_ldisc)
  find_program(GUESTOS_PYTHON3 python3 REQUIRED)
  add_test(NAME guestos_tty_ldisc
           COMMAND ${GUESTOS_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/tty_compare.py $<TARGET_FILE:lstar> ./tty_ldisc)
  add_test(NAME guestos_fs_calls
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/../cli/run_compare.sh $<TARGET_FILE:lstar> ./fs_calls)
  add_test(NAME compat_busybox
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/../compat/run.sh $<TARGET_FILE:lstar>)
  set_tests_properties(guestos_fs_calls guestos_tty_ldisc compat_busybox PROPERTIES
                       WORKING_DIRECTORY ${CMAKE_BINARY_DIR} TIMEOUT 900)
endif()
