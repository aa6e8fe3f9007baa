/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "patched-wifi-radio-energy-model.h"

#include "ns3/log.h"

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

PatchedWifiRadioEnergyModel::~PatchedWifiRadioEnergyModel() = default;

void
PatchedWifiRadioEnergyModel::ChangeState(int newState)
{
    NS_LOG_FUNCTION(this << newState);
    ++m_changing;
    WifiRadioEnergyModel::ChangeState(newState);
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
