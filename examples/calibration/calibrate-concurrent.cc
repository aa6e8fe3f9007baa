/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-calibrate --concurrent: several catalog models at once on this host,
// measured with LibTorch and predicted by the inference engine.
//
// Measurement. Each model of a combination runs on its own std::thread; all
// wait at a barrier and are released at one instant (the common start). A
// model's latency is its end minus the common start; the makespan is the
// last end minus the common start. Every round runs each model alone (solo,
// with the device setting and with one core) and then each combination
// once, so a transient slowdown of the host hits them all alike; the figures
// are medians over the rounds. Solo is measured again rather than taken from
// the fit's measurement, which a virtual host's drifting speed can leave
// behind (a change of more than 15% is warned about). Identical models
// of a combination are distinct instances (own weights and buffers), as two
// jobs would be.
//
// Thread split (measured on 2 cores, OpenBLAS 0.3.21 pthreads, LibTorch
// 1.13 OpenMP):
// - OpenBLAS's thread count is process-global, and its multi-threaded GEMMs
//   are serialized process-wide: a second std::thread calling torch::mm
//   while a 2-thread GEMM runs blocks until that GEMM ends (a 3072^3 GEMM
//   held a 512^3 one for its whole 290 ms). With 1 OpenBLAS thread each
//   caller runs its own GEMM on its own core, in parallel (2 callers: 2 x 100
//   GFLOP/s, as 1 caller with 2 threads: 200).
// - LibTorch's OpenMP thread count is per thread: a new std::thread starts
//   with OpenMP's default (all cores) whatever torch::set_num_threads said,
//   and oneDNN (depthwise convolutions) uses it. So every worker sets its
//   own.
// - After a multi-threaded GEMM, OpenBLAS's idle pool threads busy-wait for
//   about 0.1 s (its thread timeout): two single-threaded resnet18 started
//   right after ran 50% slower. So the pool is stopped before every
//   single-threaded run (the next multi-threaded GEMM restarts it).
// Hence the split measured as "together": every model of a combination gets
// 1 OpenBLAS thread and 1 OpenMP thread, i.e. one core each when two run (a
// spatial split, like the engine's whole-unit allocation), and the OS
// time-slices the threads when there are more models than cores. When only
// one model is left it is given the device setting's OpenBLAS threads (all
// cores), so the host is work-conserving as the engine's allocators are.
// Two other splits are measured for comparison, without predictions:
// "static" (1 thread each to the end: the last model keeps one core) and
// "shared" (the device setting for all: --threads OpenBLAS threads, so the
// models' GEMMs take turns on all cores, their other ops overlap).
//
// Prediction. For each combination and allocator (one-at-a-time,
// equal-share, ram), an InferenceEngine with the fitted host entry, whole
// compute units, no concurrency cap, and all jobs submitted at t = 0 in the
// combination's order (one-at-a-time runs them in that order). Errors are
// relative to the measured latencies together; the verdicts (which
// allocator the host resembles) use them with the solo fit error removed,
// each prediction scaled by measured / predicted solo latency: the question
// is how the host shares itself, not how well the entry predicts one model
// (a virtual host's speed also drifts between the fit and this phase).

#include "calibrate-concurrent.h"

#include "ns3/boolean.h"
#include "ns3/inference-allocator.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/inference-engine.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/roofline-model.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <iomanip>
#include <mutex>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("R3dCalibrateConcurrent");

namespace r3d
{
namespace calibrate
{

const char* const DEFAULT_COMBOS = "resnet50+resnet50,alexnet+alexnet,resnet50+alexnet,"
                                   "mobilenet-v2+vgg16,bert-base+resnet18,"
                                   "resnet18+mobilenet-v2+alexnet";

const char* const QUICK_COMBOS = "resnet18+resnet18,mobilenet-v2+resnet18";

namespace
{

using Clock = std::chrono::steady_clock;

/// The allocators predicted, in print order.
const std::vector<std::string> ALLOCATORS{"one-at-a-time", "equal-share", "ram"};

/// Mean |error| (fraction) above which no allocator is said to describe the
/// host.
constexpr double NEITHER_ERROR = 0.2;

/// Two allocators whose mean |errors| differ by less than this (fraction)
/// describe the host about equally well.
constexpr double TIE_ERROR = 0.02;

/// Relative change of a solo latency between the fit's measurement and this
/// phase above which the host is reported to have changed speed.
constexpr double SOLO_DRIFT_WARNING = 0.15;

/// How the models of a combination share the threads.
enum ThreadSplit
{
    TOGETHER, //!< 1 OpenBLAS + 1 OpenMP thread each; the last one left gets the device's
    STATIC,   //!< 1 OpenBLAS + 1 OpenMP thread each, to the end
    SHARED,   //!< the device setting for all (GEMMs take turns)
    SPLITS    //!< number of splits
};

/// Short names of the splits, for the output.
const char* const SPLIT_NAMES[SPLITS] = {"together", "static", "shared"};

/**
 * \param samples values (not empty)
 * \return their median
 */
double
Median(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    std::size_t n = samples.size();
    return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

/**
 * \param text a string
 * \return it without leading and trailing blanks
 */
std::string
Trim(const std::string& text)
{
    std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
    {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

/**
 * \param text a list
 * \param separator its separator
 * \return its items, trimmed (empty ones kept, so they can be reported)
 */
std::vector<std::string>
SplitText(const std::string& text, char separator)
{
    std::vector<std::string> items;
    std::size_t begin = 0;
    while (true)
    {
        std::size_t end = text.find(separator, begin);
        items.push_back(Trim(text.substr(begin, end - begin)));
        if (end == std::string::npos)
        {
            return items;
        }
        begin = end + 1;
    }
}

/**
 * \param models model names
 * \return "a + b + c"
 */
std::string
JoinModels(const std::vector<std::string>& models)
{
    std::string s;
    for (const std::string& m : models)
    {
        s += (s.empty() ? "" : " + ") + m;
    }
    return s;
}

/** \brief One concurrent run: every model's latency and the makespan. */
struct RoundTimes
{
    std::vector<double> latency; //!< per model, end - common start, s
    double makespan{0};          //!< last end - common start, s
};

/**
 * \brief Run passes at the same time, one std::thread each, released
 *        together.
 * \param passes the forward passes (one per model)
 * \param host the program's hooks
 * \param blasThreads OpenBLAS threads (process-global) at the start
 * \param ompThreads OpenMP threads of every worker (the workers adopt it)
 * \param promoteLast give the last model running the device's OpenBLAS threads
 * \return the times
 * \throws whatever a pass threw
 */
RoundTimes
RunTogether(const std::vector<const std::function<void()>*>& passes,
            ConcurrentHost& host,
            int blasThreads,
            int ompThreads,
            bool promoteLast)
{
    host.setThreads(blasThreads, ompThreads);
    if (blasThreads < host.deviceBlasThreads)
    {
        // Else OpenBLAS's idle threads, spinning after the last
        // multi-threaded GEMM, take a core from the single-threaded models.
        host.quiesceBlas();
    }
    const std::size_t n = passes.size();
    std::mutex mutex;
    std::condition_variable cv;
    std::size_t ready = 0;
    bool go = false;
    std::size_t running = n;
    std::vector<Clock::time_point> end(n);
    std::vector<std::exception_ptr> errors(n);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i)
    {
        threads.emplace_back([&, i]() {
            try
            {
                host.inWorker([&]() {
                    {
                        std::unique_lock<std::mutex> lock(mutex);
                        ++ready;
                        cv.notify_all();
                        cv.wait(lock, [&]() { return go; });
                    }
                    (*passes[i])();
                    end[i] = Clock::now();
                    std::lock_guard<std::mutex> lock(mutex);
                    if (--running == 1 && promoteLast)
                    {
                        // The survivor's next GEMMs use every core, as a
                        // work-conserving allocator would grant.
                        host.setBlasThreads(host.deviceBlasThreads);
                    }
                });
            }
            catch (...)
            {
                errors[i] = std::current_exception();
            }
        });
    }
    Clock::time_point start;
    {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [&]() { return ready == n; });
        start = Clock::now();
        go = true;
    }
    cv.notify_all();
    for (std::thread& t : threads)
    {
        t.join();
    }
    for (const std::exception_ptr& e : errors)
    {
        if (e)
        {
            std::rethrow_exception(e);
        }
    }
    RoundTimes r;
    for (const Clock::time_point& e : end)
    {
        r.latency.push_back(std::chrono::duration<double>(e - start).count());
        r.makespan = std::max(r.makespan, r.latency.back());
    }
    return r;
}

/** \brief The engine's prediction for one combination under one allocator. */
struct Prediction
{
    std::vector<double> latency; //!< per model, finish - 0, s
    double makespan{0};          //!< last finish, s
};

/**
 * \brief Predict a combination: all jobs submitted at t = 0 to an engine
 *        with the host entry.
 * \param combo model names, in submission order
 * \param allocator allocator name
 * \param device the host entry
 * \param models the model catalog
 * \return the prediction
 */
Prediction
Predict(const std::vector<std::string>& combo,
        const std::string& allocator,
        const DeviceProfile& device,
        Ptr<ModelCatalog> models)
{
    Ptr<InferenceEngine> engine = CreateObject<InferenceEngine>();
    engine->SetDevice(device);
    engine->SetModelCatalog(models);
    engine->SetAttribute("Allocator",
                         PointerValue(InferenceEngineHelper::CreateAllocator(allocator)));
    engine->SetAttribute("MaxConcurrentJobs", UintegerValue(0));
    // The host's cores are whole units, as the measurement's threads are.
    engine->SetAttribute("DiscreteComputeUnits", BooleanValue(true));
    Prediction p;
    p.latency.assign(combo.size(), -1);
    Simulator::Schedule(Seconds(0), [&]() {
        for (std::size_t i = 0; i < combo.size(); ++i)
        {
            // Indexed: identical models of a combination are distinct jobs.
            auto done = [&p, i](const InferenceJobRecord& r) {
                p.latency[i] = r.finished.GetSeconds();
            };
            engine->Submit(combo[i],
                           Precision::FP32,
                           1,
                           Seconds(100),
                           InferenceEngine::DoneCallback(done));
        }
    });
    Simulator::Run();
    Simulator::Destroy();
    engine->Dispose();
    for (double l : p.latency)
    {
        if (l < 0)
        {
            throw std::runtime_error("engine left a job of " + JoinModels(combo) + " unfinished");
        }
        p.makespan = std::max(p.makespan, l);
    }
    return p;
}

/**
 * \param predicted a prediction
 * \param measured the measurement (> 0)
 * \return the relative error
 */
double
Error(double predicted, double measured)
{
    return (predicted - measured) / measured;
}

/**
 * \param seconds a duration, s
 * \param width field width
 * \return it in ms with 1 decimal, right-aligned
 */
std::string
Ms(double seconds, int width)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << std::setw(width) << seconds * 1e3;
    return s.str();
}

/**
 * \param error a relative error
 * \return e.g. "+12.3%"
 */
std::string
Percent(double error)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << std::showpos << error * 100 << "%";
    return s.str();
}

/**
 * \param meanAbs mean |error| per allocator, in ALLOCATORS' order
 * \return allocator indices, closest first (ties: ALLOCATORS' order)
 */
std::vector<std::size_t>
Ranking(const std::vector<double>& meanAbs)
{
    std::vector<std::size_t> order(meanAbs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return meanAbs[a] < meanAbs[b];
    });
    return order;
}

/**
 * \param meanAbs mean |error| per allocator, in ALLOCATORS' order
 * \param skip how many of the closest to leave out
 * \return e.g. "equal-share 12.0%, one-at-a-time 35.2%", closest first
 */
std::string
ErrorList(const std::vector<double>& meanAbs, std::size_t skip)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(1);
    std::vector<std::size_t> order = Ranking(meanAbs);
    for (std::size_t k = skip; k < order.size(); ++k)
    {
        s << (k == skip ? "" : ", ") << ALLOCATORS[order[k]] << " " << meanAbs[order[k]] * 100
          << "%";
    }
    return s.str();
}

/**
 * \brief Which allocator's predictions are closest to the measurements.
 * \param meanAbs mean |error| per allocator, in ALLOCATORS' order
 * \param same whether equal-share and ram predicted the same latencies
 * \return e.g. "ram (mean |err| 8.1%; equal-share 12.0%, one-at-a-time
 *         35.2%)"; "a ~ b (...)" when the two closest are within TIE_ERROR
 */
std::string
Closest(const std::vector<double>& meanAbs, bool same)
{
    std::vector<std::size_t> order = Ranking(meanAbs);
    const std::string& best = ALLOCATORS[order[0]];
    const std::string& second = ALLOCATORS[order[1]];
    std::ostringstream s;
    s << std::fixed << std::setprecision(1);
    if (same && best != "one-at-a-time" && second != "one-at-a-time")
    {
        s << "equal-share = ram (same prediction here; mean |err| " << meanAbs[order[0]] * 100
          << "%; " << ErrorList(meanAbs, 2) << ")";
    }
    else if (meanAbs[order[1]] - meanAbs[order[0]] < TIE_ERROR)
    {
        s << best << " ~ " << second << " (mean |err| " << meanAbs[order[0]] * 100 << "% vs "
          << meanAbs[order[1]] * 100 << "%; " << ErrorList(meanAbs, 2) << ")";
    }
    else
    {
        s << best << " (mean |err| " << meanAbs[order[0]] * 100 << "%; " << ErrorList(meanAbs, 1)
          << ")";
    }
    return s.str();
}

} // namespace

std::vector<std::vector<std::string>>
ParseCombos(const std::string& text, const ModelCatalog& catalog, std::size_t maxModels)
{
    std::vector<std::vector<std::string>> combos;
    for (const std::string& item : SplitText(text, ','))
    {
        if (item.empty())
        {
            continue; // "a+b," or ",,": nothing to run
        }
        std::vector<std::string> combo = SplitText(item, '+');
        for (const std::string& m : combo)
        {
            if (m.empty())
            {
                throw std::invalid_argument("--combos: empty model name in '" + item + "'");
            }
            if (!catalog.Has(m))
            {
                std::string known;
                for (const std::string& k : catalog.GetNames())
                {
                    known += (known.empty() ? "" : ", ") + k;
                }
                throw std::invalid_argument("--combos: unknown model '" + m + "' in '" + item +
                                            "' (known: " + known + ")");
            }
        }
        if (combo.size() < 2 || combo.size() > maxModels)
        {
            throw std::invalid_argument(
                "--combos: '" + item + "' has " + std::to_string(combo.size()) +
                " model(s); a combination runs 2 to " + std::to_string(maxModels) + " at once");
        }
        combos.push_back(combo);
    }
    if (combos.empty())
    {
        throw std::invalid_argument("--combos lists no combination (e.g. \"resnet50+alexnet\")");
    }
    return combos;
}

void
RunConcurrent(const std::vector<std::vector<std::string>>& combos,
              ConcurrentHost& host,
              const ConcurrentOptions& options,
              const DeviceProfile& device,
              Ptr<ModelCatalog> models,
              std::ostream& out)
{
    auto start = Clock::now();
    // Instances needed: as many of a model as any combination holds.
    std::vector<std::string> distinct;
    std::map<std::string, std::size_t> instances;
    for (const auto& combo : combos)
    {
        std::map<std::string, std::size_t> count;
        for (const std::string& m : combo)
        {
            if (instances.count(m) == 0)
            {
                distinct.push_back(m);
                instances[m] = 0;
            }
            instances[m] = std::max(instances[m], ++count[m]);
        }
    }
    const int blas = host.deviceBlasThreads;
    const int omp = host.deviceOmpThreads;
    const std::string soloDevice = "solo " + std::to_string(blas) + "c";
    out << "\nconcurrent: " << combos.size() << " combination(s) of " << distinct.size()
        << " model(s), " << options.rounds << " rounds (+" << options.warmup
        << " warm-up); a round runs each model alone, then each combination; medians over "
           "the rounds\n"
        << "thread split: one std::thread per model, all released at one instant; each model "
           "1 OpenBLAS + 1 OpenMP thread\n"
        << "  (a core each when " << blas << " run; the OS time-slices more models than cores); "
        << "the last one left gets the device's " << blas << " OpenBLAS threads (work-conserving)\n"
        << "  why: OpenBLAS's thread count is process-global, and its multi-threaded GEMMs "
           "from different threads are serialized\n"
        << "  (one waits for the other's whole GEMM); OpenBLAS's idle threads are stopped "
           "before single-threaded runs (they spin ~0.1 s)\n"
        << "columns: " << soloDevice << " = alone with the device setting (" << blas
        << " OpenBLAS + " << omp
        << " OpenMP, measured again in these rounds); pred = the fitted entry's solo "
           "prediction;\n  solo 1c = alone, 1 + 1; "
        << "together = in the combination (x its " << soloDevice
        << "); one-at-a-time, equal-share, ram = the engine with the fitted\n"
        << "  entry, whole cores, all jobs at t = 0 in the listed order (error vs together); "
           "measured only: static = 1 + 1 each to the\n"
        << "  end (the last model keeps one core), shared = the device setting for all (GEMMs "
           "take turns on all cores)\n"
        << "verdicts: mean |error| over a combination's models of the predictions with the "
           "solo fit error removed\n  (each x "
        << soloDevice
        << " / pred, approximately), so that an imperfect or stale fit does not decide how "
           "the host shares itself\n";

    // Forward passes (the program builds the extra instances now).
    std::map<std::string, std::vector<std::function<void()>>> passes;
    for (const std::string& m : distinct)
    {
        for (std::size_t k = 0; k < instances[m]; ++k)
        {
            passes[m].push_back(host.getPass(m, k));
        }
    }

    // Samples: solo with the device setting and with one core, and each
    // combination under each split. Solo is measured again, not taken from
    // the fit's measurement: the comparison needs the host as it is now (a
    // shared or virtual host's speed drifts).
    std::map<std::string, std::vector<double>> soloDeviceRuns;
    std::map<std::string, std::vector<double>> soloOneRuns;
    std::vector<std::vector<std::vector<RoundTimes>>> comboRuns(
        combos.size(),
        std::vector<std::vector<RoundTimes>>(SPLITS));
    for (uint32_t round = 0; round < options.warmup + options.rounds; ++round)
    {
        bool timed = round >= options.warmup;
        for (const std::string& m : distinct)
        {
            const std::function<void()>* pass = &passes[m][0];
            RoundTimes device = RunTogether({pass}, host, blas, omp, false);
            RoundTimes one = RunTogether({pass}, host, 1, 1, false);
            if (timed)
            {
                soloDeviceRuns[m].push_back(device.makespan);
                soloOneRuns[m].push_back(one.makespan);
            }
        }
        for (std::size_t c = 0; c < combos.size(); ++c)
        {
            std::vector<const std::function<void()>*> run;
            std::map<std::string, std::size_t> next;
            for (const std::string& m : combos[c])
            {
                run.push_back(&passes[m][next[m]++]);
            }
            for (int s = 0; s < SPLITS; ++s)
            {
                RoundTimes t = s == SHARED ? RunTogether(run, host, blas, omp, false)
                                           : RunTogether(run, host, 1, 1, s == TOGETHER);
                if (timed)
                {
                    comboRuns[c][s].push_back(t);
                }
                std::ostringstream times;
                for (double l : t.latency)
                {
                    times << " " << l * 1e3;
                }
                NS_LOG_DEBUG("round " << round << " " << JoinModels(combos[c]) << " "
                                      << SPLIT_NAMES[s] << ": ms" << times.str());
            }
        }
    }
    // Back to the device setting, as the program had it.
    host.setThreads(blas, omp);
    double measureTime = std::chrono::duration<double>(Clock::now() - start).count();

    std::map<std::string, double> solo2;
    std::map<std::string, double> solo1;
    std::map<std::string, double> soloPredicted;
    RooflineModel roofline(device, Precision::FP32);
    std::string drifted;
    for (const std::string& m : distinct)
    {
        solo2[m] = Median(soloDeviceRuns[m]);
        solo1[m] = Median(soloOneRuns[m]);
        soloPredicted[m] = roofline.EstimateModel(models->Get(m)).latency;
        auto before = host.soloDevice.find(m);
        if (before != host.soloDevice.end() &&
            std::abs(solo2[m] / before->second - 1) > SOLO_DRIFT_WARNING)
        {
            drifted += (drifted.empty() ? "" : ", ") + m + " " + Ms(before->second, 0) + " -> " +
                       Ms(solo2[m], 0) + " ms";
        }
    }
    if (!drifted.empty())
    {
        out << "warning: solo latencies changed since the fit's measurement (" << drifted
            << "): the host's speed drifts; the predictions inherit the fit's figures (see the "
               "errors with the solo fit error removed)\n";
    }

    // Over all combinations, per allocator: sums of |error| of the
    // predictions, and of the predictions scaled by measured / predicted solo
    // latency (which removes the fit's solo error, leaving the sharing).
    std::vector<double> totalAbs(ALLOCATORS.size(), 0);
    std::vector<double> totalScaledAbs(ALLOCATORS.size(), 0);
    std::size_t totalModels = 0;
    // Interference beyond losing cores: static / solo 1c where every model
    // has a core of its own.
    double interference = 0;
    std::size_t interferenceModels = 0;
    std::vector<double> splitOverSequential(SPLITS, 0);
    for (std::size_t c = 0; c < combos.size(); ++c)
    {
        const std::vector<std::string>& combo = combos[c];
        const std::size_t n = combo.size();
        std::vector<std::vector<double>> latency(SPLITS, std::vector<double>(n));
        std::vector<double> makespan(SPLITS);
        for (int s = 0; s < SPLITS; ++s)
        {
            for (std::size_t i = 0; i < n; ++i)
            {
                std::vector<double> samples;
                for (const RoundTimes& r : comboRuns[c][s])
                {
                    samples.push_back(r.latency[i]);
                }
                latency[s][i] = Median(samples);
            }
            std::vector<double> spans;
            for (const RoundTimes& r : comboRuns[c][s])
            {
                spans.push_back(r.makespan);
            }
            makespan[s] = Median(spans);
        }
        const std::vector<double>& together = latency[TOGETHER];
        std::vector<Prediction> predictions;
        for (const std::string& a : ALLOCATORS)
        {
            predictions.push_back(Predict(combo, a, device, models));
        }

        out << "\n[" << c + 1 << "/" << combos.size() << "] " << JoinModels(combo) << "\n"
            << "  " << std::left << std::setw(16) << "model" << std::right << std::setw(8)
            << soloDevice << std::setw(7) << "pred" << std::setw(8) << "solo 1c" << std::setw(16)
            << "together";
        for (const std::string& a : ALLOCATORS)
        {
            out << std::setw(16) << a;
        }
        out << std::setw(8) << "static" << std::setw(8) << "shared"
            << "\n";
        std::map<std::string, std::size_t> seen;
        std::vector<double> meanAbs(ALLOCATORS.size(), 0);
        std::vector<double> meanScaledAbs(ALLOCATORS.size(), 0);
        bool same = true;
        for (std::size_t i = 0; i < n; ++i)
        {
            const std::string& m = combo[i];
            std::string label = std::count(combo.begin(), combo.end(), m) > 1
                                    ? m + " #" + std::to_string(++seen[m])
                                    : m;
            std::ostringstream ratio;
            ratio << " x" << std::fixed << std::setprecision(2) << together[i] / solo2[m];
            out << "  " << std::left << std::setw(16) << label << std::right << Ms(solo2[m], 8)
                << Ms(soloPredicted[m], 7) << Ms(solo1[m], 8) << Ms(together[i], 9) << std::left
                << std::setw(7) << ratio.str() << std::right;
            for (std::size_t a = 0; a < ALLOCATORS.size(); ++a)
            {
                double e = Error(predictions[a].latency[i], together[i]);
                double scaled =
                    Error(predictions[a].latency[i] * solo2[m] / soloPredicted[m], together[i]);
                meanAbs[a] += std::abs(e) / n;
                meanScaledAbs[a] += std::abs(scaled) / n;
                totalAbs[a] += std::abs(e);
                totalScaledAbs[a] += std::abs(scaled);
                out << Ms(predictions[a].latency[i], 8) << std::setw(8) << Percent(e);
            }
            out << Ms(latency[STATIC][i], 8) << Ms(latency[SHARED][i], 8) << "\n";
            same = same && std::abs(predictions[1].latency[i] - predictions[2].latency[i]) <=
                               1e-6 * predictions[1].latency[i];
            if (n <= static_cast<std::size_t>(blas))
            {
                interference += latency[STATIC][i] / solo1[m];
                ++interferenceModels;
            }
        }
        totalModels += n;
        double sequential = 0;
        for (const std::string& m : combo)
        {
            sequential += solo2[m];
        }
        for (int s = 0; s < SPLITS; ++s)
        {
            splitOverSequential[s] += makespan[s] / sequential / combos.size();
        }
        out << "  makespan: together " << Ms(makespan[TOGETHER], 0) << " ms, sequential "
            << Ms(sequential, 0) << " ms (sum of " << soloDevice
            << " = one-at-a-time on the host): together "
            << Percent(makespan[TOGETHER] / sequential - 1) << "; static "
            << Ms(makespan[STATIC], 0) << ", shared " << Ms(makespan[SHARED], 0)
            << "\n  predicted makespan:";
        for (std::size_t a = 0; a < ALLOCATORS.size(); ++a)
        {
            out << (a == 0 ? " " : ", ") << ALLOCATORS[a] << " " << Ms(predictions[a].makespan, 0)
                << " (" << Percent(Error(predictions[a].makespan, makespan[TOGETHER])) << ")";
        }
        out << "\n  mean |err|: " << ErrorList(meanAbs, 0)
            << "; with the solo fit error removed: " << ErrorList(meanScaledAbs, 0)
            << "\n  host behaves closest to: " << Closest(meanScaledAbs, same) << "\n";
    }

    std::vector<double> overall(ALLOCATORS.size());
    std::vector<double> overallScaled(ALLOCATORS.size());
    for (std::size_t a = 0; a < ALLOCATORS.size(); ++a)
    {
        overall[a] = totalAbs[a] / totalModels;
        overallScaled[a] = totalScaledAbs[a] / totalModels;
    }
    out << "\nsummary over " << combos.size() << " combination(s), " << totalModels
        << " model runs: mean |error| of the predictions vs together: " << ErrorList(overall, 0)
        << "\n  with the solo fit error removed: " << ErrorList(overallScaled, 0)
        << "\n  makespan / sequential:" << std::fixed << std::setprecision(2);
    for (int s = 0; s < SPLITS; ++s)
    {
        out << (s == 0 ? " " : ", ") << SPLIT_NAMES[s] << " x" << splitOverSequential[s];
    }
    out << " (mean; below 1: running them together beats one at a time)\n";
    if (interferenceModels > 0)
    {
        out << "  static / solo 1c: x" << interference / interferenceModels
            << " (mean over combinations with a core per model; above 1: they slow each other "
               "beyond the core they lose, e.g. memory bandwidth, cache)\n";
    }
    // Judged without the fit's solo error: the question is how the host
    // shares itself, not how well the entry predicts one model.
    std::size_t best = Ranking(overallScaled)[0];
    out << "overall, host behaves closest to: ";
    if (overallScaled[best] > NEITHER_ERROR)
    {
        out << "neither (closest: " << ALLOCATORS[best] << ", mean |err| " << std::setprecision(1)
            << overallScaled[best] * 100 << "% > " << NEITHER_ERROR * 100 << "%; "
            << ErrorList(overallScaled, 1) << ")";
    }
    else
    {
        out << Closest(overallScaled, false);
    }
    out << "\nconcurrent phase took " << std::setprecision(1) << measureTime << " s\n"
        << std::defaultfloat;
}

} // namespace calibrate
} // namespace r3d
} // namespace ns3
