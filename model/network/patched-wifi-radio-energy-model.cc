/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "patched-wifi-radio-energy-model.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/wifi-phy-state.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PatchedWifiRadioEnergyModel");
NS_OBJECT_ENSURE_REGISTERED(PatchedWifiRadioEnergyModel);

TypeId
PatchedWifiRadioEnergyModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PatchedWifiRadioEnergyModel")
                            .SetParent<WifiRadioEnergyModel>()
                            .SetGroupName("R3d")
                            .AddConstructor<PatchedWifiRadioEnergyModel>();
    return tid;
}

PatchedWifiRadioEnergyModel::PatchedWifiRadioEnergyModel() = default;

PatchedWifiRadioEnergyModel::~PatchedWifiRadioEnergyModel()
{
    m_offEvent.Cancel(); // a deferred OFF must not outlive the model
}

void
PatchedWifiRadioEnergyModel::ChangeState(int newState)
{
    NS_LOG_FUNCTION(this << newState);
    if (newState == WifiPhyState::OFF)
    {
        // ns-3.37 would never leave OFF: applied only if no state follows
        // in this instant (ScheduleNow runs after the current event).
        if (!m_offEvent.IsRunning())
        {
            m_offEvent = Simulator::ScheduleNow(&PatchedWifiRadioEnergyModel::ApplyOff, this);
        }
        return;
    }
    m_offEvent.Cancel();
    ++m_changing;
    WifiRadioEnergyModel::ChangeState(newState);
    --m_changing;
}

void
PatchedWifiRadioEnergyModel::ApplyOff()
{
    ++m_changing;
    WifiRadioEnergyModel::ChangeState(WifiPhyState::OFF);
    --m_changing;
}

void
PatchedWifiRadioEnergyModel::HandleEnergyChanged()
{
    if (m_changing > 0)
    {
        return; // ChangeState schedules the switch-off event itself
    }
    WifiRadioEnergyModel::HandleEnergyChanged();
}

} // namespace ns3
