
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  "ASM"
  )
# The set of files for implicit dependencies of each language:
set(CMAKE_DEPENDS_CHECK_ASM
  "/work/main/src/difftest/trampoline.S" "/work/main/build-fix/CMakeFiles/lstar_difftest.dir/src/difftest/trampoline.S.o"
  )
set(CMAKE_ASM_COMPILER_ID "GNU")

# Preprocessor definitions for this target.
set(CMAKE_TARGET_DEFINITIONS_ASM
  "FMT_SHARED"
  )

# The include file search paths:
set(CMAKE_ASM_TARGET_INCLUDE_PATH
  "/work/main/src"
  "/usr/include"
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/difftest/addressing.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/addressing.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/addressing.cpp.o.d"
  "/work/main/src/difftest/compare.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/compare.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/compare.cpp.o.d"
  "/work/main/src/difftest/difftest.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/difftest.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/difftest.cpp.o.d"
  "/work/main/src/difftest/emulate.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/emulate.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/emulate.cpp.o.d"
  "/work/main/src/difftest/forms.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/forms.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/forms.cpp.o.d"
  "/work/main/src/difftest/generate.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/generate.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/generate.cpp.o.d"
  "/work/main/src/difftest/implicit.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/implicit.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/implicit.cpp.o.d"
  "/work/main/src/difftest/native.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/native.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/native.cpp.o.d"
  "/work/main/src/difftest/report.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/report.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/report.cpp.o.d"
  "/work/main/src/difftest/undefined.cpp" "CMakeFiles/lstar_difftest.dir/src/difftest/undefined.cpp.o" "gcc" "CMakeFiles/lstar_difftest.dir/src/difftest/undefined.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-fix/CMakeFiles/lstar_cpu.dir/DependInfo.cmake"
  "/work/main/build-fix/CMakeFiles/lstar_mmu.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
