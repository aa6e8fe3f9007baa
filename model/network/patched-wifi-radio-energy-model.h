/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_H
#define R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_H

#include "ns3/event-id.h"
#include "ns3/wifi-radio-energy-model.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief ns-3.37's WifiRadioEnergyModel without its leak of one live
 *        scheduler event per radio state change.
 *
 * WifiRadioEnergyModel::ChangeState cancels its switch-off event, then asks
 * GetMaximumTimeInState, which reads the energy source's remaining energy;
 * the source updates itself and notifies every model on it, and this
 * model's HandleEnergyChanged schedules a new switch-off event into the
 * same EventId. ChangeState then overwrites that EventId with its own event
 * without cancelling the one just scheduled, which stays live in the
 * scheduler until its time (the battery's lifetime, ~1e9 s with the default
 * source) and is never run. With thousands of state changes per simulated
 * second on a busy channel this grew the default scenario to 6.9 GB in one
 * simulated hour (doc/r3d-evaluation.rst, "Long runs").
 *
 * This subclass skips HandleEnergyChanged while its own ChangeState runs:
 * ChangeState schedules the switch-off itself, for the same remaining
 * energy (no simulated time passes in between), so the model behaves as
 * ns-3's: energy, states and the switch-off time are unchanged, and every
 * event it schedules is either run or cancelled. HandleEnergyChanged called
 * from elsewhere (another model on the same source) is unchanged.
 *
 * A second fault: ns-3.37's ChangeState updates the state only while it is
 * not OFF, so once the PHY reports OFF the model stays OFF (drawing nothing)
 * for the rest of the run, whatever the PHY does. A station that misses
 * MaxMissedBeacons beacons turns its PHY off and on again in the same
 * instant (StaWifiMac starts scanning), so before December 2026 a device
 * that walked out of range and lost its association drew no radio energy
 * from then on (8 devices, one away from 3 to 6 s: end-device radio energy
 * 2.73 J below the idle floor). This subclass applies an OFF only if no
 * other state follows it in the same instant (a zero-time OFF draws
 * nothing); the OFF of a PHY that stays off is applied as ns-3 would.
 */
class PatchedWifiRadioEnergyModel : public WifiRadioEnergyModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PatchedWifiRadioEnergyModel();
    ~PatchedWifiRadioEnergyModel() override;

    /**
     * \brief WifiRadioEnergyModel::ChangeState, with HandleEnergyChanged
     *        skipped while it runs.
     * \param newState the new WifiPhyState
     */
    void ChangeState(int newState) override;

    /**
     * \brief WifiRadioEnergyModel::HandleEnergyChanged, except while this
     *        model's ChangeState runs (it reschedules the switch-off itself).
     */
    void HandleEnergyChanged() override;

  private:
    /// Apply the OFF deferred by ChangeState if no other state followed it.
    void ApplyOff();

    uint32_t m_changing{0}; //!< ChangeState calls in progress (they may nest)
    EventId m_offEvent;     //!< a deferred OFF, applied at the end of the instant
};

} // namespace ns3

#endif /* R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_H */
