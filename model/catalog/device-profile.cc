/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "device-profile.h"

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

} // namespace ns3
