/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_RAM_ALLOCATOR_H
#define R3D_RAM_ALLOCATOR_H

#include "inference-allocator.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief RAM (Resource Adaptive Management), R3D's Roofline-aware allocator.
 *
 * A job's speed is measured against its solo speed: at normalized speed a in
 * (0, 1] its current layer takes SoloTime / a, which needs a compute share
 * c = t_c / D and a bandwidth share m = t_m / D, D = SoloTime / a - t_0 --
 * a memory-bound job needs little compute, a compute-bound one little
 * bandwidth. RAM maximizes the speeds lexicographically from the slowest up
 * (max-min fairness on normalized speed, a.k.a. progressive filling) subject
 * to sum c <= 1 and sum m <= 1:
 *
 *  1. raise a common speed a for all unfrozen jobs until a resource is full
 *     (or a = 1);
 *  2. freeze the jobs that use the full resource; the others keep rising.
 *
 * Each round freezes at least one job, so the result is exact after at most
 * n rounds (each a bisection on a). A memory-bound job thus receives only the
 * compute its bandwidth can feed, and the compute it cannot use goes to the
 * compute-bound jobs. No job can then go faster without slowing a job that
 * is no faster (Pareto-optimal), and with no per-layer overhead every job
 * runs at least at 1/n of its solo speed, equal-share's speed: see
 * doc/r3d.rst for the proof and for the discrete case.
 *
 * With discrete compute units (cores, SMs) and no more jobs than units, jobs
 * get whole units: one each, then one at a time to the job whose
 * compute-limited speed is lowest; bandwidth is then filled as above with
 * each job capped at its compute-limited speed. If that leaves any job slower
 * than equal sharing would run it, RAM time-slices instead (the continuous
 * solution).
 */
class RamAllocator : public InferenceAllocator
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
    bool IsDemandAware() const override;
    std::string GetName() const override;

    /**
     * \brief The continuous (time-sliced) RAM allocation.
     * \param jobs the demands
     * \return the shares
     */
    static std::vector<ResourceShare> AllocateContinuous(const std::vector<JobDemand>& jobs);

    /**
     * \brief The whole-unit RAM allocation (requires jobs.size() <= units).
     * \param jobs the demands
     * \param units the device's compute units
     * \return the shares
     */
    static std::vector<ResourceShare> AllocateDiscrete(const std::vector<JobDemand>& jobs,
                                                       uint32_t units);
};

} // namespace ns3

#endif /* R3D_RAM_ALLOCATOR_H */
