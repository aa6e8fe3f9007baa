/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The pieces of dynamic deployment: demand that shifts (Zipf popularity,
// re-rankings, rate profiles) and servers whose memory is limited and whose
// loads cost time.

#include "ns3/core-module.h"
#include "ns3/demand-profile.h"
#include "ns3/device-catalog.h"
#include "ns3/inference-client.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/mec-server.h"
#include "ns3/model-catalog.h"
#include "ns3/network-module.h"
#include "ns3/scenario-distribution.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <vector>

using namespace ns3;

namespace
{

const char* const kModels = "mobilenet-v2,resnet18,resnet50,ssd-mobilenet-v1";

/// Shapes and closed-form values of RateProfile and ZipfShares.
class RateProfileTestCase : public TestCase
{
  public:
    RateProfileTestCase()
        : TestCase("RateProfile and ZipfShares: parsing, factors, means, shares")
    {
    }

  private:
    void DoRun() override
    {
        RateProfile c = RateProfile::Parse("constant");
        NS_TEST_ASSERT_MSG_EQ(c.IsConstant(), true, "constant");
        NS_TEST_ASSERT_MSG_EQ(c.Factor(123.4), 1.0, "factor 1");

        // sine:100:0.5 -> 1 + 0.5 sin(2 pi t / 100): 1.5 at t = 25, 0.5 at 75.
        RateProfile s = RateProfile::Parse("sine:100:0.5");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.Factor(25), 1.5, 1e-12, "peak");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.Factor(75), 0.5, 1e-12, "trough");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.MaxFactor(), 1.5, 1e-12, "bound");

        // onoff:10:30 -> 4 during [0, 10), 0 during [10, 40), then again.
        RateProfile o = RateProfile::Parse("onoff:10:30");
        NS_TEST_ASSERT_MSG_EQ_TOL(o.Factor(5), 4.0, 1e-12, "on");
        NS_TEST_ASSERT_MSG_EQ(o.Factor(15), 0.0, "off");
        NS_TEST_ASSERT_MSG_EQ_TOL(o.Factor(45), 4.0, 1e-12, "on again");
        NS_TEST_ASSERT_MSG_EQ_TOL(o.MaxFactor(), 4.0, 1e-12, "bound");

        // The mean over a whole period is 1 (midpoint rule, 1e5 steps: the
        // error is far below 1e-6 for these shapes).
        for (const RateProfile& p : {s, o})
        {
            const double period = p.shape == RateProfile::SINE ? p.period : p.on + p.off;
            const int steps = 100000;
            double sum = 0;
            for (int i = 0; i < steps; ++i)
            {
                sum += p.Factor((i + 0.5) * period / steps);
            }
            NS_TEST_ASSERT_MSG_EQ_TOL(sum / steps, 1.0, 1e-6, "mean factor 1");
        }

        for (const char* bad : {"",
                                "sine",
                                "sine:0:0.5",
                                "sine:10:1.5",
                                "sine:10:x",
                                "onoff:0:1",
                                "onoff:5:-1",
                                "square:1:1",
                                "constant:1",
                                "sine:10:0.5:1"})
        {
            bool threw = false;
            try
            {
                RateProfile::Parse(bad);
            }
            catch (const std::invalid_argument&)
            {
                threw = true;
            }
            NS_TEST_ASSERT_MSG_EQ(threw, true, "refused: '" << bad << "'");
        }

        // Zipf, S = 1, 3 models: 1, 1/2, 1/3 over 11/6 = 6/11, 3/11, 2/11.
        std::vector<double> z = ZipfShares(3, 1.0);
        NS_TEST_ASSERT_MSG_EQ_TOL(z[0], 6.0 / 11, 1e-12, "rank 1");
        NS_TEST_ASSERT_MSG_EQ_TOL(z[1], 3.0 / 11, 1e-12, "rank 2");
        NS_TEST_ASSERT_MSG_EQ_TOL(z[2], 2.0 / 11, 1e-12, "rank 3");
        std::vector<double> u = ZipfShares(4, 0.0);
        NS_TEST_ASSERT_MSG_EQ_TOL(u[3], 0.25, 1e-12, "S = 0 is uniform");
    }
};

/// Clients on bare nodes (no server, no controller): only their arrivals count.
struct Clients
{
    NodeContainer nodes;                                            //!< one per client
    std::vector<Ptr<InferenceClient>> client;                       //!< the clients
    std::vector<std::vector<std::pair<double, uint32_t>>> arrivals; //!< (time, model) per client
};

/**
 * Build clients with attributes, one popularity stream per group as
 * InferenceClientHelper::AssignStreams gives.
 */
void
MakeClients(Clients& c,
            uint32_t n,
            const std::map<std::string, Ptr<AttributeValue>>& attributes,
            const std::vector<uint32_t>& groups)
{
    c.nodes.Create(n);
    c.arrivals.resize(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<InferenceClient> client = CreateObject<InferenceClient>();
        client->SetAttribute("Models", StringValue(kModels));
        client->SetAttribute("OriginIndex", UintegerValue(i));
        client->SetAttribute("PopularityGroup", UintegerValue(groups[i]));
        client->SetAttribute("RequestTimeout", TimeValue(Seconds(1)));
        for (const auto& [name, value] : attributes)
        {
            client->SetAttribute(name, *value);
        }
        c.nodes.Get(i)->AddApplication(client);
        client->AssignStreams(100 + 3 * i);
        client->SetPopularityStream(500 + groups[i]);
        auto* log = &c.arrivals[i];
        client->TraceConnectWithoutContext(
            "Request",
            Callback<void, uint64_t, uint32_t, Time>([log](uint64_t, uint32_t model, Time) {
                log->emplace_back(Simulator::Now().GetSeconds(), model);
            }));
        c.client.push_back(client);
    }
}

/**
 * A count against its expectation: within 4 standard deviations of a
 * binomial (a false alarm has probability ~6e-5 per check; the seed is fixed,
 * so the outcome is deterministic anyway).
 */
bool
WithinBinomial(double count, double n, double p)
{
    return std::abs(count - n * p) <= 4 * std::sqrt(n * p * (1 - p)) + 1e-9;
}

/**
 * Arrival shares follow the Zipf shares of the ranking in force, across
 * re-rankings; clients of one group draw the same rankings.
 */
class PopularityShiftTestCase : public TestCase
{
  public:
    PopularityShiftTestCase()
        : TestCase("Zipf popularity: arrival shares per ranking, shifts, shared rankings")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(7);
        RngSeedManager::SetRun(1);
        Clients c;
        // Clients 0 and 1 share group 0; client 2 has group 1.
        MakeClients(c,
                    3,
                    {{"Rate", Create<DoubleValue>(40.0)},
                     {"ZipfExponent", Create<DoubleValue>(1.0)},
                     {"ShiftInterval", Create<TimeValue>(Seconds(100))}},
                    {0, 0, 1});
        // The shares in force during each window of 100 s, read mid-window.
        std::vector<std::vector<std::vector<double>>> shares(3);
        for (int w = 0; w < 4; ++w)
        {
            Simulator::Schedule(Seconds(100 * w + 50), [&c, &shares]() {
                for (uint32_t i = 0; i < 3; ++i)
                {
                    shares[i].push_back(c.client[i]->GetModelShares());
                }
            });
        }
        Simulator::Stop(Seconds(400));
        Simulator::Run();

        // The set of shares is Zipf's (S = 1, 4 models): 12/25, 6/25, 4/25, 3/25.
        const std::vector<double> zipf{12.0 / 25, 6.0 / 25, 4.0 / 25, 3.0 / 25};
        bool changed = false;
        bool groupsDiffer = false;
        for (int w = 0; w < 4; ++w)
        {
            std::vector<double> sorted = shares[0][w];
            std::sort(sorted.rbegin(), sorted.rend());
            for (int r = 0; r < 4; ++r)
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(sorted[r], zipf[r], 1e-12, "Zipf share of rank " << r);
            }
            NS_TEST_ASSERT_MSG_EQ((shares[0][w] == shares[1][w]), true, "one group, one ranking");
            groupsDiffer = groupsDiffer || shares[0][w] != shares[2][w];
            changed = changed || (w > 0 && shares[0][w] != shares[0][w - 1]);
            // Arrivals of the window (the first arrival is at t > 0) match
            // the shares: Poisson of rate 40 over 100 s, ~4000 requests.
            for (uint32_t i = 0; i < 3; ++i)
            {
                std::vector<double> count(4, 0);
                double n = 0;
                for (const auto& [t, m] : c.arrivals[i])
                {
                    if (t >= 100 * w && t < 100 * (w + 1))
                    {
                        count[m] += 1;
                        n += 1;
                    }
                }
                NS_TEST_ASSERT_MSG_EQ(WithinBinomial(n, 40 * 100 * 100, 0.01),
                                      true,
                                      "~4000 arrivals in window " << w << ": " << n);
                for (int m = 0; m < 4; ++m)
                {
                    NS_TEST_ASSERT_MSG_EQ(WithinBinomial(count[m], n, shares[i][w][m]),
                                          true,
                                          "client " << i << " window " << w << " model " << m
                                                    << ": " << count[m] << " of " << n << ", share "
                                                    << shares[i][w][m]);
                }
            }
        }
        NS_TEST_ASSERT_MSG_EQ(changed, true, "the ranking changed at some shift");
        NS_TEST_ASSERT_MSG_EQ(groupsDiffer, true, "another group draws other rankings");
        Simulator::Destroy();
    }
};

/// On/off and sine profiles: when arrivals come, and how many.
class RateProfileArrivalsTestCase : public TestCase
{
  public:
    RateProfileArrivalsTestCase()
        : TestCase("RateProfile: no arrivals while off, the mean rate kept, sine halves")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(11);
        RngSeedManager::SetRun(1);
        Clients c;
        MakeClients(c, 2, {{"Rate", Create<DoubleValue>(10.0)}}, {0, 1});
        c.client[0]->SetAttribute("RateProfile", StringValue("onoff:10:30"));
        c.client[1]->SetAttribute("RateProfile", StringValue("sine:100:0.8"));
        Simulator::Stop(Seconds(800));
        Simulator::Run();

        // On/off: every arrival within an on period; 10/s on average.
        double n = c.arrivals[0].size();
        bool allOn = true;
        for (const auto& [t, m] : c.arrivals[0])
        {
            allOn = allOn && std::fmod(t, 40.0) < 10.0;
        }
        NS_TEST_ASSERT_MSG_EQ(allOn, true, "no arrival while off");
        // Poisson count over 800 s at mean rate 10: 8000 +- 4 sqrt(8000).
        NS_TEST_ASSERT_MSG_EQ((std::abs(n - 8000) <= 4 * std::sqrt(8000.0)),
                              true,
                              "mean rate kept: " << n);

        // Sine, depth 0.8: the half period around the peak holds
        // (1 + 2d/pi) / 2 of the requests: (1 + 1.6/pi) / 2 = 0.7546.
        double peak = 0;
        double all = c.arrivals[1].size();
        for (const auto& [t, m] : c.arrivals[1])
        {
            peak += std::fmod(t, 100.0) < 50.0 ? 1 : 0;
        }
        const double share = (1 + 1.6 / M_PI) / 2;
        NS_TEST_ASSERT_MSG_EQ(WithinBinomial(peak, all, share),
                              true,
                              "peak half: " << peak << " of " << all);
        Simulator::Destroy();
    }
};

/// A server node without network: commands applied directly.
Ptr<MecServer>
MakeServer(Ptr<Node> node, const std::map<std::string, Ptr<AttributeValue>>& attributes)
{
    InferenceEngineHelper engines;
    engines.SetDevice("jetson-agx-xavier");
    engines.Install(NodeContainer(node));
    Ptr<MecServer> server = CreateObject<MecServer>();
    server->SetAttribute("Models", StringValue(kModels));
    server->SetAttribute("HoldsAllWeights", BooleanValue(true)); // no fetch: storage -> memory
    for (const auto& [name, value] : attributes)
    {
        server->SetAttribute(name, *value);
    }
    node->AddApplication(server);
    server->SetStartTime(Seconds(1e6)); // never started: no sockets needed
    return server;
}

/**
 * Memory for models: the share of the zoo at the run precision, refused
 * deploys, and the limit never exceeded over random command sequences.
 */
class ModelMemoryTestCase : public TestCase
{
  public:
    ModelMemoryTestCase()
        : TestCase("MecServer memory for models: FP16 sizes, shares, limit never exceeded")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<ModelCatalog> catalog = ModelCatalog::LoadCached(ModelCatalog::GetDefaultPath());
        std::vector<double> fp32;
        double zoo32 = 0;
        for (const char* m : {"mobilenet-v2", "resnet18", "resnet50", "ssd-mobilenet-v1"})
        {
            fp32.push_back(catalog->Get(m).GetWeightBytes());
            zoo32 += fp32.back();
        }
        Ptr<Node> node = CreateObject<Node>();
        Ptr<MecServer> server = MakeServer(node, {{"ModelMemoryShare", Create<DoubleValue>(0.5)}});
        // Jetson AGX Xavier runs FP16 ("auto"): 2 of 4 bytes per weight.
        NS_TEST_ASSERT_MSG_EQ_TOL(server->GetMemoryPerWeightByte(), 0.5, 1e-12, "FP16 halves");
        NS_TEST_ASSERT_MSG_EQ_TOL(server->GetModelMemory(), 0.5 * 0.5 * zoo32, 1, "half the zoo");

        // resnet50 (FP32 ~102 MB) alone takes more than half the FP16 zoo
        // (~0.25 x 190 MB): deployed; then resnet18 (~47 MB x 0.5) does not fit.
        server->Command(DeploymentAction::DEPLOY, 2, Ipv4Address::GetAny());
        NS_TEST_ASSERT_MSG_EQ((server->GetModelState(2) != ModelState::ABSENT),
                              (0.5 * fp32[2] <= 0.25 * zoo32),
                              "resnet50 fits iff its FP16 bytes fit");
        const double freeAfter = server->GetFreeMemory();
        NS_TEST_ASSERT_MSG_EQ_TOL(
            freeAfter,
            0.25 * zoo32 - (server->GetModelState(2) != ModelState::ABSENT ? 0.5 * fp32[2] : 0.0),
            1,
            "free = memory - FP16 bytes held");

        // Random DEPLOY/EVICT sequences: free memory never negative, and the
        // held FP16 bytes always equal memory - free.
        std::mt19937 rng(3);
        bool ok = true;
        for (int step = 0; step < 300; ++step)
        {
            uint32_t m = rng() % 4;
            auto kind = rng() % 2 ? DeploymentAction::DEPLOY : DeploymentAction::EVICT;
            Simulator::Schedule(MilliSeconds(10 * step), [server, m, kind, &ok, fp32]() {
                server->Command(kind, m, Ipv4Address::GetAny());
                double held = 0;
                for (uint32_t k = 0; k < 4; ++k)
                {
                    held += server->GetModelState(k) != ModelState::ABSENT ? 0.5 * fp32[k] : 0;
                }
                ok = ok && server->GetFreeMemory() >= -1e-6 &&
                     std::abs(server->GetModelMemory() - server->GetFreeMemory() - held) < 1;
            });
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(ok, true, "memory never exceeded, accounting exact");
        NS_TEST_ASSERT_MSG_GT(server->GetRefusedCommands(), 0, "some deploys refused");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * \brief ScenarioDistribution: every draw is one of the listed values, a
 *        model subset of the allowed size in pool order, edges = devices /
 *        devicesPerEdge rounded up; the same (seed, run) draws the same
 *        scenario and the draws vary over runs; over 3000 runs each of the
 *        three device counts is drawn 1000 times within 5 binomial standard
 *        deviations (sd = sqrt(3000 x 1/3 x 2/3) = 25.8), and each of 4 pool
 *        models is in a subset of size 2 to 4 with probability
 *        (2/4 + 3/4 + 4/4) / 3 = 3/4 (count within 5 sd of 2250, sd 23.7).
 */
class ScenarioDistributionTestCase : public TestCase
{
  public:
    ScenarioDistributionTestCase()
        : TestCase("scenario distribution: draws, determinism, frequencies")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("distribution.json");
        std::ofstream(path) << R"({"models": {"pool": ["a:10", "b:20", "c:30", "d:40"],
                                              "min": 2, "max": 4},
                                   "nDevices": [4, 8, 12], "devicesPerEdge": 4,
                                   "zipf": [0.5, 1.5], "shiftInterval": [5],
                                   "memoryEdge": ["0.2", "1GB"]})";
        const ScenarioDistribution d = ScenarioDistribution::Load(path);
        std::map<uint32_t, uint32_t> devices;
        std::map<std::string, uint32_t> inSubset;
        std::vector<std::string> firstModels;
        for (uint64_t run = 1; run <= 3000; ++run)
        {
            MecScenarioParameters p;
            p.memoryEnd = "0.1";
            d.Apply(p, 1, run);
            MecScenarioParameters again;
            d.Apply(again, 1, run);
            NS_TEST_ASSERT_MSG_EQ(again.models, p.models, "same run, same draw");
            NS_TEST_ASSERT_MSG_EQ(p.nEdges, (p.nDevices + 3) / 4, "edges");
            NS_TEST_ASSERT_MSG_EQ((p.zipf == 0.5 || p.zipf == 1.5), true, "zipf listed");
            NS_TEST_ASSERT_MSG_EQ(p.shiftInterval, 5.0, "shift");
            NS_TEST_ASSERT_MSG_EQ((p.memoryEdge == "0.2" || p.memoryEdge == "1GB"), true, "edge");
            NS_TEST_ASSERT_MSG_EQ(p.memoryEnd, "0.1", "a key left out keeps the value");
            ++devices[p.nDevices];
            std::vector<std::string> names;
            std::string rest = p.models;
            for (std::size_t at; !rest.empty();
                 rest = at == std::string::npos ? "" : rest.substr(at + 1))
            {
                at = rest.find(',');
                names.push_back(rest.substr(0, at));
            }
            NS_TEST_ASSERT_MSG_EQ((names.size() >= 2 && names.size() <= 4), true, p.models);
            NS_TEST_ASSERT_MSG_EQ(std::is_sorted(names.begin(), names.end()), true, "pool order");
            for (const auto& n : names)
            {
                ++inSubset[n];
            }
            if (run <= 20)
            {
                firstModels.push_back(p.models);
            }
        }
        std::sort(firstModels.begin(), firstModels.end());
        NS_TEST_ASSERT_MSG_GT(std::unique(firstModels.begin(), firstModels.end()) -
                                  firstModels.begin(),
                              3,
                              "the draws vary over runs");
        for (uint32_t n : {4U, 8U, 12U})
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(double(devices[n]), 1000.0, 5 * 25.8, "devices " << n);
        }
        for (const char* m : {"a:10", "b:20", "c:30", "d:40"})
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(double(inSubset[m]), 2250.0, 5 * 23.7, "model " << m);
        }
        // Another seed, other draws.
        MecScenarioParameters one;
        MecScenarioParameters two;
        uint32_t differ = 0;
        for (uint64_t run = 1; run <= 20; ++run)
        {
            d.Apply(one, 1, run);
            d.Apply(two, 2, run);
            differ += one.models != two.models ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_GT(differ, 5, "the seed governs the draws");
        // A bad file: the key named.
        std::ofstream(path) << R"({"zipf": []})";
        std::string message;
        try
        {
            ScenarioDistribution::Load(path);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(message.find("\"zipf\": expected a non-empty list"),
                              std::string::npos,
                              message);
    }
};

/**
 * Loading time in closed form: weights / storage bandwidth + set-up, with
 * the set-up from the catalog or the ModelInitTime attribute.
 */
class LoadingTimeTestCase : public TestCase
{
  public:
    LoadingTimeTestCase()
        : TestCase("MecServer loading time: FP32 weights over storage bandwidth, plus set-up")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<ModelCatalog> catalog = ModelCatalog::LoadCached(ModelCatalog::GetDefaultPath());
        const double weights = catalog->Get("resnet50").GetWeightBytes();
        const DeviceProfile& xavier =
            DeviceCatalog::LoadCached(DeviceCatalog::GetDefaultPath())->Get("jetson-agx-xavier");
        // The catalog's set-up of jetson-tensor-cores (data/devices.json).
        NS_TEST_ASSERT_MSG_EQ_TOL(xavier.modelInitTime, 1.0, 1e-12, "class set-up");
        for (double init : {-1.0, 2.5})
        {
            Ptr<Node> node = CreateObject<Node>();
            Ptr<MecServer> server =
                MakeServer(node, {{"ModelInitTime", Create<TimeValue>(Seconds(init))}});
            Time ready;
            server->TraceConnectWithoutContext(
                "ModelState",
                Callback<void, uint32_t, ModelState>([&ready](uint32_t, ModelState s) {
                    if (s == ModelState::READY)
                    {
                        ready = Simulator::Now();
                    }
                }));
            Simulator::Schedule(Seconds(1), [server]() {
                server->Command(DeploymentAction::DEPLOY, 2, Ipv4Address::GetAny());
            });
            Simulator::Stop(Seconds(10));
            Simulator::Run();
            const double setup = init < 0 ? xavier.modelInitTime : init;
            const double expected = weights / xavier.storageBandwidth + setup;
            // Time resolution is 1 ns.
            NS_TEST_ASSERT_MSG_EQ_TOL((ready - Seconds(1)).GetSeconds(),
                                      expected,
                                      2e-9,
                                      "load time, set-up " << setup << " s");
            NS_TEST_ASSERT_MSG_EQ_TOL(server->GetLoadingTime().GetSeconds(),
                                      expected,
                                      2e-9,
                                      "loading time counted");
            Simulator::Destroy();
        }
    }
};

class DynamicDeploymentTestSuite : public TestSuite
{
  public:
    DynamicDeploymentTestSuite()
        : TestSuite("r3d-dynamic-deployment", UNIT)
    {
        AddTestCase(new RateProfileTestCase, TestCase::QUICK);
        AddTestCase(new PopularityShiftTestCase, TestCase::QUICK);
        AddTestCase(new RateProfileArrivalsTestCase, TestCase::QUICK);
        AddTestCase(new ModelMemoryTestCase, TestCase::QUICK);
        AddTestCase(new LoadingTimeTestCase, TestCase::QUICK);
        AddTestCase(new ScenarioDistributionTestCase, TestCase::QUICK);
    }
};

DynamicDeploymentTestSuite g_dynamicDeploymentTestSuite;

} // namespace
