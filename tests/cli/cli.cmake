# tests/cli/cli.cmake - tests of `lstar run` (src/cli/run.cpp). Included from CMakeLists.txt.
#
#   run_errors        one-line errors for what lstar run refuses
#   run_hello         build/hello natively and under lstar run: same stdout, same exit status
#   run_hello_stdin   the same, reading a line from stdin through COM1
#   run_socket_demo   build/socket_demo natively and under lstar run
#   run_socketcall32  build/socketcall32 (i386, compatibility mode) natively and under lstar run
#   trace_strace_*    --trace=syscall against strace -f of the same program run natively
#   trace_views       syscall-path, exc, insn filters, jsonl, determinism, bad options

set(CLI_TESTS_DIR ${CMAKE_CURRENT_LIST_DIR})

# The rest boot the guest kernel, so they need src/guestos; run_errors then also checks a
# program that only the kernel's ELF loader refuses.
if(NOT TARGET guestos)
  add_test(NAME run_errors COMMAND sh ${CLI_TESTS_DIR}/run_errors.sh $<TARGET_FILE:lstar>)
else()
  add_test(NAME run_errors COMMAND sh ${CLI_TESTS_DIR}/run_errors.sh $<TARGET_FILE:lstar> ${CMAKE_BINARY_DIR}/hello)
  add_test(NAME run_hello
           COMMAND sh ${CLI_TESTS_DIR}/run_compare.sh $<TARGET_FILE:lstar> ./hello a "two words" "")
  add_test(NAME run_hello_stdin
           COMMAND sh ${CLI_TESTS_DIR}/run_compare.sh $<TARGET_FILE:lstar> ./hello -)
  set_tests_properties(run_hello_stdin PROPERTIES ENVIRONMENT "STDIN=a line on stdin\n")
  add_test(NAME run_socket_demo
           COMMAND sh ${CLI_TESTS_DIR}/run_compare.sh $<TARGET_FILE:lstar> ./socket_demo)
  add_test(NAME run_socketcall32
           COMMAND sh ${CLI_TESTS_DIR}/run_compare.sh $<TARGET_FILE:lstar> ./socketcall32)
  add_test(NAME trace_strace_socket_demo
           COMMAND sh ${CLI_TESTS_DIR}/trace_strace.sh $<TARGET_FILE:lstar> ./socket_demo network,close)
  add_test(NAME trace_strace_socketcall32
           COMMAND sh ${CLI_TESTS_DIR}/trace_strace.sh $<TARGET_FILE:lstar> ./socketcall32 network,close)
  add_test(NAME trace_views COMMAND python3 ${CLI_TESTS_DIR}/trace_views.py $<TARGET_FILE:lstar> ${CMAKE_BINARY_DIR})
  set_tests_properties(run_hello run_hello_stdin run_socket_demo run_socketcall32 trace_strace_socket_demo
                       trace_strace_socketcall32 trace_views PROPERTIES
                       WORKING_DIRECTORY ${CMAKE_BINARY_DIR} TIMEOUT 300)
endif()
