/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_EVENT_PROFILING_SCHEDULER_H
#define R3D_EVENT_PROFILING_SCHEDULER_H

#include "purging-map-scheduler.h"

#include "ns3/ptr.h"

namespace ns3
{

class EventProfile;

/**
 * \ingroup r3d
 * \brief PurgingMapScheduler that counts every event reaching its time in an
 *        EventProfile, by the event's kind (the class and the type of the
 *        member it calls; see EventProfile).
 *
 * Events run in exactly PurgingMapScheduler's order; the only cost is one
 * hash-map increment per event. The counts are those of
 * Simulator::GetEventCount: every event taken out of the scheduler to run,
 * cancelled ones included (counted apart). Cancelled events that a purge
 * removes before their time never run and are not counted here
 * (PurgingMapScheduler::GetPurged counts them).
 *
 * \code
 *   Ptr<EventProfile> profile = CreateObject<EventProfile>();
 *   ObjectFactory f("ns3::EventProfilingScheduler");
 *   f.Set("Profile", PointerValue(profile));
 *   Simulator::SetScheduler(f);
 *   ... Simulator::Run(); then profile->ToCsv()
 * \endcode
 * r3d-mec-scenario does this with --eventProfile=FILE.
 */
class EventProfilingScheduler : public PurgingMapScheduler
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    EventProfilingScheduler();
    ~EventProfilingScheduler() override;

    /**
     * \brief Remove the earliest event and count it in the profile.
     * \return the earliest event
     */
    Scheduler::Event RemoveNext() override;

  private:
    Ptr<EventProfile> m_profile; //!< Profile attribute: where the counts go (none: not counted)
};

} // namespace ns3

#endif /* R3D_EVENT_PROFILING_SCHEDULER_H */
