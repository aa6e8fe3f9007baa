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
#include "ns3/option-values.h"
#include "ns3/ppo-agent.h"
#include "ns3/program-support.h"
#include "ns3/r3d-trainer.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
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
    std::string rateList = "4,12,20";
    std::string output = "r3d-agent.pt";
    std::string resume;
    std::string curve;
    std::string distributionFile;
    double maxWallClock = 0;
    uint32_t jobs = 1;

    CommandLine cmd(__FILE__);
    cmd.Usage("Train the R3D deployment agent (PPO) on the MEC scenario (see doc/r3d.rst, "
              "\"Training the agent\"). Every r3d-mec-scenario option applies to each episode.");
    scenario.AddCommandLineOptions(cmd);
    // Counts through CountOption: ns-3 reads "-1" as 4294967295 (a run that never ends).
    cmd.AddValue("episodes",
                 "episodes to run",
                 r3d::CountOption("episodes", episodes),
                 std::to_string(episodes));
    cmd.AddValue("episodesPerUpdate",
                 "episodes per PPO update",
                 r3d::CountOption("episodesPerUpdate", perUpdate),
                 std::to_string(perUpdate));
    r3d::AddValue(cmd,
                  "rates",
                  "load levels, requests/s per device (all models), cycled over episodes "
                  "(replaces --rate)",
                  rateList);
    r3d::AddValue(cmd,
                  "output",
                  "checkpoint to write (weights; the JSON sidecar beside it)",
                  output);
    r3d::AddValue(cmd, "resume", "checkpoint to start from (weights and hyper-parameters)", resume);
    r3d::AddValue(cmd, "curve", "write the learning curve here (CSV, one row per episode)", curve);
    r3d::AddValue(cmd,
                  "maxWallClock",
                  "stop after the first PPO update that ends later than this many wall-clock "
                  "seconds after the start (0: run every episode); the checkpoint holds the "
                  "episodes run",
                  maxWallClock);
    r3d::AddValue(cmd,
                  "distribution",
                  "draw each episode's models, device count, popularity and memory from this "
                  "JSON file (e.g. data/r3d-training-distribution.json; see doc/r3d.rst, "
                  "\"Training the agent\"); the scenario options are the base the draws change",
                  distributionFile);
    // Short names for the agent's attributes (their defaults are PpoAgent's).
    // Parsed and range-checked here: ns-3's own parsing aborts on "abc".
    for (const auto& [name, attribute] : {std::pair<const char*, const char*>{"lr", "LearningRate"},
                                          {"entropy", "EntropyCoefficient"},
                                          {"epochs", "Epochs"},
                                          {"hidden", "Hidden"},
                                          {"keepBias", "KeepBias"},
                                          {"gainPrior", "GainPrior"},
                                          {"seed", "Seed"}})
    {
        const std::string path = std::string("ns3::PpoAgent::") + attribute;
        TypeId::AttributeInformation info; // its default, for the help text
        PpoAgent::GetTypeId().LookupAttributeByName(attribute, &info);
        cmd.AddValue(name,
                     path,
                     r3d::AttributeOption(name, path),
                     info.initialValue->SerializeToString(info.checker));
    }
    cmd.AddValue("jobs",
                 "episodes of one update simulated at once (each episode runs in its own "
                 "forked process; the results do not depend on it)",
                 r3d::CountOption("jobs", jobs),
                 std::to_string(jobs));
    cmd.Parse(argc, argv);

    auto fail = [](const std::string& what) {
        std::cerr << "r3d-train: error: " << what << "\n";
        return 1;
    };
    std::vector<double> rates;
    try
    {
        rates = ParseRates(rateList);
        if (episodes == 0 || perUpdate == 0 || jobs == 0)
        {
            throw std::invalid_argument(
                "--episodes, --episodesPerUpdate and --jobs must be at least 1");
        }
        // (An empty --output is refused by its parser, ParseOptionValue.)
        r3d::RequireWritable({{"--output", output},
                              {"--output (its sidecar)", AgentCheckpoint::SidecarPath(output)},
                              {"--curve", curve}});
        if (!(maxWallClock >= 0) || !std::isfinite(maxWallClock))
        {
            throw std::invalid_argument("--maxWallClock must be 0 or more seconds (got " +
                                        std::to_string(maxWallClock) + ")");
        }
        if (scenario.Parameters().policy != "r3d")
        {
            throw std::invalid_argument("--policy: r3d-train trains the r3d policy only");
        }
        scenario.Parameters().checkpoint.clear();
        scenario.Validate(false); // the agent trained, not the shipped checkpoint
    }
    catch (const std::invalid_argument& e)
    {
        return fail(e.what());
    }
    std::optional<ScenarioDistribution> distribution;
    if (!distributionFile.empty())
    {
        try
        {
            distribution = ScenarioDistribution::Load(distributionFile);
        }
        catch (const std::invalid_argument& e)
        {
            return fail(e.what());
        }
    }

    Ptr<PpoAgent> agent = CreateObject<PpoAgent>(); // the attributes set above
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
                "value_loss,entropy,approx_kl,clip_fraction,episode_wall_s,total_wall_s,scenario\n";
    std::cout << "r3d-train: " << episodes << " episodes of " << scenario.Parameters().simTime
              << " s simulated, rates " << rateList << ", PPO update every " << perUpdate
              << " episodes\n";
    std::cout << std::setw(5) << "ep" << std::setw(6) << "rate" << std::setw(6) << "run"
              << std::setw(9) << "return" << std::setw(8) << "cost" << std::setw(8) << "latency"
              << std::setw(7) << "miss" << std::setw(8) << "energy" << std::setw(8) << "change"
              << std::setw(9) << "pi-loss" << std::setw(8) << "v-loss" << std::setw(8) << "entropy"
              << std::setw(8) << "wall" << std::setw(8) << "total"
              << "\n";
    R3dTrainer trainer(scenario, agent);
    if (distribution)
    {
        try
        {
            // Every episode's draw validated before the first one runs.
            trainer.SetDistribution(*distribution, episodes, runBase);
        }
        catch (const std::invalid_argument& e)
        {
            return fail(e.what());
        }
        std::cout << "r3d-train: scenarios drawn from " << distributionFile << "\n";
    }
    std::vector<double> costs;
    try
    {
        costs = trainer.Train(
            episodes,
            perUpdate,
            rates,
            runBase,
            jobs,
            [&](uint32_t ep, const TrainingEpisode& e, const AgentUpdateStats& stats) {
                std::cout << std::fixed << std::setw(5) << ep << std::setprecision(1)
                          << std::setw(6) << e.rate << std::setw(6) << e.run << std::setprecision(3)
                          << std::setw(9) << e.ret << std::setw(8) << e.mean.total << std::setw(8)
                          << e.mean.latency << std::setw(7) << e.mean.miss << std::setw(8)
                          << e.mean.energy << std::setw(8) << e.mean.change << std::setw(9)
                          << stats.policyLoss << std::setw(8) << stats.valueLoss << std::setw(8)
                          << stats.entropy << std::setprecision(1) << std::setw(7) << e.wall << "s"
                          << std::setw(7) << elapsed() << "s" << std::endl;
                std::cout.unsetf(std::ios::fixed);
                curveCsv << ep << ',' << e.rate << ',' << e.run << ',' << e.ret << ','
                         << e.mean.total << ',' << e.mean.latency << ',' << e.mean.miss << ','
                         << e.mean.energy << ',' << e.mean.change << ',' << e.loads << ','
                         << stats.policyLoss << ',' << stats.valueLoss << ',' << stats.entropy
                         << ',' << stats.approxKl << ',' << stats.clipFraction << ',' << e.wall
                         << ',' << elapsed() << ",\"" << e.variant << "\"\n";
            },
            maxWallClock);
    }
    catch (const std::runtime_error& e)
    {
        return fail(std::string(e.what()) + "; no checkpoint written");
    }
    const std::string& signature = trainer.GetSignature();

    // Training summary for the sidecar.
    nlohmann::ordered_json training;
    training["episodes"] = costs.size();
    training["episodesRequested"] = episodes;
    training["maxWallClockS"] = maxWallClock;
    training["episodesPerUpdate"] = perUpdate;
    training["jobs"] = jobs;
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
    if (distribution)
    {
        std::ifstream in(distributionFile);
        training["distribution"] = nlohmann::ordered_json::parse(in);
        training["distributionFile"] = distributionFile;
    }
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
