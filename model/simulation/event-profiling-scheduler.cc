/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "event-profiling-scheduler.h"

#include "event-profile.h"

#include "ns3/event-impl.h"
#include "ns3/log.h"
#include "ns3/pointer.h"

#include <typeinfo>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EventProfilingScheduler");

NS_OBJECT_ENSURE_REGISTERED(EventProfilingScheduler);

TypeId
EventProfilingScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EventProfilingScheduler")
            .SetParent<PurgingMapScheduler>()
            .SetGroupName("R3d")
            .AddConstructor<EventProfilingScheduler>()
            .AddAttribute("Profile",
                          "The EventProfile that counts the events reaching their time (none: "
                          "nothing is counted).",
                          PointerValue(),
                          MakePointerAccessor(&EventProfilingScheduler::m_profile),
                          MakePointerChecker<EventProfile>());
    return tid;
}

EventProfilingScheduler::EventProfilingScheduler()
{
    NS_LOG_FUNCTION(this);
}

EventProfilingScheduler::~EventProfilingScheduler()
{
    NS_LOG_FUNCTION(this);
}

Scheduler::Event
EventProfilingScheduler::RemoveNext()
{
    Scheduler::Event ev = PurgingMapScheduler::RemoveNext();
    if (m_profile)
    {
        const EventImpl& impl = *ev.impl;
        m_profile->Record(typeid(impl), ev.impl->IsCancelled());
    }
    return ev;
}

} // namespace ns3
