/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Shared by the module's test suites (not installed).

#ifndef R3D_TEST_UTIL_H
#define R3D_TEST_UTIL_H

#include "ns3/device-profile.h"

#include <string>

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

} // namespace r3dtest
} // namespace ns3

#endif /* R3D_TEST_UTIL_H */
