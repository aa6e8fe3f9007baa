/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The inference engine against hand-computed timelines on a device with
// round numbers (r3dtest::EngineDevice: 100 GFLOP/s, 10 GB/s, efficiency 1,
// no overhead, 4 cores). Models:
//   cb: one layer, 1 GFLOP, 1 MB   -> compute 10 ms, memory 0.1 ms (compute-bound)
//   mb: one layer, 1 MFLOP, 100 MB -> compute 0.01 ms, memory 10 ms (memory-bound)
//
// Tolerance: 1 ns per engine event. Completion events are rounded up to
// ns-3's nanosecond resolution, so each event can add up to 1 ns.

#include "r3d-test-util.h"

#include "ns3/boolean.h"
#include "ns3/catalog-error.h"
#include "ns3/device-catalog.h"
#include "ns3/enum.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/inference-engine.h"
#include "ns3/node-container.h"
#include "ns3/pointer.h"
#include "ns3/ram-allocator.h"
#include "ns3/roofline-model.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <map>

using namespace ns3;

namespace
{

/// Finish times (s) by job id, filled by the engine's callback.
struct Finishes
{
    std::map<uint64_t, InferenceJobRecord> records; //!< by id

    void Done(const InferenceJobRecord& r)
    {
        records[r.id] = r;
    }

    double At(uint64_t id) const
    {
        auto it = records.find(id);
        return it == records.end() ? -1 : it->second.finished.GetSeconds();
    }
};

Ptr<ModelCatalog>
TestModels()
{
    return r3dtest::WriteModels("engine-models.json",
                                {{"cb", {{1e9, 1e6}}},
                                 {"mb", {{1e6, 1e8}}},
                                 {"big", {{1e11, 1e6}}},
                                 {"cb-then-mb", {{1e9, 1e6}, {1e6, 1e8}}}});
}

Ptr<InferenceEngine>
MakeEngine(const std::string& allocator, bool discrete = true, uint32_t cap = 4)
{
    Ptr<InferenceEngine> engine = CreateObject<InferenceEngine>();
    engine->SetDevice(r3dtest::EngineDevice());
    engine->SetModelCatalog(TestModels());
    engine->SetAttribute("Allocator",
                         PointerValue(InferenceEngineHelper::CreateAllocator(allocator)));
    engine->SetAttribute("DiscreteComputeUnits", BooleanValue(discrete));
    engine->SetAttribute("MaxConcurrentJobs", UintegerValue(cap));
    return engine;
}

/// Submit at time t (seconds) from the simulation.
void
SubmitAt(Ptr<InferenceEngine> engine, double t, const std::string& model, Finishes* out)
{
    Simulator::Schedule(Seconds(t), [=]() {
        engine->Submit(model, Precision::FP32, 1, Seconds(1), MakeCallback(&Finishes::Done, out));
    });
}

constexpr double NS = 1e-9;

} // namespace

/**
 * \ingroup r3d-tests
 * A job alone takes exactly the Roofline model's latency: on the round
 * device, and for a real catalog model (ResNet-50 on a Jetson Nano at fp16,
 * 88 layers: tolerance 88 ns).
 */
class SoloJobTestCase : public TestCase
{
  public:
    SoloJobTestCase()
        : TestCase("solo job equals the Roofline latency")
    {
    }

  private:
    void DoRun() override
    {
        Finishes f;
        Ptr<InferenceEngine> engine = MakeEngine("ram");
        SubmitAt(engine, 0, "cb", &f);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(f.At(1), 10e-3, NS, "cb alone: 1 GFLOP / 100 GFLOP/s");
        NS_TEST_ASSERT_MSG_EQ(f.records[1].GetQueueingTime(), Time(0), "no queueing");
        Simulator::Destroy();

        Ptr<DeviceCatalog> devices = DeviceCatalog::LoadCached(DeviceCatalog::GetDefaultPath());
        Ptr<ModelCatalog> models = ModelCatalog::LoadCached(ModelCatalog::GetDefaultPath());
        const DeviceProfile& nano = devices->Get("jetson-nano");
        const DnnModel& resnet = models->Get("resnet50");
        double expected = RooflineModel(nano, Precision::FP16).EstimateModel(resnet).latency;
        Ptr<InferenceEngine> real = CreateObject<InferenceEngine>();
        real->SetDevice(nano);
        real->SetModelCatalog(models);
        Finishes g;
        Simulator::Schedule(Seconds(0), [&]() {
            real->Submit("resnet50",
                         Precision::FP16,
                         1,
                         Seconds(1),
                         MakeCallback(&Finishes::Done, &g));
        });
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(g.At(1),
                                  expected,
                                  resnet.layers.size() * NS,
                                  "resnet50 on jetson-nano, fp16");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * Two identical compute-bound jobs each take twice their solo time, under
 * equal-share and under RAM (whole units: 2 cores each).
 */
class IdenticalPairTestCase : public TestCase
{
  public:
    IdenticalPairTestCase()
        : TestCase("two identical compute-bound jobs take twice as long")
    {
    }

  private:
    void DoRun() override
    {
        for (const char* allocator : {"equal-share", "ram"})
        {
            Finishes f;
            Ptr<InferenceEngine> engine = MakeEngine(allocator);
            SubmitAt(engine, 0, "cb", &f);
            SubmitAt(engine, 0, "cb", &f);
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(1), 20e-3, 2 * NS, allocator << ": first");
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(2), 20e-3, 2 * NS, allocator << ": second");
            Simulator::Destroy();
        }
        // Two memory-bound jobs contend for bandwidth the same way.
        Finishes f;
        Ptr<InferenceEngine> engine = MakeEngine("ram");
        SubmitAt(engine, 0, "mb", &f);
        SubmitAt(engine, 0, "mb", &f);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(f.At(2), 20e-3, 2 * NS, "two memory-bound jobs");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * A compute-bound and a memory-bound job together. Equal-share gives each
 * half of everything: both take 20 ms. RAM (continuous shares) runs both at
 * the common speed a where bandwidth fills: cb needs a x 0.1/10 of it and mb
 * a x 10/10, so a = 1 / 1.01 and both end at 10 ms x 1.01 = 10.1 ms --
 * no later than under equal-share, and far less interference than either
 * identical pair (20 ms).
 */
class MixedPairTestCase : public TestCase
{
  public:
    MixedPairTestCase()
        : TestCase("compute-bound + memory-bound pair: ram vs equal-share")
    {
    }

  private:
    void DoRun() override
    {
        std::map<std::string, double> makespan;
        for (const char* allocator : {"equal-share", "ram"})
        {
            Finishes f;
            Ptr<InferenceEngine> engine = MakeEngine(allocator, false);
            SubmitAt(engine, 0, "cb", &f);
            SubmitAt(engine, 0, "mb", &f);
            Simulator::Run();
            makespan[allocator] = std::max(f.At(1), f.At(2));
            Simulator::Destroy();
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(makespan["equal-share"], 20e-3, 2 * NS, "equal-share");
        NS_TEST_ASSERT_MSG_EQ_TOL(makespan["ram"], 10.1e-3, 2 * NS, "ram, continuous");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(makespan["ram"], makespan["equal-share"], "ram no later");

        // With whole cores (4): cb gets 3 cores (speed 0.75), mb 1 core and
        // the bandwidth left: 1 - 0.0075 = 0.9925 -> mb ends at
        // 10 ms / 0.9925; cb then has 1 - 0.75 x 10.0756 / 10 of its work
        // left and runs alone: ends at 10.0756 + 10 x (1 - 0.755668) ms.
        Finishes f;
        Ptr<InferenceEngine> engine = MakeEngine("ram", true);
        SubmitAt(engine, 0, "cb", &f);
        SubmitAt(engine, 0, "mb", &f);
        Simulator::Run();
        double mbEnd = 10e-3 / 0.9925;
        double cbEnd = mbEnd + 10e-3 * (1 - 0.75 * mbEnd / 10e-3);
        NS_TEST_ASSERT_MSG_EQ_TOL(f.At(2), mbEnd, 2 * NS, "mb with 1 core");
        NS_TEST_ASSERT_MSG_EQ_TOL(f.At(1), cbEnd, 3 * NS, "cb with 3 cores, then alone");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * A job arriving mid-job re-times the running one, keeping its work done.
 * Equal-share; cb at 0 and at 4 ms: the first runs alone for 4 ms (40 %),
 * then both at half speed: it ends at 4 + 2 x 6 = 16 ms; the second has
 * done 6 ms of work by then and ends alone at 20 ms.
 */
class MidJobArrivalTestCase : public TestCase
{
  public:
    MidJobArrivalTestCase()
        : TestCase("arrival mid-job re-times the running job")
    {
    }

  private:
    void DoRun() override
    {
        Finishes f;
        Ptr<InferenceEngine> engine = MakeEngine("equal-share");
        SubmitAt(engine, 0, "cb", &f);
        SubmitAt(engine, 4e-3, "cb", &f);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(f.At(1), 16e-3, 2 * NS, "first job");
        NS_TEST_ASSERT_MSG_EQ_TOL(f.At(2), 20e-3, 3 * NS, "second job");
        NS_TEST_ASSERT_MSG_EQ_TOL(f.records[2].GetComputeTime().GetSeconds(),
                                  16e-3,
                                  3 * NS,
                                  "second job's compute time");
        Simulator::Destroy();

        // A layer boundary re-times too: cb-then-mb alone takes 10 + 10 ms;
        // next to a cb job under RAM (continuous), its first layer competes
        // for compute (both at speed 1/2 -> 20 ms), then its memory-bound
        // layer runs next to the remaining compute-bound work.
        Finishes g;
        Ptr<InferenceEngine> ram = MakeEngine("ram", false);
        SubmitAt(ram, 0, "cb-then-mb", &g);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(g.At(1), 20e-3, 2 * NS, "two layers alone");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * The concurrency cap, the queue and its disciplines, one-at-a-time.
 */
class CapAndQueueTestCase : public TestCase
{
  public:
    CapAndQueueTestCase()
        : TestCase("concurrency cap, queue capacity, FIFO and deadline order")
    {
    }

  private:
    void DoRun() override
    {
        // Cap 2, three cb jobs at 0: two share the device until 20 ms, the
        // third starts then and ends at 30 ms after 20 ms in the queue.
        {
            Finishes f;
            Ptr<InferenceEngine> engine = MakeEngine("equal-share", true, 2);
            for (int i = 0; i < 3; ++i)
            {
                SubmitAt(engine, 0, "cb", &f);
            }
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(2), 20e-3, 2 * NS, "second");
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(3), 30e-3, 3 * NS, "third");
            NS_TEST_ASSERT_MSG_EQ_TOL(f.records[3].GetQueueingTime().GetSeconds(),
                                      20e-3,
                                      2 * NS,
                                      "third's queueing time");
            Simulator::Destroy();
        }
        // one-at-a-time: 10 ms each, in turn.
        {
            Finishes f;
            Ptr<InferenceEngine> engine = MakeEngine("one-at-a-time");
            SubmitAt(engine, 0, "cb", &f);
            SubmitAt(engine, 0, "mb", &f);
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(1), 10e-3, NS, "first alone");
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(2), 20e-3, 2 * NS, "second after it");
            Simulator::Destroy();
        }
        // Queue capacity 1 with cap 1: the third job at once is dropped.
        {
            Ptr<InferenceEngine> engine = MakeEngine("ram", true, 1);
            engine->SetAttribute("QueueCapacity", UintegerValue(1));
            std::vector<uint64_t> ids;
            Simulator::Schedule(Seconds(0), [&]() {
                for (int i = 0; i < 3; ++i)
                {
                    ids.push_back(engine->Submit("cb", Precision::FP32, 1, Seconds(1), {}));
                }
            });
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(ids.size(), 3, "three submissions");
            NS_TEST_ASSERT_MSG_EQ(ids[0], 1, "first runs");
            NS_TEST_ASSERT_MSG_EQ(ids[1], 2, "second waits");
            NS_TEST_ASSERT_MSG_EQ(ids[2], 0, "third dropped");
            Simulator::Destroy();
        }
        // Earliest deadline first, cap 1: A (deadline 100 ms) starts at
        // once; then C (10 ms) before B (50 ms).
        {
            Ptr<InferenceEngine> engine = MakeEngine("ram", true, 1);
            engine->SetAttribute("QueueDiscipline", EnumValue(InferenceEngine::DEADLINE));
            Finishes f;
            Simulator::Schedule(Seconds(0), [&]() {
                auto done = MakeCallback(&Finishes::Done, &f);
                engine->Submit("cb", Precision::FP32, 1, MilliSeconds(100), done);
                engine->Submit("cb", Precision::FP32, 1, MilliSeconds(50), done);
                engine->Submit("cb", Precision::FP32, 1, MilliSeconds(10), done);
            });
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(1), 10e-3, NS, "A first");
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(3), 20e-3, 2 * NS, "C, earliest deadline, second");
            NS_TEST_ASSERT_MSG_EQ_TOL(f.At(2), 30e-3, 3 * NS, "B last");
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup r3d-tests
 * The helper aggregates one engine per node with the chosen allocator and
 * rejects unknown allocator names; the engine rejects unknown models and
 * precisions its device lacks with a CatalogError.
 */
class EngineHelperTestCase : public TestCase
{
  public:
    EngineHelperTestCase()
        : TestCase("helper installs engines; bad names are errors")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(3);
        InferenceEngineHelper helper;
        helper.SetDevice("raspberry-pi-4");
        helper.SetAllocator("equal-share");
        InferenceEngineContainer engines = helper.Install(nodes);
        NS_TEST_ASSERT_MSG_EQ(engines.GetN(), 3, "one engine per node");
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(nodes.Get(i)->GetObject<InferenceEngine>(),
                                  engines.Get(i),
                                  "aggregated to node " << i);
            PointerValue allocator;
            engines.Get(i)->GetAttribute("Allocator", allocator);
            NS_TEST_ASSERT_MSG_EQ(allocator.Get<InferenceAllocator>()->GetName(),
                                  "equal-share",
                                  "allocator of engine " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(engines.Get(0)->GetDevice().name, "raspberry-pi-4", "device");

        bool threw = false;
        try
        {
            helper.SetAllocator("fair-share");
        }
        catch (const std::invalid_argument& e)
        {
            threw = std::string(e.what()).find("fair-share") != std::string::npos;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "unknown allocator name");

        std::string unknownModel;
        std::string noFp16;
        try
        {
            engines.Get(0)->Submit("lenet", Precision::FP32, 1, Seconds(1), {});
        }
        catch (const CatalogError& e)
        {
            unknownModel = e.what();
        }
        try
        {
            // The Raspberry Pi 4 has no fp16 peak (its int8 is in the catalog).
            engines.Get(0)->Submit("resnet18", Precision::FP16, 1, Seconds(1), {});
        }
        catch (const CatalogError& e)
        {
            noFp16 = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(unknownModel.find("unknown model"), std::string::npos, unknownModel);
        NS_TEST_ASSERT_MSG_NE(noFp16.find("does not support fp16"), std::string::npos, noFp16);
        NS_TEST_ASSERT_MSG_EQ(engines.Get(0)->GetQueuedJobs() + engines.Get(0)->GetRunningJobs(),
                              0,
                              "rejected jobs leave no trace in the engine");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * The inference engine.
 */
class InferenceEngineTestSuite : public TestSuite
{
  public:
    InferenceEngineTestSuite()
        : TestSuite("r3d-inference-engine", UNIT)
    {
        AddTestCase(new SoloJobTestCase, TestCase::QUICK);
        AddTestCase(new IdenticalPairTestCase, TestCase::QUICK);
        AddTestCase(new MixedPairTestCase, TestCase::QUICK);
        AddTestCase(new MidJobArrivalTestCase, TestCase::QUICK);
        AddTestCase(new CapAndQueueTestCase, TestCase::QUICK);
        AddTestCase(new EngineHelperTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static InferenceEngineTestSuite g_inferenceEngineTestSuite;
