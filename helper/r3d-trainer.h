/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_R3D_TRAINER_H
#define R3D_R3D_TRAINER_H

#include "mec-scenario.h"
#include "scenario-distribution.h"

#include "ns3/deployment-agent.h"
#include "ns3/deployment-cost.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief What one training episode produced.
 */
struct TrainingEpisode
{
    double rate{0};               //!< load, requests/s per device and model
    uint64_t run{0};              //!< its RngRun
    std::vector<AgentStep> steps; //!< the agent's decisions, rewards set
    CostTerms mean;               //!< mean cost terms over its intervals
    uint64_t loads{0};            //!< deploys and migrations applied after time 0
    double ret{0};                //!< return: minus the sum of the interval costs
    double wall{0};               //!< wall-clock seconds
    std::string signature;        //!< the scenario signature (AgentCheckpoint::Signature)
    std::string variant;          //!< the scenario drawn (ScenarioDistribution::Describe), or ""
};

/**
 * \ingroup r3d
 * \brief Trains a DeploymentAgent online on the MEC scenario: each episode
 *        is a fresh simulation in which R3dPolicy samples the agent's
 *        choices; after every batch of episodes the agent updates.
 *
 * The reward contract (AssignRewards): the controller decides at 0, T, 2T,
 * ...; the cost monitor closes an interval at each decision, so decision k
 * is followed by the k-th interval a decision opened (CostInterval::decided:
 * with a cold start the stretch before the first decision is opened by
 * none), and decision k's reward is minus that interval's cost, split per model
 * (DeploymentCost::EvaluatePerModel; the shares add up to the interval's cost). Decisions without a
 * following interval (the last one, at the end of the run) are dropped.
 *
 * Episodes run in forked worker processes (Jobs at a time): ns-3 keeps
 * process-wide state across Simulator::Destroy (the automatic numbering of
 * random streams, address allocators), so a second simulation in one process
 * would not be the run r3d-mec-scenario makes with the same RngRun. The
 * agent does not change during a batch, so the results do not depend on
 * Jobs. Workers return their episode through a pipe as MessagePack
 * (nlohmann::json::to_msgpack).
 */
class R3dTrainer
{
  public:
    /// Called after each episode of a batch, once the batch's update is done.
    typedef std::function<void(uint32_t episode, const TrainingEpisode&, const AgentUpdateStats&)>
        EpisodeCallback;

    /**
     * \param scenario the scenario (validated; its parameters apply to
     *        every episode but the rate)
     * \param agent the agent to train
     */
    R3dTrainer(MecScenario& scenario, Ptr<DeploymentAgent> agent);

    /**
     * \brief Draw every episode's scenario from a distribution (before its
     *        rate is set): the scenario given to the constructor is the base
     *        the draws change.
     * \param distribution the distribution
     * \throws std::invalid_argument if a drawn scenario of one of the
     *         first \p check episodes does not validate (naming the episode)
     * \param check episodes whose draws are validated now
     * \param runBase RngRun of the first episode
     */
    void SetDistribution(const ScenarioDistribution& distribution,
                         uint32_t check,
                         uint64_t runBase);

    /**
     * \brief Give decision k the rewards of interval k (the contract above).
     * \param steps the decisions, in time order (rewards overwritten)
     * \param intervals the cost intervals, in time order
     * \param cost the cost (its weights)
     * \return the return: minus the sum of the costs of the intervals that
     *         have a decision
     */
    static double AssignRewards(std::vector<AgentStep>& steps,
                                const std::vector<CostInterval>& intervals,
                                const DeploymentCost& cost);

    /**
     * \brief Run one episode in this process.
     * \param rate load, requests/s per device and model
     * \param run RngRun
     * \return the episode
     */
    TrainingEpisode RunEpisode(double rate, uint64_t run);

    /**
     * \brief Run episodes, each in a forked worker, \p jobs at a time.
     * \param work (rate, RngRun) per episode
     * \param jobs workers at once (at least 1)
     * \return the episodes, in the order of \p work
     * \throws std::runtime_error if a worker fails (its message) or crashes
     */
    std::vector<TrainingEpisode> RunBatch(const std::vector<std::pair<double, uint64_t>>& work,
                                          uint32_t jobs);

    /**
     * \brief Train: episodes 1..\p episodes, rate (episode - 1) % rates, RngRun
     *        \p runBase + episode - 1, an update every \p perUpdate episodes.
     * \param episodes episodes to run
     * \param perUpdate episodes per update
     * \param rates load levels, cycled
     * \param runBase RngRun of the first episode
     * \param jobs workers at once
     * \param onEpisode called for every episode (may be empty)
     * \param wallLimitS stop after the first update that ends more than
     *        this many wall-clock seconds after the start (0: no limit);
     *        the episodes run until then are the result
     * \return the mean cost of every episode run, in order
     * \throws std::invalid_argument for zero episodes, perUpdate or jobs, or
     *         no rate
     * \throws std::runtime_error if an episode fails, or at the first update
     *         whose policy or value loss is not finite (a divergent learning
     *         rate): training stops there, and the caller writes nothing
     */
    std::vector<double> Train(uint32_t episodes,
                              uint32_t perUpdate,
                              const std::vector<double>& rates,
                              uint64_t runBase,
                              uint32_t jobs,
                              const EpisodeCallback& onEpisode,
                              double wallLimitS = 0);

    /** \return the scenario signature of the episodes run (empty before any) */
    const std::string& GetSignature() const;

    /**
     * \brief Encode an episode (what a worker sends).
     * \param e the episode
     * \return MessagePack bytes
     */
    static std::string Encode(const TrainingEpisode& e);

    /**
     * \brief Decode Encode's bytes.
     * \param bytes MessagePack bytes
     * \return the episode
     * \throws std::runtime_error if the bytes are not an encoded episode
     */
    static TrainingEpisode Decode(const std::string& bytes);

  private:
    MecScenario& m_scenario;                            //!< the scenario
    Ptr<DeploymentAgent> m_agent;                       //!< the agent
    std::string m_signature;                            //!< signature of the first episode
    std::optional<ScenarioDistribution> m_distribution; //!< scenarios drawn per episode
    MecScenarioParameters m_base;                       //!< parameters the draws change
};

} // namespace ns3

#endif /* R3D_R3D_TRAINER_H */
