/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-ram-contention: several DNNs sharing one device, under each allocator.
//
// Requests for a mix of models arrive as one Poisson stream (each request's
// model drawn uniformly) at one node's inference engine; the same arrivals
// are replayed under one-at-a-time, equal-share and RAM. Prints per allocator
// the mean / p95 latency (submission to result), the mean compute and
// bandwidth utilization, the throughput and the energy, and with --output
// writes the same as JSON.
//
//   r3d-ram-contention --device=jetson-agx-xavier --models=resnet50,bert-base
//                      --rate=150 --simTime=10 --RngRun=2 --output=out.json
//
// Energy is compared over a common horizon: each run's engine is idle after
// its last job, so runs that end earlier are charged idle power up to the
// latest end among the allocators.

#include "ns3/catalog-helper.h"
#include "ns3/command-line.h"
#include "ns3/compute-energy-model-helper.h"
#include "ns3/core-module.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/module-info.h"
#include "ns3/node-container.h"
#include "ns3/option-values.h"
#include "ns3/program-support.h"
#include "ns3/rng-seed-manager.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("RamContention");

namespace
{

/// What one allocator's run produced.
struct RunResult
{
    std::string allocator;       //!< allocator name
    std::vector<double> latency; //!< per completed request, s
    uint32_t submitted{0};       //!< requests submitted
    double end{0};               //!< time the last job ended, s
    double computeUtil{0};       //!< mean compute utilization over [0, end]
    double bandwidthUtil{0};     //!< mean bandwidth utilization over [0, end]
    double energy{0};            //!< J over [0, end]
    double idlePower{0};         //!< W
};

/// Nearest-rank percentile of sorted values.
double
Percentile(const std::vector<double>& sorted, double p)
{
    if (sorted.empty())
    {
        return 0;
    }
    std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100 * sorted.size()));
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

std::vector<std::string>
Split(const std::string& list)
{
    std::vector<std::string> items;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
    {
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}

RunResult
RunOne(const std::string& allocator,
       const std::string& device,
       const std::vector<std::string>& models,
       Precision precision,
       double rate,
       double simTime,
       uint32_t maxConcurrent,
       const CatalogHelper& catalogs)
{
    RunResult r;
    r.allocator = allocator;
    NodeContainer node;
    node.Create(1);
    InferenceEngineHelper engines;
    engines.SetAllocator(allocator);
    engines.SetAttribute("MaxConcurrentJobs", UintegerValue(maxConcurrent));
    Ptr<InferenceEngine> engine = engines.Install(node).Get(0);
    engine->SetDevice(catalogs.GetDevices()->Get(device));
    engine->SetModelCatalog(catalogs.GetModels());
    DeviceEnergyModelContainer energy = ComputeEnergyModelHelper().Install(node);
    r.idlePower = engine->GetDevice().idlePower;

    // The same streams in every run: identical arrivals for each allocator.
    Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
    gap->SetAttribute("Mean", DoubleValue(1.0 / rate));
    gap->SetStream(1);
    Ptr<UniformRandomVariable> pick = CreateObject<UniformRandomVariable>();
    pick->SetStream(2);

    uint32_t finished = 0;
    auto done = [&](const InferenceJobRecord& job) {
        r.latency.push_back((job.finished - job.enqueued).GetSeconds());
        r.end = std::max(r.end, job.finished.GetSeconds());
        if (++finished == r.submitted && Simulator::Now().GetSeconds() >= simTime)
        {
            r.computeUtil = engine->GetMeanComputeUtilization();
            r.bandwidthUtil = engine->GetMeanBandwidthUtilization();
            r.energy = energy.Get(0)->GetTotalEnergyConsumption();
            Simulator::Stop();
        }
    };
    for (double t = gap->GetValue(); t < simTime; t += gap->GetValue())
    {
        const std::string& model = models[pick->GetInteger(0, models.size() - 1)];
        ++r.submitted;
        Simulator::Schedule(Seconds(t), [=]() {
            engine->Submit(model, precision, 1, Seconds(1), InferenceEngine::DoneCallback(done));
        });
    }
    Simulator::Schedule(Seconds(simTime), [&]() {
        if (finished == r.submitted) // everything ended before the arrivals stopped
        {
            r.computeUtil = engine->GetMeanComputeUtilization();
            r.bandwidthUtil = engine->GetMeanBandwidthUtilization();
            r.energy = energy.Get(0)->GetTotalEnergyConsumption();
            r.end = Simulator::Now().GetSeconds();
            Simulator::Stop();
        }
    });
    Simulator::Run();
    Simulator::Destroy();
    return r;
}

int
Run(int argc, char* argv[])
{
    std::string device = "jetson-agx-xavier";
    std::string models = "resnet50,mobilenet-v2,bert-base,yolov5s";
    std::string precision;
    std::string allocators = "one-at-a-time,equal-share,ram";
    double rate = 150;
    double simTime = 10;
    uint32_t maxConcurrent = 4;
    CatalogHelper catalogs;
    std::string output;

    CommandLine cmd(__FILE__);
    cmd.Usage("Several DNNs sharing one device under each allocator.");
    r3d::AddValue(cmd, "device", "device catalog name", device);
    r3d::AddValue(cmd, "models", "comma-separated model catalog names", models);
    r3d::AddValue(cmd,
                  "precision",
                  "fp32, fp16 or int8 (default: fp16 if the device has it)",
                  precision);
    r3d::AddValue(cmd, "rate", "mean request arrival rate, requests/s (Poisson)", rate);
    r3d::AddValue(cmd, "simTime", "arrivals stop after this many seconds", simTime);
    r3d::AddValue(cmd, "allocators", "comma-separated allocators to compare", allocators);
    // Through CountOption: ns-3 would read "-2" as 4294967294 and "1.5" as 1.
    cmd.AddValue("maxConcurrent",
                 "most jobs running at once on the engine (0: no limit but the allocator's)",
                 r3d::CountOption("maxConcurrent", maxConcurrent),
                 std::to_string(maxConcurrent));
    catalogs.AddCommandLineOptions(cmd);
    r3d::AddValue(cmd, "output", "write the results as JSON to this file", output);
    cmd.Parse(argc, argv);
    // --maxConcurrent sets the engines' MaxConcurrentJobs and the energy helper
    // its source's 1e9 J: a --ns3:: default for either would be lost.
    r3d::RefuseOwnedAttributeDefaults(
        {{"ns3::InferenceEngine", "MaxConcurrentJobs", "--maxConcurrent"},
         {"ns3::BasicEnergySource",
          "BasicEnergySourceInitialEnergyJ",
          "",
          "the device's source holds 1e9 J, so energy is accounted, never limited"}});

    if (!(rate > 0) || !(simTime > 0))
    {
        std::cerr << "r3d-ram-contention: error: --rate and --simTime must be positive\n";
        return 1;
    }
    const DeviceProfile& d = catalogs.GetDevices()->Get(device);
    std::vector<std::string> modelList = Split(models);
    if (modelList.empty())
    {
        std::cerr << "r3d-ram-contention: error: --models lists no model\n";
        return 1;
    }
    for (const std::string& m : modelList)
    {
        catalogs.GetModels()->Get(m); // a clear error for an unknown name
    }
    Precision p = d.SupportsPrecision(Precision::FP16) ? Precision::FP16 : Precision::FP32;
    if (!precision.empty() && !PrecisionFromString(precision, p))
    {
        std::cerr << "r3d-ram-contention: error: --precision: unknown precision '" << precision
                  << "' (expected fp32, fp16 or int8)\n";
        return 1;
    }
    if (!d.SupportsPrecision(p))
    {
        std::cerr << "r3d-ram-contention: error: " << device << " has no " << PrecisionToString(p)
                  << " peak\n";
        return 1;
    }
    std::vector<std::string> allocatorList = Split(allocators);
    for (const std::string& a : allocatorList)
    {
        try
        {
            InferenceEngineHelper::ResolveAllocator(a);
        }
        catch (const std::invalid_argument& e)
        {
            std::cerr << "r3d-ram-contention: error: --allocators: " << e.what() << "\n";
            return 1;
        }
    }

    std::vector<RunResult> results;
    double horizon = 0;
    for (const std::string& a : allocatorList)
    {
        results.push_back(RunOne(a, device, modelList, p, rate, simTime, maxConcurrent, catalogs));
        horizon = std::max(horizon, results.back().end);
    }

    std::cout << "r3d-ram-contention: " << device << " (" << PrecisionToString(p) << ", "
              << d.computeUnits << " " << d.computeUnitKind << "), models " << models << ",\n"
              << "  Poisson arrivals at " << rate << " req/s for " << simTime << " s, at most "
              << maxConcurrent << " jobs at once, RngRun " << RngSeedManager::GetRun() << "\n\n";
    std::cout << std::left << std::setw(15) << "allocator" << std::right << std::setw(9)
              << "requests" << std::setw(10) << "mean ms" << std::setw(10) << "p95 ms"
              << std::setw(10) << "compute" << std::setw(11) << "bandwidth" << std::setw(11)
              << "req/s" << std::setw(11) << "energy J" << std::setw(10) << "J/req"
              << "\n";
    nlohmann::json runs = nlohmann::json::array();
    for (RunResult& r : results)
    {
        std::sort(r.latency.begin(), r.latency.end());
        double mean = 0;
        for (double l : r.latency)
        {
            mean += l / r.latency.size();
        }
        // Charge idle power up to the common horizon (see the header).
        double energy = r.energy + r.idlePower * (horizon - r.end);
        double throughput = r.end > 0 ? r.latency.size() / r.end : 0;
        std::cout << std::left << std::setw(15) << r.allocator << std::right << std::fixed
                  << std::setw(9) << r.latency.size() << std::setprecision(2) << std::setw(10)
                  << mean * 1e3 << std::setw(10) << Percentile(r.latency, 95) * 1e3 << std::setw(10)
                  << r.computeUtil << std::setw(11) << r.bandwidthUtil << std::setprecision(1)
                  << std::setw(11) << throughput << std::setw(11) << energy << std::setprecision(3)
                  << std::setw(10) << (r.latency.empty() ? 0.0 : energy / r.latency.size()) << "\n";
        runs.push_back(
            {{"allocator", r.allocator},
             {"requests", r.latency.size()},
             {"latencyMs",
              {{"mean", mean * 1e3},
               {"p50", Percentile(r.latency, 50) * 1e3},
               {"p95", Percentile(r.latency, 95) * 1e3},
               {"p99", Percentile(r.latency, 99) * 1e3}}},
             {"utilization", {{"compute", r.computeUtil}, {"bandwidth", r.bandwidthUtil}}},
             {"throughputPerS", throughput},
             {"lastJobEndS", r.end},
             {"energyJ", energy},
             {"energyPerRequestJ", r.latency.empty() ? 0.0 : energy / r.latency.size()}});
    }
    std::cout << "\nlatency: submission to result; utilization: mean fraction in use until the "
                 "run's last job ended;\nreq/s: completed / that time; energy over the first "
              << std::setprecision(3) << horizon << " s in every run (idle after the last job).\n";

    if (!output.empty())
    {
        nlohmann::json doc = {{"program", "r3d-ram-contention"},
                              {"module",
                               {{"name", "r3d"},
                                {"version", r3d::GetModuleVersion()},
                                {"commit", r3d::GetBuildCommit()}}},
                              {"parameters",
                               {{"device", device},
                                {"models", modelList},
                                {"precision", PrecisionToString(p)},
                                {"rate", rate},
                                {"simTime", simTime},
                                {"maxConcurrent", maxConcurrent},
                                {"devicesFile", catalogs.GetDevices()->GetFile()},
                                {"modelsFile", catalogs.GetModels()->GetFile()}}},
                              {"seed", RngSeedManager::GetSeed()},
                              {"run", RngSeedManager::GetRun()},
                              {"energyHorizonS", horizon},
                              {"results", runs}};
        r3d::WriteFileAtomically(output, doc.dump(1) + "\n");
        std::cout << "wrote " << output << "\n";
    }
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-ram-contention", Run, argc, argv);
}
