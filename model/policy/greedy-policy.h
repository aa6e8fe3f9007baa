/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_GREEDY_POLICY_H
#define R3D_GREEDY_POLICY_H

#include "deployment-policy.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Baseline "greedy": each (origin, model) demand, largest first, goes
 *        to the host with the lowest estimated completion time.
 *
 * Pairs (origin, model) with demand > 0 are taken in descending demand (ties
 * by origin, then model). Before any origin reported (the first decision)
 * every origin is taken to demand every model at rate 1. For each pair the
 * candidate hosts are the nodes that hold the model (including deploys
 * chosen earlier in this decision) or where it fits in the memory left,
 * counting as available the memory of idle replicas there (models held that
 * no pair has chosen so far in this decision). The fastest candidate by
 * MecView::CompletionTime wins, except that the fastest candidate already
 * holding the model is kept unless the winner's time is below
 * (1 - Hysteresis) times its time. A winner that does not hold the model
 * gets a deploy, preceded if needed by evictions of its idle replicas,
 * largest first, until the model fits.
 *
 * Idle replicas are otherwise kept: holding a model costs memory only, and
 * evicting whatever saw no request in the last rate window made an early
 * version of this policy load and evict the same models over and over
 * (demand estimates from a few Poisson arrivals are noisy). Once demand is
 * known, a deploy of a model whose replica on another node is idle becomes
 * one MIGRATE from that node (the old replica serves until the new one is
 * ready, then is evicted). Actions come in the order the pairs chose them.
 */
class GreedyPolicy : public DeploymentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Create the policy with Hysteresis 0.2.
    GreedyPolicy();

    std::vector<DeploymentAction> Decide(const MecView& view) override;

  private:
    double m_hysteresis; //!< fraction of time a new host must save to replace a holder
};

} // namespace ns3

#endif /* R3D_GREEDY_POLICY_H */
