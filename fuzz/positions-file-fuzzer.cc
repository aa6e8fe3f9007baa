/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: ReadPositionsFile (--positionsFile) for a scenario of four
// devices and two edges. std::invalid_argument is the reader's documented
// answer to a bad file; anything else (another exception, an abort,
// NS_ASSERT, a sanitizer report, a hang) is a finding, and so is a position
// it returns outside the documented bounds.

#include "fuzz-input-file.h"

#include "ns3/positions-file.h"

#include <cmath>
#include <cstdlib>
#include <iostream>

namespace
{

/**
 * \brief Abort (a finding) if a returned position is not finite or lies
 *        beyond kPositionsMaxCoordinateM.
 * \param positions what the reader returned for one tier
 */
void
CheckBounds(const std::vector<std::optional<ns3::Vector>>& positions)
{
    for (const auto& p : positions)
    {
        if (p && !(std::fabs(p->x) <= ns3::kPositionsMaxCoordinateM &&
                   std::fabs(p->y) <= ns3::kPositionsMaxCoordinateM && std::isfinite(p->z)))
        {
            std::cerr << "r3d-fuzz-positions-file: position " << *p << " out of bounds"
                      << std::endl;
            std::abort();
        }
    }
}

} // namespace

/**
 * \brief libFuzzer's entry point.
 * \param data the input: the positions file's bytes
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    const std::string& path = r3dfuzz::WriteInputFile(data, size, ".csv");
    try
    {
        const NodePositions positions = ReadPositionsFile(path, 4, 2);
        if (positions.devices.size() != 4 || positions.edges.size() != 2)
        {
            std::cerr << "r3d-fuzz-positions-file: positions not sized by the scenario"
                      << std::endl;
            std::abort();
        }
        CheckBounds(positions.devices);
        CheckBounds(positions.edges);
    }
    catch (const std::invalid_argument&)
    {
    }
    return 0;
}
