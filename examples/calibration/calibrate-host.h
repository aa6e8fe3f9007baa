/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CALIBRATE_HOST_H
#define R3D_CALIBRATE_HOST_H

// r3d-calibrate, host measurement: timing, LibTorch's thread pools, the GEMM
// peak, STREAM-like bandwidth, storage, and what else the host's catalog
// entry needs. See calibrate-host.cc for the method. The header is free of
// LibTorch.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{
namespace r3d
{
namespace calibrate
{

/// The clock of every timing.
using Clock = std::chrono::steady_clock;

/// Bytes in a MiB.
constexpr uint64_t MIB = 1024 * 1024;

/// Seed of every random tensor: the same weights on every run.
constexpr uint64_t SEED = 1234;

/**
 * \param start a time point
 * \return seconds elapsed since it
 */
double Since(Clock::time_point start);

/**
 * \param samples values (not empty)
 * \return their median
 */
double Median(std::vector<double> samples);

/**
 * \brief Time a function: warm-up runs, then the median of timed runs.
 * \param f the function
 * \param warmup untimed runs
 * \param reps timed runs (>= 1)
 * \return median seconds
 */
double TimeMedian(const std::function<void()>& f, uint32_t warmup, uint32_t reps);

/** \brief Achieved fp32 GEMM throughput. */
struct GemmResult
{
    uint32_t size{0}; //!< square matrix size of the best figure
    double flops{0};  //!< median FLOP/s at that size
};

/** \brief STREAM-like DRAM bandwidth, STREAM byte counting (no write-allocate). */
struct BandwidthResult
{
    double copy{0};         //!< c = a: 2 arrays moved, bytes/s
    double triad{0};        //!< c = a + s b: 3 arrays moved, bytes/s
    uint64_t arrayBytes{0}; //!< size of each array
};

/**
 * \brief Size OpenBLAS's pthreads pool (process-global; a no-op with another
 *        BLAS).
 * \param blasThreads OpenBLAS threads (>= 1)
 */
void SetBlas(uint32_t blasThreads);

/**
 * \brief Stop OpenBLAS's pool threads (a no-op with another BLAS, or without
 *        a pool); the next multi-threaded GEMM starts them again. Call only
 *        while no GEMM runs.
 */
void QuiesceBlas();

/**
 * \brief Size LibTorch's thread pools for the measurements, and flush
 *        denormals to zero.
 * \param torchThreads LibTorch intra-op (OpenMP) threads (>= 1)
 * \param blasThreads OpenBLAS threads (>= 1; ignored with another BLAS)
 */
void SetThreads(uint32_t torchThreads, uint32_t blasThreads);

/**
 * \return the runtime measured, e.g.
 *         "LibTorch 1.13.0 (OpenMP), OpenBLAS 0.3.21 Cooperlake"
 */
std::string DescribeRuntime();

/**
 * \brief Measure torch::mm on square fp32 matrices with the current threads.
 * \param sizes matrix sizes to try; the best median wins
 * \param reps timed repetitions per size (after 2 warm-up ones)
 * \return the best median
 */
GemmResult MeasureGemm(const std::vector<uint32_t>& sizes, uint32_t reps);

/**
 * \brief Measure copy and triad on fp32 arrays with the current threads.
 * \param arrayBytes bytes per array (much larger than the last-level cache)
 * \param reps timed repetitions (after a warm-up one)
 * \return median bandwidths
 */
BandwidthResult MeasureBandwidth(uint64_t arrayBytes, uint32_t reps);

/**
 * \param field the field name in /proc/cpuinfo or /proc/meminfo
 * \param file the file
 * \return the text after "field:", trimmed; "" if absent
 */
std::string ProcField(const std::string& file, const std::string& field);

/**
 * \brief Tells whether other processes competed for the CPUs while
 *        measuring: busy time of the whole machine (/proc/stat, steal
 *        included) minus this process's own CPU time.
 */
class CpuLoad
{
  public:
    /** \brief Start watching. */
    CpuLoad();

    /**
     * \param cpus number of CPUs of the machine
     * \return the fraction of all CPUs' time used by others since construction
     */
    double GetOthers(uint32_t cpus) const;

  private:
    double m_machine;          //!< machine busy seconds at start
    double m_self;             //!< own CPU seconds at start
    Clock::time_point m_start; //!< start
};

/**
 * \brief Sequential read bandwidth of the storage holding \p dir.
 * \param dir a directory
 * \param bytes file size
 * \param[out] source how the figure was obtained
 * \return bytes/s
 * \throws std::runtime_error if the file cannot be written or read
 */
double MeasureStorage(const std::string& dir, uint64_t bytes, std::string& source);

/**
 * \param flops FLOP/s
 * \return e.g. "193.2 GFLOP/s"
 */
std::string Gflops(double flops);

/// Host measurements that go into the entry.
struct HostMeasurements
{
    std::string cpu;             //!< CPU model name
    std::string runtime;         //!< LibTorch / BLAS description
    uint32_t threads{1};         //!< compute (GEMM) threads
    uint32_t ompThreads{1};      //!< LibTorch OpenMP threads of the models
    uint32_t hardwareThreads{1}; //!< hardware concurrency
    GemmResult gemm1;            //!< 1 thread
    GemmResult gemmN;            //!< --threads threads
    BandwidthResult bandwidth;   //!< --threads threads
    double storage{0};           //!< bytes/s
    std::string storageSource;   //!< how it was obtained
    double memTotal{0};          //!< bytes
    double idlePower{0};         //!< W (assumed)
    double maxPower{0};          //!< W (assumed)
};

/// How hard each phase measures: the normal run and --quick.
struct Effort
{
    std::vector<uint32_t> gemmSizes; //!< square GEMM sizes
    uint32_t gemmReps;               //!< timed GEMMs per size
    uint64_t streamBytes;            //!< bytes per bandwidth array
    uint32_t streamReps;             //!< timed copies / triads
    uint64_t storageBytes;           //!< storage test file size
    uint32_t warmup;                 //!< untimed model runs
};

/// The normal effort.
extern const Effort NORMAL_EFFORT;

/// --quick's effort: one GEMM size, small arrays, few runs.
extern const Effort QUICK_EFFORT;

/**
 * \brief Measure the host: GEMM peak (1 thread, then the models' thread
 *        split), bandwidth with all threads, storage in \p outputDir, and
 *        print what was measured.
 * \param host the host, with cpu, threads, memory and power filled in;
 *        the rest is filled in here
 * \param effort how hard to measure
 * \param outputDir the output file's directory (storage is measured there)
 */
void MeasureHost(HostMeasurements& host, const Effort& effort, const std::string& outputDir);

} // namespace calibrate
} // namespace r3d
} // namespace ns3

#endif /* R3D_CALIBRATE_HOST_H */
