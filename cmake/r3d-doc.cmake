# The documentation, on demand (not part of "all"): Doxygen's API reference
# and the Sphinx site, both with warnings as errors (scripts/check-docs.sh,
# which CI runs too).
#
#   cmake --build build --target r3d-doc   ->  build/doc/html, build/doc/api/html
if(NOT R3D_STANDALONE)
  return()
endif()
add_custom_target(
  r3d-doc
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check-docs.sh ${CMAKE_BINARY_DIR}/doc
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  COMMENT "r3d: Doxygen and Sphinx documentation (warnings are errors)"
  USES_TERMINAL
)
