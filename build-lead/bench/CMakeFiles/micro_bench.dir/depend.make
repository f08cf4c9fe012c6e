# Empty dependencies file for micro_bench.
# This may be replaced when dependencies are built.
