/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-fit-efficiency: fit the Roofline model's efficiency parameters per
// device class and inference runtime to the published latencies in
// data/calibration.json, and print measured against predicted latency, in
// sample and held out (leave-one-device-out, or leave-one-model-out where no
// other device of the group measured the row's precision).
//
//   r3d-fit-efficiency            # fit and print the tables and the summary
//   r3d-fit-efficiency --write    # also store the fitted parameters in the
//                                 # device catalog's efficiencyClasses
//
// Re-runnable: the fit starts from the calibration file, not from the
// catalog's current values, so running it twice gives the same catalog.

#include "ns3/catalog-helper.h"
#include "ns3/command-line.h"
#include "ns3/device-catalog-writer.h"
#include "ns3/efficiency-fit.h"
#include "ns3/option-values.h"
#include "ns3/program-support.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>

using namespace ns3;

namespace
{

std::string
Percent(double fraction, int decimals = 1)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << fraction * 100 << "%";
    return s.str();
}

std::string
Signed(double fraction)
{
    std::ostringstream s;
    s << std::showpos << std::fixed << std::setprecision(1) << fraction * 100 << "%";
    return s.str();
}

std::string
Describe(const RooflineEfficiency& e, bool winograd)
{
    std::ostringstream s;
    s << "compute " << std::setprecision(4) << e.compute << ", depthwise " << e.depthwise
      << ", memory " << e.memory << ", kernel overhead " << e.layerOverhead * 1e6 << " us";
    if (winograd)
    {
        s << ", winograd " << e.winograd;
    }
    return s.str();
}

std::string
Summary(const std::vector<double>& errors)
{
    ErrorSummary s = ErrorSummary::Of(errors);
    if (s.rows == 0)
    {
        return "  0 rows";
    }
    std::ostringstream o;
    o << std::setw(3) << s.rows << " rows: median |error| " << std::setw(6)
      << Percent(s.medianAbsError) << ", within 25% " << std::setw(6) << Percent(s.within25, 0)
      << ", within 2x " << std::setw(5) << Percent(s.within2x, 0);
    return o.str();
}

void
PrintGroup(const CalibrationGroup& g, const FitResult& fit, const DeviceCatalog& devices)
{
    std::set<std::string> deviceNames;
    for (const CalibrationRow& r : g.rows)
    {
        deviceNames.insert(r.device);
    }
    bool winograd = devices.GetRuntime(g.runtime).winograd;
    std::cout << "\n"
              << g.deviceClass << " / " << g.runtime << " (" << g.rows.size() << " rows, "
              << deviceNames.size() << " device" << (deviceNames.size() > 1 ? "s" : "")
              << "; free:";
    for (const std::string& f : g.free)
    {
        std::cout << " " << f;
    }
    std::cout << ")\n";
    for (const auto& [p, e] : fit.efficiency)
    {
        std::cout << "  " << PrecisionToString(p) << ": " << Describe(e, winograd) << "\n";
    }
    std::cout << "  " << std::left << std::setw(6) << "row" << std::setw(24) << "device"
              << std::setw(19) << "model" << std::setw(6) << "prec" << std::right << std::setw(10)
              << "measured" << std::setw(11) << "predicted" << std::setw(9) << "error"
              << std::setw(10) << "held-out"
              << "  by\n";
    std::vector<double> inSample;
    std::vector<double> heldOut;
    for (const FitRowResult& r : fit.rows)
    {
        std::cout << "  " << std::left << std::setw(6) << r.row.id << std::setw(24) << r.row.device
                  << std::setw(19) << r.row.model << std::setw(6)
                  << PrecisionToString(r.row.precision) << std::right << std::fixed
                  << std::setprecision(r.row.latency < 10e-3 ? 3 : 2) << std::setw(10)
                  << r.row.latency * 1e3 << std::setw(11) << r.predicted * 1e3 << std::setw(9)
                  << Signed(r.relativeError) << std::setw(10) << Signed(r.heldOutError) << "  "
                  << (r.heldOut == HeldOut::DEVICE ? "device" : "model") << std::defaultfloat
                  << "\n";
        inSample.push_back(r.relativeError);
        heldOut.push_back(r.heldOutError);
    }
    std::cout << "  in sample " << Summary(inSample) << "\n  held out  " << Summary(heldOut)
              << "\n";
}

/// Errors of rows, split by whether the row's runtime is its device's default.
struct Errors
{
    std::vector<double> inSample;  //!< in-sample errors
    std::vector<double> heldOut;   //!< held-out errors
    std::vector<double> byDevice;  //!< held-out errors, leave-one-device-out rows
    std::vector<double> byModel;   //!< held-out errors, leave-one-model-out rows
    std::set<std::string> devices; //!< devices of the rows
};

void
PrintSummary(const std::string& title, const Errors& e)
{
    std::cout << "  " << title << " (" << e.devices.size() << " device"
              << (e.devices.size() == 1 ? "" : "s") << ")\n"
              << "    held out   " << Summary(e.heldOut) << "\n"
              << "      by device " << Summary(e.byDevice) << "\n"
              << "      by model  " << Summary(e.byModel) << "\n"
              << "    in sample  " << Summary(e.inSample) << "\n";
}

std::vector<EfficiencyClassEntry>
Entries(const CalibrationPlan& plan,
        const std::vector<FitResult>& fits,
        const DeviceCatalog& devices,
        double priorWeight)
{
    std::vector<EfficiencyClassEntry> entries;
    std::map<std::tuple<std::string, std::string, Precision>, RooflineEfficiency> set;
    for (std::size_t i = 0; i < plan.groups.size(); ++i)
    {
        const CalibrationGroup& g = plan.groups[i];
        std::vector<double> heldOut;
        std::set<std::string> deviceNames;
        for (const FitRowResult& r : fits[i].rows)
        {
            heldOut.push_back(r.heldOutError);
            deviceNames.insert(r.row.device);
        }
        for (auto [p, e] : fits[i].efficiency)
        {
            std::size_t rows = 0;
            for (const CalibrationRow& r : g.rows)
            {
                rows += r.precision == p ? 1 : 0;
            }
            std::ostringstream note;
            note << "fitted by r3d-fit-efficiency (prior weight " << priorWeight << ") to the "
                 << g.rows.size() << " " << g.runtime << " rows of class " << g.deviceClass
                 << " in data/calibration.json (" << rows << " at " << PrecisionToString(p) << ", "
                 << deviceNames.size() << " devices); held-out median |error| "
                 << Percent(ErrorSummary::Of(heldOut).medianAbsError);
            e.fit = note.str();
            if (!devices.GetRuntime(g.runtime).winograd)
            {
                e.winograd = 1.0; // no effect: the runtime transforms no convolution
            }
            set[{g.deviceClass, g.runtime, p}] = e;
            entries.push_back({g.deviceClass, g.runtime, p, e});
        }
    }
    for (const DerivedEfficiency& d : plan.derived)
    {
        auto from = set.find({d.deviceClass, d.runtime, d.fromPrecision});
        if (from == set.end())
        {
            throw std::runtime_error("derived entry " + d.deviceClass + "/" + d.runtime + "/" +
                                     PrecisionToString(d.precision) + " comes from " +
                                     PrecisionToString(d.fromPrecision) + ", which no row fits");
        }
        RooflineEfficiency e = from->second;
        e.compute *= d.computeScale;
        e.fit = "assumed (not fitted): " + d.why;
        entries.push_back({d.deviceClass, d.runtime, d.precision, e});
    }
    return entries;
}

int
Run(int argc, char* argv[])
{
    std::string calibrationFile = EfficiencyFit::GetDefaultPath();
    CatalogHelper catalogs;
    bool write = false;
    std::string priorWeightText; // empty: the calibration file's

    CommandLine cmd(__FILE__);
    cmd.Usage("Fit the Roofline efficiency parameters per device class and runtime to "
              "published latencies; print in-sample and held-out errors.");
    r3d::AddValue(cmd, "calibration-file", "calibration rows and groups (JSON)", calibrationFile);
    catalogs.AddCommandLineOptions(cmd);
    r3d::AddValue(cmd,
                  "prior-weight",
                  "weight of the prior on the parameters (default: the calibration file's)",
                  priorWeightText);
    r3d::AddValue(cmd, "write", "store the fitted parameters in the device catalog", write);
    cmd.Parse(argc, argv);

    Ptr<DeviceCatalog> devices = catalogs.GetDevices();
    Ptr<ModelCatalog> models = catalogs.GetModels();
    CalibrationPlan plan = EfficiencyFit::LoadFile(calibrationFile);
    EfficiencyFit::AssignRows(plan, *devices, *models);
    double priorWeight = plan.priorWeight;
    if (!priorWeightText.empty())
    {
        char* end = nullptr;
        priorWeight = std::strtod(priorWeightText.c_str(), &end);
        if (end != priorWeightText.c_str() + priorWeightText.size() || !(priorWeight >= 0) ||
            !std::isfinite(priorWeight))
        {
            throw std::invalid_argument("--prior-weight: '" + priorWeightText +
                                        "' is not a finite number, 0 or more");
        }
    }

    std::size_t excluded = 0;
    for (const CalibrationRow& r : plan.rows)
    {
        excluded += r.excluded.empty() ? 0 : 1;
    }
    std::cout << "Roofline efficiency fit per device class and runtime: least squares on log "
                 "latency, prior weight "
              << priorWeight << "\n"
              << calibrationFile << ": " << plan.rows.size() << " rows, "
              << plan.rows.size() - excluded << " fitted in " << plan.groups.size() << " groups, "
              << excluded << " excluded (listed at the end)\n"
              << "held out = predicted by a fit without the row's device (by device), or, "
                 "where no other\ndevice of the group measured the row's precision, without "
                 "the row's model on its device (by model)\n";

    std::vector<FitResult> fits;
    Errors defaults;
    Errors others;
    std::map<std::string, Errors> byRuntime;
    for (const CalibrationGroup& g : plan.groups)
    {
        fits.push_back(EfficiencyFit::Fit(g, *devices, *models, priorWeight));
        PrintGroup(g, fits.back(), *devices);
        for (const FitRowResult& r : fits.back().rows)
        {
            bool isDefault = devices->Get(r.row.device).defaultRuntime == r.row.runtime;
            for (Errors* e : {isDefault ? &defaults : &others, &byRuntime[r.row.runtime]})
            {
                e->inSample.push_back(r.relativeError);
                e->heldOut.push_back(r.heldOutError);
                (r.heldOut == HeldOut::DEVICE ? e->byDevice : e->byModel).push_back(r.heldOutError);
                e->devices.insert(r.row.device);
            }
        }
    }

    std::cout << "\nSummary: |predicted - measured| / measured\n";
    PrintSummary("rows on their device's default runtime", defaults);
    PrintSummary("rows on other runtimes", others);
    for (const auto& [runtime, e] : byRuntime)
    {
        PrintSummary("runtime " + runtime, e);
    }

    if (!plan.derived.empty())
    {
        std::cout << "\nNot fitted (no measurement), derived:\n";
        for (const DerivedEfficiency& d : plan.derived)
        {
            std::cout << "  " << d.deviceClass << " / " << d.runtime << " / "
                      << PrecisionToString(d.precision) << ": the "
                      << PrecisionToString(d.fromPrecision) << " fit with compute x "
                      << d.computeScale << " (" << d.why << ")\n";
        }
    }
    std::cout << "\nExcluded rows:\n";
    for (const CalibrationRow& r : plan.rows)
    {
        if (!r.excluded.empty())
        {
            std::cout << "  " << r.id << " " << r.device << " " << r.model << " "
                      << PrecisionToString(r.precision) << " " << r.runtime << ": " << r.excluded
                      << "\n";
        }
    }

    if (write)
    {
        std::ifstream in(devices->GetFile());
        std::stringstream text;
        text << in.rdbuf();
        r3d::WriteFileAtomically(
            devices->GetFile(),
            DeviceCatalogWriter::SetEfficiencyClasses(text.str(),
                                                      devices->GetFile(),
                                                      Entries(plan, fits, *devices, priorWeight)));
        std::cout << "\nwrote the fitted efficiencyClasses to " << devices->GetFile() << "\n";
    }
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-fit-efficiency", Run, argc, argv);
}
