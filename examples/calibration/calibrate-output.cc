/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-calibrate, output. The entry: class "host-cpu", tier "edge",
// computeUnitKind "cores", default runtime "libtorch" (no fusion, vector
// units, no Winograd, additive per-kernel overhead: LibTorch runs every
// layer as an op of its own); memoryCapacityGB = half of MemTotal (the rest
// left to OS and runtime); idle/max power cannot be measured here (no RAPL
// access): 15 W / 65 W, a typical 65 W-TDP desktop / edge-box CPU, is
// assumed (--idle-power, --max-power). The fp32 efficiency is fitted with
// EfficiencyFit (free: compute, kernelOverheadUs, memory, and depthwise if a
// depthwise model is measured, in that priority, no more than there are
// models; no prior) against a temporary catalog holding the entry;
// parameters left fixed keep compute 1, depthwise 0.5, memory 1, 10 us. The
// output is a complete device catalog with the one entry, written by the
// module's DeviceCatalogWriter, atomically, and read back.

#include "calibrate-output.h"

#include "ns3/device-catalog-writer.h"
#include "ns3/program-support.h"
#include "ns3/roofline-model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace ns3
{
namespace r3d
{
namespace calibrate
{

const RooflineEfficiency FIT_START{1.0, 0.5, 1.0, 10e-6};

namespace
{

/// The runtime of a host entry: LibTorch running the workloads.
InferenceRuntime
LibTorchRuntime(const std::string& description)
{
    return {"libtorch",
            "LibTorch on this host's CPU (" + description + ")",
            KernelFusion::NONE,
            false,
            false,
            KernelOverheadMode::ADDITIVE,
            "r3d-calibrate: one LibTorch op per catalog layer, run one after the other"};
}

} // namespace

ModelTiming::ModelTiming(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    runs = samples.size();
    median = Median(samples);
    min = samples.front();
    max = samples.back();
}

DeviceProfile
MakeHostProfile(const std::string& name,
                const HostMeasurements& m,
                const RooflineEfficiency& efficiency)
{
    std::ostringstream peak;
    peak << "measured by r3d-calibrate: median fp32 torch::mm " << m.gemmN.size << "x"
         << m.gemmN.size << ", " << m.threads << " BLAS threads (the better of a measurement "
         << "before and one after the models), " << m.runtime
         << "; 1 thread: " << Gflops(m.gemm1.flops) << " (" << m.gemm1.size << "x" << m.gemm1.size
         << ")";
    std::ostringstream bandwidth;
    bandwidth << std::fixed << std::setprecision(1)
              << "measured by r3d-calibrate: STREAM-like copy " << m.bandwidth.copy / 1e9
              << " GB/s, triad " << m.bandwidth.triad / 1e9 << " GB/s (the larger kept), "
              << m.bandwidth.arrayBytes / MIB << " MiB fp32 arrays, " << m.threads
              << " threads, STREAM byte counting";
    std::ostringstream capacity;
    capacity << std::fixed << std::setprecision(1)
             << "our choice: half of MemTotal in /proc/meminfo (" << m.memTotal / 1e9
             << " GB), the rest left to the OS and runtime";
    std::ostringstream units;
    units << m.threads << " GEMM threads used by r3d-calibrate (--threads) of " << m.hardwareThreads
          << " hardware threads (other ops: " << m.ompThreads
          << " LibTorch OpenMP threads); CPU: " << m.cpu;
    const std::string power =
        "assumption: not measurable by r3d-calibrate (no RAPL access); typical of a 65 W-TDP "
        "desktop / edge-box CPU (--idle-power, --max-power)";

    DeviceProfile d;
    d.name = name;
    d.deviceClass = "host-cpu";
    d.tier = Tier::EDGE;
    // Measured figures to 4 significant digits (in catalog units): more
    // would claim a precision the measurements do not have.
    auto measured = [](double si, double unit) { return RoundSignificant(si / unit) * unit; };
    d.peakFlops[Precision::FP32] = measured(m.gemmN.flops, 1e9);
    d.memoryBandwidth = measured(std::max(m.bandwidth.copy, m.bandwidth.triad), 1e9);
    d.memoryCapacity = measured(m.memTotal / 2, 1e9);
    d.storageBandwidth = measured(m.storage, 1e6);
    d.computeUnits = m.threads;
    d.computeUnitKind = "cores";
    d.idlePower = m.idlePower;
    d.maxPower = m.maxPower;
    d.defaultRuntime = "libtorch";
    d.efficiency[Precision::FP32] = efficiency;
    d.runtimes["libtorch"] = {LibTorchRuntime(m.runtime), d.efficiency};
    d.sources = {{"peakGflops.fp32", peak.str()},
                 {"memoryBandwidthGBps", bandwidth.str()},
                 {"memoryCapacityGB", capacity.str()},
                 {"storageBandwidthMBps", m.storageSource},
                 {"computeUnits", units.str()},
                 {"idlePowerW", power},
                 {"maxPowerW", power},
                 {"efficiency",
                  "fitted by r3d-calibrate to this host's LibTorch latencies of "
                  "roofline-equivalent workloads of the model catalog (see "
                  "examples/calibration/calibrate-workload.cc)"}};
    return d;
}

std::string
HostCatalog(const DeviceProfile& host, const std::string& note)
{
    return DeviceCatalogWriter::Write(note, {}, {}, {host});
}

std::vector<std::string>
FreeParameters(const std::vector<const DnnModel*>& models)
{
    std::vector<std::string> free{"compute", "kernelOverheadUs", "memory"};
    for (const DnnModel* model : models)
    {
        bool depthwise = std::any_of(model->layers.begin(), model->layers.end(), [](auto& l) {
            return l.kind == LayerKind::DEPTHWISE_CONV;
        });
        if (depthwise)
        {
            free.push_back("depthwise");
            break;
        }
    }
    free.resize(std::min(free.size(), models.size()));
    return free;
}

FitResult
FitHost(const DeviceProfile& host,
        const std::vector<const DnnModel*>& models,
        const std::vector<ModelTiming>& timings,
        const ModelCatalog& catalog,
        CalibrationGroup& group)
{
    group.deviceClass = host.deviceClass;
    group.runtime = host.defaultRuntime;
    group.prior = FIT_START;
    group.free = FreeParameters(models);
    group.rows.clear();
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        CalibrationRow row;
        row.id = models[i]->name;
        row.device = host.name;
        row.model = models[i]->name;
        row.precision = Precision::FP32;
        row.runtime = host.defaultRuntime;
        row.latency = timings[i].median;
        row.source = "r3d-calibrate";
        group.rows.push_back(row);
    }
    std::filesystem::path file = std::filesystem::temp_directory_path() /
                                 ("r3d-calibrate-" + std::to_string(getpid()) + ".json");
    WriteFileAtomically(file.string(), HostCatalog(host, "fit input"));
    Ptr<DeviceCatalog> devices;
    try
    {
        devices = DeviceCatalog::LoadFile(file.string());
    }
    catch (...)
    {
        std::filesystem::remove(file);
        throw;
    }
    std::filesystem::remove(file);
    return EfficiencyFit::Fit(group, *devices, catalog, 0);
}

void
PrintValidation(const std::vector<const DnnModel*>& models,
                const std::vector<ModelTiming>& timings,
                const FitResult& fit,
                const DeviceProfile& device)
{
    RooflineModel roofline(device, Precision::FP32);
    std::cout << "\n"
              << std::left << std::setw(18) << "model" << std::right << std::setw(7) << "GFLOP"
              << std::setw(5) << "runs" << std::setw(9) << "spread" << std::setw(13)
              << "measured ms" << std::setw(14) << "predicted ms" << std::setw(9) << "error"
              << std::setw(13) << "LOO pred ms" << std::setw(11) << "LOO error"
              << "\n";
    double meanAbs = 0;
    double maxAbs = 0;
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        const ModelTiming& t = timings[i];
        double predicted = roofline.EstimateModel(*models[i]).latency;
        double error = (predicted - t.median) / t.median;
        double loo = fit.rows[i].heldOutError;
        meanAbs += std::abs(error) / models.size();
        maxAbs = std::max(maxAbs, std::abs(error));
        std::cout << std::left << std::setw(18) << models[i]->name << std::right << std::fixed
                  << std::setprecision(2) << std::setw(7) << models[i]->GetFlops() / 1e9
                  << std::setw(5) << t.runs << std::setw(8) << std::setprecision(1)
                  << (t.max - t.min) / t.median * 100 << "%" << std::setprecision(2)
                  << std::setw(13) << t.median * 1e3 << std::setw(14) << predicted * 1e3
                  << std::setw(8) << std::showpos << std::setprecision(1) << error * 100 << "%"
                  << std::noshowpos << std::setprecision(2) << std::setw(13)
                  << t.median * (1 + loo) * 1e3 << std::setw(10) << std::showpos
                  << std::setprecision(1) << loo * 100 << "%" << std::noshowpos << "\n";
    }
    std::cout << "mean |error| " << std::setprecision(1) << meanAbs * 100 << "%, max "
              << maxAbs * 100 << "%; mean |leave-one-out error| " << fit.meanAbsHeldOutError * 100
              << "% (spread = (max - min) / median of the runs; LOO = fitted without that "
                 "model)\n"
              << std::defaultfloat;
}

} // namespace calibrate
} // namespace r3d
} // namespace ns3
