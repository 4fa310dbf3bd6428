file(REMOVE_RECURSE
  "CMakeFiles/embed_hello.dir/examples/embed_hello.cpp.o"
  "CMakeFiles/embed_hello.dir/examples/embed_hello.cpp.o.d"
  "embed_hello"
  "embed_hello.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/embed_hello.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
