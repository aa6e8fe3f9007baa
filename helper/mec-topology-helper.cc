/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-topology-helper.h"

#include "inference-engine-helper.h"
#include "patched-wifi-radio-energy-model-helper.h"
#include "positions-file.h"

#include "ns3/boolean.h"
#include "ns3/compute-energy-model-helper.h"
#include "ns3/compute-energy-model.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/device-catalog.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/inference-allocator.h"
#include "ns3/integer.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/mobility-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/model-loading-energy-model.h"
#include "ns3/names.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/rectangle.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"
#include "ns3/ssid.h"
#include "ns3/string.h"
#include "ns3/threshold-preamble-detection-model.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-link-monitor.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"
#include "ns3/wifi-remote-station-manager.h"
#include "ns3/wifi-utils.h"
#include "ns3/yans-wifi-channel.h"
#include "ns3/yans-wifi-helper.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MecTopologyHelper");

NS_OBJECT_ENSURE_REGISTERED(MecTopologyHelper);

namespace
{

/// Most edges: site k's Wi-Fi subnet is 10.k.0.0/16.
constexpr uint32_t MAX_EDGES = 256;
/// Most stations per site: a /16 less the network, broadcast and AP addresses.
constexpr uint32_t MAX_STATIONS_PER_SITE = 65533;

/**
 * \param name a WifiStandard attribute value
 * \param[out] standard the standard, set only on success
 * \return true if the name is one the helper accepts
 */
bool
ParseWifiStandard(const std::string& name, WifiStandard& standard)
{
    if (name == "802.11n")
    {
        standard = WIFI_STANDARD_80211n;
    }
    else if (name == "802.11ac")
    {
        standard = WIFI_STANDARD_80211ac;
    }
    else if (name == "802.11ax")
    {
        standard = WIFI_STANDARD_80211ax;
    }
    else
    {
        return false;
    }
    return true;
}

/**
 * \param attribute attribute name
 * \param value its value, as text
 * \param problem what is wrong
 * \return the exception to throw
 */
std::invalid_argument
BadAttribute(const std::string& attribute, const std::string& value, const std::string& problem)
{
    return std::invalid_argument("MecTopologyHelper: attribute " + attribute + " = '" + value +
                                 "': " + problem);
}

/**
 * \param x a number
 * \return it as text, with full precision
 */
std::string
ToText(double x)
{
    std::ostringstream os;
    os.precision(17);
    os << x;
    return os.str();
}

/**
 * \brief Range check for the public entry points.
 * \param index the index given
 * \param size the number of valid indices
 * \param what what the index counts, for the message
 * \throws std::out_of_range if index >= size
 */
void
CheckIndex(uint32_t index, uint32_t size, const std::string& what)
{
    if (index >= size)
    {
        throw std::out_of_range("MecTopology: " + what + " " + std::to_string(index) +
                                " out of range (there are " + std::to_string(size) + ")");
    }
}

/**
 * \brief The delay until an absolute time.
 * \param at the time
 * \param what the caller, for the message
 * \return at - now
 * \throws std::invalid_argument if at is in the past
 */
Time
DelayUntil(Time at, const std::string& what)
{
    if (at < Simulator::Now())
    {
        throw std::invalid_argument("MecTopologyHelper::" + what + ": time " +
                                    ToText(at.GetSeconds()) + " s is in the past (now " +
                                    ToText(Simulator::Now().GetSeconds()) + " s)");
    }
    return at - Simulator::Now();
}

/**
 * \param position a position
 * \param edges the edges' positions
 * \return the nearest edge (Euclidean distance; on a tie the lower number)
 */
uint32_t
NearestEdge(const Vector& position, const std::vector<Vector>& edges)
{
    uint32_t nearest = 0;
    for (uint32_t k = 1; k < edges.size(); ++k)
    {
        if (CalculateDistance(position, edges[k]) < CalculateDistance(position, edges[nearest]))
        {
            nearest = k;
        }
    }
    return nearest;
}

/**
 * \brief The largest distance at which a PHY's frames reach another's with at
 *        least a given power, by bisection on the distance (the loss model is
 *        taken to be deterministic and not to decrease the loss with distance).
 * \param tx the sending PHY (its TxPowerEnd and TxGain)
 * \param rx the receiving PHY (its RxGain)
 * \param loss the channel's propagation loss model
 * \param thresholdDbm the least received power that counts, dBm
 * \return the distance, m (0 if not even 1 cm; infinity if still at 1e7 m)
 */
double
ReachDistance(Ptr<WifiPhy> tx, Ptr<WifiPhy> rx, Ptr<PropagationLossModel> loss, double thresholdDbm)
{
    Ptr<MobilityModel> a = CreateObject<ConstantPositionMobilityModel>();
    Ptr<MobilityModel> b = CreateObject<ConstantPositionMobilityModel>();
    auto reaches = [&](double distance) {
        b->SetPosition(Vector(distance, 0, 0));
        return loss->CalcRxPower(tx->GetTxPowerEnd() + tx->GetTxGain(), a, b) + rx->GetRxGain() >=
               thresholdDbm;
    };
    double near = 0.01;
    double far = 1e7;
    if (!reaches(near))
    {
        return 0;
    }
    if (reaches(far))
    {
        return std::numeric_limits<double>::infinity();
    }
    while (far - near > 1e-6 * near)
    {
        const double middle = std::sqrt(near * far);
        (reaches(middle) ? near : far) = middle;
    }
    return near;
}

/**
 * \brief The Wi-Fi range of a site: the shorter of the AP-to-station and
 *        station-to-AP distances at which a frame is still detected. A
 *        frame is detected if its received power is at least the receiver's
 *        RxSensitivity (scaled, as YansWifiChannel does, to the channel
 *        width: + 10 log10(width / 20 MHz)) and at least the MinimumRssi of
 *        the ThresholdPreambleDetectionModel that WifiHelper installs by
 *        default (-82 dBm: the binding one with ns-3.37's defaults). The
 *        model's other condition, an SNR of 4 dB, is met above -84 dBm even
 *        at 80 MHz and is not checked.
 * \param ap the AP's PHY
 * \param sta a station's PHY (the AP's own if the site has none)
 * \return the range, m
 */
double
WifiRange(Ptr<WifiPhy> ap, Ptr<WifiPhy> sta)
{
    PointerValue lossValue;
    ap->GetChannel()->GetAttribute("PropagationLossModel", lossValue);
    Ptr<PropagationLossModel> loss = lossValue.Get<PropagationLossModel>();
    if (!loss)
    {
        return std::numeric_limits<double>::infinity();
    }
    DoubleValue minimumRssi;
    CreateObject<ThresholdPreambleDetectionModel>()->GetAttribute("MinimumRssi", minimumRssi);
    auto threshold = [&minimumRssi](Ptr<WifiPhy> rx) {
        return std::max(rx->GetRxSensitivity() + RatioToDb(rx->GetChannelWidth() / 20.0),
                        minimumRssi.Get());
    };
    return std::min(ReachDistance(ap, sta, loss, threshold(sta)),
                    ReachDistance(sta, ap, loss, threshold(ap)));
}

} // namespace

// ---------------------------------------------------------------------------
// MecTopology

uint32_t
MecTopology::GetNDevices() const
{
    return devices.GetN();
}

uint32_t
MecTopology::GetNEdges() const
{
    return edges.GetN();
}

uint32_t
MecTopology::EdgeIndex(uint32_t edge) const
{
    CheckIndex(edge, GetNEdges(), "edge");
    return GetNDevices() + edge;
}

uint32_t
MecTopology::CloudIndex() const
{
    return GetNDevices() + GetNEdges();
}

uint32_t
MecTopology::BackhaulIndex(uint32_t a, uint32_t b) const
{
    CheckIndex(a, GetNEdges() + (aggregation.GetN() > 0 ? 1 : 0), "edge");
    CheckIndex(b, GetNEdges() + (aggregation.GetN() > 0 ? 1 : 0), "edge");
    for (uint32_t p = 0; p < backhaulLinks.size(); ++p)
    {
        const auto& [x, y] = backhaulLinks[p];
        if ((x == a && y == b) || (x == b && y == a))
        {
            return p;
        }
    }
    throw std::invalid_argument("MecTopology: no backhaul link between " + std::to_string(a) +
                                " and " + std::to_string(b));
}

std::vector<uint32_t>
MecTopology::EdgePath(uint32_t a, uint32_t b) const
{
    CheckIndex(a, GetNEdges(), "edge");
    CheckIndex(b, GetNEdges(), "edge");
    std::vector<uint32_t> path{a};
    if (a == b)
    {
        return path;
    }
    const uint32_t n = GetNEdges();
    if (backhaul == "star")
    {
        path.push_back(n); // the aggregation node
    }
    else if (backhaul == "ring" && n > 3)
    {
        // ring: the shorter way round (clockwise on a tie), as global routing's
        // shortest paths take it
        const uint32_t forward = (b + n - a) % n;
        const int step = forward <= n - forward ? 1 : -1;
        for (uint32_t k = (a + n + step) % n; k != b; k = (k + n + step) % n)
        {
            path.push_back(k);
        }
    }
    path.push_back(b);
    return path;
}

uint32_t
MecTopology::EdgeHops(uint32_t a, uint32_t b) const
{
    return EdgePath(a, b).size() - 1;
}

uint32_t
MecTopology::IndexOf(Ptr<Node> node) const
{
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        if (servers.Get(i) == node)
        {
            return i;
        }
    }
    throw std::invalid_argument("MecTopology: node " +
                                (node ? std::to_string(node->GetId()) : std::string("(null)")) +
                                " is not part of the topology");
}

Ptr<ModelLoadingEnergyModel>
MecTopology::GetLoadingEnergy(uint32_t index) const
{
    CheckIndex(index, loadingEnergy.GetN(), "node index");
    return DynamicCast<ModelLoadingEnergyModel>(loadingEnergy.Get(index));
}

MecNodeEnergy
MecTopology::GetNodeEnergy(uint32_t index) const
{
    CheckIndex(index, servers.GetN(), "node index");
    MecNodeEnergy e;
    if (index < computeEnergy.GetN())
    {
        Ptr<DeviceEnergyModel> model = computeEnergy.Get(index);
        e.compute = model->GetTotalEnergyConsumption();
        if (auto compute = DynamicCast<ComputeEnergyModel>(model))
        {
            e.computeIdle = compute->GetIdleEnergyConsumption();
        }
    }
    if (index < loadingEnergy.GetN())
    {
        e.loading = loadingEnergy.Get(index)->GetTotalEnergyConsumption();
    }
    if (index < GetNDevices() && index < radioEnergy.GetN())
    {
        Ptr<DeviceEnergyModel> radio = radioEnergy.Get(index);
        e.radio = radio->GetTotalEnergyConsumption();
        DoubleValue idleCurrent;
        radio->GetAttribute("IdleCurrentA", idleCurrent);
        // The radio is installed at time 0 and the supply voltage is fixed
        // (BasicEnergySource), so its idle draw is I V t.
        const double volts = index < sources.GetN() ? sources.Get(index)->GetSupplyVoltage() : 0;
        e.radioIdle = idleCurrent.Get() * volts * Simulator::Now().GetSeconds();
    }
    if (wiredEnergy)
    {
        e.wired = wiredEnergy->GetEnergy(index);
        e.wiredBytes = wiredEnergy->GetBytes(index);
    }
    return e;
}

double
MecTopology::GetDynamicEnergy() const
{
    double sum = 0;
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        sum += GetNodeEnergy(i).Dynamic();
    }
    return sum;
}

bool
MecTopology::IsNodeDown(uint32_t index) const
{
    CheckIndex(index, servers.GetN(), "node index");
    return faults && index < faults->nodeDown.size() && faults->nodeDown[index];
}

bool
MecTopology::IsDeviceAway(uint32_t device) const
{
    CheckIndex(device, GetNDevices(), "device");
    return faults && device < faults->deviceAway.size() && faults->deviceAway[device];
}

bool
MecTopology::WasNodeDown(uint32_t index, Time since) const
{
    // Down now, or back up after `since` (so down for a while after it).
    return IsNodeDown(index) ||
           (faults && index < faults->nodeUpAt.size() && faults->nodeUpAt[index] > since);
}

bool
MecTopology::IsWanDown(uint32_t edge) const
{
    CheckIndex(edge, GetNEdges(), "edge");
    return IsLinkDown(edge);
}

uint32_t
MecTopology::GetNLinks() const
{
    return GetNEdges() + backhaulLinks.size();
}

std::string
MecTopology::LinkName(uint32_t link) const
{
    CheckIndex(link, GetNLinks(), "link");
    if (link < GetNEdges())
    {
        return "wan-" + std::to_string(link);
    }
    auto [a, b] = backhaulLinks[link - GetNEdges()];
    if (b == GetNEdges())
    {
        return "backhaul-" + std::to_string(a) + "-aggregation";
    }
    return "backhaul-" + std::to_string(std::min(a, b)) + "-" + std::to_string(std::max(a, b));
}

uint32_t
MecTopology::LinkByName(const std::string& name) const
{
    for (uint32_t link = 0; link < GetNLinks(); ++link)
    {
        if (LinkName(link) == name)
        {
            return link;
        }
    }
    // "backhaul-B-A" for "backhaul-A-B".
    const std::string prefix = "backhaul-";
    if (name.rfind(prefix, 0) == 0)
    {
        const std::string rest = name.substr(prefix.size());
        const std::string::size_type dash = rest.find('-');
        if (dash != std::string::npos)
        {
            const std::string swapped = prefix + rest.substr(dash + 1) + "-" + rest.substr(0, dash);
            for (uint32_t link = GetNEdges(); link < GetNLinks(); ++link)
            {
                if (LinkName(link) == swapped)
                {
                    return link;
                }
            }
        }
    }
    std::string known = "wan-0 .. wan-" + std::to_string(GetNEdges() - 1);
    for (uint32_t link = GetNEdges(); link < GetNLinks(); ++link)
    {
        known += ", " + LinkName(link);
    }
    throw std::invalid_argument("no link '" + name + "' in this topology (" + backhaul +
                                " backhaul; links: " + known + ")");
}

std::vector<std::pair<Ptr<Ipv4>, uint32_t>>
MecTopology::LinkInterfaces(uint32_t link) const
{
    CheckIndex(link, GetNLinks(), "link");
    const Ipv4InterfaceContainer& c = link < GetNEdges() ? wanInterfaces : backhaulInterfaces;
    const uint32_t p = link < GetNEdges() ? link : link - GetNEdges();
    return {c.Get(2 * p), c.Get(2 * p + 1)};
}

std::vector<Ptr<NetDevice>>
MecTopology::LinkDevices(uint32_t link) const
{
    CheckIndex(link, GetNLinks(), "link");
    const NetDeviceContainer& c = link < GetNEdges() ? wanDevices : backhaulDevices;
    const uint32_t p = link < GetNEdges() ? link : link - GetNEdges();
    return {c.Get(2 * p), c.Get(2 * p + 1)};
}

bool
MecTopology::IsLinkDown(uint32_t link) const
{
    CheckIndex(link, GetNLinks(), "link");
    return faults && link < faults->linkDown.size() && faults->linkDown[link];
}

bool
MecTopology::PathCrossesDownLink(uint32_t fromIndex, uint32_t toIndex) const
{
    return PathCrossesDownLink(fromIndex, toIndex, Simulator::Now());
}

bool
MecTopology::PathCrossesDownLink(uint32_t fromIndex, uint32_t toIndex, Time since) const
{
    CheckIndex(fromIndex, servers.GetN(), "node index");
    CheckIndex(toIndex, servers.GetN(), "node index");
    const uint32_t nDevices = GetNDevices();
    const uint32_t cloudIndex = CloudIndex();
    auto linkWasDown = [&](uint32_t link) {
        return IsLinkDown(link) ||
               (faults && link < faults->linkUpAt.size() && faults->linkUpAt[link] > since);
    };
    // The node where a node joins the wired core: a device's edge, else itself.
    auto core = [&](uint32_t index) { return index < nDevices ? EdgeIndex(siteOf[index]) : index; };
    std::vector<uint32_t> nodes{fromIndex};
    std::vector<uint32_t> links;
    uint32_t a = core(fromIndex);
    uint32_t b = core(toIndex);
    if (a != fromIndex)
    {
        nodes.push_back(a);
    }
    if (a != b)
    {
        if (a == cloudIndex || b == cloudIndex)
        {
            links.push_back((a == cloudIndex ? b : a) - nDevices); // that edge's WAN
        }
        else
        {
            // Edge-edge: the backhaul links and the edges the route passes
            // through (the aggregation node of a star never fails).
            const std::vector<uint32_t> path = EdgePath(a - nDevices, b - nDevices);
            for (std::size_t h = 0; h < path.size(); ++h)
            {
                if (h > 0)
                {
                    links.push_back(GetNEdges() + BackhaulIndex(path[h - 1], path[h]));
                }
                if (path[h] < GetNEdges() && EdgeIndex(path[h]) != a && EdgeIndex(path[h]) != b)
                {
                    nodes.push_back(EdgeIndex(path[h]));
                }
            }
        }
        nodes.push_back(b);
    }
    if (b != toIndex)
    {
        nodes.push_back(toIndex);
    }
    for (uint32_t link : links)
    {
        if (linkWasDown(link))
        {
            return true;
        }
    }
    for (uint32_t index : nodes)
    {
        if (WasNodeDown(index, since))
        {
            return true;
        }
    }
    // A device out of range: its Wi-Fi link is down.
    for (uint32_t index : {fromIndex, toIndex})
    {
        if (index < nDevices &&
            (IsDeviceAway(index) || (faults && index < faults->deviceBackAt.size() &&
                                     faults->deviceBackAt[index] > since)))
        {
            return true;
        }
    }
    return false;
}

// ---------------------------------------------------------------------------
// MecTopologyHelper

TypeId
MecTopologyHelper::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MecTopologyHelper")
            .SetParent<Object>()
            .SetGroupName("R3d")
            .AddConstructor<MecTopologyHelper>()
            .AddAttribute("NEdges",
                          "Number of edge servers, one Wi-Fi site each (1 to 256).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MecTopologyHelper::m_nEdges),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("NDevices",
                          "Number of IoT devices; device i belongs to site i % NEdges (or "
                          "to its nearest edge if PositionsFile places it).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&MecTopologyHelper::m_nDevices),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("EndDevice",
                          "Device catalog name of the IoT devices.",
                          StringValue("jetson-nano"),
                          MakeStringAccessor(&MecTopologyHelper::m_endDevice),
                          MakeStringChecker())
            .AddAttribute("EdgeDevice",
                          "Device catalog name of the edge servers.",
                          StringValue("jetson-agx-xavier"),
                          MakeStringAccessor(&MecTopologyHelper::m_edgeDevice),
                          MakeStringChecker())
            .AddAttribute("CloudDevice",
                          "Device catalog name of the cloud server.",
                          StringValue("v100"),
                          MakeStringAccessor(&MecTopologyHelper::m_cloudDevice),
                          MakeStringChecker())
            .AddAttribute("EndRuntime",
                          "Inference runtime of the IoT devices, one EndDevice offers "
                          "('' = its default; see InferenceEngine::Runtime).",
                          StringValue(""),
                          MakeStringAccessor(&MecTopologyHelper::m_endRuntime),
                          MakeStringChecker())
            .AddAttribute("EdgeRuntime",
                          "Inference runtime of the edge servers, one EdgeDevice offers "
                          "('' = its default).",
                          StringValue(""),
                          MakeStringAccessor(&MecTopologyHelper::m_edgeRuntime),
                          MakeStringChecker())
            .AddAttribute("CloudRuntime",
                          "Inference runtime of the cloud server, one CloudDevice offers "
                          "('' = its default).",
                          StringValue(""),
                          MakeStringAccessor(&MecTopologyHelper::m_cloudRuntime),
                          MakeStringChecker())
            .AddAttribute("DevicesFile",
                          "Device catalog JSON ('' = the module's data/devices.json).",
                          StringValue(""),
                          MakeStringAccessor(&MecTopologyHelper::m_devicesFile),
                          MakeStringChecker())
            .AddAttribute("ModelsFile",
                          "Model catalog JSON given to the engines ('' = the module's "
                          "data/models.json).",
                          StringValue(""),
                          MakeStringAccessor(&MecTopologyHelper::m_modelsFile),
                          MakeStringChecker())
            .AddAttribute("WifiStandard",
                          "Wi-Fi standard of the sites: 802.11n, 802.11ac or 802.11ax (on the "
                          "standard's default channel in ns-3).",
                          StringValue("802.11ac"),
                          MakeStringAccessor(&MecTopologyHelper::m_wifiStandard),
                          MakeStringChecker())
            .AddAttribute("WifiManager",
                          "TypeId name of the Wi-Fi remote station manager (rate control).",
                          StringValue("ns3::IdealWifiManager"),
                          MakeStringAccessor(&MecTopologyHelper::m_wifiManager),
                          MakeStringChecker())
            .AddAttribute("Radius",
                          "Devices are placed uniformly in a disc of this radius around their "
                          "AP, m.",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&MecTopologyHelper::m_radius),
                          MakeDoubleChecker<double>())
            .AddAttribute("SiteSpacing",
                          "Distance between neighbouring APs, which stand on a line, m.",
                          DoubleValue(1000.0),
                          MakeDoubleAccessor(&MecTopologyHelper::m_siteSpacing),
                          MakeDoubleChecker<double>())
            .AddAttribute("Mobility",
                          "Device mobility: 'static' or 'random-walk' (2-D random walk at "
                          "WalkSpeed, new direction every second, inside the square around "
                          "the disc).",
                          StringValue("static"),
                          MakeStringAccessor(&MecTopologyHelper::m_mobility),
                          MakeStringChecker())
            .AddAttribute("PositionsFile",
                          "CSV of node positions ('' = none): header node,x_m,y_m (metres) or "
                          "node,lat,lon (WGS84 degrees, projected to the local plane around "
                          "their mean), then rows device-<i>, edge-<k> or cloud (ignored). "
                          "Listed edges and devices are placed there (z = 0); a listed device "
                          "joins the AP of its nearest edge (ties: lower number) and, with "
                          "random-walk, starts from its position and walks in the square of "
                          "side 2 Radius around it. Unlisted nodes are placed as without the "
                          "file. See doc/r3d.rst, 'Positions file'.",
                          StringValue(""),
                          MakeStringAccessor(&MecTopologyHelper::m_positionsFile),
                          MakeStringChecker())
            .AddAttribute("WalkSpeed",
                          "Speed of the random walk, m/s.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&MecTopologyHelper::m_walkSpeed),
                          MakeDoubleChecker<double>())
            .AddAttribute("WanRate",
                          "Data rate of each edge-cloud link.",
                          DataRateValue(DataRate("1Gbps")),
                          MakeDataRateAccessor(&MecTopologyHelper::m_wanRate),
                          MakeDataRateChecker())
            .AddAttribute("WanDelay",
                          "Propagation delay of each edge-cloud link.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&MecTopologyHelper::m_wanDelay),
                          MakeTimeChecker())
            .AddAttribute("BackhaulRate",
                          "Data rate of each edge-edge link.",
                          DataRateValue(DataRate("1Gbps")),
                          MakeDataRateAccessor(&MecTopologyHelper::m_backhaulRate),
                          MakeDataRateChecker())
            .AddAttribute("BackhaulDelay",
                          "Propagation delay of each edge-edge link.",
                          TimeValue(MilliSeconds(2)),
                          MakeTimeAccessor(&MecTopologyHelper::m_backhaulDelay),
                          MakeTimeChecker())
            .AddAttribute("Backhaul",
                          "Shape of the edge-edge network: ring (each edge linked to the "
                          "next, as metro aggregation rings are built; the default), star "
                          "(every edge linked to one aggregation node, hub and spoke) or "
                          "mesh (every pair of edges linked: E(E-1)/2 links). With 2 or 3 "
                          "edges a ring is a mesh.",
                          StringValue("ring"),
                          MakeStringAccessor(&MecTopologyHelper::m_backhaul),
                          MakeStringChecker())
            .AddAttribute("WiredMtu",
                          "MTU of the point-to-point WAN and backhaul links, bytes: jumbo "
                          "frames (9000), as data-centre and carrier Ethernet links are "
                          "configured; 1500 for standard Ethernet frames. Wi-Fi keeps its "
                          "1500.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&MecTopologyHelper::m_wiredMtu),
                          MakeUintegerChecker<uint16_t>(576, 65535))
            .AddAttribute("Allocator",
                          "Resource allocator of every engine (see "
                          "InferenceEngineHelper::SetAllocator).",
                          StringValue("ram"),
                          MakeStringAccessor(&MecTopologyHelper::m_allocator),
                          MakeStringChecker())
            .AddAttribute("QueueCapacity",
                          "Most jobs waiting to run on each engine (its QueueCapacity: 0 = "
                          "unlimited); -1 keeps InferenceEngine's QueueCapacity default.",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&MecTopologyHelper::m_queueCapacity),
                          MakeIntegerChecker<int64_t>(-1, std::numeric_limits<uint32_t>::max()))
            .AddAttribute("MaxMissedBeacons",
                          "Beacons a station may miss before it considers its access point "
                          "lost (every station's StaWifiMac::MaxMissedBeacons; ns-3's default "
                          "is 10). ns-3.37's station does not restart its beacon watchdog "
                          "while it associates, so where association takes longer than 10 "
                          "beacon intervals (1.02 s; tens of stations of a cell associating at "
                          "once), a station that has just associated is declared to have lost "
                          "its AP and scans again. 30 (3.07 s) covers 64 stations per AP; a "
                          "station out of range then keeps its association 3.07 s.",
                          UintegerValue(30),
                          MakeUintegerAccessor(&MecTopologyHelper::m_maxMissedBeacons),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("LoadingPowerFraction",
                          "Power drawn while loading a model, as a fraction of the device's "
                          "(max - idle) power, in [0, 1].",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&MecTopologyHelper::m_loadingPowerFraction),
                          MakeDoubleChecker<double>())
            .AddAttribute("RegisterNames",
                          "Whether to register the node names with ns3::Names.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MecTopologyHelper::m_registerNames),
                          MakeBooleanChecker())
            .AddAttribute("Reroute",
                          "Whether ns-3's global routing recomputes every route when a "
                          "scheduled fault takes a node or link down or brings it back, so "
                          "that traffic takes another path where the topology has one "
                          "(convergence is instantaneous; real IGPs take 50 ms to seconds).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MecTopologyHelper::m_reroute),
                          MakeBooleanChecker())
            .AddTraceSource("NodeDown",
                            "A scheduled node failure happened (node index).",
                            MakeTraceSourceAccessor(&MecTopologyHelper::m_nodeDown),
                            "ns3::MecTopologyHelper::FaultTracedCallback")
            .AddTraceSource("NodeUp",
                            "A node came back after a failure (node index).",
                            MakeTraceSourceAccessor(&MecTopologyHelper::m_nodeUp),
                            "ns3::MecTopologyHelper::FaultTracedCallback")
            .AddTraceSource("LinkDown",
                            "A scheduled wired link failure happened (link number; a WAN "
                            "link's is its edge number).",
                            MakeTraceSourceAccessor(&MecTopologyHelper::m_linkDown),
                            "ns3::MecTopologyHelper::FaultTracedCallback")
            .AddTraceSource("LinkUp",
                            "A wired link came back after a failure (link number).",
                            MakeTraceSourceAccessor(&MecTopologyHelper::m_linkUp),
                            "ns3::MecTopologyHelper::FaultTracedCallback")
            .AddTraceSource("DeviceAway",
                            "A device left every access point's range (device number).",
                            MakeTraceSourceAccessor(&MecTopologyHelper::m_deviceAway),
                            "ns3::MecTopologyHelper::FaultTracedCallback")
            .AddTraceSource("DeviceBack",
                            "A device came back into range (device number).",
                            MakeTraceSourceAccessor(&MecTopologyHelper::m_deviceBack),
                            "ns3::MecTopologyHelper::FaultTracedCallback");
    return tid;
}

MecTopologyHelper::MecTopologyHelper()
    : m_nEdges(2),
      m_nDevices(8),
      m_radius(10.0),
      m_siteSpacing(1000.0),
      m_walkSpeed(1.0),
      m_loadingPowerFraction(0.3),
      m_registerNames(true)
{
    NS_LOG_FUNCTION(this);
}

MecTopologyHelper::~MecTopologyHelper()
{
    NS_LOG_FUNCTION(this);
}

void
MecTopologyHelper::Validate() const
{
    if (m_nEdges == 0 || m_nEdges > MAX_EDGES)
    {
        throw BadAttribute("NEdges",
                           std::to_string(m_nEdges),
                           "must be 1 to " + std::to_string(MAX_EDGES));
    }
    if ((m_nDevices + m_nEdges - 1) / m_nEdges > MAX_STATIONS_PER_SITE)
    {
        throw BadAttribute("NDevices",
                           std::to_string(m_nDevices),
                           "more than " + std::to_string(MAX_STATIONS_PER_SITE) +
                               " devices per site (the site's /16 subnet is full)");
    }
    Ptr<DeviceCatalog> catalog = DeviceCatalog::LoadCached(
        m_devicesFile.empty() ? DeviceCatalog::GetDefaultPath() : m_devicesFile);
    for (const auto& [attribute, name] : {std::make_pair("EndDevice", m_endDevice),
                                          std::make_pair("EdgeDevice", m_edgeDevice),
                                          std::make_pair("CloudDevice", m_cloudDevice)})
    {
        if (!catalog->Has(name))
        {
            std::string known;
            for (const std::string& n : catalog->GetNames())
            {
                known += (known.empty() ? "" : ", ") + n;
            }
            throw BadAttribute(attribute,
                               name,
                               "not in the device catalog " + catalog->GetFile() +
                                   " (it has: " + known + ")");
        }
    }
    for (const auto& [attribute, device, runtime] :
         {std::make_tuple("EndRuntime", m_endDevice, m_endRuntime),
          std::make_tuple("EdgeRuntime", m_edgeDevice, m_edgeRuntime),
          std::make_tuple("CloudRuntime", m_cloudDevice, m_cloudRuntime)})
    {
        const DeviceProfile& profile = catalog->Get(device);
        std::vector<std::string> offered = profile.GetRuntimeNames();
        if (!runtime.empty() && std::find(offered.begin(), offered.end(), runtime) == offered.end())
        {
            std::string known;
            for (const std::string& n : offered)
            {
                known += (known.empty() ? "" : ", ") + n;
            }
            throw BadAttribute(attribute,
                               runtime,
                               "device '" + device +
                                   "' does not offer this runtime (it has: " + known + ")");
        }
    }
    WifiStandard standard;
    if (!ParseWifiStandard(m_wifiStandard, standard))
    {
        throw BadAttribute("WifiStandard",
                           m_wifiStandard,
                           "unknown Wi-Fi standard (expected 802.11n, 802.11ac or 802.11ax)");
    }
    TypeId manager;
    if (!TypeId::LookupByNameFailSafe(m_wifiManager, &manager) ||
        !manager.IsChildOf(WifiRemoteStationManager::GetTypeId()))
    {
        throw BadAttribute("WifiManager",
                           m_wifiManager,
                           "not the TypeId of a WifiRemoteStationManager (e.g. "
                           "ns3::IdealWifiManager, ns3::MinstrelHtWifiManager)");
    }
    if (!(m_radius >= 0) || !std::isfinite(m_radius))
    {
        throw BadAttribute("Radius", ToText(m_radius), "must be finite and >= 0");
    }
    if (!(m_siteSpacing >= 0) || !std::isfinite(m_siteSpacing))
    {
        throw BadAttribute("SiteSpacing", ToText(m_siteSpacing), "must be finite and >= 0");
    }
    if (m_mobility != "static" && m_mobility != "random-walk")
    {
        throw BadAttribute("Mobility", m_mobility, "expected 'static' or 'random-walk'");
    }
    if (m_mobility == "random-walk")
    {
        if (!(m_walkSpeed > 0) || !std::isfinite(m_walkSpeed))
        {
            throw BadAttribute("WalkSpeed",
                               ToText(m_walkSpeed),
                               "must be finite and > 0 with Mobility = random-walk");
        }
        if (!(m_radius > 0))
        {
            throw BadAttribute("Radius",
                               ToText(m_radius),
                               "must be > 0 with Mobility = random-walk");
        }
    }
    if (m_wanRate.GetBitRate() == 0)
    {
        throw BadAttribute("WanRate", "0bps", "must be > 0");
    }
    if (m_backhaulRate.GetBitRate() == 0)
    {
        throw BadAttribute("BackhaulRate", "0bps", "must be > 0");
    }
    if (m_wanDelay.IsNegative())
    {
        throw BadAttribute("WanDelay", ToText(m_wanDelay.GetSeconds()) + "s", "must be >= 0");
    }
    if (m_backhaul != "ring" && m_backhaul != "star" && m_backhaul != "mesh")
    {
        throw BadAttribute("Backhaul", m_backhaul, "expected ring, star or mesh");
    }
    if (m_backhaulDelay.IsNegative())
    {
        throw BadAttribute("BackhaulDelay",
                           ToText(m_backhaulDelay.GetSeconds()) + "s",
                           "must be >= 0");
    }
    try
    {
        InferenceEngineHelper().SetAllocator(m_allocator);
    }
    catch (const std::invalid_argument& e)
    {
        throw BadAttribute("Allocator", m_allocator, e.what());
    }
    if (!(m_loadingPowerFraction >= 0 && m_loadingPowerFraction <= 1))
    {
        throw BadAttribute("LoadingPowerFraction",
                           ToText(m_loadingPowerFraction),
                           "must be in [0, 1]");
    }
    if (m_registerNames)
    {
        // ns3::Names outlives Simulator::Destroy: a second Build in one
        // process would abort in Names::Add. Say so before building.
        std::vector<std::string> names{"cloud"};
        for (uint32_t k = 0; k < m_nEdges; ++k)
        {
            names.push_back("edge-" + std::to_string(k));
        }
        for (uint32_t i = 0; i < m_nDevices; ++i)
        {
            names.push_back("device-" + std::to_string(i));
        }
        for (const std::string& name : names)
        {
            if (Names::Find<Object>(name))
            {
                throw BadAttribute("RegisterNames",
                                   "true",
                                   "the name '" + name +
                                       "' is registered with ns3::Names already (another "
                                       "topology in this process?): call Names::Clear() after "
                                       "Simulator::Destroy(), or set RegisterNames to false");
            }
        }
    }
}

MecTopology
MecTopologyHelper::Build()
{
    NS_LOG_FUNCTION(this);
    Validate();
    const uint32_t nEdges = m_nEdges;
    const uint32_t nDevices = m_nDevices;
    WifiStandard standard;
    ParseWifiStandard(m_wifiStandard, standard);

    // Where the edges stand (on a line, or where the PositionsFile puts
    // them) and which site each device joins (i % E, or the nearest edge of
    // a device the file places), decided before anything is created.
    NodePositions listed;
    listed.devices.resize(nDevices);
    listed.edges.resize(nEdges);
    if (!m_positionsFile.empty())
    {
        try
        {
            listed = ReadPositionsFile(m_positionsFile, nDevices, nEdges);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(
                std::string("MecTopologyHelper: attribute PositionsFile: ") + e.what());
        }
    }
    std::vector<Vector> edgePosition;
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        edgePosition.push_back(listed.edges[k].value_or(Vector(k * m_siteSpacing, 0, 0)));
    }
    std::vector<uint32_t> deviceSite;
    std::vector<uint32_t> stationsAt(nEdges, 0);
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        deviceSite.push_back(listed.devices[i] ? NearestEdge(*listed.devices[i], edgePosition)
                                               : i % nEdges);
        if (++stationsAt[deviceSite.back()] > MAX_STATIONS_PER_SITE)
        {
            throw BadAttribute("PositionsFile",
                               m_positionsFile,
                               "more than " + std::to_string(MAX_STATIONS_PER_SITE) +
                                   " devices at site " + std::to_string(deviceSite.back()) +
                                   " (the site's /16 subnet is full)");
        }
    }

    MecTopology t;
    t.devices.Create(nDevices);
    t.edges.Create(nEdges);
    t.cloud.Create(1);
    t.servers.Add(t.devices);
    t.servers.Add(t.edges);
    t.servers.Add(t.cloud);
    const uint32_t nNodes = t.servers.GetN();

    // Per node index: site, tier, name, catalog device.
    for (uint32_t i = 0; i < nNodes; ++i)
    {
        if (i < nDevices)
        {
            t.siteOf.push_back(deviceSite[i]);
            t.tier.push_back(Tier::END);
            t.names.push_back("device-" + std::to_string(i));
            t.deviceName.push_back(m_endDevice);
        }
        else if (i < nDevices + nEdges)
        {
            t.siteOf.push_back(i - nDevices);
            t.tier.push_back(Tier::EDGE);
            t.names.push_back("edge-" + std::to_string(i - nDevices));
            t.deviceName.push_back(m_edgeDevice);
        }
        else
        {
            t.siteOf.push_back(MecTopology::NO_SITE);
            t.tier.push_back(Tier::CLOUD);
            t.names.push_back("cloud");
            t.deviceName.push_back(m_cloudDevice);
        }
        if (m_registerNames)
        {
            Names::Add(t.names[i], t.servers.Get(i));
        }
    }

    // Mobility: APs on a line (or where the file puts them); devices where
    // the file puts them, else uniform in a disc around their AP.
    MobilityHelper fixed;
    Ptr<ListPositionAllocator> edgePositions = CreateObject<ListPositionAllocator>();
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        edgePositions->Add(edgePosition[k]);
    }
    // The cloud has no radio; a position keeps position-based tools happy.
    edgePositions->Add(Vector((nEdges - 1) * m_siteSpacing / 2, m_siteSpacing, 0));
    fixed.SetPositionAllocator(edgePositions);
    fixed.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    fixed.Install(t.edges);
    fixed.Install(t.cloud);
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        Ptr<UniformDiscPositionAllocator> disc = CreateObject<UniformDiscPositionAllocator>();
        disc->SetRho(m_radius);
        disc->SetX(edgePosition[k].x);
        disc->SetY(edgePosition[k].y);
        disc->SetZ(0);
        t.sitePositions.push_back(disc);
    }
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        uint32_t site = t.siteOf[i];
        t.positionFromFile.push_back(listed.devices[i].has_value());
        MobilityHelper mobility;
        // The walk's square: around the AP, or around the listed position.
        Vector centre = edgePosition[site];
        if (listed.devices[i])
        {
            centre = *listed.devices[i];
            Ptr<ListPositionAllocator> one = CreateObject<ListPositionAllocator>();
            one->Add(centre);
            mobility.SetPositionAllocator(one);
        }
        else
        {
            mobility.SetPositionAllocator(t.sitePositions[site]);
        }
        if (m_mobility == "random-walk")
        {
            double x = centre.x;
            double y = centre.y;
            mobility.SetMobilityModel(
                "ns3::RandomWalk2dMobilityModel",
                "Bounds",
                RectangleValue(Rectangle(x - m_radius, x + m_radius, y - m_radius, y + m_radius)),
                "Speed",
                StringValue("ns3::ConstantRandomVariable[Constant=" + ToText(m_walkSpeed) + "]"),
                "Mode",
                StringValue("Time"),
                "Time",
                TimeValue(Seconds(1)));
        }
        else
        {
            mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        }
        mobility.Install(t.devices.Get(i));
    }

    // Wi-Fi: one BSS per site, the AP on the edge. Each site gets its own
    // channel object, configured alike: ns-3's global routing treats every
    // device attached to one channel object as one IP link and aborts
    // ("Network number confusion") when sites have their own subnets.
    WifiHelper wifi;
    wifi.SetStandard(standard);
    wifi.SetRemoteStationManager(m_wifiManager);
    YansWifiChannelHelper channelHelper = YansWifiChannelHelper::Default();
    std::vector<YansWifiPhyHelper> phys(nEdges);
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        phys[k].SetChannel(channelHelper.Create());
        WifiMacHelper mac;
        mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(Ssid("r3d-site-" + std::to_string(k))));
        t.apDevices.Add(wifi.Install(phys[k], mac, t.edges.Get(k)));
    }
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        uint32_t site = t.siteOf[i];
        WifiMacHelper mac;
        mac.SetType("ns3::StaWifiMac",
                    "Ssid",
                    SsidValue(Ssid("r3d-site-" + std::to_string(site))),
                    "MaxMissedBeacons",
                    UintegerValue(m_maxMissedBeacons));
        t.staDevices.Add(wifi.Install(phys[site], mac, t.devices.Get(i)));
    }
    // Listed devices beyond the Wi-Fi range of their AP: said, not prevented.
    t.wifiRange = WifiRange(
        DynamicCast<WifiNetDevice>(t.apDevices.Get(0))->GetPhy(),
        DynamicCast<WifiNetDevice>(nDevices > 0 ? t.staDevices.Get(0) : t.apDevices.Get(0))
            ->GetPhy());
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        const double distance =
            listed.devices[i] ? CalculateDistance(*listed.devices[i], edgePosition[t.siteOf[i]])
                              : 0;
        if (distance > t.wifiRange)
        {
            std::ostringstream what;
            what << std::fixed << std::setprecision(1)
                 << "MecTopologyHelper: warning: " << t.names[i] << " (PositionsFile "
                 << m_positionsFile << ") is " << distance
                 << " m from the access point of its nearest edge, edge-" << t.siteOf[i]
                 << ", beyond the Wi-Fi range of " << t.wifiRange
                 << " m; it may never associate, and its requests end as the Wi-Fi layer "
                    "decides\n";
            std::cerr << what.str();
        }
    }
    // 802.11 carries MSDUs of up to 2304 bytes (ns-3's default MTU 2296), but
    // an access point bridges its stations to 1500-byte Ethernet, so that is
    // the MTU hosts configure on Wi-Fi.
    for (NetDeviceContainer* c : {&t.apDevices, &t.staDevices})
    {
        for (uint32_t d = 0; d < c->GetN(); ++d)
        {
            c->Get(d)->SetMtu(1500);
        }
    }

    // Point-to-point WAN (edge k - cloud) and the backhaul (ring, star or
    // mesh), with the wired MTU.
    PointToPointHelper wan;
    wan.SetDeviceAttribute("DataRate", DataRateValue(m_wanRate));
    wan.SetDeviceAttribute("Mtu", UintegerValue(m_wiredMtu));
    wan.SetChannelAttribute("Delay", TimeValue(m_wanDelay));
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        t.wanDevices.Add(wan.Install(t.edges.Get(k), t.cloud.Get(0)));
    }
    PointToPointHelper backhaul;
    backhaul.SetDeviceAttribute("DataRate", DataRateValue(m_backhaulRate));
    backhaul.SetDeviceAttribute("Mtu", UintegerValue(m_wiredMtu));
    backhaul.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
    t.backhaul = m_backhaul;
    if (m_backhaul == "star" && nEdges > 1)
    {
        t.aggregation.Create(1);
        for (uint32_t k = 0; k < nEdges; ++k)
        {
            t.backhaulLinks.emplace_back(k, nEdges);
        }
    }
    else if (m_backhaul == "ring" && nEdges > 3)
    {
        for (uint32_t k = 0; k < nEdges; ++k)
        {
            t.backhaulLinks.emplace_back(std::min(k, (k + 1) % nEdges),
                                         std::max(k, (k + 1) % nEdges));
        }
    }
    else // a mesh, or a ring of at most 3 edges (which is a mesh)
    {
        for (uint32_t a = 0; a < nEdges; ++a)
        {
            for (uint32_t b = a + 1; b < nEdges; ++b)
            {
                t.backhaulLinks.emplace_back(a, b);
            }
        }
    }
    for (const auto& [a, b] : t.backhaulLinks)
    {
        Ptr<Node> na = t.edges.Get(a);
        Ptr<Node> nb = b < nEdges ? t.edges.Get(b) : t.aggregation.Get(0);
        t.backhaulDevices.Add(backhaul.Install(na, nb));
    }

    // IP: 10.k.0.0/16 per site (AP first: 10.k.0.1), a /30 per WAN link in
    // 172.16.0.0/16 and per backhaul link in 172.18.0.0/15.
    InternetStackHelper internet;
    internet.Install(t.servers);
    internet.Install(t.aggregation);
    Ipv4AddressHelper address;
    std::vector<std::vector<uint32_t>> stations(nEdges); // per site, in index order
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        stations[t.siteOf[i]].push_back(i);
    }
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        address.SetBase(Ipv4Address((10U << 24) | (k << 16)), "255.255.0.0");
        t.apInterfaces.Add(address.Assign(NetDeviceContainer(t.apDevices.Get(k))));
        for (uint32_t i : stations[k])
        {
            address.Assign(NetDeviceContainer(t.staDevices.Get(i)));
        }
    }
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        Ptr<Ipv4> ipv4 = t.devices.Get(i)->GetObject<Ipv4>();
        t.staInterfaces.Add(ipv4, ipv4->GetInterfaceForDevice(t.staDevices.Get(i)));
    }
    address.SetBase("172.16.0.0", "255.255.255.252");
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        NetDeviceContainer link(t.wanDevices.Get(2 * k), t.wanDevices.Get(2 * k + 1));
        t.wanInterfaces.Add(address.Assign(link));
        address.NewNetwork();
    }
    address.SetBase("172.18.0.0", "255.255.255.252");
    for (uint32_t p = 0; 2 * p < t.backhaulDevices.GetN(); ++p)
    {
        NetDeviceContainer link(t.backhaulDevices.Get(2 * p), t.backhaulDevices.Get(2 * p + 1));
        t.backhaulInterfaces.Add(address.Assign(link));
        address.NewNetwork();
    }
    // Edge-edge traffic stays on the backhaul: with every link at metric 1,
    // edge -> cloud -> edge (2 hops) ties with a star's edge -> aggregation
    // -> edge and beats a ring's longer routes, so global routing sent it over
    // two WAN links. A WAN metric above the longest backhaul route (E hops
    // bounds a ring's, a star's and a mesh's) keeps the WAN for the cloud.
    for (uint32_t j = 0; j < t.wanInterfaces.GetN(); ++j)
    {
        const auto& [ipv4, interface] = t.wanInterfaces.Get(j);
        ipv4->SetMetric(interface, nEdges + 1);
    }
    // The cloud's service address lives on a stub network of its own (a
    // SimpleNetDevice alone on its channel, which global routing announces
    // as a stub), like a server's loopback service address: an address on
    // a WAN interface would vanish from every route when that one link goes
    // down, although the cloud is still reachable over the others.
    Ptr<SimpleChannel> serviceChannel = CreateObject<SimpleChannel>();
    Ptr<SimpleNetDevice> serviceDevice = CreateObject<SimpleNetDevice>();
    serviceDevice->SetAddress(Mac48Address::Allocate());
    serviceDevice->SetChannel(serviceChannel);
    serviceDevice->SetMtu(m_wiredMtu);
    t.cloud.Get(0)->AddDevice(serviceDevice);
    Ipv4AddressHelper serviceAddresses("192.168.255.0", "255.255.255.0");
    const Ipv4Address cloudService =
        serviceAddresses.Assign(NetDeviceContainer(serviceDevice)).GetAddress(0);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    for (uint32_t i = 0; i < nDevices; ++i)
    {
        t.serviceAddress.push_back(t.staInterfaces.GetAddress(i));
    }
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        t.serviceAddress.push_back(t.apInterfaces.GetAddress(k));
    }
    t.serviceAddress.push_back(cloudService);

    // Inference engines, one helper per tier.
    for (const auto& [nodes, device, runtime] :
         {std::make_tuple(&t.devices, m_endDevice, m_endRuntime),
          std::make_tuple(&t.edges, m_edgeDevice, m_edgeRuntime),
          std::make_tuple(&t.cloud, m_cloudDevice, m_cloudRuntime)})
    {
        InferenceEngineHelper engines;
        engines.SetAttribute("Runtime", StringValue(runtime));
        engines.SetDevice(device);
        engines.SetAllocator(m_allocator);
        engines.SetAttribute("DevicesFile", StringValue(m_devicesFile));
        engines.SetAttribute("ModelsFile", StringValue(m_modelsFile));
        if (m_queueCapacity >= 0)
        {
            engines.SetAttribute("QueueCapacity",
                                 UintegerValue(static_cast<uint32_t>(m_queueCapacity)));
        }
        InferenceEngineContainer installed = engines.Install(*nodes);
        for (auto it = installed.Begin(); it != installed.End(); ++it)
        {
            t.engines.Add(*it);
        }
    }

    // Energy: compute (creates a BasicEnergySource per node), model
    // loading and, on devices, the Wi-Fi radio, all on that one source.
    t.computeEnergy = ComputeEnergyModelHelper().Install(t.servers);
    EnergySourceContainer deviceSources;
    for (uint32_t i = 0; i < nNodes; ++i)
    {
        Ptr<Node> node = t.servers.Get(i);
        Ptr<EnergySourceContainer> onNode = node->GetObject<EnergySourceContainer>();
        Ptr<EnergySource> source = onNode->Get(onNode->GetN() - 1);
        t.sources.Add(source);
        if (i < nDevices)
        {
            deviceSources.Add(source);
        }
        const DeviceProfile& profile = t.engines.Get(i)->GetDevice();
        Ptr<ModelLoadingEnergyModel> loading = CreateObject<ModelLoadingEnergyModel>();
        loading->SetLoadingPower(m_loadingPowerFraction * (profile.maxPower - profile.idlePower));
        loading->SetEnergySource(source);
        source->AppendDeviceEnergyModel(loading);
        // Not aggregated to the node: Object::Initialize of the aggregate would
        // re-enter EnergySourceContainer::DoInitialize forever (ns-3.37).
        t.loadingEnergy.Add(loading);
    }
    // ns-3.37's WifiRadioEnergyModel leaves one live event per radio state
    // change in the scheduler (see PatchedWifiRadioEnergyModel).
    t.radioEnergy = PatchedWifiRadioEnergyModelHelper().Install(t.staDevices, deviceSources);

    // Wired transfers, charged to the sender; a star's aggregation node
    // charges the edge at the other end of the link.
    t.wiredEnergy = CreateObject<WiredTransferEnergy>();
    for (uint32_t k = 0; k < nEdges; ++k)
    {
        t.wiredEnergy->Install(t.wanDevices.Get(2 * k), t.EdgeIndex(k));
        t.wiredEnergy->Install(t.wanDevices.Get(2 * k + 1), t.CloudIndex());
    }
    for (std::size_t p = 0; p < t.backhaulLinks.size(); ++p)
    {
        const auto& [a, b] = t.backhaulLinks[p];
        t.wiredEnergy->Install(t.backhaulDevices.Get(2 * p), t.EdgeIndex(a));
        t.wiredEnergy->Install(t.backhaulDevices.Get(2 * p + 1), t.EdgeIndex(b < nEdges ? b : a));
    }

    for (uint32_t i = 0; i < nDevices; ++i)
    {
        Ptr<WifiLinkMonitor> monitor = CreateObject<WifiLinkMonitor>();
        monitor->Attach(DynamicCast<WifiNetDevice>(t.staDevices.Get(i)));
        t.devices.Get(i)->AggregateObject(monitor);
    }

    t.faults = std::make_shared<MecFaultState>();
    t.faults->nodeDown.assign(nNodes, false);
    t.faults->nodeUpAt.assign(nNodes, Seconds(-1));
    t.faults->linkDown.assign(t.GetNLinks(), false);
    t.faults->linkUpAt.assign(t.GetNLinks(), Seconds(-1));
    t.faults->deviceAway.assign(t.GetNDevices(), false);
    t.faults->deviceBackAt.assign(t.GetNDevices(), Seconds(-1));
    t.faults->linkLoss.assign(t.GetNLinks(), 0.0);
    NS_LOG_INFO("built " << nDevices << " devices, " << nEdges << " edges, 1 cloud");
    return t;
}

void
MecTopologyHelper::SetInterfacesDown(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        if (!DynamicCast<LoopbackNetDevice>(ipv4->GetNetDevice(i)))
        {
            ipv4->SetDown(i);
        }
    }
}

void
MecTopologyHelper::SetInterfacesUp(const MecTopology& t, uint32_t nodeIndex)
{
    Ptr<Ipv4> ipv4 = t.servers.Get(nodeIndex)->GetObject<Ipv4>();
    std::vector<std::pair<Ptr<Ipv4>, uint32_t>> downEnds;
    for (uint32_t link = 0; link < t.GetNLinks(); ++link)
    {
        if (t.IsLinkDown(link))
        {
            for (const auto& end : t.LinkInterfaces(link))
            {
                downEnds.push_back(end);
            }
        }
    }
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        const bool linkDown =
            std::find(downEnds.begin(), downEnds.end(), std::make_pair(ipv4, i)) != downEnds.end();
        if (!DynamicCast<LoopbackNetDevice>(ipv4->GetNetDevice(i)) && !linkDown)
        {
            ipv4->SetUp(i);
        }
    }
}

void
MecTopologyHelper::Reroute() const
{
    if (m_reroute)
    {
        Ipv4GlobalRoutingHelper::RecomputeRoutingTables();
    }
}

void
MecTopologyHelper::ScheduleNodeDown(MecTopology& t, uint32_t nodeIndex, Time at)
{
    NS_LOG_FUNCTION(this << nodeIndex << at);
    CheckIndex(nodeIndex, t.servers.GetN(), "node index");
    Time delay = DelayUntil(at, "ScheduleNodeDown");
    Ptr<MecTopologyHelper> self = this;
    Ptr<Node> node = t.servers.Get(nodeIndex);
    std::shared_ptr<MecFaultState> faults = t.faults;
    Simulator::Schedule(delay, [self, node, faults, nodeIndex]() {
        if (faults->nodeDown[nodeIndex])
        {
            return;
        }
        NS_LOG_INFO("node " << nodeIndex << " down at " << Simulator::Now().As(Time::S));
        SetInterfacesDown(node);
        faults->nodeDown[nodeIndex] = true;
        self->Reroute();
        self->m_nodeDown(nodeIndex);
    });
}

void
MecTopologyHelper::ScheduleNodeUp(MecTopology& t, uint32_t nodeIndex, Time at)
{
    NS_LOG_FUNCTION(this << nodeIndex << at);
    CheckIndex(nodeIndex, t.servers.GetN(), "node index");
    Time delay = DelayUntil(at, "ScheduleNodeUp");
    Ptr<MecTopologyHelper> self = this;
    MecTopology copy = t; // shares the fault state
    Simulator::Schedule(delay, [self, copy, nodeIndex]() {
        if (!copy.faults->nodeDown[nodeIndex])
        {
            return;
        }
        NS_LOG_INFO("node " << nodeIndex << " up at " << Simulator::Now().As(Time::S));
        copy.faults->nodeDown[nodeIndex] = false;
        copy.faults->nodeUpAt[nodeIndex] = Simulator::Now();
        SetInterfacesUp(copy, nodeIndex);
        self->Reroute();
        self->m_nodeUp(nodeIndex);
    });
}

void
MecTopologyHelper::ScheduleLinkDown(MecTopology& t, uint32_t link, Time at)
{
    NS_LOG_FUNCTION(this << link << at);
    CheckIndex(link, t.GetNLinks(), "link");
    Time delay = DelayUntil(at, "ScheduleLinkDown");
    Ptr<MecTopologyHelper> self = this;
    std::shared_ptr<MecFaultState> faults = t.faults;
    auto ends = t.LinkInterfaces(link);
    const std::string name = t.LinkName(link);
    Simulator::Schedule(delay, [self, ends, faults, link, name]() {
        if (faults->linkDown[link])
        {
            return;
        }
        NS_LOG_INFO(name << " down at " << Simulator::Now().As(Time::S));
        for (const auto& [ipv4, interface] : ends)
        {
            ipv4->SetDown(interface);
        }
        faults->linkDown[link] = true;
        self->Reroute();
        self->m_linkDown(link);
    });
}

void
MecTopologyHelper::ScheduleLinkUp(MecTopology& t, uint32_t link, Time at)
{
    NS_LOG_FUNCTION(this << link << at);
    CheckIndex(link, t.GetNLinks(), "link");
    Time delay = DelayUntil(at, "ScheduleLinkUp");
    Ptr<MecTopologyHelper> self = this;
    MecTopology copy = t;
    Simulator::Schedule(delay, [self, copy, link]() {
        if (!copy.faults->linkDown[link])
        {
            return;
        }
        NS_LOG_INFO(copy.LinkName(link) << " up at " << Simulator::Now().As(Time::S));
        copy.faults->linkDown[link] = false;
        copy.faults->linkUpAt[link] = Simulator::Now();
        for (const auto& [ipv4, interface] : copy.LinkInterfaces(link))
        {
            // An end on a node that is down stays down (a star's
            // aggregation node never is).
            Ptr<Node> node = ipv4->GetObject<Node>();
            bool nodeDown = false;
            for (uint32_t i = 0; i < copy.servers.GetN(); ++i)
            {
                nodeDown = nodeDown || (copy.servers.Get(i) == node && copy.IsNodeDown(i));
            }
            if (!nodeDown)
            {
                ipv4->SetUp(interface);
            }
        }
        self->Reroute();
        self->m_linkUp(link);
    });
}

void
MecTopologyHelper::ScheduleDeviceAway(MecTopology& t, uint32_t device, Time at)
{
    NS_LOG_FUNCTION(this << device << at);
    ScheduleDeviceRange(t, device, at, true);
}

void
MecTopologyHelper::ScheduleDeviceBack(MecTopology& t, uint32_t device, Time at)
{
    NS_LOG_FUNCTION(this << device << at);
    ScheduleDeviceRange(t, device, at, false);
}

void
MecTopologyHelper::ScheduleDeviceRange(MecTopology& t, uint32_t device, Time at, bool away)
{
    CheckIndex(device, t.GetNDevices(), "device");
    if (!std::isfinite(t.wifiRange))
    {
        throw std::invalid_argument("MecTopologyHelper::ScheduleDevice" +
                                    std::string(away ? "Away" : "Back") +
                                    ": the Wi-Fi range is infinite (no propagation loss), no "
                                    "distance is out of it");
    }
    Time delay = DelayUntil(at, away ? "ScheduleDeviceAway" : "ScheduleDeviceBack");
    Ptr<MecTopologyHelper> self = this;
    std::shared_ptr<MecFaultState> faults = t.faults;
    Ptr<MobilityModel> mobility = t.devices.Get(device)->GetObject<MobilityModel>();
    const double lift = kAwayHeightRanges * t.wifiRange;
    Simulator::Schedule(delay, [self, faults, mobility, device, lift, away]() {
        if (faults->deviceAway[device] == away)
        {
            return;
        }
        NS_LOG_INFO("device " << device << (away ? " out of" : " back in") << " range at "
                              << Simulator::Now().As(Time::S));
        Vector p = mobility->GetPosition();
        p.z += away ? lift : -lift;
        mobility->SetPosition(p);
        faults->deviceAway[device] = away;
        if (away)
        {
            self->m_deviceAway(device);
        }
        else
        {
            faults->deviceBackAt[device] = Simulator::Now();
            self->m_deviceBack(device);
        }
    });
}

void
MecTopologyHelper::ScheduleLinkLoss(MecTopology& t, uint32_t link, double rate, Time at)
{
    NS_LOG_FUNCTION(this << link << rate << at);
    CheckIndex(link, t.GetNLinks(), "link");
    if (!(rate >= 0 && rate <= 1))
    {
        throw std::invalid_argument("MecTopologyHelper::ScheduleLinkLoss: rate " + ToText(rate) +
                                    " is not in [0, 1]");
    }
    Time delay = DelayUntil(at, "ScheduleLinkLoss");
    std::shared_ptr<MecFaultState> faults = t.faults;
    auto devices = t.LinkDevices(link);
    const std::string name = t.LinkName(link);
    Simulator::Schedule(delay, [devices, faults, link, rate, name]() {
        NS_LOG_INFO(name << " loss " << rate << " at " << Simulator::Now().As(Time::S));
        faults->linkLoss[link] = rate;
        for (uint32_t side = 0; side < devices.size(); ++side)
        {
            Ptr<PointToPointNetDevice> device = DynamicCast<PointToPointNetDevice>(devices[side]);
            Ptr<RateErrorModel> model;
            if (rate > 0)
            {
                model = CreateObject<RateErrorModel>();
                model->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                model->SetRate(rate);
                model->AssignStreams(kLossStreamBase + 2 * link + side);
            }
            device->SetReceiveErrorModel(model);
        }
    });
}

void
MecTopologyHelper::ScheduleWanDown(MecTopology& t, uint32_t edge, Time at)
{
    NS_LOG_FUNCTION(this << edge << at);
    CheckIndex(edge, t.GetNEdges(), "edge");
    ScheduleLinkDown(t, edge, at);
}

int64_t
MecTopologyHelper::AssignStreams(MecTopology& t, int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    int64_t current = stream;
    for (const Ptr<PositionAllocator>& positions : t.sitePositions)
    {
        current += positions->AssignStreams(current);
    }
    // Draw the positions again, now from the fixed streams (same order as
    // Build), except those the PositionsFile gave.
    for (uint32_t i = 0; i < t.GetNDevices(); ++i)
    {
        if (i < t.positionFromFile.size() && t.positionFromFile[i])
        {
            continue;
        }
        t.devices.Get(i)->GetObject<MobilityModel>()->SetPosition(
            t.sitePositions[t.siteOf[i]]->GetNext());
    }
    current += MobilityHelper().AssignStreams(t.devices, current);
    for (uint32_t k = 0; k < t.apDevices.GetN(); ++k)
    {
        Ptr<WifiNetDevice> ap = DynamicCast<WifiNetDevice>(t.apDevices.Get(k));
        current += DynamicCast<YansWifiChannel>(ap->GetPhy()->GetChannel())->AssignStreams(current);
    }
    WifiHelper wifi;
    current += wifi.AssignStreams(t.apDevices, current);
    current += wifi.AssignStreams(t.staDevices, current);
    return current - stream;
}

} // namespace ns3
