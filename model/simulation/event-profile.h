/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_EVENT_PROFILE_H
#define R3D_EVENT_PROFILE_H

#include "ns3/object.h"

#include <cstdint>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Counts of the simulator events that reached their time, by the
 *        kind of event: the class and the type of the member function they
 *        call (C++ keeps no name for a member pointer, so members of one
 *        class with the same signature share a kind).
 *
 * An ns-3 event is an EventImpl made by MakeEvent: for a member function of
 * class C its dynamic type names C and the function's signature (for
 * example `void (ns3::WifiPhy::*)(ns3::Ptr<ns3::Packet>)`). Counting events
 * by that type says which layer of the simulation the events go to (Wi-Fi
 * PHY and MAC, TCP, IP, point-to-point links, r3d's applications, energy
 * models) without instrumenting ns-3. EventProfilingScheduler feeds it.
 *
 * Each row gives the class (the member function's class, "function" for a
 * free function or functor, or the event's own type name when it is not a
 * MakeEvent), the ns-3 module of that class (the group name of its TypeId;
 * empty for a class without a TypeId), the event's type (the member function
 * pointer type, or the whole demangled type), the events executed and the
 * events that reached their time cancelled (ns-3 counts both in
 * Simulator::GetEventCount; events removed earlier, by Simulator::Remove or
 * by PurgingMapScheduler's purge, are in neither).
 */
class EventProfile : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// One kind of event.
    struct Row
    {
        std::string className; //!< class whose member the event calls ("function": none)
        std::string module;    //!< that class's TypeId group name ("" if it has no TypeId)
        std::string event;     //!< the member function pointer type, or the event's type
        uint64_t executed{0};  //!< events of this kind that ran
        uint64_t cancelled{0}; //!< events of this kind that reached their time cancelled
    };

    /**
     * \brief Count one event that reached its time (hot path: one hash lookup).
     * \param type the event's dynamic type (typeid of the EventImpl)
     * \param cancelled true if the event was cancelled (it does not run)
     */
    void Record(const std::type_info& type, bool cancelled);

    /** \return the rows, most executed first (ties: by event type) */
    std::vector<Row> GetRows() const;

    /** \return events executed, all kinds together */
    uint64_t GetExecuted() const;

    /** \return cancelled events that reached their time, all kinds together */
    uint64_t GetCancelled() const;

    /**
     * \return the rows as CSV with the header
     *         `executed,cancelled,module,class,event` (fields with a comma
     *         or a quote are quoted, RFC 4180)
     */
    std::string ToCsv() const;

    /**
     * \brief Parse a demangled MakeEvent type into its class and event.
     * \param demangled a type name as abi::__cxa_demangle gives it
     * \return (class, event): for the event class local to
     *         `ns3::MakeEvent<void (C::*)(A), ...>(...)`
     *         ("C", "void (C::*)(A)"); for a free function's event
     *         ("function", "void (*)(A)"), also for ns-3's `MakeEvent(void
     *         (*)())`; for a data member `T C::*` ("C", "T C::*"); for a
     *         functor ("functor", its type); without
     *         MakeEvent ("", demangled)
     */
    static std::pair<std::string, std::string> ClassOf(const std::string& demangled);

  private:
    /// Executed and cancelled counts of one event type.
    struct Counts
    {
        uint64_t executed{0};  //!< events that ran
        uint64_t cancelled{0}; //!< events that reached their time cancelled
    };

    std::unordered_map<std::type_index, Counts> m_counts; //!< by the EventImpl's dynamic type
};

} // namespace ns3

#endif /* R3D_EVENT_PROFILE_H */
