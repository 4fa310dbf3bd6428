// STUB main; replaced by the CLI.
#include <cstdio>
int main() { std::puts("lstar"); return 0; }
