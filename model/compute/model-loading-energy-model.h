/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MODEL_LOADING_ENERGY_MODEL_H
#define R3D_MODEL_LOADING_ENERGY_MODEL_H

#include "ns3/device-energy-model.h"
#include "ns3/energy-source.h"
#include "ns3/nstime.h"
#include "ns3/traced-value.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Extra power a node draws while it loads model weights from storage
 *        into memory, as an ns-3 DeviceEnergyModel.
 *
 * Two states: not loading (0 W) and loading (LoadingPower W). The device's
 * idle power is already drawn by the ComputeEnergyModel on the same energy
 * source, so this model adds only the extra of a load. MecTopologyHelper sets
 * LoadingPower to LoadingPowerFraction x (max - idle) of the device (0.3 by
 * default): an assumption, since a storage-to-DRAM copy keeps the memory
 * system busy and the CPU lightly loaded, but leaves the accelerator idle.
 *
 * The power is piecewise constant, so the energy is integrated exactly, in
 * the same order as ComputeEnergyModel: on each change the model accounts the
 * elapsed interval at the old power, updates the energy source (which reads
 * the still-old current), then switches.
 */
class ModelLoadingEnergyModel : public DeviceEnergyModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ModelLoadingEnergyModel();
    ~ModelLoadingEnergyModel() override;

    /**
     * \brief Start or stop drawing the loading power. Accounts the energy up
     *        to now first. Overlapping loads are the caller's business: pass
     *        true while at least one load is in progress.
     * \param loading whether a load is in progress from now on
     */
    void SetLoading(bool loading);

    /** \return whether the node is loading now */
    bool IsLoading() const;

    /**
     * \brief Set the power drawn while loading (the LoadingPower attribute);
     *        accounts the energy up to now at the old power first.
     * \param watts extra power while loading, W (>= 0)
     */
    void SetLoadingPower(double watts);

    /** \return the power drawn while loading, W */
    double GetLoadingPower() const;

    /** \return the power drawn now, W (0 or LoadingPower) */
    double GetPower() const;

    /** \return total time spent loading so far (the current interval included) */
    Time GetLoadingTime() const;

    /**
     * \brief Attach the node's energy source, which this model draws from.
     * \param source the source (one per node)
     */
    void SetEnergySource(Ptr<EnergySource> source) override;

    /** \return energy consumed by loading so far, J (the current interval included) */
    double GetTotalEnergyConsumption() const override;

    /**
     * \brief The generic DeviceEnergyModel state change: SetLoading(newState != 0).
     * \param newState 0 = not loading, anything else = loading
     */
    void ChangeState(int newState) override;

    /** \brief The source ran out: stop updating it (the device keeps computing and this
     *         model keeps counting its own energy). */
    void HandleEnergyDepletion() override;
    /** \brief The source was recharged: update it again at state changes. */
    void HandleEnergyRecharged() override;
    /** \brief Nothing to do: this model's power does not depend on the source's voltage. */
    void HandleEnergyChanged() override;

  private:
    void DoDispose() override;
    double DoGetCurrentA() const override;

    /**
     * \brief Account the interval since the last change at the current
     *        power, then let the source read the (unchanged) current.
     */
    void Account();

    Ptr<EnergySource> m_source;                   //!< energy source
    double m_loadingPower{0};                     //!< LoadingPower attribute, W
    TracedValue<bool> m_loading{false};           //!< loading now
    Time m_lastUpdate;                            //!< start of the current interval
    Time m_loadingTime;                           //!< loading time up to m_lastUpdate
    double m_accounted{0};                        //!< J up to m_lastUpdate
    TracedValue<double> m_totalEnergyConsumption; //!< J, traced
    bool m_depleted{false};                       //!< the source ran out
};

} // namespace ns3

#endif /* R3D_MODEL_LOADING_ENERGY_MODEL_H */
