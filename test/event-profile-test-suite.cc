/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// EventProfile and EventProfilingScheduler: the class and event read from
// demangled MakeEvent types written by hand, and a simulation whose events
// are placed by hand (so every count is exact, no tolerance).

#include "ns3/event-profile.h"
#include "ns3/event-profiling-scheduler.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <string>

using namespace ns3;

namespace
{

/// Counts its calls; its events are member-function events of this class.
class Ticker
{
  public:
    /// One call.
    void Tick()
    {
        ++m_ticks;
    }

    /**
     * \brief One call with two arguments (its type holds a comma).
     * \param a added
     * \param b added
     */
    void Add(int a, int b)
    {
        m_ticks += a + b;
    }

    int m_ticks{0}; //!< calls (and sums) so far
};

int g_calls = 0; //!< calls of Free()
int g_sum = 0;   //!< what FreeAdd() added

/// A free function's event.
void
Free()
{
    ++g_calls;
}

/**
 * A free function with an argument: ns-3 makes its event with the
 * parameter types as the first template arguments.
 * \param n what to add to g_sum
 */
void
FreeAdd(int n)
{
    g_sum += n;
}

/// \return the row of \p profile whose class is \p cls (a default Row if none)
EventProfile::Row
RowOf(Ptr<EventProfile> profile, const std::string& cls, const std::string& event = "")
{
    for (const EventProfile::Row& r : profile->GetRows())
    {
        if (r.className == cls && (event.empty() || r.event == event))
        {
            return r;
        }
    }
    return EventProfile::Row();
}

} // namespace

/**
 * \ingroup r3d-tests
 * EventProfile::ClassOf on demangled names as g++ writes them: a member
 * function's event, a free function's, a functor's, and a type that is no
 * MakeEvent.
 */
class ClassOfTestCase : public TestCase
{
  public:
    ClassOfTestCase()
        : TestCase("the class and event of demangled MakeEvent types")
    {
    }

  private:
    void DoRun() override
    {
        auto member = EventProfile::ClassOf(
            "ns3::EventImpl* ns3::MakeEvent<void (ns3::WifiPhy::*)(ns3::Ptr<ns3::Packet>, "
            "double), ns3::WifiPhy*, ns3::Ptr<ns3::Packet>, double>(void (ns3::WifiPhy::*)"
            "(ns3::Ptr<ns3::Packet>, double), ns3::WifiPhy*, ns3::Ptr<ns3::Packet>, "
            "double)::EventMemberImpl2");
        NS_TEST_ASSERT_MSG_EQ(member.first, "ns3::WifiPhy", "the member's class");
        NS_TEST_ASSERT_MSG_EQ(member.second,
                              "void (ns3::WifiPhy::*)(ns3::Ptr<ns3::Packet>, double)",
                              "the first template argument, commas inside kept");
        auto free = EventProfile::ClassOf(
            "ns3::EventImpl* ns3::MakeEvent<int, int>(void (*)(int), int)::EventFunctionImpl1");
        NS_TEST_ASSERT_MSG_EQ(free.first, "function", "a free function");
        NS_TEST_ASSERT_MSG_EQ(free.second, "void (*)(int)", "its pointer type");
        auto bare = EventProfile::ClassOf("ns3::MakeEvent(void (*)())::EventFunctionImpl0");
        NS_TEST_ASSERT_MSG_EQ(bare.first, "function", "a free function without arguments");
        NS_TEST_ASSERT_MSG_EQ(bare.second, "void (*)()", "its pointer type");
        auto anonymous = EventProfile::ClassOf(
            "ns3::EventImpl* ns3::MakeEvent<void ((anonymous namespace)::T::*)(), "
            "(anonymous namespace)::T*>(void ((anonymous namespace)::T::*)(), "
            "(anonymous namespace)::T*)::EventMemberImpl0");
        NS_TEST_ASSERT_MSG_EQ(anonymous.first,
                              "(anonymous namespace)::T",
                              "a class whose name holds parentheses");
        auto data = EventProfile::ClassOf(
            "ns3::EventImpl* ns3::MakeEvent<ns3::Callback<void> ns3::NetDeviceQueue::*, "
            "ns3::NetDeviceQueue*>(ns3::Callback<void> ns3::NetDeviceQueue::*, "
            "ns3::NetDeviceQueue*)::EventMemberImpl0");
        NS_TEST_ASSERT_MSG_EQ(data.first, "ns3::NetDeviceQueue", "a data member's class");
        NS_TEST_ASSERT_MSG_EQ(data.second,
                              "ns3::Callback<void> ns3::NetDeviceQueue::*",
                              "the data member's type");
        auto functor = EventProfile::ClassOf(
            "ns3::EventImpl* ns3::MakeEvent<std::function<void ()> >(std::function<void ()>)"
            "::EventImplFunctional");
        NS_TEST_ASSERT_MSG_EQ(functor.first, "functor", "a functor");
        NS_TEST_ASSERT_MSG_EQ(functor.second, "std::function<void ()>", "its type");
        auto other = EventProfile::ClassOf("ns3::SomeEvent");
        NS_TEST_ASSERT_MSG_EQ(other.first, "", "no MakeEvent: no class");
        NS_TEST_ASSERT_MSG_EQ(other.second, "ns3::SomeEvent", "the whole name");
    }
};

/**
 * \ingroup r3d-tests
 * A simulation on EventProfilingScheduler: 3 Ticker::Tick events (one
 * cancelled), 2 Ticker::Add, 4 Free, 1 FreeAdd, 1 Object::Dispose (class with a
 * TypeId, group "Core"). The profile holds exactly those counts, by kind,
 * and the CSV quotes the event type that holds commas.
 */
class ProfileSimulationTestCase : public TestCase
{
  public:
    ProfileSimulationTestCase()
        : TestCase("a simulation's events counted by class and member")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<EventProfile> profile = CreateObject<EventProfile>();
        ObjectFactory factory("ns3::EventProfilingScheduler");
        factory.Set("Profile", PointerValue(profile));
        Simulator::SetScheduler(factory);

        Ticker ticker;
        g_calls = 0;
        g_sum = 0;
        Simulator::Schedule(Seconds(1), &Ticker::Tick, &ticker);
        EventId cancelled = Simulator::Schedule(Seconds(2), &Ticker::Tick, &ticker);
        Simulator::Schedule(Seconds(3), &Ticker::Tick, &ticker);
        Simulator::Schedule(Seconds(1), &Ticker::Add, &ticker, 10, 20);
        Simulator::Schedule(Seconds(2), &Ticker::Add, &ticker, 100, 200);
        for (int i = 0; i < 4; ++i)
        {
            Simulator::Schedule(Seconds(i), &Free);
        }
        Simulator::Schedule(Seconds(4), &FreeAdd, 7);
        Ptr<Object> object = CreateObject<Object>();
        Simulator::Schedule(Seconds(5), &Object::Dispose, object);
        cancelled.Cancel();
        Simulator::Run(); // to the last event: nothing is left for Destroy

        NS_TEST_ASSERT_MSG_EQ(ticker.m_ticks, 2 + 330, "what ran: 2 ticks, 30 + 300 added");
        NS_TEST_ASSERT_MSG_EQ(g_calls, 4, "four free calls");
        NS_TEST_ASSERT_MSG_EQ(profile->GetExecuted(), 2 + 2 + 4 + 1 + 1, "events executed");
        NS_TEST_ASSERT_MSG_EQ(profile->GetCancelled(), 1, "the cancelled tick");

        const std::string ticker_t = "(anonymous namespace)::Ticker";
        EventProfile::Row tick = RowOf(profile, ticker_t, "void (" + ticker_t + "::*)()");
        NS_TEST_ASSERT_MSG_EQ(tick.executed, 2, "Tick executed");
        NS_TEST_ASSERT_MSG_EQ(tick.cancelled, 1, "Tick cancelled");
        NS_TEST_ASSERT_MSG_EQ(tick.module, "", "a class without TypeId has no module");
        EventProfile::Row add = RowOf(profile, ticker_t, "void (" + ticker_t + "::*)(int, int)");
        NS_TEST_ASSERT_MSG_EQ(add.executed, 2, "Add executed");
        NS_TEST_ASSERT_MSG_EQ(g_sum, 7, "FreeAdd ran");
        NS_TEST_ASSERT_MSG_EQ(RowOf(profile, "function", "void (*)()").executed,
                              4,
                              "free function events");
        NS_TEST_ASSERT_MSG_EQ(RowOf(profile, "function", "void (*)(int)").executed,
                              1,
                              "a free function with an argument: its pointer type, not its "
                              "first template argument");
        EventProfile::Row dispose = RowOf(profile, "ns3::Object");
        NS_TEST_ASSERT_MSG_EQ(dispose.executed, 1, "Object::Dispose");
        NS_TEST_ASSERT_MSG_EQ(dispose.module, "Core", "ns3::Object's TypeId group");
        NS_TEST_ASSERT_MSG_EQ(profile->GetRows().front().executed, 4, "most executed first");

        const std::string csv = profile->ToCsv();
        NS_TEST_ASSERT_MSG_EQ(csv.rfind("executed,cancelled,module,class,event\n4,0,,function,", 0),
                              0,
                              "header, then the most executed kind");
        NS_TEST_ASSERT_MSG_NE(csv.find("2,0,,(anonymous namespace)::Ticker,\"void ((anonymous "
                                       "namespace)::Ticker::*)(int, int)\"\n"),
                              std::string::npos,
                              "the event type with a comma is quoted");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * The suite.
 */
class EventProfileTestSuite : public TestSuite
{
  public:
    EventProfileTestSuite()
        : TestSuite("r3d-event-profile", UNIT)
    {
        AddTestCase(new ClassOfTestCase, TestCase::QUICK);
        AddTestCase(new ProfileSimulationTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static EventProfileTestSuite g_eventProfileTestSuite;
