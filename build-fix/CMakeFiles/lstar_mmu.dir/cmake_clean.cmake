file(REMOVE_RECURSE
  "CMakeFiles/lstar_mmu.dir/src/mmu/mmu.cpp.o"
  "CMakeFiles/lstar_mmu.dir/src/mmu/mmu.cpp.o.d"
  "liblstar_mmu.a"
  "liblstar_mmu.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lstar_mmu.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
