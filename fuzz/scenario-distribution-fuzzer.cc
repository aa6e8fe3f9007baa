/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: ScenarioDistribution::Load (r3d-train --distribution), then,
// for a file that loads, Apply and Describe for two episodes, as r3d-train
// does. std::invalid_argument is Load's documented answer to a bad file;
// anything else (another exception, an abort, NS_ASSERT, a sanitizer report,
// a hang) is a finding.

#include "fuzz-input-file.h"

#include "ns3/scenario-distribution.h"

/**
 * \brief libFuzzer's entry point.
 * \param data the input: the distribution file's bytes
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    const std::string& path = r3dfuzz::WriteInputFile(data, size, ".json");
    try
    {
        const ScenarioDistribution distribution = ScenarioDistribution::Load(path);
        for (uint64_t run = 1; run <= 2; ++run)
        {
            MecScenarioParameters p;
            distribution.Apply(p, 1, run);
            distribution.Describe(p);
        }
    }
    catch (const std::invalid_argument&)
    {
    }
    return 0;
}
