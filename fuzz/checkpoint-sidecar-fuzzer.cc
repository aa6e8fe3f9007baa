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
#include "r3d-test-util.h"

#include "ns3/agent-checkpoint.h"

#include <cmath>
#include <cstdlib>
#include <iostream>

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
    // A device, an edge and the cloud; models "a" and "b".
    static const MecView view = r3dtest::SmallAgentView();
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
