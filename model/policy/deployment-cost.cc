/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-cost.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeploymentCost");

NS_OBJECT_ENSURE_REGISTERED(DeploymentCost);

CostTerms&
CostTerms::operator+=(const CostTerms& other)
{
    latency += other.latency;
    miss += other.miss;
    energy += other.energy;
    change += other.change;
    total += other.total;
    return *this;
}

CostTerms&
CostTerms::operator/=(double k)
{
    latency /= k;
    miss /= k;
    energy /= k;
    change /= k;
    total /= k;
    return *this;
}

TypeId
DeploymentCost::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DeploymentCost")
            .SetParent<Object>()
            .SetGroupName("R3d")
            .AddConstructor<DeploymentCost>()
            .AddAttribute(
                "LatencyWeight",
                "Weight of the mean latency/deadline ratio (dimensionless) of the requests.",
                DoubleValue(1.0),
                MakeDoubleAccessor(&DeploymentCost::m_latencyWeight),
                MakeDoubleChecker<double>(0))
            .AddAttribute(
                "LatencyCap",
                "Largest latency/deadline ratio (dimensionless) a request counts for (and "
                "what a dropped request counts).",
                DoubleValue(4.0),
                MakeDoubleAccessor(&DeploymentCost::m_latencyCap),
                MakeDoubleChecker<double>(0))
            .AddAttribute("MissWeight",
                          "Weight of the share of requests that missed their deadline or "
                          "were dropped.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&DeploymentCost::m_missWeight),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("EnergyWeight",
                          "Lambda: weight of the mean power counted (MecScenario: the nodes' "
                          "dynamic power, above idle), per W.",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&DeploymentCost::m_energyWeight),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("ChangeWeight",
                          "Weight of each DEPLOY or MIGRATE applied (the initial deployment "
                          "at time 0 is free).",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&DeploymentCost::m_changeWeight),
                          MakeDoubleChecker<double>(0));
    return tid;
}

DeploymentCost::DeploymentCost()
    : m_latencyWeight(1),
      m_latencyCap(4),
      m_missWeight(1),
      m_energyWeight(0.05),
      m_changeWeight(0.05)
{
}

CostTerms
DeploymentCost::Evaluate(const CostInterval& interval) const
{
    CostTerms t;
    if (interval.ended > 0)
    {
        const double n = static_cast<double>(interval.ended);
        t.latency = m_latencyWeight * interval.latencySum / n;
        t.miss = m_missWeight * static_cast<double>(interval.missed) / n;
    }
    const double duration = (interval.end - interval.start).GetSeconds();
    if (duration > 0)
    {
        t.energy = m_energyWeight * interval.energyJ / duration;
    }
    t.change = m_changeWeight * static_cast<double>(interval.deploys);
    t.total = t.latency + t.miss + t.energy + t.change;
    return t;
}

std::vector<double>
DeploymentCost::EvaluatePerModel(const CostInterval& interval, uint32_t models) const
{
    const CostTerms t = Evaluate(interval);
    std::vector<double> share(models, models > 0 ? t.energy / models : 0.0);
    auto at = [](const auto& v, uint32_t m) { return m < v.size() ? v[m] : 0; };
    for (uint32_t m = 0; m < models; ++m)
    {
        if (interval.ended > 0)
        {
            const double n = static_cast<double>(interval.ended);
            share[m] += m_latencyWeight * at(interval.modelLatencySum, m) / n +
                        m_missWeight * static_cast<double>(at(interval.modelMissed, m)) / n;
        }
        share[m] += m_changeWeight * static_cast<double>(at(interval.modelDeploys, m));
    }
    return share;
}

void
DeploymentCost::AddOutcome(CostInterval& interval,
                           uint32_t model,
                           bool completed,
                           double latency,
                           double deadline,
                           bool metDeadline) const
{
    ++interval.ended;
    auto grow = [model](auto& v) {
        if (v.size() <= model)
        {
            v.resize(model + 1, 0);
        }
    };
    grow(interval.modelEnded);
    grow(interval.modelMissed);
    grow(interval.modelLatencySum);
    ++interval.modelEnded[model];
    double ratio = m_latencyCap;
    if (completed)
    {
        ++interval.completed;
        if (deadline > 0)
        {
            ratio = std::min(latency / deadline, m_latencyCap);
        }
    }
    if (!metDeadline)
    {
        ++interval.missed;
        ++interval.modelMissed[model];
    }
    interval.latencySum += ratio;
    interval.modelLatencySum[model] += ratio;
}

void
DeploymentCost::AddChanges(CostInterval& interval,
                           const std::vector<uint32_t>& deploys,
                           uint64_t evictions) const
{
    interval.evictions += evictions;
    for (uint32_t model : deploys)
    {
        ++interval.deploys;
        if (interval.modelDeploys.size() <= model)
        {
            interval.modelDeploys.resize(model + 1, 0);
        }
        ++interval.modelDeploys[model];
    }
}

DeploymentCost::Weights
DeploymentCost::GetWeights() const
{
    return Weights{m_latencyWeight, m_latencyCap, m_missWeight, m_energyWeight, m_changeWeight};
}

double
DeploymentCost::GetLatencyCap() const
{
    return m_latencyCap;
}

} // namespace ns3
