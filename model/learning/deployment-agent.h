/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_AGENT_H
#define R3D_DEPLOYMENT_AGENT_H

#include "ns3/object.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief One decision of a learning agent, kept for its update.
 */
struct AgentStep
{
    uint32_t pairs{0};             //!< (node, model) pairs P = N M, pair n M + m
    uint32_t models{1};            //!< models M
    std::vector<float> features;   //!< P F observation features
    std::vector<uint8_t> mask;     //!< P 3 feasible choices
    std::vector<uint32_t> choices; //!< P choices made
    std::vector<float> logProb;    //!< P log-probabilities of the choices when made
    std::vector<float> values;     //!< M: the critic's estimate per model when made
    /// M: the reward of each model's share of the interval that followed
    /// (they add up to -cost; see DeploymentCost::EvaluatePerModel)
    std::vector<double> rewards;
};

/**
 * \ingroup r3d
 * \brief What one update of a learning agent did (for the training log).
 */
struct AgentUpdateStats
{
    double policyLoss{0};   //!< clipped surrogate loss (last epoch)
    double valueLoss{0};    //!< critic loss (last epoch)
    double entropy{0};      //!< mean entropy per active pair (last epoch)
    double approxKl{0};     //!< mean old - new log-probability (last epoch)
    double clipFraction{0}; //!< share of active pairs whose ratio was clipped (last epoch)
    uint32_t steps{0};      //!< decisions in the batch
};

/**
 * \ingroup r3d
 * \brief A learning algorithm behind R3dPolicy: scores each (node, model)
 *        pair's choices (keep, deploy, evict) from its features, and
 *        learns from finished episodes.
 *
 * The interface keeps the algorithm replaceable: PpoAgent (PPO with a
 * clipped objective and GAE) is the default; another algorithm (e.g. a
 * double dueling DQN over the same factorized action) implements these
 * methods and plugs into R3dPolicy and r3d-train unchanged.
 */
class DeploymentAgent : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \return the algorithm's name, saved in checkpoints ("ppo") */
    virtual std::string GetAlgorithm() const = 0;

    /**
     * \brief Choose for every pair.
     * \param features P F features (DeploymentFeatures)
     * \param mask P 3 feasible choices (DeploymentObservation::Mask)
     * \param pairs P = N M
     * \param models M (pair p is of model p % M)
     * \param uniforms P draws in [0, 1) to sample the choices with; empty:
     *        greedy (each pair's most probable feasible choice)
     * \return the step (rewards not set)
     */
    virtual AgentStep Act(const std::vector<float>& features,
                          const std::vector<uint8_t>& mask,
                          uint32_t pairs,
                          uint32_t models,
                          const std::vector<double>& uniforms) = 0;

    /**
     * \brief Learn from finished episodes (rewards set).
     * \param episodes steps of each episode, in time order
     * \return what the update did
     */
    virtual AgentUpdateStats Update(const std::vector<std::vector<AgentStep>>& episodes) = 0;

    /**
     * \brief Write the network's weights to a file (not the optimizer's state).
     * \param path the file
     */
    virtual void SaveWeights(const std::string& path) const = 0;

    /**
     * \brief Read weights written by SaveWeights.
     * \param path the file
     * \throws std::runtime_error if it cannot be read or does not fit
     */
    virtual void LoadWeights(const std::string& path) = 0;

    /** \return the hyper-parameters, by attribute name (saved in checkpoints) */
    virtual std::vector<std::pair<std::string, double>> GetHyperParameters() const = 0;
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_AGENT_H */
