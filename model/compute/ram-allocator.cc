/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ram-allocator.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RamAllocator");

NS_OBJECT_ENSURE_REGISTERED(RamAllocator);

namespace
{

/**
 * Time left for the compute/memory part of a layer run at normalized speed
 * a: SoloTime / a - overhead (> 0 for a in (0, 1] unless the layer is all
 * overhead).
 */
double
RooflinePart(const JobDemand& d, double speed)
{
    return d.SoloTime() / speed - d.overhead;
}

/// Share of a resource a layer needs at normalized speed a.
double
Need(double resourceTime, const JobDemand& d, double speed)
{
    if (resourceTime <= 0)
    {
        return 0;
    }
    return resourceTime / RooflinePart(d, speed);
}

/**
 * The largest common speed a in [0, 1] at which the jobs not frozen need at
 * most `capacity` of one resource: sum_j a t_j / (T_j - a t0_j) <= capacity,
 * with t_j the job's time on that resource and T_j its solo time. Each term
 * is increasing and convex in a, so Newton's method started right of the
 * root (at capacity / sum t_j / T_j, where the sum is already >= capacity)
 * descends onto it, safeguarded by bisection; the feasible end of the final
 * bracket is returned.
 */
double
SolveSpeed(const std::vector<JobDemand>& jobs,
           const std::vector<bool>& frozen,
           double JobDemand::*resource,
           double capacity)
{
    // The unfrozen users of the resource: (t_j, T_j, t0_j).
    struct Term
    {
        double time;
        double solo;
        double overhead;
    };

    static thread_local std::vector<Term> terms;
    terms.clear();
    double ratio = 0;
    bool overheads = false;
    for (std::size_t j = 0; j < jobs.size(); ++j)
    {
        double t = jobs[j].*resource;
        if (!frozen[j] && t > 0)
        {
            terms.push_back({t, jobs[j].SoloTime(), jobs[j].overhead});
            ratio += t / terms.back().solo;
            overheads = overheads || jobs[j].overhead > 0;
        }
    }
    auto load = [](double a, double* slope) {
        double sum = 0;
        double derivative = 0;
        for (const Term& term : terms)
        {
            double rest = term.solo - a * term.overhead;
            sum += a * term.time / rest;
            derivative += term.time * term.solo / (rest * rest);
        }
        if (slope)
        {
            *slope = derivative;
        }
        return sum;
    };
    if (terms.empty() || load(1.0, nullptr) <= capacity)
    {
        return 1.0; // nobody left uses this resource, or all fit at solo speed
    }
    if (capacity <= 0)
    {
        return 0.0;
    }
    // Without overheads the load is linear, a x ratio: closed form.
    double hi = std::min(1.0, capacity / ratio);
    if (!overheads)
    {
        while (hi > 0 && load(hi, nullptr) > capacity)
        {
            hi *= 1 - 1e-15; // rounding
        }
        return hi;
    }
    // Bracket [lo, hi]: lo feasible, hi not (the load is at least
    // a x sum t / T). Newton steps from the right
    // (convex increasing: they stay right of the root) converge
    // quadratically; a step that leaves the bracket is replaced by
    // bisection.
    // For a <= 1 the load is at most a x sum t / (T - t0), so this fits:
    double ratioUpper = 0;
    for (const Term& term : terms)
    {
        ratioUpper += term.time / (term.solo - term.overhead);
    }
    double lo = std::min(1.0, capacity / ratioUpper);
    if (load(lo, nullptr) > capacity)
    {
        lo = 0; // rounding
    }
    if (load(hi, nullptr) <= capacity)
    {
        lo = hi; // rounding: the bound itself fits
        hi = 1.0;
    }
    double a = hi;
    for (int i = 0; i < 200 && hi - lo > 1e-10 * hi; ++i)
    {
        double slope = 0;
        double excess = load(a, &slope) - capacity;
        (excess <= 0 ? lo : hi) = a;
        double next = a - excess / slope;
        a = (next > lo && next < hi) ? next : 0.5 * (lo + hi);
        // Close to the root: a point just below it is feasible; done. (A
        // speed 1e-10 short of the exact one moves a 10 ms layer's end by
        // 1 ps, far below the simulator's resolution.)
        if (std::abs(excess) < 1e-8 * capacity)
        {
            double below = a * (1 - 1e-11);
            if (below > lo && load(below, nullptr) <= capacity)
            {
                return below;
            }
        }
    }
    return lo;
}

/// Normalized speed of a layer given a share.
double
SpeedWith(const JobDemand& d, const ResourceShare& s)
{
    return d.SoloTime() / d.TimeWith(s);
}

} // namespace

TypeId
RamAllocator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RamAllocator")
                            .SetParent<InferenceAllocator>()
                            .SetGroupName("R3d")
                            .AddConstructor<RamAllocator>();
    return tid;
}

bool
RamAllocator::IsDemandAware() const
{
    return true;
}

std::string
RamAllocator::GetName() const
{
    return "ram";
}

std::vector<ResourceShare>
RamAllocator::AllocateContinuous(const std::vector<JobDemand>& jobs)
{
    const std::size_t n = jobs.size();
    std::vector<double> speed(n, 0.0);
    std::vector<bool> frozen(n, false);
    double usedCompute = 0; // by frozen jobs
    double usedBandwidth = 0;
    std::size_t left = n;
    while (left > 0)
    {
        // Raise the unfrozen jobs' common speed until a resource is full.
        double aCompute = SolveSpeed(jobs, frozen, &JobDemand::computeTime, 1.0 - usedCompute);
        double aBandwidth = SolveSpeed(jobs, frozen, &JobDemand::memoryTime, 1.0 - usedBandwidth);
        double a = std::min(aCompute, aBandwidth);
        bool computeFull = a < 1.0 && aCompute <= a;
        bool bandwidthFull = a < 1.0 && aBandwidth <= a;
        // Freeze the jobs that use a full resource (all of them at a = 1).
        bool froze = false;
        for (std::size_t j = 0; j < n; ++j)
        {
            if (frozen[j] || !(a >= 1.0 || (computeFull && jobs[j].computeTime > 0) ||
                               (bandwidthFull && jobs[j].memoryTime > 0)))
            {
                continue;
            }
            frozen[j] = true;
            speed[j] = a;
            usedCompute += Need(jobs[j].computeTime, jobs[j], a);
            usedBandwidth += Need(jobs[j].memoryTime, jobs[j], a);
            --left;
            froze = true;
        }
        if (!froze)
        {
            // Cannot happen in exact arithmetic (a full resource has users);
            // guards termination against rounding.
            for (std::size_t j = 0; j < n; ++j)
            {
                if (!frozen[j])
                {
                    frozen[j] = true;
                    speed[j] = a;
                    --left;
                }
            }
        }
    }
    std::vector<ResourceShare> shares(n);
    for (std::size_t j = 0; j < n; ++j)
    {
        shares[j].compute = Need(jobs[j].computeTime, jobs[j], speed[j]);
        shares[j].bandwidth = Need(jobs[j].memoryTime, jobs[j], speed[j]);
    }
    return shares;
}

std::vector<ResourceShare>
RamAllocator::AllocateDiscrete(const std::vector<JobDemand>& jobs, uint32_t units)
{
    const std::size_t n = jobs.size();
    NS_ASSERT(n <= units);
    // Compute-limited speed of job j with k units (bandwidth unlimited).
    auto capped = [&](std::size_t j, uint32_t k) {
        const JobDemand& d = jobs[j];
        if (d.computeTime <= 0)
        {
            return 1.0;
        }
        return std::min(1.0, d.SoloTime() / (d.computeTime * units / k + d.overhead));
    };
    std::vector<uint32_t> k(n, 1);
    std::vector<double> cap(n);
    for (std::size_t j = 0; j < n; ++j)
    {
        cap[j] = capped(j, 1);
    }
    for (uint32_t spare = units - n; spare > 0; --spare)
    {
        std::size_t slowest = n;
        for (std::size_t j = 0; j < n; ++j)
        {
            if (cap[j] < 1.0 && (slowest == n || cap[j] < cap[slowest]))
            {
                slowest = j;
            }
        }
        if (slowest == n)
        {
            break; // every job already runs at its solo compute speed
        }
        cap[slowest] = capped(slowest, ++k[slowest]);
    }
    // Bandwidth: progressive filling with each job capped at its
    // compute-limited speed: raise a common speed; freeze the jobs whose cap
    // is below it at their cap; repeat with the bandwidth they leave.
    std::vector<bool> frozen(n, false);
    std::vector<double> speed(n, 1.0);
    double used = 0;
    while (true)
    {
        double b = SolveSpeed(jobs, frozen, &JobDemand::memoryTime, 1.0 - used);
        bool capped = false;
        for (std::size_t j = 0; j < n; ++j)
        {
            if (!frozen[j] && cap[j] < b)
            {
                frozen[j] = true;
                speed[j] = cap[j];
                used += Need(jobs[j].memoryTime, jobs[j], cap[j]);
                capped = true;
            }
        }
        if (!capped)
        {
            for (std::size_t j = 0; j < n; ++j)
            {
                if (!frozen[j])
                {
                    speed[j] = b;
                }
            }
            break;
        }
    }
    std::vector<ResourceShare> shares(n);
    for (std::size_t j = 0; j < n; ++j)
    {
        shares[j].compute = static_cast<double>(k[j]) / units;
        shares[j].bandwidth = Need(jobs[j].memoryTime, jobs[j], speed[j]);
    }
    return shares;
}

std::vector<ResourceShare>
RamAllocator::Allocate(const std::vector<JobDemand>& jobs,
                       uint32_t computeUnits,
                       bool discreteUnits) const
{
    if (jobs.size() == 1)
    {
        return {ResourceShare{1.0, 1.0}};
    }
    if (!discreteUnits || jobs.size() > computeUnits)
    {
        return AllocateContinuous(jobs);
    }
    std::vector<ResourceShare> discrete = AllocateDiscrete(jobs, computeUnits);
    // Whole units only where they do not make any job slower than equal
    // sharing of the device would.
    double equal = 1.0 / jobs.size();
    for (std::size_t j = 0; j < jobs.size(); ++j)
    {
        double floor = SpeedWith(jobs[j], ResourceShare{equal, equal});
        if (SpeedWith(jobs[j], discrete[j]) < floor * (1 - 1e-12))
        {
            NS_LOG_LOGIC("whole units would slow job " << j << " below equal share; time-slicing");
            return AllocateContinuous(jobs);
        }
    }
    return discrete;
}

} // namespace ns3
