/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_ALLOCATOR_H
#define R3D_INFERENCE_ALLOCATOR_H

#include "roofline-model.h"

#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief What a running job's current layer needs: its Roofline times with
 *        the whole device.
 *
 * With a share (c, m) the layer takes max(computeTime / c, memoryTime / m) +
 * overhead (RooflineModel's equation); with the whole device, its solo time
 * max(computeTime, memoryTime) + overhead.
 */
struct JobDemand
{
    double computeTime{0}; //!< FLOPs / attainable FLOP/s of the whole device, s
    double memoryTime{0};  //!< bytes / attainable bandwidth of the whole device, s
    double overhead{0};    //!< fixed per-layer time, s (not shortened by a larger share)

    /** \return the layer's time with the whole device, s */
    double SoloTime() const;

    /**
     * \param share a share of the device
     * \return the layer's time with that share, s (infinite if a needed
     *         resource gets nothing)
     */
    double TimeWith(const ResourceShare& share) const;
};

/**
 * \ingroup r3d
 * \brief Divides a device's compute units and memory bandwidth among the
 *        inference jobs running on it.
 *
 * The engine calls Allocate whenever its set of running jobs changes, and, if
 * IsDemandAware(), whenever a job starts a new layer. Every grant must keep
 * the sums of compute and of bandwidth shares within 1.
 */
class InferenceAllocator : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Divide the device.
     * \param jobs the running jobs' current demands (at least one)
     * \param computeUnits the device's compute units
     * \param discreteUnits whether compute must be granted in whole units
     *        (when there are at least as many units as jobs)
     * \return one share per job, in the same order
     */
    virtual std::vector<ResourceShare> Allocate(const std::vector<JobDemand>& jobs,
                                                uint32_t computeUnits,
                                                bool discreteUnits) const = 0;

    /**
     * \return the most jobs this policy runs at once (0: no limit of its own;
     *         the engine's cap still applies)
     */
    virtual uint32_t GetMaxConcurrentJobs() const;

    /**
     * \return whether the grants depend on the jobs' demands, so the engine
     *         must re-allocate at every layer boundary
     */
    virtual bool IsDemandAware() const;

    /** \return the policy's short name ("ram", "equal-share", ...) */
    virtual std::string GetName() const = 0;
};

} // namespace ns3

#endif /* R3D_INFERENCE_ALLOCATOR_H */
