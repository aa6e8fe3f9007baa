/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// MecTopologyHelper, WifiLinkMonitor and ModelLoadingEnergyModel against
// counts, addresses and energies worked out by hand, and against the
// closed-form log-distance path loss of ns-3's default Yans channel.
//
// Every case ends with Simulator::Destroy() and Names::Clear(): ns3::Names
// outlives the simulation and the helper registers "device-i", "edge-k" and
// "cloud".

#include "ns3/ampdu-subframe-header.h"
#include "ns3/basic-energy-source.h"
#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/mec-topology-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/model-loading-energy-model.h"
#include "ns3/names.h"
#include "ns3/node-list.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/ssid.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-link-monitor.h"
#include "ns3/wifi-mac-header.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy-state-helper.h"
#include "ns3/wifi-phy.h"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

using namespace ns3;

namespace
{

/// Default TxPowerStart = TxPowerEnd of WifiPhy in ns-3.37, dBm (one level).
constexpr double TX_POWER_DBM = 16.0206;
/// LogDistancePropagationLossModel defaults in ns-3.37: loss at 1 m (Friis
/// at 5.15 GHz), dB, and exponent. TxGain = RxGain = 0 dB.
constexpr double REFERENCE_LOSS_DB = 46.6777;
constexpr double PATH_LOSS_EXPONENT = 3.0;

/**
 * \param distance AP-station distance, m (> 1 m, the reference distance)
 * \return the received power of the AP's frames, dBm
 */
double
ExpectedSignalDbm(double distance)
{
    return TX_POWER_DBM - REFERENCE_LOSS_DB - 10 * PATH_LOSS_EXPONENT * std::log10(distance);
}

/**
 * \param nEdges edges
 * \param nDevices devices
 * \return a helper with these counts, static devices
 */
Ptr<MecTopologyHelper>
MakeHelper(uint32_t nEdges, uint32_t nDevices)
{
    Ptr<MecTopologyHelper> helper = CreateObject<MecTopologyHelper>();
    helper->SetAttribute("NEdges", UintegerValue(nEdges));
    helper->SetAttribute("NDevices", UintegerValue(nDevices));
    return helper;
}

/// Ends a case: the simulation and the names it registered.
void
Cleanup()
{
    Simulator::Destroy();
    Names::Clear();
}

/**
 * \brief UDP probes: one listening socket per node, packets told apart by
 *        their size.
 */
class UdpProbes
{
  public:
    /**
     * \brief Listen on port 9 of a node.
     * \param node the node
     */
    void Listen(Ptr<Node> node)
    {
        Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        uint32_t id = node->GetId();
        socket->SetRecvCallback(Callback<void, Ptr<Socket>>([this, id](Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                m_received[id].insert(p->GetSize());
            }
        }));
        m_sockets.push_back(socket);
    }

    /**
     * \brief Send a packet at a time.
     * \param from sending node
     * \param to destination address
     * \param size packet size, the probe's label
     * \param at when
     */
    void Send(Ptr<Node> from, Ipv4Address to, uint32_t size, Time at)
    {
        Ptr<Socket> socket = Socket::CreateSocket(from, UdpSocketFactory::GetTypeId());
        socket->Bind();
        m_sockets.push_back(socket);
        Simulator::Schedule(at, [socket, to, size]() {
            socket->SendTo(Create<Packet>(size), 0, InetSocketAddress(to, 9));
        });
    }

    /**
     * \param node a listening node
     * \return the sizes it received
     */
    std::set<uint32_t> Received(Ptr<Node> node) const
    {
        auto it = m_received.find(node->GetId());
        return it == m_received.end() ? std::set<uint32_t>() : it->second;
    }

  private:
    std::vector<Ptr<Socket>> m_sockets;                //!< all sockets
    std::map<uint32_t, std::set<uint32_t>> m_received; //!< node id -> sizes
};

/// ns-3's WifiRadioEnergyModel default currents per PHY state, A.
const std::map<WifiPhyState, double> kRadioCurrentA{{WifiPhyState::IDLE, 0.273},
                                                    {WifiPhyState::CCA_BUSY, 0.273},
                                                    {WifiPhyState::SWITCHING, 0.273},
                                                    {WifiPhyState::RX, 0.313},
                                                    {WifiPhyState::TX, 0.380},
                                                    {WifiPhyState::SLEEP, 0.033},
                                                    {WifiPhyState::OFF, 0.0}};

/// Seconds a PHY spends in each state, from its State trace.
class PhyStateClock
{
  public:
    /// \param phy the PHY whose State trace is followed
    explicit PhyStateClock(Ptr<WifiPhy> phy)
        : m_phy(phy)
    {
        phy->GetState()->TraceConnectWithoutContext("State",
                                                    MakeCallback(&PhyStateClock::Record, this));
    }

    /**
     * \param end the simulation's end, s (the current state lasts until then)
     * \return seconds per state
     */
    std::map<WifiPhyState, double> SecondsUntil(double end) const
    {
        std::map<WifiPhyState, double> seconds = m_seconds;
        double traced = 0;
        for (const auto& [state, s] : seconds)
        {
            traced += s;
        }
        seconds[m_phy->GetState()->GetState()] += end - traced;
        return seconds;
    }

  private:
    void Record(Time, Time duration, WifiPhyState state)
    {
        m_seconds[state] += duration.GetSeconds();
    }

    Ptr<WifiPhy> m_phy;                       //!< the PHY
    std::map<WifiPhyState, double> m_seconds; //!< traced seconds per state
};

} // namespace

/**
 * \ingroup r3d-tests
 * Counts, names, sites, addresses and per-node objects for NEdges = 2,
 * NDevices = 5 (devices 0, 2, 4 at site 0; 1, 3 at site 1; edges are node
 * indices 5 and 6, the cloud 7), then the backhaul numbering for 4 edges.
 */
class TopologyStructureTestCase : public TestCase
{
  public:
    TopologyStructureTestCase()
        : TestCase("counts, names, sites, addresses for 2 edges and 5 devices")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MecTopologyHelper> helper = MakeHelper(2, 5);
        MecTopology t = helper->Build();

        NS_TEST_ASSERT_MSG_EQ(t.devices.GetN(), 5, "devices");
        NS_TEST_ASSERT_MSG_EQ(t.edges.GetN(), 2, "edges");
        NS_TEST_ASSERT_MSG_EQ(t.cloud.GetN(), 1, "cloud");
        NS_TEST_ASSERT_MSG_EQ(t.servers.GetN(), 8, "servers");
        NS_TEST_ASSERT_MSG_EQ(NodeList::GetNNodes(), 8, "no other node");
        NS_TEST_ASSERT_MSG_EQ(t.staDevices.GetN(), 5, "one station per device");
        NS_TEST_ASSERT_MSG_EQ(t.apDevices.GetN(), 2, "one AP per edge");
        NS_TEST_ASSERT_MSG_EQ(t.wanDevices.GetN(), 4, "2 WAN links, 2 ends each");
        NS_TEST_ASSERT_MSG_EQ(t.backhaulDevices.GetN(), 2, "1 backhaul link (2 edges)");
        NS_TEST_ASSERT_MSG_EQ(t.EdgeIndex(1), 6, "edge 1's node index");
        NS_TEST_ASSERT_MSG_EQ(t.CloudIndex(), 7, "cloud's node index");

        const std::vector<uint32_t> sites{0, 1, 0, 1, 0, 0, 1, MecTopology::NO_SITE};
        const std::vector<std::string> names{"device-0",
                                             "device-1",
                                             "device-2",
                                             "device-3",
                                             "device-4",
                                             "edge-0",
                                             "edge-1",
                                             "cloud"};
        // Per node: loopback + Wi-Fi; loopback + AP + WAN + 1 backhaul;
        // loopback + 2 WANs + its service stub network.
        const std::vector<uint32_t> interfaces{2, 2, 2, 2, 2, 4, 4, 4};
        // Site k is 10.k.0.0/16, the AP first; the cloud's address is on its
        // stub service network, 192.168.255.0/24 (reachable over any WAN).
        const std::vector<std::string> addresses{"10.0.0.2",
                                                 "10.1.0.2",
                                                 "10.0.0.3",
                                                 "10.1.0.3",
                                                 "10.0.0.4",
                                                 "10.0.0.1",
                                                 "10.1.0.1",
                                                 "192.168.255.1"};
        const std::vector<std::string> catalog{"jetson-nano",
                                               "jetson-nano",
                                               "jetson-nano",
                                               "jetson-nano",
                                               "jetson-nano",
                                               "jetson-agx-xavier",
                                               "jetson-agx-xavier",
                                               "v100"};
        // (max - idle) from data/devices.json: nano 10 - 2, AGX Xavier
        // 30 - 6, V100 300 - 40 W; times LoadingPowerFraction 0.3.
        const std::vector<double> loadingPower{2.4, 2.4, 2.4, 2.4, 2.4, 7.2, 7.2, 78.0};
        NS_TEST_ASSERT_MSG_EQ(t.siteOf.size(), 8, "siteOf per node");
        NS_TEST_ASSERT_MSG_EQ(t.engines.GetN(), 8, "engine per node");
        NS_TEST_ASSERT_MSG_EQ(t.sources.GetN(), 8, "energy source per node");
        NS_TEST_ASSERT_MSG_EQ(t.computeEnergy.GetN(), 8, "compute energy per node");
        NS_TEST_ASSERT_MSG_EQ(t.loadingEnergy.GetN(), 8, "loading energy per node");
        NS_TEST_ASSERT_MSG_EQ(t.radioEnergy.GetN(), 5, "radio energy per device");
        for (uint32_t i = 0; i < 8; ++i)
        {
            Ptr<Node> node = t.servers.Get(i);
            NS_TEST_ASSERT_MSG_EQ(t.siteOf[i], sites[i], "site of node " << i);
            NS_TEST_ASSERT_MSG_EQ(t.names[i], names[i], "name of node " << i);
            NS_TEST_ASSERT_MSG_EQ(Names::Find<Node>(names[i]), node, "ns3::Names " << names[i]);
            NS_TEST_ASSERT_MSG_EQ(t.serviceAddress[i],
                                  Ipv4Address(addresses[i].c_str()),
                                  "service address of node " << i);
            NS_TEST_ASSERT_MSG_EQ(node->GetObject<Ipv4>()->GetNInterfaces(),
                                  interfaces[i],
                                  "interfaces of node " << i);
            NS_TEST_ASSERT_MSG_EQ(t.deviceName[i], catalog[i], "catalog device of node " << i);
            NS_TEST_ASSERT_MSG_EQ(t.engines.Get(i)->GetDevice().name,
                                  catalog[i],
                                  "engine device of node " << i);
            NS_TEST_ASSERT_MSG_EQ(node->GetObject<InferenceEngine>(),
                                  t.engines.Get(i),
                                  "engine aggregated to node " << i);
            Tier tier = i < 5 ? Tier::END : (i < 7 ? Tier::EDGE : Tier::CLOUD);
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(t.tier[i]),
                                  static_cast<int>(tier),
                                  "tier of node " << i);
            NS_TEST_ASSERT_MSG_EQ(t.IndexOf(node), i, "IndexOf node " << i);
            NS_TEST_ASSERT_MSG_EQ(t.GetLoadingEnergy(i), t.loadingEnergy.Get(i), "loading model");
            DeviceEnergyModelContainer onSource =
                t.sources.Get(i)->FindDeviceEnergyModels(ModelLoadingEnergyModel::GetTypeId());
            NS_TEST_ASSERT_MSG_EQ(onSource.GetN(), 1, "one loading model on source " << i);
            NS_TEST_ASSERT_MSG_EQ(onSource.Get(0),
                                  t.loadingEnergy.Get(i),
                                  "the loading model draws from node " << i << "'s source");
            NS_TEST_ASSERT_MSG_EQ(t.sources.Get(i)->GetNode(), node, "source of node " << i);
            // Tolerance: one rounding of 0.3 x (max - idle).
            NS_TEST_ASSERT_MSG_EQ_TOL(t.GetLoadingEnergy(i)->GetLoadingPower(),
                                      loadingPower[i],
                                      1e-12 * loadingPower[i],
                                      "loading power of node " << i);
            NS_TEST_ASSERT_MSG_EQ(bool(node->GetObject<WifiLinkMonitor>()),
                                  (i < 5),
                                  "a link monitor on devices only, node " << i);
            NS_TEST_ASSERT_MSG_EQ(t.IsNodeDown(i), false, "up at the start");
        }
        // Each station is in its own site's BSS.
        for (uint32_t i = 0; i < 5; ++i)
        {
            Ptr<WifiNetDevice> sta = DynamicCast<WifiNetDevice>(t.staDevices.Get(i));
            NS_TEST_ASSERT_MSG_EQ(sta->GetNode(), t.devices.Get(i), "station order");
            NS_TEST_ASSERT_MSG_EQ(
                sta->GetMac()->GetSsid().IsEqual(Ssid("r3d-site-" + std::to_string(i % 2))),
                true,
                "SSID of device " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(t.wanDevices.Get(2)->GetNode(), t.edges.Get(1), "WAN 1 edge end");
        NS_TEST_ASSERT_MSG_EQ(t.wanDevices.Get(3)->GetNode(), t.cloud.Get(0), "WAN 1 cloud end");
        Cleanup();

        // Backhaul numbering of a 4-edge mesh: 6 links, (1, 2) is the 4th.
        Ptr<MecTopologyHelper> meshHelper = MakeHelper(4, 0);
        meshHelper->SetAttribute("Backhaul", StringValue("mesh"));
        MecTopology four = meshHelper->Build();
        NS_TEST_ASSERT_MSG_EQ(four.backhaulDevices.GetN(), 12, "4 x 3 / 2 links, 2 ends each");
        NS_TEST_ASSERT_MSG_EQ(four.BackhaulIndex(2, 1), 3, "pair (1, 2)");
        NS_TEST_ASSERT_MSG_EQ(four.BackhaulIndex(2, 3), 5, "pair (2, 3)");
        NS_TEST_ASSERT_MSG_EQ(four.backhaulDevices.Get(6)->GetNode(), four.edges.Get(1), "1's end");
        NS_TEST_ASSERT_MSG_EQ(four.backhaulDevices.Get(7)->GetNode(), four.edges.Get(2), "2's end");
        NS_TEST_ASSERT_MSG_EQ(four.staDevices.GetN(), 0, "no devices");
        NS_TEST_ASSERT_MSG_EQ(four.radioEnergy.GetN(), 0, "no radios");
        NS_TEST_ASSERT_MSG_EQ(four.EdgeHops(0, 2), 1, "a mesh links every pair");
        Cleanup();

        // The default ring of 6 edges: 6 links (k, k+1 mod 6); routes go
        // the shorter way round.
        MecTopology ring = MakeHelper(6, 0)->Build();
        NS_TEST_ASSERT_MSG_EQ(ring.backhaul, "ring", "the default shape");
        NS_TEST_ASSERT_MSG_EQ(ring.backhaulDevices.GetN(), 12, "6 links, 2 ends each");
        NS_TEST_ASSERT_MSG_EQ(ring.BackhaulIndex(5, 0), 5, "the link closing the ring");
        NS_TEST_ASSERT_MSG_EQ(ring.EdgeHops(0, 3), 3, "opposite edges: 3 hops");
        NS_TEST_ASSERT_MSG_EQ(ring.EdgeHops(0, 5), 1, "neighbours across the closing link");
        NS_TEST_ASSERT_MSG_EQ(ring.EdgeHops(1, 4), 3, "3 hops either way");
        const std::vector<uint32_t> viaClosing{4, 5, 0};
        NS_TEST_ASSERT_MSG_EQ((ring.EdgePath(4, 0) == viaClosing), true, "4 -> 5 -> 0");
        bool threw = false;
        try
        {
            ring.BackhaulIndex(0, 2);
        }
        catch (const std::invalid_argument&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "no direct link between 0 and 2 on a ring");
        Cleanup();

        // A star of 5 edges: one aggregation node (not a server), 5 links,
        // 2 hops between any two edges.
        Ptr<MecTopologyHelper> starHelper = MakeHelper(5, 0);
        starHelper->SetAttribute("Backhaul", StringValue("star"));
        MecTopology star = starHelper->Build();
        NS_TEST_ASSERT_MSG_EQ(star.aggregation.GetN(), 1, "an aggregation node");
        NS_TEST_ASSERT_MSG_EQ(star.servers.GetN(), 6, "5 edges and the cloud serve");
        NS_TEST_ASSERT_MSG_EQ(star.backhaulDevices.GetN(), 10, "5 links, 2 ends each");
        NS_TEST_ASSERT_MSG_EQ(star.BackhaulIndex(3, 5), 3, "edge 3's link to the hub");
        NS_TEST_ASSERT_MSG_EQ(star.EdgeHops(1, 4), 2, "through the hub");
        NS_TEST_ASSERT_MSG_EQ(star.backhaulDevices.Get(7)->GetNode(),
                              star.aggregation.Get(0),
                              "hub end of link 3");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * UDP over the built network, then after edge 0's WAN goes down at 2 s:
 * device 0 (site 0) loses the cloud, keeps device 1 (site 1, over the
 * backhaul); device 1 keeps the cloud (its own WAN: the cloud's service
 * address is on a stub network of its own). Without rerouting (Reroute
 * false; r3d-faults tests the reroute).
 */
class WanDownTestCase : public TestCase
{
  public:
    WanDownTestCase()
        : TestCase("reachability, and WAN down: traffic over it is lost")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MecTopologyHelper> helper = MakeHelper(2, 5);
        helper->SetAttribute("Reroute", BooleanValue(false));
        MecTopology t = helper->Build();
        std::vector<uint32_t> linkDown;
        helper->TraceConnectWithoutContext("LinkDown", Callback<void, uint32_t>([&](uint32_t edge) {
                                               linkDown.push_back(edge);
                                           }));
        Ptr<Node> d0 = t.devices.Get(0);
        Ptr<Node> d1 = t.devices.Get(1);
        Ptr<Node> cloud = t.cloud.Get(0);
        Ipv4Address cloudAddress = t.serviceAddress[t.CloudIndex()];
        UdpProbes probes;
        probes.Listen(cloud);
        probes.Listen(d1);
        // Stations associate within a few beacon intervals (102.4 ms).
        probes.Send(d0, cloudAddress, 101, Seconds(1));
        probes.Send(d0, t.serviceAddress[1], 102, Seconds(1));
        probes.Send(d1, cloudAddress, 103, Seconds(1));
        helper->ScheduleWanDown(t, 0, Seconds(2));
        probes.Send(d0, cloudAddress, 201, Seconds(3));
        probes.Send(d0, t.serviceAddress[1], 202, Seconds(3));
        probes.Send(d1, cloudAddress, 203, Seconds(3));
        bool crossedBefore = true;
        Simulator::Schedule(Seconds(1.5), [&]() {
            crossedBefore = t.PathCrossesDownLink(0, t.CloudIndex()) || t.IsWanDown(0);
        });
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(crossedBefore, false, "all up before 2 s");
        NS_TEST_ASSERT_MSG_EQ((probes.Received(cloud) == std::set<uint32_t>{101, 103, 203}),
                              true,
                              "cloud: both before, only device 1's after");
        NS_TEST_ASSERT_MSG_EQ((probes.Received(d1) == std::set<uint32_t>{102, 202}),
                              true,
                              "device 1 from device 0, before and after");
        NS_TEST_ASSERT_MSG_EQ(linkDown.size(), 1, "LinkDown fired once");
        NS_TEST_ASSERT_MSG_EQ(linkDown.at(0), 0, "for edge 0");
        NS_TEST_ASSERT_MSG_EQ(t.IsWanDown(0), true, "WAN 0 down");
        NS_TEST_ASSERT_MSG_EQ(t.IsWanDown(1), false, "WAN 1 up");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(0, t.CloudIndex()), true, "site 0 - cloud");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(t.CloudIndex(), 2), true, "symmetric");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(t.EdgeIndex(0), t.CloudIndex()),
                              true,
                              "edge 0 - cloud");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(0, 1), false, "site 0 - site 1");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(1, t.CloudIndex()), false, "site 1 - cloud");
        NS_TEST_ASSERT_MSG_EQ(t.IsNodeDown(t.EdgeIndex(0)), false, "edge 0 itself is up");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * Edge 1 goes down at 2 s: device 0 (site 0) loses device 1 (behind edge 1)
 * and edge 1 itself, keeps the cloud and device 4 of its own site.
 */
class NodeDownTestCase : public TestCase
{
  public:
    NodeDownTestCase()
        : TestCase("node down: traffic to and through it is lost")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MecTopologyHelper> helper = MakeHelper(2, 5);
        MecTopology t = helper->Build();
        std::vector<uint32_t> nodeDown;
        helper->TraceConnectWithoutContext(
            "NodeDown",
            Callback<void, uint32_t>([&](uint32_t index) { nodeDown.push_back(index); }));
        const uint32_t edge1 = t.EdgeIndex(1);
        Ptr<Node> d0 = t.devices.Get(0);
        UdpProbes probes;
        for (Ptr<Node> node : {t.devices.Get(1), t.devices.Get(4), t.edges.Get(1), t.cloud.Get(0)})
        {
            probes.Listen(node);
        }
        probes.Send(d0, t.serviceAddress[1], 101, Seconds(1));
        probes.Send(d0, t.serviceAddress[edge1], 102, Seconds(1));
        probes.Send(d0, t.serviceAddress[t.CloudIndex()], 103, Seconds(1));
        helper->ScheduleNodeDown(t, edge1, Seconds(2));
        probes.Send(d0, t.serviceAddress[1], 201, Seconds(3));
        probes.Send(d0, t.serviceAddress[edge1], 202, Seconds(3));
        probes.Send(d0, t.serviceAddress[t.CloudIndex()], 203, Seconds(3));
        probes.Send(t.devices.Get(2), t.serviceAddress[4], 204, Seconds(3));
        Simulator::Stop(Seconds(4));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ((probes.Received(t.devices.Get(1)) == std::set<uint32_t>{101}),
                              true,
                              "device 1: before only");
        NS_TEST_ASSERT_MSG_EQ((probes.Received(t.edges.Get(1)) == std::set<uint32_t>{102}),
                              true,
                              "edge 1: before only");
        NS_TEST_ASSERT_MSG_EQ((probes.Received(t.cloud.Get(0)) == std::set<uint32_t>{103, 203}),
                              true,
                              "cloud: before and after");
        NS_TEST_ASSERT_MSG_EQ((probes.Received(t.devices.Get(4)) == std::set<uint32_t>{204}),
                              true,
                              "device 2 to device 4 within site 0");
        NS_TEST_ASSERT_MSG_EQ(nodeDown.size(), 1, "NodeDown fired once");
        NS_TEST_ASSERT_MSG_EQ(nodeDown.at(0), edge1, "for edge 1");
        NS_TEST_ASSERT_MSG_EQ(t.IsNodeDown(edge1), true, "edge 1 down");
        NS_TEST_ASSERT_MSG_EQ(t.IsNodeDown(t.EdgeIndex(0)), false, "edge 0 up");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(0, 1), true, "through edge 1");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(0, edge1), true, "to edge 1");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(1, t.CloudIndex()), true, "site 1 - cloud");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(0, t.CloudIndex()), false, "site 0 - cloud");
        NS_TEST_ASSERT_MSG_EQ(t.PathCrossesDownLink(2, 4), false, "within site 0");
        // A copy shares the fault state.
        MecTopology copy = t;
        NS_TEST_ASSERT_MSG_EQ(copy.IsNodeDown(edge1), true, "copies see the faults");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * One station 10 m from its AP, then moved to 20 m. The signal the monitor
 * reports is the closed-form log-distance power
 * 16.0206 - 46.6777 - 30 log10(d) dBm (-60.6571 dBm at 10 m). Tolerance
 * 1e-9 dB: the PHY converts dBm to W and back, rounding at ~1e-15
 * relative. After the move, the average approaches the new power as
 * 0.8^n (Smoothing 0.2) in the n frames since; a frame in flight at the move
 * still carries the old power, hence the interval [0.8^n, 0.8^(n-1)].
 */
class WifiSignalTestCase : public TestCase
{
  public:
    WifiSignalTestCase()
        : TestCase("Wi-Fi signal and rate seen by the link monitor")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MecTopologyHelper> helper = MakeHelper(1, 1);
        MecTopology t = helper->Build();
        helper->AssignStreams(t, 1);
        Ptr<MobilityModel> position = t.devices.Get(0)->GetObject<MobilityModel>();
        position->SetPosition(Vector(10, 0, 0)); // the AP is at the origin
        Ptr<WifiLinkMonitor> monitor = t.devices.Get(0)->GetObject<WifiLinkMonitor>();
        Mac48Address sta = DynamicCast<WifiNetDevice>(t.staDevices.Get(0))->GetMac()->GetAddress();

        // The rate the AP used for its last data frame to the station.
        double apRate = std::nan("");
        DynamicCast<WifiNetDevice>(t.apDevices.Get(0))
            ->GetPhy()
            ->TraceConnectWithoutContext(
                "MonitorSnifferTx",
                Callback<void, Ptr<const Packet>, uint16_t, WifiTxVector, MpduInfo, uint16_t>(
                    [&](Ptr<const Packet> packet,
                        uint16_t,
                        WifiTxVector txVector,
                        MpduInfo aMpdu,
                        uint16_t) {
                        Ptr<Packet> copy = packet->Copy();
                        if (aMpdu.type != NORMAL_MPDU)
                        {
                            AmpduSubframeHeader subframe;
                            copy->RemoveHeader(subframe);
                        }
                        WifiMacHeader header;
                        copy->PeekHeader(header);
                        if (header.IsData() && header.GetAddr1() == sta)
                        {
                            apRate = txVector.GetMode().GetDataRate(txVector) / 1e6;
                        }
                    }));

        UdpProbes probes;
        probes.Listen(t.devices.Get(0));
        probes.Send(t.edges.Get(0), t.serviceAddress[0], 500, Seconds(1));
        double rateBefore = 0;
        double signalAt10 = 0;
        double rateAt10 = 0;
        uint64_t framesAtMove = 0;
        Simulator::Schedule(Seconds(0.99), [&]() { rateBefore = monitor->GetPhyRateMbps(); });
        Simulator::Schedule(Seconds(1.5), [&]() {
            signalAt10 = monitor->GetSignalDbm();
            rateAt10 = monitor->GetPhyRateMbps();
            framesAtMove = monitor->GetFramesSeen();
            position->SetPosition(Vector(20, 0, 0));
        });
        Simulator::Stop(Seconds(3));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(std::isnan(rateBefore), true, "no data frame before 1 s");
        NS_TEST_ASSERT_MSG_GT(framesAtMove, 5, "beacons (and data) from the AP by 1.5 s");
        NS_TEST_ASSERT_MSG_EQ_TOL(signalAt10, ExpectedSignalDbm(10), 1e-9, "-60.6571 dBm at 10 m");
        NS_TEST_ASSERT_MSG_EQ(probes.Received(t.devices.Get(0)).count(500), 1, "data arrived");
        NS_TEST_ASSERT_MSG_GT(rateAt10, 0, "a data rate was recorded");
        NS_TEST_ASSERT_MSG_EQ(rateAt10, apRate, "the AP's rate for its data frame");

        uint64_t n = monitor->GetFramesSeen() - framesAtMove;
        NS_TEST_ASSERT_MSG_GT(n, 5, "beacons after the move");
        double step = ExpectedSignalDbm(10) - ExpectedSignalDbm(20); // 30 log10(2) dB
        double excess = monitor->GetSignalDbm() - ExpectedSignalDbm(20);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(excess, step * std::pow(0.8, n) - 1e-9, "average: lower");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(excess, step * std::pow(0.8, n - 1) + 1e-9, "average: upper");
        Cleanup();

        // With Smoothing = 1 the monitor reports the last frame: 20 m exactly.
        Config::SetDefault("ns3::WifiLinkMonitor::Smoothing", DoubleValue(1.0));
        MecTopology one = MakeHelper(1, 1)->Build();
        Config::SetDefault("ns3::WifiLinkMonitor::Smoothing", DoubleValue(0.2));
        one.devices.Get(0)->GetObject<MobilityModel>()->SetPosition(Vector(0, 20, 0));
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(one.devices.Get(0)->GetObject<WifiLinkMonitor>()->GetSignalDbm(),
                                  ExpectedSignalDbm(20),
                                  1e-9,
                                  "-69.688 dBm at 20 m");
        Cleanup();
    }
};

/**
 * CallWhenAssociated: a callback given before the station associates runs
 * once, at the association (the StaWifiMac's Assoc trace, which comes after
 * the first beacon, so later than 0); one given afterwards runs at once.
 * The applications open their first connection this way: a SYN sent before
 * association is lost, and with it the ARP entry of the gateway.
 */
class LinkUpTestCase : public TestCase
{
  public:
    LinkUpTestCase()
        : TestCase("CallWhenAssociated: at the association, or at once once associated")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MecTopologyHelper> helper = MakeHelper(1, 1);
        MecTopology t = helper->Build();
        helper->AssignStreams(t, 1);
        Ptr<WifiLinkMonitor> monitor = t.devices.Get(0)->GetObject<WifiLinkMonitor>();
        std::vector<Time> assoc;
        DynamicCast<WifiNetDevice>(t.staDevices.Get(0))
            ->GetMac()
            ->TraceConnectWithoutContext("Assoc", Callback<void, Mac48Address>([&](Mac48Address) {
                                             assoc.push_back(Simulator::Now());
                                         }));
        std::vector<Time> early;
        std::vector<Time> late;
        NS_TEST_ASSERT_MSG_EQ(monitor->IsAssociated(), false, "not associated before the start");
        monitor->CallWhenAssociated(Callback<void>([&]() { early.push_back(Simulator::Now()); }));
        Simulator::Schedule(Seconds(1), [&]() {
            monitor->CallWhenAssociated(
                Callback<void>([&]() { late.push_back(Simulator::Now()); }));
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(assoc.size(), 1, "one association");
        NS_TEST_EXPECT_MSG_GT(assoc[0], Time(0), "association takes a beacon");
        NS_TEST_ASSERT_MSG_EQ(early.size(), 1, "the early callback ran once");
        NS_TEST_EXPECT_MSG_EQ(early[0], assoc[0], "at the association");
        NS_TEST_ASSERT_MSG_EQ(late.size(), 1, "the late callback ran once");
        NS_TEST_EXPECT_MSG_EQ(late[0], Seconds(1), "at once, already associated");
        NS_TEST_EXPECT_MSG_EQ(monitor->IsAssociated(), true, "associated at the end");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * Each accepted Wi-Fi standard associates and carries data; the signal is
 * the same closed form (the Yans log-distance loss does not depend on the
 * band), tolerance 1e-9 dB as above.
 */
class WifiStandardsTestCase : public TestCase
{
  public:
    WifiStandardsTestCase()
        : TestCase("802.11n, 802.11ac and 802.11ax sites")
    {
    }

  private:
    void DoRun() override
    {
        for (const std::string standard : {"802.11n", "802.11ac", "802.11ax"})
        {
            Ptr<MecTopologyHelper> helper = MakeHelper(1, 1);
            helper->SetAttribute("WifiStandard", StringValue(standard));
            MecTopology t = helper->Build();
            t.devices.Get(0)->GetObject<MobilityModel>()->SetPosition(Vector(0, 10, 0));
            UdpProbes probes;
            probes.Listen(t.devices.Get(0));
            probes.Listen(t.cloud.Get(0));
            probes.Send(t.edges.Get(0), t.serviceAddress[0], 600, Seconds(1));
            probes.Send(t.devices.Get(0), t.serviceAddress[t.CloudIndex()], 601, Seconds(1));
            Simulator::Stop(Seconds(2));
            Simulator::Run();
            Ptr<WifiLinkMonitor> monitor = t.devices.Get(0)->GetObject<WifiLinkMonitor>();
            NS_TEST_ASSERT_MSG_EQ(probes.Received(t.devices.Get(0)).count(600),
                                  1,
                                  standard << ": downlink");
            NS_TEST_ASSERT_MSG_EQ(probes.Received(t.cloud.Get(0)).count(601),
                                  1,
                                  standard << ": device to cloud");
            NS_TEST_ASSERT_MSG_EQ_TOL(monitor->GetSignalDbm(),
                                      ExpectedSignalDbm(10),
                                      1e-9,
                                      standard << ": signal at 10 m");
            NS_TEST_ASSERT_MSG_GT(monitor->GetPhyRateMbps(), 0, standard << ": a data rate");
            Cleanup();
        }
    }
};

/**
 * \ingroup r3d-tests
 * Wi-Fi radio energy of a station that loses its AP: away from 1 s to 6 s,
 * it misses MaxMissedBeacons (30, 3.07 s) beacons, and StaWifiMac turns
 * the PHY off and on in the same instant to scan. ns-3.37's
 * WifiRadioEnergyModel never leaves OFF, so the model drew nothing after
 * that (found by a new-user trial, December 2026: 2.73 J below the idle
 * floor on the default scenario). The energy must be V x sum(I x t) over
 * the PHY's own state trace, and at least idle for the whole run. Tolerance
 * 1e-9 relative: sums of products of doubles.
 */
class RadioEnergyAwayTestCase : public TestCase
{
  public:
    RadioEnergyAwayTestCase()
        : TestCase("Wi-Fi radio energy of a station that loses its AP and re-associates")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MecTopologyHelper> helper = MakeHelper(1, 1);
        MecTopology t = helper->Build();
        helper->ScheduleDeviceAway(t, 0, Seconds(1));
        helper->ScheduleDeviceBack(t, 0, Seconds(6));
        PhyStateClock clock(DynamicCast<WifiNetDevice>(t.staDevices.Get(0))->GetPhy());
        uint32_t lost = 0;
        DynamicCast<WifiNetDevice>(t.staDevices.Get(0))
            ->GetMac()
            ->TraceConnectWithoutContext("DeAssoc", Callback<void, Mac48Address>([&](Mac48Address) {
                                             ++lost;
                                         }));
        const double T = 10;
        Simulator::Stop(Seconds(T));
        Simulator::Run();

        std::map<WifiPhyState, double> seconds = clock.SecondsUntil(T);
        const double volts = 3.0;
        double expected = 0;
        for (const auto& [state, s] : seconds)
        {
            expected += volts * kRadioCurrentA.at(state) * s;
        }
        const double energy = t.radioEnergy.Get(0)->GetTotalEnergyConsumption();
        NS_TEST_ASSERT_MSG_EQ(lost, 1, "the station lost its AP once");
        NS_TEST_ASSERT_MSG_EQ_TOL(seconds[WifiPhyState::OFF], 0, 1e-12, "the PHY is never off");
        NS_TEST_ASSERT_MSG_EQ_TOL(energy, expected, 1e-9 * expected, "V x sum(I x t)");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(energy, 0.273 * volts * T, "at least idle all the time");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * The Wi-Fi radio energy of an idle station over T = 10 s, against
 * ns-3.37's defaults: WifiRadioEnergyModel IdleCurrentA 0.273 A on a
 * BasicEnergySource at 3 V, i.e. 0.819 W, 8.19 J.
 *
 * The station is not idle all the time: it receives a beacon every
 * 102.4 ms (~0.2 ms each at 6 Mb/s, RxCurrentA 0.313 A) and exchanges a few
 * association frames (TxCurrentA 0.380 A). Every other state draws at least
 * the idle current, so 8.19 J is a lower bound; the beacons add
 * ~0.2% x (0.313 - 0.273) / 0.273 ~ 3e-4 of it, so 1e-3 relative is an
 * upper bound with margin. Exactly, the energy is V x sum(current x time) over
 * the PHY states the station went through, from the PHY's State trace;
 * that agrees to 1e-9 relative (floating-point sums).
 */
class RadioEnergyTestCase : public TestCase
{
  public:
    RadioEnergyTestCase()
        : TestCase("Wi-Fi radio energy of an idle station")
    {
    }

  private:
    void DoRun() override
    {
        MecTopology t = MakeHelper(1, 1)->Build();
        PhyStateClock clock(DynamicCast<WifiNetDevice>(t.staDevices.Get(0))->GetPhy());
        const double T = 10;
        Simulator::Stop(Seconds(T));
        Simulator::Run();

        const double volts = 3.0;
        const double idle = 0.273;
        const double energy = t.radioEnergy.Get(0)->GetTotalEnergyConsumption();
        const double idleEnergy = idle * volts * T;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(energy, idleEnergy, "at least idle all the time");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(energy, idleEnergy * (1 + 1e-3), "beacons add < 0.1%");

        // The current state's period is not traced yet: it runs until T.
        std::map<WifiPhyState, double> seconds = clock.SecondsUntil(T);
        double expected = 0;
        for (const auto& [state, s] : seconds)
        {
            NS_TEST_ASSERT_MSG_EQ(kRadioCurrentA.count(state), 1, "a state with a known current");
            expected += volts * kRadioCurrentA.at(state) * s;
        }
        NS_TEST_ASSERT_MSG_GT(seconds[WifiPhyState::RX], 0, "beacons were received");
        NS_TEST_ASSERT_MSG_EQ_TOL(energy, expected, 1e-9 * expected, "V x sum(I x t)");

        // The node's breakdown: the radio's idle part is I_idle V T, the
        // rest (receiving beacons: 0.313 - 0.273 A) is dynamic; no inference
        // ran, so the compute energy is all idle (the catalog's idle power x T).
        const MecNodeEnergy e = t.GetNodeEnergy(0);
        NS_TEST_ASSERT_MSG_EQ_TOL(e.radio, energy, 1e-12 * energy, "radio total");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.radioIdle, idleEnergy, 1e-9 * idleEnergy, "radio idle");
        const double rxExcess = volts * (0.313 - 0.273) * seconds[WifiPhyState::RX];
        NS_TEST_ASSERT_MSG_GT_OR_EQ(e.radio - e.radioIdle, rxExcess * (1 - 1e-6), "rx excess");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.radio - e.radioIdle,
                                  expected - idleEnergy,
                                  1e-9 * expected,
                                  "dynamic = sum over states of (I - I_idle) V t");
        const double idlePower = t.engines.Get(0)->GetDevice().idlePower;
        NS_TEST_ASSERT_MSG_EQ_TOL(e.computeIdle, idlePower * T, 1e-9 * idlePower * T, "idle W x T");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.compute, e.computeIdle, 1e-9 * e.compute, "no work: all idle");
        NS_TEST_ASSERT_MSG_EQ(e.wired, 0.0, "a device has no wired link");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * Energy of bytes over wired links (WiredTransferEnergy): a UDP datagram of
 * 1000 bytes is a frame of 1000 + 8 (UDP) + 20 (IPv4) + 2 (PPP) = 1030
 * bytes on a point-to-point link, 1030 x 8 x 27e-9 J at the default
 * EnergyPerBit. Mesh of 2 edges: edge 0 sends one to the cloud (WAN) and one
 * to edge 1 (backhaul), charged to edge 0. Star of 3 edges: edge 0 to edge
 * 1 crosses two links; the aggregation node's frame is charged to edge 1.
 * Exact (integer byte counts; one product).
 */
class WiredEnergyTestCase : public TestCase
{
  public:
    WiredEnergyTestCase()
        : TestCase("energy per bit of the frames on WAN and backhaul links")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t frame = 1030;
        {
            MecTopology t = MakeHelper(2, 0)->Build();
            UdpProbes probes;
            probes.Listen(t.cloud.Get(0));
            probes.Listen(t.edges.Get(1));
            probes.Send(t.edges.Get(0), t.serviceAddress[t.CloudIndex()], 1000, Seconds(1));
            probes.Send(t.edges.Get(0), t.serviceAddress[t.EdgeIndex(1)], 1000, Seconds(1.5));
            Simulator::Stop(Seconds(2));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(probes.Received(t.cloud.Get(0)).count(1000), 1, "arrived");
            NS_TEST_ASSERT_MSG_EQ(t.GetNodeEnergy(t.EdgeIndex(0)).wiredBytes, 2 * frame, "edge 0");
            NS_TEST_ASSERT_MSG_EQ(t.GetNodeEnergy(t.EdgeIndex(1)).wiredBytes,
                                  0,
                                  "edge 1 sent none");
            NS_TEST_ASSERT_MSG_EQ(t.GetNodeEnergy(t.CloudIndex()).wiredBytes, 0, "cloud sent none");
            NS_TEST_ASSERT_MSG_EQ_TOL(t.GetNodeEnergy(t.EdgeIndex(0)).wired,
                                      2 * frame * 8 * 27e-9,
                                      1e-18,
                                      "J = bytes x 8 x 27 nJ/bit");
            Cleanup();
        }
        {
            Config::SetDefault("ns3::MecTopologyHelper::Backhaul", StringValue("star"));
            Config::SetDefault("ns3::WiredTransferEnergy::EnergyPerBit", DoubleValue(1e-6));
            MecTopology t = MakeHelper(3, 0)->Build();
            Config::SetDefault("ns3::MecTopologyHelper::Backhaul", StringValue("ring"));
            Config::SetDefault("ns3::WiredTransferEnergy::EnergyPerBit", DoubleValue(27e-9));
            UdpProbes probes;
            probes.Listen(t.edges.Get(1));
            probes.Send(t.edges.Get(0), t.serviceAddress[t.EdgeIndex(1)], 1000, Seconds(1));
            Simulator::Stop(Seconds(2));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(probes.Received(t.edges.Get(1)).count(1000), 1, "arrived");
            NS_TEST_ASSERT_MSG_EQ(t.GetNodeEnergy(t.CloudIndex()).wiredBytes,
                                  0,
                                  "not via the cloud");
            NS_TEST_ASSERT_MSG_EQ(t.GetNodeEnergy(t.EdgeIndex(0)).wiredBytes, frame, "first hop");
            NS_TEST_ASSERT_MSG_EQ(t.GetNodeEnergy(t.EdgeIndex(1)).wiredBytes,
                                  frame,
                                  "the aggregation's hop, charged to edge 1");
            NS_TEST_ASSERT_MSG_EQ_TOL(t.wiredEnergy->GetTotalEnergy(),
                                      2 * frame * 8 * 1e-6,
                                      1e-15,
                                      "EnergyPerBit attribute");
            NS_TEST_ASSERT_MSG_EQ_TOL(t.GetNodeEnergy(t.EdgeIndex(1)).Dynamic(),
                                      frame * 8 * 1e-6,
                                      1e-9,
                                      "no inference: an edge's dynamic energy is its wired energy");
            Cleanup();
        }
    }
};

/**
 * \ingroup r3d-tests
 * ModelLoadingEnergyModel on a BasicEnergySource (100 J, 3 V), 2.5 W while
 * loading: loads over [1, 3.5] and [5, 6] s (a repeated SetLoading(true)
 * at 2 s changes nothing): 3.5 s, 8.75 J; 3 s and 7.5 J at 5.5 s.
 * Tolerance 1e-9 relative: a few products and sums of doubles.
 *
 * Then on a topology node (jetson-nano: 2 W idle, 2.4 W loading) whose
 * source the compute and Wi-Fi radio models share: the source loses the
 * sum of the three. ns-3.37's BasicEnergySource computes each decrement as
 * (current x voltage x duration) in a Time, so it rounds every update to
 * 1e-9 J: the tolerance is 0.5e-9 J per update of the source.
 */
class LoadingEnergyTestCase : public TestCase
{
  public:
    LoadingEnergyTestCase()
        : TestCase("model loading energy = LoadingPower x loading time")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Node> node = CreateObject<Node>();
        Ptr<BasicEnergySource> source = CreateObject<BasicEnergySource>();
        source->SetInitialEnergy(100);
        source->SetSupplyVoltage(3);
        source->SetNode(node);
        Ptr<ModelLoadingEnergyModel> model = CreateObject<ModelLoadingEnergyModel>();
        model->SetAttribute("LoadingPower", DoubleValue(2.5));
        model->SetEnergySource(source);
        source->AppendDeviceEnergyModel(model);
        Simulator::Schedule(Seconds(1), [model]() { model->SetLoading(true); });
        Simulator::Schedule(Seconds(2), [model]() { model->SetLoading(true); });
        Simulator::Schedule(Seconds(3.5), [model]() { model->SetLoading(false); });
        Simulator::Schedule(Seconds(5), [model]() { model->SetLoading(true); });
        double energyMid = 0;
        Time timeMid;
        double remainingMid = 0;
        Simulator::Schedule(Seconds(5.5), [&]() {
            energyMid = model->GetTotalEnergyConsumption();
            timeMid = model->GetLoadingTime();
            source->UpdateEnergySource();
            remainingMid = source->GetRemainingEnergy();
        });
        Simulator::Schedule(Seconds(6), [model]() { model->SetLoading(false); });
        Simulator::Stop(Seconds(7));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(energyMid, 7.5, 7.5e-9, "2.5 W x 3 s at 5.5 s");
        NS_TEST_ASSERT_MSG_EQ(timeMid, Seconds(3), "3 s of loading at 5.5 s");
        NS_TEST_ASSERT_MSG_EQ_TOL(remainingMid, 92.5, 1e-9, "source at 5.5 s");
        NS_TEST_ASSERT_MSG_EQ_TOL(model->GetTotalEnergyConsumption(),
                                  8.75,
                                  8.75e-9,
                                  "2.5 W x 3.5 s");
        NS_TEST_ASSERT_MSG_EQ(model->GetLoadingTime(), Seconds(3.5), "3.5 s of loading");
        source->UpdateEnergySource();
        NS_TEST_ASSERT_MSG_EQ_TOL(source->GetRemainingEnergy(), 91.25, 1e-9, "source: 100 - 8.75");
        // The source and the model point at each other and neither is
        // aggregated to the node: dispose of them to break the cycle
        // (LeakSanitizer found it).
        source->Dispose();
        model->Dispose();
        Cleanup();

        // Device 0 (jetson-nano, 2.4 W loading) loads over [1, 2] s.
        MecTopology t = MakeHelper(1, 1)->Build();
        Ptr<EnergySource> shared = t.sources.Get(0);
        shared->SetAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(100));
        Ptr<ModelLoadingEnergyModel> loading = t.GetLoadingEnergy(0);
        uint32_t updates = 0; // until the reading at 2.5 s
        shared->TraceConnectWithoutContext("RemainingEnergy",
                                           Callback<void, double, double>([&](double, double) {
                                               if (Simulator::Now() <= Seconds(2.5))
                                               {
                                                   ++updates;
                                               }
                                           }));
        Simulator::Schedule(Seconds(1), [loading]() { loading->SetLoading(true); });
        Simulator::Schedule(Seconds(2), [loading]() { loading->SetLoading(false); });
        // Read inside the simulation: after Simulator::Stop, BasicEnergySource
        // ignores UpdateEnergySource (Simulator::IsFinished()).
        double compute = 0;
        double radio = 0;
        double remaining = 0;
        Simulator::Schedule(Seconds(2.5), [&]() {
            compute = t.computeEnergy.Get(0)->GetTotalEnergyConsumption();
            radio = t.radioEnergy.Get(0)->GetTotalEnergyConsumption(); // updates the source
            remaining = shared->GetRemainingEnergy();
        });
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(loading->GetTotalEnergyConsumption(), 2.4, 2.4e-9, "2.4 W x 1 s");
        NS_TEST_ASSERT_MSG_EQ_TOL(compute, 5.0, 5e-9, "idle jetson-nano: 2 W x 2.5 s");
        NS_TEST_ASSERT_MSG_GT(updates, 0, "the source was updated");
        NS_TEST_ASSERT_MSG_EQ_TOL(remaining,
                                  100 - compute - 2.4 - radio,
                                  updates * 0.5e-9 + 1e-12,
                                  "the source lost compute + loading + radio");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * AssignStreams makes the placement and the walks reproducible: two builds
 * (different automatic streams) give the same positions after
 * AssignStreams with the same first stream, and the same positions after a
 * 5 s random walk. Devices start within Radius of their AP and walk inside
 * the square around the disc. Positions are compared exactly: same streams,
 * same arithmetic.
 */
class AssignStreamsTestCase : public TestCase
{
  public:
    AssignStreamsTestCase()
        : TestCase("AssignStreams: reproducible placement and walks")
    {
    }

  private:
    /// Positions at 0 s and at 5 s, and the streams used.
    struct Run
    {
        std::vector<Vector> start; //!< after AssignStreams
        std::vector<Vector> end;   //!< at 5 s
        int64_t streams{0};        //!< AssignStreams' return
    };

    Run Once(const std::string& mobility)
    {
        Ptr<MecTopologyHelper> helper = MakeHelper(2, 6);
        helper->SetAttribute("Mobility", StringValue(mobility));
        MecTopology t = helper->Build();
        Run run;
        run.streams = helper->AssignStreams(t, 10);
        for (uint32_t i = 0; i < 6; ++i)
        {
            run.start.push_back(t.devices.Get(i)->GetObject<MobilityModel>()->GetPosition());
        }
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        for (uint32_t i = 0; i < 6; ++i)
        {
            run.end.push_back(t.devices.Get(i)->GetObject<MobilityModel>()->GetPosition());
        }
        Cleanup();
        return run;
    }

    void DoRun() override
    {
        for (const std::string mobility : {"static", "random-walk"})
        {
            Run a = Once(mobility);
            Run b = Once(mobility);
            NS_TEST_ASSERT_MSG_GT(a.streams, 0, "streams used");
            NS_TEST_ASSERT_MSG_EQ(a.streams, b.streams, "same number of streams");
            for (uint32_t i = 0; i < 6; ++i)
            {
                double apX = (i % 2) * 1000.0;
                NS_TEST_ASSERT_MSG_EQ(a.start[i], b.start[i], mobility << " start " << i);
                NS_TEST_ASSERT_MSG_EQ(a.end[i], b.end[i], mobility << " at 5 s " << i);
                double r = std::hypot(a.start[i].x - apX, a.start[i].y);
                NS_TEST_ASSERT_MSG_LT_OR_EQ(r, 10 + 1e-9, "within Radius of its AP");
                NS_TEST_ASSERT_MSG_LT_OR_EQ(std::abs(a.end[i].x - apX), 10 + 1e-9, "in the square");
                NS_TEST_ASSERT_MSG_LT_OR_EQ(std::abs(a.end[i].y), 10 + 1e-9, "in the square");
            }
            if (mobility == "random-walk")
            {
                NS_TEST_ASSERT_MSG_EQ((a.start[0] == a.end[0]), false, "walking");
            }
        }
    }
};

/**
 * \ingroup r3d-tests
 * Bad attribute values raise std::invalid_argument naming the attribute and
 * the value, before anything is built.
 */
class BadAttributesTestCase : public TestCase
{
  public:
    BadAttributesTestCase()
        : TestCase("bad attribute values: documented errors, nothing built")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, std::string>> cases{
            {"EndDevice", "no-such-device"},
            {"EdgeDevice", "no-such-device"},
            {"WifiStandard", "802.11b"},
            {"NEdges", "0"},
            {"Mobility", "teleport"},
            {"WifiManager", "ns3::NoSuchManager"},
            {"Allocator", "no-such-allocator"},
            {"LoadingPowerFraction", "1.5"}};
        for (const auto& [attribute, value] : cases)
        {
            Ptr<MecTopologyHelper> helper = CreateObject<MecTopologyHelper>();
            helper->SetAttribute(attribute, StringValue(value));
            std::string message;
            try
            {
                helper->Build();
            }
            catch (const std::invalid_argument& e)
            {
                message = e.what();
            }
            NS_TEST_ASSERT_MSG_NE(message.find("attribute " + attribute + " = '" + value + "'"),
                                  std::string::npos,
                                  "error for " << attribute << " names it: '" << message << "'");
            NS_TEST_ASSERT_MSG_EQ(NodeList::GetNNodes(), 0, "nothing built for " << attribute);
        }
        // The catalog names the known devices.
        Ptr<MecTopologyHelper> helper = CreateObject<MecTopologyHelper>();
        helper->SetAttribute("CloudDevice", StringValue("v200"));
        std::string message;
        try
        {
            helper->Build();
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(message.find("v100"), std::string::npos, "lists the catalog");

        // Fault scheduling checks its indices.
        MecTopology t = MakeHelper(2, 2)->Build();
        bool outOfRange = false;
        try
        {
            helper->ScheduleNodeDown(t, 5, Seconds(1));
        }
        catch (const std::out_of_range&)
        {
            outOfRange = true;
        }
        NS_TEST_ASSERT_MSG_EQ(outOfRange, true, "node index 5 of 5 nodes");
        outOfRange = false;
        try
        {
            helper->ScheduleWanDown(t, 2, Seconds(1));
        }
        catch (const std::out_of_range&)
        {
            outOfRange = true;
        }
        NS_TEST_ASSERT_MSG_EQ(outOfRange, true, "edge 2 of 2 edges");
        // A second topology in the same simulation: the names are taken.
        message.clear();
        try
        {
            MakeHelper(2, 2)->Build();
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(message.find("RegisterNames"), std::string::npos, "names taken");
        Cleanup();
    }
};

/**
 * \ingroup r3d-tests
 * The end-edge-cloud topology.
 */
class MecTopologyTestSuite : public TestSuite
{
  public:
    MecTopologyTestSuite()
        : TestSuite("r3d-mec-topology", UNIT)
    {
        AddTestCase(new TopologyStructureTestCase, TestCase::QUICK);
        AddTestCase(new WanDownTestCase, TestCase::QUICK);
        AddTestCase(new NodeDownTestCase, TestCase::QUICK);
        AddTestCase(new WifiSignalTestCase, TestCase::QUICK);
        AddTestCase(new LinkUpTestCase, TestCase::QUICK);
        AddTestCase(new WifiStandardsTestCase, TestCase::QUICK);
        AddTestCase(new RadioEnergyTestCase, TestCase::QUICK);
        AddTestCase(new RadioEnergyAwayTestCase, TestCase::QUICK);
        AddTestCase(new WiredEnergyTestCase, TestCase::QUICK);
        AddTestCase(new LoadingEnergyTestCase, TestCase::QUICK);
        AddTestCase(new AssignStreamsTestCase, TestCase::QUICK);
        AddTestCase(new BadAttributesTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static MecTopologyTestSuite g_mecTopologyTestSuite;
