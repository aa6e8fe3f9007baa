# Third-party dependencies of r3d, found the same way in both build modes.
#
# Imported GLOBAL: in-tree, ns-3 links every module into programs defined in
# other directories (scratch/), which must see these imported targets too.
find_package(nlohmann_json 3.10 REQUIRED GLOBAL)
find_package(Boost 1.74 REQUIRED GLOBAL)

# LibTorch, optional: the R3D agent's PPO learner (model/learning/ppo-agent.cc,
# built into a library of its own that the main library loads on first use),
# r3d-train and the host calibration (r3d-calibrate). Without it everything
# else builds; --policy=r3d then says that the agent is not available.
option(R3D_TORCH "Build the learning agent, r3d-train and r3d-calibrate with LibTorch" ON)
set(R3D_HAVE_TORCH OFF)
if(R3D_TORCH)
  find_package(Torch QUIET GLOBAL)
  if(Torch_FOUND)
    set(R3D_HAVE_TORCH ON)
    message(STATUS "r3d: LibTorch found (${TORCH_INSTALL_PREFIX}): the learning agent, r3d-train and r3d-calibrate are built")
  else()
    message(STATUS "r3d: LibTorch not found (Debian: libtorch-dev): building without the learning agent, r3d-train and r3d-calibrate")
  endif()
else()
  message(STATUS "r3d: R3D_TORCH=OFF: building without the learning agent, r3d-train and r3d-calibrate")
endif()
