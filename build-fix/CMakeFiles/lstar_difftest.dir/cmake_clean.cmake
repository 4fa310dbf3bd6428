file(REMOVE_RECURSE
  "CMakeFiles/lstar_difftest.dir/src/difftest/addressing.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/addressing.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/compare.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/compare.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/difftest.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/difftest.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/emulate.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/emulate.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/forms.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/forms.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/generate.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/generate.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/implicit.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/implicit.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/native.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/native.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/report.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/report.cpp.o.d"
  "CMakeFiles/lstar_difftest.dir/src/difftest/trampoline.S.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/undefined.cpp.o"
  "CMakeFiles/lstar_difftest.dir/src/difftest/undefined.cpp.o.d"
  "liblstar_difftest.a"
  "liblstar_difftest.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang ASM CXX)
  include(CMakeFiles/lstar_difftest.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
