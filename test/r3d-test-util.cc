/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "r3d-test-util.h"

#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace ns3
{
namespace r3dtest
{

std::string
WriteTempFile(const std::string& name, const std::string& contents)
{
    const char* tmp = std::getenv("TMPDIR");
    std::string path = std::string(tmp != nullptr ? tmp : "/tmp") + "/r3d-test-" +
                       std::to_string(getpid()) + "-" + name;
    std::ofstream out(path);
    out << contents;
    return path;
}

DeviceProfile
RoundDevice()
{
    DeviceProfile d;
    d.name = "round";
    d.deviceClass = "test";
    d.peakFlops[Precision::FP32] = 100e9;
    d.peakFlops[Precision::FP16] = 200e9;
    d.memoryBandwidth = 10e9;
    d.memoryCapacity = 1e9;
    d.storageBandwidth = 100e6;
    d.computeUnits = 4;
    d.computeUnitKind = "cores";
    d.idlePower = 1;
    d.maxPower = 5;
    RooflineEfficiency e{0.5, 0.5, 0.8, 10e-6};
    d.efficiency[Precision::FP32] = e;
    d.efficiency[Precision::FP16] = e;
    return d;
}

} // namespace r3dtest
} // namespace ns3
