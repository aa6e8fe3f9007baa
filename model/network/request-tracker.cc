/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "request-tracker.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MecRequestTracker");

NS_OBJECT_ENSURE_REGISTERED(MecRequestTracker);

std::string
MecDropReasonToString(MecDropReason reason)
{
    switch (reason)
    {
    case MecDropReason::NONE:
        return "none";
    case MecDropReason::NO_HOST:
        return "no-host";
    case MecDropReason::QUEUE_FULL:
        return "queue-full";
    case MecDropReason::TIMEOUT:
        return "timeout";
    case MecDropReason::NODE_DOWN:
        return "node-down";
    case MecDropReason::LINK_DOWN:
        return "link-down";
    }
    return "unknown";
}

std::string
MecOutcomeToString(MecOutcome outcome)
{
    switch (outcome)
    {
    case MecOutcome::IN_FLIGHT:
        return "in-flight";
    case MecOutcome::COMPLETED:
        return "completed";
    case MecOutcome::DROPPED:
        return "dropped";
    }
    return "unknown";
}

Time
MecRequestRecord::GetLatency() const
{
    return resultReceived - generated;
}

bool
MecRequestRecord::MetDeadline() const
{
    return outcome == MecOutcome::COMPLETED && resultReceived <= deadline;
}

TypeId
MecRequestTracker::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MecRequestTracker")
                            .SetParent<Object>()
                            .SetGroupName("R3d")
                            .AddConstructor<MecRequestTracker>()
                            .AddTraceSource("Outcome",
                                            "A request ended (completed or dropped).",
                                            MakeTraceSourceAccessor(&MecRequestTracker::m_outcome),
                                            "ns3::MecRequestTracker::OutcomeTracedCallback");
    return tid;
}

MecRequestTracker::MecRequestTracker()
    : m_dropped(6, 0)
{
}

MecRequestTracker::~MecRequestTracker() = default;

uint64_t
MecRequestTracker::Generate(uint32_t origin,
                            uint32_t originNode,
                            uint32_t model,
                            Time deadline,
                            uint64_t requestId)
{
    MecRequestRecord record;
    record.id = m_records.size() + 1;
    record.origin = origin;
    record.originNode = originNode;
    record.model = model;
    record.generated = Simulator::Now();
    record.deadline = record.generated + deadline;
    m_records.push_back(record);
    NS_ABORT_MSG_IF(!m_open.emplace(requestId == 0 ? record.id : requestId, record.id).second,
                    "MecRequestTracker: request id " << requestId << " generated twice");
    NS_LOG_DEBUG("request " << record.id << " origin " << origin << " model " << model);
    return record.id;
}

MecRequestRecord*
MecRequestTracker::Open(uint64_t requestId)
{
    auto it = m_open.find(requestId);
    return it == m_open.end() ? nullptr : &m_records[it->second - 1];
}

const MecRequestRecord&
MecRequestTracker::Get(uint64_t id) const
{
    NS_ABORT_MSG_IF(id == 0 || id > m_records.size(), "MecRequestTracker: unknown request " << id);
    return m_records[id - 1];
}

void
MecRequestTracker::SetHost(uint64_t requestId, uint32_t host)
{
    if (MecRequestRecord* r = Open(requestId))
    {
        if (r->host != MecRequestRecord::NO_NODE)
        {
            ++r->redirects;
        }
        r->host = host;
    }
}

bool
MecRequestTracker::Complete(uint64_t requestId, Time serverReceived, Time started, Time finished)
{
    MecRequestRecord* open = Open(requestId);
    if (!open)
    {
        ++m_late; // it ended already (first outcome wins)
        return false;
    }
    MecRequestRecord& r = *open;
    m_open.erase(requestId);
    r.outcome = MecOutcome::COMPLETED;
    r.serverReceived = serverReceived;
    r.started = started;
    r.finished = finished;
    r.resultReceived = Simulator::Now();
    r.ended = r.resultReceived;
    NS_ASSERT_MSG(r.generated <= serverReceived && serverReceived <= started &&
                      started <= finished && finished <= r.resultReceived,
                  "request " << r.id << ": timestamps out of order");
    ++m_completed;
    m_outcome(r);
    return true;
}

bool
MecRequestTracker::Drop(uint64_t requestId, MecDropReason reason)
{
    MecRequestRecord* open = Open(requestId);
    if (!open)
    {
        ++m_late;
        return false;
    }
    MecRequestRecord& r = *open;
    m_open.erase(requestId);
    if (reason == MecDropReason::TIMEOUT && !m_classifier.IsNull() &&
        r.host != MecRequestRecord::NO_NODE)
    {
        reason = m_classifier(r.originNode, r.host, r.generated);
    }
    NS_ASSERT(reason != MecDropReason::NONE);
    r.outcome = MecOutcome::DROPPED;
    r.reason = reason;
    r.ended = Simulator::Now();
    ++m_dropped[static_cast<std::size_t>(reason)];
    NS_LOG_DEBUG("request " << r.id << " dropped: " << MecDropReasonToString(reason));
    m_outcome(r);
    return true;
}

void
MecRequestTracker::SetFailureClassifier(FailureClassifier classifier)
{
    m_classifier = classifier;
}

const std::vector<MecRequestRecord>&
MecRequestTracker::GetRecords() const
{
    return m_records;
}

uint64_t
MecRequestTracker::GetGenerated() const
{
    return m_records.size();
}

uint64_t
MecRequestTracker::GetCompleted() const
{
    return m_completed;
}

uint64_t
MecRequestTracker::GetDropped() const
{
    uint64_t total = 0;
    for (uint64_t n : m_dropped)
    {
        total += n;
    }
    return total;
}

uint64_t
MecRequestTracker::GetDropped(MecDropReason reason) const
{
    return m_dropped[static_cast<std::size_t>(reason)];
}

uint64_t
MecRequestTracker::GetInFlight() const
{
    return GetGenerated() - GetCompleted() - GetDropped();
}

uint64_t
MecRequestTracker::GetLateOutcomes() const
{
    return m_late;
}

} // namespace ns3
