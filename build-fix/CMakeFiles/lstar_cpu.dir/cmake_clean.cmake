file(REMOVE_RECURSE
  "CMakeFiles/lstar_cpu.dir/src/cpu/alu.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/alu.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/bits.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/bits.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/branch.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/branch.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/cpu.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/cpu.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/decode.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/decode.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/exchange.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/exchange.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/exec.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/exec.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/flagops.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/flagops.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/misc.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/misc.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/mov.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/mov.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/muldiv.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/muldiv.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/shift.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/shift.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/stack.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/stack.cpp.o.d"
  "CMakeFiles/lstar_cpu.dir/src/cpu/string.cpp.o"
  "CMakeFiles/lstar_cpu.dir/src/cpu/string.cpp.o.d"
  "liblstar_cpu.a"
  "liblstar_cpu.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lstar_cpu.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
