/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-roofline: the Roofline latency predictor on the command line.
//
//   r3d-roofline --device=jetson-nano --model=resnet50 --precision=fp16
//   r3d-roofline --device=jetson-nano --model=resnet50 --runtime=ncnn-vulkan
//   r3d-roofline --device=jetson-nano --model=resnet50 --precision=fp16 --json
//   r3d-roofline --all            # every model on every device of the catalog
//   r3d-roofline --runtimes       # the runtimes, and which device offers which
//
// Without --runtime a device runs under its default runtime (TensorRT on
// NVIDIA GPUs, ncnn on CPUs; the catalog's defaultRuntime).
//
// Catalog files: --devices-file / --models-file (default: the module's data/).
// Bad arguments print what is wrong and exit with status 1.

#include "ns3/catalog-error.h"
#include "ns3/catalog-helper.h"
#include "ns3/command-line.h"
#include "ns3/option-values.h"
#include "ns3/program-support.h"
#include "ns3/roofline-model.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>

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

/// The runtimes a catalog defines, for --help and --runtimes.
std::string
RuntimeList(const DeviceCatalog& devices)
{
    std::string list;
    for (const auto& [name, runtime] : devices.GetRuntimes())
    {
        list += (list.empty() ? "" : ", ") + name;
    }
    return list;
}

void
PrintRuntimes(const DeviceCatalog& devices)
{
    std::cout << "Inference runtimes of " << devices.GetFile() << "\n";
    for (const auto& [name, r] : devices.GetRuntimes())
    {
        std::cout << "\n"
                  << name << ": " << r.description << "\n  fusion "
                  << KernelFusionToString(r.fusion) << ", "
                  << (r.matrixUnits ? "matrix units (tensor cores) where present"
                                    : "vector units (CUDA cores, SIMD)")
                  << ", " << (r.winograd ? "Winograd 3x3 convolutions" : "no Winograd")
                  << ", per-kernel overhead " << KernelOverheadModeToString(r.overhead)
                  << "\n  default on:";
        for (const std::string& d : devices.GetNames())
        {
            if (devices.Get(d).defaultRuntime == name)
            {
                std::cout << " " << d;
            }
        }
        std::cout << "\n  also on:";
        for (const std::string& d : devices.GetNames())
        {
            const DeviceProfile& device = devices.Get(d);
            if (device.defaultRuntime != name && device.runtimes.count(name) > 0)
            {
                std::cout << " " << d << " (";
                std::string precisions;
                for (const auto& [p, e] : device.runtimes.at(name).efficiency)
                {
                    precisions += (precisions.empty() ? "" : " ") + PrecisionToString(p);
                }
                std::cout << precisions << ")";
            }
        }
        std::cout << "\n";
    }
}

void
PrintCatalogTable(const DeviceCatalog& devices, const ModelCatalog& models, uint32_t batch)
{
    std::cout << "Predicted batch-" << batch
              << " inference latency (ms) of every catalog model on every catalog device,\n"
              << "from the Roofline model with fitted efficiencies; each device under its default "
                 "runtime, at fp16 where it has it, else fp32.\n";
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
    const RooflineEfficiency& e = roofline.GetEfficiency();
    std::cout << model.name << " on " << device.name << " under " << roofline.GetRuntime().name
              << ", " << PrecisionToString(roofline.GetPrecision()) << ", batch " << batch << "\n"
              << "  ridge point " << std::fixed << std::setprecision(1) << roofline.GetRidgePoint()
              << " FLOP/byte (conv); " << roofline.GetAttainableFlops(LayerKind::CONV) / 1e9
              << " GFLOP/s and " << roofline.GetAttainableBandwidth() / 1e9 << " GB/s attainable; "
              << std::setprecision(1) << e.layerOverhead * 1e6 << " us per kernel ("
              << KernelOverheadModeToString(roofline.GetRuntime().overhead)
              << ")\n  efficiency: " << (e.fit.empty() ? "given in the catalog" : e.fit) << "\n\n";
    std::cout << std::left << std::setw(32) << "layer" << std::setw(15) << "kind" << std::right
              << std::setw(10) << "MFLOP" << std::setw(10) << "MB" << std::setw(10) << "FLOP/B"
              << std::setw(9) << "bound" << std::setw(11) << "time ms"
              << "\n";
    std::cout << std::fixed;
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
                  << std::setw(11) << std::setprecision(3) << e.latency * 1e3
                  << (e.fused ? "  fused" : "") << "\n";
    }
    std::cout << "\ntotal: " << std::setprecision(2) << estimate.latency * 1e3 << " ms, "
              << estimate.flops / 1e9 << " GFLOP, " << estimate.bytes / 1e6 << " MB moved; "
              << memoryBound << " of " << model.layers.size() << " layers memory-bound; "
              << estimate.kernels << " kernels\n";
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
                          {"timeMs", e.latency * 1e3},
                          {"fused", e.fused}});
    }
    return {{"device", roofline.GetDevice().name},
            {"model", model.name},
            {"precision", PrecisionToString(roofline.GetPrecision())},
            {"runtime", roofline.GetRuntime().name},
            {"batch", batch},
            {"kernels", estimate.kernels},
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
    std::string runtime;   // default: the device's default runtime
    uint32_t batch = 1;
    CatalogHelper catalogs;
    bool json = false;
    bool all = false;
    bool listRuntimes = false;

    CommandLine cmd(__FILE__);
    cmd.Usage("Predict the inference latency of a DNN on a device with the Roofline model.");
    r3d::AddValue(cmd, "device", "device catalog name", device);
    r3d::AddValue(cmd, "model", "model catalog name", model);
    r3d::AddValue(cmd,
                  "precision",
                  "fp32, fp16 or int8 (default: fp16 if the device has it, else fp32)",
                  precision);
    r3d::AddValue(cmd,
                  "runtime",
                  "inference runtime (default: the device's default runtime): " +
                      RuntimeList(*DeviceCatalog::LoadCached(DeviceCatalog::GetDefaultPath())) +
                      " in the shipped catalog; --runtimes lists which device offers which",
                  runtime);
    // Through CountOption: ns-3 would read "-1" as 4294967295 and "2.7" as 2.
    cmd.AddValue("batch",
                 "batch size (>= 1)",
                 r3d::CountOption("batch", batch),
                 std::to_string(batch));
    catalogs.AddCommandLineOptions(cmd);
    r3d::AddValue(cmd, "json", "print JSON instead of a table", json);
    r3d::AddValue(cmd, "all", "print every model on every device of the catalogs", all);
    r3d::AddValue(cmd,
                  "runtimes",
                  "list the catalog's runtimes and the devices offering them",
                  listRuntimes);
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
    if (listRuntimes)
    {
        PrintRuntimes(*catalogs.GetDevices());
        return 0;
    }
    const DeviceProfile& d = catalogs.GetDevices()->Get(device);
    const DnnModel& m = catalogs.GetModels()->Get(model);
    if (precision.empty())
    {
        p = DefaultPrecision(d);
    }
    std::vector<std::string> offered = d.GetRuntimeNames();
    if (!runtime.empty() && std::find(offered.begin(), offered.end(), runtime) == offered.end())
    {
        std::string known;
        for (const std::string& n : offered)
        {
            known += (known.empty() ? "" : ", ") + n;
        }
        throw std::invalid_argument("--runtime: device '" + device + "' does not offer '" +
                                    runtime + "' (it has: " + known +
                                    "; --runtimes lists which device offers which)");
    }
    if (precision.empty() && !runtime.empty() && !d.SupportsRuntime(runtime, p))
    {
        for (Precision other : {Precision::FP32, Precision::INT8})
        {
            if (d.SupportsRuntime(runtime, other))
            {
                p = other; // the runtime does not run the default precision here
                break;
            }
        }
    }
    RooflineModel roofline(d, p, runtime);
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
