/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_TOPOLOGY_HELPER_H
#define R3D_MEC_TOPOLOGY_HELPER_H

#include "inference-engine-container.h"
#include "mec-node-energy.h"

#include "ns3/data-rate.h"
#include "ns3/device-energy-model-container.h"
#include "ns3/device-profile.h"
#include "ns3/energy-source-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/position-allocator.h"
#include "ns3/traced-callback.h"
#include "ns3/wired-transfer-energy.h"

#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class ModelLoadingEnergyModel;
class WifiLinkMonitor;

/**
 * \ingroup r3d
 * \brief Which parts of a MecTopology are down. Shared by every copy of the
 *        topology, so applications holding a copy see the faults as they
 *        happen.
 */
struct MecFaultState
{
    std::vector<bool> nodeDown; //!< per node index
    /// Per node index: when it last came back up (negative: never went down).
    std::vector<Time> nodeUpAt;
    std::vector<bool> linkDown; //!< per wired link (MecTopology::LinkName order)
    /// Per wired link: when it last came back up (negative: never went down).
    std::vector<Time> linkUpAt;
    std::vector<double> linkLoss; //!< per wired link: packet error rate set on it
    std::vector<bool> deviceAway; //!< per device: out of every AP's range (ScheduleDeviceAway)
    /// Per device: when it last came back into range (negative: never left).
    std::vector<Time> deviceBackAt;
};

/**
 * \ingroup r3d
 * \brief An end-edge-cloud network built by MecTopologyHelper.
 *
 * The "node index" used throughout r3d is the position in \c servers: the
 * IoT devices first (0 .. D-1), then the edges (D .. D+E-1), then the cloud
 * (D+E). Every per-node vector below is indexed by it; containers named
 * after one tier (\c devices, \c staDevices, ...) are indexed within it.
 * Members are public: a script may change them (e.g. move a device, set an
 * engine attribute) after Build.
 */
struct MecTopology
{
    /// siteOf value of the cloud, which belongs to no site (uint32_t(-1)).
    static constexpr uint32_t NO_SITE = std::numeric_limits<uint32_t>::max();

    NodeContainer devices; //!< IoT devices, device i at site siteOf[i]
    NodeContainer edges;   //!< edge servers, edge k hosts the AP of site k
    NodeContainer cloud;   //!< the cloud (one node)
    NodeContainer servers; //!< devices, then edges, then the cloud: the node index order

    NetDeviceContainer staDevices; //!< Wi-Fi station of device i
    NetDeviceContainer apDevices;  //!< Wi-Fi AP of edge k
    NetDeviceContainer wanDevices; //!< WAN of edge k: 2k edge side, 2k+1 cloud side
    std::string backhaul;          //!< backhaul shape: ring, star or mesh
    NodeContainer aggregation;     //!< the backhaul's aggregation node (star only; not a server)
    /// Backhaul link p: its ends as edge numbers (NEdges stands for the
    /// aggregation node of a star), in the order the links were built.
    std::vector<std::pair<uint32_t, uint32_t>> backhaulLinks;
    NetDeviceContainer backhaulDevices; //!< link p = BackhaulIndex(a, b): 2p a's side, 2p+1 b's

    Ipv4InterfaceContainer staInterfaces;      //!< same order as staDevices
    Ipv4InterfaceContainer apInterfaces;       //!< same order as apDevices
    Ipv4InterfaceContainer wanInterfaces;      //!< same order as wanDevices
    Ipv4InterfaceContainer backhaulInterfaces; //!< same order as backhaulDevices

    /// Per node index: site, NO_SITE for the cloud. A device's site is
    /// i % E, or its nearest edge if the PositionsFile places it.
    std::vector<uint32_t> siteOf;
    std::vector<std::string> names;           //!< per node index: "device-i", "edge-k", "cloud"
    std::vector<Ipv4Address> serviceAddress;  //!< per node index: address others reach it at
    std::vector<std::string> deviceName;      //!< per node index: device catalog name
    std::vector<Tier> tier;                   //!< per node index
    InferenceEngineContainer engines;         //!< per node index
    EnergySourceContainer sources;            //!< per node index (BasicEnergySource)
    DeviceEnergyModelContainer computeEnergy; //!< per node index (ComputeEnergyModel)
    DeviceEnergyModelContainer loadingEnergy; //!< per node index (ModelLoadingEnergyModel)
    DeviceEnergyModelContainer radioEnergy;   //!< per device (WifiRadioEnergyModel)
    /// Bytes over the WAN and backhaul links, charged to the sending server
    /// node's index (a star's aggregation node charges the edge at the
    /// link's other end).
    Ptr<WiredTransferEnergy> wiredEnergy;

    /// Per site: draws the device positions (used again by AssignStreams).
    std::vector<Ptr<PositionAllocator>> sitePositions;
    /// Per device: whether the PositionsFile placed it (AssignStreams then
    /// keeps its position).
    std::vector<bool> positionFromFile;
    /// Wi-Fi range, m: the largest AP-station distance at which frames are
    /// still detected in both directions, from the sites' PHY and channel
    /// settings (see MecTopologyHelper); infinity if the loss model never
    /// brings the power below the threshold.
    double wifiRange{0};
    /// Down flags, shared by copies; set when scheduled faults fire.
    std::shared_ptr<MecFaultState> faults;

    /** \return the number of IoT devices */
    uint32_t GetNDevices() const;
    /** \return the number of edges (= sites) */
    uint32_t GetNEdges() const;
    /**
     * \param edge an edge (site) number
     * \return its node index
     */
    uint32_t EdgeIndex(uint32_t edge) const;
    /** \return the node index of the cloud */
    uint32_t CloudIndex() const;
    /**
     * \param a an edge (or NEdges: a star's aggregation node)
     * \param b another
     * \return the number of the backhaul link between them (a mesh's pairs
     *         are (0,1), (0,2), ..., (1,2), ... in that order; a ring's
     *         (k, k+1 mod E); a star's (k, aggregation))
     * \throws std::invalid_argument if no link joins them directly
     */
    uint32_t BackhaulIndex(uint32_t a, uint32_t b) const;

    /**
     * \param a an edge
     * \param b an edge
     * \return the edges (and, for a star, the aggregation node as NEdges) a
     *         backhaul route from a to b visits, a and b included: the
     *         shortest way round a ring, through the aggregation node of a
     *         star, direct in a mesh
     */
    std::vector<uint32_t> EdgePath(uint32_t a, uint32_t b) const;

    /**
     * \param a an edge
     * \param b an edge
     * \return backhaul hops between them (0 if a == b)
     */
    uint32_t EdgeHops(uint32_t a, uint32_t b) const;

    /**
     * \param node a node of the topology
     * \return its node index
     * \throws std::invalid_argument if the node is not in \c servers
     */
    uint32_t IndexOf(Ptr<Node> node) const;

    /**
     * \brief The node's ModelLoadingEnergyModel. It is not aggregated to the
     *        node: in ns-3.37 a DeviceEnergyModel aggregated to a node that
     *        also holds the EnergySourceContainer makes Node::Initialize
     *        recurse without end (the container initializes the models,
     *        whose Initialize walks the node's aggregates back into the
     *        container).
     * \param index a node index
     * \return the model
     */
    Ptr<ModelLoadingEnergyModel> GetLoadingEnergy(uint32_t index) const;

    /**
     * \param index a node index
     * \return the energy it has drawn so far, by component, J
     * \throws std::invalid_argument for an index out of range
     */
    MecNodeEnergy GetNodeEnergy(uint32_t index) const;

    /**
     * \return the dynamic energy of every server node so far, J (what
     *         DeploymentCostMonitor charges in MecScenario)
     */
    double GetDynamicEnergy() const;

    /**
     * \param index a node index
     * \return whether the node is down now (a ScheduleNodeDown for it has
     *         fired and no ScheduleNodeUp since)
     */
    bool IsNodeDown(uint32_t index) const;

    /**
     * \param device a device number (= its node index)
     * \return whether it is out of every access point's range now (a
     *         MecTopologyHelper::ScheduleDeviceAway has fired and no
     *         ScheduleDeviceBack since)
     * \throws std::out_of_range for a bad device number
     */
    bool IsDeviceAway(uint32_t device) const;

    /**
     * \param edge an edge
     * \return whether its WAN link is down now (link number \p edge)
     */
    bool IsWanDown(uint32_t edge) const;

    /**
     * \return the number of wired links: the WAN links (link k = edge k's)
     *         then the backhaul links (link E + p = backhaul link p)
     */
    uint32_t GetNLinks() const;

    /**
     * \param link a wired link number
     * \return its name: "wan-K" (edge K's WAN link), "backhaul-A-B"
     *         (between edges A < B) or "backhaul-K-aggregation" (a star's)
     * \throws std::out_of_range for a bad link number
     */
    std::string LinkName(uint32_t link) const;

    /**
     * \param name a link name (LinkName)
     * \return its link number; "backhaul-B-A" names the same link as
     *         "backhaul-A-B"
     * \throws std::invalid_argument naming the topology's links if there is
     *         no such link
     */
    uint32_t LinkByName(const std::string& name) const;

    /**
     * \param link a wired link number
     * \return its two ends: the IPv4 stack and interface of each
     * \throws std::out_of_range for a bad link number
     */
    std::vector<std::pair<Ptr<Ipv4>, uint32_t>> LinkInterfaces(uint32_t link) const;

    /**
     * \param link a wired link number
     * \return its two point-to-point devices
     * \throws std::out_of_range for a bad link number
     */
    std::vector<Ptr<NetDevice>> LinkDevices(uint32_t link) const;

    /**
     * \param link a wired link number
     * \return whether the link is down now (ScheduleLinkDown fired, no
     *         ScheduleLinkUp since)
     */
    bool IsLinkDown(uint32_t link) const;

    /**
     * \brief Whether the route between two nodes is broken now.
     *
     * Routes are the static ones of the model: a device reaches any other
     * node through its site's edge (two devices of one site through their
     * AP); edge k reaches the cloud over WAN k and edge j over backhaul k-j.
     * A link is down if it was set down (ScheduleLinkDown, ScheduleWanDown)
     * or if a node at either end is down, so the answer is true if the route
     * crosses a down WAN or backhaul link or any node on it, the two ends
     * included, is down. With Reroute, ns-3 may carry the traffic round a
     * down link: this still follows the route the healthy network takes.
     * \param fromIndex a node index
     * \param toIndex a node index
     * \return true if traffic between them is lost
     */
    bool PathCrossesDownLink(uint32_t fromIndex, uint32_t toIndex) const;

    /**
     * \brief Whether the route between two nodes was broken at any time
     *        from \p since to now (a fault that began, lasted or ended in
     *        that time): what a request sent at \p since that timed out now
     *        ran into.
     * \param fromIndex a node index
     * \param toIndex a node index
     * \param since start of the time span (absolute)
     * \return true if a node or link on the route was down in it
     */
    bool PathCrossesDownLink(uint32_t fromIndex, uint32_t toIndex, Time since) const;

    /**
     * \param index a node index
     * \param since start of a time span (absolute)
     * \return whether the node was down at any time from \p since to now
     */
    bool WasNodeDown(uint32_t index, Time since) const;
};

/**
 * \ingroup r3d
 * \brief Builds an end-edge-cloud MEC network: IoT devices that are Wi-Fi
 *        stations of an AP on their site's edge server, edges meshed by
 *        point-to-point backhaul links, each edge linked to the cloud by a
 *        point-to-point WAN link; an InferenceEngine, compute and loading
 *        energy models on every node, Wi-Fi radio energy and a
 *        WifiLinkMonitor on every device.
 *
 * With the PositionsFile attribute set, the devices and edges the file
 * lists (ReadPositionsFile) are placed there, and each listed device joins
 * the AP of its nearest edge (Euclidean distance, ties to the lower edge
 * number); Build warns on std::cerr about each listed device farther from its
 * AP than MecTopology::wifiRange. Unlisted nodes are placed as without the
 * file.
 *
 * Every parameter is an Attribute (Config::SetDefault
 * ("ns3::MecTopologyHelper::NDevices", ...) or SetAttribute). Build checks
 * them all before it creates anything and throws std::invalid_argument naming
 * the attribute and the value. It does not install applications.
 *
 * \code
 *   Ptr<MecTopologyHelper> helper = CreateObject<MecTopologyHelper>();
 *   helper->SetAttribute("NEdges", UintegerValue(3));
 *   MecTopology topo = helper->Build();
 *   helper->AssignStreams(topo, 100);
 *   helper->ScheduleWanDown(topo, 0, Seconds(30));
 * \endcode
 */
class MecTopologyHelper : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MecTopologyHelper();
    ~MecTopologyHelper() override;

    /**
     * \brief Build the network (and its global routing tables).
     * \return the topology
     * \throws std::invalid_argument for a bad attribute value (nothing is
     *         created then)
     * \throws CatalogError if a catalog file is invalid
     */
    MecTopology Build();

    /**
     * \brief Take a node down at a given time: all its IPv4 interfaces but
     *        the loopback are set down (Ipv4::SetDown), the NodeDown trace
     *        fires and IsNodeDown reports it. Routes are recomputed if
     *        Reroute is true.
     * \param t the topology
     * \param nodeIndex the node index
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad node index
     * \throws std::invalid_argument if \p at is in the past
     */
    void ScheduleNodeDown(MecTopology& t, uint32_t nodeIndex, Time at);

    /**
     * \brief Bring a node back at a given time: its IPv4 interfaces are set
     *        up again (those of links that are down themselves stay down),
     *        the NodeUp trace fires and IsNodeDown reports it up. Its
     *        applications are not touched (MecApplicationHelper::
     *        ScheduleNodeUp recovers its server). No effect on a node that
     *        is not down then.
     * \param t the topology
     * \param nodeIndex the node index
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad node index
     * \throws std::invalid_argument if \p at is in the past
     */
    void ScheduleNodeUp(MecTopology& t, uint32_t nodeIndex, Time at);

    /**
     * \brief Take a wired link down at a given time: both ends' IPv4
     *        interfaces are set down, the LinkDown trace fires and
     *        IsLinkDown reports it. Routes are recomputed if Reroute is true.
     * \param t the topology
     * \param link the link number (MecTopology::LinkName, LinkByName)
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad link number
     * \throws std::invalid_argument if \p at is in the past
     */
    void ScheduleLinkDown(MecTopology& t, uint32_t link, Time at);

    /**
     * \brief Bring a wired link back up at a given time (an end whose node
     *        is down stays down); the LinkUp trace fires. No effect on a
     *        link that is not down then.
     * \param t the topology
     * \param link the link number
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad link number
     * \throws std::invalid_argument if \p at is in the past
     */
    void ScheduleLinkUp(MecTopology& t, uint32_t link, Time at);

    /**
     * \brief From a given time on, lose packets on a wired link: each
     *        packet received at either end is corrupted (and dropped by the
     *        device) with probability \p rate, by an ns-3 RateErrorModel
     *        (ErrorUnit packet) set as both devices' ReceiveErrorModel. A
     *        rate of 0 removes the error model. The error models draw from
     *        stream kLossStreamBase + 2 x link (+1 for the second end), so
     *        --RngRun governs them and they take no stream from the others.
     * \param t the topology
     * \param link the link number
     * \param rate packet error rate, in [0, 1]
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad link number
     * \throws std::invalid_argument for a rate outside [0, 1] or \p at in
     *         the past
     */
    void ScheduleLinkLoss(MecTopology& t, uint32_t link, double rate, Time at);

    /**
     * \brief A device leaves every access point's range at a given time: it
     *        is lifted kAwayHeightRanges x MecTopology::wifiRange above its
     *        position (z; x and y, and a random walk in them, go on), where
     *        no frame reaches it or leaves it. Its station then loses its
     *        association as ns-3's StaWifiMac decides (missed beacons) and
     *        its packets go nowhere; IsDeviceAway reports it and requests it
     *        sends or serves count its Wi-Fi link as down
     *        (MecTopology::PathCrossesDownLink). The DeviceAway trace fires.
     *        No effect on a device that is away.
     * \param t the topology
     * \param device the device number
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad device number
     * \throws std::invalid_argument if \p at is in the past
     */
    void ScheduleDeviceAway(MecTopology& t, uint32_t device, Time at);

    /**
     * \brief The device comes back into range at a given time: lowered to
     *        the height it had before ScheduleDeviceAway, at its current x,
     *        y; its station associates again when it hears a beacon. The
     *        DeviceBack trace fires. No effect on a device that is not away.
     * \param t the topology
     * \param device the device number
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad device number
     * \throws std::invalid_argument if \p at is in the past
     */
    void ScheduleDeviceBack(MecTopology& t, uint32_t device, Time at);

    /// How far above its position an away device goes, in Wi-Fi ranges: its
    /// distance to every AP is then at least that, wherever the sites are.
    static constexpr double kAwayHeightRanges = 1000;

    /// First random stream of the loss error models (ScheduleLinkLoss): far
    /// above the streams AssignStreams and the applications take.
    static constexpr int64_t kLossStreamBase = int64_t(1) << 40;

    /**
     * \brief Take an edge's WAN link down at a given time: both ends' IPv4
     *        interfaces are set down, the LinkDown trace fires and IsWanDown
     *        reports it (ScheduleLinkDown of link \p edge).
     * \param t the topology
     * \param edge the edge (site) number
     * \param at simulation time (absolute)
     * \throws std::out_of_range for a bad edge number
     * \throws std::invalid_argument if \p at is in the past
     */
    void ScheduleWanDown(MecTopology& t, uint32_t edge, Time at);

    /**
     * \brief Fix the random streams of the topology: the device placement
     *        (the positions are drawn again from the assigned streams, so
     *        call this right after Build, before placing devices by hand;
     *        devices the PositionsFile placed keep their position),
     *        the random walks, and the Wi-Fi channels, PHYs, MACs and rate
     *        managers.
     * \param t the topology
     * \param stream first stream index to use
     * \return the number of streams used
     */
    int64_t AssignStreams(MecTopology& t, int64_t stream);

    /**
     * TracedCallback signature for a fault.
     * \param [in] index node index (NodeDown, NodeUp) or link number
     *        (LinkDown, LinkUp; a WAN link's number is its edge's)
     */
    typedef void (*FaultTracedCallback)(uint32_t index);

  private:
    /**
     * \brief Check every attribute; throw std::invalid_argument naming the
     *        first bad one.
     */
    void Validate() const;

    /**
     * \brief Set all IPv4 interfaces of a node down, except the loopback.
     * \param node the node
     */
    static void SetInterfacesDown(Ptr<Node> node);

    /**
     * \brief Set a node's IPv4 interfaces up, except the loopback and the
     *        ends of links that are down.
     * \param t the topology
     * \param nodeIndex the node index
     */
    static void SetInterfacesUp(const MecTopology& t, uint32_t nodeIndex);

    /// Recompute the global routes if Reroute is true.
    void Reroute() const;

    uint32_t m_nEdges;             //!< NEdges attribute
    uint32_t m_nDevices;           //!< NDevices attribute
    std::string m_endDevice;       //!< EndDevice attribute
    std::string m_edgeDevice;      //!< EdgeDevice attribute
    std::string m_cloudDevice;     //!< CloudDevice attribute
    std::string m_endRuntime;      //!< EndRuntime attribute
    std::string m_edgeRuntime;     //!< EdgeRuntime attribute
    std::string m_cloudRuntime;    //!< CloudRuntime attribute
    std::string m_devicesFile;     //!< DevicesFile attribute
    std::string m_modelsFile;      //!< ModelsFile attribute
    std::string m_wifiStandard;    //!< WifiStandard attribute
    std::string m_wifiManager;     //!< WifiManager attribute
    double m_radius;               //!< Radius attribute, m
    double m_siteSpacing;          //!< SiteSpacing attribute, m
    std::string m_mobility;        //!< Mobility attribute
    std::string m_positionsFile;   //!< PositionsFile attribute
    double m_walkSpeed;            //!< WalkSpeed attribute, m/s
    DataRate m_wanRate;            //!< WanRate attribute
    Time m_wanDelay;               //!< WanDelay attribute
    DataRate m_backhaulRate;       //!< BackhaulRate attribute
    Time m_backhaulDelay;          //!< BackhaulDelay attribute
    std::string m_backhaul;        //!< Backhaul attribute (ring, star, mesh)
    uint16_t m_wiredMtu;           //!< WiredMtu attribute, bytes
    std::string m_allocator;       //!< Allocator attribute
    int64_t m_queueCapacity;       //!< QueueCapacity attribute (-1: the engine's default)
    uint32_t m_maxMissedBeacons;   //!< MaxMissedBeacons attribute
    double m_loadingPowerFraction; //!< LoadingPowerFraction attribute
    bool m_registerNames;          //!< RegisterNames attribute
    bool m_reroute;                //!< Reroute attribute

    /**
     * \brief ScheduleDeviceAway (\p away) or ScheduleDeviceBack.
     * \param t the topology
     * \param device the device number
     * \param at simulation time (absolute)
     * \param away true: out of range; false: back
     */
    void ScheduleDeviceRange(MecTopology& t, uint32_t device, Time at, bool away);

    TracedCallback<uint32_t> m_nodeDown;   //!< NodeDown trace
    TracedCallback<uint32_t> m_linkDown;   //!< LinkDown trace
    TracedCallback<uint32_t> m_nodeUp;     //!< NodeUp trace
    TracedCallback<uint32_t> m_linkUp;     //!< LinkUp trace
    TracedCallback<uint32_t> m_deviceAway; //!< DeviceAway trace
    TracedCallback<uint32_t> m_deviceBack; //!< DeviceBack trace
};

} // namespace ns3

#endif /* R3D_MEC_TOPOLOGY_HELPER_H */
