/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_COMPUTE_ENERGY_MODEL_H
#define R3D_COMPUTE_ENERGY_MODEL_H

#include "ns3/device-energy-model.h"
#include "ns3/energy-source.h"
#include "ns3/nstime.h"
#include "ns3/traced-value.h"

namespace ns3
{

class InferenceEngine;

/**
 * \ingroup r3d
 * \brief Energy drawn by a node's inference engine, as an ns-3
 *        DeviceEnergyModel: power = idle + (max - idle) x utilization.
 *
 * Utilization is the larger of the engine's compute and bandwidth fractions
 * in use (a device moving data at full bandwidth is busy even when its
 * arithmetic units wait). It is piecewise constant between engine events, so
 * the energy is integrated exactly: on each change the model accounts the
 * elapsed interval at the old power, updates the energy source (which also
 * reads the old current), then switches to the new power -- in that order.
 * Idle and maximum power come from the engine's device profile.
 */
class ComputeEnergyModel : public DeviceEnergyModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ComputeEnergyModel();
    ~ComputeEnergyModel() override;

    /**
     * \brief Follow an engine's utilization (connects to its Utilization
     *        trace); starts at the device's idle power.
     * \param engine the engine
     */
    void SetEngine(Ptr<InferenceEngine> engine);

    /**
     * \brief Attach the node's energy source, which this model draws from.
     * \param source the source (one per node)
     */
    void SetEnergySource(Ptr<EnergySource> source) override;

    /** \return energy consumed so far, J (the current interval included) */
    double GetTotalEnergyConsumption() const override;

    /** \return the power drawn now, W */
    double GetPower() const;

    /**
     * \return the part of GetTotalEnergyConsumption() the device would have
     *         drawn idle over the same time, J: idle power (W, the device
     *         profile's) x the time since SetEngine (s). The rest is the
     *         dynamic energy the engine's work caused.
     */
    double GetIdleEnergyConsumption() const;

    /**
     * \brief Not used: the state follows the engine.
     * \param newState ignored
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
    void UtilizationChanged(double compute, double bandwidth);

    Ptr<EnergySource> m_source;                   //!< energy source
    Ptr<InferenceEngine> m_engine;                //!< engine followed
    double m_idlePower{0};                        //!< W
    double m_maxPower{0};                         //!< W
    TracedValue<double> m_power;                  //!< W drawn now
    Time m_lastUpdate;                            //!< start of the current interval
    Time m_start;                                 //!< when SetEngine was called
    double m_accounted{0};                        //!< J up to m_lastUpdate
    TracedValue<double> m_totalEnergyConsumption; //!< J, traced
    bool m_depleted{false};                       //!< the source ran out
};

} // namespace ns3

#endif /* R3D_COMPUTE_ENERGY_MODEL_H */
