/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "purging-map-scheduler.h"

#include "ns3/assert.h"
#include "ns3/event-impl.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PurgingMapScheduler");

NS_OBJECT_ENSURE_REGISTERED(PurgingMapScheduler);

TypeId
PurgingMapScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PurgingMapScheduler")
            .SetParent<Scheduler>()
            .SetGroupName("R3d")
            .AddConstructor<PurgingMapScheduler>()
            .AddAttribute("PurgeThreshold",
                          "Fewest events held before cancelled events are removed (below it, "
                          "a purge costs more than the memory it frees).",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&PurgingMapScheduler::m_threshold),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

PurgingMapScheduler::PurgingMapScheduler()
    : m_threshold(4096),
      m_nextPurge(0)
{
    NS_LOG_FUNCTION(this);
}

PurgingMapScheduler::~PurgingMapScheduler()
{
    NS_LOG_FUNCTION(this);
}

void
PurgingMapScheduler::Insert(const Scheduler::Event& ev)
{
    std::pair<std::map<Scheduler::EventKey, EventImpl*>::iterator, bool> result =
        m_list.insert(std::make_pair(ev.key, ev.impl));
    NS_ASSERT(result.second);
    (void)result;
    if (m_list.size() >= std::max<std::size_t>(m_nextPurge, m_threshold))
    {
        Purge();
    }
}

void
PurgingMapScheduler::Purge()
{
    const std::size_t before = m_list.size();
    for (auto it = m_list.begin(); it != m_list.end();)
    {
        if (it->second->IsCancelled())
        {
            it->second->Unref(); // the scheduler's reference, as Simulator::Remove drops it
            it = m_list.erase(it);
        }
        else
        {
            ++it;
        }
    }
    m_purged += before - m_list.size();
    m_nextPurge = 2 * m_list.size();
    NS_LOG_LOGIC("purged " << before - m_list.size() << " cancelled events, " << m_list.size()
                           << " left");
}

bool
PurgingMapScheduler::IsEmpty() const
{
    return m_list.empty();
}

Scheduler::Event
PurgingMapScheduler::PeekNext() const
{
    auto i = m_list.begin();
    NS_ASSERT(i != m_list.end());
    Event ev;
    ev.impl = i->second;
    ev.key = i->first;
    return ev;
}

Scheduler::Event
PurgingMapScheduler::RemoveNext()
{
    auto i = m_list.begin();
    NS_ASSERT(i != m_list.end());
    Event ev;
    ev.impl = i->second;
    ev.key = i->first;
    m_list.erase(i);
    return ev;
}

void
PurgingMapScheduler::Remove(const Scheduler::Event& ev)
{
    auto i = m_list.find(ev.key);
    NS_ASSERT(i != m_list.end());
    NS_ASSERT(i->second == ev.impl);
    m_list.erase(i);
}

uint64_t
PurgingMapScheduler::GetPurged() const
{
    return m_purged;
}

} // namespace ns3
