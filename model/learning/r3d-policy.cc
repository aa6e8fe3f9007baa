/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "r3d-policy.h"

#include "agent-checkpoint.h"
#include "agent-library.h"

#include "ns3/catalog-json.h"
#include "ns3/deployment-features.h"
#include "ns3/deployment-observation.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("R3dPolicy");

NS_OBJECT_ENSURE_REGISTERED(R3dPolicy);

TypeId
R3dPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::R3dPolicy")
            .SetParent<DeploymentPolicy>()
            .SetGroupName("R3d")
            .AddConstructor<R3dPolicy>()
            .AddAttribute("Agent",
                          "TypeId name of the DeploymentAgent a checkpoint is read into. "
                          "ns3::PpoAgent is in r3d's learning library (LibTorch), loaded on "
                          "first use.",
                          StringValue("ns3::PpoAgent"),
                          MakeStringAccessor(&R3dPolicy::m_agentType),
                          MakeStringChecker())
            .AddAttribute("Checkpoint",
                          "Agent checkpoint (weights; the JSON sidecar beside it). Empty: the "
                          "checkpoint shipped with the module (data/r3d-default.pt).",
                          StringValue(""),
                          MakeStringAccessor(&R3dPolicy::SetCheckpoint, &R3dPolicy::GetCheckpoint),
                          MakeStringChecker())
            .AddAttribute("Cost",
                          "The cost the agent was trained on; its LatencyCap feeds the gain "
                          "feature (null: a DeploymentCost with its default attributes).",
                          PointerValue(),
                          MakePointerAccessor(&R3dPolicy::m_cost),
                          MakePointerChecker<DeploymentCost>());
    return tid;
}

R3dPolicy::R3dPolicy() = default;

std::string
R3dPolicy::GetDefaultCheckpoint()
{
    return r3d::DataFilePath("r3d-default.pt");
}

void
R3dPolicy::SetCheckpoint(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    m_checkpoint = path;
    m_agent = nullptr;
    m_checked = false;
    if (!path.empty())
    {
        LoadCheckpoint(); // a bad file fails where the attribute is set
    }
}

std::string
R3dPolicy::GetCheckpoint() const
{
    return m_checkpoint;
}

void
R3dPolicy::SetAgent(Ptr<DeploymentAgent> agent)
{
    m_agent = agent;
    m_checkpointSignature.clear();
}

std::string
R3dPolicy::CheckpointPath() const
{
    return m_checkpoint.empty() ? GetDefaultCheckpoint() : m_checkpoint;
}

Ptr<DeploymentAgent>
R3dPolicy::CreateAgent() const
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(m_agentType, &tid))
    {
        std::string error;
        if (!r3d::LoadAgentLibrary(error) || !TypeId::LookupByNameFailSafe(m_agentType, &tid))
        {
            throw std::runtime_error("the R3D policy needs the agent type '" + m_agentType +
                                     "', which is not available" +
                                     (error.empty() ? "" : ": " + error));
        }
    }
    if (!tid.IsChildOf(DeploymentAgent::GetTypeId()) || !tid.HasConstructor())
    {
        throw std::invalid_argument("R3dPolicy: Agent '" + m_agentType +
                                    "' is not a constructible DeploymentAgent");
    }
    ObjectFactory factory;
    factory.SetTypeId(tid);
    return factory.Create<DeploymentAgent>();
}

void
R3dPolicy::CheckConfiguration()
{
    GetAgent();
}

void
R3dPolicy::LoadCheckpoint()
{
    Ptr<DeploymentAgent> agent = CreateAgent();
    m_checkpointSignature = AgentCheckpoint::Load(CheckpointPath(), agent);
    m_agent = agent;
}

Ptr<DeploymentAgent>
R3dPolicy::GetAgent()
{
    if (!m_agent)
    {
        LoadCheckpoint();
    }
    return m_agent;
}

void
R3dPolicy::SetTraining(bool training)
{
    m_training = training;
}

std::vector<AgentStep>
R3dPolicy::TakeSteps()
{
    std::vector<AgentStep> steps;
    steps.swap(m_steps);
    return steps;
}

std::string
R3dPolicy::GetSignature() const
{
    return m_signature;
}

std::string
R3dPolicy::GetScenarioDifference() const
{
    return m_scenarioDifference;
}

int64_t
R3dPolicy::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_uniform)
    {
        m_uniform->SetStream(stream);
    }
    return 1;
}

std::vector<DeploymentAction>
R3dPolicy::Decide(const MecView& view)
{
    NS_LOG_FUNCTION(this << view.now);
    Ptr<DeploymentAgent> agent = GetAgent();
    if (!m_checked)
    {
        m_signature = AgentCheckpoint::Signature(view);
        m_scenarioDifference.clear();
        if (!m_checkpointSignature.empty())
        {
            // Not a refusal: the features describe models by their
            // properties, so another scenario is an input, recorded.
            m_scenarioDifference = AgentCheckpoint::Compare(m_checkpointSignature, view);
            NS_LOG_INFO("checkpoint "
                        << CheckpointPath() << ": "
                        << (m_scenarioDifference.empty() ? std::string("the training scenario")
                                                         : m_scenarioDifference));
        }
        if (!m_cost)
        {
            m_cost = CreateObject<DeploymentCost>();
        }
        m_checked = true;
    }
    DeploymentObservation observation(view.nodes.size(), view.models.size(), view.origins.size());
    DeploymentFeatures features(ObservationNorms(), m_cost->GetLatencyCap());
    const uint32_t pairs = observation.GetActionCount();
    std::vector<double> uniforms;
    if (m_training)
    {
        if (!m_uniform)
        {
            // Created at the first decision, once every object of the
            // scenario exists: created earlier, it would shift the automatic
            // stream numbers of the objects created after it (ARP jitter,
            // ...), and a training episode would not be the random
            // realization an evaluation run with the same RngRun sees.
            m_uniform = CreateObject<UniformRandomVariable>();
            m_uniform->SetStream(m_stream);
        }
        uniforms.resize(pairs);
        for (auto& u : uniforms)
        {
            u = m_uniform->GetValue();
        }
    }
    AgentStep step = agent->Act(features.Encode(view),
                                observation.Mask(view),
                                pairs,
                                view.models.size(),
                                uniforms);
    std::vector<DeploymentAction> actions = observation.ToActions(view, step.choices);
    NS_LOG_DEBUG(actions.size() << " actions");
    for (const auto& a : actions)
    {
        NS_LOG_DEBUG("action kind " << int(a.kind) << " node " << a.node << " model " << a.model);
    }
    if (m_training)
    {
        m_steps.push_back(std::move(step));
    }
    return actions;
}

} // namespace ns3
