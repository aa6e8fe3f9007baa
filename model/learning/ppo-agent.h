/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PPO_AGENT_H
#define R3D_PPO_AGENT_H

#include "deployment-agent.h"

#include <memory>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Proximal Policy Optimization (clipped objective, generalized
 *        advantage estimation) over the factorized deployment action, in
 *        LibTorch.
 *
 * Network: every (node, model) pair's F features go through the same MLP
 * (F -> Hidden -> Hidden, tanh); a linear head gives the pair's three
 * logits (keep, deploy, evict), infeasible ones masked to -1e9 before the
 * softmax, so an infeasible choice has probability 0 (exp underflows) and is
 * never sampled nor taken greedily. The critic is factored by model: for
 * model m it reads the mean and the max over the nodes of the hidden
 * vectors of the pairs (n, m) (size-independent pooling) through a linear
 * layer shared by the models, and estimates the return of model m's share
 * of the cost (DeploymentCost::EvaluatePerModel). A linear path from the
 * features to the logits runs beside the MLP.
 *
 * Initialization encodes a prior, which training then moves: the keep
 * logit's bias starts at KeepBias (an untrained agent changes few pairs per
 * decision instead of churning), at InitialKeepBias on nodes that have not
 * reported yet (the initial deployment is free: more exploration there);
 * the linear path starts as GainPrior times the pair's estimated gain on the
 * deploy logit and minus that on the evict logit ("deploy where it lowers
 * the estimated latency, evict where it raises it"), with DevicePrior
 * subtracted from the deploy logit of IoT devices that have reported (a
 * deploy there mid-run fetches the weights over the Wi-Fi link the device's
 * requests share). GainPrior = DevicePrior = 0 and InitialKeepBias =
 * KeepBias is an uninformed start.
 *
 * Update (per batch of episodes): per model, advantages by GAE(Gamma,
 * Lambda) over each episode's per-model rewards, bootstrapped at the end
 * with the last step's value (an episode is truncated, not terminated),
 * normalized over the batch; for Epochs passes, each pair (n, m) with more
 * than one feasible choice is one sample of the clipped surrogate with its
 * decision's advantage of model m (independent heads; the per-model
 * advantage tells a deploy of one model from the latency of another, and
 * one product ratio over up to hundreds of pairs would be clipped almost
 * always), plus
 * ValueCoefficient times the critic's squared error, minus
 * EntropyCoefficient times the mean entropy; Adam, gradients clipped to
 * MaxGradNorm.
 *
 * Deterministic: weights are initialized from Seed, LibTorch runs on one
 * thread (set by the constructor), choices are sampled from the uniforms
 * the caller passes (ns-3 streams).
 */
class PpoAgent : public DeploymentAgent
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PpoAgent();
    ~PpoAgent() override;

    std::string GetAlgorithm() const override;
    AgentStep Act(const std::vector<float>& features,
                  const std::vector<uint8_t>& mask,
                  uint32_t pairs,
                  uint32_t models,
                  const std::vector<double>& uniforms) override;
    AgentUpdateStats Update(const std::vector<std::vector<AgentStep>>& episodes) override;
    void SaveWeights(const std::string& path) const override;
    void LoadWeights(const std::string& path) override;
    std::vector<std::pair<std::string, double>> GetHyperParameters() const override;

    /**
     * \param features P F features
     * \param mask P 3 feasible choices
     * \param pairs P
     * \param models M
     * \return P 3 choice probabilities
     */
    std::vector<float> Probabilities(const std::vector<float>& features,
                                     const std::vector<uint8_t>& mask,
                                     uint32_t pairs,
                                     uint32_t models);

  protected:
    /** \brief Build the networks (from the Attributes) before the first decision. */
    void DoInitialize() override;

  private:
    struct Impl;
    /// Build the network and the optimizer (first use; attributes are set by then).
    void Ensure() const;
    /**
     * \brief Abort on inputs of inconsistent sizes (a programming error).
     * \param features P F features
     * \param mask P 3 flags
     * \param pairs P
     * \param models M
     */
    void CheckSizes(const std::vector<float>& features,
                    const std::vector<uint8_t>& mask,
                    uint32_t pairs,
                    uint32_t models) const;

    uint32_t m_hidden;                    //!< Hidden attribute
    double m_learningRate;                //!< LearningRate attribute
    double m_gamma;                       //!< Gamma attribute
    double m_lambda;                      //!< Lambda attribute
    double m_clip;                        //!< Clip attribute
    uint32_t m_epochs;                    //!< Epochs attribute
    double m_entropyCoef;                 //!< EntropyCoefficient attribute
    double m_valueCoef;                   //!< ValueCoefficient attribute
    double m_maxGradNorm;                 //!< MaxGradNorm attribute
    double m_keepBias;                    //!< KeepBias attribute
    double m_initialKeepBias;             //!< InitialKeepBias attribute
    double m_gainPrior;                   //!< GainPrior attribute
    double m_devicePrior;                 //!< DevicePrior attribute
    uint32_t m_seed;                      //!< Seed attribute
    mutable std::unique_ptr<Impl> m_impl; //!< LibTorch network and optimizer
};

} // namespace ns3

#endif /* R3D_PPO_AGENT_H */
