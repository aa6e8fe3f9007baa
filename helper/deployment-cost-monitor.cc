/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-cost-monitor.h"

#include "ns3/deployment-controller.h"
#include "ns3/energy-source.h"
#include "ns3/log.h"
#include "ns3/mec-view.h"
#include "ns3/pointer.h"
#include "ns3/request-tracker.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeploymentCostMonitor");

NS_OBJECT_ENSURE_REGISTERED(DeploymentCostMonitor);

TypeId
DeploymentCostMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DeploymentCostMonitor")
                            .SetParent<Object>()
                            .SetGroupName("R3d")
                            .AddConstructor<DeploymentCostMonitor>()
                            .AddAttribute("Cost",
                                          "The cost to measure (its weights).",
                                          PointerValue(),
                                          MakePointerAccessor(&DeploymentCostMonitor::m_cost),
                                          MakePointerChecker<DeploymentCost>());
    return tid;
}

DeploymentCostMonitor::DeploymentCostMonitor()
    : m_cost(CreateObject<DeploymentCost>())
{
}

void
DeploymentCostMonitor::DoDispose()
{
    m_cost = nullptr;
    m_sources.clear();
    Object::DoDispose();
}

Ptr<DeploymentCost>
DeploymentCostMonitor::GetCost() const
{
    return m_cost;
}

void
DeploymentCostMonitor::Attach(Ptr<MecRequestTracker> tracker,
                              Ptr<DeploymentController> controller,
                              const EnergySourceContainer& sources)
{
    NS_LOG_FUNCTION(this);
    m_sources.assign(sources.Begin(), sources.End());
    tracker->TraceConnectWithoutContext("Outcome",
                                        MakeCallback(&DeploymentCostMonitor::OnOutcome, this));
    controller->TraceConnectWithoutContext("Decision",
                                           MakeCallback(&DeploymentCostMonitor::OnDecision, this));
    m_current = CostInterval();
    m_current.start = Simulator::Now();
    m_energyAtStart = EnergyNow();
    m_open = true;
    m_closed.clear();
}

void
DeploymentCostMonitor::SetEnergyMeter(Callback<double> meter)
{
    m_meter = meter;
    m_energyAtStart = EnergyNow();
}

double
DeploymentCostMonitor::EnergyNow() const
{
    if (!m_meter.IsNull())
    {
        return m_meter();
    }
    double used = 0;
    for (const auto& source : m_sources)
    {
        used += source->GetInitialEnergy() - source->GetRemainingEnergy();
    }
    return used;
}

void
DeploymentCostMonitor::OnOutcome(const MecRequestRecord& record)
{
    if (!m_open || record.outcome == MecOutcome::IN_FLIGHT)
    {
        return;
    }
    const bool completed = record.outcome == MecOutcome::COMPLETED;
    m_cost->AddOutcome(m_current,
                       record.model,
                       completed,
                       completed ? record.GetLatency().GetSeconds() : 0,
                       (record.deadline - record.generated).GetSeconds(),
                       record.MetDeadline());
}

void
DeploymentCostMonitor::Close(Time now)
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
DeploymentCostMonitor::OnDecision(const MecView& /* view */,
                                  const std::vector<DeploymentAction>& actions)
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
    m_current.decided = true;
    if (now.IsZero())
    {
        return; // the initial deployment is free
    }
    std::vector<uint32_t> deploys;
    uint64_t evictions = 0;
    for (const auto& a : actions)
    {
        if (a.kind == DeploymentAction::EVICT)
        {
            ++evictions;
        }
        else
        {
            deploys.push_back(a.model);
        }
    }
    m_cost->AddChanges(m_current, deploys, evictions);
}

void
DeploymentCostMonitor::Finish()
{
    NS_LOG_FUNCTION(this);
    if (m_open && Simulator::Now() > m_current.start)
    {
        Close(Simulator::Now());
    }
    m_open = false;
}

const std::vector<CostInterval>&
DeploymentCostMonitor::GetIntervals() const
{
    return m_closed;
}

std::vector<CostTerms>
DeploymentCostMonitor::GetTerms() const
{
    std::vector<CostTerms> terms;
    terms.reserve(m_closed.size());
    for (const auto& interval : m_closed)
    {
        terms.push_back(m_cost->Evaluate(interval));
    }
    return terms;
}

CostTerms
DeploymentCostMonitor::GetMean(Time warmup) const
{
    CostTerms mean;
    std::size_t n = 0;
    for (const auto& interval : m_closed)
    {
        if (interval.start >= warmup)
        {
            mean += m_cost->Evaluate(interval);
            ++n;
        }
    }
    if (n > 0)
    {
        mean /= static_cast<double>(n);
    }
    return mean;
}

std::size_t
DeploymentCostMonitor::CountIntervals(Time warmup) const
{
    return std::count_if(m_closed.begin(), m_closed.end(), [warmup](const CostInterval& i) {
        return i.start >= warmup;
    });
}

} // namespace ns3
