/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "random-policy.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RandomPolicy");

NS_OBJECT_ENSURE_REGISTERED(RandomPolicy);

TypeId
RandomPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RandomPolicy")
                            .SetParent<DeploymentPolicy>()
                            .SetGroupName("R3d")
                            .AddConstructor<RandomPolicy>();
    return tid;
}

RandomPolicy::RandomPolicy() = default;

int64_t
RandomPolicy::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_rng)
    {
        m_rng->SetStream(stream);
    }
    return 1;
}

std::vector<DeploymentAction>
RandomPolicy::Decide(const MecView& view)
{
    NS_LOG_FUNCTION(this << view.now);
    if (!m_rng)
    {
        // Created at the first decision, once every object of the scenario
        // exists, as R3dPolicy's: a random variable created with the policy
        // would take an automatic stream number and shift those of every
        // object created after it, so the run would not be the random
        // realization the other policies see under the same RngRun (and
        // would depend on how many policy objects a program created).
        m_rng = CreateObject<UniformRandomVariable>();
        m_rng->SetStream(m_stream);
    }
    const uint32_t nNodes = view.nodes.size();
    std::vector<double> free(nNodes);
    for (uint32_t n = 0; n < nNodes; ++n)
    {
        free[n] = view.FreeMemory(n);
    }
    std::vector<DeploymentAction> actions;
    for (uint32_t m = 0; m < view.models.size(); ++m)
    {
        std::vector<uint32_t> candidates;
        for (uint32_t n = 0; n < nNodes; ++n)
        {
            if (view.IsHeld(n, m) || view.MemoryBytes(n, m) <= free[n])
            {
                candidates.push_back(n);
            }
        }
        if (candidates.empty())
        {
            continue;
        }
        uint32_t host = candidates[m_rng->GetInteger(0, candidates.size() - 1)];
        for (uint32_t n = 0; n < nNodes; ++n)
        {
            if (n != host && view.IsHeld(n, m))
            {
                actions.push_back(DeploymentAction{DeploymentAction::EVICT, n, m, 0});
                free[n] += view.MemoryBytes(n, m);
            }
        }
        if (!view.IsHeld(host, m))
        {
            actions.push_back(DeploymentAction{DeploymentAction::DEPLOY, host, m, 0});
            free[host] -= view.MemoryBytes(host, m);
        }
        NS_LOG_DEBUG("model " << view.models[m] << " on node " << host);
    }
    return actions;
}

} // namespace ns3
