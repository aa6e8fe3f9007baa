/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-allocator.h"

#include "ns3/log.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InferenceAllocator");

NS_OBJECT_ENSURE_REGISTERED(InferenceAllocator);

double
JobDemand::SoloTime() const
{
    return std::max(computeTime, memoryTime) + overhead;
}

double
JobDemand::TimeWith(const ResourceShare& share) const
{
    // A resource the layer does not use may get nothing (0 / 0 counts as 0).
    auto part = [](double time, double fraction) {
        if (time <= 0)
        {
            return 0.0;
        }
        return fraction > 0 ? time / fraction : std::numeric_limits<double>::infinity();
    };
    return std::max(part(computeTime, share.compute), part(memoryTime, share.bandwidth)) + overhead;
}

TypeId
InferenceAllocator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::InferenceAllocator").SetParent<Object>().SetGroupName("R3d");
    return tid;
}

uint32_t
InferenceAllocator::GetMaxConcurrentJobs() const
{
    return 0;
}

bool
InferenceAllocator::IsDemandAware() const
{
    return false;
}

} // namespace ns3
