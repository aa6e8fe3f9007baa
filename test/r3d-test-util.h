/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Shared by the module's test suites (not installed).

#ifndef R3D_TEST_UTIL_H
#define R3D_TEST_UTIL_H

#include "ns3/device-profile.h"
#include "ns3/mec-view.h"
#include "ns3/model-catalog.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace r3dtest
{

/**
 * \brief Write text to a new file in the system's temporary folder.
 * \param name a file name unique within the test run
 * \param contents the text
 * \return the file's path
 */
std::string WriteTempFile(const std::string& name, const std::string& contents);

/**
 * \brief A device with round numbers, for hand-computed expectations:
 *        fp32 100 GFLOP/s, fp16 200 GFLOP/s, 10 GB/s, 4 cores; efficiency
 *        at both precisions: compute 0.5, depthwise 0.5, memory 0.8,
 *        layer overhead 10 us.
 * \return the device
 */
DeviceProfile RoundDevice();

/**
 * \brief A device for engine tests: 100 GFLOP/s fp32, 10 GB/s, efficiency 1,
 *        no per-layer overhead, 4 cores, idle 1 W, max 5 W. A layer's compute
 *        time is flops / 1e11 s and its memory time bytes / 1e10 s.
 * \return the device
 */
DeviceProfile EngineDevice();

/**
 * \brief Write a model catalog whose models are lists of conv layers with
 *        the given FLOPs and fp32 bytes (all bytes as weights).
 * \param name file name
 * \param models (model name, [(flops, bytes), ...]) pairs
 * \return the catalog
 */
Ptr<ModelCatalog> WriteModels(
    const std::string& name,
    const std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>& models);

/**
 * \brief Append a server node to a hand-built view: index and nodeId its
 *        position, the other fields default.
 * \param view the view
 * \param name node name
 * \param tier tier
 * \param site site (-1: none)
 * \param memoryCapacity memory for models, bytes
 * \return the new entry, for further fields
 */
MecNodeInfo& AddNode(MecView& view,
                     const std::string& name,
                     Tier tier,
                     int32_t site,
                     double memoryCapacity);

/**
 * \param kind kind
 * \param node target node index
 * \param model model index
 * \param source MIGRATE's source node index
 * \return the action
 */
DeploymentAction Act(DeploymentAction::Kind kind,
                     uint32_t node,
                     uint32_t model,
                     uint32_t source = 0);

/**
 * \param actions actions
 * \return them as text, for test messages ("DEPLOY(n3,m1) ...")
 */
std::string Show(const std::vector<DeploymentAction>& actions);

/**
 * \brief A small controller view for the learning-policy tests: a device
 *        (node 0, its origin 0), an edge (1) and the cloud (2); models "a"
 *        (100 MB, deadline 0.1 s) and "b" (200 MB, 0.2 s); the edge holds
 *        "a"; nothing reported; paths at 100 Mb/s and 5 ms.
 * \return the view
 */
MecView SmallAgentView();

} // namespace r3dtest
} // namespace ns3

#endif /* R3D_TEST_UTIL_H */
