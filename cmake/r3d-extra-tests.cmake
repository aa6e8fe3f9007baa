# Checks on the module's own build and data files that are not ns-3
# TestSuites. Standalone build only (in-tree, test.py runs the suites).
if(NOT R3D_STANDALONE)
  return()
endif()

find_package(Python3 REQUIRED COMPONENTS Interpreter)

# wscript-compat/wscript parses and names every file CMake builds.
add_test(NAME r3d-wscript-parity
         COMMAND ${Python3_EXECUTABLE}
                 ${CMAKE_CURRENT_SOURCE_DIR}/test/check-wscript.py
                 ${CMAKE_CURRENT_SOURCE_DIR}/wscript-compat/wscript
                 ${CMAKE_BINARY_DIR}/r3d-cmake-sources.txt
)
# data/models.json is exactly what the generator produces from the
# architecture definitions.
add_test(NAME r3d-models-up-to-date
         COMMAND ${Python3_EXECUTABLE}
                 ${CMAKE_CURRENT_SOURCE_DIR}/generator/generate-models.py --check
)

# doc/r3d-attributes.rst is exactly what r3d-print-attributes prints (with
# the learning library, so only in builds with LibTorch).
if(R3D_HAVE_TORCH)
  add_test(NAME r3d-attributes-up-to-date
           COMMAND ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/r3d-print-attributes
                   --check=${CMAKE_CURRENT_SOURCE_DIR}/doc/r3d-attributes.rst
  )
endif()

# The programs' command lines: outputs, error messages and exit codes, and
# NS_LOG in non-Release builds.
if(CMAKE_BUILD_TYPE STREQUAL "Release")
  set(r3d_logs OFF)
else()
  set(r3d_logs ON)
endif()
add_test(NAME r3d-programs
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/check-programs.sh
                 ${CMAKE_RUNTIME_OUTPUT_DIRECTORY} ${r3d_logs}
)

# Every bad input of test/bad-inputs.json answered by the right program with
# exit status 1 and a message naming the option or the file (and line).
add_test(NAME r3d-bad-inputs
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-bad-inputs.py
                 ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
)

# scripts/r3d-sweep against a fake program (grid, RngRun, run folders,
# failures, resume after a killed run and after an interrupted sweep, the
# merged CSV), the SLURM scripts it writes (run with bash; no SLURM needed),
# and one short sweep of r3d-mec-scenario; scripts/r3d-figures on synthetic
# merged CSVs. They need GNU Parallel, python3-pandas and python3-matplotlib
# (scripts/install-deps.sh).
add_test(NAME r3d-sweep
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-sweep.py fake
)
add_test(NAME r3d-sweep-slurm
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-sweep.py slurm
)
add_test(NAME r3d-sweep-e2e
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-sweep.py e2e
                 ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
)
add_test(NAME r3d-figures
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-figures.py
)

# benchmarks/mec-benchmark.py end to end on one 2 s run of this build (the
# table, the JSON and the figure are written); no timing is checked.
add_test(NAME r3d-benchmark-smoke
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/benchmarks/mec-benchmark.py
                 --quick --only warm,devices-8 --sizes 8
                 --bin ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
                 --output ${CMAKE_BINARY_DIR}/benchmark-smoke.json
                 --png ${CMAKE_BINARY_DIR}/benchmark-smoke.png
)
