
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/examples/embed_hello.cpp" "CMakeFiles/embed_hello.dir/examples/embed_hello.cpp.o" "gcc" "CMakeFiles/embed_hello.dir/examples/embed_hello.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-fix/CMakeFiles/lstar_cpu.dir/DependInfo.cmake"
  "/work/main/build-fix/CMakeFiles/lstar_mmu.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
