/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-mec-minimal: the r3d applications on a topology you build yourself,
// without MecTopologyHelper.
//
//   device --- 100 Mb/s, 1 ms --- edge --- 1 Gb/s, 10 ms --- cloud
//
// The device sends ResNet-50 requests; the edge-only policy deploys the model
// on the edge; the cloud holds every model's weights.

#include "ns3/core-module.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/internet-module.h"
#include "ns3/mec-application-helpers.h"
#include "ns3/mec-request-tracker-helper.h"
#include "ns3/mec-results.h"
#include "ns3/mec-server.h"
#include "ns3/network-module.h"
#include "ns3/option-values.h"
#include "ns3/point-to-point-module.h"
#include "ns3/program-support.h"

#include <cmath>
#include <iostream>
#include <stdexcept>
#include <string>

using namespace ns3;

namespace
{

int
Run(int argc, char* argv[])
{
    double simTime = 5;
    double rate = 5;
    std::string policy = "edge-only";
    CommandLine cmd(__FILE__);
    r3d::AddValue(cmd, "simTime", "simulated seconds", simTime);
    r3d::AddValue(cmd, "rate", "ResNet-50 requests per second", rate);
    r3d::AddValue(cmd, "policy", "deployment policy", policy);
    cmd.Parse(argc, argv);
    // --rate sets each client's Rate below: a --ns3:: default would be lost.
    r3d::RefuseOwnedAttributeDefaults({{"ns3::InferenceClient", "Rate", "--rate"}});
    if (!(simTime > 0) || simTime > r3d::kMaxOptionSeconds)
    {
        throw std::invalid_argument("--simTime must be positive and at most 1e9 s (got " +
                                    std::to_string(simTime) + ")");
    }
    if (!(rate >= 0) || !std::isfinite(rate))
    {
        throw std::invalid_argument("--rate must be a finite number, 0 or more (got " +
                                    std::to_string(rate) + ")");
    }

    // 1. Nodes and links: any ns-3 topology works.
    NodeContainer nodes(3); // node index order: 0 device, 1 edge, 2 cloud
    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    access.SetChannelAttribute("Delay", StringValue("1ms"));
    PointToPointHelper wan;
    wan.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    wan.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer a = access.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer w = wan.Install(nodes.Get(1), nodes.Get(2));
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper ip("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer ia = ip.Assign(a);
    ip.SetBase("10.2.0.0", "255.255.255.0");
    Ipv4InterfaceContainer iw = ip.Assign(w);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // 2. An inference engine per node, with its device from the catalog.
    const char* device[] = {"jetson-nano", "jetson-agx-xavier", "v100"};
    for (uint32_t i = 0; i < 3; ++i)
    {
        InferenceEngineHelper engines;
        engines.SetDevice(device[i]);
        engines.Install(nodes.Get(i));
    }

    // 3. The applications: servers everywhere, a client on the device, the
    //    controller on the edge; the tracker, connected to the applications'
    //    trace sources, records every request's outcome.
    const std::string models = "resnet50:100";
    MecRequestTrackerHelper trackerHelper;
    Ipv4Address edgeAddress = ia.GetAddress(1);
    Ipv4Address cloudAddress = iw.GetAddress(1);
    MecServerHelper servers(models);
    servers.SetAttribute("ControllerAddress", Ipv4AddressValue(edgeAddress));
    servers.SetAttribute("CloudAddress", Ipv4AddressValue(cloudAddress));
    ApplicationContainer serverApps = servers.Install(nodes);
    trackerHelper.Install(serverApps);
    serverApps.Get(2)->SetAttribute("HoldsAllWeights", BooleanValue(true));

    InferenceClientHelper clients(models);
    clients.SetAttribute("ControllerAddress", Ipv4AddressValue(edgeAddress));
    clients.SetAttribute("Rate", DoubleValue(rate));
    ApplicationContainer clientApps = clients.Install(NodeContainer(nodes.Get(0)), {0});
    Ptr<MecRequestTracker> tracker = trackerHelper.Install(clientApps);
    clientApps.Start(MilliSeconds(1));

    std::vector<MecNodeInfo> inventory(3);
    const Ipv4Address address[] = {ia.GetAddress(0), edgeAddress, cloudAddress};
    const Tier tier[] = {Tier::END, Tier::EDGE, Tier::CLOUD};
    for (uint32_t i = 0; i < 3; ++i)
    {
        inventory[i].index = i;
        inventory[i].nodeId = nodes.Get(i)->GetId();
        inventory[i].name = std::string(TierToString(tier[i]));
        inventory[i].tier = tier[i];
        inventory[i].device = device[i];
        inventory[i].site = tier[i] == Tier::CLOUD ? -1 : 0;
        inventory[i].address = address[i];
        // Memory for models as the server resolved it (ModelMemory, its precision).
        Ptr<MecServer> server = DynamicCast<MecServer>(serverApps.Get(i));
        inventory[i].memoryCapacity = server->GetModelMemory();
        inventory[i].memoryPerWeightByte = server->GetMemoryPerWeightByte();
    }
    DeploymentControllerHelper controller(models);
    controller.SetPolicy(policy);
    controller.Install(nodes.Get(1), inventory, {0}, serverApps);

    Simulator::Stop(Seconds(simTime));
    Simulator::Run();

    // 4. Results.
    std::vector<MecNodeResult> perNode(3);
    for (uint32_t i = 0; i < 3; ++i)
    {
        perNode[i].name = inventory[i].name;
        perNode[i].tier = tier[i];
        perNode[i].device = device[i];
        perNode[i].energyMeasured = false; // this topology installs no energy model
    }
    MecResults results(tracker, {"resnet50"}, perNode);
    results.PrintSummary(std::cout);
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-mec-minimal", Run, argc, argv);
}
