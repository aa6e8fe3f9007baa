# Third-party dependencies of r3d, found the same way in both build modes.
#
# Imported GLOBAL: in-tree, ns-3 links every module into programs defined in
# other directories (scratch/), which must see these imported targets too.
find_package(nlohmann_json 3.10 REQUIRED GLOBAL)
find_package(Boost 1.74 REQUIRED GLOBAL)

# LibTorch: the DRL agent (model/ppo-agent.cc) and the host calibration
# (r3d-calibrate). Required; <torch/torch.h> is compiled only where needed.
find_package(Torch REQUIRED GLOBAL)
message(STATUS "r3d: LibTorch found (${TORCH_INSTALL_PREFIX})")
