# Benchmarks (standalone builds, when Google Benchmark is installed). Kept
# out of the top-level CMakeLists.txt: in-tree, ns-3's configure reads that
# file's text for ${libX} and would enable every ns-3 module named here.
find_package(benchmark QUIET)
if(benchmark_FOUND)
  add_executable(r3d-engine-benchmark benchmarks/engine-benchmark.cc)
  target_link_libraries(
    r3d-engine-benchmark PRIVATE ${libr3d} ${libinternet} ${libpoint-to-point}
                                 ${libapplications} benchmark::benchmark
  )
endif()
