# -DR3D_SANITIZE=ON (standalone build): AddressSanitizer (with LeakSanitizer)
# and UndefinedBehaviorSanitizer on the module's own code: its library, the
# learning library, the test runner and the programs. Debian's ns-3 and
# LibTorch stay uninstrumented; ASan's interceptors still see their heap.
# Run with the options and suppressions of test/sanitizers/ (the CTest tests
# of such a build set them; scripts/check-sanitizers.sh runs the whole check).
option(R3D_SANITIZE "Build r3d with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(R3D_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "r3d: R3D_SANITIZE=ON needs GCC or Clang (have ${CMAKE_CXX_COMPILER_ID})")
  endif()
  # Undefined-behaviour checks stay recoverable so that the suppressions of
  # test/sanitizers/ubsan.supp apply (they are ignored for unrecoverable
  # checks); UBSAN_OPTIONS=halt_on_error=1 (scripts/check-sanitizers.sh)
  # still ends the process, with a non-zero status, at the first report.
  set(r3d_sanitize_flags -fsanitize=address,undefined -fno-omit-frame-pointer)
  add_compile_options(${r3d_sanitize_flags})
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "r3d: R3D_SANITIZE=ON: AddressSanitizer + UndefinedBehaviorSanitizer")
endif()
