/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-features.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

namespace
{

double
Clip01(double x)
{
    return std::isfinite(x) ? std::clamp(x, 0.0, 1.0) : (x > 0 ? 1.0 : 0.0);
}

double
Squash(double x)
{
    if (!std::isfinite(x))
    {
        return x > 0 ? 1.0 : 0.0;
    }
    return x <= 0 ? 0.0 : x / (1 + x);
}

} // namespace

DeploymentFeatures::DeploymentFeatures(const ObservationNorms& norms, double latencyCap)
    : m_norms(norms),
      m_cap(latencyCap)
{
}

std::vector<std::string>
DeploymentFeatures::GetNames()
{
    return {"tierEnd",
            "tierEdge",
            "tierCloud",
            "down",
            "load",
            "utilization",
            "freeMemory",
            "weight",
            "fits",
            "ready",
            "loading",
            "compute",
            "localDemand",
            "demand",
            "gain",
            "share",
            "replicas",
            "network",
            "unreported"};
}

std::vector<float>
DeploymentFeatures::Encode(const MecView& view) const
{
    const uint32_t nNodes = view.nodes.size();
    const uint32_t nModels = view.models.size();
    const uint32_t nOrigins = view.origins.size();
    constexpr uint32_t F = N_FEATURES;
    constexpr double INF = std::numeric_limits<double>::infinity();
    std::vector<float> out(static_cast<std::size_t>(nNodes) * nModels * F, 0.0f);

    bool demandKnown = false;
    for (uint32_t o = 0; o < nOrigins && o < view.links.size(); ++o)
    {
        demandKnown = demandKnown || view.links[o].reported;
    }
    auto demand = [&](uint32_t o, uint32_t m) {
        if (!demandKnown)
        {
            return 1.0;
        }
        double d = o < view.demand.size() && m < view.demand[o].size() ? view.demand[o][m] : 0;
        return std::isfinite(d) && d > 0 ? d : 0.0;
    };
    std::vector<bool> infra(nNodes);
    std::vector<double> free(nNodes);
    for (uint32_t n = 0; n < nNodes; ++n)
    {
        infra[n] = view.nodes[n].tier != Tier::END && !view.status[n].down;
        free[n] = view.FreeMemory(n);
    }

    // Per model, each origin's times to every node are computed once (O(N)),
    // with the best and second-best holders; every pair then adds the
    // origin's share in O(1). O(M D N) in all, where recomputing the host
    // rule and the gain per pair cost O(M D N^2).
    std::vector<bool> held(nNodes);
    std::vector<double> time(nNodes);
    std::vector<double> netTime(nNodes);
    std::vector<double> ratio(nNodes);
    std::vector<double> local(nNodes);
    std::vector<double> gain(nNodes);
    std::vector<double> share(nNodes);
    std::vector<double> network(nNodes);
    for (uint32_t m = 0; m < nModels; ++m)
    {
        const double deadline = view.deadline[m] > 0 ? view.deadline[m] : 1.0;
        auto capped = [&](double t) {
            const double r = t / deadline;
            return std::isfinite(r) ? std::min(r, m_cap) : m_cap;
        };
        uint32_t holders = 0;
        for (uint32_t n = 0; n < nNodes; ++n)
        {
            held[n] = view.IsHeld(n, m);
            holders += held[n] ? 1 : 0;
        }
        std::fill(local.begin(), local.end(), 0.0);
        std::fill(gain.begin(), gain.end(), 0.0);
        std::fill(share.begin(), share.end(), 0.0);
        std::fill(network.begin(), network.end(), 0.0);
        double total = 0;
        for (uint32_t o = 0; o < nOrigins; ++o)
        {
            total += demand(o, m);
        }
        for (uint32_t o = 0; o < nOrigins; ++o)
        {
            const double d = demand(o, m);
            if (d <= 0)
            {
                continue;
            }
            const uint32_t own = view.origins[o];
            // The clients' rule: the fastest holder up, ties to the lowest
            // index (fastest); the best infrastructure holders by capped
            // ratio (b1 at i1, then b2); the best infrastructure node that
            // holds the model or has room for it (remote).
            uint32_t fastest = nNodes;
            double fastestTime = INF;
            uint32_t i1 = nNodes;
            double b1 = m_cap;
            double b2 = m_cap;
            double remote = m_cap;
            for (uint32_t h = 0; h < nNodes; ++h)
            {
                time[h] = view.CompletionTime(o, h, m);
                netTime[h] = view.NetworkTime(o, h, m);
                ratio[h] = capped(time[h]);
                if (held[h] && !view.status[h].down && (fastest == nNodes || time[h] < fastestTime))
                {
                    fastest = h;
                    fastestTime = time[h];
                }
                if (!infra[h])
                {
                    continue;
                }
                if (held[h])
                {
                    if (i1 == nNodes || ratio[h] < b1)
                    {
                        b2 = i1 == nNodes ? m_cap : b1;
                        b1 = ratio[h];
                        i1 = h;
                    }
                    else
                    {
                        b2 = std::min(b2, ratio[h]);
                    }
                }
                if (held[h] || view.MemoryBytes(h, m) <= free[h])
                {
                    remote = std::min(remote, ratio[h]);
                }
            }
            const bool ownHolds = own < nNodes && held[own];
            for (uint32_t n = 0; n < nNodes; ++n)
            {
                // Host of o's requests were n to hold the model.
                uint32_t host;
                if (own == n || ownHolds)
                {
                    host = own;
                }
                else if (held[n] || view.status[n].down)
                {
                    host = fastest;
                }
                else
                {
                    host = fastest == nNodes || time[n] < fastestTime ||
                                   (time[n] == fastestTime && n < fastest)
                               ? n
                               : fastest;
                }
                share[n] += host == n ? d : 0;
                local[n] += own == n ? d : 0;
                network[n] += d * netTime[n] / deadline;
                double g = 0;
                if (view.nodes[n].tier == Tier::END)
                {
                    // Local runs are forced once the model is here: worth it
                    // if they beat the best infrastructure host it is or
                    // could be on.
                    g = own == n ? remote - ratio[n] : 0.0;
                }
                else if (!ownHolds)
                {
                    // How much n lowers o's best time among the
                    // infrastructure holders.
                    const double without = held[n] && infra[n] && n == i1 ? b2 : b1;
                    const double with = infra[n] ? std::min(without, ratio[n]) : without;
                    g = without - with;
                }
                gain[n] += d * g;
            }
        }
        for (uint32_t n = 0; n < nNodes; ++n)
        {
            const MecNodeInfo& info = view.nodes[n];
            const MecNodeStatus& st = view.status[n];
            float* f = &out[(static_cast<std::size_t>(n) * nModels + m) * F];
            const double capacity = info.memoryCapacity > 0 ? info.memoryCapacity : 1.0;
            f[0] = info.tier == Tier::END;
            f[1] = info.tier == Tier::EDGE;
            f[2] = info.tier == Tier::CLOUD;
            f[3] = st.down;
            f[4] = Clip01((st.queueLength + st.runningJobs) / m_norms.queue);
            f[5] = Clip01(st.computeUtilization);
            f[6] = Clip01(free[n] / capacity);
            f[7] = Clip01(view.MemoryBytes(n, m) / capacity);
            f[8] = !held[n] && view.MemoryBytes(n, m) <= free[n];
            const ModelState state = m < st.models.size() ? st.models[m] : ModelState::ABSENT;
            f[9] = state == ModelState::READY;
            f[10] = state == ModelState::LOADING;
            f[11] = Squash(view.computeTime[n][m] / deadline);
            f[12] = Clip01(local[n] / m_norms.rate);
            f[13] = Squash(total / m_norms.rate);
            // A device's gain is over its own origins (the only ones it can
            // serve under the clients' rule), other nodes' over all.
            const double gainDemand = info.tier == Tier::END ? local[n] : total;
            if (gainDemand > 0)
            {
                f[14] = std::clamp(gain[n] / gainDemand, -1.0, 1.0);
            }
            if (total > 0)
            {
                f[15] = Clip01(share[n] / total);
                f[17] = Squash(network[n] / total);
            }
            const uint32_t others = holders - (held[n] ? 1 : 0);
            f[16] = 1.0 / (1.0 + others);
            f[18] = !st.reported;
        }
    }
    return out;
}

} // namespace ns3
