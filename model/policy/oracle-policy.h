/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_ORACLE_POLICY_H
#define R3D_ORACLE_POLICY_H

#include "deployment-cost.h"
#include "deployment-policy.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Reference "oracle" for small instances: the deployment of least
 *        estimated DeploymentCost, found by exhaustive search.
 *
 * Candidates are the P pairs (node n, model m) with n not down; pairs on a
 * down node keep their state. Every subset S of the candidates is a
 * deployment (2^P of them, the empty one included); H is the set of
 * candidates held now (MecView::IsHeld). S is feasible if, on every node,
 * its evictions (H \ S) then its deploys (S \ H), applied in model order as
 * the controller applies them, never exceed the node's free memory: that is
 * sum_{m in S on n} weightBytes[m] <= FreeMemory(n) + sum_{m in H on n}
 * weightBytes[m], keeping a held model needing no room.
 *
 * Demand d[o][m] is MecView::demand (non-finite or <= 0: no demand); before
 * any origin reported (the first decision) every origin demands every model
 * at rate 1, as in GreedyPolicy. For a feasible S, each (o, m) with d > 0 is
 * routed as the clients route: to the origin's own node if m is in S there,
 * else to argmin_{h : (h, m) in S} MecView::CompletionTime(o, h, m) (ties:
 * lowest node index); unserved if no node has m in S. Then
 *
 *   rho_h = sum_{(o, m) -> h} d[o][m] * computeTime[h][m]   (utilization)
 *
 *   t_om  = NetworkTime(o, h, m)
 *         + computeTime[h][m] * (1 + q_h) / (1 - min(rho_h, 0.95))
 *
 * where q_h = queueLength + runningJobs of h's latest report (0 if none):
 * the reported backlog ahead, and an M/M/1-style inflation 1 / (1 - rho) of
 * the service time for the load the deployment itself sends to h (capped at
 * rho = 0.95, so an overloaded host is very slow, not infinitely so). With
 * r_om = min(t_om / deadline[m], LatencyCap) and miss_om = [t_om >
 * deadline[m]] (an unserved pair: r = LatencyCap, miss = 1), and D = sum
 * d[o][m]:
 *
 *   cost(S) = LatencyWeight * sum d * r / D + MissWeight * sum d * miss / D
 *           + EnergyWeight * sum_h dynamicPower_h * min(rho_h, 1)
 *           + ChangeWeight * |S \ H|
 *
 * (request terms 0 if D = 0). This mirrors DeploymentCost's interval cost
 * (requests weighted by rate, the power a deployment adds, deploys counted);
 * idle power is the same for every deployment and is left out. The weights
 * are DeploymentCost's attribute values when the policy is created (set
 * them with Config::SetDefault or --ns3::DeploymentCost::...).
 *
 * The S of least cost wins; a tie (within 1e-12 relative) goes to the S with
 * fewer changes |S \ H| + |H \ S|, then to the lowest bitmask (bit k = k-th
 * candidate in (node, model) order). The actions are an EVICT for each pair
 * of H \ S, then a DEPLOY for each pair of S \ H, each in (node, model) order
 * (never a MIGRATE).
 *
 * Cost: the search visits the product of the per-node feasible model sets,
 * at most 2^P deployments, each evaluated in O(D M N). If P > MaxPairs,
 * Decide throws std::invalid_argument: this is a yardstick for small
 * instances (20 pairs: 2^20 deployments, well under a second), not a
 * deployable policy. It is the best deployment under the module's own
 * estimates (MecView's network and completion times, the queueing
 * approximation above, the latest stale reports), not under a look-ahead
 * simulation of the next interval.
 */
class OraclePolicy : public DeploymentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Create the policy with MaxPairs 20 and the weights of a default
    /// DeploymentCost (as configured when the policy is created).
    OraclePolicy();

    /**
     * \copydoc DeploymentPolicy::Decide
     * \throws std::invalid_argument if more than MaxPairs (node, model) pairs
     *         are candidates
     */
    std::vector<DeploymentAction> Decide(const MecView& view) override;

    /** \return the estimated cost of the deployment the last Decide chose (0 before any) */
    double GetLastEstimate() const;

    /** \return the number of feasible deployments the last Decide evaluated */
    uint64_t GetLastEvaluated() const;

  private:
    uint32_t m_maxPairs;        //!< MaxPairs attribute
    Ptr<DeploymentCost> m_cost; //!< Cost attribute
    double m_lastEstimate;      //!< estimated cost of the last choice
    uint64_t m_lastEvaluated;   //!< feasible deployments evaluated by the last Decide
};

} // namespace ns3

#endif /* R3D_ORACLE_POLICY_H */
