/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cache-policy.h"

#include "ns3/enum.h"
#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CachePolicy");

NS_OBJECT_ENSURE_REGISTERED(CachePolicy);

namespace
{

/// LRU key of a model never requested: older than any decision time.
const double NEVER = -std::numeric_limits<double>::infinity();

} // namespace

TypeId
CachePolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CachePolicy")
            .SetParent<DeploymentPolicy>()
            .SetGroupName("R3d")
            .AddConstructor<CachePolicy>()
            .AddAttribute("Eviction",
                          "Which held model an edge evicts first to make room for a requested "
                          "one: lru = least recently requested, lfu = least frequently "
                          "requested (estimated requests).",
                          EnumValue(CachePolicy::LRU),
                          MakeEnumAccessor(&CachePolicy::m_eviction),
                          MakeEnumChecker(CachePolicy::LRU, "lru", CachePolicy::LFU, "lfu"));
    return tid;
}

CachePolicy::CachePolicy()
    : m_eviction(LRU),
      m_nodes(0),
      m_models(0),
      m_decided(false)
{
}

void
CachePolicy::SetEviction(Eviction eviction)
{
    m_eviction = eviction;
}

CachePolicy::Eviction
CachePolicy::GetEviction() const
{
    return m_eviction;
}

double
CachePolicy::GetLastRequested(uint32_t node, uint32_t model) const
{
    if (node < m_lastRequested.size() && model < m_lastRequested[node].size())
    {
        return m_lastRequested[node][model];
    }
    return NEVER;
}

double
CachePolicy::GetFrequency(uint32_t node, uint32_t model) const
{
    if (node < m_frequency.size() && model < m_frequency[node].size())
    {
        return m_frequency[node][model];
    }
    return 0;
}

void
CachePolicy::Resize(const MecView& view)
{
    const uint32_t nNodes = view.nodes.size();
    const uint32_t nModels = view.models.size();
    if (m_decided && nNodes == m_nodes && nModels == m_models)
    {
        return;
    }
    NS_LOG_LOGIC("state sized for " << nNodes << " nodes, " << nModels << " models");
    m_nodes = nNodes;
    m_models = nModels;
    m_decided = false;
    m_lastRequested.assign(nNodes, std::vector<double>(nModels, NEVER));
    m_frequency.assign(nNodes, std::vector<double>(nModels, 0.0));
}

bool
CachePolicy::EvictBefore(uint32_t node, uint32_t a, uint32_t b) const
{
    const double lastA = m_lastRequested[node][a];
    const double lastB = m_lastRequested[node][b];
    const double freqA = m_frequency[node][a];
    const double freqB = m_frequency[node][b];
    if (m_eviction == LRU)
    {
        if (lastA != lastB)
        {
            return lastA < lastB;
        }
        if (freqA != freqB)
        {
            return freqA < freqB;
        }
    }
    else
    {
        if (freqA != freqB)
        {
            return freqA < freqB;
        }
        if (lastA != lastB)
        {
            return lastA < lastB;
        }
    }
    return a < b;
}

void
CachePolicy::DecideCloud(const MecView& view,
                         uint32_t node,
                         std::vector<DeploymentAction>& actions) const
{
    double available = view.FreeMemory(node);
    for (uint32_t m = 0; m < view.models.size(); ++m)
    {
        if (view.IsHeld(node, m))
        {
            continue;
        }
        const double bytes = view.MemoryBytes(node, m);
        if (bytes <= available)
        {
            actions.push_back(DeploymentAction{DeploymentAction::DEPLOY, node, m, 0});
            available -= bytes;
        }
    }
}

void
CachePolicy::DecideEdge(const MecView& view,
                        uint32_t node,
                        double interval,
                        std::vector<DeploymentAction>& actions)
{
    const uint32_t nModels = view.models.size();
    const MecNodeInfo& info = view.nodes[node];

    // Site demand (requests/s) and, when the controller counts them
    // (MecView::recentRequests), the site's requests since the previous
    // decision: the interval's own requests, not the clients' smoothed
    // rates, in which every model of a site appears at every interval.
    const bool counted =
        view.recentRequests.size() == view.origins.size() && !view.recentRequests.empty();
    std::vector<double> demand(nModels, 0.0);
    std::vector<double> counts(nModels, 0.0);
    for (uint32_t o = 0; o < view.origins.size() && o < view.demand.size(); ++o)
    {
        const uint32_t origin = view.origins[o];
        if (origin >= view.nodes.size() || view.nodes[origin].site != info.site)
        {
            continue;
        }
        for (uint32_t m = 0; m < nModels && m < view.demand[o].size(); ++m)
        {
            // A NaN (not reported) counts as no demand.
            if (std::isfinite(view.demand[o][m]) && view.demand[o][m] > 0)
            {
                demand[m] += view.demand[o][m];
            }
        }
        for (uint32_t m = 0; counted && m < nModels && m < view.recentRequests[o].size(); ++m)
        {
            counts[m] += view.recentRequests[o][m];
        }
    }

    // Bookkeeping: R's recency, everyone's request count (counted, or
    // estimated as rate x interval).
    std::vector<bool> requested(nModels, false);
    for (uint32_t m = 0; m < nModels; ++m)
    {
        requested[m] = counted ? counts[m] > 0 : demand[m] > 0;
        if (requested[m])
        {
            m_lastRequested[node][m] = view.now.GetSeconds();
            m_frequency[node][m] += counted ? counts[m] : demand[m] * interval;
        }
    }

    // Misses, by site demand descending, ties by index.
    std::vector<uint32_t> misses;
    for (uint32_t m = 0; m < nModels; ++m)
    {
        if (requested[m] && !view.IsHeld(node, m))
        {
            misses.push_back(m);
        }
    }
    std::stable_sort(misses.begin(), misses.end(), [&demand](uint32_t a, uint32_t b) {
        return demand[a] > demand[b];
    });

    // Eviction candidates: held, not requested now; in eviction order.
    std::vector<uint32_t> candidates;
    for (uint32_t m = 0; m < nModels; ++m)
    {
        if (!requested[m] && view.IsHeld(node, m))
        {
            candidates.push_back(m);
        }
    }
    std::sort(candidates.begin(), candidates.end(), [this, node](uint32_t a, uint32_t b) {
        return EvictBefore(node, a, b);
    });

    double available = view.FreeMemory(node);
    std::size_t nextVictim = 0; // candidates[nextVictim..] are still held
    for (uint32_t m : misses)
    {
        const double bytes = view.MemoryBytes(node, m);
        if (bytes > info.memoryCapacity)
        {
            NS_LOG_LOGIC("node " << node << ": model " << m << " never fits");
            continue;
        }
        // How many victims it takes (computed before evicting any, so that
        // nothing is evicted for a model that would still not fit).
        double room = available;
        std::size_t end = nextVictim;
        while (bytes > room && end < candidates.size())
        {
            room += view.MemoryBytes(node, candidates[end++]);
        }
        if (bytes > room)
        {
            NS_LOG_LOGIC("node " << node << ": no room for model " << m);
            continue;
        }
        for (; nextVictim < end; ++nextVictim)
        {
            actions.push_back(
                DeploymentAction{DeploymentAction::EVICT, node, candidates[nextVictim], 0});
        }
        actions.push_back(DeploymentAction{DeploymentAction::DEPLOY, node, m, 0});
        available = room - bytes;
    }
}

std::vector<DeploymentAction>
CachePolicy::Decide(const MecView& view)
{
    NS_LOG_FUNCTION(this << view.now);
    Resize(view);
    const double interval =
        m_decided ? std::max(0.0, (view.now - m_lastDecision).GetSeconds()) : 0.0;

    std::vector<DeploymentAction> actions;
    for (uint32_t n = 0; n < view.nodes.size(); ++n)
    {
        if (view.nodes[n].tier == Tier::CLOUD)
        {
            DecideCloud(view, n, actions);
        }
    }
    for (uint32_t n = 0; n < view.nodes.size(); ++n)
    {
        if (view.nodes[n].tier == Tier::EDGE)
        {
            DecideEdge(view, n, interval, actions);
        }
    }
    m_decided = true;
    m_lastDecision = view.now;
    NS_LOG_DEBUG(actions.size() << " actions");
    return actions;
}

} // namespace ns3
