/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: ReadFaultsFile (--faults) for a scenario of four devices and
// two edges. std::invalid_argument is the reader's documented answer to a
// bad file; anything else (another exception, an abort, NS_ASSERT, a
// sanitizer report, a hang) is a finding, and so is an event it returns
// that breaks the documented properties.

#include "fuzz-input-file.h"

#include "ns3/faults-file.h"
#include "ns3/option-values.h"

#include <cmath>
#include <cstdlib>
#include <iostream>

namespace
{

/**
 * \brief Abort (a finding) with a message.
 * \param what the broken property
 */
[[noreturn]] void
Finding(const std::string& what)
{
    std::cerr << "r3d-fuzz-faults-file: " << what << std::endl;
    std::abort();
}

} // namespace

/**
 * \brief libFuzzer's entry point.
 * \param data the input: the faults file's bytes
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    const uint32_t nDevices = 4;
    const uint32_t nEdges = 2;
    const std::string& path = r3dfuzz::WriteInputFile(data, size, ".csv");
    try
    {
        double previous = 0;
        for (const MecFaultEvent& e : ReadFaultsFile(path, nDevices, nEdges))
        {
            // Times within the documented range and in order.
            if (!(e.time >= previous && e.time <= r3d::kMaxOptionSeconds))
            {
                Finding("time " + std::to_string(e.time) + " out of range or order");
            }
            previous = e.time;
            if (e.action == MecFaultEvent::LOSS && !(e.lossRate >= 0 && e.lossRate <= 1))
            {
                Finding("loss rate " + std::to_string(e.lossRate) + " outside [0, 1]");
            }
            // One kind of target; loss for links only, away/back for devices.
            if (e.isNode && e.isController)
            {
                Finding("a target both node and controller");
            }
            if (e.isNode && e.nodeIndex > nDevices + nEdges)
            {
                Finding("node index " + std::to_string(e.nodeIndex) + " beyond the cloud");
            }
            if (e.action == MecFaultEvent::LOSS && (e.isNode || e.isController))
            {
                Finding("loss on a node or the controller");
            }
            if ((e.action == MecFaultEvent::AWAY || e.action == MecFaultEvent::BACK) &&
                !(e.isNode && e.nodeIndex < nDevices))
            {
                Finding("away/back on something other than a device");
            }
        }
    }
    catch (const std::invalid_argument&)
    {
    }
    return 0;
}
