/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_FEATURES_H
#define R3D_DEPLOYMENT_FEATURES_H

#include "deployment-observation.h"
#include "mec-view.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The R3D agent's observation: one feature vector per (node, model)
 *        pair, computed from the controller's view (its stale reports).
 *
 * The agent scores every pair with the same small network, so a checkpoint
 * does not depend on how many nodes or origins the scenario has (it runs on
 * topologies it was not trained on); the pair's context (the node's load,
 * the model's demand, the links to the origins that want it) is in the
 * pair's own features. Encode returns N M F floats, pair (n, m) at
 * (n M + m) F. Features, in order (GetNames):
 *
 *  0-2  tierEnd, tierEdge, tierCloud: the node's tier, one-hot
 *  3    down: the node is known to be down
 *  4    load: (queueLength + runningJobs) / queue norm, clipped to 1
 *  5    utilization: reported compute utilization
 *  6    freeMemory: FreeMemory / memoryCapacity
 *  7    weight: the model's weightBytes / the node's memoryCapacity, clipped to 1
 *  8    fits: 1 if not held and weightBytes <= FreeMemory
 *  9    ready: 1 if READY on the node
 *  10   loading: 1 if LOADING on the node
 *  11   compute: x / (1 + x), x = computeTime / deadline
 *  12   localDemand: demand of the origins on this node / rate norm, clipped to 1
 *  13   demand: x / (1 + x), x = the model's total demand / rate norm
 *  14   gain: sum_o d_o g_o / (sum_o d_o), clipped to [-1, 1]: how much holding the
 *       model here lowers the demand-weighted estimated latency over deadline
 *       (negative: a device where local runs would be slower), see below; the
 *       sums run over every origin for an edge or the cloud, over the node's
 *       own origins for a device
 *  15   share: the share of the model's demand that would be served here if it
 *       were held here (the clients' rule below)
 *  16   replicas: 1 / (1 + k), k = other nodes holding the model
 *  17   network: x / (1 + x), x = demand-weighted NetworkTime(o, n, m) / deadline
 *  18   unreported: 1 if the node has not reported yet (the initial deployment:
 *       at time 0 with PreDeploy no node has)
 *
 * With r_o(h) = min(CompletionTime(o, h, m) / deadline, cap), cap =
 * LatencyCap, and "infrastructure" the edge and cloud nodes not down:
 * - n an IoT device: g_o = 0 unless n is o's own node; then g_o = (min of
 *   r_o(h) over the infrastructure nodes that hold the model or where it
 *   fits, cap if none) - r_o(n): the clients run a model locally whenever
 *   their node holds it, so a local copy pays only if it beats the best
 *   infrastructure host the model is or could be on;
 * - n an edge or the cloud: g_o = 0 if o's own node holds the model (it runs
 *   locally anyway), else (min of r_o(h) over the infrastructure holders
 *   other than n, cap if none) - (the same minimum with n counted as a
 *   holder).
 * "share" uses the clients' rule itself: o's own node if it holds the model,
 * else the fastest holder. Demand d_o is the origins' reported request rate
 * of the model; before any origin reported, 1 request/s for every origin and
 * model (as GreedyPolicy assumes).
 *
 * Cost: O(M D N) for N nodes, M models and D origins -- linear in the
 * (node, model) pairs for a given number of origins: per model, each
 * origin's completion time to every node, its fastest holder and its best
 * two infrastructure holders are computed once, and each pair adds the
 * origin's terms in constant time.
 */
class DeploymentFeatures
{
  public:
    /// Features per (node, model) pair.
    static constexpr uint32_t N_FEATURES = 19;

    /**
     * \param norms scales (queue and rate are used)
     * \param latencyCap latency over deadline counted at most (DeploymentCost's LatencyCap)
     */
    explicit DeploymentFeatures(const ObservationNorms& norms = ObservationNorms(),
                                double latencyCap = 4);

    /** \return the feature names, in order */
    static std::vector<std::string> GetNames();

    /**
     * \param view the controller's view
     * \return N M F features, pair (n, m) at (n M + m) F
     */
    std::vector<float> Encode(const MecView& view) const;

  private:
    ObservationNorms m_norms; //!< scales
    double m_cap;             //!< latency cap
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_FEATURES_H */
