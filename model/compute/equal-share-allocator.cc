/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "equal-share-allocator.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(EqualShareAllocator);

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
