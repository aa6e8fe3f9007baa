/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_COMPUTE_ENERGY_MODEL_HELPER_H
#define R3D_COMPUTE_ENERGY_MODEL_HELPER_H

#include "ns3/device-energy-model-container.h"
#include "ns3/energy-source-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Attaches a ComputeEnergyModel to the InferenceEngine of each node,
 *        drawing from an ns-3 energy source.
 *
 * Without sources given, it installs a BasicEnergySource per node (aggregated
 * to the node in an EnergySourceContainer, as ns-3's energy source helpers
 * do) with a large initial energy (1e9 J: a mains-powered device; change it
 * with SetSourceAttribute: this setting overrides a Config default of
 * BasicEnergySourceInitialEnergyJ, and r3d's programs refuse such a default). Read a node's compute
 * energy as for any ns-3 device: the returned models' GetTotalEnergyConsumption(), or the source's
 * GetRemainingEnergy(). Energy sources update themselves periodically, so a
 * simulation with them needs Simulator::Stop.
 */
class ComputeEnergyModelHelper
{
  public:
    ComputeEnergyModelHelper();

    /**
     * \brief Set an attribute of the BasicEnergySources this helper creates.
     * \param name attribute name (e.g. "BasicEnergySourceInitialEnergyJ")
     * \param value its value
     */
    void SetSourceAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Create a BasicEnergySource per node and attach a compute energy
     *        model to it and to the node's engine.
     * \param nodes nodes that have an InferenceEngine
     * \return the energy models, in node order
     */
    DeviceEnergyModelContainer Install(NodeContainer nodes) const;

    /**
     * \brief Attach a compute energy model per node to the given sources.
     * \param nodes nodes that have an InferenceEngine
     * \param sources one source per node, same order
     * \return the energy models, in node order
     */
    DeviceEnergyModelContainer Install(NodeContainer nodes, EnergySourceContainer sources) const;

  private:
    ObjectFactory m_source; //!< energy source factory
};

} // namespace ns3

#endif /* R3D_COMPUTE_ENERGY_MODEL_HELPER_H */
