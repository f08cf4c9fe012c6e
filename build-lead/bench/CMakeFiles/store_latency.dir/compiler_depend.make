# Empty compiler generated dependencies file for store_latency.
# This may be replaced when dependencies are built.
