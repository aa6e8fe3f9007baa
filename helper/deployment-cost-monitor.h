/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_COST_MONITOR_H
#define R3D_DEPLOYMENT_COST_MONITOR_H

#include "ns3/callback.h"
#include "ns3/deployment-cost.h"
#include "ns3/energy-source-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <vector>

namespace ns3
{

class DeploymentController;
class EnergySource;
class MecRequestTracker;
struct DeploymentAction;
struct MecRequestRecord;
struct MecView;

/**
 * \ingroup r3d
 * \brief Measures a running scenario's DeploymentCost interval by interval,
 *        as FlowMonitorHelper hooks FlowMonitor to a network: it connects to
 *        the request tracker's Outcome trace and the controller's Decision
 *        trace, and reads every node's energy source at each decision.
 *
 * An interval runs from one decision to the next (or to Finish). Requests
 * count in the interval their outcome is recorded in; the changes a
 * decision applies count in the interval it opens; the initial deployment
 * (a decision at time 0) is free. A run's cost is the mean over its
 * intervals (GetMean).
 *
 * \code
 *   Ptr<DeploymentCostMonitor> monitor = CreateObject<DeploymentCostMonitor>();
 *   monitor->Attach(apps.tracker, controller, topology.sources);
 *   Simulator::Run();
 *   monitor->Finish();
 *   double cost = monitor->GetMean().total;
 * \endcode
 */
class DeploymentCostMonitor : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DeploymentCostMonitor();

    /**
     * \brief Watch a scenario from now on.
     * \param tracker the scenario's request tracker
     * \param controller its deployment controller
     * \param sources every node's energy source
     */
    void Attach(Ptr<MecRequestTracker> tracker,
                Ptr<DeploymentController> controller,
                const EnergySourceContainer& sources);

    /**
     * \brief Count another energy in the cost than the sources' total: from
     *        the next interval on, an interval's energy is the difference of
     *        \p meter between its ends. MecScenario passes the nodes' dynamic
     *        energy (MecTopology::GetDynamicEnergy), the part deployment
     *        decisions can change.
     * \param meter returns the energy counted so far, J (non-decreasing)
     */
    void SetEnergyMeter(Callback<double> meter);

    /**
     * \brief Close the last interval (call once, after Simulator::Run).
     */
    void Finish();

    /** \return the cost being measured (the Cost attribute) */
    Ptr<DeploymentCost> GetCost() const;

    /** \return the closed intervals, in time order */
    const std::vector<CostInterval>& GetIntervals() const;

    /** \return the terms of each closed interval, in time order */
    std::vector<CostTerms> GetTerms() const;

    /**
     * \param warmup intervals that start before this time are left out
     * \return the mean over the closed intervals that start at or after
     *         \p warmup (all zero if none)
     */
    CostTerms GetMean(Time warmup = Seconds(0)) const;

    /**
     * \param warmup as for GetMean
     * \return how many closed intervals start at or after \p warmup
     */
    std::size_t CountIntervals(Time warmup = Seconds(0)) const;

  protected:
    /** \brief Release the references this object holds (ns-3's Object::DoDispose). */
    void DoDispose() override;

  private:
    /// \param record a request that ended
    void OnOutcome(const MecRequestRecord& record);
    /// \param view the controller's view \param actions the actions it applied
    void OnDecision(const MecView& view, const std::vector<DeploymentAction>& actions);
    /// \param now the end of the open interval
    void Close(Time now);
    /// \return energy drawn by every node so far, J
    double EnergyNow() const;

    Ptr<DeploymentCost> m_cost;               //!< Cost attribute
    std::vector<Ptr<EnergySource>> m_sources; //!< energy (not an EnergySourceContainer:
                                              //!< that Object's copy assignment is shallow)
    Callback<double> m_meter;                 //!< energy counted instead, if set
    bool m_open{false};                       //!< an interval is open
    CostInterval m_current;                   //!< the open interval
    double m_energyAtStart{0};                //!< EnergyNow() at m_current.start
    std::vector<CostInterval> m_closed;       //!< closed intervals
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_COST_MONITOR_H */
