/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "r3d-trainer.h"

#include "deployment-cost-monitor.h"

#include "ns3/log.h"
#include "ns3/r3d-policy.h"
#include "ns3/rng-seed-manager.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("R3dTrainer");

R3dTrainer::R3dTrainer(MecScenario& scenario, Ptr<DeploymentAgent> agent)
    : m_scenario(scenario),
      m_agent(agent)
{
}

const std::string&
R3dTrainer::GetSignature() const
{
    return m_signature;
}

double
R3dTrainer::AssignRewards(std::vector<AgentStep>& steps,
                          const std::vector<CostInterval>& intervals,
                          const DeploymentCost& cost)
{
    // Decision k is paid by the k-th interval a decision opened: with a cold
    // start the first decision comes one control interval in, and the
    // stretch before it was opened by no decision.
    std::vector<const CostInterval*> paid;
    for (const CostInterval& interval : intervals)
    {
        if (interval.decided)
        {
            paid.push_back(&interval);
        }
    }
    const std::size_t n = std::min(steps.size(), paid.size());
    steps.resize(n);
    double ret = 0;
    for (std::size_t k = 0; k < n; ++k)
    {
        // Each model's share of the cost is its reward (they add up to -cost).
        steps[k].rewards.clear();
        for (double c : cost.EvaluatePerModel(*paid[k], steps[k].models))
        {
            steps[k].rewards.push_back(-c);
        }
        ret -= cost.Evaluate(*paid[k]).total;
    }
    return ret;
}

TrainingEpisode
R3dTrainer::RunEpisode(double rate, uint64_t run)
{
    const auto start = std::chrono::steady_clock::now();
    RngSeedManager::SetRun(run);
    std::string variant;
    if (m_distribution)
    {
        m_scenario.Parameters() = m_base;
        m_distribution->Apply(m_scenario.Parameters(), RngSeedManager::GetSeed(), run);
        variant = m_distribution->Describe(m_scenario.Parameters());
    }
    m_scenario.Parameters().rate = rate;
    if (m_distribution)
    {
        m_scenario.Validate(false); // the policy is the agent given below
    }
    Ptr<R3dPolicy> policy = CreateObject<R3dPolicy>();
    policy->SetAgent(m_agent);
    policy->SetTraining(true);
    m_scenario.Build(policy);
    m_scenario.Run(false);
    TrainingEpisode e;
    e.rate = rate;
    e.run = run;
    e.steps = policy->TakeSteps();
    e.signature = policy->GetSignature();
    e.variant = variant;
    Ptr<DeploymentCostMonitor> monitor = m_scenario.GetCost();
    e.ret = AssignRewards(e.steps, monitor->GetIntervals(), *monitor->GetCost());
    if (e.steps.empty())
    {
        const MecScenarioParameters& p = m_scenario.Parameters();
        throw std::runtime_error(
            "the episode has no decision followed by an interval: --simTime (" +
            std::to_string(p.simTime) + " s) must be longer than --controlInterval (" +
            std::to_string(p.controlInterval) +
            " s; with --preDeploy=false the first decision comes one control interval in)");
    }
    e.mean = monitor->GetMean();
    for (const auto& interval : monitor->GetIntervals())
    {
        e.loads += interval.deploys;
    }
    m_scenario.Destroy();
    e.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return e;
}

void
R3dTrainer::SetDistribution(const ScenarioDistribution& distribution,
                            uint32_t check,
                            uint64_t runBase)
{
    m_base = m_scenario.Parameters();
    for (uint32_t ep = 1; ep <= check; ++ep)
    {
        MecScenarioParameters& p = m_scenario.Parameters();
        p = m_base;
        distribution.Apply(p, RngSeedManager::GetSeed(), runBase + ep - 1);
        const std::string drawn = distribution.Describe(p);
        try
        {
            m_scenario.Validate(false);
        }
        catch (const std::exception& e)
        {
            p = m_base;
            throw std::invalid_argument("--distribution '" + distribution.GetFile() +
                                        "': episode " + std::to_string(ep) + " draws " + drawn +
                                        ": " + e.what());
        }
    }
    m_scenario.Parameters() = m_base;
    m_scenario.Validate(false);
    m_distribution = distribution;
}

std::string
R3dTrainer::Encode(const TrainingEpisode& e)
{
    nlohmann::json j;
    j["rate"] = e.rate;
    j["run"] = e.run;
    j["mean"] = {e.mean.latency, e.mean.miss, e.mean.energy, e.mean.change, e.mean.total};
    j["loads"] = e.loads;
    j["ret"] = e.ret;
    j["wall"] = e.wall;
    j["signature"] = e.signature;
    j["variant"] = e.variant;
    nlohmann::json steps = nlohmann::json::array();
    for (const AgentStep& s : e.steps)
    {
        steps.push_back({{"pairs", s.pairs},
                         {"models", s.models},
                         {"features", s.features},
                         {"mask", s.mask},
                         {"choices", s.choices},
                         {"logProb", s.logProb},
                         {"values", s.values},
                         {"rewards", s.rewards}});
    }
    j["steps"] = std::move(steps);
    const std::vector<uint8_t> bytes = nlohmann::json::to_msgpack(j);
    return std::string(bytes.begin(), bytes.end());
}

TrainingEpisode
R3dTrainer::Decode(const std::string& bytes)
{
    try
    {
        const nlohmann::json j = nlohmann::json::from_msgpack(bytes);
        TrainingEpisode e;
        e.rate = j.at("rate").get<double>();
        e.run = j.at("run").get<uint64_t>();
        const auto mean = j.at("mean").get<std::vector<double>>();
        if (mean.size() != 5)
        {
            throw std::runtime_error("mean cost terms");
        }
        e.mean.latency = mean[0];
        e.mean.miss = mean[1];
        e.mean.energy = mean[2];
        e.mean.change = mean[3];
        e.mean.total = mean[4];
        e.loads = j.at("loads").get<uint64_t>();
        e.ret = j.at("ret").get<double>();
        e.wall = j.at("wall").get<double>();
        e.signature = j.at("signature").get<std::string>();
        e.variant = j.at("variant").get<std::string>();
        for (const auto& s : j.at("steps"))
        {
            AgentStep step;
            step.pairs = s.at("pairs").get<uint32_t>();
            step.models = s.at("models").get<uint32_t>();
            step.features = s.at("features").get<std::vector<float>>();
            step.mask = s.at("mask").get<std::vector<uint8_t>>();
            step.choices = s.at("choices").get<std::vector<uint32_t>>();
            step.logProb = s.at("logProb").get<std::vector<float>>();
            step.values = s.at("values").get<std::vector<float>>();
            step.rewards = s.at("rewards").get<std::vector<double>>();
            e.steps.push_back(std::move(step));
        }
        return e;
    }
    catch (const std::exception& ex)
    {
        throw std::runtime_error(std::string("a training episode from a worker process could "
                                             "not be decoded: ") +
                                 ex.what());
    }
}

std::vector<TrainingEpisode>
R3dTrainer::RunBatch(const std::vector<std::pair<double, uint64_t>>& work, uint32_t jobs)
{
    if (jobs == 0)
    {
        throw std::invalid_argument("R3dTrainer: jobs must be at least 1");
    }

    struct Worker
    {
        pid_t pid;
        int fd;
    };

    std::vector<TrainingEpisode> out;
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
                bytes = "ok" + Encode(RunEpisode(work[next].first, work[next].second));
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
        out.push_back(Decode(bytes.substr(2)));
        if (next < work.size())
        {
            start();
        }
    }
    return out;
}

std::vector<double>
R3dTrainer::Train(uint32_t episodes,
                  uint32_t perUpdate,
                  const std::vector<double>& rates,
                  uint64_t runBase,
                  uint32_t jobs,
                  const EpisodeCallback& onEpisode,
                  double wallLimitS)
{
    const auto start = std::chrono::steady_clock::now();
    if (episodes == 0 || perUpdate == 0 || jobs == 0 || rates.empty())
    {
        throw std::invalid_argument(
            "R3dTrainer: episodes, episodes per update and jobs must be at least 1, with a rate");
    }
    std::vector<double> costs;
    if (m_distribution && m_signature.empty())
    {
        // The checkpoint is for the base scenario (the episodes' draws vary
        // around it): its signature from one control interval of it.
        std::optional<ScenarioDistribution> distribution;
        distribution.swap(m_distribution);
        MecScenarioParameters& p = m_scenario.Parameters();
        p = m_base;
        p.simTime = std::min(p.simTime, 2 * p.controlInterval); // a cold start decides at one
        p.warmup = 0;
        m_signature = RunBatch({{m_base.rate, runBase}}, 1).at(0).signature;
        p = m_base;
        m_distribution.swap(distribution);
    }
    for (uint32_t first = 1; first <= episodes; first += perUpdate)
    {
        std::vector<std::pair<double, uint64_t>> work;
        for (uint32_t ep = first; ep < first + perUpdate && ep <= episodes; ++ep)
        {
            work.emplace_back(rates[(ep - 1) % rates.size()], runBase + ep - 1);
        }
        std::vector<TrainingEpisode> done = RunBatch(work, jobs);
        std::vector<std::vector<AgentStep>> batch;
        for (auto& e : done)
        {
            batch.push_back(e.steps);
        }
        const AgentUpdateStats stats = m_agent->Update(batch);
        if (!std::isfinite(stats.policyLoss) || !std::isfinite(stats.valueLoss))
        {
            throw std::runtime_error("training diverged at the update after episode " +
                                     std::to_string(first + done.size() - 1) + ": policy loss " +
                                     std::to_string(stats.policyLoss) + ", value loss " +
                                     std::to_string(stats.valueLoss) +
                                     " (a smaller learning rate may help)");
        }
        for (std::size_t i = 0; i < done.size(); ++i)
        {
            if (m_signature.empty())
            {
                m_signature = done[i].signature;
            }
            costs.push_back(done[i].mean.total);
            if (onEpisode)
            {
                onEpisode(first + i, done[i], stats);
            }
        }
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (wallLimitS > 0 && wall > wallLimitS)
        {
            break;
        }
    }
    return costs;
}

} // namespace ns3
