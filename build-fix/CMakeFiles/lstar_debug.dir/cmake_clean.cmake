file(REMOVE_RECURSE
  "CMakeFiles/lstar_debug.dir/src/debug/trace.cpp.o"
  "CMakeFiles/lstar_debug.dir/src/debug/trace.cpp.o.d"
  "liblstar_debug.a"
  "liblstar_debug.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lstar_debug.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
