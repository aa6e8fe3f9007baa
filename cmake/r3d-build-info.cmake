# Run at every build (cmake -P, from the r3d-build-info target): writes the
# module's version (CITATION.cff) and the git commit of the source tree into
# OUTPUT, a header that helper/module-info.cc includes. configure_file only
# rewrites it when its content changes, so a build at the same commit
# recompiles nothing.
#
#   cmake -DSOURCE_DIR=<module root> -DOUTPUT=<header> -P cmake/r3d-build-info.cmake
cmake_minimum_required(VERSION 3.16)
set(r3d_version "unknown")
if(EXISTS "${SOURCE_DIR}/CITATION.cff")
  file(STRINGS "${SOURCE_DIR}/CITATION.cff" r3d_version_line REGEX "^version:")
  if(r3d_version_line)
    string(REGEX REPLACE "^version:[ \t]*\"?([^\" \t]+)\"?.*$" "\\1" r3d_version "${r3d_version_line}")
  endif()
endif()

set(r3d_commit "unknown")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(
    COMMAND ${GIT_EXECUTABLE} -C "${SOURCE_DIR}" rev-parse HEAD
    OUTPUT_VARIABLE r3d_head
    OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE r3d_rc
    ERROR_QUIET
  )
  if(r3d_rc EQUAL 0 AND r3d_head)
    set(r3d_commit "${r3d_head}")
    # Tracked files only: build outputs and untracked notes do not count.
    execute_process(
      COMMAND ${GIT_EXECUTABLE} -C "${SOURCE_DIR}" diff --quiet HEAD --
      RESULT_VARIABLE r3d_dirty
      ERROR_QUIET
    )
    if(NOT r3d_dirty EQUAL 0)
      set(r3d_commit "${r3d_commit}-dirty")
    endif()
  endif()
endif()

file(
  WRITE "${OUTPUT}.tmp"
  "// Written by cmake/r3d-build-info.cmake at build time; do not edit.\n"
  "#define R3D_MODULE_VERSION \"${r3d_version}\"\n"
  "#define R3D_BUILD_COMMIT \"${r3d_commit}\"\n"
)
configure_file("${OUTPUT}.tmp" "${OUTPUT}" COPYONLY)
