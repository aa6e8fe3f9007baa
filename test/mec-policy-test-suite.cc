/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The controller's estimates (MecView), the baseline deployment policies and
// the learning policies' numeric interface (DeploymentObservation), on small
// views built by hand, with expectations worked out by hand.

#include "r3d-test-util.h"

#include "ns3/catalog-error.h"
#include "ns3/deployment-observation.h"
#include "ns3/deployment-policy.h"
#include "ns3/double.h"
#include "ns3/greedy-policy.h"
#include "ns3/mec-application-helpers.h"
#include "ns3/random-policy.h"
#include "ns3/random-variable-stream.h"
#include "ns3/static-policy.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/tier-policy.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using ns3::r3dtest::Act;
using ns3::r3dtest::Show;

namespace
{

const double NaN = std::numeric_limits<double>::quiet_NaN();
const uint32_t A = 0; //!< model "a", 100 MB
const uint32_t B = 1; //!< model "b", 200 MB
const uint32_t C = 2; //!< model "c", 300 MB
const uint32_t EDGE = 3;
const uint32_t CLOUD = 4;

/**
 * Five server nodes: device-0 and device-1 (end, site 0), device-2 (end,
 * site 1), edge-0 (site 0), cloud; three models a, b, c of 100, 200, 300 MB;
 * origins 0, 1, 2 are the three devices. Devices have 350 MB (a + b fit, c
 * only alone), the edge 500 MB (any two, not all three), the cloud 1 GB.
 * Nothing reported, nothing held. Unmeasured paths: 2 Mbit/s, 50 ms.
 */
MecView
MakeView()
{
    MecView v;
    v.now = Seconds(10);
    auto node = [&v](const std::string& name, Tier tier, int32_t site, double memory) {
        r3dtest::AddNode(v, name, tier, site, memory);
    };
    node("device-0", Tier::END, 0, 350e6);
    node("device-1", Tier::END, 0, 350e6);
    node("device-2", Tier::END, 1, 350e6);
    node("edge-0", Tier::EDGE, 0, 500e6);
    node("cloud", Tier::CLOUD, -1, 1e9);
    v.models = {"a", "b", "c"};
    v.weightBytes = {100e6, 200e6, 300e6};
    // a: 125 kB = 1e6 bit on the wire; b: 8e6 bit; c: 16e6 bit.
    v.inputBytes = {120000, 1e6, 2e6};
    v.resultBytes = {5000, 0, 0};
    v.deadline = {0.1, 0.2, 0.5};
    v.origins = {0, 1, 2};
    v.demand.assign(3, std::vector<double>(3, 0.0));
    v.links.resize(3);
    v.status.resize(5);
    for (MecNodeStatus& s : v.status)
    {
        s.models.assign(3, ModelState::ABSENT);
    }
    v.computeTime = {{0.05, 0.2, 0.5},
                     {0.05, 0.2, 0.5},
                     {0.05, 0.2, 0.5},
                     {0.01, 0.04, 0.1},
                     {0.002, 0.008, 0.02}};
    v.defaultPathRate = 2e6;
    v.defaultPathRtt = 0.05;
    return v;
}

/**
 * \brief Mark an origin as reported with no measured path.
 * \param v the view
 * \param origin the origin
 */
void
Report(MecView& v, uint32_t origin)
{
    v.links[origin].reported = true;
    v.links[origin].goodputMbps.assign(v.nodes.size(), NaN);
    v.links[origin].rttMs.assign(v.nodes.size(), NaN);
}

/**
 * \brief Apply actions as the controller does (optimistically) and check
 *        memory at every step: a deploy or migrate target needs weightBytes
 *        <= FreeMemory; an eviction frees at once; a migration's source
 *        frees only after all actions (when the target is ready).
 * \param v the view, updated
 * \param actions the actions
 * \param[out] why the first problem found
 * \return true if every action was feasible when applied
 */
bool
Apply(MecView& v, const std::vector<DeploymentAction>& actions, std::string& why)
{
    std::vector<DeploymentAction> sources;
    for (const DeploymentAction& a : actions)
    {
        std::vector<ModelState>& models = v.status[a.node].models;
        if (a.kind == DeploymentAction::EVICT)
        {
            if (!v.IsHeld(a.node, a.model))
            {
                why = "evicts a model not held";
                return false;
            }
            models[a.model] = ModelState::ABSENT;
            v.status[a.node].freeMemory += v.weightBytes[a.model];
            continue;
        }
        if (v.IsHeld(a.node, a.model))
        {
            why = "deploys a model already held";
            return false;
        }
        if (v.weightBytes[a.model] > v.FreeMemory(a.node) * (1 + 1e-12))
        {
            std::ostringstream s;
            s << "node " << a.node << " out of memory deploying model " << a.model;
            why = s.str();
            return false;
        }
        models[a.model] = ModelState::LOADING;
        v.status[a.node].freeMemory -= v.weightBytes[a.model];
        if (a.kind == DeploymentAction::MIGRATE)
        {
            if (!v.IsHeld(a.source, a.model))
            {
                why = "migrates from a node that does not hold the model";
                return false;
            }
            sources.push_back(a);
        }
    }
    for (const DeploymentAction& a : sources)
    {
        v.status[a.source].models[a.model] = ModelState::ABSENT;
        v.status[a.source].freeMemory += v.weightBytes[a.model];
    }
    return true;
}

/**
 * \brief Random holdings that fit each node (states READY or LOADING), on
 *        MakeView's nodes with random memory (the cloud keeps 1 GB, room for
 *        every model). Nothing reported.
 * \param u random numbers
 * \return the view
 */
MecView
RandomHoldings(Ptr<UniformRandomVariable> u)
{
    MecView v = MakeView();
    for (uint32_t n = 0; n < v.nodes.size(); ++n)
    {
        if (n != CLOUD)
        {
            v.nodes[n].memoryCapacity = u->GetValue(0, 700e6);
        }
        double used = 0;
        for (uint32_t m = 0; m < v.models.size(); ++m)
        {
            if (u->GetValue() < 0.4 && used + v.weightBytes[m] <= v.nodes[n].memoryCapacity)
            {
                v.status[n].models[m] =
                    u->GetValue() < 0.5 ? ModelState::READY : ModelState::LOADING;
                used += v.weightBytes[m];
            }
        }
    }
    return v;
}

} // namespace

/**
 * \ingroup r3d-tests
 * MecView's network time, completion time and free memory against hand
 * computation. Tolerance 1e-12 s / 1 B: a few floating-point operations.
 */
class MecViewEstimatesTestCase : public TestCase
{
  public:
    MecViewEstimatesTestCase()
        : TestCase("MecView: network time, completion time, free memory")
    {
    }

  private:
    void DoRun() override
    {
        const double tol = 1e-12;
        MecView v = MakeView();
        Report(v, 0);
        v.links[0].goodputMbps[EDGE] = 10;
        v.links[0].rttMs[EDGE] = 20;

        NS_TEST_ASSERT_MSG_EQ(v.NetworkTime(0, 0, A), 0, "local inference costs no network");
        // 1e6 bit / 10 Mbit/s + 20 ms.
        NS_TEST_ASSERT_MSG_EQ_TOL(v.NetworkTime(0, EDGE, A), 0.12, tol, "measured path");
        // 8e6 bit / 10 Mbit/s + 20 ms.
        NS_TEST_ASSERT_MSG_EQ_TOL(v.NetworkTime(0, EDGE, B), 0.82, tol, "measured path, b");
        // Unmeasured: 1e6 bit / 2 Mbit/s + 50 ms.
        NS_TEST_ASSERT_MSG_EQ_TOL(v.NetworkTime(0, CLOUD, A), 0.55, tol, "NaN -> defaults");
        NS_TEST_ASSERT_MSG_EQ_TOL(v.NetworkTime(1, EDGE, A), 0.55, tol, "unreported origin");
        NS_TEST_ASSERT_MSG_EQ_TOL(v.NetworkTime(0, 1, A), 0.55, tol, "another device");
        // A zero goodput is no measurement; a measured RTT is still used.
        v.links[0].goodputMbps[CLOUD] = 0;
        v.links[0].rttMs[CLOUD] = 30;
        NS_TEST_ASSERT_MSG_EQ_TOL(v.NetworkTime(0, CLOUD, A), 0.53, tol, "zero goodput");
        // Short vectors (reported before the host existed) fall back too.
        v.links[0].goodputMbps.resize(2);
        v.links[0].rttMs.resize(2);
        NS_TEST_ASSERT_MSG_EQ_TOL(v.NetworkTime(0, EDGE, A), 0.55, tol, "short vectors");
        v.links[0].goodputMbps.assign(5, NaN);
        v.links[0].rttMs.assign(5, NaN);
        v.links[0].goodputMbps[EDGE] = 10;
        v.links[0].rttMs[EDGE] = 20;

        // Edge reported 2 queued + 1 running: 0.12 + 0.01 * (1 + 3).
        v.status[EDGE].reported = true;
        v.status[EDGE].queueLength = 2;
        v.status[EDGE].runningJobs = 1;
        NS_TEST_ASSERT_MSG_EQ_TOL(v.CompletionTime(0, EDGE, A), 0.16, tol, "loaded edge");
        // Cloud never reported: no load; 0.55 + 0.002.
        NS_TEST_ASSERT_MSG_EQ_TOL(v.CompletionTime(0, CLOUD, A), 0.552, tol, "idle cloud");
        NS_TEST_ASSERT_MSG_EQ_TOL(v.CompletionTime(0, 0, C), 0.5, tol, "local: compute only");

        // Not reported: capacity minus what is held (LOADING counts).
        v.status[0].models[A] = ModelState::LOADING;
        v.status[0].models[B] = ModelState::READY;
        NS_TEST_ASSERT_MSG_EQ_TOL(v.FreeMemory(0), 50e6, 1.0, "350 - 100 - 200 MB");
        NS_TEST_ASSERT_MSG_EQ_TOL(v.FreeMemory(CLOUD), 1e9, 1.0, "nothing held");
        // Reported: the report's figure, whatever is held.
        v.status[EDGE].freeMemory = 123e6;
        v.status[EDGE].models[C] = ModelState::READY;
        NS_TEST_ASSERT_MSG_EQ_TOL(v.FreeMemory(EDGE), 123e6, 1.0, "reported free memory");
        NS_TEST_ASSERT_MSG_EQ(v.IsHeld(0, A), true, "LOADING is held");
        NS_TEST_ASSERT_MSG_EQ(v.IsHeld(1, A), false, "ABSENT is not held");
    }
};

/**
 * \ingroup r3d-tests
 * local-only, edge-only, cloud-only on hand-built states.
 */
class TierPolicyTestCase : public TestCase
{
  public:
    TierPolicyTestCase()
        : TestCase("tier policies: desired sets by served demand, memory, no churn")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;

        // local-only before any demand: index order a, b fit 350 MB; c
        // would make 600.
        Ptr<DeploymentPolicy> local = DeploymentControllerHelper::CreatePolicy("local-only");
        MecView v = MakeView();
        std::vector<DA> actions = local->Decide(v);
        std::vector<DA> expected = {Act(DA::DEPLOY, 0, A),
                                    Act(DA::DEPLOY, 0, B),
                                    Act(DA::DEPLOY, 1, A),
                                    Act(DA::DEPLOY, 1, B),
                                    Act(DA::DEPLOY, 2, A),
                                    Act(DA::DEPLOY, 2, B)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "local-only initial: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why), true, why);
        NS_TEST_ASSERT_MSG_EQ(local->Decide(v).size(), 0, "no churn once deployed");

        // Origin 0 wants c (5/s) and a (1/s): c fits (300), then a would
        // make 400 > 350, b 500: only c. Origin 1 reported no demand: index
        // order, already held. Origin 2 wants b: b then a, already held.
        for (uint32_t o = 0; o < 3; ++o)
        {
            Report(v, o);
        }
        v.demand[0] = {1, 0, 5};
        v.demand[2] = {0, 2, 0};
        actions = local->Decide(v);
        expected = {Act(DA::EVICT, 0, A), Act(DA::EVICT, 0, B), Act(DA::DEPLOY, 0, C)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected),
                              true,
                              "local-only by demand: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why), true, why);
        NS_TEST_ASSERT_MSG_EQ(local->Decide(v).size(), 0, "no churn");

        // edge-only: edge-0 (site 0) serves origins 0 and 1 only: a 1+1,
        // b 0+4, c 5+0 -> c, b (500 MB), a does not fit. Origin 2 (site 1)
        // wants a at 100/s; counted, it would put a first.
        Ptr<DeploymentPolicy> edge = DeploymentControllerHelper::CreatePolicy("edge-only");
        v = MakeView();
        for (uint32_t o = 0; o < 3; ++o)
        {
            Report(v, o);
        }
        v.demand = {{1, 0, 5}, {1, 4, 0}, {100, 0, 0}};
        v.status[EDGE].models[A] = ModelState::READY;
        actions = edge->Decide(v);
        expected = {Act(DA::EVICT, EDGE, A), Act(DA::DEPLOY, EDGE, B), Act(DA::DEPLOY, EDGE, C)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "edge-only: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why), true, why);
        NS_TEST_ASSERT_MSG_EQ(edge->Decide(v).size(), 0, "no churn");

        // A model too big for the edge is skipped and the next one tried:
        // 250 MB edge, demand c > b > a: c no, b yes (200), a no (300).
        v = MakeView();
        Report(v, 0);
        v.nodes[EDGE].memoryCapacity = 250e6;
        v.demand[0] = {1, 2, 3};
        actions = edge->Decide(v);
        expected = {Act(DA::DEPLOY, EDGE, B)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "skip what does not fit");

        // cloud-only: all three fit 1 GB, even with no demand at all.
        Ptr<DeploymentPolicy> cloud = DeploymentControllerHelper::CreatePolicy("cloud-only");
        v = MakeView();
        actions = cloud->Decide(v);
        expected = {Act(DA::DEPLOY, CLOUD, A),
                    Act(DA::DEPLOY, CLOUD, B),
                    Act(DA::DEPLOY, CLOUD, C)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "cloud-only: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why), true, why);
        v.status[CLOUD].models[A] = ModelState::READY; // LOADING or READY: both held
        NS_TEST_ASSERT_MSG_EQ(cloud->Decide(v).size(), 0, "no churn");
        // Models on other tiers are not the tier policy's business.
        v.status[0].models[A] = ModelState::READY;
        NS_TEST_ASSERT_MSG_EQ(cloud->Decide(v).size(), 0, "other tiers untouched");
    }
};

/**
 * \ingroup r3d-tests
 * greedy: the fastest host, the first decision, evictions, hysteresis.
 */
class GreedyPolicyTestCase : public TestCase
{
  public:
    GreedyPolicyTestCase()
        : TestCase("greedy: fastest host, hysteresis, evicts idle replicas only to make room")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;
        Ptr<GreedyPolicy> greedy = CreateObject<GreedyPolicy>();

        // First decision (no report): every origin wants every model at
        // rate 1, pairs in (origin, model) order. a and b run locally (0.05
        // and 0.2 s against >= 0.55 and 4.05 s of network); c (16e6 bit:
        // 8.05 s to any remote host) does not fit beside a + b: remote
        // devices 8.55, edge 8.15, cloud 8.07 -> cloud, then reused by
        // origins 1 and 2. b, unused on the edge, stays: no eviction before
        // demand is known.
        MecView v = MakeView();
        v.status[EDGE].models[B] = ModelState::READY;
        std::vector<DA> actions = greedy->Decide(v);
        std::vector<DA> expected = {Act(DA::DEPLOY, 0, A),
                                    Act(DA::DEPLOY, 0, B),
                                    Act(DA::DEPLOY, CLOUD, C),
                                    Act(DA::DEPLOY, 1, A),
                                    Act(DA::DEPLOY, 1, B),
                                    Act(DA::DEPLOY, 2, A),
                                    Act(DA::DEPLOY, 2, B)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "first decision: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ((greedy->Decide(v) == actions), true, "deterministic");

        // Origin 0 wants a; a device runs it in 1 s. Paths from origin 0:
        // edge 10 Mbit/s, 20 ms -> 0.12 + 0.01 = 0.13 s; cloud unmeasured
        // 0.55 + 0.002; other devices 0.55 + 1. The edge wins. b sits
        // unused on the cloud: kept (idle replicas cost memory only).
        v = MakeView();
        for (uint32_t o = 0; o < 3; ++o)
        {
            Report(v, o);
        }
        v.computeTime[0][A] = v.computeTime[1][A] = v.computeTime[2][A] = 1.0;
        v.links[0].goodputMbps[EDGE] = 10;
        v.links[0].rttMs[EDGE] = 20;
        v.demand[0][A] = 5;
        v.status[CLOUD].models[B] = ModelState::READY;
        actions = greedy->Decide(v);
        expected = {Act(DA::DEPLOY, EDGE, A)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "fastest host: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why), true, why);
        NS_TEST_ASSERT_MSG_EQ(greedy->Decide(v).size(), 0, "stable once placed");

        // Make room: the edge (500 MB) holds idle b (200 MB) and c (300 MB);
        // a (100 MB) wins the edge only by evicting the largest idle
        // replica, c.
        v.status[EDGE].models[A] = ModelState::ABSENT;
        v.status[EDGE].models[B] = ModelState::READY;
        v.status[EDGE].models[C] = ModelState::READY;
        v.status[CLOUD].models[B] = ModelState::ABSENT;
        v.status[EDGE].reported = true;
        v.status[EDGE].freeMemory = 0;
        actions = greedy->Decide(v);
        expected = {Act(DA::EVICT, EDGE, C), Act(DA::DEPLOY, EDGE, A)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "make room: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why), true, why);
        v.status[EDGE].reported = false;
        v.status[EDGE].models[B] = ModelState::ABSENT;

        // The edge too small for a: the best candidate is the cloud.
        v.status[EDGE].models[A] = ModelState::ABSENT;
        v.nodes[EDGE].memoryCapacity = 50e6;
        actions = greedy->Decide(v);
        expected = {Act(DA::DEPLOY, CLOUD, A)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "memory: " << Show(actions));

        // Hysteresis: a on the cloud (0.1 s); no network time (a has no
        // bytes, every RTT is 0). Edge 0.09 s (10% better): kept, since
        // 0.09 >= 0.8 * 0.1. Edge 0.05 s (50% better): moved, as a MIGRATE.
        v = MakeView();
        for (uint32_t o = 0; o < 3; ++o)
        {
            Report(v, o);
            v.links[o].rttMs.assign(5, 0.0);
        }
        v.inputBytes[A] = v.resultBytes[A] = 0;
        v.computeTime[0][A] = v.computeTime[1][A] = v.computeTime[2][A] = 1.0;
        v.computeTime[CLOUD][A] = 0.1;
        v.computeTime[EDGE][A] = 0.09;
        v.demand[0][A] = 5;
        v.status[CLOUD].models[A] = ModelState::READY;
        actions = greedy->Decide(v);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "10% better: stay: " << Show(actions));
        v.computeTime[EDGE][A] = 0.05;
        actions = greedy->Decide(v);
        expected = {Act(DA::MIGRATE, EDGE, A, CLOUD)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "50% better: move: " << Show(actions));
        v.computeTime[EDGE][A] = 0.09;
        greedy->SetAttribute("Hysteresis", DoubleValue(0.0));
        actions = greedy->Decide(v);
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "no hysteresis: 10% moves");
    }
};

/**
 * \ingroup r3d-tests
 * random on 200 random states: every decision is feasible when applied in
 * order, leaves each model on exactly one node, and depends only on the
 * stream.
 */
class RandomPolicyTestCase : public TestCase
{
  public:
    RandomPolicyTestCase()
        : TestCase("property: random placement feasible, one replica, reproducible")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(3);
        Ptr<RandomPolicy> p1 = CreateObject<RandomPolicy>();
        Ptr<RandomPolicy> p2 = CreateObject<RandomPolicy>();
        Ptr<RandomPolicy> p3 = CreateObject<RandomPolicy>();
        NS_TEST_ASSERT_MSG_EQ(p1->AssignStreams(11), 1, "one stream");
        p2->AssignStreams(11);
        p3->AssignStreams(12);
        uint32_t differ = 0;
        for (int trial = 0; trial < 200; ++trial)
        {
            MecView v = RandomHoldings(u);
            std::vector<DeploymentAction> actions = p1->Decide(v);
            NS_TEST_ASSERT_MSG_EQ((p2->Decide(v) == actions), true, "same stream, trial " << trial);
            differ += p3->Decide(v) == actions ? 0 : 1;
            std::string why;
            NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why),
                                  true,
                                  "trial " << trial << ": " << why << ": " << Show(actions));
            for (uint32_t m = 0; m < v.models.size(); ++m)
            {
                uint32_t holders = 0;
                for (uint32_t n = 0; n < v.nodes.size(); ++n)
                {
                    holders += v.IsHeld(n, m) ? 1 : 0;
                }
                NS_TEST_ASSERT_MSG_EQ(holders, 1, "trial " << trial << ", model " << m);
            }
        }
        NS_TEST_ASSERT_MSG_GT(differ, 0, "another stream, other choices");
    }
};

/**
 * \ingroup r3d-tests
 * static: a good file, the shipped example, and one bad file per problem.
 */
class StaticPolicyTestCase : public TestCase
{
  public:
    StaticPolicyTestCase()
        : TestCase("static: deploys the file, names file, entry and problem on errors")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        MecView v = MakeView();
        std::string good = r3dtest::WriteTempFile(
            "static-good.json",
            R"({"note": "x", "deployments": {"device-0": ["a"], "edge-0": ["b", "c"],
                "cloud": ["a", "b", "c"], "device-1": []}})");
        Ptr<StaticPolicy> policy = CreateObject<StaticPolicy>();
        policy->SetAttribute("File", StringValue(good));
        v.status[0].models[B] = ModelState::READY; // not listed: evicted first
        v.status[EDGE].models[B] = ModelState::LOADING;
        std::vector<DA> actions = policy->Decide(v);
        std::vector<DA> expected = {Act(DA::EVICT, 0, B),
                                    Act(DA::DEPLOY, 0, A),
                                    Act(DA::DEPLOY, EDGE, C),
                                    Act(DA::DEPLOY, CLOUD, A),
                                    Act(DA::DEPLOY, CLOUD, B),
                                    Act(DA::DEPLOY, CLOUD, C)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "good file: " << Show(actions));
        std::string why;
        NS_TEST_ASSERT_MSG_EQ(Apply(v, actions, why), true, why);
        NS_TEST_ASSERT_MSG_EQ(policy->Decide(v).size(), 0, "no-op once deployed");
        v.status[CLOUD].models[B] = ModelState::ABSENT;
        expected = {Act(DA::DEPLOY, CLOUD, B)};
        NS_TEST_ASSERT_MSG_EQ((policy->Decide(v) == expected), true, "restores what went missing");

        // The shipped example against the default scenario's names.
        MecView scenario = MakeView();
        scenario.nodes.clear();
        for (uint32_t i = 0; i < 11; ++i)
        {
            MecNodeInfo info;
            info.index = i;
            info.name = i < 8    ? "device-" + std::to_string(i)
                        : i < 10 ? "edge-" + std::to_string(i - 8)
                                 : "cloud";
            info.memoryCapacity = 2e9;
            scenario.nodes.push_back(info);
        }
        // The default scenario's eight models (the shipped example names them).
        scenario.models = {"mobilenet-v2",
                           "resnet18",
                           "resnet50",
                           "ssd-mobilenet-v1",
                           "efficientnet-b0",
                           "yolov5s",
                           "inception-v3",
                           "mobilenet-v3-large"};
        scenario.weightBytes = {14e6, 47e6, 102e6, 29e6, 21e6, 29e6, 95e6, 22e6};
        const char* dir = std::getenv("R3D_DATA_DIR");
        std::string example =
            std::string(dir != nullptr ? dir : R3D_DATA_DIR) + "/static-deployment-example.json";
        Ptr<StaticPolicy> shipped = CreateObject<StaticPolicy>();
        shipped->SetAttribute("File", StringValue(example));
        bool loaded = true;
        try
        {
            shipped->Load(scenario);
        }
        catch (const CatalogError& e)
        {
            loaded = false;
            NS_TEST_ASSERT_MSG_EQ(true, false, e.what());
        }
        if (loaded)
        {
            NS_TEST_ASSERT_MSG_EQ(shipped->GetDeployment()[10][2], true, "cloud has resnet50");
            NS_TEST_ASSERT_MSG_EQ(shipped->GetDeployment()[10][7], true, "cloud has all eight");
            NS_TEST_ASSERT_MSG_EQ(shipped->GetDeployment()[0][0], true, "device-0 mobilenet-v2");
        }

        struct Bad
        {
            std::string label;
            std::string contents;
            std::string entry;   // expected in the message ("" = none)
            std::string problem; // expected in the message
        };

        std::vector<Bad> bad = {
            {"malformed", R"({"deployments": {"edge-0": ["a"])", "", "malformed JSON"},
            {"not-object", R"(["a"])", "", "expected a JSON object"},
            {"missing", R"({"note": "nothing"})", "", "field 'deployments': missing"},
            {"misspelt", R"({"deployment": {}})", "", "field 'deployment': unknown field"},
            {"unknown-node", R"({"deployments": {"edge-9": ["a"]}})", "edge-9", "unknown node"},
            {"unknown-model",
             R"({"deployments": {"edge-0": ["a", "zz"]}})",
             "edge-0",
             "field 'deployments.edge-0[1]': unknown model 'zz'"},
            {"duplicate",
             R"({"deployments": {"edge-0": ["b", "b"]}})",
             "edge-0",
             "model 'b' listed twice"},
            {"memory",
             R"({"deployments": {"device-1": ["b", "c"]}})",
             "device-1",
             "the models need 500 MB but the node has 350 MB"},
            {"not-array", R"({"deployments": {"cloud": "a"}})", "cloud", "expected a JSON array"},
            {"not-string", R"({"deployments": {"cloud": [3]}})", "cloud", "expected a model name"},
        };
        for (const Bad& b : bad)
        {
            std::string path = r3dtest::WriteTempFile("static-" + b.label + ".json", b.contents);
            Ptr<StaticPolicy> p = CreateObject<StaticPolicy>();
            p->SetAttribute("File", StringValue(path));
            std::string message;
            try
            {
                p->Decide(MakeView());
            }
            catch (const CatalogError& e)
            {
                message = e.what();
            }
            NS_TEST_ASSERT_MSG_NE(message, "", b.label << ": no error");
            NS_TEST_ASSERT_MSG_EQ(message.find(path), 0, b.label << ": file: " << message);
            if (!b.entry.empty())
            {
                NS_TEST_ASSERT_MSG_NE(message.find("entry '" + b.entry + "'"),
                                      std::string::npos,
                                      b.label << ": entry: " << message);
            }
            NS_TEST_ASSERT_MSG_NE(message.find(b.problem),
                                  std::string::npos,
                                  b.label << ": problem: " << message);
        }
        Ptr<StaticPolicy> unset = CreateObject<StaticPolicy>();
        bool threw = false;
        try
        {
            unset->Decide(MakeView());
        }
        catch (const CatalogError& e)
        {
            threw = std::string(e.what()).find("File attribute is empty") != std::string::npos;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "no file set");
    }
};

/**
 * \ingroup r3d-tests
 * The observation's size and layout, and chosen entries of a hand-built
 * view. Tolerance 1e-6: the vector is float.
 */
class ObservationEncodeTestCase : public TestCase
{
  public:
    ObservationEncodeTestCase()
        : TestCase("observation: size, layout, encoded values")
    {
    }

  private:
    void DoRun() override
    {
        // N (11 + M) + D (3 + M + 2N) + N M + M.
        struct Dims
        {
            uint32_t n, m, d, size;
        };

        for (const Dims& k : {Dims{5, 3, 3, 5 * 14 + 3 * 16 + 15 + 3},
                              Dims{1, 1, 1, 12 + 6 + 1 + 1},
                              Dims{10, 4, 8, 150 + 8 * 27 + 40 + 4}})
        {
            DeploymentObservation obs(k.n, k.m, k.d);
            NS_TEST_ASSERT_MSG_EQ(obs.GetSize(),
                                  k.size,
                                  "size " << k.n << "," << k.m << "," << k.d);
            uint32_t next = 0;
            for (const ObservationBlock& b : obs.GetLayout())
            {
                NS_TEST_ASSERT_MSG_EQ(b.offset, next, "block " << b.name << " contiguous");
                NS_TEST_ASSERT_MSG_GT(b.size, 0, "block " << b.name << " not empty");
                NS_TEST_ASSERT_MSG_NE(b.description, "", "block " << b.name << " described");
                next = b.offset + b.size;
            }
            NS_TEST_ASSERT_MSG_EQ(next, k.size, "blocks cover the vector");
            NS_TEST_ASSERT_MSG_EQ(obs.GetLayout().size(), k.n + k.d + 2, "block count");
        }

        MecView v = MakeView();
        DeploymentObservation obs(5, 3, 3);
        const double tol = 1e-6;
        // Edge reported 2 s ago: age 2/5; queue 4/16; running 20/16 -> 1;
        // utilizations as reported; free 250/500 MB; a READY, b LOADING.
        MecNodeStatus& edge = v.status[EDGE];
        edge.reported = true;
        edge.reportTime = Seconds(8);
        edge.queueLength = 4;
        edge.runningJobs = 20;
        edge.computeUtilization = 0.5;
        edge.bandwidthUtilization = 0.25;
        edge.freeMemory = 250e6;
        edge.models = {ModelState::READY, ModelState::LOADING, ModelState::ABSENT};
        // Device 0 not reported, a held: free (350 - 100) / 350.
        v.status[0].models[A] = ModelState::READY;
        // Origin 0: demand 10, 30, NaN per s; -60 dBm; 300 Mbit/s; edge
        // 10 Mbit/s and 20 ms; cloud RTT 400 ms (clipped), goodput NaN.
        Report(v, 0);
        v.demand[0] = {10, 30, NaN};
        v.links[0].signalDbm = -60;
        v.links[0].phyRateMbps = 300;
        v.links[0].goodputMbps[EDGE] = 10;
        v.links[0].rttMs[EDGE] = 20;
        v.links[0].rttMs[CLOUD] = 400;
        v.computeTime[0][C] = std::numeric_limits<double>::infinity();

        std::vector<float> x = obs.Encode(v);
        NS_TEST_ASSERT_MSG_EQ(x.size(), obs.GetSize(), "size");
        const uint32_t e = 3 * 14; // node 3's block
        const double expectEdge[14] = {0, 1, 0, 1, 0, 0.4, 0.25, 1, 0.5, 0.25, 0.5, 1, 0.5, 0};
        for (uint32_t i = 0; i < 14; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(x[e + i], expectEdge[i], tol, "edge block element " << i);
        }
        const double expectDevice[14] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 250.0 / 350, 1, 0, 0};
        for (uint32_t i = 0; i < 14; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(x[i], expectDevice[i], tol, "device-0 block element " << i);
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(x[4 * 14 + 2], 1, tol, "cloud one-hot");
        NS_TEST_ASSERT_MSG_EQ_TOL(x[4 * 14 + 10], 1, tol, "cloud all free");

        const uint32_t o = 5 * 14; // origin 0's block: 16 elements
        const double expectOrigin[16] = {1, 0.5, 1, 0, 0.5, 0.3, 0, 0, 0, 0.01, 0, 0, 0, 0, 0.1, 1};
        for (uint32_t i = 0; i < 16; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(x[o + i], expectOrigin[i], tol, "origin 0 element " << i);
        }
        for (uint32_t i = 0; i < 16; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(x[o + 16 + i], 0, "unreported origin 1 is all 0");
        }

        const uint32_t c = 5 * 14 + 3 * 16;
        NS_TEST_ASSERT_MSG_EQ(obs.GetComputeOffset(), c, "compute offset");
        // Edge, a: 0.01 / 0.1 = 0.1 -> 0.1 / 1.1. Device 0, c: infinite -> 1.
        // Cloud, c: 0.02 / 0.5 = 0.04 -> 0.04 / 1.04.
        NS_TEST_ASSERT_MSG_EQ_TOL(x[c + 3 * 3 + A], 0.1 / 1.1, tol, "edge a compute");
        NS_TEST_ASSERT_MSG_EQ_TOL(x[c + 0 * 3 + C], 1, tol, "cannot run");
        NS_TEST_ASSERT_MSG_EQ_TOL(x[c + 4 * 3 + C], 0.04 / 1.04, tol, "cloud c compute");
        // Weights over the largest memory, 1 GB.
        NS_TEST_ASSERT_MSG_EQ_TOL(x[c + 15 + A], 0.1, tol, "weight a");
        NS_TEST_ASSERT_MSG_EQ_TOL(x[c + 15 + C], 0.3, tol, "weight c");
        for (float f : x)
        {
            NS_TEST_ASSERT_MSG_EQ((f >= 0 && f <= 1), true, "every feature in [0, 1]");
        }

        bool threw = false;
        try
        {
            DeploymentObservation(4, 3, 3).Encode(v);
        }
        catch (const std::invalid_argument&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "a view of another size is refused");
    }
};

/**
 * \ingroup r3d-tests
 * Mask and ToActions: hand cases, then 500 random views with random masked
 * choices: the mask only allows what is feasible alone, and the actions,
 * applied in order, never exceed a node's memory and turn every deploy +
 * evict of one model into a MIGRATE.
 */
class ObservationActionTestCase : public TestCase
{
  public:
    ObservationActionTestCase()
        : TestCase("observation: mask and factorized actions")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        DeploymentObservation obs(5, 3, 3);
        auto choicesFor = [](std::vector<std::pair<uint32_t, uint32_t>> set) {
            std::vector<uint32_t> choices(15, DeploymentObservation::KEEP);
            for (const auto& [index, choice] : set)
            {
                choices[index] = choice;
            }
            return choices;
        };
        const uint32_t D = DeploymentObservation::DEPLOY;
        const uint32_t E = DeploymentObservation::EVICT;

        // a moves from the cloud to the edge: one MIGRATE.
        MecView v = MakeView();
        v.status[CLOUD].models[A] = ModelState::READY;
        std::vector<DA> actions =
            obs.ToActions(v, choicesFor({{CLOUD * 3 + A, E}, {EDGE * 3 + A, D}}));
        std::vector<DA> expected = {Act(DA::MIGRATE, EDGE, A, CLOUD)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "migrate: " << Show(actions));

        // Device 0 holds c (300 of 350 MB). Evicting c frees room for b.
        v = MakeView();
        v.status[0].models[C] = ModelState::READY;
        actions = obs.ToActions(v, choicesFor({{0 * 3 + C, E}, {0 * 3 + B, D}}));
        expected = {Act(DA::EVICT, 0, C), Act(DA::DEPLOY, 0, B)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "evict then deploy: " << Show(actions));
        // c moving to the edge frees device 0 only once the edge is ready:
        // b does not fit meanwhile and is skipped.
        actions = obs.ToActions(v, choicesFor({{0 * 3 + C, E}, {0 * 3 + B, D}, {EDGE * 3 + C, D}}));
        expected = {Act(DA::MIGRATE, EDGE, C, 0)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "source memory: " << Show(actions));
        // Sequential feasibility: a, b, c on the edge (500 MB): a, b fit,
        // c no longer does.
        v = MakeView();
        actions =
            obs.ToActions(v, choicesFor({{EDGE * 3 + A, D}, {EDGE * 3 + B, D}, {EDGE * 3 + C, D}}));
        expected = {Act(DA::DEPLOY, EDGE, A), Act(DA::DEPLOY, EDGE, B)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "sequential: " << Show(actions));

        bool threw = false;
        try
        {
            obs.ToActions(v, std::vector<uint32_t>(14, 0));
        }
        catch (const std::invalid_argument&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "wrong size");
        threw = false;
        try
        {
            obs.ToActions(v, choicesFor({{4, 3}}));
        }
        catch (const std::invalid_argument&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "choice 3");

        Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
        u->SetStream(5);
        uint32_t migrates = 0;
        for (int trial = 0; trial < 500; ++trial)
        {
            MecView r = RandomHoldings(u);
            for (double& w : r.weightBytes)
            {
                w = u->GetValue(10e6, 400e6);
            }
            r.nodes[CLOUD].memoryCapacity = u->GetValue(0, 1e9);
            // Re-hold within the new weights, and report some nodes with
            // less free memory than the holdings leave (other residents).
            for (uint32_t n = 0; n < 5; ++n)
            {
                double used = 0;
                for (uint32_t m = 0; m < 3; ++m)
                {
                    if (r.IsHeld(n, m) && used + r.weightBytes[m] > r.nodes[n].memoryCapacity)
                    {
                        r.status[n].models[m] = ModelState::ABSENT;
                    }
                    used += r.IsHeld(n, m) ? r.weightBytes[m] : 0;
                }
                if (u->GetValue() < 0.5)
                {
                    r.status[n].reported = true;
                    r.status[n].freeMemory =
                        std::max(0.0, r.nodes[n].memoryCapacity - used - u->GetValue(0, 100e6));
                }
            }
            std::vector<uint8_t> mask = obs.Mask(r);
            NS_TEST_ASSERT_MSG_EQ(mask.size(), 45, "mask size");
            std::vector<uint32_t> choices(15);
            for (uint32_t n = 0; n < 5; ++n)
            {
                for (uint32_t m = 0; m < 3; ++m)
                {
                    const uint8_t* p = mask.data() + (n * 3 + m) * 3;
                    bool held = r.IsHeld(n, m);
                    NS_TEST_ASSERT_MSG_EQ(p[0], 1, "keep always allowed");
                    if (p[1])
                    {
                        NS_TEST_ASSERT_MSG_EQ(held, false, "deploy allowed => not held");
                        NS_TEST_ASSERT_MSG_LT_OR_EQ(r.weightBytes[m],
                                                    r.FreeMemory(n),
                                                    "deploy allowed => fits");
                    }
                    NS_TEST_ASSERT_MSG_EQ((p[2] == 1), held, "evict allowed <=> held");
                    std::vector<uint32_t> allowed;
                    for (uint32_t k = 0; k < 3; ++k)
                    {
                        if (p[k])
                        {
                            allowed.push_back(k);
                        }
                    }
                    choices[n * 3 + m] = allowed[u->GetInteger(0, allowed.size() - 1)];
                }
            }
            actions = obs.ToActions(r, choices);
            std::string why;
            MecView applied = r;
            NS_TEST_ASSERT_MSG_EQ(Apply(applied, actions, why),
                                  true,
                                  "trial " << trial << ": " << why << ": " << Show(actions));
            for (uint32_t m = 0; m < 3; ++m)
            {
                bool deploy = false;
                bool evict = false;
                for (const DA& a : actions)
                {
                    deploy = deploy || (a.model == m && a.kind == DA::DEPLOY);
                    evict = evict || (a.model == m && a.kind == DA::EVICT);
                    migrates += a.model == m && a.kind == DA::MIGRATE ? 1 : 0;
                }
                NS_TEST_ASSERT_MSG_EQ((deploy && evict),
                                      false,
                                      "trial " << trial << ": deploy + evict of model " << m
                                               << " not merged: " << Show(actions));
            }
        }
        NS_TEST_ASSERT_MSG_GT(migrates, 0, "some random choices migrate");
    }
};

/**
 * \ingroup r3d-tests
 * CreateByName for every name, and the error for an unknown one.
 */
class PolicyByNameTestCase : public TestCase
{
  public:
    PolicyByNameTestCase()
        : TestCase("CreateByName: every name, unknown names refused")
    {
    }

  private:
    void DoRun() override
    {
        struct Known
        {
            std::string name;
            std::string type;
        };

        for (const Known& k : {Known{"local-only", "ns3::TierPolicy"},
                               Known{"edge-only", "ns3::TierPolicy"},
                               Known{"cloud-only", "ns3::TierPolicy"},
                               Known{"random", "ns3::RandomPolicy"},
                               Known{"greedy", "ns3::GreedyPolicy"},
                               Known{"static", "ns3::StaticPolicy"},
                               Known{"ns3::GreedyPolicy", "ns3::GreedyPolicy"},
                               Known{"ns3::TierPolicy", "ns3::TierPolicy"}})
        {
            Ptr<DeploymentPolicy> p = DeploymentControllerHelper::CreatePolicy(k.name);
            NS_TEST_ASSERT_MSG_EQ(bool(p), true, k.name);
            NS_TEST_ASSERT_MSG_EQ(p->GetInstanceTypeId().GetName(), k.type, k.name);
        }
        Tier tiers[] = {Tier::END, Tier::EDGE, Tier::CLOUD};
        const char* names[] = {"local-only", "edge-only", "cloud-only"};
        for (int i = 0; i < 3; ++i)
        {
            Ptr<TierPolicy> p =
                DynamicCast<TierPolicy>(DeploymentControllerHelper::CreatePolicy(names[i]));
            NS_TEST_ASSERT_MSG_EQ((p->GetTier() == tiers[i]), true, names[i]);
        }
        Ptr<TierPolicy> byAttribute = CreateObject<TierPolicy>();
        byAttribute->SetAttribute("Tier", StringValue("cloud"));
        NS_TEST_ASSERT_MSG_EQ((byAttribute->GetTier() == Tier::CLOUD), true, "Tier attribute");

        std::string known = DeploymentControllerHelper::GetPolicyNames();
        for (const char* name : {"local-only",
                                 "edge-only",
                                 "cloud-only",
                                 "random",
                                 "greedy",
                                 "static",
                                 "ns3::GreedyPolicy",
                                 "ns3::RandomPolicy",
                                 "ns3::StaticPolicy",
                                 "ns3::TierPolicy"})
        {
            NS_TEST_ASSERT_MSG_NE(known.find(name), std::string::npos, name << " in " << known);
        }
        for (const char* name : {"nope", "ns3::UniformRandomVariable", "ns3::DeploymentPolicy", ""})
        {
            std::string message;
            try
            {
                DeploymentControllerHelper::CreatePolicy(name);
            }
            catch (const std::invalid_argument& e)
            {
                message = e.what();
            }
            NS_TEST_ASSERT_MSG_NE(message.find(std::string("'") + name + "'"),
                                  std::string::npos,
                                  "error names '" << name << "': " << message);
            NS_TEST_ASSERT_MSG_NE(message.find(known), std::string::npos, "error lists the names");
        }
    }
};

/**
 * \ingroup r3d-tests
 * Deployment policies and the learning policies' interface.
 */
class MecPolicyTestSuite : public TestSuite
{
  public:
    MecPolicyTestSuite()
        : TestSuite("r3d-mec-policies", UNIT)
    {
        AddTestCase(new MecViewEstimatesTestCase, TestCase::QUICK);
        AddTestCase(new TierPolicyTestCase, TestCase::QUICK);
        AddTestCase(new GreedyPolicyTestCase, TestCase::QUICK);
        AddTestCase(new RandomPolicyTestCase, TestCase::QUICK);
        AddTestCase(new StaticPolicyTestCase, TestCase::QUICK);
        AddTestCase(new ObservationEncodeTestCase, TestCase::QUICK);
        AddTestCase(new ObservationActionTestCase, TestCase::QUICK);
        AddTestCase(new PolicyByNameTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static MecPolicyTestSuite g_mecPolicyTestSuite;
