/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The allocators directly (hand-computed shares) and a property test of the
// engine over random job mixes.

#include "r3d-test-util.h"

#include "ns3/boolean.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/inference-engine.h"
#include "ns3/pointer.h"
#include "ns3/ram-allocator.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace ns3;

/**
 * \ingroup r3d-tests
 * RAM's shares worked out by hand.
 */
class RamSharesTestCase : public TestCase
{
  public:
    RamSharesTestCase()
        : TestCase("RAM shares: Roofline-aware, progressive filling, whole units")
    {
    }

  private:
    void DoRun() override
    {
        // The solver stops within 1e-12 (relative) of the exact speed; the
        // shares inherit that, far inside this tolerance.
        const double tol = 1e-9;
        // cb (t_c 10, t_m 0.1) + mb (t_c 0.01, t_m 10): at common speed a,
        // bandwidth use is a (0.01 + 1) -> a = 1/1.01; compute use a (1 +
        // 0.001) < 1. mb gets only the compute its bandwidth feeds.
        std::vector<ResourceShare> s =
            RamAllocator::AllocateContinuous({JobDemand{10, 0.1, 0}, JobDemand{0.01, 10, 0}});
        double a = 1 / 1.01;
        NS_TEST_ASSERT_MSG_EQ_TOL(s[0].compute, a, tol, "cb compute");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[0].bandwidth, a * 0.01, tol, "cb bandwidth");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[1].compute, a * 0.001, tol, "mb compute");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[1].bandwidth, a, tol, "mb bandwidth");

        // Progressive filling: two compute-only jobs fill compute at speed
        // 1/2 and freeze; the memory-only job keeps rising to its solo speed.
        s = RamAllocator::AllocateContinuous(
            {JobDemand{10, 0, 0}, JobDemand{10, 0, 0}, JobDemand{0, 10, 0}});
        NS_TEST_ASSERT_MSG_EQ_TOL(s[0].compute, 0.5, tol, "compute-only A");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[1].compute, 0.5, tol, "compute-only B");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[2].bandwidth, 1.0, tol, "memory-only C at solo speed");
        NS_TEST_ASSERT_MSG_EQ(s[2].compute, 0, "C needs no compute");

        // With a per-layer overhead the speed counts it: job (t_c 1, t_0 1)
        // twice: solo 2 s; at speed a the compute part must take 2/a - 1, so
        // each needs 1/(2/a - 1) of compute: 2/(2/a - 1) = 1 -> a = 2/3.
        s = RamAllocator::AllocateContinuous({JobDemand{1, 0, 1}, JobDemand{1, 0, 1}});
        NS_TEST_ASSERT_MSG_EQ_TOL(s[0].compute, 0.5, tol, "overhead pair");
        NS_TEST_ASSERT_MSG_EQ_TOL(JobDemand({1, 0, 1}).TimeWith(s[0]), 3.0, tol, "2/a = 3 s");

        // Whole units (4 cores), cb + mb: cb gets 3 cores, mb 1, and mb the
        // bandwidth cb leaves: cb needs 0.1 / (10 / 0.75) = 0.0075.
        s = RamAllocator::AllocateDiscrete({JobDemand{10, 0.1, 0}, JobDemand{0.01, 10, 0}}, 4);
        NS_TEST_ASSERT_MSG_EQ_TOL(s[0].compute, 0.75, tol, "cb 3 of 4 cores");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[1].compute, 0.25, tol, "mb 1 core");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[0].bandwidth, 0.0075, tol, "cb bandwidth");
        NS_TEST_ASSERT_MSG_EQ_TOL(s[1].bandwidth, 0.9925, 1e-9, "mb the rest");

        // Three identical compute-bound jobs on 4 cores: whole units would
        // give 2, 1, 1 -- two jobs slower than equal sharing (1/4 < 1/3) --
        // so RAM time-slices: 1/3 each.
        Ptr<RamAllocator> ram = CreateObject<RamAllocator>();
        std::vector<JobDemand> three(3, JobDemand{10, 0.1, 0});
        s = ram->Allocate(three, 4, true);
        for (const ResourceShare& x : s)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(x.compute, 1.0 / 3, 1e-9, "time-sliced thirds");
        }
    }
};

/**
 * \ingroup r3d-tests
 * RAM on 3000 random demand sets (1-20 jobs, compute and memory times over
 * four decades, per-layer overheads from none to larger than the layer,
 * 1-108 units, whole or continuous): it terminates, never exceeds the
 * device, never grants a negative share, leaves its slowest job no slower
 * than equal sharing leaves its slowest (max-min: equal sharing is one of
 * the allocations RAM chooses among), and -- continuous, when it is not
 * everyone's solo speed -- fills a resource (Pareto). Tolerance 1e-9: the
 * solver stops within 1e-10 of the exact speed.
 */
class RamRandomDemandsTestCase : public TestCase
{
  public:
    RamRandomDemandsTestCase()
        : TestCase("property: RAM on random demands")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(7);
        Ptr<RamAllocator> ram = CreateObject<RamAllocator>();
        const uint32_t unitChoices[] = {1, 4, 8, 108};
        for (int trial = 0; trial < 3000; ++trial)
        {
            std::vector<JobDemand> jobs;
            for (uint32_t j = 0, n = u->GetInteger(1, 20); j < n; ++j)
            {
                double overhead = u->GetValue() < 0.3 ? 0 : std::pow(10, u->GetValue(-6, -2));
                jobs.push_back(JobDemand{std::pow(10, u->GetValue(-5, -1)),
                                         std::pow(10, u->GetValue(-5, -1)),
                                         overhead});
            }
            uint32_t units = unitChoices[u->GetInteger(0, 3)];
            bool discrete = u->GetValue() < 0.5;
            std::vector<ResourceShare> shares = ram->Allocate(jobs, units, discrete);
            double c = 0;
            double m = 0;
            double slowest = 1;
            double slowestEqual = 1;
            double fastest = 0;
            bool negative = false;
            for (std::size_t j = 0; j < jobs.size(); ++j)
            {
                c += shares[j].compute;
                m += shares[j].bandwidth;
                negative = negative || shares[j].compute < 0 || shares[j].bandwidth < 0;
                double speed = jobs[j].SoloTime() / jobs[j].TimeWith(shares[j]);
                double equal = 1.0 / jobs.size();
                slowest = std::min(slowest, speed);
                fastest = std::max(fastest, speed);
                slowestEqual =
                    std::min(slowestEqual,
                             jobs[j].SoloTime() / jobs[j].TimeWith(ResourceShare{equal, equal}));
            }
            NS_TEST_ASSERT_MSG_EQ(negative, false, "trial " << trial << ": negative share");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(c, 1 + 1e-9, "trial " << trial << ": compute");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(m, 1 + 1e-9, "trial " << trial << ": bandwidth");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(slowest,
                                        slowestEqual * (1 - 1e-9),
                                        "trial " << trial << ": max-min vs equal share");
            if (!discrete && slowest < 1 - 1e-9)
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(std::max(c, m),
                                            1 - 1e-9,
                                            "trial " << trial << ": a resource is full");
            }
        }
    }
};

/**
 * \ingroup r3d-tests
 * Random job mixes on the engine (models of 1-8 layers with random FLOPs and
 * bytes, so compute- and memory-bound layers mix; 2-12 jobs arriving within
 * 20 ms; 40 mixes; ns-3 random streams, so the mixes are fixed):
 *  - every job finishes;
 *  - no allocation exceeds the device (sums of shares <= 1);
 *  - every job takes at least its solo time;
 *  - busy time >= the device's lower bound max(sum t_c, sum t_m) of all the
 *    work;
 *  - RAM's makespan <= equal-share's, with whole units and continuous.
 * The device has no per-layer overhead: the last property rests on every job
 * running at least at 1/n of its solo speed under RAM, so RAM's total
 * normalized rate is >= 1 = equal-share's whenever work is left; with an
 * overhead that does not shrink under sharing the argument no longer holds
 * exactly. Tolerance: 1 ns per event (completions round up to ns).
 */
class RandomMixPropertyTestCase : public TestCase
{
  public:
    RandomMixPropertyTestCase()
        : TestCase("property: random mixes conserve work and respect capacity")
    {
    }

  private:
    struct Outcome
    {
        uint32_t finished{0};
        double makespan{0};
        double busy{0};
        uint32_t events{0};
        bool overCapacity{false};
        bool fasterThanSolo{false};
    };

    static void OnAllocation(Outcome* o, const std::vector<ResourceShare>& shares)
    {
        double c = 0;
        double m = 0;
        for (const ResourceShare& s : shares)
        {
            c += s.compute;
            m += s.bandwidth;
            o->overCapacity |= s.compute < 0 || s.bandwidth < 0;
        }
        o->overCapacity |= c > 1 + 1e-9 || m > 1 + 1e-9;
        ++o->events;
    }

    void DoRun() override
    {
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(2024);
        for (int trial = 0; trial < 40; ++trial)
        {
            std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> models;
            uint32_t nModels = u->GetInteger(1, 5);
            std::vector<double> solo;      // per model, s
            std::vector<double> tc;        // per model, sum of compute times
            std::vector<double> tm;        // per model, sum of memory times
            std::vector<uint32_t> nLayers; // per model
            for (uint32_t m = 0; m < nModels; ++m)
            {
                std::vector<std::pair<double, double>> layers;
                double s = 0;
                double c = 0;
                double b = 0;
                for (uint32_t l = 0, n = u->GetInteger(1, 8); l < n; ++l)
                {
                    double flops = std::pow(10, u->GetValue(6, 9));
                    double bytes = std::pow(10, u->GetValue(5, 8));
                    layers.emplace_back(flops, bytes);
                    c += flops / 1e11;
                    b += bytes / 1e10;
                    s += std::max(flops / 1e11, bytes / 1e10);
                }
                models.emplace_back("m" + std::to_string(m), layers);
                solo.push_back(s);
                tc.push_back(c);
                tm.push_back(b);
                nLayers.push_back(layers.size());
            }
            Ptr<ModelCatalog> catalog = r3dtest::WriteModels("mix.json", models);
            std::vector<std::pair<double, uint32_t>> jobs; // (arrival, model)
            for (uint32_t j = 0, n = u->GetInteger(2, 12); j < n; ++j)
            {
                jobs.emplace_back(u->GetValue(0, 20e-3), u->GetInteger(0, nModels - 1));
            }
            double workCompute = 0;
            double workMemory = 0;
            for (const auto& [t, m] : jobs)
            {
                workCompute += tc[m];
                workMemory += tm[m];
            }

            std::map<std::string, Outcome> outcomes;
            for (const char* allocator : {"equal-share", "ram", "ram-continuous"})
            {
                bool continuous = std::string(allocator) == "ram-continuous";
                Outcome& o = outcomes[allocator];
                Ptr<InferenceEngine> engine = CreateObject<InferenceEngine>();
                engine->SetDevice(r3dtest::EngineDevice());
                engine->SetModelCatalog(catalog);
                engine->SetAttribute("Allocator",
                                     PointerValue(InferenceEngineHelper::CreateAllocator(
                                         continuous ? "ram" : allocator)));
                engine->SetAttribute("DiscreteComputeUnits", BooleanValue(!continuous));
                engine->SetAttribute("MaxConcurrentJobs", UintegerValue(0));
                engine->TraceConnectWithoutContext(
                    "Allocation",
                    MakeBoundCallback(&RandomMixPropertyTestCase::OnAllocation, &o));
                for (const auto& [t, m] : jobs)
                {
                    std::string name = "m" + std::to_string(m);
                    double soloTime = solo[m];
                    uint32_t layers = nLayers[m];
                    Simulator::Schedule(Seconds(t), [&o, engine, name, soloTime, layers]() {
                        engine->Submit(name,
                                       Precision::FP32,
                                       1,
                                       Seconds(1),
                                       [&o, soloTime, layers](const InferenceJobRecord& r) {
                                           ++o.finished;
                                           o.makespan =
                                               std::max(o.makespan, r.finished.GetSeconds());
                                           o.fasterThanSolo |=
                                               r.GetComputeTime().GetSeconds() < soloTime - 1e-12;
                                           (void)layers;
                                       });
                    });
                }
                Simulator::Run();
                o.busy = engine->GetBusyTime().GetSeconds();
                Simulator::Destroy();

                std::ostringstream where;
                where << "trial " << trial << ", " << allocator;
                NS_TEST_ASSERT_MSG_EQ(o.finished, jobs.size(), where.str() << ": every job ends");
                NS_TEST_ASSERT_MSG_EQ(o.overCapacity, false, where.str() << ": capacity");
                NS_TEST_ASSERT_MSG_EQ(o.fasterThanSolo, false, where.str() << ": solo bound");
                NS_TEST_ASSERT_MSG_GT_OR_EQ(o.busy + o.events * 1e-9,
                                            std::max(workCompute, workMemory),
                                            where.str() << ": work conservation");
            }
            for (const char* ram : {"ram", "ram-continuous"})
            {
                NS_TEST_ASSERT_MSG_LT_OR_EQ(
                    outcomes[ram].makespan,
                    outcomes["equal-share"].makespan + outcomes[ram].events * 1e-9,
                    "trial " << trial << ": " << ram << " makespan <= equal-share's");
            }
        }
    }
};

/**
 * \ingroup r3d-tests
 * The allocators.
 */
class RamAllocatorTestSuite : public TestSuite
{
  public:
    RamAllocatorTestSuite()
        : TestSuite("r3d-allocators", UNIT)
    {
        AddTestCase(new RamSharesTestCase, TestCase::QUICK);
        AddTestCase(new RamRandomDemandsTestCase, TestCase::QUICK);
        AddTestCase(new RandomMixPropertyTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static RamAllocatorTestSuite g_ramAllocatorTestSuite;
