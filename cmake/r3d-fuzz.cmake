# Fuzz targets of the module's input readers (fuzz/, standalone build only).
#
# Every build compiles each target with fuzz/replay-main.cc into an
# executable r3d-fuzz-<name> that runs the inputs it is given (files or
# folders) once, and a CTest test r3d-fuzz-replay-<name> replays the
# committed corpus fuzz/corpus/<name>/: no fuzzer is needed for that, and an
# input that ever crashed a reader stays a regression test.
#
# With -DR3D_FUZZ=ON (clang only), the module's library is instrumented for
# libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer and the
# targets are linked with libFuzzer's own main instead:
# scripts/run-fuzzers.sh builds and runs them.
if(NOT R3D_STANDALONE)
  return()
endif()

option(R3D_FUZZ "Build the fuzz targets with libFuzzer, ASan and UBSan (clang only)" OFF)

# One name per fuzz/<name>-fuzzer.cc, corpus in fuzz/corpus/<name>/.
set(r3d_fuzz_targets
    device-catalog
    model-catalog
    workload-trace
    static-deployment
    checkpoint-sidecar
    mec-message
    positions-file
    scenario-distribution
    faults-file
)

if(R3D_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(
      FATAL_ERROR
        "r3d: R3D_FUZZ=ON needs clang (libFuzzer), the compiler is ${CMAKE_CXX_COMPILER_ID}: "
        "configure a separate build folder with CC=clang CXX=clang++ (see scripts/run-fuzzers.sh)"
    )
  endif()
  if(R3D_SANITIZE)
    message(FATAL_ERROR "r3d: R3D_FUZZ=ON already sanitizes; configure it without R3D_SANITIZE")
  endif()
  # -fno-sanitize-recover: an undefined-behaviour report ends the run, so
  # the fuzzer records it as a crash instead of printing it and going on.
  set(r3d_fuzz_common -fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer
  )
  # The library gets the coverage instrumentation without libFuzzer's main;
  # whatever else links it (programs, test runner) needs the sanitizers'
  # runtimes, hence the public link option.
  target_compile_options(${libr3d} PRIVATE -fsanitize=fuzzer-no-link ${r3d_fuzz_common})
  target_link_options(${libr3d} PUBLIC -fsanitize=address,undefined)
  message(STATUS "r3d: R3D_FUZZ=ON: libFuzzer targets r3d-fuzz-* with ASan and UBSan")
endif()

add_custom_target(r3d-fuzz)
foreach(name ${r3d_fuzz_targets})
  set(target r3d-fuzz-${name})
  if(R3D_FUZZ)
    add_executable(${target} fuzz/${name}-fuzzer.cc)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer ${r3d_fuzz_common})
    target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
    # libFuzzer's main: -runs=0 runs the corpus once and stops.
    set(replay_options -runs=0)
  else()
    add_executable(${target} fuzz/${name}-fuzzer.cc fuzz/replay-main.cc)
    set(replay_options "")
  endif()
  target_link_libraries(${target} PRIVATE ${libr3d})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
  if(name STREQUAL "checkpoint-sidecar" OR name STREQUAL "static-deployment")
    # Their views come from the tests' builders.
    target_sources(${target} PRIVATE test/r3d-test-util.cc)
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/test)
  endif()
  add_dependencies(r3d-fuzz ${target})
  add_test(NAME r3d-fuzz-replay-${name}
           COMMAND ${target} ${replay_options} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name}
  )
endforeach()
