/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-observation.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeploymentObservation");

namespace
{

/// Elements of a node block before its per-model states.
constexpr uint32_t NODE_FIXED = 11;
/// Elements of an origin block besides demand and the per-host pairs.
constexpr uint32_t ORIGIN_FIXED = 3;

/**
 * \param x a value
 * \return x clipped to [0, 1]; 0 for NaN (missing)
 */
float
Clip01(double x)
{
    if (!(x > 0)) // also NaN
    {
        return 0.0F;
    }
    return x >= 1 ? 1.0F : static_cast<float>(x);
}

/**
 * \param value a value or NaN
 * \param norm its scale
 * \return value / norm in [0, 1]; 0 if missing
 */
float
Scaled(double value, double norm)
{
    return norm > 0 ? Clip01(value / norm) : 0.0F;
}

/**
 * \param values a per-index vector that may be short
 * \param i an index
 * \return values[i], or NaN if absent
 */
double
At(const std::vector<double>& values, uint32_t i)
{
    return i < values.size() ? values[i] : std::nan("");
}

} // namespace

DeploymentObservation::DeploymentObservation(uint32_t nNodes,
                                             uint32_t nModels,
                                             uint32_t nOrigins,
                                             const ObservationNorms& norms)
    : m_nodes(nNodes),
      m_models(nModels),
      m_origins(nOrigins),
      m_norms(norms)
{
}

uint32_t
DeploymentObservation::GetNodes() const
{
    return m_nodes;
}

uint32_t
DeploymentObservation::GetModels() const
{
    return m_models;
}

uint32_t
DeploymentObservation::GetOrigins() const
{
    return m_origins;
}

const ObservationNorms&
DeploymentObservation::GetNorms() const
{
    return m_norms;
}

uint32_t
DeploymentObservation::GetNodeBlockSize() const
{
    return NODE_FIXED + m_models;
}

uint32_t
DeploymentObservation::GetOriginBlockSize() const
{
    return ORIGIN_FIXED + m_models + 2 * m_nodes;
}

uint32_t
DeploymentObservation::GetNodeOffset(uint32_t node) const
{
    return node * GetNodeBlockSize();
}

uint32_t
DeploymentObservation::GetOriginOffset(uint32_t origin) const
{
    return m_nodes * GetNodeBlockSize() + origin * GetOriginBlockSize();
}

uint32_t
DeploymentObservation::GetComputeOffset() const
{
    return GetOriginOffset(m_origins);
}

uint32_t
DeploymentObservation::GetWeightOffset() const
{
    return GetComputeOffset() + m_nodes * m_models;
}

uint32_t
DeploymentObservation::GetSize() const
{
    return GetWeightOffset() + m_models;
}

uint32_t
DeploymentObservation::GetActionCount() const
{
    return m_nodes * m_models;
}

std::vector<ObservationBlock>
DeploymentObservation::GetLayout() const
{
    std::ostringstream node;
    node << "tier one-hot (end, edge, cloud), reported, down, report age / " << m_norms.age
         << " s, queueLength / " << m_norms.queue << ", runningJobs / " << m_norms.queue
         << ", computeUtilization, bandwidthUtilization, FreeMemory / memoryCapacity, " << m_models
         << " model states (0 absent, 0.5 loading, 1 ready)";
    std::ostringstream origin;
    origin << "reported, " << m_models << " demands / " << m_norms.rate << " req/s, signal ("
           << m_norms.signalMinDbm << " dBm -> 0, " << m_norms.signalMaxDbm
           << " dBm -> 1), phyRateMbps / " << m_norms.linkMbps << ", " << m_nodes
           << " goodputMbps / " << m_norms.linkMbps << " (per host node), " << m_nodes
           << " rttMs / " << m_norms.rttMs << " (per host node)";

    std::vector<ObservationBlock> layout;
    for (uint32_t n = 0; n < m_nodes; ++n)
    {
        layout.push_back(
            {"node[" + std::to_string(n) + "]", GetNodeOffset(n), GetNodeBlockSize(), node.str()});
    }
    for (uint32_t o = 0; o < m_origins; ++o)
    {
        layout.push_back({"origin[" + std::to_string(o) + "]",
                          GetOriginOffset(o),
                          GetOriginBlockSize(),
                          origin.str()});
    }
    layout.push_back({"computeTime",
                      GetComputeOffset(),
                      m_nodes * m_models,
                      "index node * M + model: x / (1 + x), x = computeTime / deadline"});
    layout.push_back(
        {"weight", GetWeightOffset(), m_models, "per model: weightBytes / max memoryCapacity"});
    return layout;
}

void
DeploymentObservation::CheckView(const MecView& view) const
{
    if (view.nodes.size() != m_nodes || view.models.size() != m_models ||
        view.origins.size() != m_origins || view.weightBytes.size() != m_models)
    {
        std::ostringstream msg;
        msg << "DeploymentObservation built for " << m_nodes << " nodes, " << m_models
            << " models, " << m_origins << " origins; the view has " << view.nodes.size()
            << " nodes, " << view.models.size() << " models (" << view.weightBytes.size()
            << " weights), " << view.origins.size() << " origins";
        throw std::invalid_argument(msg.str());
    }
}

std::vector<float>
DeploymentObservation::Encode(const MecView& view) const
{
    CheckView(view);
    std::vector<float> x(GetSize(), 0.0F);

    for (uint32_t n = 0; n < m_nodes; ++n)
    {
        float* p = x.data() + GetNodeOffset(n);
        const MecNodeInfo& info = view.nodes[n];
        p[0] = info.tier == Tier::END ? 1.0F : 0.0F;
        p[1] = info.tier == Tier::EDGE ? 1.0F : 0.0F;
        p[2] = info.tier == Tier::CLOUD ? 1.0F : 0.0F;
        if (n < view.status.size())
        {
            const MecNodeStatus& s = view.status[n];
            p[3] = s.reported ? 1.0F : 0.0F;
            p[4] = s.down ? 1.0F : 0.0F;
            if (s.reported)
            {
                p[5] = Scaled((view.now - s.reportTime).GetSeconds(), m_norms.age);
                p[6] = Scaled(s.queueLength, m_norms.queue);
                p[7] = Scaled(s.runningJobs, m_norms.queue);
                p[8] = Clip01(s.computeUtilization);
                p[9] = Clip01(s.bandwidthUtilization);
            }
        }
        // Known without a report: the controller tracks its own commands.
        p[10] = Scaled(view.FreeMemory(n), info.memoryCapacity);
        for (uint32_t m = 0; m < m_models; ++m)
        {
            ModelState state = ModelState::ABSENT;
            if (n < view.status.size() && m < view.status[n].models.size())
            {
                state = view.status[n].models[m];
            }
            p[NODE_FIXED + m] = state == ModelState::READY     ? 1.0F
                                : state == ModelState::LOADING ? 0.5F
                                                               : 0.0F;
        }
    }

    const double signalSpan = m_norms.signalMaxDbm - m_norms.signalMinDbm;
    for (uint32_t o = 0; o < m_origins; ++o)
    {
        float* p = x.data() + GetOriginOffset(o);
        if (o < view.demand.size())
        {
            for (uint32_t m = 0; m < m_models; ++m)
            {
                p[1 + m] = Scaled(At(view.demand[o], m), m_norms.rate);
            }
        }
        if (o >= view.links.size() || !view.links[o].reported)
        {
            continue;
        }
        const MecLinkStatus& link = view.links[o];
        p[0] = 1.0F;
        if (std::isfinite(link.signalDbm) && signalSpan > 0)
        {
            p[1 + m_models] = Clip01((link.signalDbm - m_norms.signalMinDbm) / signalSpan);
        }
        p[2 + m_models] = Scaled(link.phyRateMbps, m_norms.linkMbps);
        for (uint32_t h = 0; h < m_nodes; ++h)
        {
            p[ORIGIN_FIXED + m_models + h] = Scaled(At(link.goodputMbps, h), m_norms.linkMbps);
            p[ORIGIN_FIXED + m_models + m_nodes + h] = Scaled(At(link.rttMs, h), m_norms.rttMs);
        }
    }

    float* c = x.data() + GetComputeOffset();
    for (uint32_t n = 0; n < m_nodes && n < view.computeTime.size(); ++n)
    {
        for (uint32_t m = 0; m < m_models; ++m)
        {
            double t = At(view.computeTime[n], m);
            double deadline = At(view.deadline, m);
            if (!(deadline > 0))
            {
                deadline = 1;
            }
            double ratio = t / deadline;
            // x / (1 + x) keeps an order of magnitude of resolution on both
            // sides of the deadline; an infinite time (cannot run) maps to 1.
            c[n * m_models + m] = std::isinf(ratio) ? 1.0F : Clip01(ratio / (1 + ratio));
        }
    }

    double maxMemory = 0;
    for (const MecNodeInfo& info : view.nodes)
    {
        maxMemory = std::max(maxMemory, info.memoryCapacity);
    }
    float* w = x.data() + GetWeightOffset();
    for (uint32_t m = 0; m < m_models; ++m)
    {
        w[m] = Scaled(view.weightBytes[m], maxMemory);
    }
    return x;
}

std::vector<uint8_t>
DeploymentObservation::Mask(const MecView& view) const
{
    CheckView(view);
    std::vector<uint8_t> mask(GetActionCount() * N_CHOICES, 0);
    for (uint32_t n = 0; n < m_nodes; ++n)
    {
        double free = view.FreeMemory(n);
        for (uint32_t m = 0; m < m_models; ++m)
        {
            uint8_t* p = mask.data() + (n * m_models + m) * N_CHOICES;
            bool held = view.IsHeld(n, m);
            p[KEEP] = 1;
            p[DEPLOY] = !held && view.MemoryBytes(n, m) <= free ? 1 : 0;
            p[EVICT] = held ? 1 : 0;
        }
    }
    return mask;
}

std::vector<DeploymentAction>
DeploymentObservation::ToActions(const MecView& view, const std::vector<uint32_t>& choices) const
{
    CheckView(view);
    if (choices.size() != GetActionCount())
    {
        throw std::invalid_argument(
            "DeploymentObservation::ToActions: " + std::to_string(choices.size()) +
            " choices, expected " + std::to_string(GetActionCount()) + " (nodes x models)");
    }

    struct Change
    {
        uint32_t node;
        uint32_t model;
        int32_t partner; // index of the paired deploy / eviction, -1 if none
        bool accepted;   // deploys: passed the memory check
    };

    std::vector<Change> evicts;
    std::vector<Change> deploys;
    for (uint32_t i = 0; i < choices.size(); ++i)
    {
        if (choices[i] >= N_CHOICES)
        {
            throw std::invalid_argument(
                "DeploymentObservation::ToActions: choice " + std::to_string(choices[i]) +
                " at index " + std::to_string(i) + " (expected 0 keep, 1 deploy, 2 evict)");
        }
        uint32_t n = i / m_models;
        uint32_t m = i % m_models;
        bool held = view.IsHeld(n, m);
        if (choices[i] == EVICT && held)
        {
            evicts.push_back({n, m, -1, false});
        }
        else if (choices[i] == DEPLOY && !held)
        {
            deploys.push_back({n, m, -1, false});
        }
    }

    // Pair the k-th deploy of a model with its k-th eviction (both in node
    // order, as collected).
    for (std::size_t d = 0; d < deploys.size(); ++d)
    {
        for (std::size_t e = 0; e < evicts.size(); ++e)
        {
            if (evicts[e].partner < 0 && evicts[e].model == deploys[d].model)
            {
                deploys[d].partner = e;
                evicts[e].partner = d;
                break;
            }
        }
    }

    // Plain evictions free their memory now; a migration's source frees it
    // only once the target is ready, too late for this vector.
    std::vector<double> free(m_nodes);
    for (uint32_t n = 0; n < m_nodes; ++n)
    {
        free[n] = view.FreeMemory(n);
    }
    for (const Change& e : evicts)
    {
        if (e.partner < 0)
        {
            free[e.node] += view.MemoryBytes(e.node, e.model);
        }
    }
    std::vector<int32_t> orphans; // evictions whose deploy was skipped
    for (Change& d : deploys)
    {
        if (view.MemoryBytes(d.node, d.model) <= free[d.node])
        {
            d.accepted = true;
            free[d.node] -= view.MemoryBytes(d.node, d.model);
        }
        else if (d.partner >= 0)
        {
            evicts[d.partner].partner = -1;
            orphans.push_back(d.partner);
            d.partner = -1;
        }
    }
    for (int32_t e : orphans)
    {
        for (std::size_t d = 0; d < deploys.size(); ++d)
        {
            if (deploys[d].accepted && deploys[d].partner < 0 &&
                deploys[d].model == evicts[e].model)
            {
                deploys[d].partner = e;
                evicts[e].partner = d;
                break;
            }
        }
    }

    std::vector<DeploymentAction> actions;
    for (const Change& e : evicts)
    {
        if (e.partner < 0)
        {
            actions.push_back(DeploymentAction{DeploymentAction::EVICT, e.node, e.model, 0});
        }
    }
    for (const Change& d : deploys)
    {
        if (!d.accepted)
        {
            NS_LOG_DEBUG("deploy of model " << d.model << " on node " << d.node
                                            << " skipped: no longer fits");
            continue;
        }
        if (d.partner >= 0)
        {
            actions.push_back(DeploymentAction{DeploymentAction::MIGRATE,
                                               d.node,
                                               d.model,
                                               evicts[d.partner].node});
        }
        else
        {
            actions.push_back(DeploymentAction{DeploymentAction::DEPLOY, d.node, d.model, 0});
        }
    }
    return actions;
}

} // namespace ns3
