/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The observation a learning policy sees and the cost it is rewarded by,
// against values computed by hand: the per-pair features of a hand-built
// view, the cost terms of an interval, its per-model shares, and the
// monitor that fills intervals from a running scenario.

#include "r3d-test-util.h"

#include "ns3/deployment-controller.h"
#include "ns3/deployment-cost-monitor.h"
#include "ns3/deployment-cost.h"
#include "ns3/deployment-features.h"
#include "ns3/deployment-observation.h"
#include "ns3/double.h"
#include "ns3/pointer.h"
#include "ns3/r3d-trainer.h"
#include "ns3/request-tracker.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace ns3;

namespace
{

constexpr uint32_t F = DeploymentFeatures::N_FEATURES;

/**
 * \brief The features' definition evaluated literally, pair by pair (the
 *        O(M D N^2) form DeploymentFeatures used before it shared the
 *        per-origin work): the reference the fast form must reproduce.
 *        Returns, per pair, features 12 (localDemand), 14 (gain), 15
 *        (share) and 17 (network), the ones built from the origins.
 */
std::vector<double>
ReferenceOriginFeatures(const MecView& view, double cap, double rateNorm)
{
    const uint32_t N = view.nodes.size();
    const uint32_t M = view.models.size();
    const uint32_t D = view.origins.size();
    bool known = false;
    for (uint32_t o = 0; o < D; ++o)
    {
        known = known || view.links[o].reported;
    }
    auto demand = [&](uint32_t o, uint32_t m) {
        double d = known ? view.demand[o][m] : 1.0;
        return std::isfinite(d) && d > 0 ? d : 0.0;
    };
    std::vector<double> out;
    for (uint32_t n = 0; n < N; ++n)
    {
        for (uint32_t m = 0; m < M; ++m)
        {
            const double deadline = view.deadline[m] > 0 ? view.deadline[m] : 1.0;
            auto ratio = [&](double t) {
                double r = t / deadline;
                return std::isfinite(r) ? std::min(r, cap) : cap;
            };
            auto held = [&](uint32_t h) { return view.IsHeld(h, m); };
            auto infra = [&](uint32_t h) {
                return view.nodes[h].tier != Tier::END && !view.status[h].down;
            };
            double total = 0;
            double local = 0;
            double gain = 0;
            double share = 0;
            double network = 0;
            for (uint32_t o = 0; o < D; ++o)
            {
                total += demand(o, m);
            }
            for (uint32_t o = 0; o < D; ++o)
            {
                const double d = demand(o, m);
                if (d <= 0)
                {
                    continue;
                }
                const uint32_t own = view.origins[o];
                local += own == n ? d : 0;
                // Host: own node if it holds (n counted as holding), else
                // the fastest holder up, ties to the lowest index.
                uint32_t host = N;
                if (own == n || held(own))
                {
                    host = own;
                }
                else
                {
                    double best = 0;
                    for (uint32_t h = 0; h < N; ++h)
                    {
                        if ((h == n || held(h)) && !view.status[h].down)
                        {
                            double t = view.CompletionTime(o, h, m);
                            if (host == N || t < best)
                            {
                                host = h;
                                best = t;
                            }
                        }
                    }
                }
                share += host == n ? d : 0;
                network += d * view.NetworkTime(o, n, m) / deadline;
                double g = 0;
                if (view.nodes[n].tier == Tier::END)
                {
                    if (own == n)
                    {
                        double remote = cap;
                        for (uint32_t h = 0; h < N; ++h)
                        {
                            if (infra(h) &&
                                (held(h) || view.MemoryBytes(h, m) <= view.FreeMemory(h)))
                            {
                                remote = std::min(remote, ratio(view.CompletionTime(o, h, m)));
                            }
                        }
                        g = remote - ratio(view.CompletionTime(o, n, m));
                    }
                }
                else if (!held(own))
                {
                    double with = cap;
                    double without = cap;
                    for (uint32_t h = 0; h < N; ++h)
                    {
                        if (infra(h) && (held(h) || h == n))
                        {
                            double r = ratio(view.CompletionTime(o, h, m));
                            with = std::min(with, r);
                            without = h != n ? std::min(without, r) : without;
                        }
                    }
                    g = without - with;
                }
                gain += d * g;
            }
            const double gainDemand = view.nodes[n].tier == Tier::END ? local : total;
            out.push_back(std::clamp(local / rateNorm, 0.0, 1.0));
            out.push_back(gainDemand > 0 ? std::clamp(gain / gainDemand, -1.0, 1.0) : 0.0);
            out.push_back(total > 0 ? std::clamp(share / total, 0.0, 1.0) : 0.0);
            const double x = total > 0 ? network / total : 0.0;
            out.push_back(!std::isfinite(x) ? (x > 0 ? 1.0 : 0.0) : x <= 0 ? 0.0 : x / (1 + x));
        }
    }
    return out;
}

/**
 * \ingroup r3d-tests
 * \brief The features built from the origins (localDemand, gain, share,
 *        network) equal the definition evaluated pair by pair
 *        (ReferenceOriginFeatures) on 300 random views: 2-9 devices (one
 *        origin each), 1-3 edges, a cloud, 1-5 models; random holdings,
 *        loads, down nodes, demand (zeros included), measured and default
 *        paths, equal completion times (ties) and infinite compute times.
 *        Tolerance 1e-6: both sum the same terms in the same order in
 *        double, then round to float (~6e-8 relative).
 */
class FeatureReferenceTestCase : public TestCase
{
  public:
    FeatureReferenceTestCase()
        : TestCase("origin features equal their pair-by-pair definition on random views")
    {
    }

  private:
    void DoRun() override
    {
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> u(0, 1);
        auto pick = [&](uint32_t lo, uint32_t hi) {
            return lo + static_cast<uint32_t>(u(rng) * (hi - lo + 1)) % (hi - lo + 1);
        };
        for (uint32_t trial = 0; trial < 300; ++trial)
        {
            const uint32_t nDev = pick(2, 9);
            const uint32_t nEdge = pick(1, 3);
            const uint32_t M = pick(1, 5);
            MecView v;
            v.now = Seconds(10);
            for (uint32_t i = 0; i < nDev; ++i)
            {
                r3dtest::AddNode(v, "device", Tier::END, i % nEdge, 100e6 + u(rng) * 400e6);
            }
            for (uint32_t k = 0; k < nEdge; ++k)
            {
                r3dtest::AddNode(v, "edge", Tier::EDGE, k, 200e6 + u(rng) * 800e6);
            }
            r3dtest::AddNode(v, "cloud", Tier::CLOUD, -1, 4e9);
            const uint32_t N = v.nodes.size();
            for (uint32_t m = 0; m < M; ++m)
            {
                v.models.push_back("m" + std::to_string(m));
                v.weightBytes.push_back(10e6 + u(rng) * 200e6);
                v.inputBytes.push_back(u(rng) < 0.2 ? 150000 : 1e5 + u(rng) * 1e6);
                v.resultBytes.push_back(u(rng) * 1e4);
                v.deadline.push_back(u(rng) < 0.1 ? 0 : 0.02 + u(rng) * 0.2);
            }
            v.status.resize(N);
            v.computeTime.assign(N, std::vector<double>(M));
            for (uint32_t n = 0; n < N; ++n)
            {
                MecNodeStatus& st = v.status[n];
                st.reported = u(rng) < 0.8;
                st.reportTime = Seconds(9);
                st.down = n >= nDev && u(rng) < 0.15;
                st.queueLength = pick(0, 3);
                st.runningJobs = pick(0, 2);
                st.models.assign(M, ModelState::ABSENT);
                double used = 0;
                for (uint32_t m = 0; m < M; ++m)
                {
                    // Ties: equal compute times on equal nodes; infinities.
                    v.computeTime[n][m] = u(rng) < 0.1   ? std::numeric_limits<double>::infinity()
                                          : u(rng) < 0.3 ? 0.01
                                                         : u(rng) * 0.1;
                    if (u(rng) < 0.4 && used + v.weightBytes[m] <= v.nodes[n].memoryCapacity)
                    {
                        st.models[m] = u(rng) < 0.7 ? ModelState::READY : ModelState::LOADING;
                        used += v.weightBytes[m];
                    }
                }
                st.freeMemory = v.nodes[n].memoryCapacity - used;
            }
            for (uint32_t i = 0; i < nDev; ++i)
            {
                v.origins.push_back(i);
            }
            v.demand.assign(nDev, std::vector<double>(M));
            v.links.resize(nDev);
            for (uint32_t o = 0; o < nDev; ++o)
            {
                v.links[o].reported = trial % 5 != 0; // some views before any report
                v.links[o].goodputMbps.assign(N, std::nan(""));
                v.links[o].rttMs.assign(N, std::nan(""));
                for (uint32_t h = 0; h < N; ++h)
                {
                    if (u(rng) < 0.6)
                    {
                        v.links[o].goodputMbps[h] = u(rng) < 0.3 ? 50 : u(rng) * 200;
                        v.links[o].rttMs[h] = u(rng) < 0.3 ? 4 : u(rng) * 40;
                    }
                }
                for (uint32_t m = 0; m < M; ++m)
                {
                    v.demand[o][m] = u(rng) < 0.3 ? 0 : u(rng) * 30;
                }
            }
            v.defaultPathRate = 1e8;
            v.defaultPathRtt = 0.005;

            const std::vector<float> x = DeploymentFeatures(ObservationNorms(), 4).Encode(v);
            const std::vector<double> want = ReferenceOriginFeatures(v, 4, ObservationNorms().rate);
            const uint32_t ids[] = {12, 14, 15, 17};
            for (uint32_t p = 0; p < N * M; ++p)
            {
                for (uint32_t k = 0; k < 4; ++k)
                {
                    NS_TEST_ASSERT_MSG_EQ_TOL(double(x[p * F + ids[k]]),
                                              want[p * 4 + k],
                                              1e-6,
                                              "trial " << trial << " pair " << p << " feature "
                                                       << ids[k]);
                }
            }
        }
    }
};

/**
 * \ingroup r3d-tests
 * \brief The per-pair observation of a hand-built view, feature by feature.
 *
 * Expected values by hand (see r3dtest::SmallAgentView): no origin reported, so demand is
 * 1 request/s per model; network time to a remote node = bits / 1e8 + 5 ms
 * (a: 15 ms); completion = network + compute (nothing queued).
 */
class FeatureLayoutTestCase : public TestCase
{
  public:
    FeatureLayoutTestCase()
        : TestCase("per-pair features of a hand-built view")
    {
    }

  private:
    void DoRun() override
    {
        MecView v = r3dtest::SmallAgentView();
        DeploymentFeatures features;
        std::vector<float> x = features.Encode(v);
        NS_TEST_ASSERT_MSG_EQ(x.size(), 3 * 2 * F, "N M F features");
        NS_TEST_ASSERT_MSG_EQ(DeploymentFeatures::GetNames().size(), F, "one name per feature");
        NS_TEST_ASSERT_MSG_EQ(DeploymentFeatures::GetNames()[14], "gain", "gain is feature 14");
        auto at = [&x](uint32_t n, uint32_t m, uint32_t f) {
            return double(x[(n * 2 + m) * F + f]);
        };
        // float storage: 1e-6 covers rounding of values of order 1.
        const double tol = 1e-6;

        // (device, a): r_local = 0.05 / 0.1 = 0.5; best infrastructure host
        // the model is or could be on: the cloud, (0.015 + 0.002) / 0.1 =
        // 0.17, so gain = 0.17 - 0.5 = -0.33.
        std::vector<double> deviceA = {1,
                                       0,
                                       0,
                                       0,
                                       0,
                                       0,
                                       1,
                                       100.0 / 350,
                                       1,
                                       0,
                                       0,
                                       0.5 / 1.5,
                                       1.0 / 20,
                                       0.05 / 1.05,
                                       -0.33,
                                       1,
                                       0.5,
                                       0,
                                       1};
        for (uint32_t f = 0; f < F; ++f)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(at(0, 0, f), deviceA[f], tol, "(device, a) feature " << f);
        }
        // (edge, a), held: without it nobody holds a (cap 4), with it 0.25:
        // gain 4 - 0.25, clipped to 1; free memory 400 of 500 MB.
        std::vector<double> edgeA = {0,
                                     1,
                                     0,
                                     0,
                                     0,
                                     0,
                                     0.8,
                                     0.2,
                                     0,
                                     1,
                                     0,
                                     0.1 / 1.1,
                                     0,
                                     0.05 / 1.05,
                                     1,
                                     1,
                                     1,
                                     0.15 / 1.15,
                                     1};
        for (uint32_t f = 0; f < F; ++f)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(at(1, 0, f), edgeA[f], tol, "(edge, a) feature " << f);
        }
        // (cloud, a): best infrastructure time with it 0.17, without 0.25:
        // gain 0.08; the clients would pick it (0.017 s < 0.025 s).
        std::vector<double> cloudA = {0,
                                      0,
                                      1,
                                      0,
                                      0,
                                      0,
                                      1,
                                      0.1,
                                      1,
                                      0,
                                      0,
                                      0.02 / 1.02,
                                      0,
                                      0.05 / 1.05,
                                      0.08,
                                      1,
                                      0.5,
                                      0.15 / 1.15,
                                      1};
        for (uint32_t f = 0; f < F; ++f)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(at(2, 0, f), cloudA[f], tol, "(cloud, a) feature " << f);
        }
        // (edge, b): nobody holds b; with the edge (0.085 + 0.04) / 0.2 =
        // 0.625, without 4: gain 3.375, clipped to 1; the cloud is not a holder.
        NS_TEST_EXPECT_MSG_EQ_TOL(at(1, 1, 14), 1.0, tol, "(edge, b) gain");
        NS_TEST_EXPECT_MSG_EQ_TOL(at(1, 1, 16), 1.0, tol, "(edge, b) no other replica");

        // A reported load and a down node.
        v.status[1].reported = true;
        v.status[1].queueLength = 4;
        v.status[1].runningJobs = 4;
        v.status[1].computeUtilization = 0.5;
        v.status[1].freeMemory = 400e6;
        v.status[2].down = true;
        x = features.Encode(v);
        NS_TEST_EXPECT_MSG_EQ_TOL(at(1, 0, 4), 0.5, tol, "load = 8 jobs / 16");
        NS_TEST_EXPECT_MSG_EQ_TOL(at(1, 0, 5), 0.5, tol, "utilization");
        NS_TEST_EXPECT_MSG_EQ_TOL(at(2, 0, 3), 1.0, tol, "down");
        NS_TEST_EXPECT_MSG_EQ_TOL(at(1, 0, 18), 0.0, tol, "the edge reported");
        NS_TEST_EXPECT_MSG_EQ_TOL(at(0, 0, 18), 1.0, tol, "the device did not");
        NS_TEST_EXPECT_MSG_EQ_TOL(at(2, 0, 14), 0.0, tol, "a down node gains nothing");
    }
};

/**
 * \ingroup r3d-tests
 * \brief The cost terms of a hand-built interval, and the monitor on a
 *        scripted request sequence.
 */
class CostTermsTestCase : public TestCase
{
  public:
    CostTermsTestCase()
        : TestCase("reward terms: the cost of an interval")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DeploymentCost> cost = CreateObject<DeploymentCost>();
        CostInterval i;
        i.start = Seconds(1);
        i.end = Seconds(3);
        i.ended = 4;
        i.completed = 3;
        i.missed = 2;
        i.latencySum = 0.5 + 1.2 + 0.8 + 4; // the drop counts LatencyCap
        i.energyJ = 50;
        i.deploys = 3;
        i.evictions = 2;
        CostTerms t = cost->Evaluate(i);
        // Default weights 1, 1, 0.05 /W, 0.05; exact in binary up to rounding.
        NS_TEST_EXPECT_MSG_EQ_TOL(t.latency, 6.5 / 4, 1e-12, "mean capped latency / deadline");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.miss, 0.5, 1e-12, "2 of 4 missed");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.energy, 0.05 * 25, 1e-12, "50 J over 2 s = 25 W");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.change, 0.15, 1e-12, "3 deploys, evictions free");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.total, 1.625 + 0.5 + 1.25 + 0.15, 1e-12, "sum");
        i.modelEnded = {3, 1};
        i.modelMissed = {1, 1};
        i.modelLatencySum = {0.5 + 1.2, 0.8 + 4};
        i.modelDeploys = {1, 2};
        std::vector<double> shares = cost->EvaluatePerModel(i, 2);
        // Model 0: 1.7 / 4 + 1 / 4 + 1.25 / 2 + 0.05; model 1: 4.8 / 4 + 1 / 4 + 0.625 + 0.1.
        NS_TEST_EXPECT_MSG_EQ_TOL(shares[0], 0.425 + 0.25 + 0.625 + 0.05, 1e-12, "model 0 share");
        NS_TEST_EXPECT_MSG_EQ_TOL(shares[1], 1.2 + 0.25 + 0.625 + 0.1, 1e-12, "model 1 share");
        NS_TEST_EXPECT_MSG_EQ_TOL(shares[0] + shares[1], t.total, 1e-12, "shares add up");
        CostInterval empty;
        empty.start = Seconds(0);
        empty.end = Seconds(1);
        NS_TEST_EXPECT_MSG_EQ(cost->Evaluate(empty).total, 0.0, "nothing ended, nothing drawn");

        // The monitor: three requests in one interval [0, 1 s).
        Ptr<MecRequestTracker> tracker = CreateObject<MecRequestTracker>();
        Ptr<DeploymentController> controller = CreateObject<DeploymentController>();
        Ptr<DeploymentCostMonitor> monitor = CreateObject<DeploymentCostMonitor>();
        monitor->SetAttribute("Cost", PointerValue(cost));
        monitor->Attach(tracker, controller, EnergySourceContainer());
        uint64_t a = 0;
        uint64_t b = 0;
        uint64_t c = 0;
        Simulator::Schedule(Seconds(0.01), [&]() {
            a = tracker->Generate(0, 0, 0, MilliSeconds(50));
            b = tracker->Generate(0, 0, 0, MilliSeconds(50));
            c = tracker->Generate(0, 0, 0, MilliSeconds(50));
        });
        // a: 30 ms (0.6 of its deadline, met); b: 80 ms (1.6, missed);
        // c: dropped (LatencyCap 4, missed).
        Simulator::Schedule(Seconds(0.04), [&]() {
            tracker->Complete(a, Seconds(0.02), Seconds(0.02), Seconds(0.03));
        });
        Simulator::Schedule(Seconds(0.09), [&]() {
            tracker->Complete(b, Seconds(0.02), Seconds(0.02), Seconds(0.08));
        });
        Simulator::Schedule(Seconds(0.5), [&]() { tracker->Drop(c, MecDropReason::QUEUE_FULL); });
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        monitor->Finish();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(monitor->GetIntervals().size(), 1, "one interval");
        const CostInterval& got = monitor->GetIntervals()[0];
        NS_TEST_EXPECT_MSG_EQ(got.ended, 3, "ended");
        NS_TEST_EXPECT_MSG_EQ(got.completed, 2, "completed");
        NS_TEST_EXPECT_MSG_EQ(got.missed, 2, "missed");
        // Latencies are whole nanoseconds: 1e-9 covers the division.
        NS_TEST_EXPECT_MSG_EQ_TOL(got.latencySum, 0.6 + 1.6 + 4, 1e-9, "capped ratios");
        NS_TEST_EXPECT_MSG_EQ_TOL(monitor->GetMean().total, 6.2 / 3 + 2.0 / 3, 1e-9, "mean cost");
    }
};

/**
 * \ingroup r3d-tests
 * \brief The trainer's reward contract: decision k is paid by interval k
 *        (the interval the controller's next decision closes), its rewards
 *        are minus the interval's per-model cost shares, a decision with no
 *        interval after it is dropped, and the return is minus the sum of the
 *        paid intervals' costs. Also the episode's round trip through the
 *        workers' encoding.
 */
class RewardContractTestCase : public TestCase
{
  public:
    RewardContractTestCase()
        : TestCase("trainer: decision k is paid by interval k, per model; episode encoding")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DeploymentCost> cost = CreateObject<DeploymentCost>();
        cost->SetAttribute("EnergyWeight", DoubleValue(0.01)); // the figures below use 0.01
        // Two intervals of 1 s; three decisions (at 0, 1 s and 2 s, the last
        // at the end of the run).
        std::vector<CostInterval> intervals(2);
        for (uint32_t k = 0; k < 2; ++k)
        {
            intervals[k].start = Seconds(k);
            intervals[k].end = Seconds(k + 1);
            intervals[k].decided = true;
        }
        // Interval 0: model 0 met at half its deadline; 10 J drawn.
        cost->AddOutcome(intervals[0], 0, true, 0.05, 0.1, true);
        intervals[0].energyJ = 10;
        // Interval 1: model 1 dropped (LatencyCap 4, a miss); one deploy of
        // model 1; 20 J.
        cost->AddOutcome(intervals[1], 1, false, 0, 0.2, false);
        cost->AddChanges(intervals[1], {1}, 0);
        intervals[1].energyJ = 20;
        std::vector<AgentStep> steps(3);
        for (auto& s : steps)
        {
            s.models = 2;
        }
        const double ret = R3dTrainer::AssignRewards(steps, intervals, *cost);
        NS_TEST_ASSERT_MSG_EQ(steps.size(), 2, "the decision with no interval after it dropped");
        // Weights: latency 1, cap 4, miss 1 (defaults), energy 0.01 /W (set), change 0.05.
        // Interval 0: latency 0.5, energy 0.1 (split 0.05 per model).
        // Interval 1: latency 4 + miss 1 + change 0.05 on model 1, energy 0.2.
        const double c0 = 0.5 + 0.1;
        const double c1 = 4 + 1 + 0.05 + 0.2;
        NS_TEST_EXPECT_MSG_EQ_TOL(steps[0].rewards[0], -(0.5 + 0.05), 1e-12, "k=0, model 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(steps[0].rewards[1], -0.05, 1e-12, "k=0, model 1");
        NS_TEST_EXPECT_MSG_EQ_TOL(steps[1].rewards[0], -0.1, 1e-12, "k=1, model 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(steps[1].rewards[1],
                                  -(4 + 1 + 0.05 + 0.1),
                                  1e-12,
                                  "k=1, model 1");
        NS_TEST_EXPECT_MSG_EQ_TOL(ret, -(c0 + c1), 1e-12, "return");

        // Cold start: the first decision comes at 1 s; the stretch [0, 1 s)
        // before it was opened by no decision and pays no one. The same two
        // paid intervals, shifted by one: the same rewards.
        std::vector<CostInterval> cold(1);
        cold[0].start = Seconds(0);
        cold[0].end = Seconds(1);
        cost->AddOutcome(cold[0], 0, false, 0, 0.1, false); // a drop: cost 5 if it paid
        cold.insert(cold.end(), intervals.begin(), intervals.end());
        std::vector<AgentStep> coldSteps(3);
        for (auto& st : coldSteps)
        {
            st.models = 2;
        }
        const double coldRet = R3dTrainer::AssignRewards(coldSteps, cold, *cost);
        NS_TEST_ASSERT_MSG_EQ(coldSteps.size(), 2, "two decisions paid");
        NS_TEST_EXPECT_MSG_EQ_TOL(coldSteps[0].rewards[0], -(0.5 + 0.05), 1e-12, "cold k=0");
        NS_TEST_EXPECT_MSG_EQ_TOL(coldRet, -(c0 + c1), 1e-12, "the undecided stretch is not paid");

        TrainingEpisode e;
        e.rate = 3;
        e.run = 7;
        e.steps = steps;
        e.steps[0].features = {0.25f, -1.5f};
        e.steps[0].mask = {1, 0, 1};
        e.steps[0].choices = {2};
        e.steps[0].logProb = {-0.125f};
        e.steps[0].values = {1.0f / 3.0f};
        e.mean.total = 1.5;
        e.mean.change = 0.25;
        e.loads = 4;
        e.ret = ret;
        e.wall = 0.5;
        e.signature = "sig";
        TrainingEpisode d = R3dTrainer::Decode(R3dTrainer::Encode(e));
        NS_TEST_EXPECT_MSG_EQ(d.rate, 3, "rate");
        NS_TEST_EXPECT_MSG_EQ(d.run, 7, "run");
        NS_TEST_EXPECT_MSG_EQ(d.signature, "sig", "signature");
        NS_TEST_EXPECT_MSG_EQ(d.mean.total, 1.5, "mean");
        NS_TEST_EXPECT_MSG_EQ(d.mean.change, 0.25, "mean change");
        NS_TEST_EXPECT_MSG_EQ(d.loads, 4, "loads");
        NS_TEST_EXPECT_MSG_EQ(d.ret, ret, "return");
        NS_TEST_ASSERT_MSG_EQ(d.steps.size(), 2, "steps");
        NS_TEST_EXPECT_MSG_EQ((d.steps[0].features == e.steps[0].features), true, "features");
        NS_TEST_EXPECT_MSG_EQ((d.steps[0].mask == e.steps[0].mask), true, "mask");
        NS_TEST_EXPECT_MSG_EQ((d.steps[0].values == e.steps[0].values), true, "values");
        NS_TEST_EXPECT_MSG_EQ((d.steps[1].rewards == e.steps[1].rewards), true, "rewards");
        bool refused = false;
        try
        {
            R3dTrainer::Decode("not msgpack");
        }
        catch (const std::runtime_error&)
        {
            refused = true;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "garbage from a worker is refused");
    }
};

/**
 * \ingroup r3d-tests
 * \brief Features and cost.
 */
class CostFeaturesTestSuite : public TestSuite
{
  public:
    CostFeaturesTestSuite()
        : TestSuite("r3d-cost-features", UNIT)
    {
        AddTestCase(new FeatureLayoutTestCase, TestCase::QUICK);
        AddTestCase(new FeatureReferenceTestCase, TestCase::QUICK);
        AddTestCase(new CostTermsTestCase, TestCase::QUICK);
        AddTestCase(new RewardContractTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static CostFeaturesTestSuite g_costFeaturesTestSuite;

} // namespace
