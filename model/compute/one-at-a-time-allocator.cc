/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "one-at-a-time-allocator.h"

#include "ns3/assert.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(OneAtATimeAllocator);

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

} // namespace ns3
