/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_COST_H
#define R3D_DEPLOYMENT_COST_H

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief What happened in one control interval: the requests that ended in
 *        it, the energy drawn and the deployment changes commanded.
 */
struct CostInterval
{
    Time start;            //!< interval start (a decision)
    Time end;              //!< interval end (the next decision, or the end of the run)
    bool decided{false};   //!< a decision opened it (false: the stretch before the first one)
    uint64_t ended{0};     //!< requests whose outcome was recorded in [start, end)
    uint64_t completed{0}; //!< of which completed
    uint64_t missed{0};    //!< of which dropped or completed after their deadline
    double latencySum{0};  //!< sum over ended requests of min(latency / deadline, cap)
    double energyJ{0};     //!< energy counted (MecScenario: every node's dynamic energy), J
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
    double energy{0};  //!< EnergyWeight * mean power counted, W
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
 *        negative): its weights and the evaluation of an interval.
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
 * counts drops and completions after the deadline; E is the energy the
 * DeploymentCostMonitor counts over the interval: in MecScenario the dynamic
 * energy of every node (compute above idle, model loading, Wi-Fi radio above
 * idle, bytes over wired links), the part deployment decisions change (idle
 * power is drawn whatever a policy does; counted, it was 76 % of the cost
 * of the 4-model scenario and separated no policy), or, attached to energy
 * sources alone, their total;
 * deploys counts the DEPLOY and MIGRATE actions the controller applied at
 * the interval's start (the initial deployment made with PreDeploy is free).
 *
 * This class is pure: it knows the weights and evaluates intervals. A
 * DeploymentCostMonitor (helper) fills the intervals of a running scenario
 * from the request outcomes, the controller's decisions and the nodes'
 * energy, and gives the run's cost as the mean over its intervals.
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
     * \brief Count one ended request in an interval.
     * \param interval the interval
     * \param model its model index
     * \param completed whether it completed (else it was dropped: it counts
     *        LatencyCap)
     * \param latency its latency (completed requests), s
     * \param deadline its relative deadline, s (a non-positive one counts
     *        LatencyCap)
     * \param metDeadline whether it completed by its deadline
     */
    void AddOutcome(CostInterval& interval,
                    uint32_t model,
                    bool completed,
                    double latency,
                    double deadline,
                    bool metDeadline) const;

    /**
     * \brief Count the deployment changes of a decision in an interval.
     * \param interval the interval
     * \param deploys model index of each DEPLOY or MIGRATE applied
     * \param evictions EVICT actions applied
     */
    void AddChanges(CostInterval& interval,
                    const std::vector<uint32_t>& deploys,
                    uint64_t evictions) const;

    /** \return LatencyCap */
    double GetLatencyCap() const;

    /// The cost's weights, as its attributes hold them.
    struct Weights
    {
        double latency;    //!< LatencyWeight
        double latencyCap; //!< LatencyCap
        double miss;       //!< MissWeight
        double energy;     //!< EnergyWeight, per W
        double change;     //!< ChangeWeight, per deploy
    };

    /** \return the weights */
    Weights GetWeights() const;

  private:
    double m_latencyWeight; //!< LatencyWeight attribute
    double m_latencyCap;    //!< LatencyCap attribute
    double m_missWeight;    //!< MissWeight attribute
    double m_energyWeight;  //!< EnergyWeight attribute (lambda)
    double m_changeWeight;  //!< ChangeWeight attribute
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_COST_H */
