/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-allocator.h"

#include "ram-allocator.h"

#include "ns3/log.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InferenceAllocator");

NS_OBJECT_ENSURE_REGISTERED(InferenceAllocator);
NS_OBJECT_ENSURE_REGISTERED(OneAtATimeAllocator);
NS_OBJECT_ENSURE_REGISTERED(EqualShareAllocator);

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

Ptr<InferenceAllocator>
InferenceAllocator::CreateByName(const std::string& name)
{
    if (name == "one-at-a-time")
    {
        return CreateObject<OneAtATimeAllocator>();
    }
    if (name == "equal-share")
    {
        return CreateObject<EqualShareAllocator>();
    }
    if (name == "ram")
    {
        return CreateObject<RamAllocator>();
    }
    return nullptr;
}

std::string
InferenceAllocator::GetNames()
{
    return "one-at-a-time, equal-share, ram";
}

TypeId
OneAtATimeAllocator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::OneAtATimeAllocator")
                            .SetParent<InferenceAllocator>()
                            .SetGroupName("R3d")
                            .AddConstructor<OneAtATimeAllocator>();
    return tid;
}

std::vector<ResourceShare>
OneAtATimeAllocator::Allocate(const std::vector<JobDemand>& jobs,
                              uint32_t /* computeUnits */,
                              bool /* discreteUnits */) const
{
    NS_ASSERT_MSG(jobs.size() == 1, "one-at-a-time runs a single job");
    return {ResourceShare{1.0, 1.0}};
}

uint32_t
OneAtATimeAllocator::GetMaxConcurrentJobs() const
{
    return 1;
}

std::string
OneAtATimeAllocator::GetName() const
{
    return "one-at-a-time";
}

TypeId
EqualShareAllocator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EqualShareAllocator")
                            .SetParent<InferenceAllocator>()
                            .SetGroupName("R3d")
                            .AddConstructor<EqualShareAllocator>();
    return tid;
}

std::vector<ResourceShare>
EqualShareAllocator::Allocate(const std::vector<JobDemand>& jobs,
                              uint32_t /* computeUnits */,
                              bool /* discreteUnits */) const
{
    double share = 1.0 / jobs.size();
    return std::vector<ResourceShare>(jobs.size(), ResourceShare{share, share});
}

std::string
EqualShareAllocator::GetName() const
{
    return "equal-share";
}

} // namespace ns3
