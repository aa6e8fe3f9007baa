/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "oracle-policy.h"

#include "deployment-cost.h"

#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OraclePolicy");

NS_OBJECT_ENSURE_REGISTERED(OraclePolicy);

namespace
{

/// Widest bitmask the search handles (one bit per candidate pair).
const uint32_t MAX_BITS = 62;

/**
 * \param x a bitmask
 * \return its number of set bits
 */
uint32_t
Count(uint64_t x)
{
    return std::bitset<64>(x).count();
}

/**
 * \brief Whether a node can go from its held models to another set by the
 *        controller's rule: evictions first, then deploys in model order,
 *        each deploy needing MemoryBytes <= MecView::FreeMemory (computed
 *        the same way: the report's free memory updated by each change, or,
 *        never reported, capacity minus what is held).
 * \param view the view
 * \param node node index
 * \param target the models (bit m: model m) the node should hold
 * \return true if every deploy fits when applied
 */
bool
Reachable(const MecView& view, uint32_t node, uint64_t target)
{
    const uint32_t nModels = view.models.size();
    const MecNodeStatus& s = view.status[node];
    std::vector<bool> held(nModels);
    for (uint32_t m = 0; m < nModels; ++m)
    {
        held[m] = view.IsHeld(node, m);
    }
    double free = s.freeMemory;
    for (uint32_t m = 0; m < nModels; ++m)
    {
        if (held[m] && !(target >> m & 1))
        {
            held[m] = false;
            free += view.MemoryBytes(node, m);
        }
    }
    for (uint32_t m = 0; m < nModels; ++m)
    {
        if (held[m] || !(target >> m & 1))
        {
            continue;
        }
        double available = free;
        if (!s.reported)
        {
            available = view.nodes[node].memoryCapacity;
            for (uint32_t k = 0; k < nModels; ++k)
            {
                available -= held[k] ? view.MemoryBytes(node, k) : 0;
            }
        }
        if (!(view.MemoryBytes(node, m) <= available))
        {
            return false;
        }
        held[m] = true;
        free -= view.MemoryBytes(node, m);
    }
    return true;
}

} // namespace

TypeId
OraclePolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::OraclePolicy")
            .SetParent<DeploymentPolicy>()
            .SetGroupName("R3d")
            .AddConstructor<OraclePolicy>()
            .AddAttribute("MaxPairs",
                          "Most (node, model) pairs on nodes not down that Decide accepts: "
                          "it evaluates up to 2^MaxPairs deployments and throws "
                          "std::invalid_argument beyond.",
                          UintegerValue(20),
                          MakeUintegerAccessor(&OraclePolicy::m_maxPairs),
                          MakeUintegerChecker<uint32_t>(0, MAX_BITS))
            .AddAttribute("Cost",
                          "The cost whose estimate is minimized (its weights). Default: a "
                          "DeploymentCost with the attribute defaults in force when the "
                          "policy is created.",
                          PointerValue(),
                          MakePointerAccessor(&OraclePolicy::m_cost),
                          MakePointerChecker<DeploymentCost>());
    return tid;
}

OraclePolicy::OraclePolicy()
    : m_maxPairs(20),
      m_lastEstimate(0),
      m_lastEvaluated(0)
{
    // The cost this policy estimates, as configured now.
    m_cost = CreateObject<DeploymentCost>();
}

double
OraclePolicy::GetLastEstimate() const
{
    return m_lastEstimate;
}

uint64_t
OraclePolicy::GetLastEvaluated() const
{
    return m_lastEvaluated;
}

std::vector<DeploymentAction>
OraclePolicy::Decide(const MecView& view)
{
    NS_LOG_FUNCTION(this << view.now);
    const uint32_t nNodes = view.nodes.size();
    const uint32_t nModels = view.models.size();
    const uint32_t nOrigins = view.origins.size();
    NS_ASSERT_MSG(view.status.size() >= nNodes, "a status per node");

    // Candidate nodes (not down), in index order; candidate pair (up[i], m)
    // is bit i * nModels + m.
    std::vector<uint32_t> up;
    for (uint32_t n = 0; n < nNodes; ++n)
    {
        if (!view.status[n].down)
        {
            up.push_back(n);
        }
    }
    const uint32_t nUp = up.size();
    const uint64_t pairs = uint64_t(nUp) * nModels;
    if (pairs > m_maxPairs)
    {
        std::ostringstream s;
        s << "oracle: " << pairs << " (node, model) pairs exceed MaxPairs=" << m_maxPairs
          << ": exhaustive search is for small instances (2^" << pairs << " deployments)";
        throw std::invalid_argument(s.str());
    }
    std::vector<uint32_t> position(nNodes, nUp); // node index -> position in up
    for (uint32_t i = 0; i < nUp; ++i)
    {
        position[up[i]] = i;
    }
    auto bit = [nModels](uint32_t i, uint32_t m) { return uint64_t(1) << (i * nModels + m); };

    uint64_t heldMask = 0;
    for (uint32_t i = 0; i < nUp; ++i)
    {
        for (uint32_t m = 0; m < nModels; ++m)
        {
            heldMask |= view.IsHeld(up[i], m) ? bit(i, m) : 0;
        }
    }

    // Per node, the model sets it can be brought to (bits shifted in place).
    std::vector<std::vector<uint64_t>> feasible(nUp);
    for (uint32_t i = 0; i < nUp; ++i)
    {
        for (uint64_t set = 0; set < (uint64_t(1) << nModels); ++set)
        {
            if (Reachable(view, up[i], set))
            {
                feasible[i].push_back(set << (i * nModels));
            }
        }
        NS_LOG_DEBUG("node " << up[i] << ": " << feasible[i].size() << " feasible model sets");
    }

    // Demand, and per (origin, model) the routing data.
    bool demandKnown = false;
    for (uint32_t o = 0; o < nOrigins && o < view.links.size(); ++o)
    {
        demandKnown = demandKnown || view.links[o].reported;
    }

    struct Flow
    {
        double rate;                //!< requests per second
        uint32_t model;             //!< model index
        uint32_t local;             //!< position of the origin's node (nUp: down)
        std::vector<uint32_t> pref; //!< positions by CompletionTime, lowest index on ties
        std::vector<double> net;    //!< per position: NetworkTime
        std::vector<double> work;   //!< per position: computeTime * (1 + reported backlog)
    };

    std::vector<Flow> flows;
    double totalRate = 0;
    for (uint32_t o = 0; o < nOrigins; ++o)
    {
        for (uint32_t m = 0; m < nModels; ++m)
        {
            double rate = 1; // before any report: everyone wants everything
            if (demandKnown)
            {
                rate = o < view.demand.size() && m < view.demand[o].size() ? view.demand[o][m] : 0;
            }
            if (!std::isfinite(rate) || rate <= 0)
            {
                continue;
            }
            Flow f;
            f.rate = rate;
            f.model = m;
            f.local = view.origins[o] < nNodes ? position[view.origins[o]] : nUp;
            std::vector<double> completion(nUp);
            for (uint32_t i = 0; i < nUp; ++i)
            {
                const uint32_t h = up[i];
                const MecNodeStatus& s = view.status[h];
                const double ahead = s.reported ? double(s.queueLength) + s.runningJobs : 0.0;
                f.net.push_back(view.NetworkTime(o, h, m));
                f.work.push_back(view.computeTime[h][m] * (1 + ahead));
                completion[i] = view.CompletionTime(o, h, m);
            }
            f.pref.resize(nUp);
            std::iota(f.pref.begin(), f.pref.end(), 0);
            std::stable_sort(f.pref.begin(), f.pref.end(), [&completion](uint32_t a, uint32_t b) {
                return completion[a] < completion[b];
            });
            totalRate += rate;
            flows.push_back(std::move(f));
        }
    }

    std::vector<double> service(nUp * nModels); // computeTime per (position, model)
    std::vector<double> dynamicPower(nUp);
    for (uint32_t i = 0; i < nUp; ++i)
    {
        dynamicPower[i] = view.nodes[up[i]].dynamicPower;
        for (uint32_t m = 0; m < nModels; ++m)
        {
            service[i * nModels + m] = view.computeTime[up[i]][m];
        }
    }

    // The estimated cost of a deployment (see the class documentation).
    const DeploymentCost::Weights w = m_cost->GetWeights();
    std::vector<uint32_t> host(flows.size());
    std::vector<double> rho(nUp);
    auto estimate = [&](uint64_t set) {
        std::fill(rho.begin(), rho.end(), 0.0);
        for (std::size_t k = 0; k < flows.size(); ++k)
        {
            const Flow& f = flows[k];
            uint32_t h = nUp;
            if (f.local < nUp && (set & bit(f.local, f.model)))
            {
                h = f.local; // a client runs a model its own node holds
            }
            else
            {
                for (uint32_t i : f.pref)
                {
                    if (set & bit(i, f.model))
                    {
                        h = i;
                        break;
                    }
                }
            }
            host[k] = h;
            if (h < nUp)
            {
                rho[h] += f.rate * service[h * nModels + f.model];
            }
        }
        double latency = 0;
        double missed = 0;
        for (std::size_t k = 0; k < flows.size(); ++k)
        {
            const Flow& f = flows[k];
            const uint32_t h = host[k];
            double ratio = w.latencyCap;
            double miss = 1;
            if (h < nUp)
            {
                const double t = f.net[h] + f.work[h] / (1 - std::min(rho[h], 0.95));
                const double deadline = view.deadline[f.model];
                ratio = t / deadline;
                if (!(ratio < w.latencyCap)) // NaN too
                {
                    ratio = w.latencyCap;
                }
                miss = t > deadline ? 1 : 0;
            }
            latency += f.rate * ratio;
            missed += f.rate * miss;
        }
        double cost = 0;
        if (totalRate > 0)
        {
            cost += w.latency * latency / totalRate + w.miss * missed / totalRate;
        }
        double power = 0;
        for (uint32_t i = 0; i < nUp; ++i)
        {
            power += dynamicPower[i] * std::min(rho[i], 1.0);
        }
        cost += w.energy * power;
        cost += w.change * Count(set & ~heldMask);
        return cost;
    };

    // Search the product of the per-node feasible sets (odometer over nodes).
    uint64_t best = 0;
    double bestCost = std::numeric_limits<double>::infinity();
    uint32_t bestChanges = std::numeric_limits<uint32_t>::max();
    bool found = false;
    uint64_t evaluated = 0;
    std::vector<std::size_t> digit(nUp, 0);
    bool done = false;
    for (uint32_t i = 0; i < nUp; ++i)
    {
        done = done || feasible[i].empty();
    }
    while (!done)
    {
        uint64_t set = 0;
        for (uint32_t i = 0; i < nUp; ++i)
        {
            set |= feasible[i][digit[i]];
        }
        const double cost = estimate(set);
        const uint32_t changes = Count(set ^ heldMask);
        ++evaluated;
        const double tol = 1e-12 * std::max(1.0, std::abs(bestCost));
        bool better = !found || cost < bestCost - tol;
        if (!better && found && !(cost > bestCost + tol))
        {
            better = changes < bestChanges || (changes == bestChanges && set < best);
        }
        if (better)
        {
            found = true;
            best = set;
            bestCost = cost;
            bestChanges = changes;
        }
        // Next combination.
        uint32_t i = 0;
        while (i < nUp && ++digit[i] == feasible[i].size())
        {
            digit[i] = 0;
            ++i;
        }
        done = i == nUp;
    }
    // The empty set is always reachable (evictions need no room), so
    // something was evaluated.
    NS_ASSERT(found);

    m_lastEstimate = bestCost;
    m_lastEvaluated = evaluated;
    NS_LOG_DEBUG("evaluated " << evaluated << " deployments of " << pairs
                              << " pairs; best estimate " << bestCost << " with " << bestChanges
                              << " changes");

    std::vector<DeploymentAction> actions;
    for (uint32_t i = 0; i < nUp; ++i)
    {
        for (uint32_t m = 0; m < nModels; ++m)
        {
            if ((heldMask & bit(i, m)) && !(best & bit(i, m)))
            {
                actions.push_back(DeploymentAction{DeploymentAction::EVICT, up[i], m, 0});
            }
        }
    }
    for (uint32_t i = 0; i < nUp; ++i)
    {
        for (uint32_t m = 0; m < nModels; ++m)
        {
            if (!(heldMask & bit(i, m)) && (best & bit(i, m)))
            {
                actions.push_back(DeploymentAction{DeploymentAction::DEPLOY, up[i], m, 0});
            }
        }
    }
    return actions;
}

} // namespace ns3
