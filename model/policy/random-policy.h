/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_RANDOM_POLICY_H
#define R3D_RANDOM_POLICY_H

#include "deployment-policy.h"

#include "ns3/random-variable-stream.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Baseline "random": one replica per model, on a node drawn afresh at
 *        every decision.
 *
 * For each model in index order, the host is drawn uniformly among the nodes
 * that already hold the model or where it fits in FreeMemory after the
 * actions chosen so far in this decision (memory is tracked as actions are
 * chosen). The model is then held exactly there: deployed if not held,
 * evicted from every other node (evictions of a model are emitted before its
 * deploy). A model that fits nowhere and is held nowhere is left alone. This
 * churns a lot, on purpose: it is the lower bound the other policies are
 * compared with.
 */
class RandomPolicy : public DeploymentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Create the policy (stream assigned automatically unless AssignStreams).
    RandomPolicy();

    std::vector<DeploymentAction> Decide(const MecView& view) override;
    int64_t AssignStreams(int64_t stream) override;

  private:
    Ptr<UniformRandomVariable> m_rng; //!< picks the hosts (created at the first Decide)
    int64_t m_stream{-1};             //!< stream given by AssignStreams (-1: automatic)
};

} // namespace ns3

#endif /* R3D_RANDOM_POLICY_H */
