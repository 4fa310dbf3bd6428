# tests/guestos/tests.cmake - the guest kernel's tests: programs booted as init under lstar and
# under QEMU (run_tests.sh). Included from the top-level CMakeLists.txt after guestos.cmake:
#   include(tests/guestos/tests.cmake)
if(NOT DEFINED LSTAR_TESTS OR LSTAR_TESTS)
  add_test(NAME guestos_programs
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_tests.sh $<TARGET_FILE:lstar> ${GUESTOS_ELF})
  set_tests_properties(guestos_programs PROPERTIES TIMEOUT 600)
endif()
