/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "device-profile.h"

#include "catalog-error.h"

namespace ns3
{

std::string
TierToString(Tier tier)
{
    switch (tier)
    {
    case Tier::END:
        return "end";
    case Tier::EDGE:
        return "edge";
    case Tier::CLOUD:
        return "cloud";
    }
    return "unknown";
}

bool
TierFromString(const std::string& name, Tier& tier)
{
    for (Tier t : {Tier::END, Tier::EDGE, Tier::CLOUD})
    {
        if (TierToString(t) == name)
        {
            tier = t;
            return true;
        }
    }
    return false;
}

bool
DeviceProfile::SupportsPrecision(Precision precision) const
{
    return peakFlops.count(precision) > 0;
}

bool
DeviceProfile::SupportsRuntime(const std::string& runtime, Precision precision) const
{
    if (runtime.empty() || runtime == defaultRuntime ||
        (runtimes.empty() && runtime == LegacyRuntime().name))
    {
        return SupportsPrecision(precision) && efficiency.count(precision) > 0;
    }
    auto it = runtimes.find(runtime);
    return it != runtimes.end() && SupportsPrecision(precision) &&
           it->second.efficiency.count(precision) > 0;
}

std::vector<std::string>
DeviceProfile::GetRuntimeNames() const
{
    if (runtimes.empty())
    {
        return {LegacyRuntime().name};
    }
    std::vector<std::string> names{defaultRuntime};
    for (const auto& [name, profile] : runtimes)
    {
        if (name != defaultRuntime)
        {
            names.push_back(name);
        }
    }
    return names;
}

const InferenceRuntime&
DeviceProfile::GetRuntime(const std::string& runtime) const
{
    if (runtimes.empty())
    {
        if (runtime.empty() || runtime == LegacyRuntime().name)
        {
            return LegacyRuntime();
        }
    }
    else
    {
        auto it = runtimes.find(runtime.empty() ? defaultRuntime : runtime);
        if (it != runtimes.end())
        {
            return it->second.runtime;
        }
    }
    std::string known;
    for (const std::string& n : GetRuntimeNames())
    {
        known += (known.empty() ? "" : ", ") + n;
    }
    throw CatalogError("-",
                       name,
                       "runtimes",
                       "the device has no runtime '" + runtime + "' (it has " + known + ")");
}

const RooflineEfficiency&
DeviceProfile::GetEfficiency(const std::string& runtime, Precision precision) const
{
    const InferenceRuntime& r = GetRuntime(runtime);
    const std::map<Precision, RooflineEfficiency>& table =
        (runtimes.empty() || r.name == defaultRuntime) ? efficiency
                                                       : runtimes.at(r.name).efficiency;
    auto it = table.find(precision);
    if (it == table.end() || !SupportsPrecision(precision))
    {
        std::string supported;
        for (const auto& [p, e] : table)
        {
            if (SupportsPrecision(p))
            {
                supported += (supported.empty() ? "" : ", ") + PrecisionToString(p);
            }
        }
        throw CatalogError("-",
                           name,
                           "peakGflops",
                           "the device does not support " + PrecisionToString(precision) +
                               " under runtime " + r.name + " (it supports " + supported + ")");
    }
    return it->second;
}

double
DeviceProfile::GetPeakFlops(Precision precision, bool matrixUnits) const
{
    if (!matrixUnits)
    {
        auto vector = vectorPeakFlops.find(precision);
        if (vector != vectorPeakFlops.end())
        {
            return vector->second;
        }
    }
    auto peak = peakFlops.find(precision);
    return peak != peakFlops.end() ? peak->second : 0;
}

DeviceProfile
DeviceProfile::WithRuntime(const std::string& runtime) const
{
    const InferenceRuntime& r = GetRuntime(runtime);
    DeviceProfile d = *this;
    if (runtimes.empty())
    {
        return d;
    }
    d.defaultRuntime = r.name;
    d.efficiency = runtimes.at(r.name).efficiency;
    for (auto it = d.peakFlops.begin(); it != d.peakFlops.end();)
    {
        it = d.efficiency.count(it->first) > 0 ? std::next(it) : d.peakFlops.erase(it);
    }
    return d;
}

} // namespace ns3
