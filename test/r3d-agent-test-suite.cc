/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Tests of the R3D agent (PPO, LibTorch): masking, checkpoint round trip and
// mismatch, deterministic updates, and learning an obvious deployment on a
// toy instance. Built only with LibTorch.

#include "r3d-test-util.h"

#include "ns3/agent-checkpoint.h"
#include "ns3/deployment-controller.h"
#include "ns3/deployment-cost-monitor.h"
#include "ns3/deployment-cost.h"
#include "ns3/deployment-features.h"
#include "ns3/deployment-observation.h"
#include "ns3/double.h"
#include "ns3/pointer.h"
#include "ns3/ppo-agent.h"
#include "ns3/r3d-policy.h"
#include "ns3/random-variable-stream.h"
#include "ns3/request-tracker.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <boost/crc.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unistd.h>

using namespace ns3;

namespace
{

constexpr uint32_t F = DeploymentFeatures::N_FEATURES;

std::string
TempPath(const std::string& name)
{
    return "/tmp/r3d-agent-test-" + std::to_string(::getpid()) + "-" + name;
}

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
            MecView v = r3dtest::SmallAgentView();
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
 * \brief Write a NaN over the first value of the first tensor of a weights
 *        file (a PyTorch zip archive with stored, uncompressed records),
 *        fixing the record's CRC-32 in its local and central headers.
 * \param path the file
 * \return whether the record was found and patched
 */
bool
PutNanInFirstTensor(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string z((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    auto u16 = [&z](std::size_t at) {
        return static_cast<uint32_t>(static_cast<uint8_t>(z[at]) | static_cast<uint8_t>(z[at + 1])
                                                                       << 8);
    };
    auto u32 = [&z, &u16](std::size_t at) { return u16(at) | u16(at + 2) << 16; };
    auto put32 = [&z](std::size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i)
        {
            z[at + i] = static_cast<char>(v >> (8 * i) & 0xff);
        }
    };
    // The first local header whose name ends in "data/0": the first storage.
    const std::string local("PK\x03\x04", 4);
    for (std::size_t h = z.find(local); h != std::string::npos; h = z.find(local, h + 4))
    {
        const uint32_t nameLen = u16(h + 26);
        const std::string name = z.substr(h + 30, nameLen);
        if (name.size() < 6 || name.compare(name.size() - 6, 6, "data/0") != 0 || u16(h + 8) != 0)
        {
            continue;
        }
        const std::size_t data = h + 30 + nameLen + u16(h + 28);
        const uint32_t size = u32(h + 22);
        const float nan = std::nanf("");
        std::memcpy(&z[data], &nan, sizeof(nan));
        boost::crc_32_type crc;
        crc.process_bytes(z.data() + data, size);
        put32(h + 14, crc.checksum());
        // The central directory's copy of the CRC.
        const std::string central("PK\x01\x02", 4);
        for (std::size_t c = z.find(central); c != std::string::npos; c = z.find(central, c + 4))
        {
            if (u32(c + 42) == h)
            {
                put32(c + 16, crc.checksum());
            }
        }
        std::ofstream(path, std::ios::binary).write(z.data(), z.size());
        return true;
    }
    return false;
}

/**
 * \ingroup r3d-tests
 * \brief Checkpoints: save, load, same choices and probabilities; a
 *        scenario that does not fit is refused with what differs.
 */
class CheckpointTestCase : public TestCase
{
  public:
    CheckpointTestCase()
        : TestCase("checkpoint round trip, mismatch messages, non-finite weights refused")
    {
    }

  private:
    void DoRun() override
    {
        MecView v = r3dtest::SmallAgentView();
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
        NS_TEST_EXPECT_MSG_EQ(AgentCheckpoint::Compare(signature, v), "", "same scenario");

        // Another model set: not refused (the features describe models by
        // their properties); the difference names the models.
        MecView other = v;
        other.models[1] = "c";
        std::string message = AgentCheckpoint::Compare(signature, other);
        NS_TEST_EXPECT_MSG_NE(message.find("models [\"a\",\"b\"] in training, [\"a\",\"c\"] here"),
                              std::string::npos,
                              "difference: " << message);
        // Another device catalog (compute times): named.
        other = v;
        other.computeTime[1][0] = 0.02;
        message = AgentCheckpoint::Compare(signature, other);
        NS_TEST_EXPECT_MSG_NE(message.find("compute times differ"), std::string::npos, message);
        // More origins and nodes of the same devices: the same scenario.
        other = v;
        other.origins.push_back(0);
        NS_TEST_EXPECT_MSG_EQ(AgentCheckpoint::Compare(signature, other), "", "more origins");

        // The policy with this checkpoint decides on another model set and
        // node count (three models, a second edge), and records how the
        // scenario differs.
        {
            MecView bigger = v;
            bigger.models.push_back("c");
            bigger.weightBytes.push_back(50e6);
            bigger.inputBytes.push_back(150000);
            bigger.resultBytes.push_back(1000);
            bigger.deadline.push_back(0.08);
            MecNodeInfo& edge = r3dtest::AddNode(bigger, "edge-1", Tier::EDGE, 0, 500e6);
            edge.device = "edge-1";
            edge.dynamicPower = 10;
            bigger.status.resize(4);
            for (MecNodeStatus& st : bigger.status)
            {
                st.models.resize(3, ModelState::ABSENT);
            }
            bigger.computeTime = {{0.05, 0.2, 0.1},
                                  {0.01, 0.04, 0.02},
                                  {0.002, 0.008, 0.004},
                                  {0.01, 0.04, 0.02}};
            bigger.demand.assign(1, std::vector<double>(3, 0.0));
            Ptr<R3dPolicy> policy = CreateObject<R3dPolicy>();
            policy->SetAttribute("Checkpoint", StringValue(path));
            std::vector<DeploymentAction> actions = policy->Decide(bigger);
            for (const auto& a : actions)
            {
                NS_TEST_EXPECT_MSG_LT(a.node, 4, "a node of the view");
                NS_TEST_EXPECT_MSG_LT(a.model, 3, "a model of the view");
            }
            NS_TEST_EXPECT_MSG_NE(policy->GetScenarioDifference().find("[\"a\",\"b\",\"c\"] here"),
                                  std::string::npos,
                                  policy->GetScenarioDifference());
        }

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

        // Weights with a NaN (a diverged run): refused, naming the tensor,
        // and the agent keeps the weights it had.
        const std::string weights = TempPath("agent-nan.pt");
        agent->SaveWeights(weights);
        NS_TEST_ASSERT_MSG_EQ(PutNanInFirstTensor(weights), true, "the weights file was patched");
        message.clear();
        try
        {
            loaded->LoadWeights(weights);
        }
        catch (const std::runtime_error& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find("NaN or infinite"), std::string::npos, message);
        std::vector<float> kept = loaded->Probabilities(x, mask, 6, 2);
        for (std::size_t i = 0; i < before.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(kept[i], before[i], "weights unchanged after a refused load");
        }
        std::remove(weights.c_str());
        std::remove(path.c_str());
        std::remove(sidecar.c_str());
    }
};

/**
 * A toy instance: the device and the edge of r3dtest::SmallAgentView, two models, nothing
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
        : view(r3dtest::SmallAgentView())
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
 * \brief Malformed checkpoint sidecars: every one is refused with
 *        std::invalid_argument naming the sidecar and the field, never an
 *        abort or undefined behaviour (cases found by fuzzing
 *        AgentCheckpoint::ReadSidecar, fuzz/checkpoint-sidecar-fuzzer.cc: an
 *        unknown hyper-parameter reached ObjectBase::SetAttribute, which
 *        aborts; a huge version or integer hyper-parameter was converted to
 *        an int; a signature without model names failed in Compare at the
 *        first decision with a JSON exception).
 */
class SidecarTestCase : public TestCase
{
  public:
    SidecarTestCase()
        : TestCase("malformed checkpoint sidecars refused with the field named")
    {
    }

  private:
    /**
     * \brief Read the shipped small agent's sidecar with one key replaced.
     * \param key top-level key
     * \param value its new value (JSON text)
     * \param load read it with Load and a PpoAgent instead of ReadSidecar
     * \return what ReadSidecar or Load threw ("" if nothing)
     */
    std::string Refusal(const std::string& key, const std::string& value, bool load = false)
    {
        std::ifstream in(std::string(R3D_DATA_DIR) + "/r3d-small.json");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string weights = TempPath("sidecar.pt");
        const std::size_t at = text.find("\"" + key + "\":");
        if (at == std::string::npos)
        {
            return "test error: no key " + key;
        }
        // Replace the key's value: up to the next top-level key.
        std::size_t end = text.find("\n  \"", at + 1);
        end = end == std::string::npos ? text.rfind('}') : text.rfind(',', end);
        text.replace(at, end - at, "\"" + key + "\": " + value);
        std::ofstream(AgentCheckpoint::SidecarPath(weights)) << text;
        std::vector<std::string> names;
        for (const auto& [name, v] : CreateObject<PpoAgent>()->GetHyperParameters())
        {
            names.push_back(name);
        }
        std::string message;
        try
        {
            if (load)
            {
                // Load reads the weights only after the sidecar passes; the
                // file must exist (a missing one is refused first).
                std::ofstream(weights) << "";
                AgentCheckpoint::Load(weights, CreateObject<PpoAgent>());
            }
            else
            {
                AgentCheckpoint::ReadSidecar(weights, "ppo", names);
            }
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        std::remove(AgentCheckpoint::SidecarPath(weights).c_str());
        std::remove(weights.c_str());
        return message;
    }

    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(Refusal("format", "\"r3d-agent-checkpoint\""), "", "unchanged");
        const std::vector<std::tuple<std::string, std::string, std::string, bool>> cases = {
            {"version", "1e300", "version 1e+300", false},
            {"version", "\"1\"", "version \"1\"", false},
            {"hyperParameters", "{\"Hiden\": 64}", "\"hyperParameters.Hiden\": not a hyper", false},
            {"hyperParameters", "[1]", "\"hyperParameters\": expected an object", false},
            {"hyperParameters",
             "{\"Hidden\": 1e20}",
             "\"hyperParameters.Hidden\": expected a whole",
             false},
            {"hyperParameters",
             "{\"Seed\": -1}",
             "\"hyperParameters.Seed\": expected a whole",
             false},
            {"hyperParameters",
             "{\"Clip\": \"x\"}",
             "\"hyperParameters.Clip\": expected a finite",
             false},
            {"hyperParameters",
             "{\"Hidden\": 5000}",
             "\"hyperParameters.Hidden\": the agent refuses",
             true},
            {"scenario",
             "{\"hash\": \"0\", \"models\": 3}",
             "\"scenario.models\": expected an array",
             false},
            {"scenario",
             "{\"hash\": \"0\", \"models\": [{\"name\": \"a\"}, {\"nom\": 1}]}",
             "\"scenario.models[1].name\": expected a model's name",
             false},
            {"scenario", "{\"models\": []}", "key 'hash' not found", false},
        };
        for (const auto& [key, value, expected, load] : cases)
        {
            const std::string message = Refusal(key, value, load);
            NS_TEST_EXPECT_MSG_NE(message.find(expected),
                                  std::string::npos,
                                  key << " = " << value << ": " << message);
            NS_TEST_EXPECT_MSG_NE(message.find("r3d-agent-test-"),
                                  std::string::npos,
                                  "names the file: " << message);
        }

        // Compare: a signature without model names or devices is refused or
        // differs; it never escapes as a JSON exception.
        const MecView v = r3dtest::SmallAgentView();
        std::string message;
        try
        {
            AgentCheckpoint::Compare("{\"hash\": \"0\", \"models\": [{\"nom\": 1}]}", v);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find("not a checkpoint signature"),
                              std::string::npos,
                              message);
        const std::string signature = AgentCheckpoint::Signature(v);
        std::string noDevices = signature;
        noDevices.replace(noDevices.find("\"devices\""), 9, "\"devicez\"");
        noDevices.replace(noDevices.find("\"hash\":\"") + 8, 1, "#");
        NS_TEST_EXPECT_MSG_NE(AgentCheckpoint::Compare(noDevices, v).find("devices differ"),
                              std::string::npos,
                              "a signature without devices differs");
    }
};

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
        AddTestCase(new MaskingTestCase, TestCase::QUICK);
        AddTestCase(new CheckpointTestCase, TestCase::QUICK);
        AddTestCase(new SidecarTestCase, TestCase::QUICK);
        AddTestCase(new DeterministicTrainingTestCase, TestCase::QUICK);
        AddTestCase(new ToyLearningTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static R3dAgentTestSuite g_r3dAgentTestSuite;

} // namespace
