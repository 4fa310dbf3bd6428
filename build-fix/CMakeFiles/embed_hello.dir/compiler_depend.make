# Empty compiler generated dependencies file for embed_hello.
# This may be replaced when dependencies are built.
