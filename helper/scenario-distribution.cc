/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-distribution.h"

#include "ns3/input-file.h"
#include "ns3/rng-stream.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

/// Stream of ns-3's generator reserved for the draws (far above the
/// automatic numbers ns-3 hands out, which start at 2^63 and count up, and
/// the ones AssignStreams gives, which count up from small numbers).
constexpr uint64_t DISTRIBUTION_STREAM = (uint64_t(1) << 62) + 10;

/**
 * \param rng the generator
 * \param n the count
 * \return an index in [0, n)
 */
std::size_t
Pick(RngStream& rng, std::size_t n)
{
    return std::min(n - 1, static_cast<std::size_t>(rng.RandU01() * n));
}

} // namespace

ScenarioDistribution
ScenarioDistribution::Load(const std::string& path)
{
    ScenarioDistribution d;
    d.m_file = path;
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument("--distribution '" + path + "': " + what);
    };
    const std::string problem = r3d::InputFileProblem(path);
    if (!problem.empty())
    {
        fail(problem);
    }
    std::ifstream in(path);
    nlohmann::json doc;
    try
    {
        doc = nlohmann::json::parse(in);
    }
    catch (const nlohmann::json::exception& e)
    {
        fail(std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object())
    {
        fail("expected a JSON object");
    }
    // A non-empty list of values of one kind, each checked.
    auto list = [&](const nlohmann::json& v, const std::string& key, auto check) {
        if (!v.is_array() || v.empty())
        {
            fail("\"" + key + "\": expected a non-empty list");
        }
        for (std::size_t i = 0; i < v.size(); ++i)
        {
            std::string what = check(v[i]);
            if (!what.empty())
            {
                fail("\"" + key + "\" entry " + std::to_string(i) + " (" + v[i].dump() +
                     "): " + what);
            }
        }
        return v;
    };
    auto number = [](double lo, double hi) {
        return [lo, hi](const nlohmann::json& x) -> std::string {
            if (!x.is_number() || !(x.get<double>() >= lo) || !(x.get<double>() <= hi))
            {
                std::ostringstream s;
                s << "expected a number in [" << lo << ", " << hi << "]";
                return s.str();
            }
            return "";
        };
    };
    auto text = [](const nlohmann::json& x) -> std::string {
        return x.is_string() && !x.get<std::string>().empty() ? "" : "expected a non-empty string";
    };
    for (const auto& [key, value] : doc.items())
    {
        if (key == "models")
        {
            if (!value.is_object() || !value.contains("pool"))
            {
                fail("\"models\": expected {\"pool\": [...], \"min\": k, \"max\": K}");
            }
            nlohmann::json inner = value;
            for (const auto& [k, v] : inner.items())
            {
                if (k != "pool" && k != "min" && k != "max")
                {
                    fail("\"models\": unknown key \"" + k + "\" (expected pool, min, max)");
                }
            }
            for (const auto& m : list(inner.at("pool"), "models\".\"pool", text))
            {
                d.m_pool.push_back(m.get<std::string>());
            }
            const double size = d.m_pool.size();
            for (const char* k : {"min", "max"})
            {
                if (inner.contains(k) && !number(1, size)(inner[k]).empty())
                {
                    fail(std::string("\"models\".\"") + k + "\": " + number(1, size)(inner[k]) +
                         " (the pool has " + std::to_string(d.m_pool.size()) + " models)");
                }
                if (inner.contains(k) &&
                    inner[k].get<double>() != std::floor(inner[k].get<double>()))
                {
                    fail(std::string("\"models\".\"") + k + "\": " + inner[k].dump() +
                         " is not a whole number of models");
                }
            }
            d.m_minModels = inner.value("min", static_cast<uint32_t>(d.m_pool.size()));
            d.m_maxModels = inner.value("max", static_cast<uint32_t>(d.m_pool.size()));
            if (d.m_minModels > d.m_maxModels)
            {
                fail("\"models\": min " + std::to_string(d.m_minModels) + " is above max " +
                     std::to_string(d.m_maxModels));
            }
        }
        else if (key == "nDevices")
        {
            for (const auto& x : list(value, key, number(1, 1024)))
            {
                if (x.get<double>() != std::floor(x.get<double>()))
                {
                    fail("\"nDevices\": " + x.dump() + " is not a whole number");
                }
                d.m_nDevices.push_back(x.get<uint32_t>());
            }
        }
        else if (key == "devicesPerEdge")
        {
            if (!number(1, 1024)(value).empty() ||
                value.get<double>() != std::floor(value.get<double>()))
            {
                fail("\"devicesPerEdge\": expected a whole number in [1, 1024]");
            }
            d.m_devicesPerEdge = value.get<uint32_t>();
        }
        else if (key == "zipf")
        {
            for (const auto& x : list(value, key, number(0, 10)))
            {
                d.m_zipf.push_back(x.get<double>());
            }
        }
        else if (key == "shiftInterval")
        {
            for (const auto& x : list(value, key, number(0, 1e6)))
            {
                d.m_shiftInterval.push_back(x.get<double>());
            }
        }
        else if (key == "memoryEnd" || key == "memoryEdge" || key == "rateProfile")
        {
            std::vector<std::string>& out = key == "memoryEnd"    ? d.m_memoryEnd
                                            : key == "memoryEdge" ? d.m_memoryEdge
                                                                  : d.m_profiles;
            for (const auto& x : list(value, key, text))
            {
                out.push_back(x.get<std::string>());
            }
        }
        else
        {
            fail("unknown key \"" + key +
                 "\" (expected models, nDevices, devicesPerEdge, zipf, shiftInterval, "
                 "memoryEnd, memoryEdge, rateProfile)");
        }
    }
    return d;
}

void
ScenarioDistribution::Apply(MecScenarioParameters& p, uint32_t seed, uint64_t run) const
{
    RngStream rng(seed, DISTRIBUTION_STREAM, run);
    if (!m_pool.empty())
    {
        const uint32_t k = m_minModels + Pick(rng, m_maxModels - m_minModels + 1);
        // A uniform k-subset (selection sampling), kept in pool order.
        std::string models;
        uint32_t needed = k;
        for (std::size_t i = 0; i < m_pool.size() && needed > 0; ++i)
        {
            const double left = m_pool.size() - i;
            if (rng.RandU01() * left < needed)
            {
                models += (models.empty() ? "" : ",") + m_pool[i];
                --needed;
            }
        }
        p.models = models;
    }
    if (!m_nDevices.empty())
    {
        p.nDevices = m_nDevices[Pick(rng, m_nDevices.size())];
        p.nEdges = (p.nDevices + m_devicesPerEdge - 1) / m_devicesPerEdge;
    }
    if (!m_zipf.empty())
    {
        p.zipf = m_zipf[Pick(rng, m_zipf.size())];
    }
    if (!m_shiftInterval.empty())
    {
        p.shiftInterval = m_shiftInterval[Pick(rng, m_shiftInterval.size())];
    }
    if (!m_memoryEnd.empty())
    {
        p.memoryEnd = m_memoryEnd[Pick(rng, m_memoryEnd.size())];
    }
    if (!m_memoryEdge.empty())
    {
        p.memoryEdge = m_memoryEdge[Pick(rng, m_memoryEdge.size())];
    }
    if (!m_profiles.empty())
    {
        p.rateProfile = m_profiles[Pick(rng, m_profiles.size())];
    }
}

std::string
ScenarioDistribution::Describe(const MecScenarioParameters& p) const
{
    std::ostringstream s;
    const std::size_t models =
        p.models.empty() ? 0 : std::count(p.models.begin(), p.models.end(), ',') + 1;
    s << models << " models, " << p.nDevices << " devices, zipf " << p.zipf << ", shift "
      << p.shiftInterval << " s, memory end " << (p.memoryEnd.empty() ? "-" : p.memoryEnd)
      << " edge " << (p.memoryEdge.empty() ? "-" : p.memoryEdge) << ", " << p.rateProfile;
    return s.str();
}

const std::string&
ScenarioDistribution::GetFile() const
{
    return m_file;
}

} // namespace ns3
