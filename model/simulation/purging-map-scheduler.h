/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PURGING_MAP_SCHEDULER_H
#define R3D_PURGING_MAP_SCHEDULER_H

#include "ns3/scheduler.h"

#include <cstdint>
#include <map>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief ns-3's MapScheduler (a std::map of events by time and id) that
 *        also drops the events that were cancelled, so they do not pile up.
 *
 * ns-3's schedulers keep a cancelled event (EventId::Cancel only marks it)
 * until its time comes. Events cancelled far ahead therefore stay for the
 * rest of the run: ns-3.37's WifiRadioEnergyModel cancels and re-schedules
 * its switch-off event (remaining energy / current ahead: ~1e9 s with a
 * mains-powered node's source) at every radio state change and every energy
 * update of the node's source, so a long run held hundreds of thousands of
 * cancelled events (~100 bytes each) — memory that grew with the requests
 * served. This scheduler removes the cancelled events whenever it holds
 * twice as many events as after its last purge (and at least
 * PurgeThreshold): amortized O(1) per insertion, and a memory bound of about
 * twice the live events.
 *
 * The order of the events that run is exactly MapScheduler's: only events
 * that would never run are removed, and each removal releases the
 * scheduler's reference as Simulator::Remove does. One difference remains:
 * the default simulator counts events scheduled and not yet run or removed
 * (an assertion checks it is zero when a simulation ends by running out of
 * events, in builds with asserts); purged events stay in that count, so use
 * this scheduler with Simulator::Stop (MecScenario does).
 *
 * Choose it as ns-3 chooses a scheduler:
 * \code
 *   ObjectFactory f;
 *   f.SetTypeId("ns3::PurgingMapScheduler");
 *   Simulator::SetScheduler(f);
 * \endcode
 */
class PurgingMapScheduler : public Scheduler
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PurgingMapScheduler();
    ~PurgingMapScheduler() override;

    /**
     * \brief Add an event; purges the cancelled ones first when the count doubled.
     * \param ev the event (its key orders it: time, then insertion id)
     */
    void Insert(const Scheduler::Event& ev) override;
    /** \return true if no event is held (cancelled ones included until purged) */
    bool IsEmpty() const override;
    /** \return the earliest event, without removing it */
    Scheduler::Event PeekNext() const override;
    /** \return the earliest event, removed */
    Scheduler::Event RemoveNext() override;
    /**
     * \brief Remove an event (Simulator::Remove).
     * \param ev the event; must be held
     */
    void Remove(const Scheduler::Event& ev) override;

    /** \return cancelled events removed so far */
    uint64_t GetPurged() const;

  private:
    /// Remove every cancelled event.
    void Purge();

    std::map<Scheduler::EventKey, EventImpl*> m_list; //!< events by (time, uid)
    uint32_t m_threshold;                             //!< PurgeThreshold attribute
    std::size_t m_nextPurge;                          //!< size at which to purge next
    uint64_t m_purged{0};                             //!< cancelled events removed
};

} // namespace ns3

#endif /* R3D_PURGING_MAP_SCHEDULER_H */
