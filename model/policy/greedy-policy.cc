/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "greedy-policy.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GreedyPolicy");

NS_OBJECT_ENSURE_REGISTERED(GreedyPolicy);

TypeId
GreedyPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::GreedyPolicy")
            .SetParent<DeploymentPolicy>()
            .SetGroupName("R3d")
            .AddConstructor<GreedyPolicy>()
            .AddAttribute("Hysteresis",
                          "A host that already holds the model is kept unless the fastest "
                          "candidate's estimated completion time is below (1 - Hysteresis) "
                          "times its own.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&GreedyPolicy::m_hysteresis),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

GreedyPolicy::GreedyPolicy()
    : m_hysteresis(0.2)
{
}

std::vector<DeploymentAction>
GreedyPolicy::Decide(const MecView& view)
{
    NS_LOG_FUNCTION(this << view.now);
    const uint32_t nNodes = view.nodes.size();
    const uint32_t nModels = view.models.size();
    const uint32_t nOrigins = view.origins.size();

    bool demandKnown = false;
    for (uint32_t o = 0; o < nOrigins && o < view.links.size(); ++o)
    {
        demandKnown = demandKnown || view.links[o].reported;
    }

    struct Pair
    {
        double rate;
        uint32_t origin;
        uint32_t model;
    };

    std::vector<Pair> pairs;
    for (uint32_t o = 0; o < nOrigins; ++o)
    {
        for (uint32_t m = 0; m < nModels; ++m)
        {
            double rate = 1; // before any report: everyone wants everything
            if (demandKnown)
            {
                rate = o < view.demand.size() && m < view.demand[o].size() ? view.demand[o][m] : 0;
            }
            if (std::isfinite(rate) && rate > 0)
            {
                pairs.push_back(Pair{rate, o, m});
            }
        }
    }
    // Stable: equal rates stay in (origin, model) order.
    std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
        return a.rate > b.rate;
    });

    std::vector<double> free(nNodes);
    std::vector<std::vector<bool>> held(nNodes, std::vector<bool>(nModels));
    for (uint32_t n = 0; n < nNodes; ++n)
    {
        free[n] = view.FreeMemory(n);
        for (uint32_t m = 0; m < nModels; ++m)
        {
            held[n][m] = view.IsHeld(n, m);
        }
    }
    std::vector<std::vector<bool>> chosen(nNodes, std::vector<bool>(nModels));
    // Memory held by models no pair has chosen (so far) on a node: idle
    // replicas, which a deploy there may evict to make room.
    auto idleBytes = [&](uint32_t n) {
        double bytes = 0;
        for (uint32_t m = 0; m < nModels; ++m)
        {
            bytes += held[n][m] && !chosen[n][m] ? view.MemoryBytes(n, m) : 0;
        }
        return bytes;
    };
    std::vector<DeploymentAction> actions;
    std::vector<std::size_t> deployAt; // positions of DEPLOYs in actions

    const double inf = std::numeric_limits<double>::infinity();
    for (const Pair& p : pairs)
    {
        uint32_t best = nNodes;
        double bestTime = inf;
        uint32_t holder = nNodes;
        double holderTime = inf;
        for (uint32_t n = 0; n < nNodes; ++n)
        {
            if (!held[n][p.model] && view.MemoryBytes(n, p.model) > free[n] + idleBytes(n))
            {
                continue;
            }
            double t = view.CompletionTime(p.origin, n, p.model);
            if (best == nNodes || t < bestTime)
            {
                best = n;
                bestTime = t;
            }
            if (held[n][p.model] && (holder == nNodes || t < holderTime))
            {
                holder = n;
                holderTime = t;
            }
        }
        if (best == nNodes)
        {
            NS_LOG_DEBUG("model " << p.model << " fits nowhere for origin " << p.origin);
            continue;
        }
        uint32_t host = best;
        if (holder != nNodes && !(bestTime < (1 - m_hysteresis) * holderTime))
        {
            host = holder; // not enough of a gain to move
        }
        if (!held[host][p.model])
        {
            // Make room: evict idle replicas on the host, largest first.
            const double w = view.MemoryBytes(host, p.model);
            while (w > free[host])
            {
                uint32_t victim = nModels;
                for (uint32_t m = 0; m < nModels; ++m)
                {
                    if (held[host][m] && !chosen[host][m] && m != p.model &&
                        (victim == nModels ||
                         view.MemoryBytes(host, m) > view.MemoryBytes(host, victim)))
                    {
                        victim = m;
                    }
                }
                NS_ASSERT(victim < nModels); // guaranteed by the candidate test
                actions.push_back(DeploymentAction{DeploymentAction::EVICT, host, victim, 0});
                held[host][victim] = false;
                free[host] += view.MemoryBytes(host, victim);
            }
            deployAt.push_back(actions.size());
            actions.push_back(DeploymentAction{DeploymentAction::DEPLOY, host, p.model, 0});
            held[host][p.model] = true;
            free[host] -= w;
        }
        chosen[host][p.model] = true;
    }

    // A deploy of a model whose replica elsewhere no pair chose is a move:
    // one MIGRATE, so the old replica serves until the new one is ready and
    // then frees its memory. Other idle replicas stay (they cost memory
    // only, and are evicted when a deploy needs the room).
    if (demandKnown)
    {
        for (std::size_t i : deployAt)
        {
            DeploymentAction& d = actions[i];
            for (uint32_t n = 0; n < nNodes; ++n)
            {
                if (n != d.node && held[n][d.model] && !chosen[n][d.model])
                {
                    d.kind = DeploymentAction::MIGRATE;
                    d.source = n;
                    held[n][d.model] = false;
                    break;
                }
            }
        }
    }
    std::vector<DeploymentAction>& deploys = actions;
    NS_LOG_DEBUG(deploys.size() << " actions");
    return deploys;
}

} // namespace ns3
