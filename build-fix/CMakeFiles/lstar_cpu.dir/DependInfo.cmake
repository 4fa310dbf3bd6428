
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/cpu/alu.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/alu.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/alu.cpp.o.d"
  "/work/main/src/cpu/bits.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/bits.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/bits.cpp.o.d"
  "/work/main/src/cpu/branch.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/branch.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/branch.cpp.o.d"
  "/work/main/src/cpu/cpu.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/cpu.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/cpu.cpp.o.d"
  "/work/main/src/cpu/decode.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/decode.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/decode.cpp.o.d"
  "/work/main/src/cpu/exchange.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/exchange.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/exchange.cpp.o.d"
  "/work/main/src/cpu/exec.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/exec.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/exec.cpp.o.d"
  "/work/main/src/cpu/flagops.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/flagops.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/flagops.cpp.o.d"
  "/work/main/src/cpu/misc.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/misc.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/misc.cpp.o.d"
  "/work/main/src/cpu/mov.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/mov.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/mov.cpp.o.d"
  "/work/main/src/cpu/muldiv.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/muldiv.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/muldiv.cpp.o.d"
  "/work/main/src/cpu/shift.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/shift.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/shift.cpp.o.d"
  "/work/main/src/cpu/stack.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/stack.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/stack.cpp.o.d"
  "/work/main/src/cpu/string.cpp" "CMakeFiles/lstar_cpu.dir/src/cpu/string.cpp.o" "gcc" "CMakeFiles/lstar_cpu.dir/src/cpu/string.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-fix/CMakeFiles/lstar_mmu.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
