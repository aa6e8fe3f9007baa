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

# One controller decision in-process vs the same observation and action over
# a ZeroMQ REQ/REP loopback round trip (ns3-gym's transport); independent of
# Google Benchmark, built when libzmq is found (C API only, no cppzmq).
# CMAKE_RUNTIME_OUTPUT_DIRECTORY (r3d-standalone.cmake) puts it in build/bin.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(ZMQ QUIET IMPORTED_TARGET libzmq)
endif()
if(ZMQ_FOUND AND R3D_HAVE_TORCH)
  add_executable(r3d-decision-benchmark benchmarks/decision-benchmark.cc)
  target_link_libraries(
    r3d-decision-benchmark PRIVATE ${libr3d} ${libr3d}-learning ${libcore} PkgConfig::ZMQ
  )
elseif(ZMQ_FOUND)
  message(STATUS "r3d: r3d-decision-benchmark needs LibTorch (the agent); not built")
else()
  message(
    STATUS
      "r3d: libzmq not found; r3d-decision-benchmark is not built (install libzmq3-dev)"
  )
endif()
