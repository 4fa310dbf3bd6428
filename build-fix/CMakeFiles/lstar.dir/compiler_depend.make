# Empty compiler generated dependencies file for lstar.
# This may be replaced when dependencies are built.
