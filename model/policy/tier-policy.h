/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_TIER_POLICY_H
#define R3D_TIER_POLICY_H

#include "deployment-policy.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Baselines that deploy models on one tier only: "local-only" (end
 *        devices), "edge-only" (edge servers), "cloud-only" (the cloud).
 *
 * For every node of the tier, the desired model set is built from the demand
 * the node serves: an end device its own origin's demand (the origin whose
 * node it is), an edge server the summed demand of the origins at its site,
 * the cloud all demand. Models are ranked by that demand, descending (ties,
 * and every model before any demand is reported, by model index), and taken
 * in that order while their weightBytes fit the node's memoryCapacity (a
 * model that does not fit is skipped and the next one tried). Models without
 * demand are still deployed if they fit: the policy is about where, not
 * whether. The actions evict the held models that are not desired, then
 * deploy the desired models that are not held; nothing changes when the
 * desired set is already held. Nodes of other tiers are never touched.
 */
class TierPolicy : public DeploymentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Create an edge-only policy (set the Tier attribute for another tier).
    TierPolicy();

    std::vector<DeploymentAction> Decide(const MecView& view) override;

    /**
     * \param tier the tier whose nodes get the models
     */
    void SetTier(Tier tier);

    /** \return the tier whose nodes get the models */
    Tier GetTier() const;

    /**
     * \brief The models a node of the tier should hold.
     * \param view the controller's view
     * \param node a node index
     * \return per model index, whether it is desired on \p node
     */
    std::vector<bool> DesiredModels(const MecView& view, uint32_t node) const;

  private:
    /// \param tier the tier as an int (the Attribute's EnumValue)
    void SetTierValue(int tier);
    /// \return the tier as an int (the Attribute's EnumValue)
    int GetTierValue() const;

    Tier m_tier; //!< tier whose nodes get the models
};

} // namespace ns3

#endif /* R3D_TIER_POLICY_H */
