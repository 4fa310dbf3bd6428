# Empty custom commands generated dependencies file for demo_bin.
# This may be replaced when dependencies are built.
