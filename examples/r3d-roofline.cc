/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-roofline: the Roofline latency predictor on the command line.
//
//   r3d-roofline --device=jetson-nano --model=resnet50 --precision=fp16
//   r3d-roofline --device=jetson-nano --model=resnet50 --precision=fp16 --json
//   r3d-roofline --all            # every model on every device of the catalog
//
// Catalog files: --devices-file / --models-file (default: the module's data/).
// Bad arguments print what is wrong and exit with status 1.

#include "ns3/catalog-error.h"
#include "ns3/catalog-helper.h"
#include "ns3/command-line.h"
#include "ns3/program-support.h"
#include "ns3/roofline-model.h"

#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

using namespace ns3;

namespace
{

/// The precision a device runs a model at in the catalog-wide table: the
/// lowest-precision float it supports (fp16 on GPUs, fp32 on CPUs).
Precision
DefaultPrecision(const DeviceProfile& device)
{
    return device.SupportsPrecision(Precision::FP16) ? Precision::FP16 : Precision::FP32;
}

void
PrintCatalogTable(const DeviceCatalog& devices, const ModelCatalog& models, uint32_t batch)
{
    std::cout << "Predicted batch-" << batch
              << " inference latency (ms) of every catalog model on every catalog device,\n"
              << "from the Roofline model with fitted efficiencies; each device at fp16 where it "
                 "has it, else fp32.\n";
    for (Tier tier : {Tier::END, Tier::EDGE, Tier::CLOUD})
    {
        std::vector<const DeviceProfile*> columns;
        for (const std::string& d : devices.GetNames())
        {
            if (devices.Get(d).tier == tier)
            {
                columns.push_back(&devices.Get(d));
            }
        }
        if (columns.empty())
        {
            continue;
        }
        std::cout << "\n" << std::left << std::setw(20) << (TierToString(tier) + " tier");
        for (const DeviceProfile* d : columns)
        {
            std::cout << std::right << std::setw(std::max<std::size_t>(9, d->name.size() + 2))
                      << d->name;
        }
        std::cout << "\n";
        for (const std::string& m : models.GetNames())
        {
            std::cout << std::left << std::setw(20) << m;
            for (const DeviceProfile* d : columns)
            {
                RooflineModel roofline(*d, DefaultPrecision(*d));
                double ms = roofline.EstimateModel(models.Get(m), batch).latency * 1e3;
                std::cout << std::right << std::setw(std::max<std::size_t>(9, d->name.size() + 2))
                          << std::fixed << std::setprecision(ms < 10 ? 2 : 1) << ms;
            }
            std::cout << "\n";
        }
    }
    std::cout << "\nPer-layer breakdown: r3d-roofline --device=NAME --model=NAME "
                 "[--precision=fp32|fp16|int8] [--batch=N] [--json]\n";
}

void
PrintModelTable(const RooflineModel& roofline,
                const DnnModel& model,
                uint32_t batch,
                const ModelEstimate& estimate)
{
    const DeviceProfile& device = roofline.GetDevice();
    std::cout << model.name << " on " << device.name << ", "
              << PrecisionToString(roofline.GetPrecision()) << ", batch " << batch << "\n"
              << "  ridge point " << std::fixed << std::setprecision(1) << roofline.GetRidgePoint()
              << " FLOP/byte (conv); " << roofline.GetAttainableFlops(LayerKind::CONV) / 1e9
              << " GFLOP/s and " << roofline.GetAttainableBandwidth() / 1e9
              << " GB/s attainable\n\n";
    std::cout << std::left << std::setw(32) << "layer" << std::setw(15) << "kind" << std::right
              << std::setw(10) << "MFLOP" << std::setw(10) << "MB" << std::setw(10) << "FLOP/B"
              << std::setw(9) << "bound" << std::setw(11) << "time ms"
              << "\n";
    std::size_t memoryBound = 0;
    for (std::size_t i = 0; i < model.layers.size(); ++i)
    {
        const LayerEstimate& e = estimate.layers[i];
        memoryBound += e.memoryBound ? 1 : 0;
        std::cout << std::left << std::setw(32) << model.layers[i].name.substr(0, 31)
                  << std::setw(15) << LayerKindToString(model.layers[i].kind) << std::right
                  << std::setw(10) << std::setprecision(1) << e.flops / 1e6 << std::setw(10)
                  << std::setprecision(2) << e.bytes / 1e6 << std::setw(10) << std::setprecision(1)
                  << e.intensity << std::setw(9) << (e.memoryBound ? "memory" : "compute")
                  << std::setw(11) << std::setprecision(3) << e.latency * 1e3 << "\n";
    }
    std::cout << "\ntotal: " << std::setprecision(2) << estimate.latency * 1e3 << " ms, "
              << estimate.flops / 1e9 << " GFLOP, " << estimate.bytes / 1e6 << " MB moved; "
              << memoryBound << " of " << model.layers.size() << " layers memory-bound\n";
}

nlohmann::json
ToJson(const RooflineModel& roofline,
       const DnnModel& model,
       uint32_t batch,
       const ModelEstimate& estimate)
{
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t i = 0; i < model.layers.size(); ++i)
    {
        const LayerEstimate& e = estimate.layers[i];
        layers.push_back({{"name", model.layers[i].name},
                          {"kind", LayerKindToString(model.layers[i].kind)},
                          {"flops", e.flops},
                          {"bytes", e.bytes},
                          {"intensity", e.intensity},
                          {"ridgePoint", e.ridgePoint},
                          {"bound", e.memoryBound ? "memory" : "compute"},
                          {"computeMs", e.computeTime * 1e3},
                          {"memoryMs", e.memoryTime * 1e3},
                          {"overheadMs", e.overhead * 1e3},
                          {"timeMs", e.latency * 1e3}});
    }
    return {{"device", roofline.GetDevice().name},
            {"model", model.name},
            {"precision", PrecisionToString(roofline.GetPrecision())},
            {"batch", batch},
            {"latencyMs", estimate.latency * 1e3},
            {"flops", estimate.flops},
            {"bytes", estimate.bytes},
            {"ridgePoint", roofline.GetRidgePoint()},
            {"layers", layers}};
}

int
Run(int argc, char* argv[])
{
    std::string device = "jetson-nano";
    std::string model = "resnet50";
    std::string precision; // default: the device's lowest-precision float
    uint32_t batch = 1;
    CatalogHelper catalogs;
    bool json = false;
    bool all = false;

    CommandLine cmd(__FILE__);
    cmd.Usage("Predict the inference latency of a DNN on a device with the Roofline model.");
    cmd.AddValue("device", "device catalog name", device);
    cmd.AddValue("model", "model catalog name", model);
    cmd.AddValue("precision",
                 "fp32, fp16 or int8 (default: fp16 if the device has it, else fp32)",
                 precision);
    cmd.AddValue("batch", "batch size (>= 1)", batch);
    catalogs.AddCommandLineOptions(cmd);
    cmd.AddValue("json", "print JSON instead of a table", json);
    cmd.AddValue("all", "print every model on every device of the catalogs", all);
    cmd.Parse(argc, argv);

    if (batch < 1)
    {
        std::cerr << "r3d-roofline: error: --batch must be at least 1\n";
        return 1;
    }
    Precision p = Precision::FP16;
    if (!precision.empty() && !PrecisionFromString(precision, p))
    {
        std::cerr << "r3d-roofline: error: --precision: unknown precision '" << precision
                  << "' (expected fp32, fp16 or int8)\n";
        return 1;
    }
    if (all)
    {
        PrintCatalogTable(*catalogs.GetDevices(), *catalogs.GetModels(), batch);
        return 0;
    }
    const DeviceProfile& d = catalogs.GetDevices()->Get(device);
    const DnnModel& m = catalogs.GetModels()->Get(model);
    if (precision.empty())
    {
        p = DefaultPrecision(d);
    }
    RooflineModel roofline(d, p);
    ModelEstimate estimate = roofline.EstimateModel(m, batch);
    if (json)
    {
        std::cout << ToJson(roofline, m, batch, estimate).dump(1) << "\n";
    }
    else
    {
        PrintModelTable(roofline, m, batch, estimate);
    }
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-roofline", Run, argc, argv);
}
