# Third-party dependencies of r3d, found the same way in both build modes.
#
# Imported GLOBAL: in-tree, ns-3 links every module into programs defined in
# other directories (scratch/), which must see these imported targets too.
find_package(nlohmann_json 3.10 REQUIRED GLOBAL)
find_package(Boost 1.74 REQUIRED GLOBAL)

# LibTorch is needed only by the few programs that run real DNNs (the host
# calibration) and, later, by the DRL agent. Found once here; the targets that
# use it add it explicitly so <torch/torch.h> is compiled only where needed.
find_package(Torch QUIET GLOBAL)
if(Torch_FOUND)
  message(STATUS "r3d: LibTorch found (${TORCH_INSTALL_PREFIX})")
else()
  message(
    STATUS
      "r3d: LibTorch not found; r3d-calibrate is not built (install libtorch-dev)"
  )
endif()
