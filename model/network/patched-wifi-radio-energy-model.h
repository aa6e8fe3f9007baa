/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_H
#define R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_H

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
    uint32_t m_changing{0}; //!< ChangeState calls in progress (they may nest)
};

} // namespace ns3

#endif /* R3D_PATCHED_WIFI_RADIO_ENERGY_MODEL_H */
