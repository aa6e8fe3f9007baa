/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_POLICY_H
#define R3D_DEPLOYMENT_POLICY_H

#include "mec-view.h"

#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Decides deployment changes from the controller's view.
 *
 * The DeploymentController calls Decide once at start (the view then has the
 * inventory and no reports: the initial deployment) and once per control
 * interval. Actions are applied in order; the controller drops an action
 * that is infeasible when applied (memory, model already held) and counts it.
 *
 * Learning policies work on the fixed-size numeric form of the same
 * interface: DeploymentObservation encodes the view as a vector and defines a
 * factorized action (one choice per node and model: keep, deploy, evict)
 * with a feasibility mask; DeploymentObservation::ToActions turns a choice
 * vector back into the actions returned here.
 */
class DeploymentPolicy : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Deployment changes for the next interval.
     * \param view the controller's view (latest reports, demand, estimates)
     * \return the changes, applied in order
     */
    virtual std::vector<DeploymentAction> Decide(const MecView& view) = 0;

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index
     * \return the number of streams used
     */
    virtual int64_t AssignStreams(int64_t stream);

    /**
     * \brief Create a policy by name.
     * \param name "local-only", "edge-only", "cloud-only", "random", "greedy",
     *        "static" (see StaticPolicy's File attribute), "r3d" (R3dPolicy),
     *        "oracle" (OraclePolicy, small instances), or the TypeId name
     *        of a DeploymentPolicy subclass
     * \return the policy
     * \throws std::invalid_argument for an unknown name, listing the known ones
     */
    static Ptr<DeploymentPolicy> CreateByName(const std::string& name);

    /**
     * \return the names CreateByName knows, comma separated: the short
     *         names, then the TypeId names of the registered concrete
     *         subclasses, sorted
     */
    static std::string GetKnownNames();
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_POLICY_H */
