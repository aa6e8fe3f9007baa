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

double
DeploymentFeatures::Gain(const MecView& view,
                         uint32_t o,
                         uint32_t n,
                         uint32_t m,
                         const std::vector<bool>& held) const
{
    const uint32_t nNodes = view.nodes.size();
    const double deadline = view.deadline[m] > 0 ? view.deadline[m] : 1.0;
    auto ratio = [&](double t) {
        double r = t / deadline;
        return std::isfinite(r) ? std::min(r, m_cap) : m_cap;
    };
    auto infra = [&](uint32_t h) {
        return view.nodes[h].tier != Tier::END && !view.status[h].down;
    };
    const uint32_t own = view.origins[o];
    if (view.nodes[n].tier == Tier::END)
    {
        if (own != n)
        {
            return 0.0; // another origin's device: clients do not count on it
        }
        // Local runs are forced once the model is here: worth it if they beat
        // the best infrastructure host the model is or could be on.
        double remote = m_cap;
        for (uint32_t h = 0; h < nNodes; ++h)
        {
            if (infra(h) && (held[h] || view.MemoryBytes(h, m) <= view.FreeMemory(h)))
            {
                remote = std::min(remote, ratio(view.CompletionTime(o, h, m)));
            }
        }
        return remote - ratio(view.CompletionTime(o, n, m));
    }
    if (own < nNodes && held[own])
    {
        return 0.0; // this origin runs the model locally anyway
    }
    // Infrastructure node: how much it lowers the origin's best time among
    // the infrastructure hosts that hold the model.
    double with = m_cap;
    double without = m_cap;
    for (uint32_t h = 0; h < nNodes; ++h)
    {
        if (!infra(h) || !(held[h] || h == n))
        {
            continue;
        }
        const double r = ratio(view.CompletionTime(o, h, m));
        with = std::min(with, r);
        if (h != n)
        {
            without = std::min(without, r);
        }
    }
    return without - with;
}

std::vector<float>
DeploymentFeatures::Encode(const MecView& view) const
{
    const uint32_t nNodes = view.nodes.size();
    const uint32_t nModels = view.models.size();
    const uint32_t nOrigins = view.origins.size();
    constexpr uint32_t F = N_FEATURES;
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

    for (uint32_t m = 0; m < nModels; ++m)
    {
        const double deadline = view.deadline[m] > 0 ? view.deadline[m] : 1.0;
        std::vector<bool> held(nNodes);
        uint32_t holders = 0;
        for (uint32_t n = 0; n < nNodes; ++n)
        {
            held[n] = view.IsHeld(n, m);
            holders += held[n] ? 1 : 0;
        }
        // The host origin o's client would pick with node n holding the
        // model: its own node if that holds it, else the fastest holder up.
        auto hostWith = [&](uint32_t o, uint32_t n) {
            auto holds = [&](uint32_t h) { return h == n || held[h]; };
            const uint32_t own = view.origins[o];
            if (own < nNodes && holds(own))
            {
                return own;
            }
            uint32_t at = nNodes;
            double t = std::numeric_limits<double>::infinity();
            for (uint32_t h = 0; h < nNodes; ++h)
            {
                if (holds(h) && !view.status[h].down)
                {
                    const double th = view.CompletionTime(o, h, m);
                    if (at == nNodes || th < t)
                    {
                        t = th;
                        at = h;
                    }
                }
            }
            return at;
        };

        double total = 0;
        for (uint32_t o = 0; o < nOrigins; ++o)
        {
            total += demand(o, m);
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
            const double free = view.FreeMemory(n);
            f[6] = Clip01(free / capacity);
            f[7] = Clip01(view.MemoryBytes(n, m) / capacity);
            f[8] = !held[n] && view.MemoryBytes(n, m) <= free;
            const ModelState state = m < st.models.size() ? st.models[m] : ModelState::ABSENT;
            f[9] = state == ModelState::READY;
            f[10] = state == ModelState::LOADING;
            f[11] = Squash(view.computeTime[n][m] / deadline);
            double local = 0;
            double gain = 0;
            double share = 0;
            double network = 0;
            for (uint32_t o = 0; o < nOrigins; ++o)
            {
                const double d = demand(o, m);
                if (d <= 0)
                {
                    continue;
                }
                local += view.origins[o] == n ? d : 0;
                share += hostWith(o, n) == n ? d : 0;
                gain += d * Gain(view, o, n, m, held);
                network += d * view.NetworkTime(o, n, m) / deadline;
            }
            f[12] = Clip01(local / m_norms.rate);
            f[13] = Squash(total / m_norms.rate);
            // A device's gain is over its own origins (the only ones it can
            // serve under the clients' rule), other nodes' over all.
            const double gainDemand = info.tier == Tier::END ? local : total;
            if (gainDemand > 0)
            {
                f[14] = std::clamp(gain / gainDemand, -1.0, 1.0);
            }
            if (total > 0)
            {
                f[15] = Clip01(share / total);
                f[17] = Squash(network / total);
            }
            const uint32_t others = holders - (held[n] ? 1 : 0);
            f[16] = 1.0 / (1.0 + others);
            f[18] = !st.reported;
        }
    }
    return out;
}

} // namespace ns3
