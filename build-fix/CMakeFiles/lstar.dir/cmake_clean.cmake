file(REMOVE_RECURSE
  "CMakeFiles/lstar.dir/src/cli/main.cpp.o"
  "CMakeFiles/lstar.dir/src/cli/main.cpp.o.d"
  "lstar"
  "lstar.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lstar.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
