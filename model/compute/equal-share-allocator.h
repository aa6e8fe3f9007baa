/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_EQUAL_SHARE_ALLOCATOR_H
#define R3D_EQUAL_SHARE_ALLOCATOR_H

#include "inference-allocator.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Time-sliced processor sharing: each of n running jobs gets 1/n of
 *        the compute units and 1/n of the bandwidth, whatever it needs.
 */
class EqualShareAllocator : public InferenceAllocator
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::vector<ResourceShare> Allocate(const std::vector<JobDemand>& jobs,
                                        uint32_t computeUnits,
                                        bool discreteUnits) const override;
    std::string GetName() const override;
};

} // namespace ns3

#endif /* R3D_EQUAL_SHARE_ALLOCATOR_H */
