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
     * \brief Check the policy's configuration now (files it reads,
     *        checkpoints), so that a bad one fails before the simulation
     *        starts rather than at the first decision. The default checks
     *        nothing.
     * \throws std::invalid_argument or CatalogError naming what is wrong
     */
    virtual void CheckConfiguration();
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_POLICY_H */
