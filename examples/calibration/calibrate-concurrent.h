/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CALIBRATE_CONCURRENT_H
#define R3D_CALIBRATE_CONCURRENT_H

// r3d-calibrate --concurrent: run catalog models at the same time on this
// host, measure them, and compare with the inference engine's predictions
// under each allocator. See calibrate-concurrent.cc for the method and the
// thread split. Free of LibTorch: the program hands in the workloads.

#include "ns3/device-profile.h"
#include "ns3/model-catalog.h"
#include "ns3/ptr.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace r3d
{
namespace calibrate
{

/// Default --concurrent combinations, chosen to contrast bottlenecks: two
/// compute-heavy, two memory-heavy (FC weights), mixed, short + long, NLP +
/// CNN, and three models on two cores.
extern const char* const DEFAULT_COMBOS;

/// --quick --concurrent combinations: two small pairs, no triple.
extern const char* const QUICK_COMBOS;

/**
 * \brief Parse a combination list.
 * \param text "a+b,c+d+e": combinations separated by commas, the models of
 *        one (2 or more, repeats allowed) by '+'
 * \param catalog the model catalog the names must be in
 * \param maxModels most models in one combination
 * \return the combinations, each a list of model names in submission order
 * \throws std::invalid_argument naming the offending entry
 */
std::vector<std::vector<std::string>> ParseCombos(const std::string& text,
                                                  const ModelCatalog& catalog,
                                                  std::size_t maxModels);

/**
 * \brief What the concurrent measurement needs from the program.
 *
 * The harness itself does not know LibTorch: it calls these hooks.
 */
struct ConcurrentHost
{
    /// One forward pass of instance \p instance (0, 1, ...) of a model,
    /// callable from any thread; distinct instances share no buffers. Called
    /// from the main thread only (it may build the instance).
    std::function<std::function<void()>(const std::string& model, std::size_t instance)> getPass;
    /// Run \p body on the calling (worker) thread with the thread-local
    /// runtime state a model needs: inference mode, and the OpenMP threads
    /// last given to setThreads (a new thread otherwise has OpenMP's default,
    /// all cores).
    std::function<void(const std::function<void()>& body)> inWorker;
    /// Main thread only: set OpenBLAS's threads (process-global) and
    /// LibTorch's OpenMP threads (the main thread's, and the default workers
    /// adopt).
    std::function<void(int blas, int omp)> setThreads;
    /// Set OpenBLAS's threads (process-global); callable from any thread.
    std::function<void(int blas)> setBlasThreads;
    /// Main thread only, no model running: stop OpenBLAS's idle pool threads,
    /// which busy-wait for about 0.1 s after a multi-threaded GEMM (its
    /// thread timeout), taking a core from single-threaded models.
    std::function<void()> quiesceBlas;
    int deviceBlasThreads{1}; //!< OpenBLAS threads of the device setting (--threads)
    int deviceOmpThreads{1};  //!< OpenMP threads of the device setting (--omp-threads)
    /// Solo latencies with the device setting (median, s) measured for the
    /// fit, if any: compared with this phase's, to warn of a drifting host.
    std::map<std::string, double> soloDevice;
};

/** \brief How hard the concurrent phase measures. */
struct ConcurrentOptions
{
    uint32_t rounds{10}; //!< timed rounds (each: every solo run, then every combo)
    uint32_t warmup{1};  //!< untimed rounds first
};

/**
 * \brief Measure the combinations on this host, predict them with the
 *        inference engine under each allocator, and print the comparison.
 * \param combos the combinations (ParseCombos)
 * \param host the program's hooks
 * \param options rounds
 * \param device the fitted host entry (as written and read back)
 * \param models the model catalog
 * \param out where to print
 */
void RunConcurrent(const std::vector<std::vector<std::string>>& combos,
                   ConcurrentHost& host,
                   const ConcurrentOptions& options,
                   const DeviceProfile& device,
                   Ptr<ModelCatalog> models,
                   std::ostream& out);

} // namespace calibrate
} // namespace r3d
} // namespace ns3

#endif /* R3D_CALIBRATE_CONCURRENT_H */
