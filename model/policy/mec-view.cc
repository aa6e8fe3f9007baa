/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-view.h"

#include "ns3/assert.h"

#include <cmath>

namespace ns3
{

double
MecView::NetworkTime(uint32_t origin, uint32_t host, uint32_t model) const
{
    NS_ASSERT_MSG(origin < origins.size(), "origin " << origin << " out of range");
    NS_ASSERT_MSG(model < inputBytes.size() && model < resultBytes.size(),
                  "model " << model << " out of range");
    if (host == origins[origin])
    {
        return 0; // local inference: nothing crosses the network
    }
    double rate = 0;
    double rtt = 0;
    PriorPath(origin, host, rate, rtt);
    if (origin < links.size() && links[origin].reported)
    {
        const MecLinkStatus& link = links[origin];
        if (host < link.goodputMbps.size() && std::isfinite(link.goodputMbps[host]) &&
            link.goodputMbps[host] > 0)
        {
            rate = link.goodputMbps[host] * 1e6;
        }
        if (host < link.rttMs.size() && std::isfinite(link.rttMs[host]))
        {
            rtt = link.rttMs[host] / 1e3;
        }
    }
    // A zero rate (no default configured) makes the path infinitely slow, so
    // no policy picks a host it knows nothing about.
    return (inputBytes[model] + resultBytes[model]) * 8 / rate + rtt;
}

void
MecView::PriorPath(uint32_t origin, uint32_t host, double& rate, double& rtt) const
{
    rate = defaultPathRate;
    rtt = defaultPathRtt;
    if (origin < pathRttPrior.size() && host < pathRttPrior[origin].size())
    {
        rtt = pathRttPrior[origin][host];
    }
    if (origin < links.size() && links[origin].reported)
    {
        const MecLinkStatus& link = links[origin];
        if (wifiGoodputShare > 0 && std::isfinite(link.phyRateMbps) && link.phyRateMbps > 0)
        {
            rate = wifiGoodputShare * link.phyRateMbps * 1e6;
        }
    }
}

double
MecView::CompletionTime(uint32_t origin, uint32_t host, uint32_t model) const
{
    NS_ASSERT_MSG(host < computeTime.size() && model < computeTime[host].size(),
                  "computeTime[" << host << "][" << model << "] missing");
    double ahead = 0;
    if (host < status.size() && status[host].reported)
    {
        ahead = status[host].queueLength + status[host].runningJobs;
    }
    // Every job ahead is assumed to cost as much as this one (no queueing
    // model: the report is stale anyway).
    return NetworkTime(origin, host, model) + computeTime[host][model] * (1 + ahead);
}

double
MecView::FreeMemory(uint32_t node) const
{
    NS_ASSERT_MSG(node < nodes.size(), "node " << node << " out of range");
    if (node < status.size() && status[node].reported)
    {
        return status[node].freeMemory;
    }
    double free = nodes[node].memoryCapacity;
    for (uint32_t m = 0; m < weightBytes.size(); ++m)
    {
        if (IsHeld(node, m))
        {
            free -= MemoryBytes(node, m);
        }
    }
    return free;
}

} // namespace ns3
