# Empty compiler generated dependencies file for lstar_cpu.
# This may be replaced when dependencies are built.
