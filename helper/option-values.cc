/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "option-values.h"

#include "ns3/data-rate.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>

namespace ns3
{
namespace r3d
{

bool
ParseTimeSeconds(const std::string& text, double& seconds)
{
    // The units of ns-3.37's Time(std::string), in seconds.
    static const std::map<std::string, double> units{{"", 1},
                                                     {"s", 1},
                                                     {"ms", 1e-3},
                                                     {"us", 1e-6},
                                                     {"ns", 1e-9},
                                                     {"ps", 1e-12},
                                                     {"fs", 1e-15},
                                                     {"min", 60},
                                                     {"h", 3600},
                                                     {"d", 86400},
                                                     {"y", 365 * 86400.0}};
    // Time(std::string) splits at the first character that is not part of a
    // number, as here.
    std::string::size_type n = text.find_first_not_of("+-0123456789.eE");
    std::string number = text.substr(0, n);
    std::string unit = n == std::string::npos ? "" : text.substr(n);
    auto it = units.find(unit);
    if (number.empty() || it == units.end())
    {
        return false;
    }
    char* end = nullptr;
    double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size())
    {
        return false;
    }
    seconds = value * it->second;
    return true;
}

bool
ParseMemoryAmount(const std::string& text, double& bytes, double& share)
{
    static const std::map<std::string, double> units{{"B", 1},
                                                     {"kB", 1e3},
                                                     {"KB", 1e3},
                                                     {"MB", 1e6},
                                                     {"GB", 1e9},
                                                     {"TB", 1e12},
                                                     {"KiB", 1024.0},
                                                     {"MiB", 1024.0 * 1024},
                                                     {"GiB", 1024.0 * 1024 * 1024},
                                                     {"TiB", 1024.0 * 1024 * 1024 * 1024}};
    // The unit starts at the first character that cannot be in a number.
    std::string::size_type n = text.find_first_not_of("+-0123456789.eE");
    std::string number = text.substr(0, n);
    std::string unit = n == std::string::npos ? "" : text.substr(n);
    if (number.empty())
    {
        return false;
    }
    char* end = nullptr;
    double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size() || !std::isfinite(value) || !(value > 0))
    {
        return false;
    }
    if (unit.empty())
    {
        if (value > 1)
        {
            return false;
        }
        bytes = 0;
        share = value;
        return true;
    }
    auto it = units.find(unit);
    if (it == units.end())
    {
        return false;
    }
    bytes = value * it->second;
    share = 0;
    return true;
}

bool
ParseBitRate(const std::string& text, double& bitsPerSecond)
{
    DataRateValue value;
    if (text.empty() || !value.DeserializeFromString(text, MakeDataRateChecker()))
    {
        return false;
    }
    bitsPerSecond = static_cast<double>(value.Get().GetBitRate());
    return true;
}

Callback<bool, std::string>
CountOption(const std::string& option, uint32_t& target)
{
    uint32_t* where = &target;
    return Callback<bool, std::string>([option, where](std::string text) {
        bool digits = !text.empty() && text.size() <= 10 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
        unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
        if (!digits || value > std::numeric_limits<uint32_t>::max())
        {
            std::cerr << "error: --" << option << ": '" << text
                      << "' is not a whole number from 0 to 4294967295\n";
            return false;
        }
        *where = static_cast<uint32_t>(value);
        return true;
    });
}

} // namespace r3d
} // namespace ns3
