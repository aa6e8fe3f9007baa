/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "compute-energy-model.h"

#include "inference-engine.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ComputeEnergyModel");

NS_OBJECT_ENSURE_REGISTERED(ComputeEnergyModel);

TypeId
ComputeEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ComputeEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("R3d")
            .AddConstructor<ComputeEnergyModel>()
            .AddTraceSource("Power",
                            "Power drawn by the inference engine, W.",
                            MakeTraceSourceAccessor(&ComputeEnergyModel::m_power),
                            "ns3::TracedValueCallback::Double")
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy consumed by the inference engine, J (updated at every "
                            "utilization change).",
                            MakeTraceSourceAccessor(&ComputeEnergyModel::m_totalEnergyConsumption),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

ComputeEnergyModel::ComputeEnergyModel()
{
    NS_LOG_FUNCTION(this);
}

ComputeEnergyModel::~ComputeEnergyModel()
{
    NS_LOG_FUNCTION(this);
}

void
ComputeEnergyModel::DoDispose()
{
    m_source = nullptr;
    m_engine = nullptr;
    DeviceEnergyModel::DoDispose();
}

void
ComputeEnergyModel::SetEngine(Ptr<InferenceEngine> engine)
{
    NS_LOG_FUNCTION(this << engine);
    m_engine = engine;
    const DeviceProfile& device = engine->GetDevice();
    m_idlePower = device.idlePower;
    m_maxPower = device.maxPower;
    m_lastUpdate = Simulator::Now();
    m_start = m_lastUpdate;
    m_power =
        m_idlePower + (m_maxPower - m_idlePower) * std::max(engine->GetComputeUtilization(),
                                                            engine->GetBandwidthUtilization());
    engine->TraceConnectWithoutContext("Utilization",
                                       MakeCallback(&ComputeEnergyModel::UtilizationChanged, this));
}

void
ComputeEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_LOG_FUNCTION(this << source);
    m_source = source;
}

void
ComputeEnergyModel::UtilizationChanged(double compute, double bandwidth)
{
    Time now = Simulator::Now();
    // 1. the elapsed interval, at the power it was drawn at;
    m_accounted += m_power * (now - m_lastUpdate).GetSeconds();
    m_lastUpdate = now;
    m_totalEnergyConsumption = m_accounted;
    // 2. the source, which reads this model's (still old) current;
    if (m_source && !m_depleted)
    {
        m_source->UpdateEnergySource();
    }
    // 3. then the new state.
    m_power =
        m_idlePower + (m_maxPower - m_idlePower) * std::min(1.0, std::max(compute, bandwidth));
    NS_LOG_DEBUG("power " << m_power << " W at " << now.As(Time::S));
}

double
ComputeEnergyModel::GetTotalEnergyConsumption() const
{
    return m_accounted + m_power * (Simulator::Now() - m_lastUpdate).GetSeconds();
}

double
ComputeEnergyModel::GetIdleEnergyConsumption() const
{
    return m_idlePower * (Simulator::Now() - m_start).GetSeconds();
}

double
ComputeEnergyModel::GetPower() const
{
    return m_power;
}

void
ComputeEnergyModel::ChangeState(int /* newState */)
{
}

void
ComputeEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_INFO("energy source depleted at " << Simulator::Now().As(Time::S));
    m_depleted = true;
}

void
ComputeEnergyModel::HandleEnergyRecharged()
{
    m_depleted = false;
}

void
ComputeEnergyModel::HandleEnergyChanged()
{
}

double
ComputeEnergyModel::DoGetCurrentA() const
{
    if (!m_source)
    {
        return 0;
    }
    return m_power / m_source->GetSupplyVoltage();
}

} // namespace ns3
