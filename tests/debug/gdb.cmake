# tests/debug/gdb.cmake - the gdb stub (src/debug/gdbstub*.cpp) driven by Debian's gdb in batch
# mode, and by raw protocol bytes. Included from CMakeLists.txt. Each test picks its own free
# port, so they run in parallel.
#
#   gdb_seed_session   the seed notes' session on socket_demo: break __sys_socket/__sys_bind/
#                      __sys_listen hit in order, bt through do_syscall_64 and entry_SYSCALL_64,
#                      registers against the program's own output, kill
#   gdb_views          hbreak, stepi, rwatch/watch/awatch, monitor pt/msr/icount/regs, detach
#   gdb_user_step      add-symbol-file: a user breakpoint, stepi through syscall into the kernel
#   gdb_interrupt      Ctrl-C of a spinning program, a memory write, and its exit status
#   gdb_protocol       malformed packets on the socket: '-', empty replies, E errors, no crash
#   gdb_signal         a program killed by SIGSEGV (tests/guestos/segv.c) reaches gdb as a signal

find_program(GDB_PROGRAM gdb)
find_program(PYTHON3_PROGRAM python3)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/gdb_spin
  COMMAND ${MUSL_GCC} -static -std=c11 -O0 -g -Wall -Wextra -o ${CMAKE_BINARY_DIR}/gdb_spin
          ${CMAKE_CURRENT_LIST_DIR}/gdb_spin.c
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/gdb_spin.c
  COMMENT "Building the gdb test program gdb_spin"
  VERBATIM)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/gdb_segv
  COMMAND ${MUSL_GCC} -static -std=c11 -O2 -Wall -Wextra -o ${CMAKE_BINARY_DIR}/gdb_segv
          ${CMAKE_SOURCE_DIR}/tests/guestos/segv.c
  DEPENDS ${CMAKE_SOURCE_DIR}/tests/guestos/segv.c
  COMMENT "Building the gdb test program gdb_segv"
  VERBATIM)
add_custom_target(gdb_programs ALL DEPENDS ${CMAKE_BINARY_DIR}/gdb_spin ${CMAKE_BINARY_DIR}/gdb_segv)

foreach(scenario seed_session views user_step interrupt protocol signal)
  # A missing gdb or python3 fails the test with a message (never a silent skip).
  add_test(NAME gdb_${scenario}
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/gdb_session.sh ${scenario} $<TARGET_FILE:lstar>
                   "${GDB_PROGRAM}" "${PYTHON3_PROGRAM}")
  set_tests_properties(gdb_${scenario} PROPERTIES WORKING_DIRECTORY ${CMAKE_BINARY_DIR} TIMEOUT 300)
endforeach()
