# CMake generated Testfile for 
# Source directory: /work/main/kb
# Build directory: /work/main/build-lead/kb
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
