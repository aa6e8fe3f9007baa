/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_APPLICATION_HELPERS_H
#define R3D_MEC_APPLICATION_HELPERS_H

#include "ns3/application-container.h"
#include "ns3/deployment-policy.h"
#include "ns3/faults-file.h"
#include "ns3/mec-results.h"
#include "ns3/mec-topology-helper.h"
#include "ns3/mec-view.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/request-tracker.h"

#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Installs MecServer applications.
 *
 * \code
 *   MecServerHelper servers("mobilenet-v2:50,resnet50:150");
 *   servers.SetAttribute("ControllerAddress", Ipv4AddressValue(controllerAddress));
 *   ApplicationContainer apps = servers.Install(serverNodes, tracker);
 * \endcode
 */
class MecServerHelper
{
  public:
    /**
     * \param models the scenario's model list ("name[:deadlineMs],...")
     */
    explicit MecServerHelper(const std::string& models);

    /**
     * \brief Set an attribute of the servers to install.
     * \param name attribute name (see MecServer::GetTypeId)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a server on each node; the i-th gets node index
     *        firstIndex + i. (MecRequestTrackerHelper connects a request
     *        tracker to them.)
     * \param nodes nodes with an InferenceEngine
     * \param firstIndex node index of the first node
     * \return the servers, in node order
     */
    ApplicationContainer Install(NodeContainer nodes, uint32_t firstIndex = 0) const;

    /**
     * \brief Assign fixed random variable streams to the servers (one each:
     *        the StartJitter draw).
     * \param servers servers this helper installed (others are skipped)
     * \param stream first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(ApplicationContainer servers, int64_t stream);

  private:
    ObjectFactory m_factory; //!< server factory
};

/**
 * \ingroup r3d
 * \brief Installs InferenceClient applications.
 */
class InferenceClientHelper
{
  public:
    /**
     * \param models the scenario's model list ("name[:deadlineMs],...")
     */
    explicit InferenceClientHelper(const std::string& models);

    /**
     * \brief Set an attribute of the clients to install.
     * \param name attribute name (see InferenceClient::GetTypeId)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a client on each node; the i-th is origin i.
     *        (MecRequestTrackerHelper connects a request tracker to them.)
     * \param nodes the IoT devices
     * \param nodeIndex node index of each node (same length), so the client
     *        knows its own server
     * \return the clients, in node order
     * \throws std::invalid_argument if the lengths differ
     */
    ApplicationContainer Install(NodeContainer nodes, const std::vector<uint32_t>& nodeIndex) const;

    /**
     * \brief Assign fixed random variable streams to installed clients (their
     *        own, then one per PopularityGroup, shared by its clients).
     * \param clients InferenceClient applications
     * \param stream first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(ApplicationContainer clients, int64_t stream);

  private:
    ObjectFactory m_factory; //!< client factory
};

/**
 * \ingroup r3d
 * \brief Installs a DeploymentController with its policy.
 */
class DeploymentControllerHelper
{
  public:
    /**
     * \param models the scenario's model list ("name[:deadlineMs],...")
     */
    explicit DeploymentControllerHelper(const std::string& models);

    /**
     * \brief Set an attribute of the controller to install.
     * \param name attribute name (see DeploymentController::GetTypeId)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief The policy of the controller to install, as ns-3's
     *        Set...(type, attributes...) helpers choose parts.
     * \tparam Args name-value pairs of policy attributes
     * \param type a short name (see GetPolicyNames: "local-only",
     *        "edge-only", "cloud-only", "random", "greedy", "static", "r3d",
     *        "oracle") or the TypeId name of a DeploymentPolicy subclass
     * \param args attribute name-value pairs, e.g. "File",
     *        StringValue("deployment.json")
     * \throws std::invalid_argument for an unknown name, listing the known ones
     */
    template <typename... Args>
    void SetPolicy(const std::string& type, Args&&... args);

    /**
     * \brief Set an attribute of the policy (e.g. StaticPolicy's "File").
     * \param name attribute name
     * \param value its value
     */
    void SetPolicyAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Resolve a policy name: a short name of the helper's alias table
     *        or the TypeId name of a DeploymentPolicy subclass.
     * \param type the name
     * \return a factory of that policy, the alias's attributes preset
     * \throws std::invalid_argument for an unknown name, listing the known ones
     */
    static ObjectFactory ResolvePolicy(const std::string& type);

    /**
     * \brief Create a policy by name (see ResolvePolicy).
     * \param type the name
     * \return a new policy
     * \throws std::invalid_argument for an unknown name
     */
    static Ptr<DeploymentPolicy> CreatePolicy(const std::string& type);

    /**
     * \return the names SetPolicy accepts, comma separated: the short names,
     *         then the TypeId names of the registered policies
     */
    static std::string GetPolicyNames();

    /**
     * \brief Install the controller.
     * \param node where it runs (an edge or the cloud)
     * \param inventory the servers, by node index
     * \param originNodes node index per client (origin)
     * \param servers the MecServer applications, by node index (used to put
     *        the initial deployment in place at start)
     * \return the controller
     */
    ApplicationContainer Install(Ptr<Node> node,
                                 const std::vector<MecNodeInfo>& inventory,
                                 const std::vector<uint32_t>& originNodes,
                                 ApplicationContainer servers) const;

  private:
    ObjectFactory m_factory; //!< controller factory
    ObjectFactory m_policy;  //!< policy factory
};

template <typename... Args>
void
DeploymentControllerHelper::SetPolicy(const std::string& type, Args&&... args)
{
    m_policy = ResolvePolicy(type);
    m_policy.Set(std::forward<Args>(args)...);
}

/**
 * \ingroup r3d
 * \brief The applications of a MEC scenario, as installed by
 *        MecApplicationHelper.
 */
struct MecApplications
{
    Ptr<MecRequestTracker> tracker;  //!< outcomes of every request
    ApplicationContainer servers;    //!< MecServer per node index
    ApplicationContainer clients;    //!< InferenceClient per device (origin index)
    ApplicationContainer controller; //!< the DeploymentController
    uint32_t controllerNode{0};      //!< node index it runs on
};

/**
 * \ingroup r3d
 * \brief Installs a whole MEC scenario's applications on a MecTopology: a
 *        MecServer on every node (the cloud holds every model's weights), an
 *        InferenceClient on every IoT device, the DeploymentController on
 *        one edge or the cloud, and the request tracker, whose timeouts are
 *        classified as node-down / link-down from the topology's faults.
 *
 * \code
 *   Ptr<MecTopologyHelper> topologyHelper = CreateObject<MecTopologyHelper>();
 *   MecTopology topology = topologyHelper->Build();
 *   MecApplicationHelper apps("mobilenet-v2:50,resnet50:150");
 *   apps.Controller().SetPolicy("greedy");
 *   apps.Clients().SetAttribute("Rate", DoubleValue(5));
 *   MecApplications installed = apps.Install(topology);
 * \endcode
 */
class MecApplicationHelper
{
  public:
    /**
     * \param models the scenario's model list ("name[:deadlineMs],...")
     */
    explicit MecApplicationHelper(const std::string& models);

    /// \return the server helper (set server attributes before Install)
    MecServerHelper& Servers();
    /// \return the client helper
    InferenceClientHelper& Clients();
    /// \return the controller helper
    DeploymentControllerHelper& Controller();

    /**
     * \param nodeIndex node index the controller runs on (default: edge 0)
     */
    void SetControllerNode(uint32_t nodeIndex);

    /**
     * \brief Catalog files the applications read (empty: the defaults).
     * \param devicesFile device catalog
     * \param modelsFile model catalog
     */
    void SetCatalogFiles(const std::string& devicesFile, const std::string& modelsFile);

    /**
     * \brief Set an attribute of the MecServers of one tier only (after
     *        Servers()' attributes, which every server gets), e.g. the
     *        memory for models of the edge servers.
     * \param tier the tier whose servers get it
     * \param name a MecServer attribute name
     * \param value its value
     */
    void SetServerAttribute(Tier tier, const std::string& name, const AttributeValue& value);

    /**
     * \brief Install everything on the topology.
     * \param topology a built topology
     * \return the applications
     */
    MecApplications Install(MecTopology& topology);

    /**
     * \brief Assign fixed random variable streams (clients, policy, servers).
     * \param apps installed applications
     * \param stream first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(MecApplications& apps, int64_t stream);

    /**
     * \brief Take a node down at \p at: its interfaces (topology helper)
     *        and its server (every request it holds ends as node-down), and
     *        the controller if it runs there (ScheduleControllerDown).
     * \param topologyHelper the helper that built the topology
     * \param topology the topology
     * \param apps the installed applications
     * \param nodeIndex the node
     * \param at when
     */
    static void ScheduleNodeDown(Ptr<MecTopologyHelper> topologyHelper,
                                 MecTopology& topology,
                                 MecApplications& apps,
                                 uint32_t nodeIndex,
                                 Time at);

    /**
     * \brief The controller process fails at \p at (DeploymentController::
     *        Fail: its node stays up; clients and servers keep their last
     *        routing and deployment).
     * \param apps the installed applications
     * \param at when (absolute, not in the past)
     */
    static void ScheduleControllerDown(MecApplications& apps, Time at);

    /**
     * \brief The controller process restarts at \p at and rebuilds its view
     *        from reports (DeploymentController::Recover).
     * \param apps the installed applications
     * \param at when (absolute, not in the past)
     */
    static void ScheduleControllerUp(MecApplications& apps, Time at);

    /**
     * \brief Schedule the faults of a faults file (ReadFaultsFile): node
     *        down and up (ScheduleNodeDown, ScheduleNodeUp), the controller
     *        down and up (ScheduleControllerDown, ScheduleControllerUp), a
     *        device away and back (MecTopologyHelper::ScheduleDeviceAway,
     *        ScheduleDeviceBack), link down and up
     *        (MecTopologyHelper::ScheduleLinkDown, ScheduleLinkUp) and link
     *        loss (ScheduleLinkLoss).
     * \param topologyHelper the helper that built the topology
     * \param topology the topology
     * \param apps the installed applications
     * \param events the faults
     * \param path the file they came from, for messages
     * \throws std::invalid_argument "PATH:LINE: field 'target': ..." for a
     *         link the topology does not have, or a time in the past
     */
    static void ScheduleFaults(Ptr<MecTopologyHelper> topologyHelper,
                               MecTopology& topology,
                               MecApplications& apps,
                               const std::vector<MecFaultEvent>& events,
                               const std::string& path);

    /**
     * \brief Bring a node back at \p at: its interfaces (topology helper)
     *        and its server, as a rebooted node (MecServer::Recover: memory
     *        empty, weights on storage kept, reconnects to the controller),
     *        and the controller if it runs there (ScheduleControllerUp).
     * \param topologyHelper the helper that built the topology
     * \param topology the topology
     * \param apps the installed applications
     * \param nodeIndex the node
     * \param at when
     */
    static void ScheduleNodeUp(Ptr<MecTopologyHelper> topologyHelper,
                               MecTopology& topology,
                               MecApplications& apps,
                               uint32_t nodeIndex,
                               Time at);

    /**
     * \brief What each node measured, for MecResults (energy, utilization,
     *        deployments).
     * \param topology the topology
     * \param apps the installed applications
     * \return per node index
     */
    static std::vector<MecNodeResult> CollectNodeResults(const MecTopology& topology,
                                                         const MecApplications& apps);

  private:
    std::string m_models;                    //!< model list
    MecServerHelper m_servers;               //!< servers
    InferenceClientHelper m_clients;         //!< clients
    DeploymentControllerHelper m_controller; //!< controller
    uint32_t m_controllerNode;               //!< node index of the controller (UINT32_MAX: edge 0)
    std::string m_devicesFile;               //!< device catalog
    std::string m_modelsFile;                //!< model catalog
    /// per-tier server attributes: (tier, name, value), applied in order
    std::vector<std::tuple<Tier, std::string, Ptr<AttributeValue>>> m_tierServerAttributes;
};

} // namespace ns3

#endif /* R3D_MEC_APPLICATION_HELPERS_H */
