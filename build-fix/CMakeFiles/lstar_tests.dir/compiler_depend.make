# Empty compiler generated dependencies file for lstar_tests.
# This may be replaced when dependencies are built.
