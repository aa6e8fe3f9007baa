/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The on-demand edge caching baselines "lru" and "lfu" (CachePolicy) on
// sequences of small views built by hand, with expectations worked out by
// hand, and on a random demand sequence (memory never overcommitted).

#include "r3d-test-util.h"

#include "ns3/cache-policy.h"
#include "ns3/deployment-policy.h"
#include "ns3/mec-application-helpers.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using ns3::r3dtest::Act;
using ns3::r3dtest::Show;

namespace
{

const uint32_t A = 0; //!< model "a", 100 MB of FP32 weights
const uint32_t B = 1; //!< model "b", 200 MB
const uint32_t C = 2; //!< model "c", 200 MB
const uint32_t D = 3; //!< model "d", 300 MB
const uint32_t E = 4; //!< model "e", 450 MB
const uint32_t F = 5; //!< model "f", 600 MB

const uint32_t EDGE0 = 3; //!< edge-0, site 0, 500 MB, FP32 (1 byte per weight byte)
const uint32_t EDGE1 = 4; //!< edge-1, site 1, 500 MB, FP16 (0.5 byte per weight byte)
const uint32_t CLOUD = 5; //!< the cloud, 1 GB

/**
 * Six server nodes: device-0 and device-1 (end, site 0), device-2 (end,
 * site 1), edge-0 (site 0, 500 MB, memoryPerWeightByte 1), edge-1 (site 1,
 * 500 MB, memoryPerWeightByte 0.5), the cloud (1 GB); origins 0, 1, 2 are
 * the three devices. Models a..f of 100, 200, 200, 300, 450, 600 MB of FP32
 * weights: a + b + c + d = 800 MB fit the cloud, e and f then do not; f
 * never fits edge-0 (600 > 500) but fits edge-1 (300 MB there). Nothing
 * held, nothing reported, no demand; time 0.
 */
MecView
MakeView()
{
    MecView v;
    v.now = Seconds(0);
    auto node = [&v](const std::string& name, Tier tier, int32_t site, double memory) {
        r3dtest::AddNode(v, name, tier, site, memory);
    };
    node("device-0", Tier::END, 0, 350e6);
    node("device-1", Tier::END, 0, 350e6);
    node("device-2", Tier::END, 1, 350e6);
    node("edge-0", Tier::EDGE, 0, 500e6);
    node("edge-1", Tier::EDGE, 1, 500e6);
    node("cloud", Tier::CLOUD, -1, 1e9);
    v.nodes[EDGE1].memoryPerWeightByte = 0.5;
    v.models = {"a", "b", "c", "d", "e", "f"};
    v.weightBytes = {100e6, 200e6, 200e6, 300e6, 450e6, 600e6};
    v.inputBytes.assign(6, 1000);
    v.resultBytes.assign(6, 100);
    v.deadline.assign(6, 0.1);
    v.origins = {0, 1, 2};
    v.demand.assign(3, std::vector<double>(6, 0.0));
    v.links.resize(3);
    v.status.resize(v.nodes.size());
    for (MecNodeStatus& s : v.status)
    {
        s.models.assign(6, ModelState::ABSENT);
    }
    v.computeTime.assign(v.nodes.size(), std::vector<double>(6, 0.01));
    v.defaultPathRate = 1e8;
    v.defaultPathRtt = 0.01;
    return v;
}

/**
 * \param v a view
 * \param node node index
 * \return the MemoryBytes of the models held on \p node
 */
double
HeldBytes(const MecView& v, uint32_t node)
{
    double bytes = 0;
    for (uint32_t m = 0; m < v.models.size(); ++m)
    {
        bytes += v.IsHeld(node, m) ? v.MemoryBytes(node, m) : 0;
    }
    return bytes;
}

/**
 * \brief Apply actions as the controller does (optimistically), checking
 *        each: an eviction must free a held model on an edge (the cache
 *        policy never evicts the cloud or an end device); a deploy needs an
 *        absent model and MemoryBytes <= FreeMemory. A reported node's
 *        freeMemory is kept up to date by MemoryBytes.
 * \param v the view, updated
 * \param actions the actions
 * \param[out] why the first problem found
 * \return true if every action was legal and feasible when applied
 */
bool
Apply(MecView& v, const std::vector<DeploymentAction>& actions, std::string& why)
{
    for (const DeploymentAction& a : actions)
    {
        std::ostringstream where;
        where << " (node " << a.node << ", model " << a.model << ")";
        MecNodeStatus& s = v.status[a.node];
        if (a.kind == DeploymentAction::MIGRATE || a.source != 0)
        {
            why = "not a plain deploy or evict" + where.str();
            return false;
        }
        if (a.kind == DeploymentAction::EVICT)
        {
            if (v.nodes[a.node].tier != Tier::EDGE)
            {
                why = "evicts from a node that is not an edge" + where.str();
                return false;
            }
            if (!v.IsHeld(a.node, a.model))
            {
                why = "evicts a model not held" + where.str();
                return false;
            }
            s.models[a.model] = ModelState::ABSENT;
            s.freeMemory += v.MemoryBytes(a.node, a.model);
            continue;
        }
        if (v.nodes[a.node].tier == Tier::END)
        {
            why = "deploys on an end device" + where.str();
            return false;
        }
        if (v.IsHeld(a.node, a.model))
        {
            why = "deploys a model already held" + where.str();
            return false;
        }
        if (v.MemoryBytes(a.node, a.model) > v.FreeMemory(a.node))
        {
            why = "out of memory" + where.str();
            return false;
        }
        s.models[a.model] = ModelState::LOADING;
        s.freeMemory -= v.MemoryBytes(a.node, a.model);
    }
    return true;
}

/// The cloud's first-decision deploys: a, b, c, d (800 MB of 1 GB); e would
/// make 1250 MB, f 1400 MB.
const std::vector<DeploymentAction> CLOUD_FIRST = {Act(DeploymentAction::DEPLOY, CLOUD, A),
                                                   Act(DeploymentAction::DEPLOY, CLOUD, B),
                                                   Act(DeploymentAction::DEPLOY, CLOUD, C),
                                                   Act(DeploymentAction::DEPLOY, CLOUD, D)};

/**
 * \brief Step a policy: set the time and the demand of origins, decide,
 *        apply the actions to the view.
 * \param policy the policy
 * \param v the view, updated
 * \param now decision time, s
 * \param demand [origin][model] requests/s (missing origins: no demand)
 * \param[out] why the first problem found applying the actions ("" if none)
 * \return the actions
 */
std::vector<DeploymentAction>
Step(Ptr<DeploymentPolicy> policy,
     MecView& v,
     double now,
     const std::vector<std::vector<double>>& demand,
     std::string& why)
{
    v.now = Seconds(now);
    for (uint32_t o = 0; o < v.demand.size(); ++o)
    {
        v.demand[o].assign(v.models.size(), 0.0);
        for (uint32_t m = 0; o < demand.size() && m < demand[o].size(); ++m)
        {
            v.demand[o][m] = demand[o][m];
        }
    }
    std::vector<DeploymentAction> actions = policy->Decide(v);
    why.clear();
    Apply(v, actions, why);
    return actions;
}

/**
 * \ingroup r3d-tests
 * The first decision: the cloud gets every model that fits, edges without
 * demand nothing, end devices are never touched; the names "lru" and "lfu".
 */
class CacheFirstDecisionTestCase : public TestCase
{
  public:
    CacheFirstDecisionTestCase()
        : TestCase("cache: first decision fills the cloud only; lru and lfu by name")
    {
    }

  private:
    void DoRun() override
    {
        std::string why;
        for (const char* name : {"lru", "lfu"})
        {
            Ptr<DeploymentPolicy> p = DeploymentControllerHelper::CreatePolicy(name);
            MecView v = MakeView();
            // device-0 holds a: the cache policy leaves end devices alone.
            v.status[0].models[A] = ModelState::READY;
            // Cloud, index order: a 100, b 300, c 500, d 800 MB; e (1250)
            // and f (1400) do not fit 1 GB. No demand: no edge action.
            std::vector<DeploymentAction> actions = Step(p, v, 0, {}, why);
            NS_TEST_ASSERT_MSG_EQ((actions == CLOUD_FIRST),
                                  true,
                                  name << " first: " << Show(actions));
            NS_TEST_ASSERT_MSG_EQ(why, "", name);
            // Held (LOADING): nothing more to do, the cloud has 200 MB left.
            actions = Step(p, v, 10, {}, why);
            NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, name << " no churn: " << Show(actions));
            // The cloud lost c (say, a restart): deployed again.
            v.status[CLOUD].models[C] = ModelState::ABSENT;
            actions = Step(p, v, 20, {}, why);
            NS_TEST_ASSERT_MSG_EQ(
                (actions == std::vector<DeploymentAction>{Act(DeploymentAction::DEPLOY, CLOUD, C)}),
                true,
                name << " cloud refilled: " << Show(actions));
        }

        // A first decision later than 0 with demand: the edge is filled at
        // once (b 5/s at site 0), the recency is the decision time, and no
        // requests are estimated (no previous decision to measure from).
        {
            Ptr<CachePolicy> p = CreateObject<CachePolicy>();
            MecView v = MakeView();
            std::vector<DeploymentAction> actions = Step(p, v, 100, {{0, 5}}, why);
            std::vector<DeploymentAction> expected = CLOUD_FIRST;
            expected.push_back(Act(DeploymentAction::DEPLOY, EDGE0, B));
            NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "first at 100: " << Show(actions));
            NS_TEST_ASSERT_MSG_EQ(p->GetFrequency(EDGE0, B), 0, "first decision adds nothing");
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetLastRequested(EDGE0, B), 100, 1e-9, "recency");
            // The next, 10 s later: 5/s * 10 s = 50 requests.
            Step(p, v, 110, {{0, 5}}, why);
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetFrequency(EDGE0, B), 50, 1e-9, "second decision");
        }

        Ptr<CachePolicy> lru =
            DynamicCast<CachePolicy>(DeploymentControllerHelper::CreatePolicy("lru"));
        Ptr<CachePolicy> lfu =
            DynamicCast<CachePolicy>(DeploymentControllerHelper::CreatePolicy("lfu"));
        NS_TEST_ASSERT_MSG_EQ(bool(lru), true, "lru is a CachePolicy");
        NS_TEST_ASSERT_MSG_EQ(bool(lfu), true, "lfu is a CachePolicy");
        NS_TEST_ASSERT_MSG_EQ((lru->GetEviction() == CachePolicy::LRU), true, "lru");
        NS_TEST_ASSERT_MSG_EQ((lfu->GetEviction() == CachePolicy::LFU), true, "lfu");
        Ptr<CachePolicy> byAttribute = CreateObject<CachePolicy>();
        NS_TEST_ASSERT_MSG_EQ((byAttribute->GetEviction() == CachePolicy::LRU), true, "default");
        byAttribute->SetAttribute("Eviction", StringValue("lfu"));
        NS_TEST_ASSERT_MSG_EQ((byAttribute->GetEviction() == CachePolicy::LFU),
                              true,
                              "Eviction attribute");
        std::string known = DeploymentControllerHelper::GetPolicyNames();
        for (const char* name : {"lru", "lfu", "ns3::CachePolicy"})
        {
            NS_TEST_ASSERT_MSG_NE(known.find(name), std::string::npos, name << " in " << known);
        }
    }
};

/**
 * \ingroup r3d-tests
 * A model requested at a site and not held on its edge is deployed there.
 */
class CacheMissTestCase : public TestCase
{
  public:
    CacheMissTestCase()
        : TestCase("cache: a requested model missing at the site's edge is deployed")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;
        Ptr<DeploymentPolicy> p = DeploymentControllerHelper::CreatePolicy("lru");
        MecView v = MakeView();
        Step(p, v, 0, {}, why);
        NS_TEST_ASSERT_MSG_EQ(why, "", "first");

        // Site 0 (origins 0, 1): b 1/s, c 2/s -> c first (more demand):
        // 200 of 500 MB, then b: 400. Site 1 (origin 2): a 3/s -> edge-1,
        // 50 MB there. The cloud already holds a..d and has no room for
        // e, f: nothing for it.
        std::vector<DA> actions = Step(p, v, 10, {{0, 1, 0}, {0, 0, 2}, {3}}, why);
        std::vector<DA> expected = {Act(DA::DEPLOY, EDGE0, C),
                                    Act(DA::DEPLOY, EDGE0, B),
                                    Act(DA::DEPLOY, EDGE1, A)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "misses: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(why, "", "misses");

        // Same demand: held (LOADING), nothing to do; READY, still nothing.
        actions = Step(p, v, 20, {{0, 1, 0}, {0, 0, 2}, {3}}, why);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "loading is held: " << Show(actions));
        v.status[EDGE0].models[B] = ModelState::READY;
        v.status[EDGE0].models[C] = ModelState::READY;
        actions = Step(p, v, 30, {{0, 1, 0}, {0, 0, 2}, {3}}, why);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "ready is held: " << Show(actions));

        // Demand stops: a cache keeps what it holds (no eviction without a
        // miss to make room for).
        actions = Step(p, v, 40, {}, why);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "no demand, no eviction: " << Show(actions));

        // A report's NaN is no demand.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        actions = Step(p, v, 50, {{nan, 0, 0, nan}}, why);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "NaN: " << Show(actions));
    }
};

/**
 * \ingroup r3d-tests
 * LRU and LFU on one history built so that their victims differ; ties.
 */
class CacheLruTestCase : public TestCase
{
  public:
    CacheLruTestCase()
        : TestCase("cache: lru evicts the least recently requested, lfu its own victim")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;

        // The same history for both, on edge-0 (500 MB), decisions at 0,
        // 10, 25, 30 s (intervals 10, 15, 5 s), demand from origin 0:
        //  t=0   nothing (the first decision adds no frequency)
        //  t=10  b 5/s: b last 10, freq 5*10 = 50; deploy b (300 MB left)
        //  t=25  c 1/s: c last 25, freq 1*15 = 15; deploy c (100 left)
        //  t=30  d 1/s: d last 30, freq 1*5 = 5; d needs 300 > 100: one
        //        victim among b (last 10, freq 50) and c (last 25, freq 15)
        //        -> lru evicts b (older), lfu evicts c (fewer requests).
        //  t=40  e 1/s (450 MB), nothing free: both remaining held models
        //        must go. lru holds c (last 25, freq 15), d (30, 5): c then
        //        d. lfu holds b (10, 50), d (30, 5): d then b.
        struct Run
        {
            const char* name;
            uint32_t victim30;
            std::vector<DA> at40;
        };

        for (const Run& run :
             {Run{"lru",
                  B,
                  {Act(DA::EVICT, EDGE0, C), Act(DA::EVICT, EDGE0, D), Act(DA::DEPLOY, EDGE0, E)}},
              Run{"lfu",
                  C,
                  {Act(DA::EVICT, EDGE0, D), Act(DA::EVICT, EDGE0, B), Act(DA::DEPLOY, EDGE0, E)}}})
        {
            Ptr<CachePolicy> p =
                DynamicCast<CachePolicy>(DeploymentControllerHelper::CreatePolicy(run.name));
            MecView v = MakeView();
            Step(p, v, 0, {}, why);
            std::vector<DA> actions = Step(p, v, 10, {{0, 5}}, why);
            NS_TEST_ASSERT_MSG_EQ((actions == std::vector<DA>{Act(DA::DEPLOY, EDGE0, B)}),
                                  true,
                                  run.name << " t=10: " << Show(actions));
            actions = Step(p, v, 25, {{0, 0, 1}}, why);
            NS_TEST_ASSERT_MSG_EQ((actions == std::vector<DA>{Act(DA::DEPLOY, EDGE0, C)}),
                                  true,
                                  run.name << " t=25: " << Show(actions));
            actions = Step(p, v, 30, {{0, 0, 0, 1}}, why);
            std::vector<DA> expected = {Act(DA::EVICT, EDGE0, run.victim30),
                                        Act(DA::DEPLOY, EDGE0, D)};
            NS_TEST_ASSERT_MSG_EQ((actions == expected),
                                  true,
                                  run.name << " t=30: " << Show(actions));
            NS_TEST_ASSERT_MSG_EQ(why, "", run.name);
            // The keys, as worked out above.
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetFrequency(EDGE0, B), 50, 1e-9, run.name);
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetFrequency(EDGE0, C), 15, 1e-9, run.name);
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetFrequency(EDGE0, D), 5, 1e-9, run.name);
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetLastRequested(EDGE0, B), 10, 1e-9, run.name);
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetLastRequested(EDGE0, C), 25, 1e-9, run.name);
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetLastRequested(EDGE0, D), 30, 1e-9, run.name);
            NS_TEST_ASSERT_MSG_EQ(p->GetFrequency(EDGE0, A), 0, run.name << ": a never requested");

            actions = Step(p, v, 40, {{0, 0, 0, 0, 1}}, why);
            NS_TEST_ASSERT_MSG_EQ((actions == run.at40),
                                  true,
                                  run.name << " t=40: " << Show(actions));
            NS_TEST_ASSERT_MSG_EQ(why, "", run.name);
            NS_TEST_ASSERT_MSG_EQ_TOL(HeldBytes(v, EDGE0), 450e6, 1, run.name);

            // A view with another model count resets the state.
            MecView other = MakeView();
            other.models.pop_back();
            other.weightBytes.pop_back();
            for (MecNodeStatus& s : other.status)
            {
                s.models.pop_back();
            }
            for (std::vector<double>& d : other.demand)
            {
                d.pop_back();
            }
            other.now = Seconds(50);
            p->Decide(other);
            NS_TEST_ASSERT_MSG_EQ(p->GetFrequency(EDGE0, B), 0, run.name << ": reset");
        }

        // lru ties on recency go to the less frequent: at t=10 a 1/s and
        // b 5/s (both last 10; freq a 10, b 50): deploy b (more demand),
        // then a: 200 MB left. t=20 d 1/s needs 300: victim a (tie on
        // recency, freq 10 < 50) frees 100: 300 fits.
        Ptr<DeploymentPolicy> lru = DeploymentControllerHelper::CreatePolicy("lru");
        MecView v = MakeView();
        Step(lru, v, 0, {}, why);
        std::vector<DA> actions = Step(lru, v, 10, {{1, 5}}, why);
        std::vector<DA> expected = {Act(DA::DEPLOY, EDGE0, B), Act(DA::DEPLOY, EDGE0, A)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "lru tie t=10: " << Show(actions));
        actions = Step(lru, v, 20, {{0, 0, 0, 1}}, why);
        expected = {Act(DA::EVICT, EDGE0, A), Act(DA::DEPLOY, EDGE0, D)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "lru tie t=20: " << Show(actions));

        // Never-requested models (held from the start) tie on both keys:
        // the lower index goes first. edge-0 holds a, b, c (500 MB) before
        // any report; d (300) needs 300: a (100) then b (200) go, c stays.
        lru = DeploymentControllerHelper::CreatePolicy("lru");
        v = MakeView();
        for (uint32_t m : {A, B, C})
        {
            v.status[EDGE0].models[m] = ModelState::READY;
        }
        actions = Step(lru, v, 0, {{0, 0, 0, 1}}, why);
        expected = CLOUD_FIRST;
        expected.push_back(Act(DA::EVICT, EDGE0, A));
        expected.push_back(Act(DA::EVICT, EDGE0, B));
        expected.push_back(Act(DA::DEPLOY, EDGE0, D));
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "index ties: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(why, "", "index ties");
    }
};

/**
 * \ingroup r3d-tests
 * LFU counts estimated requests (rate times interval), not decisions.
 */
class CacheLfuTestCase : public TestCase
{
  public:
    CacheLfuTestCase()
        : TestCase("cache: lfu evicts the least frequently requested (estimated requests)")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;

        // Decisions every 10 s, demand from origin 1 (site 0, edge-0):
        //  t=10  c 10/s: c freq 100, last 10; deploy c (300 MB left)
        //  t=20  b 0.5/s: b freq 5, last 20; deploy b (100 left)
        //  t=30  b 0.5/s: b freq 10, last 30
        //  t=40  b 0.5/s: b freq 15, last 40
        //  t=50  d 1/s needs 300 > 100: b was requested at three decisions
        //        and c at one, but b's estimated requests (15) are fewer
        //        than c's (100) -> lfu evicts b; lru evicts c (last 10).
        for (const char* name : {"lfu", "lru"})
        {
            const bool isLfu = std::string(name) == "lfu";
            Ptr<CachePolicy> p =
                DynamicCast<CachePolicy>(DeploymentControllerHelper::CreatePolicy(name));
            MecView v = MakeView();
            Step(p, v, 0, {}, why);
            std::vector<DA> actions = Step(p, v, 10, {{}, {0, 0, 10}}, why);
            NS_TEST_ASSERT_MSG_EQ((actions == std::vector<DA>{Act(DA::DEPLOY, EDGE0, C)}),
                                  true,
                                  name << " t=10: " << Show(actions));
            for (double t : {20.0, 30.0, 40.0})
            {
                actions = Step(p, v, t, {{}, {0, 0.5}}, why);
            }
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetFrequency(EDGE0, B), 15, 1e-9, name);
            NS_TEST_ASSERT_MSG_EQ_TOL(p->GetFrequency(EDGE0, C), 100, 1e-9, name);
            NS_TEST_ASSERT_MSG_EQ(v.IsHeld(EDGE0, B), true, name << ": b deployed at t=20");
            actions = Step(p, v, 50, {{}, {0, 0, 0, 1}}, why);
            std::vector<DA> expected = {Act(DA::EVICT, EDGE0, isLfu ? B : C),
                                        Act(DA::DEPLOY, EDGE0, D)};
            NS_TEST_ASSERT_MSG_EQ((actions == expected), true, name << " t=50: " << Show(actions));
            NS_TEST_ASSERT_MSG_EQ(why, "", name);
        }

        // lfu ties on frequency go to the older: t=10 a 1/s (freq 10, last
        // 10; deploy, 400 MB left), t=20 b 1/s (freq 10, last 20; deploy,
        // 200 left), t=30 d 1/s needs 300: a and b tie at 10 requests, a is
        // older -> evict a (300 free), deploy d.
        Ptr<DeploymentPolicy> lfu = DeploymentControllerHelper::CreatePolicy("lfu");
        MecView v = MakeView();
        Step(lfu, v, 0, {}, why);
        Step(lfu, v, 10, {{1}}, why);
        Step(lfu, v, 20, {{0, 1}}, why);
        std::vector<DA> actions = Step(lfu, v, 30, {{0, 0, 0, 1}}, why);
        std::vector<DA> expected = {Act(DA::EVICT, EDGE0, A), Act(DA::DEPLOY, EDGE0, D)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "lfu tie: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(why, "", "lfu tie");
    }
};

/**
 * \ingroup r3d-tests
 * A model requested in the current interval is never evicted; a deploy that
 * cannot fit is skipped without evicting anything for it.
 */
class CacheNoRoomTestCase : public TestCase
{
  public:
    CacheNoRoomTestCase()
        : TestCase("cache: never evicts a requested model; skips what cannot fit")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;
        for (const char* name : {"lru", "lfu"})
        {
            Ptr<DeploymentPolicy> p = DeploymentControllerHelper::CreatePolicy(name);
            MecView v = MakeView();
            Step(p, v, 0, {}, why);
            // t=10: b and c 1/s each (tie: index order): 400 MB, 100 left.
            std::vector<DA> actions = Step(p, v, 10, {{0, 1, 1}}, why);
            std::vector<DA> expected = {Act(DA::DEPLOY, EDGE0, B), Act(DA::DEPLOY, EDGE0, C)};
            NS_TEST_ASSERT_MSG_EQ((actions == expected), true, name << " t=10: " << Show(actions));

            // t=20: d 5/s first (300 MB > 100 free; b and c are requested
            // again, so nothing may go): skipped. Then a 1/s: 100 fits.
            actions = Step(p, v, 20, {{1, 1, 1, 5}}, why);
            expected = {Act(DA::DEPLOY, EDGE0, A)};
            NS_TEST_ASSERT_MSG_EQ((actions == expected), true, name << " t=20: " << Show(actions));
            NS_TEST_ASSERT_MSG_EQ(why, "", name);

            // t=30: b 1/s, e 2/s (450 MB). Nothing free; a and c are not
            // requested but free only 300: e cannot fit, so nothing is
            // evicted for it (b is requested: never a victim).
            actions = Step(p, v, 30, {{0, 1, 0, 0, 2}}, why);
            NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, name << " t=30: " << Show(actions));

            // t=40: f (600 MB) exceeds edge-0's 500 MB: never deployed,
            // though every held model could go.
            actions = Step(p, v, 40, {{0, 0, 0, 0, 0, 1}}, why);
            NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, name << " t=40: " << Show(actions));
            for (uint32_t m : {A, B, C})
            {
                NS_TEST_ASSERT_MSG_EQ(v.IsHeld(EDGE0, m), true, name << " still holds " << m);
            }
        }
    }
};

/**
 * \ingroup r3d-tests
 * Random demand: the actions are always legal and feasible, and no node
 * ever holds more MemoryBytes than its memoryCapacity.
 */
class CacheMemoryInvariantTestCase : public TestCase
{
  public:
    CacheMemoryInvariantTestCase()
        : TestCase("cache: random demand never overcommits memory nor evicts a requested model")
    {
    }

  private:
    void DoRun() override
    {
        for (const char* name : {"lru", "lfu"})
        {
            Ptr<DeploymentPolicy> p = DeploymentControllerHelper::CreatePolicy(name);
            MecView v = MakeView();
            // Reported nodes: FreeMemory is the report's freeMemory, which
            // Apply keeps by MemoryBytes.
            for (uint32_t n = 0; n < v.nodes.size(); ++n)
            {
                v.status[n].reported = true;
                v.status[n].freeMemory = v.nodes[n].memoryCapacity;
            }
            std::mt19937 rng(20261104);
            std::bernoulli_distribution wanted(0.4);
            std::uniform_real_distribution<double> rate(0.1, 10);
            std::uniform_real_distribution<double> gap(1, 20);
            double now = 0;
            uint32_t evictions = 0;
            uint32_t deploys = 0;
            for (int step = 0; step < 200; ++step)
            {
                std::vector<std::vector<double>> demand(3, std::vector<double>(6, 0.0));
                for (auto& row : demand)
                {
                    for (double& d : row)
                    {
                        d = wanted(rng) ? rate(rng) : 0;
                    }
                }
                std::string why;
                std::vector<DeploymentAction> actions = Step(p, v, now, demand, why);
                NS_TEST_ASSERT_MSG_EQ(why, "", name << " step " << step << ": " << Show(actions));
                for (const DeploymentAction& a : actions)
                {
                    if (a.kind == DeploymentAction::EVICT)
                    {
                        ++evictions;
                        // The site's demand for the victim must be zero.
                        double site = 0;
                        for (uint32_t o = 0; o < 3; ++o)
                        {
                            if (v.nodes[v.origins[o]].site == v.nodes[a.node].site)
                            {
                                site += demand[o][a.model];
                            }
                        }
                        NS_TEST_ASSERT_MSG_EQ(site,
                                              0,
                                              name << " step " << step << " evicts requested "
                                                   << a.model);
                    }
                    else
                    {
                        ++deploys;
                    }
                }
                for (uint32_t n = 0; n < v.nodes.size(); ++n)
                {
                    NS_TEST_ASSERT_MSG_LT_OR_EQ(HeldBytes(v, n),
                                                v.nodes[n].memoryCapacity,
                                                name << " step " << step << " node " << n);
                }
                // Loads complete before the next decision now and then.
                for (uint32_t n = 0; n < v.nodes.size(); ++n)
                {
                    for (ModelState& s : v.status[n].models)
                    {
                        if (s == ModelState::LOADING && wanted(rng))
                        {
                            s = ModelState::READY;
                        }
                    }
                }
                now += gap(rng);
            }
            // The sequence exercises the cache (the checks are not vacuous).
            NS_TEST_ASSERT_MSG_GT(evictions, 20, name << " evictions");
            NS_TEST_ASSERT_MSG_GT(deploys, 20, name << " deploys");
        }
    }
};

/**
 * \ingroup r3d-tests
 * Memory is MemoryBytes (the node's precision), not FP32 weightBytes.
 */
class CacheMemoryBytesTestCase : public TestCase
{
  public:
    CacheMemoryBytesTestCase()
        : TestCase("cache: memory counted as MemoryBytes (memoryPerWeightByte 0.5 on edge-1)")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;
        Ptr<DeploymentPolicy> p = DeploymentControllerHelper::CreatePolicy("lru");
        MecView v = MakeView();
        Step(p, v, 0, {}, why);

        // t=10: f 1/s at both sites. edge-0 (FP32): 600 MB > 500, never.
        // edge-1 (0.5 byte per weight byte): 300 MB, fits (200 left). By
        // weightBytes it would not fit there either.
        std::vector<DA> actions = Step(p, v, 10, {{0, 0, 0, 0, 0, 1}, {}, {0, 0, 0, 0, 0, 1}}, why);
        std::vector<DA> expected = {Act(DA::DEPLOY, EDGE1, F)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "t=10: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(why, "", "t=10");
        NS_TEST_ASSERT_MSG_EQ_TOL(v.FreeMemory(EDGE1), 200e6, 1, "edge-1 free");

        // t=20: site 1 wants e 2/s (225 MB there) and d 1/s (150 MB). e
        // first: 225 > 200, evict f (300 back: 500), deploy e (275 left);
        // d: 150 fits (125 left). By weightBytes, d (300) would not fit
        // after e (450).
        actions = Step(p, v, 20, {{}, {}, {0, 0, 0, 1, 2}}, why);
        expected = {Act(DA::EVICT, EDGE1, F), Act(DA::DEPLOY, EDGE1, E), Act(DA::DEPLOY, EDGE1, D)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "t=20: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(why, "", "t=20");
        NS_TEST_ASSERT_MSG_EQ_TOL(HeldBytes(v, EDGE1), 375e6, 1, "edge-1 holds e + d");

        // The same state by report: edge-1 reports its 125 MB free. Keys
        // on edge-1: f last 10, freq 1*10 = 10; e last 20, freq 2*10 = 20;
        // d last 20, freq 1*10 = 10. t=30: site 1 wants a 3/s (50 MB there)
        // and b 2/s (100 MB). a first: fits (75 left). b: 100 > 75, victims
        // (held, not requested) e and d tie on recency (20), d has fewer
        // requests -> evict d (150 back: 225), deploy b (125 left).
        v.status[EDGE1].reported = true;
        v.status[EDGE1].freeMemory = 125e6;
        actions = Step(p, v, 30, {{}, {}, {3, 2}}, why);
        expected = {Act(DA::DEPLOY, EDGE1, A), Act(DA::EVICT, EDGE1, D), Act(DA::DEPLOY, EDGE1, B)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "t=30: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(why, "", "t=30");
    }
};

} // namespace

/**
 * \ingroup r3d-tests
 * The on-demand edge caching baselines (lru, lfu).
 */
class CachePolicyTestSuite : public TestSuite
{
  public:
    CachePolicyTestSuite()
        : TestSuite("r3d-cache-policy", UNIT)
    {
        AddTestCase(new CacheFirstDecisionTestCase, TestCase::QUICK);
        AddTestCase(new CacheMissTestCase, TestCase::QUICK);
        AddTestCase(new CacheLruTestCase, TestCase::QUICK);
        AddTestCase(new CacheLfuTestCase, TestCase::QUICK);
        AddTestCase(new CacheNoRoomTestCase, TestCase::QUICK);
        AddTestCase(new CacheMemoryInvariantTestCase, TestCase::QUICK);
        AddTestCase(new CacheMemoryBytesTestCase, TestCase::QUICK);
    }
};

static CachePolicyTestSuite g_cachePolicyTestSuite; //!< the suite's static instance
