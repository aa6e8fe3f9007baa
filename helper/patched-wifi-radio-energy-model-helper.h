/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_HELPER_H
#define R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_HELPER_H

#include "ns3/energy-model-helper.h"
#include "ns3/object-factory.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Installs a PatchedWifiRadioEnergyModel on Wi-Fi devices, as ns-3's
 *        WifiRadioEnergyModelHelper installs a WifiRadioEnergyModel (whose
 *        factory's TypeId cannot be changed): the model is the PHY's radio
 *        energy model and listener, runs on the given energy source, and
 *        turns the PHY off when the source is depleted
 *        (WifiPhy::SetOffMode) and back on when it is recharged
 *        (WifiPhy::ResumeFromOff). No transmit current model is set (the
 *        model's TxCurrentA attribute applies), as with ns-3's helper by
 *        default.
 *
 * \code
 *   PatchedWifiRadioEnergyModelHelper radio;
 *   radio.Set("TxCurrentA", DoubleValue(0.38));
 *   DeviceEnergyModelContainer models = radio.Install(staDevices, sources);
 * \endcode
 */
class PatchedWifiRadioEnergyModelHelper : public DeviceEnergyModelHelper
{
  public:
    PatchedWifiRadioEnergyModelHelper();
    ~PatchedWifiRadioEnergyModelHelper() override;

    /**
     * \brief Set an attribute of the models to install.
     * \param name a WifiRadioEnergyModel attribute (IdleCurrentA, ...)
     * \param v its value
     */
    void Set(std::string name, const AttributeValue& v) override;

  private:
    /**
     * \param device a WifiNetDevice
     * \param source the energy source of its node
     * \return the model installed
     * \throws std::invalid_argument if \p device is not a WifiNetDevice
     */
    Ptr<DeviceEnergyModel> DoInstall(Ptr<NetDevice> device,
                                     Ptr<EnergySource> source) const override;

    ObjectFactory m_radioEnergy; //!< creates the models
};

} // namespace ns3

#endif /* R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_HELPER_H */
