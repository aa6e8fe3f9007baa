/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-server.h"

#include "inference-workload.h"
#include "mec-payloads.h"
#include "wifi-link-monitor.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inference-engine.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/model-catalog.h"
#include "ns3/model-loading-energy-model.h"
#include "ns3/node.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MecServer");

NS_OBJECT_ENSURE_REGISTERED(MecServer);

TypeId
MecServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MecServer")
            .SetParent<Application>()
            .SetGroupName("R3d")
            .AddConstructor<MecServer>()
            .AddAttribute("Port",
                          "TCP port for requests, commands and weight fetches.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&MecServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("WiredPort",
                          "A second TCP port, whose accepted sockets use the node's largest "
                          "MTU (e.g. 9000-byte jumbo frames on the WAN and backhaul): servers "
                          "fetch weights over it when the whole route has that MTU. The "
                          "standard Port sends 1448-byte segments, which fit every path, "
                          "Wi-Fi included (ns-3's TCP fixes the segment size before the "
                          "handshake; see MecConnection::Listen). 0: no second port.",
                          UintegerValue(9001),
                          MakeUintegerAccessor(&MecServer::m_wiredPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("NodeIndex",
                          "This server's node index in the scenario (reports, routing).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MecServer::m_nodeIndex),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Models",
                          "The scenario's models, \"name[:deadlineMs],...\" (the order "
                          "defines model indices; deadlines are not used here).",
                          StringValue(""),
                          MakeStringAccessor(&MecServer::m_modelList),
                          MakeStringChecker())
            .AddAttribute("ModelsFile",
                          "Model catalog (empty: the module's data/models.json).",
                          StringValue(""),
                          MakeStringAccessor(&MecServer::m_modelsFile),
                          MakeStringChecker())
            .AddAttribute("ControllerAddress",
                          "Deployment controller's address (0.0.0.0: no controller, no "
                          "reports).",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&MecServer::m_controller),
                          MakeIpv4AddressChecker())
            .AddAttribute("ControllerPort",
                          "Deployment controller's TCP port.",
                          UintegerValue(9100),
                          MakeUintegerAccessor(&MecServer::m_controllerPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("CloudAddress",
                          "Where weights are fetched when a command names no source or "
                          "the source does not hold them.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&MecServer::m_cloud),
                          MakeIpv4AddressChecker())
            .AddAttribute("ReportInterval",
                          "Time between two status reports to the controller.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&MecServer::m_reportInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("StartJitter",
                          "At the start (on a Wi-Fi station: at its association), the first "
                          "connection to the controller, and with it the phase of the "
                          "periodic reports, waits a uniform random time in "
                          "[0, StartJitter): nodes started together would "
                          "otherwise connect and report in lockstep, and their frames "
                          "collide on a shared Wi-Fi channel. 0: connect at the start. "
                          "A node that recovers from a failure connects at once.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&MecServer::m_startJitter),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("HoldsAllWeights",
                          "Every model's weights are on this node's storage (the cloud).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MecServer::m_holdsAll),
                          MakeBooleanChecker())
            .AddAttribute("ModelMemory",
                          "Memory for models, bytes (0: the device catalog's memoryCapacityGB). "
                          "At most the device's capacity.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MecServer::m_modelMemory),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("ModelMemoryShare",
                          "If > 0, memory for models as a share of what all of this server's "
                          "models take in memory at its precision (e.g. 0.25: a quarter of "
                          "the zoo fits); overrides ModelMemory, capped at the device's "
                          "capacity.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&MecServer::m_modelMemoryShare),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("ModelInitTime",
                          "Fixed set-up of every model load after its weights are read "
                          "(runtime/engine initialization). Negative: the device catalog's "
                          "figure for the device's class (modelInitialization).",
                          TimeValue(Seconds(-1)),
                          MakeTimeAccessor(&MecServer::m_modelInitTime),
                          MakeTimeChecker())
            .AddAttribute("Precision",
                          "Compute precision: fp32, fp16, int8, or auto (fp16 if the "
                          "device has it, else fp32).",
                          StringValue("auto"),
                          MakeStringAccessor(&MecServer::m_precisionName),
                          MakeStringChecker())
            .AddTraceSource("ModelState",
                            "A model's state changed on this server.",
                            MakeTraceSourceAccessor(&MecServer::m_stateTrace),
                            "ns3::MecServer::ModelStateTracedCallback")
            .AddTraceSource("RequestDropped",
                            "A request this server held (queued, running, or submitted "
                            "locally) ended without a result because the node went down: its "
                            "id and the reason (node-down).",
                            MakeTraceSourceAccessor(&MecServer::m_droppedTrace),
                            "ns3::MecServer::DroppedTracedCallback");
    return tid;
}

MecServer::MecServer()
    : m_startDelay(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

MecServer::~MecServer()
{
    NS_LOG_FUNCTION(this);
}

void
MecServer::DoDispose()
{
    m_engine = nullptr;
    m_loadingEnergy = nullptr;
    m_listener = nullptr;
    m_wiredListener = nullptr;
    m_connections.clear();
    m_fetches.clear();
    m_controllerConnection = nullptr;
    m_slots.clear();
    m_running.clear();
    m_startDelay = nullptr;
    Application::DoDispose();
}

int64_t
MecServer::AssignStreams(int64_t stream)
{
    m_startDelay->SetStream(stream);
    return 1;
}

void
MecServer::SetLoadingEnergyModel(Ptr<ModelLoadingEnergyModel> model)
{
    m_loadingEnergy = model;
}

void
MecServer::EnsureModels()
{
    if (!m_models.empty())
    {
        return;
    }
    Ptr<Node> node = GetNode();
    NS_ABORT_MSG_IF(!node, "MecServer: not installed on a node");
    m_engine = node->GetObject<InferenceEngine>();
    NS_ABORT_MSG_IF(!m_engine,
                    "MecServer on node " << node->GetId()
                                         << " needs an InferenceEngine (InferenceEngineHelper)");
    const DeviceProfile& device = m_engine->GetDevice();
    m_storageBandwidth = device.storageBandwidth;
    if (m_modelInitTime.IsNegative())
    {
        m_modelInitTime = Seconds(device.modelInitTime);
    }
    if (m_precisionName == "auto")
    {
        m_precision = device.SupportsPrecision(Precision::FP16) ? Precision::FP16 : Precision::FP32;
    }
    else if (!PrecisionFromString(m_precisionName, m_precision) ||
             !device.SupportsPrecision(m_precision))
    {
        NS_FATAL_ERROR("MecServer: Precision '" << m_precisionName << "' is not supported by "
                                                << device.name);
    }
    Ptr<ModelCatalog> catalog = ModelCatalog::LoadCached(
        m_modelsFile.empty() ? ModelCatalog::GetDefaultPath() : m_modelsFile);
    for (const auto& m : InferenceWorkload::ParseModels(m_modelList, Seconds(1)))
    {
        m_models.push_back(&catalog->Get(m.name));
    }
    m_slots.resize(m_models.size());
    for (auto& slot : m_slots)
    {
        slot.stored = m_holdsAll;
    }
    // Weights stay in memory at the precision the engine runs them at (a
    // TensorRT FP16 engine holds half the FP32 bytes); they are stored and
    // moved at FP32 size, the form a model is distributed in.
    m_memoryPerWeightByte = BytesPerElement(m_precision) / 4.0;
    double zoo = 0;
    for (uint32_t i = 0; i < m_models.size(); ++i)
    {
        zoo += MemoryBytes(i);
    }
    m_capacity = m_modelMemoryShare > 0 ? std::min(m_modelMemoryShare * zoo, device.memoryCapacity)
                 : m_modelMemory > 0    ? static_cast<double>(m_modelMemory)
                                        : device.memoryCapacity;
    NS_ABORT_MSG_IF(m_capacity > device.memoryCapacity * (1 + 1e-12),
                    "MecServer on " << device.name << ": memory for models " << m_capacity / 1e6
                                    << " MB exceeds the device's " << device.memoryCapacity / 1e6
                                    << " MB (memoryCapacityGB in the device catalog)");
}

const DnnModel&
MecServer::Model(uint32_t index) const
{
    NS_ABORT_MSG_IF(index >= m_models.size(),
                    "MecServer: model index " << index << " out of range");
    return *m_models[index];
}

double
MecServer::WeightBytes(uint32_t index) const
{
    return Model(index).GetWeightBytes();
}

double
MecServer::MemoryBytes(uint32_t index) const
{
    return WeightBytes(index) * m_memoryPerWeightByte;
}

uint16_t
MecServer::PortFor(Ipv4Address peer) const
{
    // The peer's wired listener sends segments of its largest MTU: usable
    // only if every link on the way carries them.
    const uint32_t wired = MecConnection::LargestSegmentSize(peer);
    return m_wiredPort != 0 && wired > MecConnection::kStandardSegmentSize &&
                   MecConnection::PathSegmentSize(GetNode(), peer) >= wired
               ? m_wiredPort
               : m_port;
}

void
MecServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    EnsureModels();
    m_active = true;
    GoOnline(Seconds(m_startDelay->GetValue(0, m_startJitter.GetSeconds())));
}

void
MecServer::GoOnline(Time connectDelay)
{
    Listen();
    m_lastReport = Simulator::Now();
    m_lastComputeIntegral = m_engine->GetMeanComputeUtilization() * Simulator::Now().GetSeconds();
    m_lastBandwidthIntegral =
        m_engine->GetMeanBandwidthUtilization() * Simulator::Now().GetSeconds();
    if (m_controller == Ipv4Address::GetAny())
    {
        return;
    }
    // On a Wi-Fi station, counted from its association: a SYN sent before
    // it is lost, and its ARP entry with it. A callback of an earlier
    // GoOnline (the node failed and recovered meanwhile) does nothing.
    const uint64_t online = ++m_onlineCount;
    Callback<void> linkUp([this, connectDelay, online]() {
        if (online != m_onlineCount || m_down || !m_active)
        {
            return;
        }
        m_reportEvent = Simulator::Schedule(connectDelay, [this]() {
            ConnectController();
            ScheduleReport();
        });
    });
    WifiLinkMonitor::CallWhenLinkUp(GetNode(), linkUp);
}

void
MecServer::Listen()
{
    m_listener = MecConnection::Listen(GetNode(), m_port, MakeCallback(&MecServer::Accept, this));
    const uint32_t wiredSegmentSize = MecConnection::LargestSegmentSize(GetNode());
    if (m_wiredPort != 0 && wiredSegmentSize > MecConnection::kStandardSegmentSize)
    {
        m_wiredListener = MecConnection::Listen(GetNode(),
                                                m_wiredPort,
                                                MakeCallback(&MecServer::Accept, this),
                                                wiredSegmentSize);
    }
}

void
MecServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_active = false;
    m_reportEvent.Cancel();
    if (m_wiredListener)
    {
        m_wiredListener->Close();
        m_wiredListener = nullptr;
    }
    if (m_listener)
    {
        m_listener->Close();
    }
}

void
MecServer::Accept(Ptr<MecConnection> connection)
{
    if (m_down)
    {
        connection->Close();
        return;
    }
    connection->SetReceiveCallback(MakeCallback(&MecServer::Receive, this));
    m_connections.push_back(connection);
}

void
MecServer::ConnectController()
{
    if (m_down || !m_active)
    {
        return;
    }
    m_controllerConnection = CreateObject<MecConnection>();
    m_controllerConnection->SetReceiveCallback(MakeCallback(&MecServer::Receive, this));
    m_controllerConnection->SetStateCallbacks(
        MecConnection::StateCallback([this](Ptr<MecConnection>) { Report(); }),
        MecConnection::StateCallback([this](Ptr<MecConnection> c) {
            // Retry later: the controller may not be reachable yet.
            if (c == m_controllerConnection && !m_down)
            {
                Simulator::Schedule(m_reportInterval, &MecServer::ConnectController, this);
            }
        }));
    m_controllerConnection->Connect(GetNode(), InetSocketAddress(m_controller, m_controllerPort));
}

void
MecServer::Receive(Ptr<MecConnection> connection, const MecMessage& message)
{
    if (m_down)
    {
        return;
    }
    switch (message.type)
    {
    case MecMessageType::REQUEST: {
        Pending p;
        p.id = message.id;
        p.model = message.model;
        p.deadline = TimeStep(message.times.empty() ? 0 : message.times[0]);
        p.received = Simulator::Now();
        uint32_t origin = message.origin;
        double resultBytes = Model(message.model).resultBytes;
        p.done = [connection, origin, resultBytes](uint64_t id, Time rx, Time start, Time end) {
            MecMessage reply;
            reply.type = MecMessageType::RESULT;
            reply.id = id;
            reply.origin = origin;
            reply.sent = Simulator::Now();
            reply.times = {rx.GetTimeStep(), start.GetTimeStep(), end.GetTimeStep()};
            reply.payloadBytes = static_cast<uint64_t>(resultBytes);
            connection->Send(reply);
        };
        p.reject = [connection, origin](uint64_t id, MecDropReason reason) {
            MecMessage reply;
            reply.type = MecMessageType::REJECT;
            reply.id = id;
            reply.origin = origin;
            reply.code = static_cast<uint32_t>(reason);
            reply.sent = Simulator::Now();
            connection->Send(reply);
        };
        Handle(std::move(p));
        break;
    }
    case MecMessageType::COMMAND: {
        MecCommand command;
        std::string error;
        if (!MecCommand::Decode(message, command, error))
        {
            NS_LOG_WARN("MecServer: node " << m_nodeIndex
                                           << " rejects a malformed command: " << error);
            ++m_refused;
            break;
        }
        Command(command.kind, command.model, command.source, command.release);
        break;
    }
    case MecMessageType::FETCH: {
        const Slot& slot = m_slots.at(message.model);
        bool held = slot.stored || slot.state == ModelState::READY;
        MecMessage reply;
        reply.type = MecMessageType::WEIGHTS;
        reply.model = message.model;
        reply.node = m_nodeIndex;
        reply.code = held ? 1 : 0;
        reply.sent = Simulator::Now();
        reply.payloadBytes = held ? static_cast<uint64_t>(WeightBytes(message.model)) : 0;
        NS_LOG_INFO("node " << m_nodeIndex << " sends weights of " << Model(message.model).name
                            << " (" << reply.payloadBytes << " B)");
        connection->Send(reply);
        break;
    }
    case MecMessageType::WEIGHTS:
        OnWeights(message.model, message);
        break;
    case MecMessageType::RELEASE:
        if (m_slots.at(message.model).state != ModelState::ABSENT)
        {
            Evict(message.model);
        }
        break;
    default:
        NS_LOG_WARN("MecServer: unexpected " << MecMessageTypeToString(message.type));
    }
}

void
MecServer::SubmitLocal(uint64_t id,
                       uint32_t model,
                       Time deadline,
                       LocalResult done,
                       LocalReject reject)
{
    EnsureModels();
    if (m_down)
    {
        m_droppedTrace(id, MecDropReason::NODE_DOWN);
        return;
    }
    Pending p;
    p.id = id;
    p.model = model;
    p.deadline = deadline;
    p.received = Simulator::Now();
    p.done = std::move(done);
    p.reject = std::move(reject);
    Handle(std::move(p));
}

void
MecServer::Handle(Pending pending)
{
    Slot& slot = m_slots.at(pending.model);
    ++slot.arrivals;
    switch (slot.state)
    {
    case ModelState::READY:
        Run(std::move(pending));
        break;
    case ModelState::LOADING:
        slot.waiting.push_back(std::move(pending));
        break;
    case ModelState::ABSENT:
        pending.reject(pending.id, MecDropReason::NO_HOST);
        break;
    }
}

void
MecServer::Run(Pending pending)
{
    Time left = std::max(Time(0), pending.deadline - Simulator::Now());
    uint64_t request = pending.id;
    uint64_t job = m_engine->Submit(
        Model(pending.model).name,
        m_precision,
        1,
        left,
        InferenceEngine::DoneCallback([this, request](const InferenceJobRecord& record) {
            auto it = m_running.find(request);
            if (it == m_running.end())
            {
                return; // dropped when the node failed
            }
            Pending p = std::move(it->second);
            m_running.erase(it);
            JobDone(std::move(p), record);
        }));
    if (job == 0)
    {
        pending.reject(pending.id, MecDropReason::QUEUE_FULL);
        return;
    }
    m_running.emplace(request, std::move(pending));
}

void
MecServer::JobDone(Pending pending, const InferenceJobRecord& record)
{
    if (m_down)
    {
        return;
    }
    pending.done(pending.id, pending.received, record.started, record.finished);
}

void
MecServer::Command(DeploymentAction::Kind kind,
                   uint32_t model,
                   Ipv4Address source,
                   Ipv4Address release)
{
    EnsureModels();
    if (m_down || model >= m_slots.size())
    {
        ++m_refused;
        return;
    }
    NS_LOG_INFO("node " << m_nodeIndex << " command " << int(kind) << " " << Model(model).name
                        << " source " << source);
    switch (kind)
    {
    case DeploymentAction::DEPLOY:
    case DeploymentAction::MIGRATE:
        StartDeploy(model, source, kind == DeploymentAction::MIGRATE, release);
        break;
    case DeploymentAction::EVICT:
        if (m_slots[model].state == ModelState::ABSENT)
        {
            ++m_refused;
            return;
        }
        Evict(model);
        break;
    }
}

bool
MecServer::PreDeploy(uint32_t model)
{
    EnsureModels();
    if (m_slots.at(model).state != ModelState::ABSENT || MemoryBytes(model) > GetFreeMemory())
    {
        return false;
    }
    m_slots[model].stored = true;
    SetState(model, ModelState::READY);
    return true;
}

void
MecServer::StartDeploy(uint32_t model, Ipv4Address source, bool migrate, Ipv4Address release)
{
    Slot& slot = m_slots[model];
    if (slot.state != ModelState::ABSENT || MemoryBytes(model) > GetFreeMemory())
    {
        ++m_refused; // the controller's view was stale
        return;
    }
    slot.migrating = migrate;
    slot.migrationSource = release;
    SetState(model, ModelState::LOADING); // memory reserved from now on
    if (slot.stored)
    {
        QueueLoad(model);
    }
    else
    {
        Fetch(model, source == Ipv4Address::GetAny() ? m_cloud : source);
    }
}

void
MecServer::Fetch(uint32_t model, Ipv4Address source)
{
    NS_LOG_FUNCTION(this << model << source);
    NS_ABORT_MSG_IF(source == Ipv4Address::GetAny(),
                    "MecServer on node " << m_nodeIndex
                                         << ": no weights source and no CloudAddress set");
    Ptr<MecConnection> c = CreateObject<MecConnection>();
    c->SetReceiveCallback(MakeCallback(&MecServer::Receive, this));
    m_fetches[model] = c;
    m_connections.push_back(c);
    MecMessage fetch;
    fetch.type = MecMessageType::FETCH;
    fetch.model = model;
    fetch.node = m_nodeIndex;
    fetch.sent = Simulator::Now();
    c->Send(fetch); // queued until connected
    c->Connect(GetNode(), InetSocketAddress(source, PortFor(source)));
}

void
MecServer::OnWeights(uint32_t model, const MecMessage& message)
{
    Slot& slot = m_slots.at(model);
    if (message.code != 0)
    {
        // The bytes crossed the network and are on storage now, even if the
        // model was evicted while they travelled.
        m_bytesFetched += message.payloadBytes;
        bool load = slot.state == ModelState::LOADING && !slot.stored;
        slot.stored = true;
        if (load)
        {
            QueueLoad(model);
        }
        return;
    }
    if (slot.state != ModelState::LOADING || slot.stored)
    {
        return; // evicted meanwhile, or already here
    }
    // The source did not hold the weights: try the cloud, which holds all.
    Ipv4Address from = m_fetches[model]
                           ? InetSocketAddress::ConvertFrom(m_fetches[model]->GetPeer()).GetIpv4()
                           : Ipv4Address::GetAny();
    if (from != m_cloud)
    {
        NS_LOG_INFO("node " << m_nodeIndex << ": source lacks " << Model(model).name
                            << ", fetching from the cloud");
        Fetch(model, m_cloud);
        return;
    }
    NS_LOG_WARN("node " << m_nodeIndex << ": nobody holds " << Model(model).name);
    Evict(model);
}

void
MecServer::QueueLoad(uint32_t model)
{
    m_loadQueue.push_back(model);
    if (!m_loading)
    {
        NextLoad();
    }
}

void
MecServer::NextLoad()
{
    if (m_loadQueue.empty() || m_down)
    {
        m_loading = false;
        if (m_loadingEnergy)
        {
            m_loadingEnergy->SetLoading(false);
        }
        return;
    }
    m_loadingModel = m_loadQueue.front();
    m_loadQueue.pop_front();
    m_loading = true;
    m_loadStarted = Simulator::Now();
    if (m_loadingEnergy)
    {
        m_loadingEnergy->SetLoading(true);
    }
    // Read the FP32 weights from storage, then set the runtime up.
    Time duration = Seconds(WeightBytes(m_loadingModel) / m_storageBandwidth) + m_modelInitTime;
    m_loadEvent = Simulator::Schedule(duration, &MecServer::LoadDone, this, m_loadingModel);
}

void
MecServer::LoadDone(uint32_t model)
{
    m_loadingTime += Simulator::Now() - m_loadStarted;
    ++m_loads;
    Slot& slot = m_slots[model];
    SetState(model, ModelState::READY);
    if (slot.migrating)
    {
        ++m_migrations;
        slot.migrating = false;
        MecMessage release;
        release.type = MecMessageType::RELEASE;
        release.model = model;
        release.node = m_nodeIndex;
        release.sent = Simulator::Now();
        auto it = m_fetches.find(model);
        bool fetchedFromSource =
            it != m_fetches.end() && !it->second->IsClosed() &&
            InetSocketAddress::ConvertFrom(it->second->GetPeer()).GetIpv4() == slot.migrationSource;
        if (fetchedFromSource)
        {
            it->second->Send(release);
        }
        else if (slot.migrationSource != Ipv4Address::GetAny())
        {
            Ptr<MecConnection> c = CreateObject<MecConnection>();
            m_connections.push_back(c);
            c->Send(release);
            c->Connect(GetNode(),
                       InetSocketAddress(slot.migrationSource, PortFor(slot.migrationSource)));
        }
    }
    std::deque<Pending> waiting;
    waiting.swap(slot.waiting);
    for (auto& p : waiting)
    {
        Run(std::move(p));
    }
    NextLoad();
}

void
MecServer::Evict(uint32_t model)
{
    NS_LOG_FUNCTION(this << model);
    Slot& slot = m_slots[model];
    if (m_loading && m_loadingModel == model)
    {
        m_loadEvent.Cancel();
        m_loadingTime += Simulator::Now() - m_loadStarted;
        m_loading = false;
        Simulator::ScheduleNow(&MecServer::NextLoad, this);
    }
    m_loadQueue.erase(std::remove(m_loadQueue.begin(), m_loadQueue.end(), model),
                      m_loadQueue.end());
    slot.migrating = false;
    ++m_evictions;
    SetState(model, ModelState::ABSENT);
    std::deque<Pending> waiting;
    waiting.swap(slot.waiting);
    for (auto& p : waiting)
    {
        p.reject(p.id, MecDropReason::NO_HOST);
    }
}

void
MecServer::SetState(uint32_t model, ModelState state)
{
    m_slots[model].state = state;
    m_stateTrace(model, state);
    if (state != ModelState::LOADING && m_controllerConnection && m_active)
    {
        // The controller and, through it, the clients learn at once.
        Simulator::ScheduleNow(&MecServer::Report, this);
    }
}

void
MecServer::ScheduleReport()
{
    m_reportEvent = Simulator::Schedule(m_reportInterval, [this]() {
        Report();
        ScheduleReport();
    });
}

void
MecServer::Report()
{
    if (m_down || !m_controllerConnection || !m_controllerConnection->IsConnected())
    {
        return;
    }
    double now = Simulator::Now().GetSeconds();
    double elapsed = (Simulator::Now() - m_lastReport).GetSeconds();
    double computeIntegral = m_engine->GetMeanComputeUtilization() * now;
    double bandwidthIntegral = m_engine->GetMeanBandwidthUtilization() * now;
    MecServerReport payload;
    payload.queueLength = m_engine->GetQueuedJobs();
    payload.runningJobs = m_engine->GetRunningJobs();
    payload.computeUtilization = elapsed > 0 ? (computeIntegral - m_lastComputeIntegral) / elapsed
                                             : m_engine->GetComputeUtilization();
    payload.bandwidthUtilization = elapsed > 0
                                       ? (bandwidthIntegral - m_lastBandwidthIntegral) / elapsed
                                       : m_engine->GetBandwidthUtilization();
    payload.freeMemory = GetFreeMemory();
    for (auto& slot : m_slots)
    {
        payload.states.push_back(slot.state);
        payload.arrivalRates.push_back(elapsed > 0 ? slot.arrivals / elapsed : 0.0);
    }
    MecMessage report;
    report.node = m_nodeIndex;
    report.sent = Simulator::Now();
    payload.Encode(report);
    if (elapsed > 0)
    {
        for (auto& slot : m_slots)
        {
            slot.arrivals = 0;
        }
        m_lastReport = Simulator::Now();
        m_lastComputeIntegral = computeIntegral;
        m_lastBandwidthIntegral = bandwidthIntegral;
    }
    m_controllerConnection->Send(report);
}

void
MecServer::Fail()
{
    NS_LOG_FUNCTION(this);
    if (m_down)
    {
        return;
    }
    m_down = true;
    m_reportEvent.Cancel();
    m_loadEvent.Cancel();
    if (m_loading && m_loadingEnergy)
    {
        m_loadingEnergy->SetLoading(false);
    }
    m_loading = false;
    for (auto& [id, p] : m_running)
    {
        m_droppedTrace(id, MecDropReason::NODE_DOWN);
    }
    m_running.clear();
    for (auto& slot : m_slots)
    {
        for (auto& p : slot.waiting)
        {
            m_droppedTrace(p.id, MecDropReason::NODE_DOWN);
        }
        slot.waiting.clear();
    }
    // The engine stops computing at once (its power drops to idle).
    m_engine->CancelAll();
    // Memory is volatile: every model leaves it; weights on storage stay.
    m_loadQueue.clear();
    for (uint32_t i = 0; i < m_slots.size(); ++i)
    {
        m_slots[i].migrating = false;
        m_slots[i].arrivals = 0;
        if (m_slots[i].state != ModelState::ABSENT)
        {
            SetState(i, ModelState::ABSENT);
        }
    }
    for (auto& c : m_connections)
    {
        c->Close();
    }
    m_connections.clear();
    for (auto& [model, c] : m_fetches)
    {
        c->Close();
    }
    m_fetches.clear();
    if (m_controllerConnection)
    {
        m_controllerConnection->Close();
        m_controllerConnection = nullptr;
    }
    if (m_wiredListener)
    {
        m_wiredListener->Close();
        m_wiredListener = nullptr;
    }
    if (m_listener)
    {
        m_listener->Close();
        m_listener = nullptr;
    }
}

void
MecServer::Recover()
{
    NS_LOG_FUNCTION(this);
    if (!m_down)
    {
        return;
    }
    m_down = false;
    if (!m_active)
    {
        return; // not started yet, or stopped: StartApplication opens the sockets
    }
    // A rebooted node: empty memory (Fail emptied it), weights on storage,
    // fresh sockets, a new connection to the controller, a report at once.
    GoOnline(Time(0));
}

bool
MecServer::IsDown() const
{
    return m_down;
}

ModelState
MecServer::GetModelState(uint32_t model) const
{
    return model < m_slots.size() ? m_slots[model].state : ModelState::ABSENT;
}

double
MecServer::GetFreeMemory() const
{
    double used = 0;
    for (uint32_t i = 0; i < m_slots.size(); ++i)
    {
        if (m_slots[i].state != ModelState::ABSENT)
        {
            used += MemoryBytes(i);
        }
    }
    return m_capacity - used;
}

double
MecServer::GetModelMemory()
{
    EnsureModels();
    return m_capacity;
}

double
MecServer::GetMemoryPerWeightByte()
{
    EnsureModels();
    return m_memoryPerWeightByte;
}

Time
MecServer::GetModelInitTime()
{
    EnsureModels();
    return m_modelInitTime;
}

uint32_t
MecServer::GetNodeIndex() const
{
    return m_nodeIndex;
}

uint64_t
MecServer::GetLoads() const
{
    return m_loads;
}

uint64_t
MecServer::GetEvictions() const
{
    return m_evictions;
}

uint64_t
MecServer::GetMigrations() const
{
    return m_migrations;
}

uint64_t
MecServer::GetBytesFetched() const
{
    return m_bytesFetched;
}

Precision
MecServer::GetPrecision() const
{
    return m_precision;
}

Time
MecServer::GetLoadingTime() const
{
    return m_loadingTime + (m_loading ? Simulator::Now() - m_loadStarted : Time(0));
}

uint64_t
MecServer::GetRefusedCommands() const
{
    return m_refused;
}

} // namespace ns3
