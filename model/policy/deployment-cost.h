/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_COST_H
#define R3D_DEPLOYMENT_COST_H

#include "ns3/energy-source-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/request-tracker.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class DeploymentController;
struct DeploymentAction;
struct MecView;

/**
 * \ingroup r3d
 * \brief What happened in one control interval: the requests that ended in
 *        it, the energy drawn and the deployment changes commanded.
 */
struct CostInterval
{
    Time start;            //!< interval start (a decision)
    Time end;              //!< interval end (the next decision, or the end of the run)
    uint64_t ended{0};     //!< requests whose outcome was recorded in [start, end)
    uint64_t completed{0}; //!< of which completed
    uint64_t missed{0};    //!< of which dropped or completed after their deadline
    double latencySum{0};  //!< sum over ended requests of min(latency / deadline, cap)
    double energyJ{0};     //!< energy drawn by every node, J
    uint64_t deploys{0};   //!< DEPLOY and MIGRATE actions applied at the interval's start
    uint64_t evictions{0}; //!< EVICT actions applied at the interval's start
    std::vector<uint64_t> modelEnded;    //!< per model index: ended
    std::vector<uint64_t> modelMissed;   //!< per model index: missed
    std::vector<double> modelLatencySum; //!< per model index: latencySum
    std::vector<uint64_t> modelDeploys;  //!< per model index: deploys
};

/**
 * \ingroup r3d
 * \brief The weighted cost of an interval, term by term (reward = -total).
 */
struct CostTerms
{
    double latency{0}; //!< LatencyWeight * mean capped latency / deadline
    double miss{0};    //!< MissWeight * share of ended requests that missed
    double energy{0};  //!< EnergyWeight * mean power, W
    double change{0};  //!< ChangeWeight * (deploys + migrations)
    double total{0};   //!< the sum of the four

    /**
     * \param other terms to add
     * \return *this
     */
    CostTerms& operator+=(const CostTerms& other);
    /**
     * \param k a divisor
     * \return *this with every term divided by k
     */
    CostTerms& operator/=(double k);
};

/**
 * \ingroup r3d
 * \brief The cost a deployment policy minimizes (its reward is the
 *        negative), and the monitor that measures it interval by interval.
 *
 * For an interval [start, end) between two controller decisions:
 *
 *   cost = LatencyWeight * (1/n) sum_i min(latency_i / deadline_i, LatencyCap)
 *        + MissWeight * missed / n
 *        + EnergyWeight * E / (end - start)
 *        + ChangeWeight * deploys
 *
 * over the n requests whose outcome was recorded in the interval (a dropped
 * request counts LatencyCap; with n = 0 both request terms are 0); missed
 * counts drops and completions after the deadline; E is the energy drawn by
 * every node (idle included: it is what the operator pays; it is nearly the
 * same for every policy, so it shifts costs more than it separates them);
 * deploys counts the DEPLOY and MIGRATE actions the controller applied at
 * the interval's start (the initial deployment made with PreDeploy is free).
 *
 * Attach it to a scenario (Attach) before the simulation runs; it closes an
 * interval at every decision (the controller's Decision trace) and at Finish.
 * A run's cost is the mean over its intervals (GetMean).
 */
class DeploymentCost : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DeploymentCost();

    /**
     * \brief The cost terms of an interval.
     * \param interval the interval
     * \return the weighted terms
     */
    CostTerms Evaluate(const CostInterval& interval) const;

    /**
     * \brief The interval's cost split by model, for a learning agent's
     *        credit assignment: c_m = LatencyWeight latencySum_m / n +
     *        MissWeight missed_m / n + energy term / M + ChangeWeight
     *        deploys_m, with n the requests ended (all models); the c_m add
     *        up to Evaluate(interval).total.
     * \param interval the interval
     * \param models M
     * \return M shares
     */
    std::vector<double> EvaluatePerModel(const CostInterval& interval, uint32_t models) const;

    /**
     * \brief Watch a scenario: request outcomes, the controller's decisions
     *        and the energy sources of every node.
     * \param tracker the scenario's request tracker
     * \param controller its deployment controller
     * \param sources every node's energy source
     */
    void Attach(Ptr<MecRequestTracker> tracker,
                Ptr<DeploymentController> controller,
                const EnergySourceContainer& sources);

    /**
     * \brief Close the last interval (call once, after Simulator::Run).
     */
    void Finish();

    /** \return the closed intervals, in time order */
    const std::vector<CostInterval>& GetIntervals() const;

    /** \return the terms of each closed interval, in time order */
    std::vector<CostTerms> GetTerms() const;

    /** \return the mean over the closed intervals (all zero if none) */
    CostTerms GetMean() const;

    /** \return LatencyCap */
    double GetLatencyCap() const;

  private:
    void OnOutcome(const MecRequestRecord& record);
    void OnDecision(const MecView& view, const std::vector<DeploymentAction>& actions);
    void Close(Time now);
    double EnergyNow() const;

    double m_latencyWeight; //!< LatencyWeight attribute
    double m_latencyCap;    //!< LatencyCap attribute
    double m_missWeight;    //!< MissWeight attribute
    double m_energyWeight;  //!< EnergyWeight attribute (lambda)
    double m_changeWeight;  //!< ChangeWeight attribute

    std::vector<Ptr<EnergySource>> m_sources; //!< energy (not an EnergySourceContainer:
                                              //!< that Object's copy assignment is shallow)
    bool m_open{false};                       //!< an interval is open
    CostInterval m_current;                   //!< the open interval
    double m_energyAtStart{0};                //!< EnergyNow() at m_current.start
    bool m_initialDone{false};                //!< the first (initial) decision was seen
    std::vector<CostInterval> m_closed;       //!< closed intervals
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_COST_H */
