/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_R3D_POLICY_H
#define R3D_R3D_POLICY_H

#include "deployment-agent.h"

#include "ns3/deployment-cost.h"
#include "ns3/deployment-policy.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The R3D deep reinforcement learning deployment policy ("r3d").
 *
 * At each decision it encodes the controller's view per (node, model) pair
 * (DeploymentFeatures), masks the infeasible choices
 * (DeploymentObservation::Mask), lets its DeploymentAgent choose keep /
 * deploy / evict for every pair, and turns the choices into actions
 * (DeploymentObservation::ToActions: a deploy and an evict of the same
 * model become a MIGRATE; deploys that no longer fit are dropped).
 *
 * Evaluation (the default): the agent is read from Checkpoint (empty: the
 * checkpoint shipped with the module, data/r3d-default.pt) and acts
 * greedily; at the first decision the checkpoint's scenario signature is
 * compared with the view's (AgentCheckpoint::Compare) and the difference
 * kept (GetScenarioDifference): a checkpoint runs on any model set, node
 * count and devices, and only another feature layout is refused (on load). Training (r3d-train):
 * SetAgent gives it a learning agent, SetTraining(true) makes it sample the
 * choices from its own random stream (created at the first decision, once
 * every object of the scenario exists, so that training and evaluation runs
 * see the same random realization as the baselines under the same RngRun)
 * and keep every step (TakeSteps).
 *
 * The agent's type is the Agent attribute, a TypeId name (ns3::PpoAgent by
 * default). PpoAgent lives in r3d's learning library, which links LibTorch:
 * it is loaded on first use (r3d::LoadAgentLibrary), so programs that never
 * use the agent do not pay for LibTorch; in a build without LibTorch the
 * policy says so instead of deciding.
 */
class R3dPolicy : public DeploymentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    R3dPolicy();

    std::vector<DeploymentAction> Decide(const MecView& view) override;
    int64_t AssignStreams(int64_t stream) override;

    /**
     * \brief Read the checkpoint now (unless SetAgent gave an agent), so a
     *        missing, malformed or unloadable one fails before the run.
     * \throws std::invalid_argument naming the file and what is wrong
     * \throws std::runtime_error if the agent type is not available (a
     *         build without LibTorch)
     */
    void CheckConfiguration() override;

    /**
     * \brief Use this agent (no checkpoint is read).
     * \param agent the agent
     */
    void SetAgent(Ptr<DeploymentAgent> agent);

    /**
     * \return the agent (reads the checkpoint if none was set)
     * \throws std::invalid_argument if the checkpoint cannot be read
     */
    Ptr<DeploymentAgent> GetAgent();

    /**
     * \param training sample choices and keep steps (true), or act greedily
     */
    void SetTraining(bool training);

    /**
     * \return the steps recorded since the last call (training only), in
     *         decision order; the caller sets their rewards
     */
    std::vector<AgentStep> TakeSteps();

    /** \return the scenario signature of the first view decided on ("" before) */
    std::string GetSignature() const;

    /**
     * \return "" if the first decision's view matches the checkpoint's
     *         training scenario, else what differs
     *         (AgentCheckpoint::Compare); "" as well before the first
     *         decision and for an agent given by SetAgent
     */
    std::string GetScenarioDifference() const;

    /**
     * \return the shipped checkpoint's path (R3D_DATA_DIR/r3d-default.pt)
     */
    static std::string GetDefaultCheckpoint();

  private:
    /**
     * \param path checkpoint to read at once (a bad one throws where the
     *        attribute is set); empty: the shipped one, read at first use
     */
    void SetCheckpoint(const std::string& path);
    /// \return the checkpoint to read: m_checkpoint, or the shipped one
    std::string CheckpointPath() const;
    /// Read the checkpoint (CheckpointPath) into a new agent of type m_agentType.
    void LoadCheckpoint();
    /// \return a new agent of type m_agentType (loading the learning library if needed)
    Ptr<DeploymentAgent> CreateAgent() const;
    /// \return the Checkpoint attribute
    std::string GetCheckpoint() const;

    std::string m_checkpoint;             //!< Checkpoint attribute
    std::string m_agentType;              //!< Agent attribute (a TypeId name)
    Ptr<DeploymentCost> m_cost;           //!< Cost attribute (null: a default one)
    std::string m_checkpointSignature;    //!< its scenario signature ("" if none)
    Ptr<DeploymentAgent> m_agent;         //!< the agent
    bool m_training{false};               //!< sampling and recording
    bool m_checked{false};                //!< signature checked / recorded
    std::string m_signature;              //!< signature of the first view
    std::string m_scenarioDifference;     //!< Compare() at the first decision
    std::vector<AgentStep> m_steps;       //!< recorded steps
    Ptr<UniformRandomVariable> m_uniform; //!< sampling stream (training only)
    int64_t m_stream{-1};                 //!< stream given by AssignStreams
};

} // namespace ns3

#endif /* R3D_R3D_POLICY_H */
