/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "demand-profile.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

/// Split "a:b:c" at ':'.
std::vector<std::string>
Fields(const std::string& spec)
{
    std::vector<std::string> fields;
    std::stringstream ss(spec);
    std::string item;
    while (std::getline(ss, item, ':'))
    {
        fields.push_back(item);
    }
    if (!spec.empty() && spec.back() == ':')
    {
        fields.emplace_back();
    }
    return fields;
}

/// A finite number, or an error naming the field.
double
Number(const std::string& spec, const std::string& text, const std::string& what)
{
    std::size_t used = 0;
    double value = 0;
    try
    {
        value = std::stod(text, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value))
    {
        throw std::invalid_argument("rate profile '" + spec + "': " + what + " '" + text +
                                    "' is not a number");
    }
    return value;
}

} // namespace

RateProfile
RateProfile::Parse(const std::string& spec)
{
    const std::vector<std::string> f = Fields(spec);
    const std::string usage = " (expected constant, sine:PERIOD_S:DEPTH or onoff:ON_S:OFF_S)";
    RateProfile p;
    if (f.empty() || f[0].empty())
    {
        throw std::invalid_argument("rate profile is empty" + usage);
    }
    if (f[0] == "constant")
    {
        if (f.size() != 1)
        {
            throw std::invalid_argument("rate profile '" + spec + "': constant takes no fields");
        }
        return p;
    }
    if (f.size() != 3)
    {
        throw std::invalid_argument("rate profile '" + spec + "': " +
                                    (f[0] == "sine" || f[0] == "onoff"
                                         ? f[0] + " takes two fields"
                                         : "unknown shape '" + f[0] + "'") +
                                    usage);
    }
    if (f[0] == "sine")
    {
        p.shape = SINE;
        p.period = Number(spec, f[1], "period");
        p.depth = Number(spec, f[2], "depth");
        if (!(p.period > 0))
        {
            throw std::invalid_argument("rate profile '" + spec + "': period must be > 0 s");
        }
        if (p.depth < 0 || p.depth > 1)
        {
            throw std::invalid_argument("rate profile '" + spec +
                                        "': depth must be within 0..1 (a rate never negative)");
        }
        return p;
    }
    if (f[0] == "onoff")
    {
        p.shape = ON_OFF;
        p.on = Number(spec, f[1], "on time");
        p.off = Number(spec, f[2], "off time");
        if (!(p.on > 0))
        {
            throw std::invalid_argument("rate profile '" + spec + "': on time must be > 0 s");
        }
        if (p.off < 0)
        {
            throw std::invalid_argument("rate profile '" + spec + "': off time must be >= 0 s");
        }
        return p;
    }
    throw std::invalid_argument("rate profile '" + spec + "': unknown shape '" + f[0] + "'" +
                                usage);
}

double
RateProfile::Factor(double t) const
{
    switch (shape)
    {
    case SINE:
        return 1 + depth * std::sin(2 * M_PI * t / period);
    case ON_OFF: {
        const double cycle = on + off;
        return std::fmod(t, cycle) < on ? cycle / on : 0.0;
    }
    case CONSTANT:
    default:
        return 1;
    }
}

double
RateProfile::MaxFactor() const
{
    switch (shape)
    {
    case SINE:
        return 1 + depth;
    case ON_OFF:
        return (on + off) / on;
    case CONSTANT:
    default:
        return 1;
    }
}

bool
RateProfile::IsConstant() const
{
    return shape == CONSTANT || (shape == SINE && depth == 0) || (shape == ON_OFF && off == 0);
}

std::vector<double>
ZipfShares(uint32_t n, double exponent)
{
    if (n == 0)
    {
        throw std::invalid_argument("ZipfShares: no models");
    }
    if (!(exponent >= 0) || !std::isfinite(exponent))
    {
        throw std::invalid_argument("Zipf exponent must be a finite number >= 0");
    }
    std::vector<double> shares(n);
    double sum = 0;
    for (uint32_t r = 0; r < n; ++r)
    {
        shares[r] = std::pow(r + 1.0, -exponent);
        sum += shares[r];
    }
    for (double& s : shares)
    {
        s /= sum;
    }
    return shares;
}

} // namespace ns3
