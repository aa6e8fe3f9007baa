/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_ONE_AT_A_TIME_ALLOCATOR_H
#define R3D_ONE_AT_A_TIME_ALLOCATOR_H

#include "inference-allocator.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Exclusive execution: one job at a time holds the whole device; the
 *        others wait in the engine's queue.
 */
class OneAtATimeAllocator : public InferenceAllocator
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
    uint32_t GetMaxConcurrentJobs() const override;
    std::string GetName() const override;
};

} // namespace ns3

#endif /* R3D_ONE_AT_A_TIME_ALLOCATOR_H */
