/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-calibrate: measure this machine with LibTorch and write it as a device
// of the device catalog, with Roofline efficiency parameters fitted to it.
//
//   r3d-calibrate                      # measure, fit, write host-device.json
//   r3d-calibrate --validate           # also print measured vs predicted
//   r3d-calibrate --quick --validate   # CI: 2 small models, few runs (seconds)
//   r3d-calibrate --concurrent         # also run models at the same time, vs the engine
//   r3d-calibrate --combos=resnet50+alexnet,vgg16+bert-base+resnet18
//   r3d-roofline --devices-file=host-device.json --device=host --model=resnet50 --precision=fp32
//
// The program is split by concern, in this folder:
// - calibrate-host.{h,cc}: the host measurement (GEMM peak, STREAM-like
//   bandwidth, storage, LibTorch's thread pools, timing);
// - calibrate-workload.{h,cc}: the workload plan, each catalog model run as
//   a roofline-equivalent LibTorch workload;
// - calibrate-output.{h,cc}: the host's catalog entry, its fit and the
//   validation table (the entry is written by the module's
//   DeviceCatalogWriter, the format DeviceCatalog reads);
// - calibrate-concurrent.{h,cc}: --concurrent, models run at the same time
//   against the inference engine's allocators;
// - this file: options, and the order of the steps.
//
// Model latency: each --models entry of the model catalog runs as its
// roofline-equivalent workload. All workloads are built (held in memory at
// once: about 2.5 GB for the default models) and warmed up (2 runs), then
// timed in interleaved rounds, one run of each model per round, so a
// transient slowdown of the host costs every model a run that the median
// drops, and no model finds its weights in cache from its own previous run
// (the Roofline model assumes they come from DRAM). Latency = median of
// --reps runs; a model stops after --budget seconds of runs (at least 3
// runs).
//
// Concurrent mode (--concurrent, --combos; calibrate-concurrent.cc): after
// the fit, combinations of catalog models (default: pairs contrasting
// compute- and memory-heavy models, and a triple) run at the same time, one
// std::thread each, released together, in --reps rounds; each model's
// latency and the makespan are printed beside the InferenceEngine's
// predictions with the fitted entry under one-at-a-time, equal-share and
// ram, with the errors and a verdict on which allocator the host resembles.
// Thread split: one OpenBLAS and one OpenMP thread per model (a core each
// when two run; the OS time-slices three on two cores), and the last model
// left gets the device's OpenBLAS threads. Not more per model, because
// OpenBLAS's thread count is process-global and its multi-threaded GEMMs
// from different threads are serialized (measured; see
// calibrate-concurrent.cc). The workloads of the measurement above are kept
// and reused; a second instance of a model (resnet50 + resnet50) is built,
// so two jobs never share weights. Solo latencies are measured again in the
// same rounds, so that the comparison sees the host as it is then.

#include "calibrate-concurrent.h"
#include "calibrate-host.h"
#include "calibrate-output.h"
#include "calibrate-workload.h"

#include "ns3/catalog-helper.h"
#include "ns3/command-line.h"
#include "ns3/option-values.h"
#include "ns3/program-support.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <thread>
#include <torch/torch.h>

using namespace ns3;
using namespace ns3::r3d::calibrate;

namespace
{

/// Models measured by default: the shipped catalog but bert-large (a larger
/// bert-base that would take as long as all the others): classification,
/// detection and NLP, dense and depthwise, compute- and memory-bound; under
/// half a minute on 2 idle cores.
const char* DEFAULT_MODELS =
    "alexnet,vgg16,resnet18,resnet50,mobilenet-v2,mobilenet-v3-large,inception-v3,"
    "efficientnet-b0,yolov5s,yolov8n,yolov3-tiny,ssd-mobilenet-v1,bert-base";

/// Models measured by --quick: one dense, one depthwise; small.
const char* QUICK_MODELS = "mobilenet-v2,resnet18";

/// Relative change of the GEMM peak between the start and the end of the
/// measurements above which the host's speed is reported as unstable.
constexpr double DRIFT_WARNING = 0.15;

/// Share of the CPUs used by other processes above which the measurements
/// are reported as disturbed.
constexpr double LOAD_WARNING = 0.1;

/// The command line.
struct Options
{
    std::string modelList;                  //!< --models
    int reps{10};                           //!< --reps
    int threads{1};                         //!< --threads
    int ompThreads{1};                      //!< --omp-threads
    std::string name{"host"};               //!< --name
    std::string output{"host-device.json"}; //!< --output
    bool validate{false};                   //!< --validate
    bool quick{false};                      //!< --quick
    bool concurrent{false};                 //!< --concurrent
    std::string comboList;                  //!< --combos
    double budget{10};                      //!< --budget
    double idlePower{15};                   //!< --idle-power
    double maxPower{65};                    //!< --max-power
    CatalogHelper catalogs;                 //!< --devices-file, --models-file
    int hardwareThreads{1};                 //!< hardware concurrency
};

/**
 * \param text a comma-separated list
 * \return its non-empty items
 */
std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}

/**
 * \brief Parse and check the command line.
 * \param argc argument count
 * \param argv arguments
 * \param[out] o the options
 * \return "" if valid, else what is wrong
 */
std::string
ParseOptions(int argc, char* argv[], Options& o)
{
    // Signed, so that a negative value is an error rather than a huge count.
    o.hardwareThreads = std::max(1U, std::thread::hardware_concurrency());
    o.threads = o.hardwareThreads;
    CommandLine cmd(__FILE__);
    cmd.Usage("Measure this machine with LibTorch and write it as a device catalog entry, with "
              "Roofline efficiency parameters fitted to measured model latencies.");
    r3d::AddValue(cmd,
                  "models",
                  std::string("comma-separated catalog models to measure, or \"all\" (default ") +
                      DEFAULT_MODELS + "; with --quick " + QUICK_MODELS + ")",
                  o.modelList);
    r3d::AddValue(cmd,
                  "reps",
                  "timed runs per model, and rounds of --concurrent (>= 1; --quick caps it at 3)",
                  o.reps);
    r3d::AddValue(cmd,
                  "threads",
                  "compute threads: GEMM (OpenBLAS) threads of the models, threads of the peak and "
                  "bandwidth measurements, the entry's computeUnits (>= 1; default: hardware "
                  "concurrency)",
                  o.threads);
    r3d::AddValue(cmd,
                  "omp-threads",
                  "LibTorch OpenMP intra-op threads for the models' non-GEMM ops (>= 1; default 1, "
                  "see the thread split in calibrate-host.cc)",
                  o.ompThreads);
    r3d::AddValue(cmd, "name", "device name of the entry", o.name);
    r3d::AddValue(cmd, "output", "device catalog file to write", o.output);
    r3d::AddValue(cmd,
                  "validate",
                  "print measured against predicted latency per model",
                  o.validate);
    r3d::AddValue(cmd,
                  "quick",
                  "fast mode for tests: 2 small models, few runs, small arrays",
                  o.quick);
    r3d::AddValue(cmd,
                  "concurrent",
                  "then run combinations of models at the same time and compare with the "
                  "inference engine's predictions per allocator",
                  o.concurrent);
    r3d::AddValue(cmd,
                  "combos",
                  std::string("combinations for --concurrent (implies it): models joined by '+', "
                              "combinations by ',' (default ") +
                      DEFAULT_COMBOS + "; with --quick " + QUICK_COMBOS + ")",
                  o.comboList);
    r3d::AddValue(cmd,
                  "budget",
                  "seconds of timed runs per model, beyond the first 3 runs (> 0)",
                  o.budget);
    r3d::AddValue(cmd, "idle-power", "idle power to write, W (assumed, not measured)", o.idlePower);
    r3d::AddValue(cmd,
                  "max-power",
                  "power at full load to write, W (assumed, not measured)",
                  o.maxPower);
    o.catalogs.AddCommandLineOptions(cmd);
    cmd.Parse(argc, argv);

    if (o.reps < 1)
    {
        return "--reps must be at least 1";
    }
    // Oversubscription is allowed (to study it), within reason.
    const int maxThreads = 4 * o.hardwareThreads;
    for (auto [option, value] :
         {std::pair{"--threads", o.threads}, {"--omp-threads", o.ompThreads}})
    {
        if (value < 1 || value > maxThreads)
        {
            return std::string(option) + " must be between 1 and " + std::to_string(maxThreads) +
                   " (4 x the hardware threads)";
        }
    }
    if (!(o.budget > 0))
    {
        return "--budget must be greater than 0";
    }
    if (!(o.maxPower > 0) || !(o.idlePower >= 0) || o.idlePower > o.maxPower)
    {
        return "--idle-power and --max-power need 0 <= idle <= max, max > 0";
    }
    if (o.name.empty() || o.output.empty())
    {
        return "--name and --output must not be empty";
    }
    if (o.quick)
    {
        o.reps = std::min(o.reps, 3);
        o.budget = std::min(o.budget, 2.0);
    }
    return "";
}

/**
 * \brief The models to measure and the combinations to run, checked before
 *        minutes of measuring.
 * \param o the options
 * \param catalog the model catalog
 * \param[out] models the models
 * \param[out] combos the combinations (empty without --concurrent)
 * \return "" if valid, else what is wrong
 * \throws CatalogError for an unknown model
 */
std::string
ChooseModels(Options& o,
             const ModelCatalog& catalog,
             std::vector<const DnnModel*>& models,
             std::vector<std::vector<std::string>>& combos)
{
    std::vector<std::string> names =
        o.modelList == "all"
            ? catalog.GetNames()
            : SplitList(o.modelList.empty() ? (o.quick ? QUICK_MODELS : DEFAULT_MODELS)
                                            : o.modelList);
    if (names.empty())
    {
        return "--models lists no model";
    }
    std::set<std::string> seen;
    for (const std::string& m : names)
    {
        if (!seen.insert(m).second)
        {
            return "--models lists '" + m + "' twice";
        }
        models.push_back(&catalog.Get(m)); // throws, naming the known models
    }
    o.concurrent = o.concurrent || !o.comboList.empty();
    if (o.concurrent)
    {
        try
        {
            combos = ParseCombos(o.comboList.empty() ? (o.quick ? QUICK_COMBOS : DEFAULT_COMBOS)
                                                     : o.comboList,
                                 catalog,
                                 4 * o.hardwareThreads);
        }
        catch (const std::invalid_argument& e)
        {
            return e.what();
        }
    }
    return "";
}

/**
 * \brief Build, warm up and time the models in interleaved rounds.
 * \param models the models
 * \param o the options (reps, budget)
 * \param effort the effort (warm-up runs)
 * \param[out] runners the workloads, for --concurrent
 * \return each model's timing
 */
std::vector<ModelTiming>
TimeModels(const std::vector<const DnnModel*>& models,
           const Options& o,
           const Effort& effort,
           std::vector<std::unique_ptr<Workload>>& runners)
{
    std::cout << "building and warming up " << models.size() << " models ... " << std::flush;
    for (const DnnModel* model : models)
    {
        runners.push_back(std::make_unique<Workload>(*model));
        for (uint32_t i = 0; i < effort.warmup; ++i)
        {
            runners.back()->Run();
        }
    }
    std::cout << "timing them in rounds (up to " << o.reps << ")\n";
    std::vector<std::vector<double>> samples(models.size());
    std::vector<double> spent(models.size(), 0);
    auto done = [&](std::size_t i) {
        std::size_t n = samples[i].size();
        return n >= static_cast<std::size_t>(o.reps) ||
               (n >= static_cast<std::size_t>(std::min(o.reps, 3)) && spent[i] >= o.budget);
    };
    for (bool active = true; active;)
    {
        active = false;
        for (std::size_t i = 0; i < models.size(); ++i)
        {
            if (!done(i))
            {
                samples[i].push_back(runners[i]->Run());
                spent[i] += samples[i].back();
                active = true;
            }
        }
    }
    std::vector<ModelTiming> timings;
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        runners[i]->LogLayerTimes();
        ModelTiming t(samples[i]);
        const WorkloadStats& w = runners[i]->GetStats();
        std::cout << "  " << std::left << std::setw(18) << models[i]->name << std::right
                  << std::setw(9) << std::fixed << std::setprecision(2) << t.median * 1e3
                  << " ms (median of " << t.runs << "; " << w.layers << " layers: " << w.gemm
                  << " GEMM, " << w.depthwise2d + w.depthwise1d << " depthwise"
                  << (w.depthwise1d > 0 ? " (" + std::to_string(w.depthwise1d) + " as conv1d)"
                                        : std::string())
                  << ", " << w.memoryOps << " memory ops";
        if (w.catalogMacFlops > 0)
        {
            std::cout << "; MAC FLOPs x" << std::setprecision(4)
                      << w.workloadMacFlops / w.catalogMacFlops;
        }
        std::cout << ")\n";
        timings.push_back(t);
    }
    return timings;
}

/**
 * \brief Re-measure the GEMM peak and tell whether the host kept its speed
 *        (other processes, other virtual machines on the same physical
 *        host, thermal throttling); keep the better peak.
 * \param host the host (gemmN may be raised)
 * \param load CPU use by others since the start
 * \param effort the effort
 * \param[out] others share of the CPUs others used
 * \return the relative drift of the peak
 */
double
Recheck(HostMeasurements& host, const CpuLoad& load, const Effort& effort, double& others)
{
    others = load.GetOthers(host.hardwareThreads);
    GemmResult recheck = MeasureGemm({host.gemmN.size}, effort.gemmReps);
    double drift = recheck.flops / host.gemmN.flops - 1;
    std::cout << "other processes used " << std::setprecision(0) << others * 100 << "% of the "
              << host.hardwareThreads << " CPUs while measuring; GEMM re-check "
              << Gflops(recheck.flops) << " (" << std::showpos << std::setprecision(0)
              << drift * 100 << "%" << std::noshowpos << ")\n";
    if (others > LOAD_WARNING || std::abs(drift) > DRIFT_WARNING)
    {
        std::cout << "warning: the host was busy or changed speed while measuring: the figures "
                     "are noisy; rerun on an idle machine\n";
    }
    // A peak is what the host can reach: noise only lowers a measurement.
    if (recheck.flops > host.gemmN.flops)
    {
        host.gemmN = recheck;
    }
    return drift;
}

/**
 * \brief Fit the host, write its catalog and read it back.
 * \param o the options
 * \param host the measurements
 * \param models the measured models
 * \param timings their timings
 * \param catalog the model catalog
 * \param others share of the CPUs others used while measuring
 * \param drift relative drift of the GEMM peak
 * \param[out] fit the fit
 * \return the catalog written, as loaded back
 */
Ptr<DeviceCatalog>
FitAndWrite(const Options& o,
            const HostMeasurements& host,
            const std::vector<const DnnModel*>& models,
            const std::vector<ModelTiming>& timings,
            const ModelCatalog& catalog,
            double others,
            double drift,
            FitResult& fit)
{
    CalibrationGroup group;
    fit = FitHost(MakeHostProfile(o.name, host, FIT_START), models, timings, catalog, group);

    std::ostringstream freeList;
    for (const std::string& f : group.free)
    {
        freeList << (f == group.free.front() ? "" : ", ") << f;
    }
    RooflineEfficiency efficiency = fit.efficiency.at(Precision::FP32);
    std::ostringstream fitNote;
    fitNote << "fitted by r3d-calibrate to " << models.size() << " LibTorch fp32 latencies on "
            << "this host (";
    for (const DnnModel* m : models)
    {
        fitNote << (m == models.front() ? "" : ", ") << m->name;
    }
    fitNote << "), free: " << freeList.str() << "; mean |error| " << std::fixed
            << std::setprecision(1) << fit.meanAbsError * 100 << "%, leave-one-model-out "
            << fit.meanAbsHeldOutError * 100 << "%";
    efficiency.fit = fitNote.str();
    std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    std::ostringstream note;
    note << "Written by r3d-calibrate on " << date << " (" << host.cpu << ", " << o.threads
         << " GEMM threads, " << o.ompThreads << " OpenMP threads, " << host.runtime
         << "; other processes used " << std::fixed << std::setprecision(0) << others * 100
         << "% of the CPUs meanwhile, GEMM peak drift " << std::showpos << drift * 100 << "%"
         << std::noshowpos << "). Units as data/devices.json. Use with "
         << "r3d-roofline --devices-file=" << o.output << " --device=" << o.name
         << " --precision=fp32";
    r3d::WriteFileAtomically(o.output,
                             HostCatalog(MakeHostProfile(o.name, host, efficiency), note.str()));
    // Read back: what a user of the file gets, and proof that it loads.
    Ptr<DeviceCatalog> written = DeviceCatalog::LoadFile(o.output);
    const RooflineEfficiency& e = written->Get(o.name).efficiency.at(Precision::FP32);
    std::cout << "\nfit (free: " << freeList.str() << "): compute " << std::setprecision(3)
              << e.compute << ", depthwise " << e.depthwise << ", memory " << e.memory
              << ", kernel overhead " << std::setprecision(1) << e.layerOverhead * 1e6 << " us\n";
    return written;
}

/**
 * \brief --concurrent: the combinations against the engine's allocators.
 * \param o the options
 * \param effort the effort
 * \param models the measured models
 * \param timings their solo timings
 * \param runners their workloads (the combinations' are reused)
 * \param combos the combinations
 * \param device the written entry
 * \param catalog the model catalog
 */
void
RunCombinations(const Options& o,
                const Effort& effort,
                const std::vector<const DnnModel*>& models,
                const std::vector<ModelTiming>& timings,
                std::vector<std::unique_ptr<Workload>>& runners,
                const std::vector<std::vector<std::string>>& combos,
                const DeviceProfile& device,
                Ptr<ModelCatalog> catalog)
{
    // The combinations' models are kept, which --concurrent reuses (building
    // is slow); the others are freed, so its second instances fit in the
    // memory the measurement needed.
    std::map<std::string, std::vector<std::unique_ptr<Workload>>> kept;
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        bool used = std::any_of(combos.begin(), combos.end(), [&](const auto& combo) {
            return std::find(combo.begin(), combo.end(), models[i]->name) != combo.end();
        });
        if (used)
        {
            kept[models[i]->name].push_back(std::move(runners[i]));
        }
    }
    runners.clear();
    ConcurrentHost hooks;
    hooks.getPass = [&](const std::string& model, std::size_t instance) {
        std::vector<std::unique_ptr<Workload>>& list = kept[model];
        while (list.size() <= instance)
        {
            list.push_back(std::make_unique<Workload>(catalog->Get(model)));
            for (uint32_t i = 0; i < effort.warmup; ++i)
            {
                list.back()->Run();
            }
        }
        Workload* w = list[instance].get();
        return std::function<void()>([w]() { w->Run(); });
    };
    hooks.inWorker = [](const std::function<void()>& body) {
        torch::NoGradGuard noGrad;
        c10::InferenceMode inference;
        // Adopts LibTorch's OpenMP threads in this thread (else OpenMP's
        // default, all cores, which oneDNN would use).
        at::get_num_threads();
        // MXCSR is per thread.
        at::globalContext().setFlushDenormal(true);
        body();
    };
    hooks.setThreads = [](int blas, int omp) { SetThreads(omp, blas); };
    hooks.setBlasThreads = [](int blas) { SetBlas(blas); };
    hooks.quiesceBlas = QuiesceBlas;
    hooks.deviceBlasThreads = o.threads;
    hooks.deviceOmpThreads = o.ompThreads;
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        hooks.soloDevice[models[i]->name] = timings[i].median;
    }
    ConcurrentOptions options;
    options.rounds = o.reps;
    options.warmup = 1;
    RunConcurrent(combos, hooks, options, device, catalog, std::cout);
}

/**
 * \brief The program: parse, measure, fit, write, report.
 * \param argc argument count
 * \param argv arguments
 * \return exit status (1 on a bad argument)
 */
int
Run(int argc, char* argv[])
{
    const char* program = "r3d-calibrate: error: ";
    Options o;
    std::string problem = ParseOptions(argc, argv, o);
    Ptr<ModelCatalog> catalog = o.catalogs.GetModels();
    std::vector<const DnnModel*> models;
    std::vector<std::vector<std::string>> combos;
    if (problem.empty())
    {
        problem = ChooseModels(o, *catalog, models, combos);
    }
    std::filesystem::path outputDir = std::filesystem::absolute(o.output).parent_path();
    if (problem.empty() && !std::filesystem::is_directory(outputDir))
    {
        problem = "--output: directory " + outputDir.string() + " does not exist";
    }
    HostMeasurements host;
    host.cpu = ProcField("/proc/cpuinfo", "model name");
    host.cpu = host.cpu.empty() ? "unknown CPU" : host.cpu;
    host.threads = o.threads;
    host.ompThreads = o.ompThreads;
    host.hardwareThreads = o.hardwareThreads;
    host.memTotal = std::atof(ProcField("/proc/meminfo", "MemTotal").c_str()) * 1024;
    host.idlePower = o.idlePower;
    host.maxPower = o.maxPower;
    if (problem.empty() && host.memTotal <= 0)
    {
        problem = "cannot read MemTotal from /proc/meminfo";
    }
    if (!problem.empty())
    {
        std::cerr << program << problem << "\n";
        return 1;
    }
    if (o.catalogs.GetDevices()->Has(o.name))
    {
        std::cout << "note: " << o.catalogs.GetDevices()->GetFile() << " already has a device '"
                  << o.name << "'; rename one before merging " << o.output << " into it\n";
    }

    auto start = Clock::now();
    host.runtime = DescribeRuntime();
    std::cout << "r3d-calibrate: " << host.cpu << ", " << host.hardwareThreads
              << " hardware threads; " << host.runtime << "; models run with " << o.threads
              << " GEMM threads and " << o.ompThreads << " OpenMP thread(s) for other ops\n";
    if (o.threads > o.hardwareThreads)
    {
        std::cout << "note: more threads than hardware threads: measurements will be "
                     "oversubscribed\n";
    }
    // Inference only, on this thread: no autograd bookkeeping anywhere below.
    torch::NoGradGuard noGrad;
    c10::InferenceMode inference;
    CpuLoad load;
    const Effort& effort = o.quick ? QUICK_EFFORT : NORMAL_EFFORT;
    MeasureHost(host, effort, outputDir.string());

    std::vector<std::unique_ptr<Workload>> runners;
    std::vector<ModelTiming> timings = TimeModels(models, o, effort, runners);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::cout << "peak memory " << std::setprecision(1) << usage.ru_maxrss * 1024 / 1e9
              << " GB (all workloads at once)\n";
    double others = 0;
    double drift = Recheck(host, load, effort, others);

    FitResult fit;
    Ptr<DeviceCatalog> written =
        FitAndWrite(o, host, models, timings, *catalog, others, drift, fit);
    const DeviceProfile& device = written->Get(o.name);
    if (o.validate)
    {
        PrintValidation(models, timings, fit, device);
    }
    else
    {
        std::cout << "mean |error| " << fit.meanAbsError * 100 << "%, leave-one-out "
                  << fit.meanAbsHeldOutError * 100 << "% over " << models.size()
                  << " models (--validate for the table)\n";
    }
    if (o.concurrent)
    {
        RunCombinations(o, effort, models, timings, runners, combos, device, catalog);
    }
    std::cout << "\nwrote device '" << o.name << "' to " << o.output << ": fp32 " << std::fixed
              << std::setprecision(1) << device.peakFlops.at(Precision::FP32) / 1e9 << " GFLOP/s, "
              << device.memoryBandwidth / 1e9 << " GB/s, " << device.memoryCapacity / 1e9
              << " GB, storage " << std::setprecision(0) << device.storageBandwidth / 1e6
              << " MB/s, " << device.computeUnits << " cores, " << device.idlePower << "-"
              << device.maxPower << " W (assumed)\n"
              << "took " << std::setprecision(1) << Since(start)
              << " s; try: r3d-roofline --devices-file=" << o.output << " --device=" << o.name
              << " --model=" << models.front()->name << " --precision=fp32\n";
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-calibrate", Run, argc, argv);
}
