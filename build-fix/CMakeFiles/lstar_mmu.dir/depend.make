# Empty dependencies file for lstar_mmu.
# This may be replaced when dependencies are built.
