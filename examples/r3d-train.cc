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
#include <cstring>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

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

/// What one training episode produced.
struct Episode
{
    std::vector<AgentStep> steps; //!< the agent's decisions, rewards set
    CostTerms mean;               //!< mean cost terms over the intervals
    uint64_t loads{0};            //!< deploys and migrations applied (after time 0)
    double ret{0};                //!< return: -sum of the interval costs
    double wall{0};               //!< wall-clock seconds
    std::string signature;        //!< the scenario signature
};

/// Run one episode: a fresh simulation with the agent sampling its choices.
Episode
RunEpisode(MecScenario& scenario, Ptr<DeploymentAgent> agent, double rate, uint64_t run)
{
    const auto start = std::chrono::steady_clock::now();
    RngSeedManager::SetRun(run);
    scenario.Parameters().rate = rate;
    Ptr<R3dPolicy> policy = CreateObject<R3dPolicy>();
    policy->SetAgent(agent);
    policy->SetTraining(true);
    scenario.Build(policy);
    scenario.Run(false);
    Episode e;
    e.steps = policy->TakeSteps();
    e.signature = policy->GetSignature();
    Ptr<DeploymentCostMonitor> cost = scenario.GetCost();
    const std::vector<CostTerms> terms = cost->GetTerms();
    const auto& intervals = cost->GetIntervals();
    // Decision k is followed by interval k (the controller decides at 0, T,
    // 2T, ...; the cost closes an interval at each decision).
    const std::size_t n = std::min(e.steps.size(), terms.size());
    e.steps.resize(n);
    for (std::size_t k = 0; k < n; ++k)
    {
        // Each model's share of the cost is its reward (they add up to -cost).
        e.steps[k].rewards.clear();
        for (double c : cost->GetCost()->EvaluatePerModel(intervals[k], e.steps[k].models))
        {
            e.steps[k].rewards.push_back(-c);
        }
        e.ret -= terms[k].total;
    }
    e.mean = cost->GetMean();
    for (const auto& interval : intervals)
    {
        e.loads += interval.deploys;
    }
    scenario.Destroy();
    e.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return e;
}

/// Appends raw bytes of trivially copyable values and vectors of them.
class Writer
{
  public:
    template <typename T>
    void Put(const T& v)
    {
        const char* p = reinterpret_cast<const char*>(&v);
        m_bytes.insert(m_bytes.end(), p, p + sizeof(T));
    }

    template <typename T>
    void PutVector(const std::vector<T>& v)
    {
        Put<uint64_t>(v.size());
        const char* p = reinterpret_cast<const char*>(v.data());
        m_bytes.insert(m_bytes.end(), p, p + v.size() * sizeof(T));
    }

    std::string m_bytes; //!< what was written
};

/// Reads what Writer wrote.
class Reader
{
  public:
    explicit Reader(const std::string& bytes)
        : m_bytes(bytes)
    {
    }

    template <typename T>
    T Get()
    {
        if (m_at + sizeof(T) > m_bytes.size())
        {
            throw std::runtime_error("truncated episode from a worker process");
        }
        T v;
        std::memcpy(&v, m_bytes.data() + m_at, sizeof(T));
        m_at += sizeof(T);
        return v;
    }

    template <typename T>
    std::vector<T> GetVector()
    {
        const auto n = Get<uint64_t>();
        if (m_at + n * sizeof(T) > m_bytes.size())
        {
            throw std::runtime_error("truncated episode from a worker process");
        }
        std::vector<T> v(n);
        std::memcpy(v.data(), m_bytes.data() + m_at, n * sizeof(T));
        m_at += n * sizeof(T);
        return v;
    }

  private:
    const std::string& m_bytes; //!< input
    std::size_t m_at{0};        //!< read position
};

std::string
Serialize(const Episode& e)
{
    Writer w;
    w.Put(e.mean);
    w.Put(e.loads);
    w.Put(e.ret);
    w.Put(e.wall);
    w.PutVector(std::vector<char>(e.signature.begin(), e.signature.end()));
    w.Put<uint64_t>(e.steps.size());
    for (const auto& s : e.steps)
    {
        w.Put(s.pairs);
        w.Put(s.models);
        w.PutVector(s.features);
        w.PutVector(s.mask);
        w.PutVector(s.choices);
        w.PutVector(s.logProb);
        w.PutVector(s.values);
        w.PutVector(s.rewards);
    }
    return w.m_bytes;
}

Episode
Deserialize(const std::string& bytes)
{
    Reader r(bytes);
    Episode e;
    e.mean = r.Get<CostTerms>();
    e.loads = r.Get<uint64_t>();
    e.ret = r.Get<double>();
    e.wall = r.Get<double>();
    auto sig = r.GetVector<char>();
    e.signature.assign(sig.begin(), sig.end());
    const auto n = r.Get<uint64_t>();
    for (uint64_t i = 0; i < n; ++i)
    {
        AgentStep s;
        s.pairs = r.Get<uint32_t>();
        s.models = r.Get<uint32_t>();
        s.features = r.GetVector<float>();
        s.mask = r.GetVector<uint8_t>();
        s.choices = r.GetVector<uint32_t>();
        s.logProb = r.GetVector<float>();
        s.values = r.GetVector<float>();
        s.rewards = r.GetVector<double>();
        e.steps.push_back(std::move(s));
    }
    return e;
}

/**
 * Run a batch of episodes (rate, RngRun) with the same agent, each in a
 * forked worker process, up to `jobs` at a time; results come back through
 * pipes. Always a fresh process: ns-3 keeps process-wide state across
 * Simulator::Destroy (the automatic numbering of random streams, address
 * allocators), so a second simulation in one process would not be the run
 * r3d-mec-scenario makes with the same RngRun. The agent does not change
 * during a batch, so the results do not depend on `jobs`.
 */
std::vector<Episode>
RunBatch(MecScenario& scenario,
         Ptr<DeploymentAgent> agent,
         const std::vector<std::pair<double, uint64_t>>& work,
         uint32_t jobs)
{
    std::vector<Episode> out;

    struct Worker
    {
        pid_t pid;
        int fd;
    };

    std::vector<Worker> workers;
    std::size_t next = 0;
    auto start = [&]() {
        int fds[2];
        if (pipe(fds) != 0)
        {
            throw std::runtime_error("pipe() failed");
        }
        std::cout.flush();
        std::cerr.flush();
        pid_t pid = fork();
        if (pid < 0)
        {
            throw std::runtime_error("fork() failed");
        }
        if (pid == 0)
        {
            close(fds[0]);
            int status = 0;
            std::string bytes;
            try
            {
                bytes = "ok" +
                        Serialize(RunEpisode(scenario, agent, work[next].first, work[next].second));
            }
            catch (const std::exception& e)
            {
                bytes = std::string("er") + e.what();
                status = 1;
            }
            const char* p = bytes.data();
            std::size_t left = bytes.size();
            while (left > 0)
            {
                ssize_t k = write(fds[1], p, left);
                if (k <= 0)
                {
                    _exit(2);
                }
                p += k;
                left -= k;
            }
            close(fds[1]);
            _exit(status); // no destructors: the parent owns every object
        }
        close(fds[1]);
        workers.push_back(Worker{pid, fds[0]});
        ++next;
    };
    while (next < work.size() && workers.size() < jobs)
    {
        start();
    }
    for (std::size_t i = 0; i < work.size(); ++i)
    {
        Worker w = workers[i];
        std::string bytes;
        char buffer[65536];
        ssize_t k;
        while ((k = read(w.fd, buffer, sizeof(buffer))) > 0)
        {
            bytes.append(buffer, k);
        }
        close(w.fd);
        int status = 0;
        waitpid(w.pid, &status, 0);
        if (bytes.size() < 2 || bytes.compare(0, 2, "ok") != 0)
        {
            throw std::runtime_error("training episode (rate " + std::to_string(work[i].first) +
                                     ", run " + std::to_string(work[i].second) + ") failed: " +
                                     (bytes.size() > 2 ? bytes.substr(2) : "worker crashed"));
        }
        out.push_back(Deserialize(bytes.substr(2)));
        if (next < work.size())
        {
            start();
        }
    }
    return out;
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
    uint32_t jobs = 1;

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
    // Short names for the agent's attributes (their defaults are PpoAgent's).
    cmd.AddValue("lr", "ns3::PpoAgent::LearningRate");
    cmd.AddValue("entropy", "ns3::PpoAgent::EntropyCoefficient");
    cmd.AddValue("epochs", "ns3::PpoAgent::Epochs");
    cmd.AddValue("hidden", "ns3::PpoAgent::Hidden");
    cmd.AddValue("keepBias", "ns3::PpoAgent::KeepBias");
    cmd.AddValue("gainPrior", "ns3::PpoAgent::GainPrior");
    cmd.AddValue("seed", "ns3::PpoAgent::Seed");
    cmd.AddValue("jobs",
                 "episodes of one update simulated at once (each episode runs in its own "
                 "forked process; the results do not depend on it)",
                 jobs);
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
                "value_loss,entropy,approx_kl,clip_fraction,episode_wall_s,total_wall_s\n";
    std::cout << "r3d-train: " << episodes << " episodes of " << scenario.Parameters().simTime
              << " s simulated, rates " << rateList << ", PPO update every " << perUpdate
              << " episodes\n";
    std::cout << std::setw(5) << "ep" << std::setw(6) << "rate" << std::setw(6) << "run"
              << std::setw(9) << "return" << std::setw(8) << "cost" << std::setw(8) << "latency"
              << std::setw(7) << "miss" << std::setw(8) << "energy" << std::setw(8) << "change"
              << std::setw(9) << "pi-loss" << std::setw(8) << "v-loss" << std::setw(8) << "entropy"
              << std::setw(8) << "wall" << std::setw(8) << "total"
              << "\n";
    AgentUpdateStats stats;
    std::string signature;
    std::vector<double> costs;
    for (uint32_t first = 1; first <= episodes; first += perUpdate)
    {
        std::vector<std::pair<double, uint64_t>> work;
        for (uint32_t ep = first; ep < first + perUpdate && ep <= episodes; ++ep)
        {
            work.emplace_back(rates[(ep - 1) % rates.size()], runBase + ep - 1);
        }
        std::vector<Episode> done = RunBatch(scenario, agent, work, jobs);
        std::vector<std::vector<AgentStep>> batch;
        for (auto& e : done)
        {
            batch.push_back(e.steps);
        }
        stats = agent->Update(batch);
        for (std::size_t i = 0; i < done.size(); ++i)
        {
            const Episode& e = done[i];
            const uint32_t ep = first + i;
            const double rate = work[i].first;
            const uint64_t run = work[i].second;
            if (signature.empty())
            {
                signature = e.signature;
            }
            costs.push_back(e.mean.total);
            std::cout << std::fixed << std::setw(5) << ep << std::setprecision(1) << std::setw(6)
                      << rate << std::setw(6) << run << std::setprecision(3) << std::setw(9)
                      << e.ret << std::setw(8) << e.mean.total << std::setw(8) << e.mean.latency
                      << std::setw(7) << e.mean.miss << std::setw(8) << e.mean.energy
                      << std::setw(8) << e.mean.change << std::setw(9) << stats.policyLoss
                      << std::setw(8) << stats.valueLoss << std::setw(8) << stats.entropy
                      << std::setprecision(1) << std::setw(7) << e.wall << "s" << std::setw(7)
                      << elapsed() << "s" << std::endl;
            std::cout.unsetf(std::ios::fixed);
            curveCsv << ep << ',' << rate << ',' << run << ',' << e.ret << ',' << e.mean.total
                     << ',' << e.mean.latency << ',' << e.mean.miss << ',' << e.mean.energy << ','
                     << e.mean.change << ',' << e.loads << ',' << stats.policyLoss << ','
                     << stats.valueLoss << ',' << stats.entropy << ',' << stats.approxKl << ','
                     << stats.clipFraction << ',' << e.wall << ',' << elapsed() << '\n';
        }
    }

    // Training summary for the sidecar.
    nlohmann::ordered_json training;
    training["episodes"] = episodes;
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
