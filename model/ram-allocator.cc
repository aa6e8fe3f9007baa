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

/// Bisection steps: 2^-60 of the speed range, far below any time step.
constexpr int BISECTION_STEPS = 60;

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
        // Fill at common speed a: the unfrozen jobs' needs at a, plus what
        // the frozen ones hold, must fit.
        auto load = [&](double a) {
            double c = usedCompute;
            double m = usedBandwidth;
            for (std::size_t j = 0; j < n; ++j)
            {
                if (!frozen[j])
                {
                    c += Need(jobs[j].computeTime, jobs[j], a);
                    m += Need(jobs[j].memoryTime, jobs[j], a);
                }
            }
            return std::make_pair(c, m);
        };
        double a = 1.0;
        auto [c1, m1] = load(1.0);
        if (c1 > 1.0 || m1 > 1.0)
        {
            double lo = 0.0;
            double hi = 1.0;
            for (int i = 0; i < BISECTION_STEPS; ++i)
            {
                double mid = 0.5 * (lo + hi);
                auto [c, m] = load(mid);
                (c <= 1.0 && m <= 1.0 ? lo : hi) = mid;
            }
            a = lo;
        }
        // Which resources are full at a (within the bisection's precision)?
        auto [cA, mA] = load(a);
        bool computeFull = a < 1.0 && cA >= 1.0 - 1e-9;
        bool bandwidthFull = a < 1.0 && mA >= 1.0 - 1e-9;
        bool froze = false;
        for (std::size_t j = 0; j < n; ++j)
        {
            if (frozen[j])
            {
                continue;
            }
            bool usesFull = a >= 1.0 || (computeFull && jobs[j].computeTime > 0) ||
                            (bandwidthFull && jobs[j].memoryTime > 0);
            if (usesFull)
            {
                frozen[j] = true;
                froze = true;
                speed[j] = a;
                usedCompute += Need(jobs[j].computeTime, jobs[j], a);
                usedBandwidth += Need(jobs[j].memoryTime, jobs[j], a);
                --left;
            }
        }
        if (!froze)
        {
            // Rounding left no resource visibly full: freeze everyone at a.
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
    for (uint32_t spare = units - n; spare > 0; --spare)
    {
        std::size_t slowest = n;
        for (std::size_t j = 0; j < n; ++j)
        {
            if (capped(j, k[j]) < 1.0 &&
                (slowest == n || capped(j, k[j]) < capped(slowest, k[slowest])))
            {
                slowest = j;
            }
        }
        if (slowest == n)
        {
            break; // every job already runs at its solo compute speed
        }
        ++k[slowest];
    }
    // Bandwidth: a common speed b, each job capped at its compute limit.
    auto bandwidthAt = [&](double b) {
        double m = 0;
        for (std::size_t j = 0; j < n; ++j)
        {
            m += Need(jobs[j].memoryTime, jobs[j], std::min(b, capped(j, k[j])));
        }
        return m;
    };
    double b = 1.0;
    if (bandwidthAt(1.0) > 1.0)
    {
        double lo = 0.0;
        double hi = 1.0;
        for (int i = 0; i < BISECTION_STEPS; ++i)
        {
            double mid = 0.5 * (lo + hi);
            (bandwidthAt(mid) <= 1.0 ? lo : hi) = mid;
        }
        b = lo;
    }
    std::vector<ResourceShare> shares(n);
    for (std::size_t j = 0; j < n; ++j)
    {
        shares[j].compute = static_cast<double>(k[j]) / units;
        shares[j].bandwidth = Need(jobs[j].memoryTime, jobs[j], std::min(b, capped(j, k[j])));
    }
    return shares;
}

std::vector<ResourceShare>
RamAllocator::Allocate(const std::vector<JobDemand>& jobs,
                       uint32_t computeUnits,
                       bool discreteUnits) const
{
    std::vector<ResourceShare> continuous = AllocateContinuous(jobs);
    if (!discreteUnits || jobs.size() > computeUnits)
    {
        return continuous;
    }
    std::vector<ResourceShare> discrete = AllocateDiscrete(jobs, computeUnits);
    // Whole units only where they do not make the slowest job slower than
    // equal sharing of the device would.
    double equal = 1.0 / jobs.size();
    for (std::size_t j = 0; j < jobs.size(); ++j)
    {
        double floor = SpeedWith(jobs[j], ResourceShare{equal, equal});
        if (SpeedWith(jobs[j], discrete[j]) < floor * (1 - 1e-12))
        {
            NS_LOG_LOGIC("whole units would slow job " << j << " below equal share; time-slicing");
            return continuous;
        }
    }
    return discrete;
}

} // namespace ns3
