
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/tests/cpu/alu_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/alu_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/alu_test.cpp.o.d"
  "/work/main/tests/cpu/bits_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/bits_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/bits_test.cpp.o.d"
  "/work/main/tests/cpu/branch_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/branch_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/branch_test.cpp.o.d"
  "/work/main/tests/cpu/exchange_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/exchange_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/exchange_test.cpp.o.d"
  "/work/main/tests/cpu/exec_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/exec_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/exec_test.cpp.o.d"
  "/work/main/tests/cpu/flagops_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/flagops_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/flagops_test.cpp.o.d"
  "/work/main/tests/cpu/misc_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/misc_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/misc_test.cpp.o.d"
  "/work/main/tests/cpu/mov_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/mov_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/mov_test.cpp.o.d"
  "/work/main/tests/cpu/muldiv_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/muldiv_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/muldiv_test.cpp.o.d"
  "/work/main/tests/cpu/shift_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/shift_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/shift_test.cpp.o.d"
  "/work/main/tests/cpu/stack_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/stack_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/stack_test.cpp.o.d"
  "/work/main/tests/cpu/string_test.cpp" "CMakeFiles/lstar_tests.dir/tests/cpu/string_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/cpu/string_test.cpp.o.d"
  "/work/main/tests/difftest/compare_test.cpp" "CMakeFiles/lstar_tests.dir/tests/difftest/compare_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/difftest/compare_test.cpp.o.d"
  "/work/main/tests/difftest/forms_test.cpp" "CMakeFiles/lstar_tests.dir/tests/difftest/forms_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/difftest/forms_test.cpp.o.d"
  "/work/main/tests/difftest/native_test.cpp" "CMakeFiles/lstar_tests.dir/tests/difftest/native_test.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/difftest/native_test.cpp.o.d"
  "/work/main/tests/main.cpp" "CMakeFiles/lstar_tests.dir/tests/main.cpp.o" "gcc" "CMakeFiles/lstar_tests.dir/tests/main.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-fix/CMakeFiles/lstar_cpu.dir/DependInfo.cmake"
  "/work/main/build-fix/CMakeFiles/lstar_debug.dir/DependInfo.cmake"
  "/work/main/build-fix/CMakeFiles/lstar_difftest.dir/DependInfo.cmake"
  "/work/main/build-fix/CMakeFiles/lstar_mmu.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
