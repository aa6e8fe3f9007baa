/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-client.h"

#include "mec-payloads.h"
#include "mec-server.h"
#include "wifi-link-monitor.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/model-catalog.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InferenceClient");

NS_OBJECT_ENSURE_REGISTERED(InferenceClient);

TypeId
InferenceClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::InferenceClient")
            .SetParent<Application>()
            .SetGroupName("R3d")
            .AddConstructor<InferenceClient>()
            .AddAttribute("NodeIndex",
                          "This client's node index in the scenario.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&InferenceClient::m_nodeIndex),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("OriginIndex",
                          "This client's origin index (position among the clients).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&InferenceClient::m_originIndex),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Models",
                          "Models requested, \"name[:deadlineMs],...\" (deadline 100 ms when "
                          "not given); the order defines model indices.",
                          StringValue(""),
                          MakeStringAccessor(&InferenceClient::m_modelList),
                          MakeStringChecker())
            .AddAttribute("ModelsFile",
                          "Model catalog (empty: the module's data/models.json).",
                          StringValue(""),
                          MakeStringAccessor(&InferenceClient::m_modelsFile),
                          MakeStringChecker())
            .AddAttribute("Rate",
                          "Requests per second of this client, all models together "
                          "(Arrival poisson or periodic), split by ZipfExponent.",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&InferenceClient::m_rate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("ZipfExponent",
                          "Popularity of the models: the model of rank r gets a share "
                          "r^-S / sum_k k^-S of the requests (0: uniform).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&InferenceClient::m_zipf),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("ShiftInterval",
                          "Time between two draws of the models' popularity ranking "
                          "(0: the ranking drawn at start stays).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&InferenceClient::m_shiftInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PopularityGroup",
                          "Clients of one group draw the same popularity rankings (see "
                          "SetPopularityStream).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&InferenceClient::m_popularityGroup),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RateProfile",
                          "Rate over time: constant, sine:PERIOD_S:DEPTH or onoff:ON_S:OFF_S "
                          "(RateProfile; the mean rate stays Rate).",
                          StringValue("constant"),
                          MakeStringAccessor(&InferenceClient::m_profileSpec),
                          MakeStringChecker())
            .AddAttribute("Arrival",
                          "Arrival process.",
                          EnumValue(InferenceClient::POISSON),
                          MakeEnumAccessor(&InferenceClient::m_arrival),
                          MakeEnumChecker(InferenceClient::POISSON,
                                          "poisson",
                                          InferenceClient::PERIODIC,
                                          "periodic",
                                          InferenceClient::TRACE,
                                          "trace"))
            .AddAttribute("TraceFile",
                          "Arrivals for Arrival=trace (see InferenceWorkload::LoadTrace).",
                          StringValue(""),
                          MakeStringAccessor(&InferenceClient::m_traceFile),
                          MakeStringChecker())
            .AddAttribute("RequestTimeout",
                          "A request unanswered this long is dropped (timeout).",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&InferenceClient::m_timeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxRedirects",
                          "How many times a request is sent again after a host answers that "
                          "it no longer holds the model (no-host: evicted, or a LOADING copy "
                          "evicted while the request waited), each time to the best host the "
                          "routing table still lists. 0: such a request ends as no-host.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&InferenceClient::m_maxRedirects),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ServerPort",
                          "TCP port of the MecServers.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&InferenceClient::m_serverPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("ControllerAddress",
                          "Deployment controller's address (0.0.0.0: none; then only "
                          "local inference).",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&InferenceClient::m_controller),
                          MakeIpv4AddressChecker())
            .AddAttribute("ControllerPort",
                          "Deployment controller's TCP port.",
                          UintegerValue(9100),
                          MakeUintegerAccessor(&InferenceClient::m_controllerPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("ReportInterval",
                          "Time between two reports to the controller.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&InferenceClient::m_reportInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("StartJitter",
                          "At the start (on a Wi-Fi station: at its association), the first "
                          "connection to the controller, and with it the phase of the "
                          "reports, waits a uniform random time in [0, StartJitter): "
                          "clients started together would otherwise "
                          "connect and report in lockstep, and their frames collide on "
                          "the shared Wi-Fi channel. Requests that arrive meanwhile wait "
                          "for the routing table (or run locally). 0: connect at the start.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&InferenceClient::m_startJitter),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("RateWindow",
                          "The request rates reported to the controller count the "
                          "arrivals of this last window.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&InferenceClient::m_rateWindow),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AssumedRate",
                          "Goodput assumed for a host not measured yet, bit/s.",
                          DoubleValue(100e6),
                          MakeDoubleAccessor(&InferenceClient::m_assumedRate),
                          MakeDoubleChecker<double>(1))
            .AddAttribute("AssumedRtt",
                          "Round trip assumed for a host not measured yet.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&InferenceClient::m_assumedRtt),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("EncodedRequests",
                          "Requests carry the encoded input (a JPEG at the model's input "
                          "resolution for vision models: the model catalog's "
                          "encodedInputBytes) rather than the raw input tensor (inputBytes).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&InferenceClient::m_encodedRequests),
                          MakeBooleanChecker())
            .AddAttribute("Smoothing",
                          "Weight of a new sample in the goodput and RTT averages.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&InferenceClient::m_smoothing),
                          MakeDoubleChecker<double>(0, 1))
            .AddTraceSource("Request",
                            "A request was generated: its id (unique across clients), "
                            "model index and relative deadline.",
                            MakeTraceSourceAccessor(&InferenceClient::m_requestTrace),
                            "ns3::InferenceClient::RequestTracedCallback")
            .AddTraceSource("RequestSent",
                            "A request was given a host: its id and the host's node index "
                            "(this node's own for local inference).",
                            MakeTraceSourceAccessor(&InferenceClient::m_sentTrace),
                            "ns3::InferenceClient::SentTracedCallback")
            .AddTraceSource("RequestCompleted",
                            "A request's result arrived (now): its id and when the server "
                            "received its input, started and finished computing it.",
                            MakeTraceSourceAccessor(&InferenceClient::m_completedTrace),
                            "ns3::InferenceClient::CompletedTracedCallback")
            .AddTraceSource("RequestDropped",
                            "A request ended without a result: its id and the reason as the "
                            "client knows it (a timeout may have a known cause; the request "
                            "tracker classifies it).",
                            MakeTraceSourceAccessor(&InferenceClient::m_droppedTrace),
                            "ns3::InferenceClient::DroppedTracedCallback");
    return tid;
}

InferenceClient::InferenceClient()
{
    m_interArrival = CreateObject<ExponentialRandomVariable>();
    m_interArrival->SetAttribute("Mean", DoubleValue(1.0));
    m_phase = CreateObject<UniformRandomVariable>();
    m_startDelay = CreateObject<UniformRandomVariable>();
    m_thinning = CreateObject<UniformRandomVariable>();
    m_popularity = CreateObject<UniformRandomVariable>();
}

InferenceClient::~InferenceClient() = default;

void
InferenceClient::DoDispose()
{
    m_local = nullptr;
    m_conns.clear();
    m_controllerConnection = nullptr;
    m_interArrival = nullptr;
    m_phase = nullptr;
    m_startDelay = nullptr;
    m_thinning = nullptr;
    m_popularity = nullptr;
    Application::DoDispose();
}

int64_t
InferenceClient::AssignStreams(int64_t stream)
{
    m_interArrival->SetStream(stream);
    m_phase->SetStream(stream + 1);
    m_thinning->SetStream(stream + 2);
    m_startDelay->SetStream(stream + 3);
    return 4;
}

void
InferenceClient::SetPopularityStream(int64_t stream)
{
    m_popularity->SetStream(stream);
}

uint32_t
InferenceClient::GetPopularityGroup() const
{
    return m_popularityGroup;
}

std::vector<double>
InferenceClient::GetModelShares() const
{
    return m_shares;
}

void
InferenceClient::DrawRanking()
{
    // Fisher-Yates over the model indices: rank r goes to order[r]. Every
    // client of a group makes the same draws in the same order.
    const uint32_t n = m_models.size();
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        order[i] = i;
    }
    for (uint32_t i = n; i > 1; --i)
    {
        std::swap(order[i - 1], order[m_popularity->GetInteger(0, i - 1)]);
    }
    const std::vector<double> byRank = ZipfShares(n, m_zipf);
    m_shares.assign(n, 0.0);
    for (uint32_t r = 0; r < n; ++r)
    {
        m_shares[order[r]] = byRank[r];
    }
}

void
InferenceClient::Shift()
{
    DrawRanking();
    NS_LOG_INFO("client " << m_originIndex << " popularity shift");
    // Poisson arrivals are memoryless: drawing every model's next arrival
    // again at its new rate is exact. Periodic ones restart their period.
    for (uint32_t m = 0; m < m_models.size(); ++m)
    {
        m_arrivalEvents[m].Cancel();
        ScheduleArrival(m, false);
    }
    m_shiftEvent = Simulator::Schedule(m_shiftInterval, &InferenceClient::Shift, this);
}

uint64_t
InferenceClient::GetGenerated() const
{
    return m_generated;
}

uint64_t
InferenceClient::GetServedLocally() const
{
    return m_servedLocally;
}

uint64_t
InferenceClient::GetSentRemote() const
{
    return m_remote;
}

uint64_t
InferenceClient::GetRedirects() const
{
    return m_redirected;
}

std::vector<uint32_t>
InferenceClient::GetRoutingHosts() const
{
    std::vector<uint32_t> hosts;
    for (const auto& entry : m_hosts)
    {
        hosts.push_back(entry.first);
    }
    return hosts;
}

void
InferenceClient::EnsureModels()
{
    if (!m_models.empty())
    {
        return;
    }
    m_workload = InferenceWorkload::ParseModels(m_modelList, MilliSeconds(100));
    Ptr<ModelCatalog> catalog = ModelCatalog::LoadCached(
        m_modelsFile.empty() ? ModelCatalog::GetDefaultPath() : m_modelsFile);
    for (const auto& m : m_workload)
    {
        m_models.push_back(&catalog->Get(m.name));
    }
    m_recentArrivals.assign(m_models.size(), std::deque<Time>());
    m_sinceReport.assign(m_models.size(), 0.0);
    try
    {
        m_profile = RateProfile::Parse(m_profileSpec);
        ZipfShares(m_models.size(), m_zipf);
    }
    catch (const std::invalid_argument& e)
    {
        NS_ABORT_MSG("InferenceClient: " << e.what());
    }
    m_shares.assign(m_models.size(), 1.0 / m_models.size());
}

void
InferenceClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    EnsureModels();
    m_active = true;
    for (uint32_t i = 0; i < GetNode()->GetNApplications(); ++i)
    {
        if (auto server = DynamicCast<MecServer>(GetNode()->GetApplication(i)))
        {
            m_local = server;
        }
    }
    m_started = Simulator::Now();
    if (m_arrival == TRACE)
    {
        std::string name = Names::FindName(GetNode());
        m_trace =
            InferenceWorkload::LoadTrace(m_traceFile, InferenceWorkload::Names(m_workload), name);
        m_arrivalEvents.resize(1);
        ScheduleTrace(0);
    }
    else if (m_rate > 0)
    {
        DrawRanking();
        m_arrivalEvents.resize(m_models.size());
        for (uint32_t m = 0; m < m_models.size(); ++m)
        {
            ScheduleArrival(m, true);
        }
        if (m_shiftInterval.IsStrictlyPositive())
        {
            m_shiftEvent = Simulator::Schedule(m_shiftInterval, &InferenceClient::Shift, this);
        }
    }
    if (m_controller != Ipv4Address::GetAny())
    {
        // After the jitter, counted from the station's association: a
        // SYN sent before it is lost, and its ARP entry with it.
        const Time delay = Seconds(m_startDelay->GetValue(0, m_startJitter.GetSeconds()));
        Callback<void> linkUp([this, delay]() {
            if (m_active)
            {
                m_reportEvent =
                    Simulator::Schedule(delay, &InferenceClient::ConnectController, this);
            }
        });
        WifiLinkMonitor::CallWhenLinkUp(GetNode(), linkUp);
    }
    else
    {
        m_haveRouting = true; // no controller: local inference only
    }
}

void
InferenceClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_active = false;
    for (auto& e : m_arrivalEvents)
    {
        e.Cancel();
    }
    m_shiftEvent.Cancel();
    m_reportEvent.Cancel();
}

void
InferenceClient::ScheduleArrival(uint32_t model, bool first)
{
    // Candidates at the profile's peak rate, thinned in Arrive.
    const double rate = m_rate * m_shares[model] * m_profile.MaxFactor();
    if (!(rate > 0))
    {
        return; // a share of 0 (no such Zipf share today) or rate 0
    }
    Time gap;
    if (m_arrival == PERIODIC)
    {
        double period = 1.0 / rate;
        // The first arrival at a random phase, so clients do not synchronize.
        gap = Seconds(first ? m_phase->GetValue(0, period) : period);
    }
    else
    {
        gap = Seconds(m_interArrival->GetValue() / rate);
    }
    m_arrivalEvents[model] = Simulator::Schedule(gap, &InferenceClient::Arrive, this, model);
}

void
InferenceClient::Arrive(uint32_t model)
{
    // A constant profile keeps every candidate without a draw, so that its
    // arrivals are those of a plain Poisson (or periodic) process.
    if (m_profile.IsConstant() || m_thinning->GetValue() * m_profile.MaxFactor() <
                                      m_profile.Factor(Simulator::Now().GetSeconds()))
    {
        Generate(model);
    }
    ScheduleArrival(model, false);
}

void
InferenceClient::ScheduleTrace(std::size_t next)
{
    if (next >= m_trace.size())
    {
        return;
    }
    Time at = std::max(m_trace[next].at, Simulator::Now());
    m_arrivalEvents[0] = Simulator::Schedule(at - Simulator::Now(), [this, next]() {
        Generate(m_trace[next].model);
        ScheduleTrace(next + 1);
    });
}

void
InferenceClient::Generate(uint32_t model)
{
    if (!m_active)
    {
        return;
    }
    ++m_generated;
    m_recentArrivals[model].push_back(Simulator::Now());
    m_sinceReport[model] += 1;
    // Request ids are unique across clients: the origin index above the
    // client's own sequence number.
    const uint64_t id = (uint64_t(m_originIndex) << 40) | ++m_sequence;
    Outstanding o;
    o.host = MecRequestRecord::NO_NODE;
    o.model = model;
    o.generated = Simulator::Now();
    o.deadline = o.generated + m_workload[model].deadline;
    o.timeout = Simulator::Schedule(m_timeout, &InferenceClient::Timeout, this, id);
    m_outstanding[id] = o;
    m_requestTrace(id, model, m_workload[model].deadline);
    bool local = m_local && m_local->GetModelState(model) == ModelState::READY;
    if (!m_haveRouting && !local)
    {
        m_backlog.emplace_back(id, model); // a remote host is needed: wait for routing
        return;
    }
    Dispatch(id, model);
}

double
InferenceClient::Estimate(uint32_t host, uint32_t model) const
{
    const Host& h = m_hosts.at(host);
    auto p = m_paths.find(host);
    // Unmeasured: the controller's prior for this path (it knows the hops),
    // else this client's own assumption.
    double goodput = h.priorRate > 0 ? h.priorRate : m_assumedRate;
    double rtt = h.priorRate > 0 ? h.priorRtt : m_assumedRtt.GetSeconds();
    double outstanding = 0;
    if (p != m_paths.end())
    {
        if (p->second.goodput > 0)
        {
            goodput = p->second.goodput;
            rtt = p->second.rtt;
        }
        outstanding = p->second.outstanding;
    }
    double bytes =
        m_models[model]->GetRequestBytes(m_encodedRequests) + m_models[model]->resultBytes;
    return bytes * 8 / goodput + rtt + h.computeTime[model] * (1 + h.load + outstanding);
}

void
InferenceClient::Dispatch(uint64_t id, uint32_t model)
{
    const Time deadline = m_outstanding.at(id).deadline;
    // The fastest remote host in a state (READY, or LOADING as a fallback).
    auto bestRemote = [this, model](ModelState state) {
        uint32_t best = MecRequestRecord::NO_NODE;
        double bestTime = std::numeric_limits<double>::infinity();
        for (const auto& [index, host] : m_hosts)
        {
            if (index == m_nodeIndex || host.state[model] != uint8_t(state))
            {
                continue;
            }
            double t = Estimate(index, model);
            if (t < bestTime)
            {
                bestTime = t;
                best = index;
            }
        }
        return best;
    };
    ModelState local = m_local ? m_local->GetModelState(model) : ModelState::ABSENT;
    uint32_t best = local == ModelState::READY ? m_nodeIndex : bestRemote(ModelState::READY);
    if (best == MecRequestRecord::NO_NODE && local == ModelState::LOADING)
    {
        best = m_nodeIndex; // nothing serves it yet: wait for the local load
    }
    if (best == MecRequestRecord::NO_NODE)
    {
        best = bestRemote(ModelState::LOADING); // wait for a remote load
    }
    if (best == m_nodeIndex)
    {
        ++m_servedLocally;
        m_sentTrace(id, m_nodeIndex);
        m_outstanding[id].host = m_nodeIndex;
        Ptr<InferenceClient> self = this;
        m_local->SubmitLocal(
            id,
            model,
            deadline,
            [self](uint64_t rid, Time rx, Time start, Time end) {
                self->m_completedTrace(rid, rx, start, end);
                self->Finish(rid);
            },
            [self](uint64_t rid, MecDropReason reason) { self->OnReject(rid, reason); });
        return;
    }
    if (best == MecRequestRecord::NO_NODE)
    {
        m_droppedTrace(id, MecDropReason::NO_HOST);
        Finish(id);
        return;
    }
    ++m_remote;
    m_sentTrace(id, best);
    m_outstanding[id].host = best;
    ++m_paths[best].outstanding;
    MecMessage request;
    request.type = MecMessageType::REQUEST;
    request.id = id;
    request.origin = m_originIndex;
    request.node = m_nodeIndex;
    request.model = model;
    request.sent = Simulator::Now();
    request.times = {deadline.GetTimeStep()};
    request.payloadBytes =
        static_cast<uint64_t>(m_models[model]->GetRequestBytes(m_encodedRequests));
    ConnectionTo(best)->Send(request);
}

Ptr<MecConnection>
InferenceClient::ConnectionTo(uint32_t host)
{
    auto it = m_conns.find(host);
    if (it != m_conns.end() && !it->second->IsClosed())
    {
        return it->second;
    }
    Ptr<MecConnection> c = CreateObject<MecConnection>();
    c->SetReceiveCallback(MakeCallback(&InferenceClient::Receive, this));
    c->Connect(GetNode(), InetSocketAddress(m_hosts.at(host).address, m_serverPort));
    m_conns[host] = c;
    return c;
}

void
InferenceClient::Receive(Ptr<MecConnection> connection, const MecMessage& message)
{
    switch (message.type)
    {
    case MecMessageType::RESULT:
        OnResult(message);
        break;
    case MecMessageType::REJECT:
        if (m_outstanding.count(message.id))
        {
            OnReject(message.id, static_cast<MecDropReason>(message.code));
        }
        break;
    case MecMessageType::ROUTING:
        OnRouting(message);
        break;
    default:
        NS_LOG_WARN("InferenceClient: unexpected " << MecMessageTypeToString(message.type));
    }
}

void
InferenceClient::OnResult(const MecMessage& message)
{
    auto it = m_outstanding.find(message.id);
    if (it == m_outstanding.end() || message.times.size() != 3)
    {
        return; // timed out already
    }
    Time rx = TimeStep(message.times[0]);
    Time start = TimeStep(message.times[1]);
    Time end = TimeStep(message.times[2]);
    const Outstanding& r = it->second;
    // Measurements: uplink goodput of the input, round trip ~ twice the
    // (small) result's transfer. The uplink counts from the connection's
    // establishment at the earliest: its handshake is paid once per host,
    // and counting it would make every host look slow after its first use,
    // sending the next request to one not yet tried.
    Time sent = r.generated;
    auto conn = m_conns.find(r.host);
    if (conn != m_conns.end() && conn->second->GetConnectedTime() > sent)
    {
        sent = conn->second->GetConnectedTime();
    }
    double up = (rx - sent).GetSeconds();
    double down = (Simulator::Now() - end).GetSeconds();
    PathEstimate& p = m_paths[it->second.host];
    if (up > 0)
    {
        double goodput = m_models[r.model]->GetRequestBytes(m_encodedRequests) * 8 / up;
        double rtt = 2 * down;
        bool first = p.goodput <= 0;
        p.goodput = first ? goodput : (1 - m_smoothing) * p.goodput + m_smoothing * goodput;
        p.rtt = first ? rtt : (1 - m_smoothing) * p.rtt + m_smoothing * rtt;
    }
    m_completedTrace(message.id, rx, start, end);
    Finish(message.id);
}

void
InferenceClient::OnReject(uint64_t id, MecDropReason reason)
{
    auto it = m_outstanding.find(id);
    if (it == m_outstanding.end())
    {
        return;
    }
    Outstanding& r = it->second;
    if (reason != MecDropReason::NO_HOST || r.redirects >= m_maxRedirects)
    {
        m_droppedTrace(id, reason);
        Finish(id);
        return;
    }
    // That host no longer holds the model: until the next table says
    // otherwise, it is no candidate for it.
    auto h = m_hosts.find(r.host);
    if (r.host != m_nodeIndex && h != m_hosts.end() && r.model < h->second.state.size())
    {
        h->second.state[r.model] = static_cast<uint8_t>(ModelState::ABSENT);
    }
    ReleasePath(r.host);
    ++r.redirects;
    ++m_redirected;
    Dispatch(id, r.model);
}

void
InferenceClient::Finish(uint64_t id)
{
    auto it = m_outstanding.find(id);
    if (it == m_outstanding.end())
    {
        return;
    }
    it->second.timeout.Cancel();
    ReleasePath(it->second.host);
    m_outstanding.erase(it);
}

void
InferenceClient::ReleasePath(uint32_t host)
{
    if (host != MecRequestRecord::NO_NODE && host != m_nodeIndex)
    {
        auto& n = m_paths[host].outstanding;
        n = n > 0 ? n - 1 : 0;
    }
}

void
InferenceClient::Timeout(uint64_t id)
{
    m_droppedTrace(id, MecDropReason::TIMEOUT);
    Finish(id);
    for (auto it = m_backlog.begin(); it != m_backlog.end(); ++it)
    {
        if (it->first == id)
        {
            m_backlog.erase(it);
            break;
        }
    }
}

void
InferenceClient::OnRouting(const MecMessage& message)
{
    MecRoutingTable table;
    std::string error;
    if (!MecRoutingTable::Decode(message, m_models.size(), table, error))
    {
        NS_LOG_WARN("InferenceClient: origin " << m_originIndex
                                               << " rejects a malformed routing table: " << error);
        return;
    }
    m_hosts.clear();
    for (auto& host : table.hosts)
    {
        Host h;
        h.address = host.address;
        h.load = host.load;
        for (ModelState s : host.states)
        {
            h.state.push_back(static_cast<uint8_t>(s));
        }
        h.computeTime = std::move(host.computeTime);
        h.priorRate = host.priorRate;
        h.priorRtt = host.priorRtt;
        m_hosts[host.node] = std::move(h);
    }
    // Even an empty table (no host listed) lets the backlog go: local runs
    // need none, and the rest end as no-host.
    if (!m_haveRouting)
    {
        m_haveRouting = true;
        auto backlog = std::move(m_backlog);
        m_backlog.clear();
        for (auto& [id, model] : backlog)
        {
            Dispatch(id, model);
        }
    }
}

void
InferenceClient::ConnectController()
{
    if (!m_active)
    {
        return;
    }
    m_controllerConnection = CreateObject<MecConnection>();
    m_controllerConnection->SetReceiveCallback(MakeCallback(&InferenceClient::Receive, this));
    m_controllerConnection->SetStateCallbacks(
        MecConnection::StateCallback([this](Ptr<MecConnection>) { Report(); }),
        MecConnection::StateCallback([this](Ptr<MecConnection> c) {
            if (c == m_controllerConnection && m_active)
            {
                m_reportEvent.Cancel();
                Simulator::Schedule(m_reportInterval, &InferenceClient::ConnectController, this);
            }
        }));
    m_controllerConnection->Connect(GetNode(), InetSocketAddress(m_controller, m_controllerPort));
}

void
InferenceClient::Report()
{
    m_reportEvent.Cancel();
    if (!m_active || !m_controllerConnection || !m_controllerConnection->IsConnected())
    {
        return;
    }
    // The rate counts the arrivals of the last RateWindow (since the start,
    // early on).
    Time now = Simulator::Now();
    double span = std::min(m_rateWindow, now - m_started).GetSeconds();
    MecClientReport payload;
    for (auto& arrivals : m_recentArrivals)
    {
        while (!arrivals.empty() && arrivals.front() < now - m_rateWindow)
        {
            arrivals.pop_front();
        }
        payload.demand.push_back(span > 0 ? arrivals.size() / span : 0.0);
    }
    payload.requests = m_sinceReport;
    std::fill(m_sinceReport.begin(), m_sinceReport.end(), 0.0);
    Ptr<WifiLinkMonitor> wifi = GetNode()->GetObject<WifiLinkMonitor>();
    double nan = std::numeric_limits<double>::quiet_NaN();
    payload.signalDbm = wifi ? wifi->GetSignalDbm() : nan;
    payload.phyRateMbps = wifi ? wifi->GetPhyRateMbps() : nan;
    for (const auto& [host, p] : m_paths)
    {
        if (p.goodput > 0)
        {
            payload.paths.push_back({host, p.goodput / 1e6, p.rtt * 1e3});
        }
    }
    MecMessage report;
    report.node = m_nodeIndex;
    report.origin = m_originIndex;
    report.sent = Simulator::Now();
    payload.Encode(report);
    m_controllerConnection->Send(report);
    m_reportEvent = Simulator::Schedule(m_reportInterval, &InferenceClient::Report, this);
}

} // namespace ns3
