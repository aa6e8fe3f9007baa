/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-controller.h"

#include "inference-workload.h"
#include "mec-payloads.h"

#include "ns3/boolean.h"
#include "ns3/device-catalog.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/model-catalog.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/roofline-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeploymentController");

NS_OBJECT_ENSURE_REGISTERED(DeploymentController);

namespace
{
/// Whether routing tables list a node: a device that holds no model is left
/// out (no request can go there; listing it would make the tables grow as
/// devices x devices).
bool
IsRoutable(Tier tier, const std::vector<ModelState>& states)
{
    return tier != Tier::END || std::any_of(states.begin(), states.end(), [](ModelState state) {
               return state != ModelState::ABSENT;
           });
}
} // namespace

TypeId
DeploymentController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DeploymentController")
            .SetParent<Application>()
            .SetGroupName("R3d")
            .AddConstructor<DeploymentController>()
            .AddAttribute("Port",
                          "TCP port for reports.",
                          UintegerValue(9100),
                          MakeUintegerAccessor(&DeploymentController::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("ControlInterval",
                          "Time between two decisions.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&DeploymentController::m_interval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Policy",
                          "The deployment policy (null: a GreedyPolicy).",
                          PointerValue(),
                          MakePointerAccessor(&DeploymentController::m_policy),
                          MakePointerChecker<DeploymentPolicy>())
            .AddAttribute("Models",
                          "The scenario's models, \"name[:deadlineMs],...\" (deadline 100 ms "
                          "when not given).",
                          StringValue(""),
                          MakeStringAccessor(&DeploymentController::m_modelList),
                          MakeStringChecker())
            .AddAttribute("ModelsFile",
                          "Model catalog (empty: the module's data/models.json).",
                          StringValue(""),
                          MakeStringAccessor(&DeploymentController::m_modelsFile),
                          MakeStringChecker())
            .AddAttribute("DevicesFile",
                          "Device catalog (empty: the module's data/devices.json).",
                          StringValue(""),
                          MakeStringAccessor(&DeploymentController::m_devicesFile),
                          MakeStringChecker())
            .AddAttribute("DefaultPathRate",
                          "Goodput assumed for a client-host path never measured, bit/s.",
                          DoubleValue(100e6),
                          MakeDoubleAccessor(&DeploymentController::m_defaultRate),
                          MakeDoubleChecker<double>(1))
            .AddAttribute("DefaultPathRtt",
                          "Round trip assumed for a client-host path never measured.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&DeploymentController::m_defaultRtt),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("WifiGoodputShare",
                          "Before a path is measured, its goodput is taken as this share "
                          "of the Wi-Fi data rate the client reported (0: DefaultPathRate "
                          "always). TCP over 802.11n/ac/ax with aggregation carries about "
                          "half to two thirds of the PHY rate.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&DeploymentController::m_wifiShare),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("PriorHopRtt",
                          "Before a path is measured, each hop of it (device-edge, "
                          "edge-edge) adds this much round trip.",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&DeploymentController::m_hopRtt),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PriorWanRtt",
                          "Before a path is measured, a path to or from the cloud adds "
                          "this much round trip (twice the WAN's one-way delay).",
                          TimeValue(MilliSeconds(40)),
                          MakeTimeAccessor(&DeploymentController::m_wanRtt),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("EncodedRequests",
                          "Whether the clients send encoded inputs (InferenceClient's "
                          "EncodedRequests): the request sizes the controller's estimates use.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DeploymentController::m_encodedRequests),
                          MakeBooleanChecker())
            .AddAttribute("StaleAfter",
                          "A server whose last report is older than this is left out of "
                          "routing (it may be down).",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&DeploymentController::m_staleAfter),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RoutingHostsPerModel",
                          "How many hosts a client's routing table lists per model and state "
                          "(READY, LOADING): the ones with the lowest estimated completion time "
                          "from that client (MecView::CompletionTime); a host listed for one "
                          "model carries its states for all, and a host that holds nothing "
                          "is not listed. 0 lists every routable host (the edges and the cloud "
                          "whatever they hold, the devices that hold a model), which makes the "
                          "tables grow with the number of edges.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&DeploymentController::m_hostsPerModel),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("PreDeploy",
                          "Put the policy's initial deployment in place at start without "
                          "transfers (a system already running); otherwise it is sent as "
                          "commands once the servers have connected.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DeploymentController::m_preDeploy),
                          MakeBooleanChecker())
            .AddTraceSource("Decision",
                            "A decision: the view the policy saw and the actions applied.",
                            MakeTraceSourceAccessor(&DeploymentController::m_decisionTrace),
                            "ns3::DeploymentController::DecisionTracedCallback");
    return tid;
}

DeploymentController::DeploymentController() = default;

DeploymentController::~DeploymentController() = default;

void
DeploymentController::DoDispose()
{
    m_policy = nullptr;
    m_listener = nullptr;
    m_accepted.clear();
    m_servers.clear();
    m_clients.clear();
    m_preDeployHook = nullptr;
    Application::DoDispose();
}

void
DeploymentController::SetInventory(const std::vector<MecNodeInfo>& nodes)
{
    m_view.nodes = nodes;
    for (uint32_t i = 0; i < nodes.size(); ++i)
    {
        NS_ABORT_MSG_IF(nodes[i].index != i,
                        "DeploymentController: inventory entry " << i << " has index "
                                                                 << nodes[i].index);
    }
    m_viewReady = false;
}

void
DeploymentController::SetOrigins(const std::vector<uint32_t>& originNodes)
{
    m_originNodes = originNodes;
    m_viewReady = false;
}

void
DeploymentController::SetSiteHops(const std::vector<std::vector<uint32_t>>& hops)
{
    m_siteHops = hops;
    m_viewReady = false;
}

void
DeploymentController::SetPreDeployHook(PreDeployHook hook)
{
    m_preDeployHook = hook;
}

Ptr<DeploymentPolicy>
DeploymentController::GetPolicy() const
{
    return m_policy;
}

const MecView&
DeploymentController::GetView() const
{
    return m_view;
}

uint64_t
DeploymentController::GetDecisions() const
{
    return m_decisions;
}

uint64_t
DeploymentController::GetCommandsSent() const
{
    return m_commands;
}

uint64_t
DeploymentController::GetActionsSkipped() const
{
    return m_skipped;
}

void
DeploymentController::EnsureView()
{
    if (m_viewReady)
    {
        return;
    }
    NS_ABORT_MSG_IF(m_view.nodes.empty(), "DeploymentController: SetInventory was not called");
    auto workload = InferenceWorkload::ParseModels(m_modelList, MilliSeconds(100));
    Ptr<ModelCatalog> models = ModelCatalog::LoadCached(
        m_modelsFile.empty() ? ModelCatalog::GetDefaultPath() : m_modelsFile);
    Ptr<DeviceCatalog> devices = DeviceCatalog::LoadCached(
        m_devicesFile.empty() ? DeviceCatalog::GetDefaultPath() : m_devicesFile);
    const uint32_t n = m_view.nodes.size();
    const uint32_t m = workload.size();
    m_view.models.clear();
    m_view.weightBytes.clear();
    m_view.inputBytes.clear();
    m_view.resultBytes.clear();
    m_view.deadline.clear();
    for (const auto& w : workload)
    {
        const DnnModel& model = models->Get(w.name);
        m_view.models.push_back(w.name);
        m_view.weightBytes.push_back(model.GetWeightBytes());
        m_view.inputBytes.push_back(model.GetRequestBytes(m_encodedRequests));
        m_view.resultBytes.push_back(model.resultBytes);
        m_view.deadline.push_back(w.deadline.GetSeconds());
    }
    m_view.computeTime.assign(n, std::vector<double>(m, 0));
    for (uint32_t i = 0; i < n; ++i)
    {
        // Under the node's engine's runtime (InferenceEngine::Runtime), and
        // with MecServer's "auto" precision rule on that runtime's precisions.
        const std::string& runtime = m_view.nodes[i].runtime;
        const DeviceProfile& catalogDevice = devices->Get(m_view.nodes[i].device);
        DeviceProfile device = runtime.empty() ? catalogDevice : catalogDevice.WithRuntime(runtime);
        Precision p = device.SupportsPrecision(Precision::FP16) ? Precision::FP16 : Precision::FP32;
        RooflineModel roofline(device, p);
        for (uint32_t j = 0; j < m; ++j)
        {
            m_view.computeTime[i][j] =
                roofline.EstimateModel(models->Get(workload[j].name)).latency;
        }
    }
    m_view.status.assign(n, MecNodeStatus());
    for (uint32_t i = 0; i < n; ++i)
    {
        m_view.status[i].models.assign(m, ModelState::ABSENT);
        m_view.status[i].serveRate.assign(m, 0);
        m_view.status[i].freeMemory = m_view.nodes[i].memoryCapacity;
    }
    m_view.origins = m_originNodes;
    m_view.demand.assign(m_originNodes.size(), std::vector<double>(m, 0));
    m_view.recentRequests.assign(m_originNodes.size(), std::vector<double>(m, 0));
    m_view.links.assign(m_originNodes.size(), MecLinkStatus());
    double nan = std::numeric_limits<double>::quiet_NaN();
    for (auto& link : m_view.links)
    {
        link.goodputMbps.assign(n, nan);
        link.rttMs.assign(n, nan);
    }
    m_view.defaultPathRate = m_defaultRate;
    m_view.defaultPathRtt = m_defaultRtt.GetSeconds();
    m_view.wifiGoodputShare = m_wifiShare;
    // Prior round trips from the inventory: hops, and the WAN to the cloud.
    m_view.pathRttPrior.assign(m_originNodes.size(), std::vector<double>(n, 0));
    for (uint32_t o = 0; o < m_originNodes.size(); ++o)
    {
        for (uint32_t h = 0; h < n; ++h)
        {
            uint32_t from = m_originNodes[o];
            bool wan =
                (m_view.nodes[from].tier == Tier::CLOUD) != (m_view.nodes[h].tier == Tier::CLOUD);
            uint32_t hops = Hops(from, h) - (wan ? 1 : 0);
            m_view.pathRttPrior[o][h] =
                hops * m_hopRtt.GetSeconds() + (wan ? m_wanRtt.GetSeconds() : 0);
        }
    }
    m_viewReady = true;
}

void
DeploymentController::StartApplication()
{
    NS_LOG_FUNCTION(this);
    EnsureView();
    if (!m_policy)
    {
        // No Policy set (DeploymentControllerHelper always sets one):
        // greedy, by TypeId so that the controller depends on the interface.
        m_policy = ObjectFactory("ns3::GreedyPolicy").Create<DeploymentPolicy>();
    }
    m_listener =
        MecConnection::Listen(GetNode(), m_port, MakeCallback(&DeploymentController::Accept, this));
    if (m_preDeploy)
    {
        NS_ABORT_MSG_IF(!m_preDeployHook,
                        "DeploymentController: PreDeploy needs SetPreDeployHook "
                        "(DeploymentControllerHelper sets it)");
        m_view.now = Simulator::Now();
        std::vector<DeploymentAction> applied;
        for (const auto& action : m_policy->Decide(m_view))
        {
            if (Apply(action, true))
            {
                applied.push_back(action);
            }
        }
        ++m_decisions;
        m_decisionTrace(m_view, applied);
    }
    m_event = Simulator::Schedule(m_interval, &DeploymentController::Decide, this);
}

void
DeploymentController::StopApplication()
{
    m_event.Cancel();
    m_rebuildEvent.Cancel();
    if (m_listener)
    {
        m_listener->Close();
    }
}

void
DeploymentController::Fail()
{
    NS_LOG_FUNCTION(this);
    if (m_down)
    {
        return;
    }
    NS_LOG_INFO("DeploymentController: down at " << Simulator::Now().As(Time::S));
    m_down = true;
    m_rebuilding = false;
    m_event.Cancel();
    m_rebuildEvent.Cancel();
    if (m_listener)
    {
        m_listener->Close();
        m_listener = nullptr;
    }
    // A crashed process: the node's stack closes its sockets, the peers see
    // the close and retry their connection every report interval.
    for (auto& c : m_accepted)
    {
        c->Close();
    }
    m_accepted.clear();
    m_servers.clear();
    m_clients.clear();
    m_viewReady = false; // what it knew is lost
}

void
DeploymentController::Recover()
{
    NS_LOG_FUNCTION(this);
    if (!m_down)
    {
        return;
    }
    NS_LOG_INFO("DeploymentController: restarted at " << Simulator::Now().As(Time::S));
    m_down = false;
    EnsureView(); // empty: nothing reported, nothing deployed as far as it knows
    m_listener =
        MecConnection::Listen(GetNode(), m_port, MakeCallback(&DeploymentController::Accept, this));
    // Until the view is rebuilt, routing built from it would send the clients
    // a table with nothing deployed: they keep their last one instead.
    m_rebuilding = true;
    m_rebuildEvent = Simulator::Schedule(m_staleAfter, &DeploymentController::EndRebuild, this);
}

bool
DeploymentController::IsDown() const
{
    return m_down;
}

bool
DeploymentController::IsRebuilding() const
{
    return m_rebuilding;
}

void
DeploymentController::EndRebuild()
{
    if (!m_rebuilding)
    {
        return;
    }
    m_rebuilding = false;
    m_rebuildEvent.Cancel();
    for (auto& s : m_view.status)
    {
        if (!s.reported)
        {
            s.down = true; // silent since the restart: left out until it reports
        }
    }
    Decide(); // routing to every client, and the next decisions
}

void
DeploymentController::Accept(Ptr<MecConnection> connection)
{
    connection->SetReceiveCallback(MakeCallback(&DeploymentController::Receive, this));
    connection->SetStateCallbacks(MakeNullCallback<void, Ptr<MecConnection>>(),
                                  MecConnection::StateCallback([this](Ptr<MecConnection> c) {
                                      for (auto& [index, s] : m_servers)
                                      {
                                          if (s == c)
                                          {
                                              m_view.status[index].down = true;
                                          }
                                      }
                                  }));
    m_accepted.push_back(connection);
}

void
DeploymentController::Receive(Ptr<MecConnection> connection, const MecMessage& message)
{
    switch (message.type)
    {
    case MecMessageType::SERVER_REPORT:
        OnServerReport(connection, message);
        break;
    case MecMessageType::CLIENT_REPORT:
        OnClientReport(connection, message);
        break;
    default:
        NS_LOG_WARN("DeploymentController: unexpected " << MecMessageTypeToString(message.type));
    }
}

void
DeploymentController::OnServerReport(Ptr<MecConnection> connection, const MecMessage& message)
{
    const uint32_t m = m_view.models.size();
    MecServerReport report;
    std::string error;
    if (message.node >= m_view.nodes.size() || !MecServerReport::Decode(message, m, report, error))
    {
        NS_LOG_WARN("DeploymentController: malformed server report from node "
                    << message.node
                    << " rejected: " << (error.empty() ? "unknown node index" : error));
        return;
    }
    m_servers[message.node] = connection;
    MecNodeStatus& s = m_view.status[message.node];
    // A first report changes the routing tables only if they list the node.
    bool changed = !s.reported && IsRoutable(m_view.nodes[message.node].tier, report.states);
    s.reported = true;
    s.down = false;
    s.reportTime = message.sent;
    s.queueLength = report.queueLength;
    s.runningJobs = report.runningJobs;
    s.computeUtilization = report.computeUtilization;
    s.bandwidthUtilization = report.bandwidthUtilization;
    s.freeMemory = report.freeMemory;
    for (uint32_t j = 0; j < m; ++j)
    {
        changed = changed || report.states[j] != s.models[j];
        s.models[j] = report.states[j];
        s.serveRate[j] = report.arrivalRates[j];
    }
    if (m_rebuilding)
    {
        if (std::all_of(m_view.status.begin(), m_view.status.end(), [](const MecNodeStatus& x) {
                return x.reported;
            }))
        {
            EndRebuild();
        }
        return;
    }
    if (changed)
    {
        SendRouting();
    }
}

void
DeploymentController::OnClientReport(Ptr<MecConnection> connection, const MecMessage& message)
{
    const uint32_t m = m_view.models.size();
    MecClientReport report;
    std::string error;
    if (message.origin >= m_view.origins.size() ||
        !MecClientReport::Decode(message, m, report, error))
    {
        NS_LOG_WARN("DeploymentController: malformed client report from origin "
                    << message.origin
                    << " rejected: " << (error.empty() ? "unknown origin index" : error));
        return;
    }
    bool first = m_clients.find(message.origin) == m_clients.end();
    m_clients[message.origin] = connection;
    m_view.demand[message.origin] = report.demand;
    for (uint32_t k = 0; k < m; ++k)
    {
        m_view.recentRequests[message.origin][k] += report.requests[k];
    }
    MecLinkStatus& link = m_view.links[message.origin];
    link.reported = true;
    link.signalDbm = report.signalDbm;
    link.phyRateMbps = report.phyRateMbps;
    for (const auto& path : report.paths)
    {
        if (path.host < m_view.nodes.size())
        {
            link.goodputMbps[path.host] = path.goodputMbps;
            link.rttMs[path.host] = path.rttMs;
        }
    }
    if (first && !m_rebuilding)
    {
        SendRouting(message.origin); // the new client needs the table now
    }
}

void
DeploymentController::Decide()
{
    m_view.now = Simulator::Now();
    std::vector<DeploymentAction> applied;
    for (const auto& action : m_policy->Decide(m_view))
    {
        if (Apply(action, false))
        {
            applied.push_back(action);
        }
    }
    ++m_decisions;
    m_decisionTrace(m_view, applied);
    // Counts start again for the next interval.
    for (auto& counts : m_view.recentRequests)
    {
        std::fill(counts.begin(), counts.end(), 0.0);
    }
    SendRouting();
    m_event = Simulator::Schedule(m_interval, &DeploymentController::Decide, this);
}

uint32_t
DeploymentController::Hops(uint32_t a, uint32_t b) const
{
    // Hops in the end-edge-cloud network: a device to its edge, the edges
    // over the backhaul, an edge to the cloud over its WAN.
    if (a == b)
    {
        return 0;
    }
    const MecNodeInfo& x = m_view.nodes[a];
    const MecNodeInfo& y = m_view.nodes[b];
    auto up = [](const MecNodeInfo& n) { return n.tier == Tier::END ? 1u : 0u; };
    uint32_t middle = 0;
    if (x.tier == Tier::CLOUD || y.tier == Tier::CLOUD)
    {
        middle = 1;
    }
    else if (x.site != y.site)
    {
        // Backhaul hops between the sites (SetSiteHops; one, as in a mesh,
        // when not given).
        const auto sx = static_cast<std::size_t>(x.site);
        const auto sy = static_cast<std::size_t>(y.site);
        middle = sx < m_siteHops.size() && sy < m_siteHops[sx].size() ? m_siteHops[sx][sy] : 1;
    }
    return up(x) + up(y) + middle;
}

uint32_t
DeploymentController::NearestHolder(uint32_t node, uint32_t model) const
{
    // Fewest hops; on a tie, an edge (wired, always on), then the cloud, then
    // a device (its weights would cross Wi-Fi and its battery).
    auto rank = [](Tier t) { return t == Tier::EDGE ? 0u : t == Tier::CLOUD ? 1u : 2u; };
    uint32_t best = std::numeric_limits<uint32_t>::max();
    for (uint32_t i = 0; i < m_view.nodes.size(); ++i)
    {
        bool holds =
            m_view.nodes[i].tier == Tier::CLOUD ||
            (m_view.status[i].models[model] == ModelState::READY && !m_view.status[i].down);
        if (!holds || i == node)
        {
            continue;
        }
        if (best == std::numeric_limits<uint32_t>::max() || Hops(node, i) < Hops(node, best) ||
            (Hops(node, i) == Hops(node, best) &&
             rank(m_view.nodes[i].tier) < rank(m_view.nodes[best].tier)))
        {
            best = i;
        }
    }
    return best;
}

bool
DeploymentController::Apply(const DeploymentAction& a, bool initial)
{
    const uint32_t n = m_view.nodes.size();
    if (a.node >= n || a.model >= m_view.models.size() ||
        (a.kind == DeploymentAction::MIGRATE && a.source >= n))
    {
        NS_LOG_WARN("DeploymentController: action out of range");
        ++m_skipped;
        return false;
    }
    MecNodeStatus& s = m_view.status[a.node];
    const double w = m_view.MemoryBytes(a.node, a.model);
    bool held = s.models[a.model] != ModelState::ABSENT;
    bool feasible = false;
    switch (a.kind)
    {
    case DeploymentAction::DEPLOY:
        feasible = !held && w <= m_view.FreeMemory(a.node);
        break;
    case DeploymentAction::EVICT:
        feasible = held;
        break;
    case DeploymentAction::MIGRATE:
        feasible = !held && w <= m_view.FreeMemory(a.node) && a.source != a.node &&
                   m_view.status[a.source].models[a.model] == ModelState::READY;
        break;
    }
    if (!feasible)
    {
        ++m_skipped;
        return false;
    }
    if (initial)
    {
        if (a.kind != DeploymentAction::DEPLOY || !m_preDeployHook(a.node, a.model))
        {
            ++m_skipped;
            return false;
        }
        s.models[a.model] = ModelState::READY;
        s.freeMemory -= w;
        return true;
    }
    auto conn = m_servers.find(a.node);
    if (conn == m_servers.end() || conn->second->IsClosed() || s.down)
    {
        ++m_skipped; // no report yet: the server is unreachable for now
        return false;
    }
    MecCommand command;
    command.kind = a.kind;
    command.model = a.model;
    if (a.kind != DeploymentAction::EVICT)
    {
        uint32_t holder = NearestHolder(a.node, a.model);
        if (holder < n)
        {
            command.sourceNode = holder;
            command.source = m_view.nodes[holder].address;
        }
    }
    if (a.kind == DeploymentAction::MIGRATE)
    {
        // The node the model leaves: told to evict once the target is ready.
        command.release = m_view.nodes[a.source].address;
    }
    MecMessage message;
    message.sent = Simulator::Now();
    command.Encode(message);
    conn->second->Send(message);
    ++m_commands;
    if (a.kind == DeploymentAction::EVICT)
    {
        s.models[a.model] = ModelState::ABSENT;
        s.freeMemory += w;
    }
    else
    {
        s.models[a.model] = ModelState::LOADING;
        s.freeMemory -= w;
    }
    return true;
}

void
DeploymentController::SendRouting(uint32_t origin)
{
    const uint32_t m = m_view.models.size();
    MecRoutingTable table;
    for (uint32_t i = 0; i < m_view.nodes.size(); ++i)
    {
        const MecNodeStatus& s = m_view.status[i];
        // Unreported servers are listed with what the controller put there
        // (initial deployment); silent ones are left out (they may be down).
        if (!IsRoutable(m_view.nodes[i].tier, s.models) || s.down ||
            (s.reported && Simulator::Now() - s.reportTime > m_staleAfter))
        {
            continue;
        }
        MecRoutingTable::Host host;
        host.node = i;
        host.address = m_view.nodes[i].address;
        host.load = double(s.queueLength + s.runningJobs);
        host.states = s.models;
        host.computeTime.assign(m_view.computeTime[i].begin(), m_view.computeTime[i].begin() + m);
        table.hosts.push_back(std::move(host));
    }
    for (auto& [o, c] : m_clients)
    {
        if (c->IsClosed() || (origin != std::numeric_limits<uint32_t>::max() && o != origin))
        {
            continue;
        }
        MecRoutingTable own = CandidatesFor(o, table);
        for (auto& host : own.hosts)
        {
            m_view.PriorPath(o, host.node, host.priorRate, host.priorRtt);
        }
        MecMessage routing;
        routing.sent = Simulator::Now();
        own.Encode(routing);
        c->Send(routing);
    }
}

MecRoutingTable
DeploymentController::CandidatesFor(uint32_t origin, const MecRoutingTable& table) const
{
    if (m_hostsPerModel == 0)
    {
        return table;
    }
    const uint32_t m = m_view.models.size();
    const uint32_t self = origin < m_view.origins.size() ? m_view.origins[origin]
                                                         : std::numeric_limits<uint32_t>::max();
    std::vector<bool> keep(table.hosts.size(), false);
    std::vector<std::pair<double, std::size_t>> ranked;
    for (uint32_t j = 0; j < m; ++j)
    {
        // The client picks a READY host first and waits for a LOADING one
        // only if none is READY, so each state gets its own candidates.
        for (ModelState state : {ModelState::READY, ModelState::LOADING})
        {
            ranked.clear();
            for (std::size_t h = 0; h < table.hosts.size(); ++h)
            {
                const auto& host = table.hosts[h];
                if (host.node != self && host.states[j] == state)
                {
                    ranked.emplace_back(m_view.CompletionTime(origin, host.node, j), h);
                }
            }
            // Ties (e.g. no path default configured: every estimate infinite)
            // keep the table's order, i.e. node index.
            std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
                return a.first < b.first;
            });
            for (std::size_t r = 0; r < ranked.size() && r < m_hostsPerModel; ++r)
            {
                keep[ranked[r].second] = true;
            }
        }
    }
    MecRoutingTable own;
    for (std::size_t h = 0; h < table.hosts.size(); ++h)
    {
        if (keep[h])
        {
            own.hosts.push_back(table.hosts[h]);
        }
    }
    return own;
}

} // namespace ns3
