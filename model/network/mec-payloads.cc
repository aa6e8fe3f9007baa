/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-payloads.h"

#include <cmath>

namespace ns3
{

namespace
{

/// \return whether \p v is a whole number in [0, 2^32)
bool
IsUint32(double v)
{
    return v >= 0 && v <= 4294967295.0 && std::floor(v) == v;
}

/// \return whether \p v is a ModelState's number
bool
IsModelState(double v)
{
    return v == 0 || v == 1 || v == 2;
}

/// \return whether \p v is finite and not negative
bool
IsAmount(double v)
{
    return std::isfinite(v) && v >= 0;
}

/**
 * \brief Check a message's type.
 * \param message the message
 * \param type the expected type
 * \param[out] error the reason when it differs
 * \return true if it is of that type
 */
bool
IsType(const MecMessage& message, MecMessageType type, std::string& error)
{
    if (message.type != type)
    {
        error = "expected a " + MecMessageTypeToString(type) + " message, got " +
                MecMessageTypeToString(message.type);
        return false;
    }
    return true;
}

} // namespace

void
MecServerReport::Encode(MecMessage& message) const
{
    message.type = MecMessageType::SERVER_REPORT;
    message.values = {double(queueLength),
                      double(runningJobs),
                      computeUtilization,
                      bandwidthUtilization,
                      freeMemory};
    for (std::size_t m = 0; m < states.size(); ++m)
    {
        message.values.push_back(double(static_cast<uint8_t>(states[m])));
        message.values.push_back(m < arrivalRates.size() ? arrivalRates[m] : 0.0);
    }
}

bool
MecServerReport::Decode(const MecMessage& message,
                        uint32_t models,
                        MecServerReport& report,
                        std::string& error)
{
    if (!IsType(message, MecMessageType::SERVER_REPORT, error))
    {
        return false;
    }
    const auto& v = message.values;
    if (v.size() != 5 + 2 * std::size_t(models))
    {
        error = "server report of " + std::to_string(v.size()) + " values, expected " +
                std::to_string(5 + 2 * std::size_t(models)) + " for " + std::to_string(models) +
                " models";
        return false;
    }
    if (!IsUint32(v[0]) || !IsUint32(v[1]) || !std::isfinite(v[2]) || !std::isfinite(v[3]) ||
        !std::isfinite(v[4]))
    {
        error = "server report with a bad queue length, job count, utilization or free memory";
        return false;
    }
    MecServerReport r;
    r.queueLength = static_cast<uint32_t>(v[0]);
    r.runningJobs = static_cast<uint32_t>(v[1]);
    r.computeUtilization = v[2];
    r.bandwidthUtilization = v[3];
    r.freeMemory = v[4];
    for (std::size_t m = 0; m < models; ++m)
    {
        const double state = v[5 + 2 * m];
        const double rate = v[6 + 2 * m];
        if (!IsModelState(state) || !IsAmount(rate))
        {
            error = "server report with a bad state or rate for model " + std::to_string(m);
            return false;
        }
        r.states.push_back(static_cast<ModelState>(static_cast<uint8_t>(state)));
        r.arrivalRates.push_back(rate);
    }
    report = std::move(r);
    return true;
}

void
MecClientReport::Encode(MecMessage& message) const
{
    message.type = MecMessageType::CLIENT_REPORT;
    message.values = demand;
    message.values.insert(message.values.end(), requests.begin(), requests.end());
    message.values.push_back(signalDbm);
    message.values.push_back(phyRateMbps);
    for (const Path& p : paths)
    {
        message.values.push_back(p.host);
        message.values.push_back(p.goodputMbps);
        message.values.push_back(p.rttMs);
    }
}

bool
MecClientReport::Decode(const MecMessage& message,
                        uint32_t models,
                        MecClientReport& report,
                        std::string& error)
{
    if (!IsType(message, MecMessageType::CLIENT_REPORT, error))
    {
        return false;
    }
    const auto& v = message.values;
    // Index arithmetic in std::size_t: in uint32_t, 2 * models + 2 wraps for
    // a count of 2^31 or more and the size check would pass a short message.
    const std::size_t nModels = models;
    if (v.size() < 2 * nModels + 2 || (v.size() - 2 * nModels - 2) % 3 != 0)
    {
        error = "client report of " + std::to_string(v.size()) + " values, expected 2 x " +
                std::to_string(models) + " + 2 + 3 per measured host";
        return false;
    }
    MecClientReport r;
    for (std::size_t m = 0; m < nModels; ++m)
    {
        if (!IsAmount(v[m]))
        {
            error = "client report with a bad rate for model " + std::to_string(m);
            return false;
        }
        r.demand.push_back(v[m]);
    }
    for (std::size_t m = 0; m < nModels; ++m)
    {
        if (!IsUint32(v[nModels + m]))
        {
            error = "client report with a bad request count for model " + std::to_string(m);
            return false;
        }
        r.requests.push_back(v[nModels + m]);
    }
    r.signalDbm = v[2 * nModels];       // NaN: no signal
    r.phyRateMbps = v[2 * nModels + 1]; // NaN: nothing received yet
    for (std::size_t at = 2 * nModels + 2; at + 2 < v.size(); at += 3)
    {
        if (!IsUint32(v[at]) || !IsAmount(v[at + 1]) || !IsAmount(v[at + 2]))
        {
            error = "client report with a bad host, goodput or round trip at value " +
                    std::to_string(at);
            return false;
        }
        r.paths.push_back(Path{static_cast<uint32_t>(v[at]), v[at + 1], v[at + 2]});
    }
    report = std::move(r);
    return true;
}

void
MecRoutingTable::Encode(MecMessage& message) const
{
    message.type = MecMessageType::ROUTING;
    message.values.clear();
    for (const Host& h : hosts)
    {
        message.values.push_back(h.node);
        message.values.push_back(h.address.Get());
        message.values.push_back(h.load);
        message.values.push_back(h.priorRate);
        message.values.push_back(h.priorRtt);
        for (std::size_t m = 0; m < h.states.size(); ++m)
        {
            message.values.push_back(double(static_cast<uint8_t>(h.states[m])));
            message.values.push_back(m < h.computeTime.size() ? h.computeTime[m] : 0.0);
        }
    }
}

bool
MecRoutingTable::Decode(const MecMessage& message,
                        uint32_t models,
                        MecRoutingTable& table,
                        std::string& error)
{
    if (!IsType(message, MecMessageType::ROUTING, error))
    {
        return false;
    }
    const std::size_t stride = 5 + 2 * std::size_t(models);
    const auto& v = message.values;
    if (v.size() % stride != 0)
    {
        error = "routing table of " + std::to_string(v.size()) +
                " values, not a whole number of hosts of " + std::to_string(stride);
        return false;
    }
    MecRoutingTable t;
    for (std::size_t at = 0; at < v.size(); at += stride)
    {
        if (!IsUint32(v[at]) || !IsUint32(v[at + 1]) || !IsAmount(v[at + 2]) ||
            !IsAmount(v[at + 3]) || !IsAmount(v[at + 4]))
        {
            error = "routing table with a bad node index, address, load or prior path at "
                    "value " +
                    std::to_string(at);
            return false;
        }
        Host h;
        h.node = static_cast<uint32_t>(v[at]);
        h.address = Ipv4Address(static_cast<uint32_t>(v[at + 1]));
        h.load = v[at + 2];
        h.priorRate = v[at + 3];
        h.priorRtt = v[at + 4];
        for (std::size_t m = 0; m < models; ++m)
        {
            const double state = v[at + 5 + 2 * m];
            const double compute = v[at + 6 + 2 * m];
            if (!IsModelState(state) || !IsAmount(compute))
            {
                error = "routing table with a bad state or compute time for model " +
                        std::to_string(m) + " of node " + std::to_string(h.node);
                return false;
            }
            h.states.push_back(static_cast<ModelState>(static_cast<uint8_t>(state)));
            h.computeTime.push_back(compute);
        }
        t.hosts.push_back(std::move(h));
    }
    table = std::move(t);
    return true;
}

void
MecCommand::Encode(MecMessage& message) const
{
    message.type = MecMessageType::COMMAND;
    message.code = kind;
    message.model = model;
    message.node = sourceNode;
    message.address = source.Get();
    message.values.clear();
    if (kind == DeploymentAction::MIGRATE)
    {
        message.values.push_back(double(release.Get()));
    }
}

bool
MecCommand::Decode(const MecMessage& message, MecCommand& command, std::string& error)
{
    if (!IsType(message, MecMessageType::COMMAND, error))
    {
        return false;
    }
    if (message.code > DeploymentAction::MIGRATE)
    {
        error = "command with an unknown action " + std::to_string(message.code);
        return false;
    }
    MecCommand c;
    c.kind = static_cast<DeploymentAction::Kind>(message.code);
    c.model = message.model;
    c.sourceNode = message.node;
    c.source = Ipv4Address(message.address);
    const std::size_t expected = c.kind == DeploymentAction::MIGRATE ? 1 : 0;
    if (message.values.size() != expected || (expected == 1 && !IsUint32(message.values[0])))
    {
        error = "command with " + std::to_string(message.values.size()) + " values, expected " +
                std::to_string(expected) + (expected ? " (the address the model leaves)" : "");
        return false;
    }
    if (expected == 1)
    {
        c.release = Ipv4Address(static_cast<uint32_t>(message.values[0]));
    }
    command = c;
    return true;
}

} // namespace ns3
