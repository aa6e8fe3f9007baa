/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-calibrate, host measurement (fp32, batch 1):
// - peak compute: median FLOP/s of torch::mm on square matrices (1024 and
//   2048, the better kept) with 1 thread and with --threads threads; the
//   latter is peakGflops.fp32 and computeUnits = --threads, so a Roofline
//   compute share of k units gets k/--threads of it (the 1-thread figure
//   shows how linear that is). Re-measured after the models, the better of
//   the two kept; a change of more than 15%, or other processes using over
//   10% of the CPUs, is warned about (a shared or virtual machine makes
//   every figure noisy).
// - memory bandwidth: STREAM-like copy and triad over 256 MiB arrays (well
//   beyond the last-level cache), --threads threads, STREAM byte counting (no
//   write-allocate traffic); the larger is memoryBandwidthGBps, the roof the
//   fitted memory efficiency (<= 1) scales.
// - storage: sequential read of a 256 MiB file in the output's directory,
//   written and read with O_DIRECT so the page cache is bypassed (fallback:
//   fsync + POSIX_FADV_DONTNEED, which may leave it cached; the entry's
//   sources say which). A virtual disk may still be cached by its host.
//
// Thread split. Debian's LibTorch has two thread pools: its OpenMP intra-op
// pool (element-wise ops, reductions, oneDNN convolutions) and OpenBLAS's
// own pthreads pool, which runs torch::mm. libgomp's workers spin after each
// parallel region, and with both pools at N threads on N cores they starve
// each other: measured on 2 cores, models ran 3.5-15x slower than with the
// OpenMP pool at 1 thread (OMP_WAIT_POLICY=PASSIVE recovers most, not all).
// So the models run with --threads OpenBLAS threads for the GEMMs, which
// carry nearly all FLOPs, and --omp-threads (default 1, LibTorch's own
// default on this 2-core host) OpenMP threads for everything else; the
// fitted memory and depthwise efficiencies absorb the single-threaded ops.
//
// NS_LOG=R3dCalibrateHost=info prints each GEMM size's throughput.

#include "calibrate-host.h"

#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <torch/torch.h>
#include <torch/version.h>
#include <unistd.h>

namespace ns3
{
namespace r3d
{
namespace calibrate
{

NS_LOG_COMPONENT_DEFINE("R3dCalibrateHost");

const Effort NORMAL_EFFORT{{1024, 2048}, 5, 256ULL << 20, 5, 256ULL << 20, 2};
const Effort QUICK_EFFORT{{1024}, 3, 64ULL << 20, 3, 32ULL << 20, 1};

namespace
{

/// openblas_set_num_threads, if the BLAS LibTorch loaded is OpenBLAS.
using SetBlasThreads = void (*)(int);
/// openblas_get_config / openblas_get_corename.
using BlasString = char* (*)();

} // namespace

/**
 * \param start a time point
 * \return seconds elapsed since it
 */
double
Since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

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
 * \brief Time a function: warm-up runs, then the median of timed runs.
 * \param f the function
 * \param warmup untimed runs
 * \param reps timed runs (>= 1)
 * \return median seconds
 */
double
TimeMedian(const std::function<void()>& f, uint32_t warmup, uint32_t reps)
{
    for (uint32_t i = 0; i < warmup; ++i)
    {
        f();
    }
    std::vector<double> samples;
    for (uint32_t i = 0; i < reps; ++i)
    {
        auto start = Clock::now();
        f();
        samples.push_back(Since(start));
    }
    return Median(samples);
}

/**
 * \brief Size OpenBLAS's pthreads pool (process-global; a no-op with another
 *        BLAS).
 *
 * LibTorch sizes its OpenMP pool but not OpenBLAS's own pthreads pool, which
 * runs torch::mm. Looked up at run time so that any BLAS links.
 *
 * \param blasThreads OpenBLAS threads (>= 1)
 */
void
SetBlas(uint32_t blasThreads)
{
    static const auto setBlas =
        reinterpret_cast<SetBlasThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (setBlas != nullptr)
    {
        setBlas(static_cast<int>(blasThreads));
    }
}

/**
 * \brief Stop OpenBLAS's pool threads (a no-op with another BLAS, or without
 *        a pool); the next multi-threaded GEMM starts them again.
 *
 * After a multi-threaded GEMM they busy-wait for work for about 0.1 s
 * (OpenBLAS's thread timeout, 2^28 cycles): on 2 cores that took one from
 * two single-threaded models run right after (a resnet18 pair ran 50%
 * slower). Call only while no GEMM runs.
 */
void
QuiesceBlas()
{
    static const auto shutdown =
        reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "blas_thread_shutdown_"));
    if (shutdown != nullptr)
    {
        shutdown();
    }
}

/**
 * \brief Size LibTorch's thread pools for the measurements, and flush
 *        denormals to zero.
 *
 * Debian's LibTorch has two pools: its OpenMP intra-op pool (element-wise
 * ops, reductions, oneDNN convolutions) and OpenBLAS's pthreads pool
 * (torch::mm), each sized separately.
 *
 * \param torchThreads LibTorch intra-op (OpenMP) threads (>= 1)
 * \param blasThreads OpenBLAS threads (>= 1; ignored with another BLAS)
 */
void
SetThreads(uint32_t torchThreads, uint32_t blasThreads)
{
    torch::set_num_threads(torchThreads);
    SetBlas(blasThreads);
    // Denormals can slow float math by orders of magnitude; inference
    // runtimes flush them.
    at::globalContext().setFlushDenormal(true);
}

/**
 * \return the runtime measured, e.g.
 *         "LibTorch 1.13.0 (OpenMP), OpenBLAS 0.3.21 Cooperlake"
 */
std::string
DescribeRuntime()
{
    std::string s =
        std::string("LibTorch ") + TORCH_VERSION + " (" +
        (at::get_parallel_info().find("OpenMP") != std::string::npos ? "OpenMP" : "native") + ")";
    auto config = reinterpret_cast<BlasString>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    auto core = reinterpret_cast<BlasString>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    if (config != nullptr && core != nullptr)
    {
        // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …": keep name and version.
        std::string c = config();
        std::size_t second = c.find(' ', c.find(' ') + 1);
        s += ", " + c.substr(0, second) + " " + core();
    }
    else
    {
        s += ", BLAS: not OpenBLAS";
    }
    return s;
}

/**
 * \brief Measure torch::mm on square fp32 matrices with the current threads.
 * \param sizes matrix sizes to try; the best median wins
 * \param reps timed repetitions per size (after 2 warm-up ones)
 * \return the best median
 */
GemmResult
MeasureGemm(const std::vector<uint32_t>& sizes, uint32_t reps)
{
    torch::manual_seed(SEED);
    GemmResult best;
    for (uint32_t size : sizes)
    {
        int64_t n = size;
        torch::Tensor a = torch::randn({n, n});
        torch::Tensor b = torch::randn({n, n});
        torch::Tensor c = torch::empty({n, n});
        double t = TimeMedian([&]() { torch::mm_out(c, a, b); }, 2, reps);
        double flops = 2.0 * n * n * n / t;
        NS_LOG_INFO("gemm " << size << ": " << flops / 1e9 << " GFLOP/s");
        if (flops > best.flops)
        {
            best = {size, flops};
        }
    }
    return best;
}

/**
 * \brief Measure copy and triad on fp32 arrays with the current threads.
 * \param arrayBytes bytes per array (much larger than the last-level cache)
 * \param reps timed repetitions (after a warm-up one)
 * \return median bandwidths
 */
BandwidthResult
MeasureBandwidth(uint64_t arrayBytes, uint32_t reps)
{
    int64_t n = arrayBytes / 4;
    // Filled, so every page is mapped before timing.
    torch::Tensor a = torch::ones({n});
    torch::Tensor b = torch::ones({n});
    torch::Tensor c = torch::zeros({n});
    BandwidthResult r;
    r.arrayBytes = arrayBytes;
    r.copy = 2.0 * n * 4 / TimeMedian([&]() { c.copy_(a); }, 1, reps);
    r.triad = 3.0 * n * 4 / TimeMedian([&]() { torch::add_out(c, a, b, 3.0); }, 1, reps);
    return r;
}

/**
 * \param field the field name in /proc/cpuinfo or /proc/meminfo
 * \param file the file
 * \return the text after "field:", trimmed; "" if absent
 */
std::string
ProcField(const std::string& file, const std::string& field)
{
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
    {
        if (line.compare(0, field.size(), field) == 0)
        {
            std::size_t colon = line.find(':');
            if (colon == std::string::npos)
            {
                continue;
            }
            std::size_t first = line.find_first_not_of(" \t", colon + 1);
            return first == std::string::npos ? "" : line.substr(first);
        }
    }
    return "";
}

namespace
{

/** \return CPU seconds all CPUs spent busy since boot (0 if unknown) */
double
MachineBusy()
{
    std::ifstream in("/proc/stat");
    std::string cpu;
    double user = 0;
    double nice = 0;
    double system = 0;
    double idle = 0;
    double iowait = 0;
    double irq = 0;
    double softirq = 0;
    double steal = 0;
    in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    return (user + nice + system + irq + softirq + steal) / sysconf(_SC_CLK_TCK);
}

/** \return CPU seconds this process used */
double
SelfTime()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

} // namespace

CpuLoad::CpuLoad()
    : m_machine(MachineBusy()),
      m_self(SelfTime()),
      m_start(Clock::now())
{
}

double
CpuLoad::GetOthers(uint32_t cpus) const
{
    double wall = std::chrono::duration<double>(Clock::now() - m_start).count();
    double others = (MachineBusy() - m_machine) - (SelfTime() - m_self);
    return std::max(0.0, others / (wall * cpus));
}

/**
 * \brief Sequential read bandwidth of the storage holding \p dir.
 *
 * A file is written and read back with O_DIRECT, so neither pass goes
 * through the page cache; where O_DIRECT is refused (tmpfs, some network
 * file systems) the file is written, fsync'ed and dropped from the cache
 * with POSIX_FADV_DONTNEED, which the kernel may not fully honour.
 *
 * \param dir a directory
 * \param bytes file size
 * \param[out] source how the figure was obtained
 * \return bytes/s
 * \throws std::runtime_error if the file cannot be written or read
 */
double
MeasureStorage(const std::string& dir, uint64_t bytes, std::string& source)
{
    constexpr std::size_t CHUNK = 4 << 20;
    constexpr std::size_t ALIGN = 4096;
    std::string path = dir + "/.r3d-calibrate-" + std::to_string(getpid()) + ".tmp";

    struct Cleanup
    {
        std::string path;
        void* buffer{nullptr};

        ~Cleanup()
        {
            std::remove(path.c_str());
            std::free(buffer);
        }
    } cleanup{path};

    if (posix_memalign(&cleanup.buffer, ALIGN, CHUNK) != 0)
    {
        throw std::runtime_error("storage test: out of memory");
    }
    // Non-constant contents, so no layer can compress or deduplicate them.
    auto* words = static_cast<uint32_t*>(cleanup.buffer);
    for (std::size_t i = 0; i < CHUNK / 4; ++i)
    {
        words[i] = static_cast<uint32_t>(i * 2654435761U);
    }
    bytes = (bytes + CHUNK - 1) / CHUNK * CHUNK;

    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0600);
    bool direct = fd >= 0;
    if (!direct)
    {
        fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    }
    if (fd < 0)
    {
        throw std::runtime_error("storage test: cannot create " + path + ": " +
                                 std::strerror(errno));
    }
    for (uint64_t done = 0; done < bytes; done += CHUNK)
    {
        if (write(fd, cleanup.buffer, CHUNK) != static_cast<ssize_t>(CHUNK))
        {
            close(fd);
            throw std::runtime_error("storage test: cannot write " + path + ": " +
                                     std::strerror(errno));
        }
    }
    fsync(fd);
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);

    fd = open(path.c_str(), O_RDONLY | (direct ? O_DIRECT : 0));
    if (fd < 0)
    {
        throw std::runtime_error("storage test: cannot read " + path);
    }
    auto start = Clock::now();
    uint64_t read = 0;
    ssize_t got;
    while ((got = ::read(fd, cleanup.buffer, CHUNK)) > 0)
    {
        read += got;
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    close(fd);
    if (got < 0 || read != bytes)
    {
        throw std::runtime_error("storage test: short read of " + path);
    }
    std::ostringstream s;
    s << "measured by r3d-calibrate: sequential read of a " << bytes / MIB
      << " MiB file in the output's directory, 4 MiB requests, "
      << (direct ? "O_DIRECT (page cache bypassed; a virtual disk may still be cached by its host)"
                 : "after fsync + POSIX_FADV_DONTNEED (O_DIRECT refused; may be partly cached)");
    source = s.str();
    return bytes / seconds;
}

/**
 * \param flops FLOP/s
 * \return e.g. "193.2 GFLOP/s"
 */
std::string
Gflops(double flops)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << flops / 1e9 << " GFLOP/s";
    return s.str();
}

void
MeasureHost(HostMeasurements& host, const Effort& effort, const std::string& outputDir)
{
    const uint32_t threads = host.threads;
    const uint32_t ompThreads = host.ompThreads;
    // The peak with the models' thread split; the bandwidth with all
    // threads on the (OpenMP) copy, as STREAM does.
    SetThreads(1, 1);
    host.gemm1 = MeasureGemm(effort.gemmSizes, effort.gemmReps);
    SetThreads(ompThreads, threads);
    host.gemmN = threads == 1 && ompThreads == 1 ? host.gemm1
                                                 : MeasureGemm(effort.gemmSizes, effort.gemmReps);
    SetThreads(threads, threads);
    host.bandwidth = MeasureBandwidth(effort.streamBytes, effort.streamReps);
    SetThreads(ompThreads, threads);
    host.storage = MeasureStorage(outputDir, effort.storageBytes, host.storageSource);
    std::cout << std::fixed << std::setprecision(1) << "GEMM fp32 (torch::mm): 1 thread "
              << Gflops(host.gemm1.flops) << " (" << host.gemm1.size << "), " << threads
              << " threads " << Gflops(host.gemmN.flops) << " (" << host.gemmN.size << "), "
              << std::setprecision(2) << host.gemmN.flops / host.gemm1.flops << "x\n"
              << std::setprecision(1) << "memory bandwidth (" << threads << " threads, "
              << host.bandwidth.arrayBytes / MIB << " MiB arrays): copy "
              << host.bandwidth.copy / 1e9 << " GB/s, triad " << host.bandwidth.triad / 1e9
              << " GB/s\n"
              << "storage read " << std::setprecision(0) << host.storage / 1e6 << " MB/s ("
              << effort.storageBytes / MIB << " MiB), memory for models " << std::setprecision(1)
              << host.memTotal / 2e9 << " GB (half of MemTotal)\n";
}

} // namespace calibrate
} // namespace r3d
} // namespace ns3
