/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_ENGINE_HELPER_H
#define R3D_INFERENCE_ENGINE_HELPER_H

#include "inference-engine-container.h"

#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Installs an InferenceEngine on nodes (aggregated to each Node).
 *
 * \code
 *   InferenceEngineHelper engines;
 *   engines.SetDevice("jetson-agx-xavier");
 *   engines.SetAllocator("ram");
 *   engines.SetAttribute("MaxConcurrentJobs", UintegerValue(4));
 *   InferenceEngineContainer installed = engines.Install(edgeNodes);
 * \endcode
 */
class InferenceEngineHelper
{
  public:
    InferenceEngineHelper();

    /**
     * \brief Set an attribute of the engines to install.
     * \param name attribute name (see InferenceEngine::GetTypeId)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief The device of the engines to install.
     * \param deviceName a device catalog name
     */
    void SetDevice(const std::string& deviceName);

    /**
     * \brief The allocator of the engines to install.
     * \param name "one-at-a-time", "equal-share", "ram", or the TypeId name
     *        of an InferenceAllocator subclass
     * \throws std::invalid_argument for an unknown name
     */
    void SetAllocator(const std::string& name);

    /**
     * \brief Install an engine on each node.
     * \param nodes the nodes (none may have an engine already)
     * \return the engines, in node order
     */
    InferenceEngineContainer Install(NodeContainer nodes) const;

    /**
     * \brief Install an engine on one node.
     * \param node the node
     * \return the engine
     */
    Ptr<InferenceEngine> Install(Ptr<Node> node) const;

  private:
    ObjectFactory m_engine;    //!< engine factory
    ObjectFactory m_allocator; //!< allocator factory (one per engine)
};

} // namespace ns3

#endif /* R3D_INFERENCE_ENGINE_HELPER_H */
