/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-fit-efficiency: fit the Roofline model's efficiency parameters per
// device class and precision to the published latencies in
// data/calibration.json, and print measured against predicted latency.
//
//   r3d-fit-efficiency            # fit and print the table
//   r3d-fit-efficiency --write    # also store the fitted parameters in the
//                                 # device catalog's efficiencyClasses
//
// Re-runnable: the fit starts from the calibration file, not from the
// catalog's current values, so running it twice gives the same catalog.

#include "ns3/catalog-helper.h"
#include "ns3/command-line.h"
#include "ns3/efficiency-fit.h"
#include "ns3/program-support.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ns3;

namespace
{

void
PrintGroup(const CalibrationGroup& g, const FitResult& fit)
{
    const RooflineEfficiency& e = fit.efficiency;
    std::cout << "\n"
              << g.deviceClass << " / " << PrecisionToString(g.precision) << " (" << g.runtime
              << ", " << g.rows.size() << " rows; free:";
    for (const std::string& f : g.free)
    {
        std::cout << " " << f;
    }
    std::cout << ")\n  compute " << std::setprecision(4) << e.compute << ", depthwise "
              << e.depthwise << ", memory " << e.memory << ", layer overhead "
              << e.layerOverhead * 1e6 << " us\n";
    std::cout << "  " << std::left << std::setw(20) << "device" << std::setw(20) << "model"
              << std::right << std::setw(12) << "measured ms" << std::setw(13) << "predicted ms"
              << std::setw(9) << "error" << std::setw(14) << "leave-1-out"
              << "\n";
    for (const FitRowResult& r : fit.rows)
    {
        std::cout << "  " << std::left << std::setw(20) << r.row.device << std::setw(20)
                  << r.row.model << std::right << std::fixed << std::setprecision(2)
                  << std::setw(12) << r.row.latency * 1e3 << std::setw(13) << r.predicted * 1e3
                  << std::setw(8) << std::showpos << std::setprecision(1) << r.relativeError * 100
                  << "%" << std::setw(13) << r.leaveOneOutError * 100 << "%" << std::noshowpos
                  << std::defaultfloat << "\n";
    }
    std::cout << "  mean |error| " << std::fixed << std::setprecision(1) << fit.meanAbsError * 100
              << "%, max " << fit.maxAbsError * 100 << "%, mean |leave-one-out error| "
              << fit.meanAbsLeaveOneOutError * 100 << "%\n"
              << std::defaultfloat;
}

nlohmann::ordered_json
ToJson(const RooflineEfficiency& e, const std::string& note)
{
    return {{"compute", r3d::RoundSignificant(e.compute)},
            {"depthwise", r3d::RoundSignificant(e.depthwise)},
            {"memory", r3d::RoundSignificant(e.memory)},
            {"layerOverheadUs", r3d::RoundSignificant(e.layerOverhead * 1e6)},
            {"fit", note}};
}

void
WriteCatalog(const std::string& path,
             const CalibrationPlan& plan,
             const std::vector<FitResult>& fits)
{
    std::ifstream in(path);
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(in);
    std::map<std::pair<std::string, Precision>, RooflineEfficiency> set;
    for (std::size_t i = 0; i < plan.groups.size(); ++i)
    {
        const CalibrationGroup& g = plan.groups[i];
        std::ostringstream note;
        note << "fitted by r3d-fit-efficiency to " << g.rows.size() << " " << g.runtime
             << " rows of data/calibration.json; mean |error| " << std::fixed
             << std::setprecision(1) << fits[i].meanAbsError * 100 << "%";
        set[{g.deviceClass, g.precision}] = fits[i].efficiency;
        doc["efficiencyClasses"][g.deviceClass][PrecisionToString(g.precision)] =
            ToJson(fits[i].efficiency, note.str());
    }
    for (const DerivedEfficiency& d : plan.derived)
    {
        auto from = set.find({d.fromClass, d.fromPrecision});
        if (from == set.end())
        {
            throw std::runtime_error("derived entry " + d.deviceClass + "/" +
                                     PrecisionToString(d.precision) + " comes from " + d.fromClass +
                                     "/" + PrecisionToString(d.fromPrecision) +
                                     ", which no group fits");
        }
        RooflineEfficiency e = from->second;
        e.compute *= d.computeScale;
        set[{d.deviceClass, d.precision}] = e;
        doc["efficiencyClasses"][d.deviceClass][PrecisionToString(d.precision)] =
            ToJson(e, "assumed (not fitted): " + d.why);
    }
    r3d::WriteFileAtomically(path, doc.dump(1) + "\n");
    std::cout << "\nwrote fitted efficiencyClasses to " << path << "\n";
}

int
Run(int argc, char* argv[])
{
    std::string calibrationFile = EfficiencyFit::GetDefaultPath();
    CatalogHelper catalogs;
    bool write = false;

    CommandLine cmd(__FILE__);
    cmd.Usage("Fit the Roofline efficiency parameters to published latencies.");
    cmd.AddValue("calibration-file", "calibration rows (JSON)", calibrationFile);
    catalogs.AddCommandLineOptions(cmd);
    cmd.AddValue("write", "store the fitted parameters in the device catalog", write);
    cmd.Parse(argc, argv);

    Ptr<DeviceCatalog> devices = catalogs.GetDevices();
    Ptr<ModelCatalog> models = catalogs.GetModels();

    CalibrationPlan plan = EfficiencyFit::LoadFile(calibrationFile);
    std::vector<FitResult> fits;
    std::cout << "Roofline efficiency fit (least squares on log latency)\n";
    for (const CalibrationGroup& g : plan.groups)
    {
        fits.push_back(EfficiencyFit::Fit(g, *devices, *models));
        PrintGroup(g, fits.back());
    }
    for (const DerivedEfficiency& d : plan.derived)
    {
        std::cout << "\n"
                  << d.deviceClass << " / " << PrecisionToString(d.precision) << ": not fitted; "
                  << d.fromClass << " / " << PrecisionToString(d.fromPrecision)
                  << " with compute x " << d.computeScale << " (" << d.why << ")\n";
    }
    if (write)
    {
        WriteCatalog(devices->GetFile(), plan, fits);
    }
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-fit-efficiency", Run, argc, argv);
}
