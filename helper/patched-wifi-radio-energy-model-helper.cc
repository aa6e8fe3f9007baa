/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "patched-wifi-radio-energy-model-helper.h"

#include "ns3/patched-wifi-radio-energy-model.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"

#include <stdexcept>

namespace ns3
{

PatchedWifiRadioEnergyModelHelper::PatchedWifiRadioEnergyModelHelper()
{
    m_radioEnergy.SetTypeId(PatchedWifiRadioEnergyModel::GetTypeId());
}

PatchedWifiRadioEnergyModelHelper::~PatchedWifiRadioEnergyModelHelper() = default;

void
PatchedWifiRadioEnergyModelHelper::Set(std::string name, const AttributeValue& v)
{
    m_radioEnergy.Set(name, v);
}

Ptr<DeviceEnergyModel>
PatchedWifiRadioEnergyModelHelper::DoInstall(Ptr<NetDevice> device, Ptr<EnergySource> source) const
{
    // As ns-3.37's WifiRadioEnergyModelHelper::DoInstall, with default callbacks.
    Ptr<WifiNetDevice> wifiDevice = DynamicCast<WifiNetDevice>(device);
    if (!wifiDevice || !source)
    {
        throw std::invalid_argument(
            "PatchedWifiRadioEnergyModelHelper: needs a WifiNetDevice and an energy source");
    }
    Ptr<PatchedWifiRadioEnergyModel> model = m_radioEnergy.Create<PatchedWifiRadioEnergyModel>();
    Ptr<WifiPhy> phy = wifiDevice->GetPhy();
    phy->SetWifiRadioEnergyModel(model);
    model->SetEnergyDepletionCallback(MakeCallback(&WifiPhy::SetOffMode, phy));
    model->SetEnergyRechargedCallback(MakeCallback(&WifiPhy::ResumeFromOff, phy));
    source->AppendDeviceEnergyModel(model);
    model->SetEnergySource(source);
    phy->RegisterListener(model->GetPhyListener());
    return model;
}

} // namespace ns3
