/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "efficiency-fit.h"

#include "catalog-json.h"
#include "roofline-model.h"

#include "ns3/log.h"

#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <functional>

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

RooflineEfficiency
FitRows(const CalibrationGroup& group,
        const std::vector<const CalibrationRow*>& rows,
        const DeviceCatalog& devices,
        const ModelCatalog& models)
{
    RooflineEfficiency e = group.start;
    double best = Objective(rows, group.precision, e, devices, models);
    for (int sweep = 0; sweep < 200; ++sweep)
    {
        double before = best;
        for (const std::string& name : group.free)
        {
            const Parameter* p = FindParameter(name);
            auto f = [&](double v) {
                RooflineEfficiency trial = e;
                trial.*(p->member) = v;
                return Objective(rows, group.precision, trial, devices, models);
            };
            auto [value, objective] =
                boost::math::tools::brent_find_minima(f, p->lower, p->upper, 40);
            if (objective < best)
            {
                e.*(p->member) = value;
                best = objective;
            }
        }
        if (before - best < 1e-12)
        {
            break;
        }
    }
    return e;
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
