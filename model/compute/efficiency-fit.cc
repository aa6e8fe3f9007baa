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
#include <limits>
#include <set>

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
    double lower;                       //!< lower bound (SI)
    double upper;                       //!< upper bound (SI)
    double scale;                       //!< catalog unit to SI (µs for the overhead)
};

// Compute efficiency may exceed 1: it is relative to the catalog's datasheet
// peak, which may be below the clocks a device really runs at. The Winograd
// factor is at most 6: F(6x6, 3x3) needs 5.06 times fewer multiplications
// than the direct convolution.
const Parameter PARAMETERS[] = {
    {"compute", &RooflineEfficiency::compute, 0.005, 2.0, 1.0},
    {"depthwise", &RooflineEfficiency::depthwise, 0.01, 1.0, 1.0},
    {"memory", &RooflineEfficiency::memory, 0.05, 1.0, 1.0},
    {"kernelOverheadUs", &RooflineEfficiency::layerOverhead, 0.01e-6, 5000e-6, 1e-6},
    {"winograd", &RooflineEfficiency::winograd, 1.0, 6.0, 1.0},
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

/// Read {compute, depthwise, memory, kernelOverheadUs, winograd} (any subset) into e.
void
ReadParameters(const EntryReader& r, RooflineEfficiency& e)
{
    r.RejectUnknown({"compute", "depthwise", "memory", "kernelOverheadUs", "winograd"});
    for (const Parameter& p : PARAMETERS)
    {
        if (r.Has(p.name))
        {
            double value = r.Number(p.name, true) * p.scale;
            if (value < p.lower || value > p.upper)
            {
                r.Fail(p.name, "outside the parameter's bounds");
            }
            e.*(p.member) = value;
        }
    }
}

/// One free coordinate of a group's fit: a parameter, for one precision if per precision.
struct Coordinate
{
    const Parameter* parameter; //!< the parameter
    bool perPrecision;          //!< compute: one per precision
    Precision precision;        //!< which precision, if per precision
};

/// The runtime and device a row is predicted on, resolved once per fit.
struct ResolvedRow
{
    const CalibrationRow* row;   //!< the row
    const DeviceProfile* device; //!< its device
    InferenceRuntime runtime;    //!< its runtime's properties
    const DnnModel* model;       //!< its model
};

ResolvedRow
Resolve(const CalibrationRow& row, const DeviceCatalog& devices, const ModelCatalog& models)
{
    const DeviceProfile& device = devices.Get(row.device);
    auto own = device.runtimes.find(row.runtime);
    InferenceRuntime runtime =
        own != device.runtimes.end() ? own->second.runtime : devices.GetRuntime(row.runtime);
    return {&row, &device, runtime, &models.Get(row.model)};
}

double
PredictResolved(const ResolvedRow& r, const RooflineEfficiency& e)
{
    RooflineModel roofline(*r.device, r.row->precision, r.runtime, e);
    return roofline.EstimateModel(*r.model, r.row->batch).latency;
}

/**
 * Powell's conjugate-direction method on the logarithms of the free
 * parameters, in the box of their bounds: Brent line searches along a set of
 * directions, starting from the coordinate axes; after each sweep the net
 * move becomes a new direction, replacing the one that gained most, so
 * coupled parameters (compute and overhead trade off against each other)
 * converge instead of creeping.
 */
std::map<Precision, RooflineEfficiency>
Minimize(const CalibrationGroup& group,
         const std::vector<ResolvedRow>& rows,
         const std::set<Precision>& precisions,
         double priorWeight)
{
    std::set<Precision> fitted;
    for (const ResolvedRow& r : rows)
    {
        fitted.insert(r.row->precision);
    }
    std::vector<Coordinate> coordinates;
    for (const std::string& name : group.free)
    {
        const Parameter* p = FindParameter(name);
        if (name == "compute")
        {
            for (Precision precision : fitted)
            {
                coordinates.push_back({p, true, precision});
            }
        }
        else if (!rows.empty())
        {
            coordinates.push_back({p, false, Precision::FP32});
        }
    }
    const std::size_t n = coordinates.size();
    std::vector<double> lower(n);
    std::vector<double> upper(n);
    std::vector<double> centre(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        lower[i] = std::log(coordinates[i].parameter->lower);
        upper[i] = std::log(coordinates[i].parameter->upper);
        centre[i] = std::log(group.prior.*(coordinates[i].parameter->member));
    }
    auto toEfficiency = [&](const std::vector<double>& x) {
        std::map<Precision, RooflineEfficiency> result;
        for (Precision precision : precisions)
        {
            result[precision] = group.prior;
        }
        for (std::size_t i = 0; i < n; ++i)
        {
            for (auto& [precision, e] : result)
            {
                if (!coordinates[i].perPrecision || coordinates[i].precision == precision)
                {
                    e.*(coordinates[i].parameter->member) = std::exp(x[i]);
                }
            }
        }
        return result;
    };
    auto objective = [&](const std::vector<double>& x) {
        std::map<Precision, RooflineEfficiency> e = toEfficiency(x);
        double sum = 0;
        for (const ResolvedRow& r : rows)
        {
            double err = std::log(PredictResolved(r, e.at(r.row->precision)) / r.row->latency);
            sum += err * err;
        }
        for (std::size_t i = 0; i < n; ++i)
        {
            sum += priorWeight * (x[i] - centre[i]) * (x[i] - centre[i]);
        }
        return sum;
    };
    // Minimize along x + t d within the box; moves x, returns the new value.
    auto lineSearch = [&](std::vector<double>& x, const std::vector<double>& d) {
        double lo = -1e300;
        double hi = 1e300;
        for (std::size_t i = 0; i < n; ++i)
        {
            if (d[i] > 0)
            {
                lo = std::max(lo, (lower[i] - x[i]) / d[i]);
                hi = std::min(hi, (upper[i] - x[i]) / d[i]);
            }
            else if (d[i] < 0)
            {
                lo = std::max(lo, (upper[i] - x[i]) / d[i]);
                hi = std::min(hi, (lower[i] - x[i]) / d[i]);
            }
        }
        auto along = [&](double t) {
            std::vector<double> y = x;
            for (std::size_t i = 0; i < n; ++i)
            {
                y[i] = std::clamp(x[i] + t * d[i], lower[i], upper[i]);
            }
            return y;
        };
        // The objective has kinks (max of the roofs) and can have several
        // minima along a line: scan a grid first, then refine the best cell
        // with Brent's method.
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
        x[i] = std::clamp(centre[i], lower[i], upper[i]);
        directions[i][i] = upper[i] - lower[i];
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
            moved += std::abs(move[i]);
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

ErrorSummary
ErrorSummary::Of(const std::vector<double>& relativeErrors)
{
    ErrorSummary s;
    s.rows = relativeErrors.size();
    if (s.rows == 0)
    {
        return s;
    }
    std::vector<double> magnitudes;
    for (double e : relativeErrors)
    {
        magnitudes.push_back(std::abs(e));
        s.within25 += std::abs(e) <= 0.25 ? 1 : 0;
        double ratio = 1 + e;
        s.within2x += (ratio >= 0.5 && ratio <= 2.0) ? 1 : 0;
    }
    std::sort(magnitudes.begin(), magnitudes.end());
    std::size_t mid = s.rows / 2;
    s.medianAbsError =
        s.rows % 2 == 1 ? magnitudes[mid] : (magnitudes[mid - 1] + magnitudes[mid]) / 2;
    s.within25 /= s.rows;
    s.within2x /= s.rows;
    return s;
}

double
EfficiencyFit::Predict(const CalibrationRow& row,
                       const RooflineEfficiency& efficiency,
                       const DeviceCatalog& devices,
                       const ModelCatalog& models)
{
    return PredictResolved(Resolve(row, devices, models), efficiency);
}

std::map<Precision, RooflineEfficiency>
EfficiencyFit::FitRows(const CalibrationGroup& group,
                       const std::vector<const CalibrationRow*>& rows,
                       const DeviceCatalog& devices,
                       const ModelCatalog& models,
                       double priorWeight)
{
    std::vector<ResolvedRow> resolved;
    for (const CalibrationRow* row : rows)
    {
        resolved.push_back(Resolve(*row, devices, models));
    }
    std::set<Precision> precisions;
    for (const CalibrationRow& row : group.rows)
    {
        precisions.insert(row.precision);
    }
    return Minimize(group, resolved, precisions, priorWeight);
}

FitResult
EfficiencyFit::Fit(const CalibrationGroup& group,
                   const DeviceCatalog& devices,
                   const ModelCatalog& models,
                   double priorWeight)
{
    NS_LOG_FUNCTION(group.deviceClass << group.runtime);
    std::vector<const CalibrationRow*> all;
    for (const CalibrationRow& row : group.rows)
    {
        all.push_back(&row);
    }
    FitResult result;
    result.efficiency = FitRows(group, all, devices, models, priorWeight);

    // Held-out fits, one per distinct set of rows left out.
    std::map<std::pair<std::string, std::string>, std::map<Precision, RooflineEfficiency>>
        heldOutFits;
    for (const CalibrationRow& row : group.rows)
    {
        FitRowResult r;
        r.row = row;
        r.predicted = Predict(row, result.efficiency.at(row.precision), devices, models);
        r.relativeError = (r.predicted - row.latency) / row.latency;

        bool otherDevice =
            std::any_of(group.rows.begin(), group.rows.end(), [&](const CalibrationRow& o) {
                return o.device != row.device && o.precision == row.precision;
            });
        r.heldOut = otherDevice ? HeldOut::DEVICE : HeldOut::MODEL;
        std::pair<std::string, std::string> key{row.device, otherDevice ? "" : row.model};
        auto fit = heldOutFits.find(key);
        if (fit == heldOutFits.end())
        {
            std::vector<const CalibrationRow*> others;
            for (const CalibrationRow& o : group.rows)
            {
                bool left = o.device == row.device && (otherDevice || o.model == row.model);
                if (!left)
                {
                    others.push_back(&o);
                }
            }
            fit = heldOutFits.emplace(key, FitRows(group, others, devices, models, priorWeight))
                      .first;
        }
        r.heldOutPredicted = Predict(row, fit->second.at(row.precision), devices, models);
        r.heldOutError = (r.heldOutPredicted - row.latency) / row.latency;
        result.meanAbsError += std::abs(r.relativeError) / group.rows.size();
        result.maxAbsError = std::max(result.maxAbsError, std::abs(r.relativeError));
        result.meanAbsHeldOutError += std::abs(r.heldOutError) / group.rows.size();
        result.rows.push_back(r);
    }
    return result;
}

std::string
EfficiencyFit::GetDefaultPath()
{
    return r3d::DataFilePath("calibration.json");
}

void
EfficiencyFit::AssignRows(CalibrationPlan& plan,
                          const DeviceCatalog& devices,
                          const ModelCatalog& models)
{
    for (CalibrationGroup& g : plan.groups)
    {
        g.rows.clear();
    }
    for (const CalibrationRow& row : plan.rows)
    {
        if (!row.excluded.empty())
        {
            continue;
        }
        auto fail = [&](const std::string& field, const std::string& problem) {
            throw CatalogError(plan.file, row.id, field, problem);
        };
        if (!devices.Has(row.device))
        {
            fail("device", "unknown device '" + row.device + "' in " + devices.GetFile());
        }
        if (!models.Has(row.model))
        {
            fail("model", "unknown model '" + row.model + "' in " + models.GetFile());
        }
        const DeviceProfile& device = devices.Get(row.device);
        if (!device.SupportsPrecision(row.precision))
        {
            fail("precision",
                 "device '" + row.device + "' has no peak for " + PrecisionToString(row.precision));
        }
        if (device.runtimes.count(row.runtime) == 0 &&
            devices.GetRuntimes().count(row.runtime) == 0)
        {
            fail("runtime", "runtime '" + row.runtime + "' is not defined in " + devices.GetFile());
        }
        auto group =
            std::find_if(plan.groups.begin(), plan.groups.end(), [&](const CalibrationGroup& g) {
                return g.deviceClass == device.deviceClass && g.runtime == row.runtime;
            });
        if (group == plan.groups.end())
        {
            fail("runtime",
                 "no group fits class '" + device.deviceClass + "' under runtime '" + row.runtime +
                     "'");
        }
        group->rows.push_back(row);
    }
}

CalibrationPlan
EfficiencyFit::LoadFile(const std::string& path)
{
    nlohmann::json doc = r3d::ParseJsonFile(path);
    EntryReader top(path, "", doc);
    top.RejectUnknown({"schema", "priorWeight", "prior", "groups", "derived", "rows"});
    CalibrationPlan plan;
    plan.file = path;
    plan.priorWeight = top.Number("priorWeight", true);
    RooflineEfficiency prior{0.5, 0.3, 0.6, 20e-6, 2.25, ""};
    ReadParameters(top.Nested("prior"), prior);

    std::set<std::string> ids;
    const nlohmann::json& rows = top.Array("rows");
    for (std::size_t j = 0; j < rows.size(); ++j)
    {
        EntryReader r = top.Element("rows", j);
        r.RejectUnknown({"id",
                         "device",
                         "model",
                         "precision",
                         "runtime",
                         "batch",
                         "latencyMs",
                         "statistic",
                         "source",
                         "measuredOn",
                         "caveat",
                         "excluded"});
        CalibrationRow c;
        c.id = r.String("id");
        if (!ids.insert(c.id).second)
        {
            r.Fail("id", "duplicate row id '" + c.id + "'");
        }
        c.device = r.String("device");
        c.model = r.String("model");
        c.precision = ReadPrecision(r, "precision");
        c.runtime = r.String("runtime");
        double batch = r.Has("batch") ? r.Number("batch") : 1;
        if (batch != static_cast<uint32_t>(batch))
        {
            r.Fail("batch", "must be a whole number");
        }
        c.batch = static_cast<uint32_t>(batch);
        c.latency = r.Number("latencyMs") * 1e-3;
        c.statistic = r.Has("statistic") ? r.String("statistic") : "";
        c.source = r.String("source");
        c.measuredOn = r.Has("measuredOn") ? r.String("measuredOn") : "";
        c.note = r.Has("note") ? r.String("note") : "";
        c.excluded = r.Has("excluded") ? r.String("excluded") : "";
        plan.rows.push_back(c);
    }

    const nlohmann::json& groups = top.Array("groups");
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < groups.size(); ++i)
    {
        EntryReader r = top.Element("groups", i);
        r.RejectUnknown({"class", "runtime", "free", "prior"});
        CalibrationGroup g;
        g.deviceClass = r.String("class");
        g.runtime = r.String("runtime");
        if (!seen.insert({g.deviceClass, g.runtime}).second)
        {
            r.Fail("runtime",
                   "a second group for class '" + g.deviceClass + "' and runtime '" + g.runtime +
                       "'");
        }
        g.note = r.Has("note") ? r.String("note") : "";
        g.prior = prior;
        if (r.Has("prior"))
        {
            ReadParameters(r.Nested("prior"), g.prior);
        }
        for (const nlohmann::json& name : r.Array("free"))
        {
            if (!name.is_string() || FindParameter(name.get<std::string>()) == nullptr)
            {
                r.Fail("free", "unknown parameter " + name.dump());
            }
            g.free.push_back(name.get<std::string>());
        }
        plan.groups.push_back(g);
    }
    if (top.Has("derived"))
    {
        const nlohmann::json& derived = top.Array("derived");
        for (std::size_t i = 0; i < derived.size(); ++i)
        {
            EntryReader r = top.Element("derived", i);
            r.RejectUnknown({"class", "runtime", "precision", "from", "computeScale", "why"});
            DerivedEfficiency d;
            d.deviceClass = r.String("class");
            d.runtime = r.String("runtime");
            d.precision = ReadPrecision(r, "precision");
            d.fromPrecision = ReadPrecision(r, "from");
            d.computeScale = r.Has("computeScale") ? r.Number("computeScale") : 1.0;
            d.why = r.String("why");
            plan.derived.push_back(d);
        }
    }
    return plan;
}

} // namespace ns3
