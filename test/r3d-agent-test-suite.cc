/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the R3D agent: masking, observation layout, cost (reward) terms,
// checkpoint round trip and mismatch, deterministic updates, and learning
// an obvious deployment on a toy instance.

#include "ns3/agent-checkpoint.h"
#include "ns3/deployment-controller.h"
#include "ns3/deployment-cost.h"
#include "ns3/deployment-features.h"
#include "ns3/deployment-observation.h"
#include "ns3/double.h"
#include "ns3/ppo-agent.h"
#include "ns3/random-variable-stream.h"
#include "ns3/request-tracker.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <unistd.h>

using namespace ns3;

namespace
{

constexpr uint32_t F = DeploymentFeatures::N_FEATURES;

/**
 * A device (node 0, its origin 0), an edge (1) and the cloud (2); models
 * "a" (100 MB, deadline 0.1 s) and "b" (200 MB, 0.2 s); the edge holds "a";
 * nothing reported; paths at 100 Mb/s and 5 ms.
 */
MecView
SmallView()
{
    MecView v;
    v.now = Seconds(1);
    auto node = [&v](const std::string& name, Tier tier, int32_t site, double memory) {
        MecNodeInfo info;
        info.index = v.nodes.size();
        info.nodeId = info.index;
        info.name = name;
        info.tier = tier;
        info.device = name;
        info.site = site;
        info.memoryCapacity = memory;
        info.dynamicPower = 10;
        v.nodes.push_back(info);
    };
    node("device-0", Tier::END, 0, 350e6);
    node("edge-0", Tier::EDGE, 0, 500e6);
    node("cloud", Tier::CLOUD, -1, 1e9);
    v.models = {"a", "b"};
    v.weightBytes = {100e6, 200e6};
    v.inputBytes = {120000, 1e6}; // a: 125 kB with its result = 1e6 bit; b: 8e6 bit
    v.resultBytes = {5000, 0};
    v.deadline = {0.1, 0.2};
    v.origins = {0};
    v.demand.assign(1, std::vector<double>(2, 0.0));
    v.links.resize(1);
    v.status.resize(3);
    for (MecNodeStatus& s : v.status)
    {
        s.models.assign(2, ModelState::ABSENT);
    }
    v.status[1].models[0] = ModelState::READY;
    v.computeTime = {{0.05, 0.2}, {0.01, 0.04}, {0.002, 0.008}};
    v.defaultPathRate = 1e8;
    v.defaultPathRtt = 0.005;
    return v;
}

std::string
TempPath(const std::string& name)
{
    return "/tmp/r3d-agent-test-" + std::to_string(::getpid()) + "-" + name;
}

/**
 * \ingroup r3d-tests
 * \brief The per-pair observation of a hand-built view, feature by feature.
 *
 * Expected values by hand (see SmallView): no origin reported, so demand is
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
        MecView v = SmallView();
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
        // Default weights 1, 1, 0.01 /W, 0.05; exact in binary up to rounding.
        NS_TEST_EXPECT_MSG_EQ_TOL(t.latency, 6.5 / 4, 1e-12, "mean capped latency / deadline");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.miss, 0.5, 1e-12, "2 of 4 missed");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.energy, 0.01 * 25, 1e-12, "50 J over 2 s = 25 W");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.change, 0.15, 1e-12, "3 deploys, evictions free");
        NS_TEST_EXPECT_MSG_EQ_TOL(t.total, 1.625 + 0.5 + 0.25 + 0.15, 1e-12, "sum");
        i.modelEnded = {3, 1};
        i.modelMissed = {1, 1};
        i.modelLatencySum = {0.5 + 1.2, 0.8 + 4};
        i.modelDeploys = {1, 2};
        std::vector<double> shares = cost->EvaluatePerModel(i, 2);
        // Model 0: 1.7 / 4 + 1 / 4 + 0.25 / 2 + 0.05; model 1: 4.8 / 4 + 1 / 4 + 0.125 + 0.1.
        NS_TEST_EXPECT_MSG_EQ_TOL(shares[0], 0.425 + 0.25 + 0.125 + 0.05, 1e-12, "model 0 share");
        NS_TEST_EXPECT_MSG_EQ_TOL(shares[1], 1.2 + 0.25 + 0.125 + 0.1, 1e-12, "model 1 share");
        NS_TEST_EXPECT_MSG_EQ_TOL(shares[0] + shares[1], t.total, 1e-12, "shares add up");
        CostInterval empty;
        empty.start = Seconds(0);
        empty.end = Seconds(1);
        NS_TEST_EXPECT_MSG_EQ(cost->Evaluate(empty).total, 0.0, "nothing ended, nothing drawn");

        // The monitor: three requests in one interval [0, 1 s).
        Ptr<MecRequestTracker> tracker = CreateObject<MecRequestTracker>();
        Ptr<DeploymentController> controller = CreateObject<DeploymentController>();
        cost->Attach(tracker, controller, EnergySourceContainer());
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
        cost->Finish();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(cost->GetIntervals().size(), 1, "one interval");
        const CostInterval& got = cost->GetIntervals()[0];
        NS_TEST_EXPECT_MSG_EQ(got.ended, 3, "ended");
        NS_TEST_EXPECT_MSG_EQ(got.completed, 2, "completed");
        NS_TEST_EXPECT_MSG_EQ(got.missed, 2, "missed");
        // Latencies are whole nanoseconds: 1e-9 covers the division.
        NS_TEST_EXPECT_MSG_EQ_TOL(got.latencySum, 0.6 + 1.6 + 4, 1e-9, "capped ratios");
        NS_TEST_EXPECT_MSG_EQ_TOL(cost->GetMean().total, 6.2 / 3 + 2.0 / 3, 1e-9, "mean cost");
    }
};

/**
 * \ingroup r3d-tests
 * \brief Masking: over random states and random agents, no sampled or
 *        greedy choice is ever infeasible, and the actions fit memory.
 */
class MaskingTestCase : public TestCase
{
  public:
    MaskingTestCase()
        : TestCase("masking never allows an infeasible choice")
    {
    }

  private:
    void DoRun() override
    {
        std::mt19937 rng(42);
        std::uniform_real_distribution<double> u(0, 1);
        for (uint32_t trial = 0; trial < 200; ++trial)
        {
            Ptr<PpoAgent> agent = CreateObject<PpoAgent>();
            agent->SetAttribute("Seed", UintegerValue(trial));
            agent->SetAttribute("Hidden", UintegerValue(8));
            // Strong priors towards deploy and evict: the mask alone must stop them.
            agent->SetAttribute("KeepBias", DoubleValue(-20));
            MecView v = SmallView();
            for (uint32_t n = 0; n < 3; ++n)
            {
                v.nodes[n].memoryCapacity = u(rng) * 400e6;
                v.status[n].models.assign(2, ModelState::ABSENT);
                double used = 0;
                for (uint32_t m = 0; m < 2; ++m)
                {
                    if (u(rng) < 0.5 && used + v.weightBytes[m] <= v.nodes[n].memoryCapacity)
                    {
                        v.status[n].models[m] =
                            u(rng) < 0.5 ? ModelState::READY : ModelState::LOADING;
                        used += v.weightBytes[m];
                    }
                }
            }
            DeploymentObservation obs(3, 2, 1);
            std::vector<uint8_t> mask = obs.Mask(v);
            std::vector<float> x = DeploymentFeatures().Encode(v);
            for (auto& f : x)
            {
                f = static_cast<float>(u(rng) * 4 - 2); // any input, not only realistic ones
            }
            std::vector<double> draws(6);
            for (auto& d : draws)
            {
                d = u(rng);
            }
            for (const auto& uniforms : {draws, std::vector<double>()})
            {
                AgentStep step = agent->Act(x, mask, 6, 2, uniforms);
                for (uint32_t p = 0; p < 6; ++p)
                {
                    NS_TEST_ASSERT_MSG_EQ(mask[p * 3 + step.choices[p]],
                                          1,
                                          "trial " << trial << " pair " << p << " choice "
                                                   << step.choices[p] << " is masked");
                }
                // Applied in order, the actions never exceed a node's memory.
                std::vector<double> free(3);
                for (uint32_t n = 0; n < 3; ++n)
                {
                    free[n] = v.FreeMemory(n);
                }
                for (const auto& a : obs.ToActions(v, step.choices))
                {
                    if (a.kind == DeploymentAction::EVICT)
                    {
                        free[a.node] += v.weightBytes[a.model];
                    }
                    else
                    {
                        free[a.node] -= v.weightBytes[a.model];
                        NS_TEST_ASSERT_MSG_EQ((free[a.node] >= -1e-6), true, "memory exceeded");
                    }
                }
            }
        }
    }
};

/**
 * \ingroup r3d-tests
 * \brief Checkpoints: save, load, same choices and probabilities; a
 *        scenario that does not fit is refused with what differs.
 */
class CheckpointTestCase : public TestCase
{
  public:
    CheckpointTestCase()
        : TestCase("checkpoint round trip and mismatch messages")
    {
    }

  private:
    void DoRun() override
    {
        MecView v = SmallView();
        const std::string path = TempPath("agent.pt");
        Ptr<PpoAgent> agent = CreateObject<PpoAgent>();
        agent->SetAttribute("Seed", UintegerValue(7));
        agent->SetAttribute("Hidden", UintegerValue(16));
        DeploymentObservation obs(3, 2, 1);
        std::vector<float> x = DeploymentFeatures().Encode(v);
        std::vector<uint8_t> mask = obs.Mask(v);
        std::vector<float> before = agent->Probabilities(x, mask, 6, 2);
        AgentCheckpoint::Save(path, agent, AgentCheckpoint::Signature(v), "{\"episodes\": 0}");

        Ptr<PpoAgent> loaded = CreateObject<PpoAgent>(); // Hidden 64 until the sidecar says 16
        std::string signature = AgentCheckpoint::Load(path, loaded);
        std::vector<float> after = loaded->Probabilities(x, mask, 6, 2);
        NS_TEST_ASSERT_MSG_EQ(after.size(), before.size(), "same size");
        for (std::size_t i = 0; i < before.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(after[i], before[i], "probability " << i << " bit-identical");
        }
        NS_TEST_EXPECT_MSG_EQ(
            (agent->Act(x, mask, 6, 2, {}).choices == loaded->Act(x, mask, 6, 2, {}).choices),
            true,
            "same greedy choices");
        AgentCheckpoint::CheckFits(path, signature, v); // fits: no throw

        // Another model set: refused, naming the models.
        MecView other = v;
        other.models[1] = "c";
        std::string message;
        try
        {
            AgentCheckpoint::CheckFits(path, signature, other);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(
            message.find("models [\"a\",\"b\"] in the checkpoint, [\"a\",\"c\"] here"),
            std::string::npos,
            "message: " << message);
        // Another device catalog (compute times): refused.
        other = v;
        other.computeTime[1][0] = 0.02;
        message.clear();
        try
        {
            AgentCheckpoint::CheckFits(path, signature, other);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find("compute times differ"), std::string::npos, message);
        // More origins and nodes of the same devices: fits (the network is per pair).
        other = v;
        other.origins.push_back(0);
        AgentCheckpoint::CheckFits(path, signature, other);

        // A sidecar with another observation layout: refused on load.
        const std::string sidecar = AgentCheckpoint::SidecarPath(path);
        NS_TEST_EXPECT_MSG_EQ(sidecar, TempPath("agent.json"), "sidecar beside the weights");
        std::ifstream in(sidecar);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        in.close();
        const std::string key = "\"gain\"";
        text.replace(text.find(key), key.size(), "\"gain2\"");
        std::ofstream(sidecar) << text;
        message.clear();
        try
        {
            AgentCheckpoint::Load(path, CreateObject<PpoAgent>());
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find("observation differs"), std::string::npos, message);
        std::remove(path.c_str());
        std::remove(sidecar.c_str());
    }
};

/**
 * A toy instance: the device and the edge of SmallView, two models, nothing
 * held. Deploying on the edge earns 1 per model, deploying on the device
 * costs 1 per model (local runs would be slow): the best deployment,
 * obviously, is both models on the edge and none on the device.
 */
struct ToyInstance
{
    MecView view;
    std::vector<float> features;
    std::vector<uint8_t> mask;

    ToyInstance()
        : view(SmallView())
    {
        view.nodes.pop_back(); // no cloud
        view.status.pop_back();
        view.computeTime.pop_back();
        view.status[1].models.assign(2, ModelState::ABSENT);
        features = DeploymentFeatures().Encode(view);
        mask = DeploymentObservation(2, 2, 1).Mask(view);
    }

    /// \return the reward of each model's pairs
    static std::vector<double> Rewards(const std::vector<uint32_t>& choices)
    {
        std::vector<double> r(2, 0.0);
        for (uint32_t m = 0; m < 2; ++m)
        {
            r[m] += choices[0 * 2 + m] == DeploymentObservation::DEPLOY ? -1 : 0;
            r[m] += choices[1 * 2 + m] == DeploymentObservation::DEPLOY ? 1 : 0;
        }
        return r;
    }

    /// \return the total reward
    static double Reward(const std::vector<uint32_t>& choices)
    {
        std::vector<double> r = Rewards(choices);
        return r[0] + r[1];
    }
};

/**
 * Train an uninformed agent (GainPrior 0) on the toy instance: one-step
 * episodes, 4 per update.
 * \param updates PPO updates
 * \param seed weights and sampling seed
 * \param returns filled with each update's mean return
 * \return the agent
 */
Ptr<PpoAgent>
TrainToy(uint32_t updates, uint32_t seed, std::vector<double>& returns)
{
    ToyInstance toy;
    Ptr<PpoAgent> agent = CreateObject<PpoAgent>();
    agent->SetAttribute("Seed", UintegerValue(seed));
    agent->SetAttribute("Hidden", UintegerValue(16));
    agent->SetAttribute("GainPrior", DoubleValue(0));
    agent->SetAttribute("KeepBias", DoubleValue(0));
    agent->SetAttribute("InitialKeepBias", DoubleValue(0));
    agent->SetAttribute("DevicePrior", DoubleValue(0));
    agent->SetAttribute("LearningRate", DoubleValue(0.01));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    for (uint32_t k = 0; k < updates; ++k)
    {
        std::vector<std::vector<AgentStep>> batch;
        double total = 0;
        for (uint32_t e = 0; e < 4; ++e)
        {
            std::vector<double> draws(4);
            for (auto& d : draws)
            {
                d = u(rng);
            }
            AgentStep step = agent->Act(toy.features, toy.mask, 4, 2, draws);
            step.rewards = ToyInstance::Rewards(step.choices);
            total += step.rewards[0] + step.rewards[1];
            batch.push_back({step});
        }
        returns.push_back(total / 4);
        agent->Update(batch);
    }
    return agent;
}

/**
 * \ingroup r3d-tests
 * \brief A short training run is deterministic: same seed, same returns.
 */
class DeterministicTrainingTestCase : public TestCase
{
  public:
    DeterministicTrainingTestCase()
        : TestCase("a short training run reproduces its returns exactly")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<double> first;
        std::vector<double> second;
        std::vector<double> other;
        Ptr<PpoAgent> a = TrainToy(10, 3, first);
        Ptr<PpoAgent> b = TrainToy(10, 3, second);
        TrainToy(10, 4, other);
        NS_TEST_EXPECT_MSG_EQ((first == second), true, "same seed: identical returns");
        NS_TEST_EXPECT_MSG_EQ((first != other), true, "another seed: other returns");
        ToyInstance toy;
        NS_TEST_EXPECT_MSG_EQ((a->Probabilities(toy.features, toy.mask, 4, 2) ==
                               b->Probabilities(toy.features, toy.mask, 4, 2)),
                              true,
                              "identical weights after training");
    }
};

/**
 * \ingroup r3d-tests
 * \brief The agent, uninformed at start, learns the obvious deployment of
 *        the toy instance.
 */
class ToyLearningTestCase : public TestCase
{
  public:
    ToyLearningTestCase()
        : TestCase("learns the obvious deployment of a toy instance")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<double> returns;
        Ptr<PpoAgent> agent = TrainToy(150, 1, returns);
        ToyInstance toy;
        AgentStep greedy = agent->Act(toy.features, toy.mask, 4, 2, {});
        NS_TEST_EXPECT_MSG_EQ(ToyInstance::Reward(greedy.choices),
                              2.0,
                              "greedy choices: edge deploys both models, device none");
        // The untrained agent (uniform over keep and deploy) earns 0 on average.
        double last = 0;
        for (std::size_t i = returns.size() - 10; i < returns.size(); ++i)
        {
            last += returns[i] / 10;
        }
        NS_TEST_EXPECT_MSG_GT(last, 1.5, "sampled return near the best (2) after training");
    }
};

/**
 * \ingroup r3d-tests
 * \brief The R3D agent's test suite.
 */
class R3dAgentTestSuite : public TestSuite
{
  public:
    R3dAgentTestSuite()
        : TestSuite("r3d-agent", UNIT)
    {
        AddTestCase(new FeatureLayoutTestCase, TestCase::QUICK);
        AddTestCase(new CostTermsTestCase, TestCase::QUICK);
        AddTestCase(new MaskingTestCase, TestCase::QUICK);
        AddTestCase(new CheckpointTestCase, TestCase::QUICK);
        AddTestCase(new DeterministicTrainingTestCase, TestCase::QUICK);
        AddTestCase(new ToyLearningTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static R3dAgentTestSuite g_r3dAgentTestSuite;

} // namespace
