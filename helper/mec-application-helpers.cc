/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-application-helpers.h"

#include "mec-request-tracker-helper.h"
#include "type-id-aliases.h"

#include "ns3/boolean.h"
#include "ns3/compute-energy-model.h"
#include "ns3/deployment-controller.h"
#include "ns3/device-catalog.h"
#include "ns3/inference-client.h"
#include "ns3/inference-engine.h"
#include "ns3/ipv4-address.h"
#include "ns3/mec-server.h"
#include "ns3/model-loading-energy-model.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <limits>
#include <stdexcept>

namespace ns3
{

namespace
{

/// AssignStreams of every application of type T in \p apps, in order;
/// returns the streams used.
template <typename T>
int64_t
AssignStreamsOf(ApplicationContainer apps, int64_t stream)
{
    int64_t used = 0;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        if (auto app = DynamicCast<T>(*it))
        {
            used += app->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace

MecServerHelper::MecServerHelper(const std::string& models)
{
    m_factory.SetTypeId(MecServer::GetTypeId());
    m_factory.Set("Models", StringValue(models));
}

void
MecServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
MecServerHelper::Install(NodeContainer nodes, uint32_t firstIndex) const
{
    ApplicationContainer apps;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<MecServer> server = m_factory.Create<MecServer>();
        server->SetAttribute("NodeIndex", UintegerValue(firstIndex + i));
        nodes.Get(i)->AddApplication(server);
        apps.Add(server);
    }
    return apps;
}

InferenceClientHelper::InferenceClientHelper(const std::string& models)
{
    m_factory.SetTypeId(InferenceClient::GetTypeId());
    m_factory.Set("Models", StringValue(models));
}

void
InferenceClientHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
InferenceClientHelper::Install(NodeContainer nodes, const std::vector<uint32_t>& nodeIndex) const
{
    if (nodeIndex.size() != nodes.GetN())
    {
        throw std::invalid_argument(
            "InferenceClientHelper::Install: " + std::to_string(nodes.GetN()) + " nodes but " +
            std::to_string(nodeIndex.size()) + " node indices");
    }
    ApplicationContainer apps;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<InferenceClient> client = m_factory.Create<InferenceClient>();
        client->SetAttribute("NodeIndex", UintegerValue(nodeIndex[i]));
        client->SetAttribute("OriginIndex", UintegerValue(i));
        nodes.Get(i)->AddApplication(client);
        apps.Add(client);
    }
    return apps;
}

int64_t
MecServerHelper::AssignStreams(ApplicationContainer servers, int64_t stream)
{
    return AssignStreamsOf<MecServer>(servers, stream);
}

int64_t
InferenceClientHelper::AssignStreams(ApplicationContainer clients, int64_t stream)
{
    const int64_t used = AssignStreamsOf<InferenceClient>(clients, stream);
    // One stream per popularity group, after the clients' own.
    uint32_t groups = 0;
    for (auto it = clients.Begin(); it != clients.End(); ++it)
    {
        if (auto client = DynamicCast<InferenceClient>(*it))
        {
            client->SetPopularityStream(stream + used + client->GetPopularityGroup());
            groups = std::max(groups, client->GetPopularityGroup() + 1);
        }
    }
    return used + groups;
}

DeploymentControllerHelper::DeploymentControllerHelper(const std::string& models)
{
    m_factory.SetTypeId(DeploymentController::GetTypeId());
    m_factory.Set("Models", StringValue(models));
    m_policy = ResolvePolicy("greedy");
}

void
DeploymentControllerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

namespace
{

/// Short policy names. A new policy is added here (and nowhere else) to get
/// a short name; its TypeId name works without one.
const TypeIdAliases&
PolicyAliases()
{
    static const TypeIdAliases aliases(DeploymentPolicy::GetTypeId(),
                                       "deployment policy",
                                       {
                                           {"local-only", "ns3::TierPolicy", {{"Tier", "end"}}},
                                           {"edge-only", "ns3::TierPolicy", {{"Tier", "edge"}}},
                                           {"cloud-only", "ns3::TierPolicy", {{"Tier", "cloud"}}},
                                           {"lru", "ns3::CachePolicy", {{"Eviction", "lru"}}},
                                           {"lfu", "ns3::CachePolicy", {{"Eviction", "lfu"}}},
                                           {"random", "ns3::RandomPolicy", {}},
                                           {"greedy", "ns3::GreedyPolicy", {}},
                                           {"static", "ns3::StaticPolicy", {}},
                                           {"r3d", "ns3::R3dPolicy", {}},
                                           {"oracle", "ns3::OraclePolicy", {}},
                                       });
    return aliases;
}

} // namespace

ObjectFactory
DeploymentControllerHelper::ResolvePolicy(const std::string& type)
{
    return PolicyAliases().Resolve(type);
}

Ptr<DeploymentPolicy>
DeploymentControllerHelper::CreatePolicy(const std::string& type)
{
    return ResolvePolicy(type).Create<DeploymentPolicy>();
}

std::string
DeploymentControllerHelper::GetPolicyNames()
{
    return PolicyAliases().GetNames();
}

void
DeploymentControllerHelper::SetPolicyAttribute(const std::string& name, const AttributeValue& value)
{
    m_policy.Set(name, value);
}

ApplicationContainer
DeploymentControllerHelper::Install(Ptr<Node> node,
                                    const std::vector<MecNodeInfo>& inventory,
                                    const std::vector<uint32_t>& originNodes,
                                    ApplicationContainer servers) const
{
    Ptr<DeploymentController> controller = m_factory.Create<DeploymentController>();
    controller->SetAttribute("Policy", PointerValue(m_policy.Create<DeploymentPolicy>()));
    controller->SetInventory(inventory);
    controller->SetOrigins(originNodes);
    std::vector<Ptr<MecServer>> byIndex;
    for (auto it = servers.Begin(); it != servers.End(); ++it)
    {
        byIndex.push_back(DynamicCast<MecServer>(*it));
    }
    controller->SetPreDeployHook([byIndex](uint32_t node, uint32_t model) {
        return node < byIndex.size() && byIndex[node] && byIndex[node]->PreDeploy(model);
    });
    node->AddApplication(controller);
    return ApplicationContainer(controller);
}

MecApplicationHelper::MecApplicationHelper(const std::string& models)
    : m_models(models),
      m_servers(models),
      m_clients(models),
      m_controller(models),
      m_controllerNode(std::numeric_limits<uint32_t>::max())
{
}

MecServerHelper&
MecApplicationHelper::Servers()
{
    return m_servers;
}

InferenceClientHelper&
MecApplicationHelper::Clients()
{
    return m_clients;
}

DeploymentControllerHelper&
MecApplicationHelper::Controller()
{
    return m_controller;
}

void
MecApplicationHelper::SetControllerNode(uint32_t nodeIndex)
{
    m_controllerNode = nodeIndex;
}

void
MecApplicationHelper::SetCatalogFiles(const std::string& devicesFile, const std::string& modelsFile)
{
    m_devicesFile = devicesFile;
    m_modelsFile = modelsFile;
}

void
MecApplicationHelper::SetServerAttribute(Tier tier,
                                         const std::string& name,
                                         const AttributeValue& value)
{
    m_tierServerAttributes.emplace_back(tier, name, value.Copy());
}

MecApplications
MecApplicationHelper::Install(MecTopology& t)
{
    const uint32_t n = t.servers.GetN();
    MecApplications apps;
    MecRequestTrackerHelper trackerHelper;
    apps.tracker = trackerHelper.GetTracker();
    apps.controllerNode = m_controllerNode == std::numeric_limits<uint32_t>::max()
                              ? t.EdgeIndex(0)
                              : m_controllerNode;
    if (apps.controllerNode >= n)
    {
        throw std::invalid_argument("MecApplicationHelper: controller node index " +
                                    std::to_string(apps.controllerNode) + " out of range (" +
                                    std::to_string(n) + " nodes)");
    }
    Ipv4Address controllerAddress = t.serviceAddress[apps.controllerNode];
    Ipv4Address cloudAddress = t.serviceAddress[t.CloudIndex()];

    MecServerHelper servers = m_servers;
    servers.SetAttribute("ControllerAddress", Ipv4AddressValue(controllerAddress));
    servers.SetAttribute("CloudAddress", Ipv4AddressValue(cloudAddress));
    servers.SetAttribute("ModelsFile", StringValue(m_modelsFile));
    apps.servers = servers.Install(t.servers, 0);
    trackerHelper.Install(apps.servers);
    DynamicCast<MecServer>(apps.servers.Get(t.CloudIndex()))
        ->SetAttribute("HoldsAllWeights", BooleanValue(true));
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<MecServer> server = DynamicCast<MecServer>(apps.servers.Get(i));
        server->SetLoadingEnergyModel(t.GetLoadingEnergy(i));
        for (const auto& [tier, name, value] : m_tierServerAttributes)
        {
            if (t.tier[i] == tier)
            {
                server->SetAttribute(name, *value);
            }
        }
    }

    InferenceClientHelper clients = m_clients;
    clients.SetAttribute("ControllerAddress", Ipv4AddressValue(controllerAddress));
    clients.SetAttribute("ModelsFile", StringValue(m_modelsFile));
    std::vector<uint32_t> deviceIndex;
    for (uint32_t i = 0; i < t.GetNDevices(); ++i)
    {
        deviceIndex.push_back(i); // devices come first in the node index order
    }
    apps.clients = clients.Install(t.devices, deviceIndex);
    trackerHelper.Install(apps.clients);
    // Clients start after the servers have their listening sockets.
    apps.clients.Start(MilliSeconds(1));

    Ptr<DeviceCatalog> devices = DeviceCatalog::LoadCached(
        m_devicesFile.empty() ? DeviceCatalog::GetDefaultPath() : m_devicesFile);
    std::vector<MecNodeInfo> inventory;
    for (uint32_t i = 0; i < n; ++i)
    {
        MecNodeInfo info;
        info.index = i;
        info.nodeId = t.servers.Get(i)->GetId();
        info.name = t.names[i];
        info.tier = t.tier[i];
        info.device = t.deviceName[i];
        // The engine's runtime (its device copy's default), so that the
        // controller estimates compute times as the engine will run them.
        info.runtime = t.engines.Get(i)->GetDevice().defaultRuntime;
        info.site = t.siteOf[i] == MecTopology::NO_SITE ? -1 : static_cast<int32_t>(t.siteOf[i]);
        info.address = t.serviceAddress[i];
        Ptr<MecServer> server = DynamicCast<MecServer>(apps.servers.Get(i));
        info.memoryCapacity = server->GetModelMemory();
        info.memoryPerWeightByte = server->GetMemoryPerWeightByte();
        info.dynamicPower =
            devices->Get(t.deviceName[i]).maxPower - devices->Get(t.deviceName[i]).idlePower;
        inventory.push_back(info);
    }
    DeploymentControllerHelper controller = m_controller;
    controller.SetAttribute("ModelsFile", StringValue(m_modelsFile));
    controller.SetAttribute("DevicesFile", StringValue(m_devicesFile));
    apps.controller = controller.Install(t.servers.Get(apps.controllerNode),
                                         inventory,
                                         deviceIndex,
                                         apps.servers);
    std::vector<std::vector<uint32_t>> siteHops(t.GetNEdges(),
                                                std::vector<uint32_t>(t.GetNEdges(), 0));
    for (uint32_t a = 0; a < t.GetNEdges(); ++a)
    {
        for (uint32_t b = 0; b < t.GetNEdges(); ++b)
        {
            siteHops[a][b] = t.EdgeHops(a, b);
        }
    }
    DynamicCast<DeploymentController>(apps.controller.Get(0))->SetSiteHops(siteHops);

    MecTopology copy = t; // its fault state is shared with t
    apps.tracker->SetFailureClassifier(
        MecRequestTracker::FailureClassifier([copy](uint32_t origin, uint32_t host, Time since) {
            if (copy.WasNodeDown(host, since))
            {
                return MecDropReason::NODE_DOWN;
            }
            if (copy.PathCrossesDownLink(origin, host, since))
            {
                return MecDropReason::LINK_DOWN;
            }
            return MecDropReason::TIMEOUT;
        }));
    return apps;
}

int64_t
MecApplicationHelper::AssignStreams(MecApplications& apps, int64_t stream)
{
    int64_t used = InferenceClientHelper::AssignStreams(apps.clients, stream);
    auto controller = DynamicCast<DeploymentController>(apps.controller.Get(0));
    used += controller->GetPolicy()->AssignStreams(stream + used);
    used += MecServerHelper::AssignStreams(apps.servers, stream + used);
    return used;
}

void
MecApplicationHelper::ScheduleNodeDown(Ptr<MecTopologyHelper> topologyHelper,
                                       MecTopology& topology,
                                       MecApplications& apps,
                                       uint32_t nodeIndex,
                                       Time at)
{
    topologyHelper->ScheduleNodeDown(topology, nodeIndex, at);
    Ptr<MecServer> server = DynamicCast<MecServer>(apps.servers.Get(nodeIndex));
    Simulator::Schedule(at - Simulator::Now(), &MecServer::Fail, server);
    if (nodeIndex == apps.controllerNode)
    {
        // The controller's process goes down with its node.
        ScheduleControllerDown(apps, at);
    }
}

void
MecApplicationHelper::ScheduleControllerDown(MecApplications& apps, Time at)
{
    auto controller = DynamicCast<DeploymentController>(apps.controller.Get(0));
    Simulator::Schedule(at - Simulator::Now(), &DeploymentController::Fail, controller);
}

void
MecApplicationHelper::ScheduleControllerUp(MecApplications& apps, Time at)
{
    auto controller = DynamicCast<DeploymentController>(apps.controller.Get(0));
    Simulator::Schedule(at - Simulator::Now(), &DeploymentController::Recover, controller);
}

void
MecApplicationHelper::ScheduleFaults(Ptr<MecTopologyHelper> topologyHelper,
                                     MecTopology& topology,
                                     MecApplications& apps,
                                     const std::vector<MecFaultEvent>& events,
                                     const std::string& path)
{
    for (const MecFaultEvent& e : events)
    {
        const Time at = Seconds(e.time);
        const std::string where = path + ":" + std::to_string(e.line) + ": ";
        if (at < Simulator::Now())
        {
            throw std::invalid_argument(where + "field 'time_s': " + std::to_string(e.time) +
                                        " s is in the past");
        }
        if (e.isController)
        {
            if (e.action == MecFaultEvent::DOWN)
            {
                ScheduleControllerDown(apps, at);
            }
            else
            {
                ScheduleControllerUp(apps, at);
            }
            continue;
        }
        if (e.isNode)
        {
            switch (e.action)
            {
            case MecFaultEvent::DOWN:
                ScheduleNodeDown(topologyHelper, topology, apps, e.nodeIndex, at);
                break;
            case MecFaultEvent::UP:
                ScheduleNodeUp(topologyHelper, topology, apps, e.nodeIndex, at);
                break;
            case MecFaultEvent::AWAY:
                topologyHelper->ScheduleDeviceAway(topology, e.nodeIndex, at);
                break;
            case MecFaultEvent::BACK:
                topologyHelper->ScheduleDeviceBack(topology, e.nodeIndex, at);
                break;
            case MecFaultEvent::LOSS:
                break; // refused by ReadFaultsFile
            }
            continue;
        }
        uint32_t link = 0;
        try
        {
            link = topology.LinkByName(e.target);
        }
        catch (const std::invalid_argument& error)
        {
            throw std::invalid_argument(where + "field 'target': " + error.what());
        }
        switch (e.action)
        {
        case MecFaultEvent::DOWN:
            topologyHelper->ScheduleLinkDown(topology, link, at);
            break;
        case MecFaultEvent::UP:
            topologyHelper->ScheduleLinkUp(topology, link, at);
            break;
        case MecFaultEvent::LOSS:
            topologyHelper->ScheduleLinkLoss(topology, link, e.lossRate, at);
            break;
        case MecFaultEvent::AWAY:
        case MecFaultEvent::BACK:
            break; // refused by ReadFaultsFile
        }
    }
}

void
MecApplicationHelper::ScheduleNodeUp(Ptr<MecTopologyHelper> topologyHelper,
                                     MecTopology& topology,
                                     MecApplications& apps,
                                     uint32_t nodeIndex,
                                     Time at)
{
    // The interfaces first (scheduled first, same time), so that the server
    // reconnects over a live node.
    topologyHelper->ScheduleNodeUp(topology, nodeIndex, at);
    if (nodeIndex == apps.controllerNode)
    {
        // Before the server, so that its connection finds the listener.
        ScheduleControllerUp(apps, at);
    }
    Ptr<MecServer> server = DynamicCast<MecServer>(apps.servers.Get(nodeIndex));
    Simulator::Schedule(at - Simulator::Now(), &MecServer::Recover, server);
}

std::vector<MecNodeResult>
MecApplicationHelper::CollectNodeResults(const MecTopology& t, const MecApplications& apps)
{
    std::vector<MecNodeResult> nodes;
    for (uint32_t i = 0; i < t.servers.GetN(); ++i)
    {
        MecNodeResult r;
        r.name = t.names[i];
        r.tier = t.tier[i];
        r.device = t.deviceName[i];
        Ptr<InferenceEngine> engine = t.engines.Get(i);
        r.runtime = engine->GetDevice().defaultRuntime;
        r.computeUtilization = engine->GetMeanComputeUtilization();
        r.bandwidthUtilization = engine->GetMeanBandwidthUtilization();
        r.energy = t.GetNodeEnergy(i);
        Ptr<MecServer> server = DynamicCast<MecServer>(apps.servers.Get(i));
        r.loads = server->GetLoads();
        r.evictions = server->GetEvictions();
        r.migrations = server->GetMigrations();
        r.bytesMoved = server->GetBytesFetched();
        r.precision = PrecisionToString(server->GetPrecision());
        r.modelMemory = server->GetModelMemory();
        nodes.push_back(r);
    }
    return nodes;
}

} // namespace ns3
