# Empty dependencies file for kb.
# This may be replaced when dependencies are built.
