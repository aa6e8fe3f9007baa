/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-workload.h"

#include "ns3/input-file.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

/**
 * Largest time a trace or a deadline may give, s: ns-3's Time holds about
 * 9.2e9 s at nanosecond resolution, and converting a larger number is
 * undefined behaviour (an overflow of its 128-bit fixed point) before any
 * check of ns-3's can refuse it. The programs' options have the same bound.
 */
constexpr double kMaxSeconds = 1e9;

std::string
Trim(const std::string& s)
{
    std::size_t a = s.find_first_not_of(" \t\r");
    std::size_t b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::string>
Split(const std::string& s, char sep)
{
    std::vector<std::string> parts;
    std::stringstream in(s);
    std::string part;
    while (std::getline(in, part, sep))
    {
        parts.push_back(Trim(part));
    }
    if (!s.empty() && s.back() == sep)
    {
        parts.emplace_back();
    }
    return parts;
}

/// Strict number parse: the whole string, finite.
bool
ParseNumber(const std::string& s, double& value)
{
    if (s.empty())
    {
        return false;
    }
    std::size_t used = 0;
    try
    {
        value = std::stod(s, &used);
    }
    catch (const std::exception&)
    {
        return false;
    }
    return used == s.size() && std::isfinite(value);
}

} // namespace

std::vector<WorkloadModel>
InferenceWorkload::ParseModels(const std::string& spec, Time defaultDeadline)
{
    std::vector<WorkloadModel> models;
    std::set<std::string> seen;
    for (const std::string& item : Split(spec, ','))
    {
        if (item.empty())
        {
            throw std::invalid_argument("model list '" + spec + "': empty item");
        }
        WorkloadModel model;
        std::size_t colon = item.find(':');
        model.name = Trim(item.substr(0, colon));
        model.deadline = defaultDeadline;
        if (model.name.empty())
        {
            throw std::invalid_argument("model list '" + spec + "': item '" + item +
                                        "' has no model name");
        }
        if (colon != std::string::npos)
        {
            double ms = 0;
            if (!ParseNumber(Trim(item.substr(colon + 1)), ms) || ms <= 0)
            {
                throw std::invalid_argument("model list '" + spec + "': item '" + item +
                                            "': deadline must be a positive number of ms");
            }
            if (ms / 1e3 > kMaxSeconds)
            {
                throw std::invalid_argument("model list '" + spec + "': item '" + item +
                                            "': deadline beyond 1e12 ms (1e9 s)");
            }
            model.deadline = Seconds(ms / 1e3);
            // A deadline below ns-3's time resolution (1 ns by default)
            // would be 0: every request late before it is sent.
            if (!model.deadline.IsStrictlyPositive())
            {
                throw std::invalid_argument("model list '" + spec + "': item '" + item +
                                            "': deadline below ns-3's time resolution");
            }
        }
        if (!seen.insert(model.name).second)
        {
            throw std::invalid_argument("model list '" + spec + "': model '" + model.name +
                                        "' listed twice");
        }
        models.push_back(model);
    }
    if (models.empty())
    {
        throw std::invalid_argument("model list is empty");
    }
    return models;
}

std::vector<std::string>
InferenceWorkload::Names(const std::vector<WorkloadModel>& models)
{
    std::vector<std::string> names;
    for (const auto& m : models)
    {
        names.push_back(m.name);
    }
    return names;
}

std::vector<TraceArrival>
InferenceWorkload::LoadTrace(const std::string& path,
                             const std::vector<std::string>& models,
                             const std::string& nodeName,
                             const std::vector<std::string>& knownNodes,
                             std::size_t* allRows)
{
    std::string problem = r3d::InputFileProblem(path);
    if (!problem.empty())
    {
        throw std::invalid_argument(path + ": cannot open the trace file: " + problem);
    }
    std::ifstream in(path);
    std::vector<TraceArrival> arrivals;
    std::size_t rows = 0;
    std::string line;
    uint32_t number = 0;
    double last = -1;
    while (std::getline(in, line))
    {
        ++number;
        std::string where = path + ":" + std::to_string(number) + ": ";
        line = Trim(line.substr(0, line.find('#')));
        if (line.empty() || (number == 1 && line.rfind("time", 0) == 0))
        {
            continue;
        }
        std::vector<std::string> cols = Split(line, ',');
        if (cols.size() != 2 && cols.size() != 3)
        {
            throw std::invalid_argument(where +
                                        "expected 'time_s,model' or 'time_s,model,node', got " +
                                        std::to_string(cols.size()) + " columns");
        }
        double t = 0;
        if (!ParseNumber(cols[0], t) || t < 0)
        {
            throw std::invalid_argument(where + "time '" + cols[0] +
                                        "' is not a non-negative number of seconds");
        }
        if (t > kMaxSeconds)
        {
            throw std::invalid_argument(where + "time '" + cols[0] + "' is beyond 1e9 s");
        }
        if (t < last)
        {
            throw std::invalid_argument(where + "times must not decrease (" + cols[0] + " after " +
                                        std::to_string(last) + ")");
        }
        last = t;
        auto it = std::find(models.begin(), models.end(), cols[1]);
        if (it == models.end())
        {
            throw std::invalid_argument(where + "model '" + cols[1] +
                                        "' is not one of the scenario's models");
        }
        if (cols.size() == 3 && !knownNodes.empty() &&
            std::find(knownNodes.begin(), knownNodes.end(), cols[2]) == knownNodes.end())
        {
            throw std::invalid_argument(where + "node '" + cols[2] +
                                        "' is not an IoT device of the scenario (" +
                                        knownNodes.front() + " .. " + knownNodes.back() + ")");
        }
        ++rows;
        if (cols.size() == 3 && cols[2] != nodeName)
        {
            continue;
        }
        arrivals.push_back({Seconds(t), static_cast<uint32_t>(it - models.begin())});
    }
    if (allRows)
    {
        *allRows = rows;
    }
    return arrivals;
}

} // namespace ns3
