# Empty compiler generated dependencies file for lstar_difftest.
# This may be replaced when dependencies are built.
