/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "efficiency-fit.h"

#include "roofline-model.h"

#include "ns3/catalog-json.h"
#include "ns3/log.h"

#include <algorithm>
#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <functional>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EfficiencyFit");

namespace
{

using r3d::EntryReader;

/// A fittable parameter: its name, where it lives and its physical bounds.
struct Parameter
{
    const char* name;                   //!< catalog field name
    double RooflineEfficiency::*member; //!< the member it sets
    double lower;                       //!< lower bound
    double upper;                       //!< upper bound
    double scale;                       //!< catalog unit to SI (µs for the overhead)
};

// Compute efficiency may exceed 1: it is relative to the catalog's datasheet
// peak and absorbs algorithmic savings the FLOP count ignores (Winograd 3x3
// convolutions) and clocks above the datasheet's.
const Parameter PARAMETERS[] = {
    {"compute", &RooflineEfficiency::compute, 0.01, 2.0, 1.0},
    {"depthwise", &RooflineEfficiency::depthwise, 0.01, 1.0, 1.0},
    {"memory", &RooflineEfficiency::memory, 0.05, 1.0, 1.0},
    {"layerOverheadUs", &RooflineEfficiency::layerOverhead, 0.0, 5000e-6, 1e-6},
};

const Parameter*
FindParameter(const std::string& name)
{
    for (const Parameter& p : PARAMETERS)
    {
        if (name == p.name)
        {
            return &p;
        }
    }
    return nullptr;
}

Precision
ReadPrecision(const EntryReader& r, const std::string& field)
{
    Precision p;
    if (!PrecisionFromString(r.String(field), p))
    {
        r.Fail(field, "unknown precision '" + r.String(field) + "' (expected fp32, fp16 or int8)");
    }
    return p;
}

double
Objective(const std::vector<const CalibrationRow*>& rows,
          Precision precision,
          const RooflineEfficiency& e,
          const DeviceCatalog& devices,
          const ModelCatalog& models)
{
    double sum = 0;
    for (const CalibrationRow* row : rows)
    {
        double err =
            std::log(EfficiencyFit::Predict(*row, precision, e, devices, models) / row->latency);
        sum += err * err;
    }
    return sum;
}

/**
 * Powell's conjugate-direction method in the box of the free parameters'
 * bounds: Brent line searches along a set of directions, starting from the
 * coordinate axes; after each sweep the net move becomes a new direction,
 * replacing the one that gained most, so coupled parameters (compute and
 * overhead trade off against each other) converge instead of creeping.
 */
RooflineEfficiency
FitRows(const CalibrationGroup& group,
        const std::vector<const CalibrationRow*>& rows,
        const DeviceCatalog& devices,
        const ModelCatalog& models)
{
    std::vector<const Parameter*> params;
    for (const std::string& name : group.free)
    {
        params.push_back(FindParameter(name));
    }
    const std::size_t n = params.size();
    auto toEfficiency = [&](const std::vector<double>& x) {
        RooflineEfficiency e = group.start;
        for (std::size_t i = 0; i < n; ++i)
        {
            e.*(params[i]->member) = x[i];
        }
        return e;
    };
    auto objective = [&](const std::vector<double>& x) {
        return Objective(rows, group.precision, toEfficiency(x), devices, models);
    };
    // Minimize along x + t d within the box; moves x, returns the new value.
    auto lineSearch = [&](std::vector<double>& x, const std::vector<double>& d) {
        double lo = -1e300;
        double hi = 1e300;
        for (std::size_t i = 0; i < n; ++i)
        {
            if (d[i] > 0)
            {
                lo = std::max(lo, (params[i]->lower - x[i]) / d[i]);
                hi = std::min(hi, (params[i]->upper - x[i]) / d[i]);
            }
            else if (d[i] < 0)
            {
                lo = std::max(lo, (params[i]->upper - x[i]) / d[i]);
                hi = std::min(hi, (params[i]->lower - x[i]) / d[i]);
            }
        }
        auto along = [&](double t) {
            std::vector<double> y = x;
            for (std::size_t i = 0; i < n; ++i)
            {
                y[i] = std::clamp(x[i] + t * d[i], params[i]->lower, params[i]->upper);
            }
            return y;
        };
        // The objective has kinks (max of the two roofs) and can have
        // several minima along a line: scan a grid first, then refine the
        // best cell with Brent's method.
        const int cells = 64;
        int bestCell = 0;
        double bestValue = std::numeric_limits<double>::infinity();
        for (int c = 0; c <= cells; ++c)
        {
            double value = objective(along(lo + (hi - lo) * c / cells));
            if (value < bestValue)
            {
                bestValue = value;
                bestCell = c;
            }
        }
        double cell = (hi - lo) / cells;
        auto [t, value] =
            boost::math::tools::brent_find_minima([&](double t) { return objective(along(t)); },
                                                  std::max(lo, lo + (bestCell - 1) * cell),
                                                  std::min(hi, lo + (bestCell + 1) * cell),
                                                  50);
        double current = objective(x);
        if (value < current)
        {
            x = along(t);
            return value;
        }
        return current;
    };

    std::vector<double> x(n);
    std::vector<std::vector<double>> directions(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
    {
        x[i] = std::clamp(group.start.*(params[i]->member), params[i]->lower, params[i]->upper);
        directions[i][i] = params[i]->upper - params[i]->lower;
    }
    double best = objective(x);
    for (int iteration = 0; iteration < 200 && n > 0; ++iteration)
    {
        std::vector<double> start = x;
        double before = best;
        std::size_t biggest = 0;
        double biggestGain = 0;
        for (std::size_t k = 0; k < n; ++k)
        {
            double value = lineSearch(x, directions[k]);
            if (best - value > biggestGain)
            {
                biggestGain = best - value;
                biggest = k;
            }
            best = value;
        }
        std::vector<double> move(n);
        double moved = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            move[i] = x[i] - start[i];
            moved += std::abs(move[i]) / (params[i]->upper - params[i]->lower);
        }
        if (moved > 0)
        {
            best = lineSearch(x, move);
            directions[biggest] = move;
        }
        if (best < 1e-28 || before - best <= 1e-12 * before)
        {
            break;
        }
    }
    return toEfficiency(x);
}

} // namespace

double
EfficiencyFit::Predict(const CalibrationRow& row,
                       Precision precision,
                       const RooflineEfficiency& efficiency,
                       const DeviceCatalog& devices,
                       const ModelCatalog& models)
{
    DeviceProfile device = devices.Get(row.device);
    device.efficiency[precision] = efficiency;
    RooflineModel roofline(device, precision);
    return roofline.EstimateModel(models.Get(row.model), row.batch).latency;
}

FitResult
EfficiencyFit::Fit(const CalibrationGroup& group,
                   const DeviceCatalog& devices,
                   const ModelCatalog& models)
{
    NS_LOG_FUNCTION(group.deviceClass << PrecisionToString(group.precision));
    std::vector<const CalibrationRow*> all;
    for (const CalibrationRow& row : group.rows)
    {
        all.push_back(&row);
    }
    FitResult result;
    result.efficiency = FitRows(group, all, devices, models);
    for (std::size_t i = 0; i < group.rows.size(); ++i)
    {
        const CalibrationRow& row = group.rows[i];
        FitRowResult r;
        r.row = row;
        r.predicted = Predict(row, group.precision, result.efficiency, devices, models);
        r.relativeError = (r.predicted - row.latency) / row.latency;
        if (all.size() > 1)
        {
            std::vector<const CalibrationRow*> others = all;
            others.erase(others.begin() + i);
            RooflineEfficiency loo = FitRows(group, others, devices, models);
            r.leaveOneOutError =
                (Predict(row, group.precision, loo, devices, models) - row.latency) / row.latency;
        }
        result.meanAbsError += std::abs(r.relativeError) / group.rows.size();
        result.maxAbsError = std::max(result.maxAbsError, std::abs(r.relativeError));
        result.meanAbsLeaveOneOutError += std::abs(r.leaveOneOutError) / group.rows.size();
        result.rows.push_back(r);
    }
    return result;
}

std::string
EfficiencyFit::GetDefaultPath()
{
    return r3d::DataFilePath("calibration.json");
}

CalibrationPlan
EfficiencyFit::LoadFile(const std::string& path)
{
    nlohmann::json doc = r3d::ParseJsonFile(path);
    EntryReader top(path, "", doc);
    top.RejectUnknown({"schema", "groups", "derived"});
    const nlohmann::json& groups = top.Array("groups");
    CalibrationPlan plan;
    std::vector<CalibrationGroup>& result = plan.groups;
    for (std::size_t i = 0; i < groups.size(); ++i)
    {
        EntryReader r(path, "groups[" + std::to_string(i) + "]", groups[i]);
        r.RejectUnknown({"class", "precision", "runtime", "free", "fixed", "rows"});
        CalibrationGroup g;
        g.deviceClass = r.String("class");
        g.precision = ReadPrecision(r, "precision");
        g.runtime = r.String("runtime");
        g.start = RooflineEfficiency{0.5, 0.5, 0.7, 20e-6};
        for (const nlohmann::json& name : r.Array("free"))
        {
            if (!name.is_string() || FindParameter(name.get<std::string>()) == nullptr)
            {
                r.Fail("free", "unknown parameter " + name.dump());
            }
            g.free.push_back(name.get<std::string>());
        }
        if (r.Has("fixed"))
        {
            EntryReader fixed = r.Nested("fixed");
            fixed.RejectUnknown({"compute", "depthwise", "memory", "layerOverheadUs"});
            for (const Parameter& p : PARAMETERS)
            {
                if (fixed.Has(p.name))
                {
                    g.start.*(p.member) = fixed.Number(p.name, true) * p.scale;
                }
            }
        }
        const nlohmann::json& rows = r.Array("rows");
        for (std::size_t j = 0; j < rows.size(); ++j)
        {
            EntryReader row = r.Element("rows", j);
            row.RejectUnknown({"device", "model", "batch", "latencyMs", "source"});
            CalibrationRow c;
            c.device = row.String("device");
            c.model = row.String("model");
            c.batch = row.Has("batch") ? static_cast<uint32_t>(row.Number("batch")) : 1;
            c.latency = row.Number("latencyMs") * 1e-3;
            c.source = row.String("source");
            g.rows.push_back(c);
        }
        result.push_back(g);
    }
    if (top.Has("derived"))
    {
        const nlohmann::json& derived = top.Array("derived");
        for (std::size_t i = 0; i < derived.size(); ++i)
        {
            EntryReader r = top.Element("derived", i);
            r.RejectUnknown({"class", "precision", "from", "computeScale", "why"});
            DerivedEfficiency d;
            d.deviceClass = r.String("class");
            d.precision = ReadPrecision(r, "precision");
            EntryReader from = r.Nested("from");
            from.RejectUnknown({"class", "precision"});
            d.fromClass = from.String("class");
            d.fromPrecision = ReadPrecision(from, "precision");
            d.computeScale = r.Has("computeScale") ? r.Number("computeScale") : 1.0;
            d.why = r.String("why");
            plan.derived.push_back(d);
        }
    }
    return plan;
}

} // namespace ns3
