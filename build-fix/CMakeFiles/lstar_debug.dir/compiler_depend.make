# Empty compiler generated dependencies file for lstar_debug.
# This may be replaced when dependencies are built.
