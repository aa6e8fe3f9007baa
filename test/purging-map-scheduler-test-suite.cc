/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// PurgingMapScheduler: cancelled events are dropped once the map reaches the
// purge threshold, live events keep their order, and a simulation run on it
// executes exactly the events a MapScheduler would. Counts are exact (no
// tolerance): every expectation is a count of events placed by hand.

#include "ns3/event-impl.h"
#include "ns3/make-event.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/purging-map-scheduler.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <vector>

using namespace ns3;

namespace
{

void
Nothing()
{
}

/// \return an event at \p ts (time step) with unique id \p uid
Scheduler::Event
MakeAt(uint64_t ts, uint32_t uid)
{
    Scheduler::Event ev;
    ev.impl = MakeEvent(&Nothing);
    ev.key.m_ts = ts;
    ev.key.m_uid = uid;
    ev.key.m_context = 0;
    return ev;
}

} // namespace

/**
 * \ingroup r3d-tests
 * Eight events at t = 1..8, the even ones cancelled: nothing is purged below
 * the threshold (8); the insert that reaches it drops the four cancelled
 * events; the live ones come out in time order.
 */
class PurgeTestCase : public TestCase
{
  public:
    PurgeTestCase()
        : TestCase("cancelled events are dropped at the threshold, live ones keep their order")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<PurgingMapScheduler> s = CreateObject<PurgingMapScheduler>();
        s->SetAttribute("PurgeThreshold", UintegerValue(8));
        std::vector<EventImpl*> impls;
        for (uint32_t i = 1; i <= 7; ++i)
        {
            Scheduler::Event ev = MakeAt(i, i);
            impls.push_back(ev.impl);
            s->Insert(ev);
        }
        for (uint32_t i = 1; i < impls.size(); i += 2)
        {
            impls[i]->Cancel(); // t = 2, 4, 6
        }
        NS_TEST_ASSERT_MSG_EQ(s->GetPurged(), 0, "7 events: below the threshold");
        Scheduler::Event eighth = MakeAt(8, 8);
        eighth.impl->Cancel();
        s->Insert(eighth); // 8 events: purge
        NS_TEST_ASSERT_MSG_EQ(s->GetPurged(), 4, "t = 2, 4, 6, 8 were cancelled");

        std::vector<uint64_t> order;
        while (!s->IsEmpty())
        {
            Scheduler::Event ev = s->RemoveNext();
            NS_TEST_ASSERT_MSG_EQ(ev.impl->IsCancelled(), false, "only live events are left");
            order.push_back(ev.key.m_ts);
            ev.impl->Unref();
        }
        const std::vector<uint64_t> expected{1, 3, 5, 7};
        NS_TEST_ASSERT_MSG_EQ((order == expected), true, "live events in time order");
    }
};

/**
 * \ingroup r3d-tests
 * A simulation on the scheduler: 5000 events scheduled 1e9 s ahead and
 * cancelled (what the Wi-Fi radio energy model does on every energy update)
 * never run, and 10 events at 1..10 s run in order, exactly once each.
 */
class SimulationTestCase : public TestCase
{
  public:
    SimulationTestCase()
        : TestCase("a simulation on the scheduler runs exactly the live events, in order")
    {
    }

  private:
    void DoRun() override
    {
        ObjectFactory factory;
        factory.SetTypeId(PurgingMapScheduler::GetTypeId());
        factory.Set("PurgeThreshold", UintegerValue(64));
        Simulator::SetScheduler(factory);
        std::vector<double> ran;
        uint32_t farRan = 0;
        for (uint32_t i = 0; i < 5000; ++i)
        {
            EventId far = Simulator::Schedule(Seconds(1e9), [&farRan]() { ++farRan; });
            far.Cancel();
        }
        for (uint32_t i = 1; i <= 10; ++i)
        {
            Simulator::Schedule(Seconds(i),
                                [&ran]() { ran.push_back(Simulator::Now().GetSeconds()); });
        }
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(farRan, 0, "cancelled events never run");
        NS_TEST_ASSERT_MSG_EQ(ran.size(), 10, "every live event ran once");
        for (uint32_t i = 0; i < ran.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(ran[i], i + 1.0, 1e-12, "in time order");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * The suite.
 */
class PurgingMapSchedulerTestSuite : public TestSuite
{
  public:
    PurgingMapSchedulerTestSuite()
        : TestSuite("r3d-purging-map-scheduler", UNIT)
    {
        AddTestCase(new PurgeTestCase, TestCase::QUICK);
        AddTestCase(new SimulationTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static PurgingMapSchedulerTestSuite g_purgingMapSchedulerTestSuite;
