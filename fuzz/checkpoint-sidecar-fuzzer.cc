/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: the checkpoint sidecar reader, AgentCheckpoint::ReadSidecar
// (the first half of AgentCheckpoint::Load, which needs no agent and no
// LibTorch), for a "ppo" agent with PpoAgent's hyper-parameters; for a
// sidecar that reads, AgentCheckpoint::Compare of its signature with a
// small view, as R3dPolicy does at its first decision.
// std::invalid_argument is the documented answer of both to bad input;
// anything else (another exception, an abort, NS_ASSERT, a sanitizer
// report, a hang) is a finding.

#include "fuzz-input-file.h"

#include "ns3/agent-checkpoint.h"

#include <cmath>
#include <cstdlib>
#include <iostream>

namespace
{

/**
 * \brief A small view: a device, an edge and the cloud; models "a" and "b".
 * \return the view
 */
ns3::MecView
MakeView()
{
    using namespace ns3;
    MecView v;
    v.now = Seconds(1);
    const std::vector<std::pair<std::string, Tier>> nodes = {{"device-0", Tier::END},
                                                             {"edge-0", Tier::EDGE},
                                                             {"cloud", Tier::CLOUD}};
    for (std::size_t n = 0; n < nodes.size(); ++n)
    {
        MecNodeInfo info;
        info.index = n;
        info.nodeId = n;
        info.name = nodes[n].first;
        info.device = nodes[n].first;
        info.tier = nodes[n].second;
        info.site = nodes[n].second == Tier::CLOUD ? -1 : 0;
        info.memoryCapacity = 500e6;
        info.dynamicPower = 10;
        v.nodes.push_back(info);
    }
    v.models = {"a", "b"};
    v.weightBytes = {100e6, 200e6};
    v.inputBytes = {120000, 1e6};
    v.resultBytes = {5000, 0};
    v.deadline = {0.1, 0.2};
    v.origins = {0};
    v.demand.assign(1, std::vector<double>(2, 0.0));
    v.links.resize(1);
    v.status.resize(3);
    for (MecNodeStatus& s : v.status)
    {
        s.models.assign(2, ModelState::ABSENT);
    }
    v.computeTime = {{0.05, 0.2}, {0.01, 0.04}, {0.002, 0.008}};
    v.defaultPathRate = 1e8;
    v.defaultPathRtt = 0.005;
    return v;
}

} // namespace

/**
 * \brief libFuzzer's entry point.
 * \param data the input: the sidecar's bytes
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    static const MecView view = MakeView();
    // PpoAgent::GetHyperParameters' names (model/learning/ppo-agent.cc).
    static const std::vector<std::string> hyperParameters = {"Hidden",
                                                             "LearningRate",
                                                             "Gamma",
                                                             "Lambda",
                                                             "Clip",
                                                             "Epochs",
                                                             "EntropyCoefficient",
                                                             "ValueCoefficient",
                                                             "MaxGradNorm",
                                                             "KeepBias",
                                                             "InitialKeepBias",
                                                             "GainPrior",
                                                             "DevicePrior",
                                                             "Seed"};
    // The sidecar of weights "<name>.pt" is "<name>.json".
    const std::string& sidecar = r3dfuzz::WriteInputFile(data, size, ".json");
    static const std::string weights = sidecar.substr(0, sidecar.size() - 5) + ".pt";
    AgentCheckpoint::Sidecar read;
    try
    {
        read = AgentCheckpoint::ReadSidecar(weights, "ppo", hyperParameters);
    }
    catch (const std::invalid_argument&)
    {
        return 0;
    }
    for (const auto& [name, value] : read.hyperParameters)
    {
        if (!std::isfinite(value))
        {
            std::cerr << "r3d-fuzz-checkpoint-sidecar: hyper-parameter " << name << " read as "
                      << value << std::endl;
            std::abort();
        }
    }
    try
    {
        AgentCheckpoint::Compare(read.scenario, view);
    }
    catch (const std::invalid_argument&)
    {
    }
    return 0;
}
