/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_ENGINE_HELPER_H
#define R3D_INFERENCE_ENGINE_HELPER_H

#include "inference-engine-container.h"

#include "ns3/inference-allocator.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <utility>

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
     * \brief The allocator of the engines to install (each engine gets its
     *        own), as ns-3's Set...(type, attributes...) helpers do.
     * \tparam Args name-value pairs of allocator attributes
     * \param type a short name ("one-at-a-time", "equal-share", "ram"; see
     *        GetAllocatorNames) or the TypeId name of an InferenceAllocator
     *        subclass
     * \param args attribute name-value pairs, e.g. "Mode", StringValue("...")
     * \throws std::invalid_argument for an unknown name, listing the known ones
     */
    template <typename... Args>
    void SetAllocator(const std::string& type, Args&&... args);

    /**
     * \brief Resolve an allocator name: a short name ("one-at-a-time",
     *        "equal-share", "ram") or the TypeId name of an
     *        InferenceAllocator subclass.
     * \param type the name
     * \return a factory of that allocator
     * \throws std::invalid_argument for an unknown name, listing the known ones
     */
    static ObjectFactory ResolveAllocator(const std::string& type);

    /**
     * \brief Create an allocator by name (see ResolveAllocator).
     * \param type the name
     * \return a new allocator
     * \throws std::invalid_argument for an unknown name
     */
    static Ptr<InferenceAllocator> CreateAllocator(const std::string& type);

    /**
     * \return the names SetAllocator accepts, comma separated: the short
     *         names, then the TypeId names of the registered allocators
     */
    static std::string GetAllocatorNames();

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

template <typename... Args>
void
InferenceEngineHelper::SetAllocator(const std::string& type, Args&&... args)
{
    m_allocator = ResolveAllocator(type);
    m_allocator.Set(std::forward<Args>(args)...);
}

} // namespace ns3

#endif /* R3D_INFERENCE_ENGINE_HELPER_H */
