/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tier-policy.h"

#include "ns3/enum.h"
#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TierPolicy");

NS_OBJECT_ENSURE_REGISTERED(TierPolicy);

TypeId
TierPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TierPolicy")
            .SetParent<DeploymentPolicy>()
            .SetGroupName("R3d")
            .AddConstructor<TierPolicy>()
            .AddAttribute("Tier",
                          "The tier whose nodes get the models (end = local-only, edge = "
                          "edge-only, cloud = cloud-only).",
                          EnumValue(static_cast<int>(Tier::EDGE)),
                          MakeEnumAccessor(&TierPolicy::SetTierValue, &TierPolicy::GetTierValue),
                          MakeEnumChecker(static_cast<int>(Tier::END),
                                          "end",
                                          static_cast<int>(Tier::EDGE),
                                          "edge",
                                          static_cast<int>(Tier::CLOUD),
                                          "cloud"));
    return tid;
}

TierPolicy::TierPolicy()
    : m_tier(Tier::EDGE)
{
}

void
TierPolicy::SetTier(Tier tier)
{
    m_tier = tier;
}

Tier
TierPolicy::GetTier() const
{
    return m_tier;
}

void
TierPolicy::SetTierValue(int tier)
{
    m_tier = static_cast<Tier>(tier);
}

int
TierPolicy::GetTierValue() const
{
    return static_cast<int>(m_tier);
}

std::vector<bool>
TierPolicy::DesiredModels(const MecView& view, uint32_t node) const
{
    const uint32_t nModels = view.models.size();
    const MecNodeInfo& info = view.nodes[node];
    std::vector<double> score(nModels, 0.0);
    for (uint32_t o = 0; o < view.origins.size() && o < view.demand.size(); ++o)
    {
        bool served = false;
        switch (info.tier)
        {
        case Tier::END:
            served = view.origins[o] == node;
            break;
        case Tier::EDGE:
            served = view.nodes[view.origins[o]].site == info.site;
            break;
        case Tier::CLOUD:
            served = true;
            break;
        }
        for (uint32_t m = 0; served && m < nModels && m < view.demand[o].size(); ++m)
        {
            // A NaN (not reported) counts as no demand.
            if (std::isfinite(view.demand[o][m]) && view.demand[o][m] > 0)
            {
                score[m] += view.demand[o][m];
            }
        }
    }
    std::vector<uint32_t> order(nModels);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&score](uint32_t a, uint32_t b) {
        return score[a] > score[b];
    });
    std::vector<bool> desired(nModels, false);
    double used = 0;
    for (uint32_t m : order)
    {
        if (used + view.MemoryBytes(node, m) <= info.memoryCapacity)
        {
            desired[m] = true;
            used += view.MemoryBytes(node, m);
        }
    }
    return desired;
}

std::vector<DeploymentAction>
TierPolicy::Decide(const MecView& view)
{
    NS_LOG_FUNCTION(this << view.now);
    std::vector<DeploymentAction> evicts;
    std::vector<DeploymentAction> deploys;
    for (uint32_t n = 0; n < view.nodes.size(); ++n)
    {
        if (view.nodes[n].tier != m_tier)
        {
            continue;
        }
        std::vector<bool> desired = DesiredModels(view, n);
        for (uint32_t m = 0; m < desired.size(); ++m)
        {
            bool held = view.IsHeld(n, m);
            if (held && !desired[m])
            {
                evicts.push_back(DeploymentAction{DeploymentAction::EVICT, n, m, 0});
            }
            else if (!held && desired[m])
            {
                deploys.push_back(DeploymentAction{DeploymentAction::DEPLOY, n, m, 0});
            }
        }
    }
    // Evictions first, so the deploys find the memory they free.
    evicts.insert(evicts.end(), deploys.begin(), deploys.end());
    NS_LOG_DEBUG(evicts.size() << " actions");
    return evicts;
}

} // namespace ns3
