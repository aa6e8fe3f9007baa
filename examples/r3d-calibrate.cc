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
// Measurements (fp32, batch 1):
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
// - model latency: each --models entry of the model catalog run as the
//   roofline-equivalent workload below. All workloads are built (held in
//   memory at once: about 2.5 GB for the default models) and warmed up (2
//   runs), then timed in interleaved rounds, one run of each model per round,
//   so a transient slowdown of the host costs every model a run that the
//   median drops, and no model finds its weights in cache from its own
//   previous run (the Roofline model assumes they come from DRAM). Latency =
//   median of --reps runs; a model stops after --budget seconds of runs
//   (at least 3 runs).
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
// Roofline-equivalent workload. The catalog stores per layer only its kind,
// FLOPs F, weight bytes W, input bytes I and output bytes O, not its
// architecture (channels, kernel, stride, layout), and r3d has no network
// code in C++. So each layer runs as a LibTorch op that does the same FLOPs
// on about the same bytes, with random weights (fixed seed):
// - conv, fc: one GEMM out[M,N] = in[M,K] · w[K,N] (torch::mm). Elements:
//   o = O/4, w = W/4. K = F/2/o exactly (each output is K MACs), N = w/K
//   minus the 0-2 extra parameters per output the generator counts (bias,
//   folded batch-norm), M = o/N; each clamped to >= 1. For a convolution
//   this is exactly its im2col GEMM (M = output pixels, K = Cin/groups ·
//   kh · kw, N = Cout), run without the im2col copy; for fc M = 1 (GEMV).
//   Limits: in[M,K] is the im2col matrix, k^2/stride^2 times the real input
//   (a real direct/Winograd convolution reads less and may do fewer FLOPs);
//   a grouped conv is one GEMM instead of one per group; no bias/activation.
// - matmul (attention, no weights): both operands are activations; K = F/2/o,
//   and M K + K N = I/4, M N = o give M, N (one GEMM instead of per-head
//   batched GEMMs: same FLOPs and bytes, different blocking).
// - depthwise conv: a real depthwise torch::conv2d when taps = F/2/o is a
//   square k^2, channels C follow from w, I/4C and o/C are squares and a
//   stride with padding k/2 maps one onto the other (true for every
//   depthwise layer of the shipped catalog); else a grouped conv1d with the
//   same channels, taps and outputs.
// - memory-bound layers, each reading ~I and writing ~O: pool = max (mean
//   for "avg" layers) over I/O inputs per output, strided slices for window
//   pools, contiguous runs for global pools; eltwise = ReLU when I ~ O
//   (activations, broadcast scales) else a sum of round(I/O) operands;
//   softmax / layernorm over rows (layernorm width = its gamma+beta count,
//   softmax rows <= 1024); embedding = index_select from a table of W bytes
//   whose row width divides the table, the output and the bytes read;
//   upsample = each input copied O/I times; concat = torch::cat of two
//   halves. Their FLOPs are not reproduced (they are negligible).
// Activations flow through two ping-pong buffers, so a layer reads what the
// previous one wrote (cache-warm when small), as in the real network. The
// workload is a roofline-equivalent of the model, not the model: it
// calibrates how this host's LibTorch turns FLOPs and bytes into time,
// which is what the Roofline model needs, but it will not match the latency
// of the real architecture (e.g. torchvision's) run by LibTorch exactly.
// NS_LOG=R3dCalibrate=info prints each layer's equivalent, =debug also its
// time.
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
//
// The entry: class "host-cpu", tier "edge", computeUnitKind "cores";
// memoryCapacityGB = half of MemTotal (the rest left to OS and runtime);
// idle/max power cannot be measured here (no RAPL access): 15 W / 65 W, a
// typical 65 W-TDP desktop / edge-box CPU, is assumed (--idle-power,
// --max-power). The fp32 efficiency is fitted with EfficiencyFit (free:
// compute, layerOverheadUs, memory, and depthwise if a depthwise model is
// measured, in that priority, no more than there are models) against a
// temporary catalog holding the entry; parameters left fixed keep compute
// 1, depthwise 0.5, memory 1, 10 us. The output is a complete device
// catalog with the one entry, written atomically and read back.

#include "calibrate-concurrent.h"

#include "ns3/catalog-helper.h"
#include "ns3/command-line.h"
#include "ns3/efficiency-fit.h"
#include "ns3/log.h"
#include "ns3/program-support.h"
#include "ns3/roofline-model.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dlfcn.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>
#include <torch/torch.h>
#include <torch/version.h>
#include <unistd.h>
#include <utility>

using namespace ns3;
namespace calibrate = ns3::r3d::calibrate;

NS_LOG_COMPONENT_DEFINE("R3dCalibrate");

namespace
{

using Clock = std::chrono::steady_clock;

constexpr uint64_t MIB = 1024 * 1024;

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

/// Starting values of the fit, and the values of parameters it keeps fixed.
/// Depthwise stays at the CPU classes' placeholder if no depthwise model is
/// measured; memory at the measured roof.
const RooflineEfficiency FIT_START{1.0, 0.5, 1.0, 10e-6};

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

const Effort NORMAL{{1024, 2048}, 5, 256ULL << 20, 5, 256ULL << 20, 2};
const Effort QUICK{{1024}, 3, 64ULL << 20, 3, 32ULL << 20, 1};

/// Seed of every random tensor: the same weights on every run.
constexpr uint64_t SEED = 1234;

/// Longest row used for softmax / layernorm when the catalog gives no width.
constexpr int64_t MAX_ROW = 1024;

/// A pooling reduction over more inputs per output than this is a global
/// pool (reduced along contiguous memory); fewer is a window.
constexpr int64_t GLOBAL_POOL_RATIO = 16;

// Timing.

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

// LibTorch runtime and micro-benchmarks.

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

/// openblas_set_num_threads, if the BLAS LibTorch loaded is OpenBLAS.
using SetBlasThreads = void (*)(int);
/// openblas_get_config / openblas_get_corename.
using BlasString = char* (*)();

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

// The roofline-equivalent workload of a catalog model.

/** \brief What the equivalent workload of a model is made of. */
struct WorkloadStats
{
    uint32_t layers{0};         //!< catalog layers
    uint32_t gemm{0};           //!< conv / fc / matmul run as one GEMM
    uint32_t depthwise2d{0};    //!< depthwise convs run as a real depthwise conv2d
    uint32_t depthwise1d{0};    //!< depthwise convs run as a grouped conv1d (shape not inferable)
    uint32_t memoryOps{0};      //!< pool, eltwise, softmax, … as memory-bound tensor ops
    double catalogMacFlops{0};  //!< FLOPs of the catalog's MAC layers
    double workloadMacFlops{0}; //!< FLOPs of their equivalents
};

/**
 * \param v a value
 * \return v rounded to the nearest integer, at least 1
 */
int64_t
AtLeastOne(double v)
{
    return std::max<int64_t>(1, std::llround(v));
}

/**
 * \param bytes catalog bytes (fp32)
 * \return fp32 elements, at least 1
 */
int64_t
Elements(double bytes)
{
    return AtLeastOne(bytes / 4);
}

/**
 * \param n a positive integer
 * \param[out] root its square root, if whole
 * \return true if n is a perfect square
 */
bool
IsSquare(int64_t n, int64_t& root)
{
    root = std::llround(std::sqrt(static_cast<double>(n)));
    return root * root == n;
}

/**
 * \param n a positive integer
 * \param limit the largest value wanted
 * \return the largest divisor of n not above limit
 */
int64_t
LargestDivisorAtMost(int64_t n, int64_t limit)
{
    for (int64_t d = std::min(n, limit); d > 1; --d)
    {
        if (n % d == 0)
        {
            return d;
        }
    }
    return 1;
}

/**
 * \brief Number of outputs (channels) of a layer whose weights are
 *        \p perOutput values per output plus 0, 1 or 2 more (bias; folded
 *        batch-norm scale and shift, as the model generator counts them).
 * \param weights weight elements
 * \param perOutput weights per output (K of the GEMM, taps of a depthwise conv)
 * \param outputs output elements, which the count must divide
 * \return the count; weights / perOutput rounded if no extra count fits exactly
 */
int64_t
OutputsFromWeights(int64_t weights, int64_t perOutput, int64_t outputs)
{
    for (int64_t extra : {0, 1, 2})
    {
        int64_t per = perOutput + extra;
        if (weights % per == 0 && outputs % (weights / per) == 0)
        {
            return weights / per;
        }
    }
    return AtLeastOne(static_cast<double>(weights) / perOutput);
}

/** \brief How a catalog layer is run. */
enum class Op
{
    GEMM,         //!< out[m,n] = in[m,k] · w[k,n]
    DEPTHWISE_2D, //!< depthwise conv2d with inferred channels, sizes, kernel, stride
    DEPTHWISE_1D, //!< grouped conv1d with the right channels, taps and outputs
    POOL_WINDOW,  //!< max / mean of r slices of the output size
    POOL_GLOBAL,  //!< max / mean over r contiguous values per output
    UNARY,        //!< out = max(in, 0)
    ADD,          //!< out = in + side (+ side …)
    SOFTMAX,      //!< row softmax
    LAYERNORM,    //!< row layer normalization
    EMBEDDING,    //!< index_select of rows of a table
    UPSAMPLE,     //!< each input value copied r times
    CONCAT        //!< cat of two tensors
};

/** \brief Shapes of one layer's equivalent (fields used depend on op). */
struct Plan
{
    Op op{Op::UNARY};    //!< what runs
    int64_t m{1};        //!< GEMM rows; softmax/layernorm rows; pool/upsample ratio; table rows
    int64_t k{1};        //!< GEMM inner size; conv taps (kernel side for 2D); operands of ADD
    int64_t n{1};        //!< GEMM columns; row length; channels; embedding width
    int64_t inSize{1};   //!< conv input length/side; embedding lookups
    int64_t outSize{1};  //!< conv output length/side
    int64_t stride{1};   //!< conv stride
    bool weights{false}; //!< GEMM: second operand is weights (else an activation)
    bool mean{false};    //!< pooling: mean instead of max
    int64_t input{0};    //!< elements read from the current activation buffer
    int64_t output{0};   //!< elements written to the next activation buffer
    int64_t side{0};     //!< elements read from the side buffer (second operands)
    double flops{0};     //!< FLOPs of the equivalent (MAC layers)
};

/**
 * \brief The GEMM equivalent of a conv, fc or matmul layer.
 *
 * K = F / 2 / O exactly (output elements times K MACs each), N from the
 * weights (K per output plus bias / batch-norm terms), M = O / N. Without
 * weights (attention matmul) both operands are activations:
 * M K + K N = I and M N = O give M, N as the roots of x^2 - (I/K) x + O.
 */
Plan
PlanGemm(const DnnLayer& layer)
{
    Plan p;
    p.op = Op::GEMM;
    int64_t out = Elements(layer.outputBytes);
    p.k = AtLeastOne(layer.flops / 2 / out);
    if (layer.weightBytes > 0)
    {
        p.weights = true;
        p.n = std::min(out, OutputsFromWeights(Elements(layer.weightBytes), p.k, out));
        p.m = AtLeastOne(static_cast<double>(out) / p.n);
    }
    else
    {
        double sum = static_cast<double>(Elements(layer.inputBytes)) / p.k;
        double disc = sum * sum - 4.0 * out;
        double m = disc >= 0 ? (sum + std::sqrt(disc)) / 2 : std::sqrt(static_cast<double>(out));
        p.m = AtLeastOne(m);
        p.n = AtLeastOne(static_cast<double>(out) / p.m);
        p.side = p.k * p.n;
    }
    p.input = p.m * p.k;
    p.output = p.m * p.n;
    p.flops = 2.0 * p.m * p.k * p.n;
    return p;
}

/**
 * \brief The equivalent of a depthwise conv: a real depthwise conv2d when
 *        channels, square sizes, kernel and stride can be inferred
 *        consistently, else a grouped conv1d with the same FLOPs.
 */
Plan
PlanDepthwise(const DnnLayer& layer)
{
    Plan p;
    int64_t in = Elements(layer.inputBytes);
    int64_t out = Elements(layer.outputBytes);
    int64_t taps = AtLeastOne(layer.flops / 2 / out);
    int64_t channels = std::min(out, OutputsFromWeights(Elements(layer.weightBytes), taps, out));
    p.n = channels;
    int64_t kernel;
    int64_t hin;
    int64_t hout;
    if (in % channels == 0 && out % channels == 0 && IsSquare(taps, kernel) &&
        IsSquare(in / channels, hin) && IsSquare(out / channels, hout))
    {
        int64_t stride = std::max<int64_t>(1, std::llround(static_cast<double>(hin) / hout));
        int64_t pad = kernel / 2;
        if ((hin + 2 * pad - kernel) / stride + 1 == hout)
        {
            p.op = Op::DEPTHWISE_2D;
            p.k = kernel;
            p.inSize = hin;
            p.outSize = hout;
            p.stride = stride;
            p.input = channels * hin * hin;
            p.output = channels * hout * hout;
            p.flops = 2.0 * channels * taps * hout * hout;
            return p;
        }
    }
    p.op = Op::DEPTHWISE_1D;
    p.k = taps;
    p.outSize = AtLeastOne(static_cast<double>(out) / channels);
    p.stride = std::max<int64_t>(1, std::llround(static_cast<double>(in) / out));
    p.inSize = (p.outSize - 1) * p.stride + taps;
    p.input = channels * p.inSize;
    p.output = channels * p.outSize;
    p.flops = 2.0 * channels * taps * p.outSize;
    return p;
}

/**
 * \brief The memory-bound equivalent of a layer without MACs: a tensor op
 *        reading about its input bytes and writing its output bytes.
 */
Plan
PlanMemoryOp(const DnnLayer& layer)
{
    Plan p;
    int64_t in = Elements(layer.inputBytes);
    int64_t out = Elements(layer.outputBytes);
    switch (layer.kind)
    {
    case LayerKind::POOL:
        p.m = AtLeastOne(static_cast<double>(in) / out);
        p.op = p.m > GLOBAL_POOL_RATIO ? Op::POOL_GLOBAL : Op::POOL_WINDOW;
        p.mean = layer.name.find("avg") != std::string::npos;
        p.n = out;
        p.input = p.m * out;
        p.output = out;
        break;
    case LayerKind::ELTWISE:
        // Operands: 1 for an activation or a broadcast scale, 2+ for a sum.
        p.k = std::min<int64_t>(4, AtLeastOne(static_cast<double>(in) / out));
        p.op = p.k == 1 ? Op::UNARY : Op::ADD;
        p.n = out;
        p.input = out;
        p.output = out;
        p.side = (p.k - 1) * out;
        break;
    case LayerKind::SOFTMAX:
    case LayerKind::LAYERNORM: {
        // Layernorm weights are gamma and beta: they give the row width.
        int64_t width = Elements(layer.weightBytes) / 2;
        p.n = layer.kind == LayerKind::LAYERNORM && layer.weightBytes > 0 && in % width == 0
                  ? width
                  : LargestDivisorAtMost(in, MAX_ROW);
        p.m = in / p.n;
        p.op = layer.kind == LayerKind::SOFTMAX ? Op::SOFTMAX : Op::LAYERNORM;
        p.input = in;
        p.output = in;
        break;
    }
    case LayerKind::EMBEDDING: {
        // Row width: the largest that divides the table, the output and the
        // bytes read, so the lookups read and write the catalog's bytes.
        int64_t table = Elements(layer.weightBytes);
        int64_t read = Elements(layer.weightBytesRead);
        p.op = Op::EMBEDDING;
        p.n = std::gcd(std::gcd(table, out), read);
        p.m = table / p.n;
        p.inSize = out / p.n;
        p.output = out;
        break;
    }
    case LayerKind::UPSAMPLE:
        p.op = Op::UPSAMPLE;
        p.m = AtLeastOne(static_cast<double>(out) / in);
        p.n = in;
        p.input = in;
        p.output = in * p.m;
        break;
    case LayerKind::CONCAT:
    default:
        p.op = Op::CONCAT;
        p.n = std::max<int64_t>(1, in / 2);
        p.input = p.n;
        p.side = std::max<int64_t>(1, in - p.n);
        p.output = p.n + p.side;
        break;
    }
    return p;
}

/**
 * \param layer a catalog layer
 * \return its equivalent's plan
 */
Plan
PlanLayer(const DnnLayer& layer)
{
    switch (layer.kind)
    {
    case LayerKind::CONV:
    case LayerKind::FC:
    case LayerKind::MATMUL:
        return PlanGemm(layer);
    case LayerKind::DEPTHWISE_CONV:
        return PlanDepthwise(layer);
    default:
        return PlanMemoryOp(layer);
    }
}

/**
 * \param p a plan
 * \return a one-line description, for NS_LOG
 */
std::string
Describe(const Plan& p)
{
    auto s = [](int64_t v) { return std::to_string(v); };
    switch (p.op)
    {
    case Op::GEMM:
        return "gemm " + s(p.m) + "x" + s(p.k) + "x" + s(p.n) + (p.weights ? "" : " (activations)");
    case Op::DEPTHWISE_2D:
        return "depthwise conv2d C=" + s(p.n) + " " + s(p.inSize) + "->" + s(p.outSize) + " k" +
               s(p.k) + " s" + s(p.stride);
    case Op::DEPTHWISE_1D:
        return "grouped conv1d C=" + s(p.n) + " " + s(p.inSize) + "->" + s(p.outSize) + " taps " +
               s(p.k) + " s" + s(p.stride);
    case Op::POOL_WINDOW:
    case Op::POOL_GLOBAL:
        return std::string(p.mean ? "mean" : "max") + " of " + s(p.m) + " per output, " + s(p.n) +
               " outputs";
    case Op::UNARY:
        return "relu " + s(p.n);
    case Op::ADD:
        return "sum of " + s(p.k) + " x " + s(p.n);
    case Op::SOFTMAX:
        return "softmax " + s(p.m) + "x" + s(p.n);
    case Op::LAYERNORM:
        return "layer_norm " + s(p.m) + "x" + s(p.n);
    case Op::EMBEDDING:
        return "index_select " + s(p.inSize) + " of " + s(p.m) + " rows x " + s(p.n);
    case Op::UPSAMPLE:
        return "upsample " + s(p.n) + " x" + s(p.m);
    case Op::CONCAT:
        return "cat " + s(p.n) + " + " + s(p.side);
    }
    return "?";
}

/**
 * \brief A model's equivalent workload: one closure per layer over tensors
 *        allocated once.
 *
 * Activations flow through two ping-pong buffers: layer i reads the buffer
 * layer i-1 wrote, so, as in the real network, a layer's input is still in
 * cache when it is small. Second operands (residuals, attention's second
 * matrix, concat's other half) come from a third buffer.
 */
class Workload
{
  public:
    /**
     * \brief Build the workload: activation buffers and random weights.
     * \param model the catalog model (must outlive the workload)
     */
    explicit Workload(const DnnModel& model)
        : m_model(model)
    {
        // Seeded per model: a model's weights do not depend on what ran before.
        torch::manual_seed(SEED);
        std::vector<Plan> plans;
        int64_t activation = 1;
        int64_t side = 1;
        for (const DnnLayer& layer : model.layers)
        {
            plans.push_back(PlanLayer(layer));
            const Plan& p = plans.back();
            activation = std::max({activation, p.input, p.output});
            side = std::max(side, p.side);
            NS_LOG_INFO(model.name << " " << layer.name << " (" << LayerKindToString(layer.kind)
                                   << "): " << Describe(p));
        }
        // Random contents keep the values finite and free of denormals.
        m_buffers[0] = torch::randn({activation});
        m_buffers[1] = torch::randn({activation});
        m_side = torch::randn({side});

        m_stats.layers = model.layers.size();
        for (std::size_t i = 0; i < plans.size(); ++i)
        {
            torch::Tensor in = m_buffers[i % 2];
            torch::Tensor out = m_buffers[(i + 1) % 2];
            m_layers.push_back(Build(plans[i], in, out));
            if (IsMacLayer(model.layers[i].kind))
            {
                m_stats.catalogMacFlops += model.layers[i].flops;
                m_stats.workloadMacFlops += plans[i].flops;
            }
        }
    }

    /**
     * \brief One forward pass.
     * \return its wall-clock time, seconds
     */
    double Run()
    {
        auto start = Clock::now();
        for (const std::function<void()>& layer : m_layers)
        {
            layer();
        }
        return Since(start);
    }

    /** \brief NS_LOG_DEBUG each layer's time, the median of 5 passes. */
    void LogLayerTimes()
    {
        if (!g_log.IsEnabled(LOG_DEBUG))
        {
            return;
        }
        std::vector<std::vector<double>> passes(m_layers.size());
        for (int pass = 0; pass < 5; ++pass)
        {
            for (std::size_t l = 0; l < m_layers.size(); ++l)
            {
                auto start = Clock::now();
                m_layers[l]();
                passes[l].push_back(Since(start));
            }
        }
        for (std::size_t l = 0; l < m_layers.size(); ++l)
        {
            NS_LOG_DEBUG(m_model.name << " " << m_model.layers[l].name << " ("
                                      << LayerKindToString(m_model.layers[l].kind)
                                      << "): " << Median(passes[l]) * 1e6 << " us");
        }
    }

    /** \return the workload's make-up */
    const WorkloadStats& GetStats() const
    {
        return m_stats;
    }

  private:
    /**
     * \brief The closure running one layer.
     * \param p the plan
     * \param inBuffer buffer holding the layer's input
     * \param outBuffer buffer receiving its output
     * \return the closure
     */
    std::function<void()> Build(const Plan& p,
                                const torch::Tensor& inBuffer,
                                const torch::Tensor& outBuffer)
    {
        torch::Tensor in = inBuffer.narrow(0, 0, std::max<int64_t>(1, p.input));
        torch::Tensor out = outBuffer.narrow(0, 0, p.output);
        torch::Tensor side = m_side.narrow(0, 0, std::max<int64_t>(1, p.side));
        switch (p.op)
        {
        case Op::GEMM: {
            ++m_stats.gemm;
            // Weights scaled by 1/sqrt(K) keep activations of order 1.
            torch::Tensor b =
                p.weights ? torch::randn({p.k, p.n}) / std::sqrt(p.k) : side.view({p.k, p.n});
            torch::Tensor a = in.view({p.m, p.k});
            torch::Tensor c = out.view({p.m, p.n});
            return [a, b, c]() mutable { torch::mm_out(c, a, b); };
        }
        case Op::DEPTHWISE_2D: {
            ++m_stats.depthwise2d;
            torch::Tensor x = in.view({1, p.n, p.inSize, p.inSize});
            torch::Tensor w = torch::randn({p.n, 1, p.k, p.k}) / p.k;
            int64_t stride = p.stride;
            int64_t pad = p.k / 2;
            int64_t groups = p.n;
            // conv2d allocates its output, as the real layer does.
            return [x, w, stride, pad, groups]() {
                torch::conv2d(x, w, torch::Tensor(), stride, at::IntArrayRef(pad), 1, groups);
            };
        }
        case Op::DEPTHWISE_1D: {
            ++m_stats.depthwise1d;
            torch::Tensor x = in.view({1, p.n, p.inSize});
            torch::Tensor w = torch::randn({p.n, 1, p.k}) / std::sqrt(p.k);
            int64_t stride = p.stride;
            int64_t pad = 0;
            int64_t groups = p.n;
            return [x, w, stride, pad, groups]() {
                torch::conv1d(x, w, torch::Tensor(), stride, at::IntArrayRef(pad), 1, groups);
            };
        }
        case Op::POOL_WINDOW:
        case Op::POOL_GLOBAL: {
            ++m_stats.memoryOps;
            // A window pool combines r strided slices (vectorized across
            // outputs); a global pool reduces each output's contiguous run.
            bool global = p.op == Op::POOL_GLOBAL;
            torch::Tensor x = global ? in.view({p.n, p.m}) : in.view({p.m, p.n});
            int64_t dim = global ? 1 : 0;
            if (p.mean)
            {
                return [x, out, dim]() mutable { torch::mean_out(out, x, {dim}); };
            }
            return [x, out, dim]() mutable { torch::amax_out(out, x, {dim}); };
        }
        case Op::UNARY:
            ++m_stats.memoryOps;
            return [in, out]() mutable { torch::clamp_min_out(out, in, 0.0); };
        case Op::ADD: {
            ++m_stats.memoryOps;
            std::vector<torch::Tensor> others;
            for (int64_t i = 0; i + 1 < p.k; ++i)
            {
                others.push_back(side.narrow(0, i * p.n, p.n));
            }
            return [in, out, others]() mutable {
                torch::add_out(out, in, others[0]);
                for (std::size_t i = 1; i < others.size(); ++i)
                {
                    out.add_(others[i]);
                }
            };
        }
        case Op::SOFTMAX: {
            ++m_stats.memoryOps;
            torch::Tensor x = in.view({p.m, p.n});
            torch::Tensor y = out.view({p.m, p.n});
            return [x, y]() mutable { torch::softmax_out(y, x, 1); };
        }
        case Op::LAYERNORM: {
            ++m_stats.memoryOps;
            torch::Tensor x = in.view({p.m, p.n});
            torch::Tensor gamma = torch::randn({p.n});
            torch::Tensor beta = torch::randn({p.n});
            std::vector<int64_t> shape{p.n};
            return [x, gamma, beta, shape]() { torch::layer_norm(x, shape, gamma, beta); };
        }
        case Op::EMBEDDING: {
            ++m_stats.memoryOps;
            torch::Tensor table = torch::randn({p.m, p.n});
            torch::Tensor index = torch::randint(p.m, {p.inSize}, torch::kLong);
            torch::Tensor y = out.view({p.inSize, p.n});
            return [table, index, y]() mutable { torch::index_select_out(y, table, 0, index); };
        }
        case Op::UPSAMPLE: {
            ++m_stats.memoryOps;
            torch::Tensor x = in.view({p.n, 1}).expand({p.n, p.m});
            torch::Tensor y = out.view({p.n, p.m});
            return [x, y]() mutable { y.copy_(x); };
        }
        case Op::CONCAT: {
            ++m_stats.memoryOps;
            torch::Tensor a = in;
            torch::Tensor b = side;
            return [a, b, out]() mutable { torch::cat_out(out, {a, b}, 0); };
        }
        }
        return []() {};
    }

    const DnnModel& m_model;                     //!< the model
    torch::Tensor m_buffers[2];                  //!< ping-pong activations
    torch::Tensor m_side;                        //!< second operands
    std::vector<std::function<void()>> m_layers; //!< one closure per layer
    WorkloadStats m_stats;                       //!< make-up
};

// The host, its catalog entry and the fit.

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

/// Summary of one model's timed runs.
struct ModelTiming
{
    /**
     * \param samples run times, seconds (not empty)
     */
    explicit ModelTiming(std::vector<double> samples)
    {
        std::sort(samples.begin(), samples.end());
        std::size_t n = samples.size();
        runs = n;
        median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
        min = samples.front();
        max = samples.back();
    }

    double median{0};    //!< seconds
    double min{0};       //!< seconds
    double max{0};       //!< seconds
    std::size_t runs{0}; //!< timed runs
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

/**
 * \brief Tells whether other processes competed for the CPUs while
 *        measuring: busy time of the whole machine (/proc/stat, steal
 *        included) minus this process's own CPU time.
 */
class CpuLoad
{
  public:
    /** \brief Start watching. */
    CpuLoad()
        : m_machine(MachineBusy()),
          m_self(SelfTime()),
          m_start(Clock::now())
    {
    }

    /**
     * \param cpus number of CPUs of the machine
     * \return the fraction of all CPUs' time used by others since construction
     */
    double GetOthers(uint32_t cpus) const
    {
        double wall = std::chrono::duration<double>(Clock::now() - m_start).count();
        double others = (MachineBusy() - m_machine) - (SelfTime() - m_self);
        return std::max(0.0, others / (wall * cpus));
    }

  private:
    /** \return CPU seconds all CPUs spent busy since boot (0 if unknown) */
    static double MachineBusy()
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
    static double SelfTime()
    {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
               (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
    }

    double m_machine;          //!< machine busy seconds at start
    double m_self;             //!< own CPU seconds at start
    Clock::time_point m_start; //!< start
};

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

/**
 * \brief The host's catalog entry.
 * \param name device name
 * \param m the measurements
 * \param efficiency fp32 efficiency parameters
 * \param fitNote how they were obtained
 * \return the entry, in data/devices.json's format
 */
nlohmann::ordered_json
MakeEntry(const std::string& name,
          const HostMeasurements& m,
          const RooflineEfficiency& efficiency,
          const std::string& fitNote)
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
    nlohmann::ordered_json entry;
    entry["name"] = name;
    entry["class"] = "host-cpu";
    entry["tier"] = "edge";
    entry["peakGflops"] = {{"fp32", r3d::RoundSignificant(m.gemmN.flops / 1e9)}};
    entry["memoryBandwidthGBps"] =
        r3d::RoundSignificant(std::max(m.bandwidth.copy, m.bandwidth.triad) / 1e9);
    entry["memoryCapacityGB"] = r3d::RoundSignificant(m.memTotal / 2 / 1e9);
    entry["storageBandwidthMBps"] = r3d::RoundSignificant(m.storage / 1e6);
    entry["computeUnits"] = m.threads;
    entry["computeUnitKind"] = "cores";
    entry["idlePowerW"] = m.idlePower;
    entry["maxPowerW"] = m.maxPower;
    entry["efficiency"] = {
        {"fp32",
         {{"compute", r3d::RoundSignificant(efficiency.compute)},
          {"depthwise", r3d::RoundSignificant(efficiency.depthwise)},
          {"memory", r3d::RoundSignificant(efficiency.memory)},
          {"layerOverheadUs", r3d::RoundSignificant(efficiency.layerOverhead * 1e6)},
          {"fit", fitNote}}}};
    entry["sources"] = {{"peakGflops", peak.str()},
                        {"memoryBandwidthGBps", bandwidth.str()},
                        {"memoryCapacityGB", capacity.str()},
                        {"storageBandwidthMBps", m.storageSource},
                        {"computeUnits", units.str()},
                        {"idlePowerW", power},
                        {"maxPowerW", power},
                        {"efficiency",
                         "fitted by r3d-calibrate to this host's LibTorch latencies of "
                         "roofline-equivalent workloads of the model catalog (see "
                         "examples/r3d-calibrate.cc)"}};
    return entry;
}

/**
 * \brief Write a device catalog holding one entry, atomically (a reader
 *        never sees a half-written file).
 * \param path the file
 * \param entry the device entry
 * \param note the catalog's note
 * \throws std::runtime_error if it cannot be written
 */
void
WriteCatalog(const std::string& path, const nlohmann::ordered_json& entry, const std::string& note)
{
    nlohmann::ordered_json doc;
    doc["schema"] = "r3d-devices/1";
    doc["note"] = note;
    doc["devices"] = nlohmann::ordered_json::array({entry});
    r3d::WriteFileAtomically(path, doc.dump(1) + "\n");
}

/**
 * \brief The parameters to fit: compute, layer overhead, memory, and
 *        depthwise if a measured model has depthwise convolutions, in that
 *        order of priority, no more than there are measurements.
 * \param models the measured models
 * \return the free parameter names
 */
std::vector<std::string>
FreeParameters(const std::vector<const DnnModel*>& models)
{
    std::vector<std::string> free{"compute", "layerOverheadUs", "memory"};
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

/**
 * \brief Print the measured, fitted and leave-one-out latencies.
 * \param models the measured models
 * \param timings their timings
 * \param fit the fit
 * \param device the written entry, as loaded back
 */
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
        double loo = fit.rows[i].leaveOneOutError;
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
              << maxAbs * 100 << "%; mean |leave-one-out error| "
              << fit.meanAbsLeaveOneOutError * 100 << "% (spread = (max - min) / median of the "
              << "runs; LOO = fitted without that model)\n"
              << std::defaultfloat;
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
    std::string modelList;
    // Signed, so that a negative value is an error rather than a huge count.
    const int hardwareThreads = std::max(1U, std::thread::hardware_concurrency());
    int reps = 10;
    int threads = hardwareThreads;
    int ompThreads = 1;
    std::string name = "host";
    std::string output = "host-device.json";
    bool validate = false;
    bool quick = false;
    bool concurrent = false;
    std::string comboList;
    double budget = 10;
    double idlePower = 15;
    double maxPower = 65;
    CatalogHelper catalogs;

    CommandLine cmd(__FILE__);
    cmd.Usage("Measure this machine with LibTorch and write it as a device catalog entry, with "
              "Roofline efficiency parameters fitted to measured model latencies.");
    cmd.AddValue("models",
                 std::string("comma-separated catalog models to measure, or \"all\" (default ") +
                     DEFAULT_MODELS + "; with --quick " + QUICK_MODELS + ")",
                 modelList);
    cmd.AddValue("reps",
                 "timed runs per model, and rounds of --concurrent (>= 1; --quick caps it at 3)",
                 reps);
    cmd.AddValue("threads",
                 "compute threads: GEMM (OpenBLAS) threads of the models, threads of the peak and "
                 "bandwidth measurements, the entry's computeUnits (>= 1; default: hardware "
                 "concurrency)",
                 threads);
    cmd.AddValue("omp-threads",
                 "LibTorch OpenMP intra-op threads for the models' non-GEMM ops (>= 1; default 1, "
                 "see the thread split in r3d-calibrate.cc)",
                 ompThreads);
    cmd.AddValue("name", "device name of the entry", name);
    cmd.AddValue("output", "device catalog file to write", output);
    cmd.AddValue("validate", "print measured against predicted latency per model", validate);
    cmd.AddValue("quick", "fast mode for tests: 2 small models, few runs, small arrays", quick);
    cmd.AddValue("concurrent",
                 "then run combinations of models at the same time and compare with the "
                 "inference engine's predictions per allocator",
                 concurrent);
    cmd.AddValue("combos",
                 std::string("combinations for --concurrent (implies it): models joined by '+', "
                             "combinations by ',' (default ") +
                     calibrate::DEFAULT_COMBOS + "; with --quick " + calibrate::QUICK_COMBOS + ")",
                 comboList);
    cmd.AddValue("budget",
                 "seconds of timed runs per model, beyond the first 3 runs (> 0)",
                 budget);
    cmd.AddValue("idle-power", "idle power to write, W (assumed, not measured)", idlePower);
    cmd.AddValue("max-power", "power at full load to write, W (assumed, not measured)", maxPower);
    catalogs.AddCommandLineOptions(cmd);
    cmd.Parse(argc, argv);

    const char* program = "r3d-calibrate: error: ";
    if (reps < 1)
    {
        std::cerr << program << "--reps must be at least 1\n";
        return 1;
    }
    // Oversubscription is allowed (to study it), within reason.
    const int maxThreads = 4 * hardwareThreads;
    for (auto [option, value] : {std::pair{"--threads", threads}, {"--omp-threads", ompThreads}})
    {
        if (value < 1 || value > maxThreads)
        {
            std::cerr << program << option << " must be between 1 and " << maxThreads
                      << " (4 x the hardware threads)\n";
            return 1;
        }
    }
    if (!(budget > 0))
    {
        std::cerr << program << "--budget must be greater than 0\n";
        return 1;
    }
    if (!(maxPower > 0) || !(idlePower >= 0) || idlePower > maxPower)
    {
        std::cerr << program << "--idle-power and --max-power need 0 <= idle <= max, max > 0\n";
        return 1;
    }
    if (name.empty() || output.empty())
    {
        std::cerr << program << "--name and --output must not be empty\n";
        return 1;
    }
    const Effort& effort = quick ? QUICK : NORMAL;
    if (quick)
    {
        reps = std::min(reps, 3);
        budget = std::min(budget, 2.0);
    }

    Ptr<ModelCatalog> catalog = catalogs.GetModels();
    std::vector<std::string> names =
        modelList == "all"
            ? catalog->GetNames()
            : SplitList(modelList.empty() ? (quick ? QUICK_MODELS : DEFAULT_MODELS) : modelList);
    if (names.empty())
    {
        std::cerr << program << "--models lists no model\n";
        return 1;
    }
    std::vector<const DnnModel*> models;
    std::set<std::string> seen;
    for (const std::string& m : names)
    {
        if (!seen.insert(m).second)
        {
            std::cerr << program << "--models lists '" << m << "' twice\n";
            return 1;
        }
        models.push_back(&catalog->Get(m)); // throws, naming the known models
    }
    // Checked now, not after minutes of measuring.
    std::vector<std::vector<std::string>> combos;
    concurrent = concurrent || !comboList.empty();
    if (concurrent)
    {
        try
        {
            combos = calibrate::ParseCombos(
                comboList.empty() ? (quick ? calibrate::QUICK_COMBOS : calibrate::DEFAULT_COMBOS)
                                  : comboList,
                *catalog,
                maxThreads);
        }
        catch (const std::invalid_argument& e)
        {
            std::cerr << program << e.what() << "\n";
            return 1;
        }
    }
    if (catalogs.GetDevices()->Has(name))
    {
        std::cout << "note: " << catalogs.GetDevices()->GetFile() << " already has a device '"
                  << name << "'; rename one before merging " << output << " into it\n";
    }
    std::filesystem::path outputDir = std::filesystem::absolute(output).parent_path();
    if (!std::filesystem::is_directory(outputDir))
    {
        std::cerr << program << "--output: directory " << outputDir << " does not exist\n";
        return 1;
    }

    auto start = Clock::now();
    HostMeasurements host;
    host.cpu = ProcField("/proc/cpuinfo", "model name");
    host.cpu = host.cpu.empty() ? "unknown CPU" : host.cpu;
    host.threads = threads;
    host.ompThreads = ompThreads;
    host.hardwareThreads = hardwareThreads;
    host.memTotal = std::atof(ProcField("/proc/meminfo", "MemTotal").c_str()) * 1024;
    host.idlePower = idlePower;
    host.maxPower = maxPower;
    if (host.memTotal <= 0)
    {
        std::cerr << program << "cannot read MemTotal from /proc/meminfo\n";
        return 1;
    }
    host.runtime = DescribeRuntime();
    std::cout << "r3d-calibrate: " << host.cpu << ", " << host.hardwareThreads
              << " hardware threads; " << host.runtime << "; models run with " << threads
              << " GEMM threads and " << ompThreads << " OpenMP thread(s) for other ops\n";
    if (threads > hardwareThreads)
    {
        std::cout << "note: more threads than hardware threads: measurements will be "
                     "oversubscribed\n";
    }

    // Inference only, on this thread: no autograd bookkeeping anywhere below.
    torch::NoGradGuard noGrad;
    c10::InferenceMode inference;
    CpuLoad load;
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
    host.storage = MeasureStorage(outputDir.string(), effort.storageBytes, host.storageSource);
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

    // Model latencies. Every workload is built and warmed up first, then
    // they are timed in interleaved rounds, one run of each model per round:
    // a transient slowdown of the host then costs every model a run, which
    // the median drops, rather than all the runs of one model; and, as the
    // Roofline model assumes, no model finds its weights still in cache from
    // its own previous run.
    std::cout << "building and warming up " << models.size() << " models ... " << std::flush;
    std::vector<std::unique_ptr<Workload>> runners;
    for (const DnnModel* model : models)
    {
        runners.push_back(std::make_unique<Workload>(*model));
        for (uint32_t i = 0; i < effort.warmup; ++i)
        {
            runners.back()->Run();
        }
    }
    std::cout << "timing them in rounds (up to " << reps << ")\n";
    std::vector<std::vector<double>> samples(models.size());
    std::vector<double> spent(models.size(), 0);
    auto done = [&](std::size_t i) {
        std::size_t n = samples[i].size();
        return n >= static_cast<std::size_t>(reps) ||
               (n >= static_cast<std::size_t>(std::min(reps, 3)) && spent[i] >= budget);
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
    CalibrationGroup group;
    group.deviceClass = "host-cpu";
    group.precision = Precision::FP32;
    group.runtime = "LibTorch";
    group.start = FIT_START;
    group.free = FreeParameters(models);
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        runners[i]->LogLayerTimes();
        ModelTiming t(samples[i]);
        const WorkloadStats& w = runners[i]->GetStats();
        std::cout << "  " << std::left << std::setw(18) << models[i]->name << std::right
                  << std::setw(9) << std::setprecision(2) << t.median * 1e3 << " ms (median of "
                  << t.runs << "; " << w.layers << " layers: " << w.gemm << " GEMM, "
                  << w.depthwise2d + w.depthwise1d << " depthwise"
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
        CalibrationRow row;
        row.device = name;
        row.model = models[i]->name;
        row.latency = t.median;
        row.source = "r3d-calibrate";
        group.rows.push_back(row);
    }
    // The combinations' models are kept for --concurrent, which reuses them
    // (building is slow); the others are freed, so its second instances fit
    // in the memory the measurement needed.
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
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::cout << "peak memory " << std::setprecision(1) << usage.ru_maxrss * 1024 / 1e9
              << " GB (all workloads at once)\n";

    // Did the host keep its speed (other processes, other virtual machines
    // on the same physical host, thermal throttling)?
    double others = load.GetOthers(host.hardwareThreads);
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

    // Fit against a temporary catalog holding the entry (EfficiencyFit looks
    // devices up in a DeviceCatalog).
    std::filesystem::path fitFile = std::filesystem::temp_directory_path() /
                                    ("r3d-calibrate-" + std::to_string(getpid()) + ".json");
    WriteCatalog(fitFile.string(), MakeEntry(name, host, FIT_START, "placeholder"), "fit input");
    Ptr<DeviceCatalog> fitCatalog;
    try
    {
        fitCatalog = DeviceCatalog::LoadFile(fitFile.string());
    }
    catch (...)
    {
        std::filesystem::remove(fitFile);
        throw;
    }
    std::filesystem::remove(fitFile);
    FitResult fit = EfficiencyFit::Fit(group, *fitCatalog, *catalog);

    std::ostringstream freeList;
    for (const std::string& f : group.free)
    {
        freeList << (f == group.free.front() ? "" : ", ") << f;
    }
    std::ostringstream fitNote;
    fitNote << "fitted by r3d-calibrate to " << models.size() << " LibTorch fp32 latencies on "
            << "this host (";
    for (const DnnModel* m : models)
    {
        fitNote << (m == models.front() ? "" : ", ") << m->name;
    }
    fitNote << "), free: " << freeList.str() << "; mean |error| " << std::fixed
            << std::setprecision(1) << fit.meanAbsError * 100 << "%, leave-one-out "
            << fit.meanAbsLeaveOneOutError * 100 << "%";
    std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    std::ostringstream note;
    note << "Written by r3d-calibrate on " << date << " (" << host.cpu << ", " << threads
         << " GEMM threads, " << ompThreads << " OpenMP threads, " << host.runtime
         << "; other processes used " << std::fixed << std::setprecision(0) << others * 100
         << "% of the CPUs meanwhile, GEMM peak drift " << std::showpos << drift * 100 << "%"
         << std::noshowpos << "). Units as data/devices.json. Use with "
         << "r3d-roofline --devices-file=" << output << " --device=" << name << " --precision=fp32";
    WriteCatalog(output, MakeEntry(name, host, fit.efficiency, fitNote.str()), note.str());
    // Read back: what a user of the file gets, and proof that it loads.
    Ptr<DeviceCatalog> written = DeviceCatalog::LoadFile(output);
    const DeviceProfile& device = written->Get(name);
    const RooflineEfficiency& e = device.efficiency.at(Precision::FP32);

    std::cout << "\nfit (free: " << freeList.str() << "): compute " << std::setprecision(3)
              << e.compute << ", depthwise " << e.depthwise << ", memory " << e.memory
              << ", layer overhead " << std::setprecision(1) << e.layerOverhead * 1e6 << " us\n";
    if (validate)
    {
        PrintValidation(models, timings, fit, device);
    }
    else
    {
        std::cout << "mean |error| " << fit.meanAbsError * 100 << "%, leave-one-out "
                  << fit.meanAbsLeaveOneOutError * 100 << "% over " << models.size()
                  << " models (--validate for the table)\n";
    }
    if (concurrent)
    {
        calibrate::ConcurrentHost hooks;
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
        hooks.deviceBlasThreads = threads;
        hooks.deviceOmpThreads = ompThreads;
        for (std::size_t i = 0; i < models.size(); ++i)
        {
            hooks.soloDevice[models[i]->name] = timings[i].median;
        }
        calibrate::ConcurrentOptions options;
        options.rounds = reps;
        options.warmup = 1;
        calibrate::RunConcurrent(combos, hooks, options, device, catalog, std::cout);
        kept.clear();
    }
    std::cout << "\nwrote device '" << name << "' to " << output << ": fp32 " << std::fixed
              << std::setprecision(1) << device.peakFlops.at(Precision::FP32) / 1e9 << " GFLOP/s, "
              << device.memoryBandwidth / 1e9 << " GB/s, " << device.memoryCapacity / 1e9
              << " GB, storage " << std::setprecision(0) << device.storageBandwidth / 1e6
              << " MB/s, " << device.computeUnits << " cores, " << device.idlePower << "-"
              << device.maxPower << " W (assumed)\n"
              << "took " << std::setprecision(1)
              << std::chrono::duration<double>(Clock::now() - start).count()
              << " s; try: r3d-roofline --devices-file=" << output << " --device=" << name
              << " --model=" << models.front()->name << " --precision=fp32\n";
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-calibrate", Run, argc, argv);
}
