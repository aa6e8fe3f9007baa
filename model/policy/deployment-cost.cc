/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-cost.h"

#include "mec-view.h"

#include "ns3/deployment-controller.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

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
            .AddAttribute("LatencyWeight",
                          "Weight of the mean latency over the deadline.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&DeploymentCost::m_latencyWeight),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("LatencyCap",
                          "Latency over deadline counted at most (and for a dropped request).",
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
                          "Lambda: weight of the mean power drawn by all nodes, per W.",
                          DoubleValue(0.01),
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
      m_energyWeight(0.01),
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
DeploymentCost::Attach(Ptr<MecRequestTracker> tracker,
                       Ptr<DeploymentController> controller,
                       const EnergySourceContainer& sources)
{
    NS_LOG_FUNCTION(this);
    m_sources.assign(sources.Begin(), sources.End());
    tracker->TraceConnectWithoutContext("Outcome", MakeCallback(&DeploymentCost::OnOutcome, this));
    controller->TraceConnectWithoutContext("Decision",
                                           MakeCallback(&DeploymentCost::OnDecision, this));
    m_current = CostInterval();
    m_current.start = Simulator::Now();
    m_energyAtStart = EnergyNow();
    m_open = true;
    m_closed.clear();
}

double
DeploymentCost::EnergyNow() const
{
    double used = 0;
    for (const auto& source : m_sources)
    {
        used += source->GetInitialEnergy() - source->GetRemainingEnergy();
    }
    return used;
}

void
DeploymentCost::OnOutcome(const MecRequestRecord& record)
{
    if (!m_open || record.outcome == MecOutcome::IN_FLIGHT)
    {
        return;
    }
    ++m_current.ended;
    const uint32_t m = record.model;
    auto grow = [m](auto& v) {
        if (v.size() <= m)
        {
            v.resize(m + 1, 0);
        }
    };
    grow(m_current.modelEnded);
    grow(m_current.modelMissed);
    grow(m_current.modelLatencySum);
    ++m_current.modelEnded[m];
    double ratio = m_latencyCap;
    if (record.outcome == MecOutcome::COMPLETED)
    {
        ++m_current.completed;
        const double deadline = (record.deadline - record.generated).GetSeconds();
        if (deadline > 0)
        {
            ratio = std::min(record.GetLatency().GetSeconds() / deadline, m_latencyCap);
        }
    }
    if (!record.MetDeadline())
    {
        ++m_current.missed;
        ++m_current.modelMissed[m];
    }
    m_current.latencySum += ratio;
    m_current.modelLatencySum[m] += ratio;
}

void
DeploymentCost::Close(Time now)
{
    m_current.end = now;
    const double energy = EnergyNow();
    m_current.energyJ = energy - m_energyAtStart;
    m_closed.push_back(m_current);
    m_current = CostInterval();
    m_current.start = now;
    m_energyAtStart = energy;
}

void
DeploymentCost::OnDecision(const MecView& view, const std::vector<DeploymentAction>& actions)
{
    if (!m_open)
    {
        return;
    }
    const Time now = Simulator::Now();
    if (now > m_current.start)
    {
        Close(now);
    }
    if (now.IsZero())
    {
        return; // the initial deployment is free
    }
    for (const auto& a : actions)
    {
        if (a.kind == DeploymentAction::EVICT)
        {
            ++m_current.evictions;
        }
        else
        {
            ++m_current.deploys;
            if (m_current.modelDeploys.size() <= a.model)
            {
                m_current.modelDeploys.resize(a.model + 1, 0);
            }
            ++m_current.modelDeploys[a.model];
        }
    }
}

void
DeploymentCost::Finish()
{
    NS_LOG_FUNCTION(this);
    if (m_open && Simulator::Now() > m_current.start)
    {
        Close(Simulator::Now());
    }
    m_open = false;
}

const std::vector<CostInterval>&
DeploymentCost::GetIntervals() const
{
    return m_closed;
}

std::vector<CostTerms>
DeploymentCost::GetTerms() const
{
    std::vector<CostTerms> terms;
    terms.reserve(m_closed.size());
    for (const auto& interval : m_closed)
    {
        terms.push_back(Evaluate(interval));
    }
    return terms;
}

CostTerms
DeploymentCost::GetMean() const
{
    CostTerms mean;
    for (const auto& t : GetTerms())
    {
        mean += t;
    }
    if (!m_closed.empty())
    {
        mean /= static_cast<double>(m_closed.size());
    }
    return mean;
}

double
DeploymentCost::GetLatencyCap() const
{
    return m_latencyCap;
}

} // namespace ns3
