/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_STATIC_POLICY_H
#define R3D_STATIC_POLICY_H

#include "deployment-policy.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Baseline "static": the deployment a JSON file lists, held for the
 *        whole run.
 *
 * The file (Attribute File) is
 * <tt>{"deployments": {"<node name>": ["<model>", ...], ...}}</tt>, node names
 * being MecNodeInfo::name and models MecView::models; a top-level "note" is
 * allowed. A node the file does not name holds nothing. The file is read and
 * checked against the view at the first Decide (or by Load): malformed JSON,
 * a missing "deployments", an unknown node or model, a model listed twice on
 * a node, or models whose weightBytes exceed the node's memoryCapacity raise
 * a CatalogError naming the file, the entry (node) and the problem.
 *
 * Decide evicts held models the file does not list on their node, then
 * deploys listed models that are not held. After the first decision it
 * returns nothing unless something went missing.
 */
class StaticPolicy : public DeploymentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Create the policy; set the File attribute before the first Decide.
    StaticPolicy();

    std::vector<DeploymentAction> Decide(const MecView& view) override;

    /**
     * \brief Read the File and check its structure (not yet its node and
     *        model names, which need the view: Load checks them).
     * \throws CatalogError naming the file and the field
     */
    void CheckConfiguration() override;

    /**
     * \brief Read and validate the File against a view's nodes and models
     *        (done by the first Decide if not called before).
     * \param view a view with the scenario's nodes, models and weights
     * \throws CatalogError if the file is unreadable or invalid
     */
    void Load(const MecView& view);

    /**
     * \return per node index, per model index: whether the file deploys the
     *         model there (empty before Load)
     */
    const std::vector<std::vector<bool>>& GetDeployment() const;

  private:
    std::string m_file;                      //!< deployment JSON
    std::string m_loadedFile;                //!< file m_wanted was read from
    std::vector<std::vector<bool>> m_wanted; //!< [node][model]: listed by the file
};

} // namespace ns3

#endif /* R3D_STATIC_POLICY_H */
