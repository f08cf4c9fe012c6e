# Empty dependencies file for indexer.
# This may be replaced when dependencies are built.
