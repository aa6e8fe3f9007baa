/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The exhaustive-search "oracle" deployment policy on small views built by
// hand, with expectations worked out by hand, and on random small views
// (legal, memory-feasible actions; the chosen estimate recomputed by an
// independent implementation of the objective).

#include "r3d-test-util.h"

#include "ns3/config.h"
#include "ns3/deployment-cost.h"
#include "ns3/double.h"
#include "ns3/oracle-policy.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using ns3::r3dtest::Act;
using ns3::r3dtest::Show;

namespace
{

const double NaN = std::numeric_limits<double>::quiet_NaN();
const uint32_t DEVICE = 0; //!< origin 0's own node
const uint32_t EDGE = 1;
const uint32_t CLOUD = 2;

/**
 * \brief A small hand-made view. Origin 0 runs on device-0 (node 0, END);
 *        edge-0 is node 1; with \p cloud, the cloud is node 2. \p nModels
 *        identical models of 100 MB, deadline 50 ms, 10 kB in + 2.5 kB out
 *        (1e5 bit on the wire). Inference: device 80 ms, edge 5 ms, cloud
 *        2 ms. Dynamic power: device 5 W, edge 50 W, cloud 100 W. Memory
 *        1 GB everywhere. Unmeasured paths: 100 Mbit/s, 2 ms round trip, so
 *        NetworkTime to a remote node = 1e5 / 1e8 + 0.002 = 3 ms. Nothing
 *        held or reported by the servers; origin 0 reported (no path
 *        measured) and demands model 0 at 1 request/s, the others at 0.
 * \param nModels number of models
 * \param cloud whether to add the cloud
 * \return the view
 */
MecView
MakeView(uint32_t nModels, bool cloud)
{
    MecView v;
    v.now = Seconds(10);
    auto node = [&v](const std::string& name, Tier tier, int32_t site, double power) {
        MecNodeInfo info;
        info.index = v.nodes.size();
        info.nodeId = info.index;
        info.name = name;
        info.tier = tier;
        info.site = site;
        info.memoryCapacity = 1e9;
        info.dynamicPower = power;
        v.nodes.push_back(info);
        v.computeTime.emplace_back();
    };
    node("device-0", Tier::END, 0, 5);
    node("edge-0", Tier::EDGE, 0, 50);
    if (cloud)
    {
        node("cloud", Tier::CLOUD, -1, 100);
    }
    const double compute[] = {0.08, 0.005, 0.002};
    for (uint32_t m = 0; m < nModels; ++m)
    {
        v.models.push_back("m" + std::to_string(m));
        v.weightBytes.push_back(100e6);
        v.inputBytes.push_back(10000);
        v.resultBytes.push_back(2500);
        v.deadline.push_back(0.05);
        for (uint32_t n = 0; n < v.nodes.size(); ++n)
        {
            v.computeTime[n].push_back(compute[n]);
        }
    }
    v.origins = {DEVICE};
    v.demand.assign(1, std::vector<double>(nModels, 0.0));
    v.demand[0][0] = 1;
    v.links.resize(1);
    v.links[0].reported = true;
    v.links[0].goodputMbps.assign(v.nodes.size(), NaN);
    v.links[0].rttMs.assign(v.nodes.size(), NaN);
    v.status.resize(v.nodes.size());
    for (MecNodeStatus& s : v.status)
    {
        s.models.assign(nModels, ModelState::ABSENT);
    }
    v.defaultPathRate = 1e8;
    v.defaultPathRtt = 0.002;
    return v;
}

/**
 * \brief Apply actions as the controller does: a DEPLOY needs the model not
 *        held and weightBytes <= FreeMemory; an EVICT needs it held and frees
 *        its memory at once. No MIGRATE is expected from the oracle.
 * \param v the view, updated
 * \param actions the actions
 * \param[out] why the first problem found
 * \return true if every action was legal and fit when applied
 */
bool
Apply(MecView& v, const std::vector<DeploymentAction>& actions, std::string& why)
{
    for (const DeploymentAction& a : actions)
    {
        std::ostringstream s;
        s << Show({a}) << ": ";
        if (a.node >= v.nodes.size() || a.model >= v.models.size())
        {
            why = s.str() + "out of range";
            return false;
        }
        if (v.status[a.node].down)
        {
            why = s.str() + "touches a down node";
            return false;
        }
        std::vector<ModelState>& models = v.status[a.node].models;
        if (a.kind == DeploymentAction::EVICT)
        {
            if (!v.IsHeld(a.node, a.model))
            {
                why = s.str() + "evicts a model not held";
                return false;
            }
            models[a.model] = ModelState::ABSENT;
            v.status[a.node].freeMemory += v.weightBytes[a.model];
            continue;
        }
        if (a.kind != DeploymentAction::DEPLOY)
        {
            why = s.str() + "not a DEPLOY or EVICT";
            return false;
        }
        if (v.IsHeld(a.node, a.model))
        {
            why = s.str() + "deploys a model already held";
            return false;
        }
        if (v.weightBytes[a.model] > v.FreeMemory(a.node))
        {
            why = s.str() + "out of memory";
            return false;
        }
        models[a.model] = ModelState::LOADING;
        v.status[a.node].freeMemory -= v.weightBytes[a.model];
    }
    return true;
}

/// DeploymentCost's weights, as configured.
struct Weights
{
    double latency; //!< LatencyWeight
    double cap;     //!< LatencyCap
    double miss;    //!< MissWeight
    double energy;  //!< EnergyWeight
    double change;  //!< ChangeWeight
};

/**
 * \return the weights of a DeploymentCost created now
 */
Weights
CurrentWeights()
{
    Ptr<DeploymentCost> cost = CreateObject<DeploymentCost>();
    auto get = [&cost](const std::string& name) {
        DoubleValue v;
        cost->GetAttribute(name, v);
        return v.Get();
    };
    return Weights{get("LatencyWeight"),
                   get("LatencyCap"),
                   get("MissWeight"),
                   get("EnergyWeight"),
                   get("ChangeWeight")};
}

/**
 * \brief The oracle's objective, written independently (straight from
 *        OraclePolicy's documentation) for the deployment "held in \p v on
 *        nodes not down".
 * \param v the view
 * \param w the weights
 * \param deploys the number of deploys that led to this deployment
 * \return the estimated cost
 */
double
ReferenceCost(const MecView& v, const Weights& w, uint32_t deploys)
{
    const uint32_t nNodes = v.nodes.size();
    auto has = [&v](uint32_t n, uint32_t m) { return !v.status[n].down && v.IsHeld(n, m); };
    bool known = false;
    for (const MecLinkStatus& l : v.links)
    {
        known = known || l.reported;
    }

    struct Routed
    {
        uint32_t origin;
        uint32_t model;
        double rate;
        uint32_t host; // nNodes: unserved
    };

    std::vector<Routed> routed;
    std::vector<double> rho(nNodes, 0.0);
    for (uint32_t o = 0; o < v.origins.size(); ++o)
    {
        for (uint32_t m = 0; m < v.models.size(); ++m)
        {
            double d = known ? v.demand[o][m] : 1.0;
            if (!(d > 0) || !std::isfinite(d))
            {
                continue;
            }
            uint32_t host = nNodes;
            if (has(v.origins[o], m))
            {
                host = v.origins[o];
            }
            else
            {
                for (uint32_t h = 0; h < nNodes; ++h)
                {
                    if (has(h, m) && (host == nNodes ||
                                      v.CompletionTime(o, h, m) < v.CompletionTime(o, host, m)))
                    {
                        host = h;
                    }
                }
            }
            if (host < nNodes)
            {
                rho[host] += d * v.computeTime[host][m];
            }
            routed.push_back(Routed{o, m, d, host});
        }
    }
    double total = 0;
    double latency = 0;
    double missed = 0;
    for (const Routed& r : routed)
    {
        total += r.rate;
        if (r.host == nNodes)
        {
            latency += r.rate * w.cap;
            missed += r.rate;
            continue;
        }
        const MecNodeStatus& s = v.status[r.host];
        double ahead = s.reported ? s.queueLength + s.runningJobs : 0;
        double t = v.NetworkTime(r.origin, r.host, r.model) +
                   v.computeTime[r.host][r.model] * (1 + ahead) / (1 - std::min(rho[r.host], 0.95));
        latency += r.rate * std::min(t / v.deadline[r.model], w.cap);
        missed += t > v.deadline[r.model] ? r.rate : 0;
    }
    double cost = total > 0 ? w.latency * latency / total + w.miss * missed / total : 0;
    for (uint32_t h = 0; h < nNodes; ++h)
    {
        cost += w.energy * v.nodes[h].dynamicPower * std::min(rho[h], 1.0);
    }
    return cost + w.change * deploys;
}

/**
 * \brief Reset a DeploymentCost attribute's default to its TypeId value.
 * \param name the attribute
 */
void
ResetCostDefault(const std::string& name)
{
    TypeId::AttributeInformation info;
    TypeId::LookupByName("ns3::DeploymentCost").LookupAttributeByName(name, &info);
    Config::SetDefault("ns3::DeploymentCost::" + name, *info.originalInitialValue);
}

// Hand-computed building blocks (MakeView, default weights: LatencyWeight 1,
// LatencyCap 4, MissWeight 1, EnergyWeight 0.05, ChangeWeight 0.05). One
// request/s of model 0:
//  - on the edge: rho = 1 * 0.005; t = 0.003 + 0.005 / 0.995 = 8.025 ms;
//    ratio t / 0.05 = 0.16050; no miss; energy 0.05 * 50 W * 0.005 = 0.0025;
//  - on the cloud, default path: rho = 0.002; t = 0.003 + 0.002 / 0.998 =
//    5.004 ms; ratio 0.10008; no miss; energy 0.05 * 100 * 0.002 = 0.002;
//  - on the device (local): rho = 0.08; t = 0.08 / 0.92 = 86.96 ms; ratio
//    1.7391; miss; energy 0.05 * 5 * 0.08 = 0.004;
//  - unserved: ratio 4 (the cap) and a miss: 5.
// Tolerance 1e-9 relative on estimates: the oracle sums the same few terms,
// possibly in another order, so only rounding (~1e-16) can differ.

/// Estimate of serving model 0 from the edge, without the change term.
const double EDGE_COST = (0.003 + 0.005 / 0.995) / 0.05 + 0.05 * 50 * 0.005;
/// Estimate of serving model 0 from the cloud (default path), without change.
const double CLOUD_COST = (0.003 + 0.002 / 0.998) / 0.05 + 0.05 * 100 * 0.002;
/// ChangeWeight's default.
const double CHANGE = 0.05;

} // namespace

/**
 * \ingroup r3d-tests
 * Device + edge, one model, nothing held: the edge wins.
 */
class OracleChoiceTestCase : public TestCase
{
  public:
    OracleChoiceTestCase()
        : TestCase("oracle: deploys where the estimated cost is least")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        // Pairs (device, m0) and (edge, m0): 4 deployments, all fit.
        //  {}            : 4 + 1                             = 5
        //  {device}      : 1.7391 + 1 + 0.004 + 0.05         = 2.7931
        //  {edge}        : 0.16050 + 0.0025 + 0.05           = 0.21300 (least)
        //  {device, edge}: the client runs locally: 2.7931 + 0.05 = 2.8431
        MecView v = MakeView(1, false);
        Ptr<OraclePolicy> oracle = CreateObject<OraclePolicy>();
        std::vector<DA> actions = oracle->Decide(v);
        std::vector<DA> expected = {Act(DA::DEPLOY, EDGE, 0)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "deploy on the edge: " << Show(actions));
        const double estimate = EDGE_COST + CHANGE; // 0.2130025125628...
        NS_TEST_ASSERT_MSG_EQ_TOL(oracle->GetLastEstimate(),
                                  estimate,
                                  1e-9 * estimate,
                                  "estimate of {edge}");
        NS_TEST_ASSERT_MSG_EQ(oracle->GetLastEvaluated(), 4, "2^2 deployments");

        // Before any origin reported: demand 1 for every (origin, model),
        // here the same single pair, so the same choice.
        v.links[0].reported = false;
        v.demand[0][0] = 0;
        actions = oracle->Decide(v);
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "first decision: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ_TOL(oracle->GetLastEstimate(),
                                  estimate,
                                  1e-9 * estimate,
                                  "unreported demand counts 1/s");

        // A reported zero demand: nothing to serve, deploying only costs.
        v.links[0].reported = true;
        actions = oracle->Decide(v);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "no demand: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(oracle->GetLastEstimate(), 0, "no demand, no change: 0");
    }
};

/**
 * \ingroup r3d-tests
 * Memory: a model that does not fit on the edge goes to the cloud; an idle
 * model on the edge is evicted to make room when that is cheapest.
 */
class OracleMemoryTestCase : public TestCase
{
  public:
    OracleMemoryTestCase()
        : TestCase("oracle: memory limits, evict then deploy")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::string why;
        Ptr<OraclePolicy> oracle = CreateObject<OraclePolicy>();

        // Edge memory 50 MB < 100 MB. Cloud path measured: 20 ms RTT, no
        // goodput (default rate): NetworkTime 0.001 + 0.020 = 21 ms;
        // t = 0.021 + 0.002 / 0.998 = 23.004 ms; ratio 0.46008; energy
        // 0.002; change 0.05: 0.51208 < {device} 2.7931. Feasible: device
        // 2 sets x edge 1 (empty) x cloud 2 = 4.
        MecView v = MakeView(1, true);
        v.nodes[EDGE].memoryCapacity = 50e6;
        v.links[0].rttMs[CLOUD] = 20;
        std::vector<DA> actions = oracle->Decide(v);
        std::vector<DA> expected = {Act(DA::DEPLOY, CLOUD, 0)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected),
                              true,
                              "deploy on the cloud: " << Show(actions));
        double estimate = (0.021 + 0.002 / 0.998) / 0.05 + 0.05 * 100 * 0.002 + CHANGE;
        NS_TEST_ASSERT_MSG_EQ_TOL(oracle->GetLastEstimate(),
                                  estimate,
                                  1e-9 * estimate,
                                  "estimate of {cloud}");
        NS_TEST_ASSERT_MSG_EQ(oracle->GetLastEvaluated(), 4, "edge can hold nothing");

        // Two models; the edge (150 MB) holds m1 (no demand), 50 MB free.
        // m0 fits there only once m1 is evicted: {edge m0} costs 0.21300
        // (the eviction is free), {cloud m0} keeping m1 0.51208. Feasible
        // sets: device 4 x edge 3 ({}, {m0}, {m1}) x cloud 4 = 48.
        v = MakeView(2, true);
        v.nodes[EDGE].memoryCapacity = 150e6;
        v.status[EDGE].models[1] = ModelState::READY;
        v.links[0].rttMs[CLOUD] = 20;
        actions = oracle->Decide(v);
        expected = {Act(DA::EVICT, EDGE, 1), Act(DA::DEPLOY, EDGE, 0)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "evict then deploy: " << Show(actions));
        estimate = EDGE_COST + CHANGE;
        NS_TEST_ASSERT_MSG_EQ_TOL(oracle->GetLastEstimate(),
                                  estimate,
                                  1e-9 * estimate,
                                  "estimate of {edge m0}");
        NS_TEST_ASSERT_MSG_EQ(oracle->GetLastEvaluated(), 48, "4 x 3 x 4");
        MecView applied = v;
        NS_TEST_ASSERT_MSG_EQ(Apply(applied, actions, why), true, why);

        // Same, the edge reporting only 40 MB free (another resident): the
        // room after evicting m1 is 140 MB, still enough.
        v.status[EDGE].reported = true;
        v.status[EDGE].freeMemory = 40e6;
        actions = oracle->Decide(v);
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "reported memory: " << Show(actions));
        // m1 of 90 MB and 5 MB reported free: 95 MB after evicting m1,
        // < 100 MB: m0 goes to the cloud instead, and m1 (evicting it would
        // gain nothing) stays.
        v.weightBytes[1] = 90e6;
        v.status[EDGE].freeMemory = 5e6;
        actions = oracle->Decide(v);
        expected = {Act(DA::DEPLOY, CLOUD, 0)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "no room: " << Show(actions));
    }
};

/**
 * \ingroup r3d-tests
 * The change term: an optimal deployment stays; a slightly better host is
 * taken at the default ChangeWeight and ignored at a high one.
 */
class OracleChangeTestCase : public TestCase
{
  public:
    OracleChangeTestCase()
        : TestCase("oracle: change cost, staying put")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        // The edge holds m0: the case-1 optimum, now with no change term.
        MecView v = MakeView(1, false);
        v.status[EDGE].models[0] = ModelState::READY;
        Ptr<OraclePolicy> oracle = CreateObject<OraclePolicy>();
        std::vector<DA> actions = oracle->Decide(v);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "already optimal: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ_TOL(oracle->GetLastEstimate(),
                                  EDGE_COST,
                                  1e-9 * EDGE_COST,
                                  "0.16300: no change");

        // Add the cloud on the default path: serving from it costs
        // 0.10008 + 0.002 + 0.05 = 0.15208 < 0.16300 staying. {edge, cloud}
        // and {cloud} cost the same (the client picks the cloud, the idle
        // edge replica costs nothing, one deploy each); {edge, cloud} is
        // one change, {cloud} two: the edge replica stays.
        v = MakeView(1, true);
        v.status[EDGE].models[0] = ModelState::READY;
        actions = oracle->Decide(v);
        std::vector<DA> expected = {Act(DA::DEPLOY, CLOUD, 0)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "move to cloud: " << Show(actions));
        const double move = CLOUD_COST + CHANGE;
        NS_TEST_ASSERT_MSG_EQ_TOL(oracle->GetLastEstimate(), move, 1e-9 * move, "0.15208");

        // ChangeWeight 10 (read when the policy is created: reset at once):
        // moving costs 10.10208, staying 0.16300.
        Config::SetDefault("ns3::DeploymentCost::ChangeWeight", DoubleValue(10));
        Ptr<OraclePolicy> sticky = CreateObject<OraclePolicy>();
        ResetCostDefault("ChangeWeight");
        actions = sticky->Decide(v);
        NS_TEST_ASSERT_MSG_EQ(actions.size(), 0, "change too dear: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ_TOL(sticky->GetLastEstimate(),
                                  EDGE_COST,
                                  1e-9 * EDGE_COST,
                                  "staying");
        // The reset reached new policies.
        Ptr<OraclePolicy> again = CreateObject<OraclePolicy>();
        actions = again->Decide(v);
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "default restored: " << Show(actions));
    }
};

/**
 * \ingroup r3d-tests
 * MaxPairs: too many (node, model) pairs are refused; down nodes do not
 * count and are left alone.
 */
class OracleMaxPairsTestCase : public TestCase
{
  public:
    OracleMaxPairsTestCase()
        : TestCase("oracle: MaxPairs, down nodes")
    {
    }

  private:
    void DoRun() override
    {
        // 3 nodes x 7 models = 21 > 20.
        MecView v = MakeView(7, true);
        Ptr<OraclePolicy> oracle = CreateObject<OraclePolicy>();
        bool threw = false;
        std::string message;
        try
        {
            oracle->Decide(v);
        }
        catch (const std::invalid_argument& e)
        {
            threw = true;
            message = e.what();
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "21 pairs refused");
        NS_TEST_ASSERT_MSG_NE(message.find("21 (node, model) pairs exceed MaxPairs=20"),
                              std::string::npos,
                              message);
        NS_TEST_ASSERT_MSG_NE(message.find("2^21"), std::string::npos, message);

        // The cloud down (holding m0): 14 pairs, searched; the cloud's m0
        // is neither used nor evicted: m0 goes to the edge as in case 1.
        v.status[CLOUD].down = true;
        v.status[CLOUD].models[0] = ModelState::READY;
        std::vector<DeploymentAction> actions;
        threw = false;
        try
        {
            actions = oracle->Decide(v);
        }
        catch (const std::invalid_argument&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, false, "14 pairs accepted");
        std::vector<DeploymentAction> expected = {Act(DeploymentAction::DEPLOY, EDGE, 0)};
        NS_TEST_ASSERT_MSG_EQ((actions == expected), true, "down cloud: " << Show(actions));
        NS_TEST_ASSERT_MSG_EQ(oracle->GetLastEvaluated(),
                              uint64_t(1) << 14,
                              "all 2^14 fit in 1 GB");

        // The attribute: 2 pairs with MaxPairs 1.
        oracle->SetAttribute("MaxPairs", UintegerValue(1));
        threw = false;
        try
        {
            oracle->Decide(MakeView(1, false));
        }
        catch (const std::invalid_argument&)
        {
            threw = true;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "MaxPairs=1");

        // 20 pairs (5 nodes x 4 models, 1 GB each, 4 x 100 MB fit): the
        // whole 2^20 deployments in one decision.
        MecView big = MakeView(4, true);
        for (uint32_t extra = 3; extra < 5; ++extra)
        {
            MecNodeInfo info = big.nodes[EDGE];
            info.index = extra;
            info.nodeId = extra;
            big.nodes.push_back(info);
            big.status.push_back(big.status[EDGE]);
            big.computeTime.push_back(big.computeTime[EDGE]);
            big.links[0].goodputMbps.push_back(NaN);
            big.links[0].rttMs.push_back(NaN);
        }
        big.demand[0] = {1, 2, 0.5, 3};
        oracle->SetAttribute("MaxPairs", UintegerValue(20));
        actions = oracle->Decide(big);
        NS_TEST_ASSERT_MSG_EQ(oracle->GetLastEvaluated(), uint64_t(1) << 20, "2^20 deployments");
        NS_TEST_ASSERT_MSG_EQ(actions.empty(), false, "something deployed");
    }
};

/**
 * \ingroup r3d-tests
 * 50 random small views: the actions are legal (no MIGRATE, nothing on a
 * down node, EVICTs of held models before DEPLOYs of absent ones) and fit
 * in memory applied in order; the reported estimate equals an independent
 * evaluation of the resulting deployment and is no worse than keeping the
 * current one or than random feasible alternatives.
 */
class OracleRandomTestCase : public TestCase
{
  public:
    OracleRandomTestCase()
        : TestCase("oracle: random views, legal and no worse than alternatives")
    {
    }

  private:
    void DoRun() override
    {
        using DA = DeploymentAction;
        std::mt19937 rng(12345);
        auto uniform = [&rng](double a, double b) {
            return std::uniform_real_distribution<double>(a, b)(rng);
        };
        auto integer = [&rng](uint32_t a, uint32_t b) {
            return std::uniform_int_distribution<uint32_t>(a, b)(rng);
        };
        const Weights w = CurrentWeights();
        Ptr<OraclePolicy> oracle = CreateObject<OraclePolicy>();
        uint32_t evicts = 0;
        uint32_t deploys = 0;
        for (int trial = 0; trial < 50; ++trial)
        {
            const uint32_t nNodes = integer(2, 4);
            const uint32_t nModels = integer(1, 3);
            const uint32_t nOrigins = integer(1, 2);
            MecView v;
            v.now = Seconds(10);
            v.defaultPathRate = uniform(1e6, 1e8);
            v.defaultPathRtt = uniform(0.001, 0.05);
            for (uint32_t m = 0; m < nModels; ++m)
            {
                v.models.push_back("m" + std::to_string(m));
                v.weightBytes.push_back(uniform(10e6, 400e6));
                v.inputBytes.push_back(uniform(1e3, 1e6));
                v.resultBytes.push_back(uniform(0, 1e4));
                v.deadline.push_back(uniform(0.02, 0.5));
            }
            for (uint32_t n = 0; n < nNodes; ++n)
            {
                MecNodeInfo info;
                info.index = n;
                info.nodeId = n;
                info.name = "node-" + std::to_string(n);
                info.tier = n < nOrigins ? Tier::END : Tier::EDGE;
                info.memoryCapacity = uniform(0, 800e6);
                info.dynamicPower = uniform(1, 200);
                v.nodes.push_back(info);
                v.computeTime.emplace_back();
                MecNodeStatus s;
                s.models.assign(nModels, ModelState::ABSENT);
                double used = 0;
                for (uint32_t m = 0; m < nModels; ++m)
                {
                    v.computeTime[n].push_back(uniform(0.001, 0.2));
                    if (uniform(0, 1) < 0.4 && used + v.weightBytes[m] <= info.memoryCapacity)
                    {
                        s.models[m] = uniform(0, 1) < 0.5 ? ModelState::READY : ModelState::LOADING;
                        used += v.weightBytes[m];
                    }
                }
                if (uniform(0, 1) < 0.5)
                {
                    s.reported = true;
                    s.freeMemory = std::max(0.0, info.memoryCapacity - used - uniform(0, 100e6));
                    s.queueLength = integer(0, 3);
                    s.runningJobs = integer(0, 2);
                }
                s.down = uniform(0, 1) < 0.15;
                v.status.push_back(s);
            }
            for (uint32_t o = 0; o < nOrigins; ++o)
            {
                v.origins.push_back(o);
                MecLinkStatus link;
                link.reported = uniform(0, 1) < 0.8;
                for (uint32_t n = 0; n < nNodes; ++n)
                {
                    link.goodputMbps.push_back(uniform(0, 1) < 0.5 ? uniform(1, 100) : NaN);
                    link.rttMs.push_back(uniform(0, 1) < 0.5 ? uniform(1, 100) : NaN);
                }
                v.links.push_back(link);
                v.demand.emplace_back();
                for (uint32_t m = 0; m < nModels; ++m)
                {
                    v.demand[o].push_back(uniform(0, 1) < 0.3 ? 0 : uniform(0, 20));
                }
            }

            std::vector<DA> actions = oracle->Decide(v);
            const std::string tag = "trial " + std::to_string(trial) + ": " + Show(actions);
            bool deploying = false;
            for (const DA& a : actions)
            {
                NS_TEST_ASSERT_MSG_EQ((a.kind != DA::EVICT || !deploying),
                                      true,
                                      tag << ": EVICTs come first");
                deploying = deploying || a.kind == DA::DEPLOY;
                evicts += a.kind == DA::EVICT ? 1 : 0;
                deploys += a.kind == DA::DEPLOY ? 1 : 0;
            }
            MecView after = v;
            std::string why;
            NS_TEST_ASSERT_MSG_EQ(Apply(after, actions, why), true, tag << ": " << why);
            NS_TEST_ASSERT_MSG_GT_OR_EQ(oracle->GetLastEvaluated(), 1, tag);

            const double estimate = oracle->GetLastEstimate();
            uint32_t nDeploys = 0;
            for (const DA& a : actions)
            {
                nDeploys += a.kind == DA::DEPLOY ? 1 : 0;
            }
            const double chosen = ReferenceCost(after, w, nDeploys);
            const double tol = 1e-9 * std::max(1.0, std::abs(chosen));
            NS_TEST_ASSERT_MSG_EQ_TOL(estimate, chosen, tol, tag << ": estimate recomputed");
            const double stay = ReferenceCost(v, w, 0);
            NS_TEST_ASSERT_MSG_LT_OR_EQ(estimate, stay + tol, tag << ": no worse than staying");

            // Random alternatives: from the current holdings, random
            // evictions then random deploys that fit (with a byte to spare).
            for (int alt = 0; alt < 20; ++alt)
            {
                MecView other = v;
                uint32_t altDeploys = 0;
                std::vector<DA> changes;
                for (uint32_t n = 0; n < nNodes; ++n)
                {
                    for (uint32_t m = 0; m < nModels; ++m)
                    {
                        if (!v.status[n].down && v.IsHeld(n, m) && uniform(0, 1) < 0.5)
                        {
                            changes.push_back(Act(DA::EVICT, n, m));
                        }
                    }
                }
                std::string ignored;
                Apply(other, changes, ignored);
                for (uint32_t n = 0; n < nNodes; ++n)
                {
                    for (uint32_t m = 0; m < nModels; ++m)
                    {
                        if (!other.status[n].down && !other.IsHeld(n, m) &&
                            other.weightBytes[m] + 1 <= other.FreeMemory(n) && uniform(0, 1) < 0.5)
                        {
                            std::vector<DA> d = {Act(DA::DEPLOY, n, m)};
                            Apply(other, d, ignored);
                            altDeploys += v.IsHeld(n, m) ? 0 : 1;
                        }
                    }
                }
                const double alternative = ReferenceCost(other, w, altDeploys);
                NS_TEST_ASSERT_MSG_LT_OR_EQ(estimate,
                                            alternative + tol,
                                            tag << ": no worse than alternative " << alt);
            }
        }
        NS_TEST_ASSERT_MSG_GT(evicts, 0, "some trials evict");
        NS_TEST_ASSERT_MSG_GT(deploys, 0, "some trials deploy");
    }
};

/**
 * \ingroup r3d-tests
 * The exhaustive-search oracle policy.
 */
class OraclePolicyTestSuite : public TestSuite
{
  public:
    OraclePolicyTestSuite()
        : TestSuite("r3d-oracle-policy", UNIT)
    {
        AddTestCase(new OracleChoiceTestCase, TestCase::QUICK);
        AddTestCase(new OracleMemoryTestCase, TestCase::QUICK);
        AddTestCase(new OracleChangeTestCase, TestCase::QUICK);
        AddTestCase(new OracleMaxPairsTestCase, TestCase::QUICK);
        AddTestCase(new OracleRandomTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static OraclePolicyTestSuite g_oraclePolicyTestSuite;
