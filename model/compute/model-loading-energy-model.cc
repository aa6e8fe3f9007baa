/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "model-loading-energy-model.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ModelLoadingEnergyModel");

NS_OBJECT_ENSURE_REGISTERED(ModelLoadingEnergyModel);

TypeId
ModelLoadingEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ModelLoadingEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("R3d")
            .AddConstructor<ModelLoadingEnergyModel>()
            .AddAttribute("LoadingPower",
                          "Extra power drawn while model weights are loaded from storage "
                          "into memory, W (on top of the idle power drawn by the "
                          "ComputeEnergyModel).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&ModelLoadingEnergyModel::SetLoadingPower,
                                             &ModelLoadingEnergyModel::GetLoadingPower),
                          MakeDoubleChecker<double>(0.0))
            .AddTraceSource("Loading",
                            "Whether a model load is in progress.",
                            MakeTraceSourceAccessor(&ModelLoadingEnergyModel::m_loading),
                            "ns3::TracedValueCallback::Bool")
            .AddTraceSource(
                "TotalEnergyConsumption",
                "Energy consumed by model loading, J (updated at every state change).",
                MakeTraceSourceAccessor(&ModelLoadingEnergyModel::m_totalEnergyConsumption),
                "ns3::TracedValueCallback::Double");
    return tid;
}

ModelLoadingEnergyModel::ModelLoadingEnergyModel()
{
    NS_LOG_FUNCTION(this);
}

ModelLoadingEnergyModel::~ModelLoadingEnergyModel()
{
    NS_LOG_FUNCTION(this);
}

void
ModelLoadingEnergyModel::DoDispose()
{
    m_source = nullptr;
    DeviceEnergyModel::DoDispose();
}

void
ModelLoadingEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_LOG_FUNCTION(this << source);
    m_source = source;
}

void
ModelLoadingEnergyModel::Account()
{
    Time now = Simulator::Now();
    // 1. the elapsed interval, at the power it was drawn at;
    if (m_loading)
    {
        m_accounted += m_loadingPower * (now - m_lastUpdate).GetSeconds();
        m_loadingTime += now - m_lastUpdate;
    }
    m_lastUpdate = now;
    m_totalEnergyConsumption = m_accounted;
    // 2. the source, which reads this model's (still old) current.
    if (m_source && !m_depleted)
    {
        m_source->UpdateEnergySource();
    }
}

void
ModelLoadingEnergyModel::SetLoading(bool loading)
{
    NS_LOG_FUNCTION(this << loading);
    Account();
    // 3. then the new state.
    m_loading = loading;
}

bool
ModelLoadingEnergyModel::IsLoading() const
{
    return m_loading;
}

void
ModelLoadingEnergyModel::SetLoadingPower(double watts)
{
    NS_LOG_FUNCTION(this << watts);
    // Attributes are set at construction too, before any simulation time:
    // accounting then is a no-op interval of length zero.
    Account();
    m_loadingPower = watts;
}

double
ModelLoadingEnergyModel::GetLoadingPower() const
{
    return m_loadingPower;
}

double
ModelLoadingEnergyModel::GetPower() const
{
    return m_loading ? m_loadingPower : 0.0;
}

Time
ModelLoadingEnergyModel::GetLoadingTime() const
{
    return m_loading ? m_loadingTime + (Simulator::Now() - m_lastUpdate) : m_loadingTime;
}

double
ModelLoadingEnergyModel::GetTotalEnergyConsumption() const
{
    return m_accounted + GetPower() * (Simulator::Now() - m_lastUpdate).GetSeconds();
}

void
ModelLoadingEnergyModel::ChangeState(int newState)
{
    SetLoading(newState != 0);
}

void
ModelLoadingEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_INFO("energy source depleted at " << Simulator::Now().As(Time::S));
    m_depleted = true;
}

void
ModelLoadingEnergyModel::HandleEnergyRecharged()
{
    m_depleted = false;
}

void
ModelLoadingEnergyModel::HandleEnergyChanged()
{
}

double
ModelLoadingEnergyModel::DoGetCurrentA() const
{
    if (!m_source)
    {
        return 0;
    }
    return GetPower() / m_source->GetSupplyVoltage();
}

} // namespace ns3
