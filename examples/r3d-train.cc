/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-train: trains the R3D deployment agent (PPO, LibTorch) online, inside
// the simulation.
//
// Each episode is a fresh r3d-mec-scenario simulation (same options) with
// its own RngRun (--RngRun + episode) and its own load (--rates, cycled):
// the agent decides at every control interval, the DeploymentCost of the
// interval that follows is its reward (negated), and every
// --episodesPerUpdate episodes PPO updates the agent. Prints one line per
// episode (return, reward terms, losses, entropy, wall time), writes the
// checkpoint (--output, with its JSON sidecar) and the learning curve
// (--curve, CSV). Deterministic: the same options give the same curve.
//
//   r3d-train --episodes=60 --output=data/r3d-default.pt --curve=curve.csv
//   r3d-train --resume=data/r3d-default.pt --episodes=20 --output=more.pt

#include "ns3/agent-checkpoint.h"
#include "ns3/core-module.h"
#include "ns3/mec-scenario.h"
#include "ns3/ppo-agent.h"
#include "ns3/program-support.h"
#include "ns3/r3d-policy.h"

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ns3;

namespace
{

std::vector<double>
ParseRates(const std::string& text)
{
    std::vector<double> rates;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::size_t used = 0;
        double r = -1;
        try
        {
            r = std::stod(item, &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used != item.size() || !(r >= 0))
        {
            throw std::invalid_argument("--rates: '" + item + "' is not a rate (requests/s, >= 0)");
        }
        rates.push_back(r);
    }
    if (rates.empty())
    {
        throw std::invalid_argument("--rates: empty (expected e.g. 1,3,5)");
    }
    return rates;
}

int
Run(int argc, char* argv[])
{
    MecScenario scenario;
    scenario.Parameters().policy = "r3d";
    uint32_t episodes = 60;
    uint32_t perUpdate = 2;
    std::string rateList = "1,3,5";
    std::string output = "r3d-agent.pt";
    std::string resume;
    std::string curve;
    double lr = 3e-3;
    double entropy = 0.01;
    uint32_t epochs = 8;
    uint32_t hidden = 64;
    double keepBias = 3.0;
    double gainPrior = 4.0;
    uint32_t seed = 1;

    CommandLine cmd(__FILE__);
    cmd.Usage("Train the R3D deployment agent (PPO) on the MEC scenario (see doc/r3d.rst, "
              "\"Training the agent\"). Every r3d-mec-scenario option applies to each episode.");
    scenario.AddCommandLineOptions(cmd);
    cmd.AddValue("episodes", "episodes to run", episodes);
    cmd.AddValue("episodesPerUpdate", "episodes per PPO update", perUpdate);
    cmd.AddValue("rates",
                 "load levels, requests/s per device and model, cycled over episodes "
                 "(replaces --rate)",
                 rateList);
    cmd.AddValue("output", "checkpoint to write (weights; the JSON sidecar beside it)", output);
    cmd.AddValue("resume", "checkpoint to start from (weights and hyper-parameters)", resume);
    cmd.AddValue("curve", "write the learning curve here (CSV, one row per episode)", curve);
    cmd.AddValue("lr", "learning rate (PpoAgent::LearningRate)", lr);
    cmd.AddValue("entropy", "entropy bonus (PpoAgent::EntropyCoefficient)", entropy);
    cmd.AddValue("epochs", "passes per update (PpoAgent::Epochs)", epochs);
    cmd.AddValue("hidden", "hidden width (PpoAgent::Hidden)", hidden);
    cmd.AddValue("keepBias", "initial keep-logit bias (PpoAgent::KeepBias)", keepBias);
    cmd.AddValue("gainPrior",
                 "initial gain weight (PpoAgent::GainPrior, 0: uninformed)",
                 gainPrior);
    cmd.AddValue("seed", "weight initialization seed (PpoAgent::Seed)", seed);
    cmd.Parse(argc, argv);

    auto fail = [](const std::string& what) {
        std::cerr << "r3d-train: error: " << what << "\n";
        return 1;
    };
    std::vector<double> rates;
    try
    {
        rates = ParseRates(rateList);
        if (episodes == 0 || perUpdate == 0)
        {
            throw std::invalid_argument("--episodes and --episodesPerUpdate must be at least 1");
        }
        if (output.empty())
        {
            throw std::invalid_argument("--output: empty");
        }
        if (scenario.Parameters().policy != "r3d")
        {
            throw std::invalid_argument("--policy: r3d-train trains the r3d policy only");
        }
        scenario.Parameters().checkpoint.clear();
        scenario.Parameters().policy = "greedy"; // validated without the shipped checkpoint
        scenario.Validate();
        scenario.Parameters().policy = "r3d";
    }
    catch (const std::invalid_argument& e)
    {
        return fail(e.what());
    }

    Ptr<PpoAgent> agent = CreateObject<PpoAgent>();
    agent->SetAttribute("LearningRate", DoubleValue(lr));
    agent->SetAttribute("EntropyCoefficient", DoubleValue(entropy));
    agent->SetAttribute("Epochs", UintegerValue(epochs));
    agent->SetAttribute("Hidden", UintegerValue(hidden));
    agent->SetAttribute("KeepBias", DoubleValue(keepBias));
    agent->SetAttribute("GainPrior", DoubleValue(gainPrior));
    agent->SetAttribute("Seed", UintegerValue(seed));
    if (!resume.empty())
    {
        try
        {
            AgentCheckpoint::Load(resume, agent);
        }
        catch (const std::invalid_argument& e)
        {
            return fail(std::string("--resume: ") + e.what());
        }
    }

    const uint64_t runBase = RngSeedManager::GetRun();
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&start]() {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    std::ostringstream curveCsv;
    curveCsv << "episode,rate,run,return,cost,latency,miss,energy,change,loads,policy_loss,"
                "value_loss,entropy,approx_kl,clip_fraction,episode_wall_s,total_wall_s\n";
    std::vector<std::vector<AgentStep>> batch;
    AgentUpdateStats stats;
    std::string signature;
    std::vector<double> costs;

    std::cout << "r3d-train: " << episodes << " episodes of " << scenario.Parameters().simTime
              << " s simulated, rates " << rateList << ", PPO update every " << perUpdate
              << " episodes\n";
    std::cout << std::setw(5) << "ep" << std::setw(6) << "rate" << std::setw(6) << "run"
              << std::setw(9) << "return" << std::setw(8) << "cost" << std::setw(8) << "latency"
              << std::setw(7) << "miss" << std::setw(8) << "energy" << std::setw(8) << "change"
              << std::setw(9) << "pi-loss" << std::setw(8) << "v-loss" << std::setw(8) << "entropy"
              << std::setw(8) << "wall"
              << "\n";
    for (uint32_t ep = 1; ep <= episodes; ++ep)
    {
        const double rate = rates[(ep - 1) % rates.size()];
        const uint64_t run = runBase + ep - 1;
        RngSeedManager::SetRun(run);
        scenario.Parameters().rate = rate;
        const double epStart = elapsed();

        Ptr<R3dPolicy> policy = CreateObject<R3dPolicy>();
        policy->SetAgent(agent);
        policy->SetTraining(true);
        scenario.Build(policy);
        scenario.Run(false);
        std::vector<AgentStep> steps = policy->TakeSteps();
        std::vector<CostTerms> terms = scenario.GetCost()->GetTerms();
        const auto& intervals = scenario.GetCost()->GetIntervals();
        if (signature.empty())
        {
            signature = policy->GetSignature();
        }
        // Decision k is followed by interval k (the controller decides at
        // 0, T, 2T, ...; the cost closes an interval at each decision).
        const std::size_t n = std::min(steps.size(), terms.size());
        steps.resize(n);
        double ret = 0;
        for (std::size_t k = 0; k < n; ++k)
        {
            // Each model's share of the cost is its reward (they add up to -cost).
            std::vector<double> shares =
                scenario.GetCost()->EvaluatePerModel(intervals[k], steps[k].models);
            steps[k].rewards.clear();
            for (double c : shares)
            {
                steps[k].rewards.push_back(-c);
            }
            ret -= terms[k].total;
        }
        const CostTerms mean = scenario.GetCost()->GetMean();
        uint64_t loads = 0;
        for (const auto& interval : intervals)
        {
            loads += interval.deploys;
        }
        scenario.Destroy();
        batch.push_back(std::move(steps));
        if (batch.size() == perUpdate || ep == episodes)
        {
            stats = agent->Update(batch);
            batch.clear();
        }
        costs.push_back(mean.total);
        const double epWall = elapsed() - epStart;
        std::cout << std::fixed << std::setw(5) << ep << std::setprecision(1) << std::setw(6)
                  << rate << std::setw(6) << run << std::setprecision(3) << std::setw(9) << ret
                  << std::setw(8) << mean.total << std::setw(8) << mean.latency << std::setw(7)
                  << mean.miss << std::setw(8) << mean.energy << std::setw(8) << mean.change
                  << std::setw(9) << stats.policyLoss << std::setw(8) << stats.valueLoss
                  << std::setw(8) << stats.entropy << std::setprecision(1) << std::setw(7) << epWall
                  << "s" << std::endl;
        std::cout.unsetf(std::ios::fixed);
        curveCsv << ep << ',' << rate << ',' << run << ',' << ret << ',' << mean.total << ','
                 << mean.latency << ',' << mean.miss << ',' << mean.energy << ',' << mean.change
                 << ',' << loads << ',' << stats.policyLoss << ',' << stats.valueLoss << ','
                 << stats.entropy << ',' << stats.approxKl << ',' << stats.clipFraction << ','
                 << epWall << ',' << elapsed() << '\n';
    }

    // Training summary for the sidecar.
    nlohmann::ordered_json training;
    training["episodes"] = episodes;
    training["episodesPerUpdate"] = perUpdate;
    training["rates"] = rates;
    training["rngRunBase"] = runBase;
    training["resumedFrom"] = resume;
    training["wallClockS"] = elapsed();
    nlohmann::ordered_json scenarioParams;
    const MecScenarioParameters& p = scenario.Parameters();
    scenarioParams["nDevices"] = p.nDevices;
    scenarioParams["nEdges"] = p.nEdges;
    scenarioParams["simTime"] = p.simTime;
    scenarioParams["models"] = p.models;
    scenarioParams["controlInterval"] = p.controlInterval;
    scenarioParams["reportInterval"] = p.reportInterval;
    training["scenario"] = scenarioParams;
    const std::size_t k = std::min<std::size_t>(costs.size(), rates.size() * 3);
    double first = 0;
    double last = 0;
    for (std::size_t i = 0; i < k; ++i)
    {
        first += costs[i] / k;
        last += costs[costs.size() - 1 - i] / k;
    }
    training["meanCostFirstEpisodes"] = first;
    training["meanCostLastEpisodes"] = last;
    training["episodesAveraged"] = k;
    std::ostringstream command;
    for (int i = 0; i < argc; ++i)
    {
        command << (i ? " " : "") << argv[i];
    }
    training["command"] = command.str();
    AgentCheckpoint::Save(output, agent, signature, training.dump());
    std::cout << "r3d-train: wrote " << output << " and " << AgentCheckpoint::SidecarPath(output)
              << " (" << std::fixed << std::setprecision(0) << elapsed()
              << " s); mean cost of the first " << k << " episodes " << std::setprecision(4)
              << first << ", of the last " << k << " " << last << "\n";
    if (!curve.empty())
    {
        r3d::WriteFileAtomically(curve, curveCsv.str());
        std::cout << "r3d-train: wrote " << curve << "\n";
    }
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-train", Run, argc, argv);
}
