/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-calibrate, the roofline-equivalent workload of a catalog model.
//
// The catalog stores per layer only its kind, FLOPs F, weight bytes W,
// input bytes I and output bytes O, not its architecture (channels, kernel,
// stride, layout), and r3d has no network code in C++. So each layer runs as
// a LibTorch op that does the same FLOPs on about the same bytes, with
// random weights (fixed seed):
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
// Every catalog layer runs as an op of its own: LibTorch fuses nothing, so
// the host's entry gets a runtime without fusion ("libtorch").
// Activations flow through two ping-pong buffers, so a layer reads what the
// previous one wrote (cache-warm when small), as in the real network. The
// workload is a roofline-equivalent of the model, not the model: it
// calibrates how this host's LibTorch turns FLOPs and bytes into time,
// which is what the Roofline model needs, but it will not match the latency
// of the real architecture (e.g. torchvision's) run by LibTorch exactly.
// NS_LOG=R3dCalibrate=info prints each layer's equivalent, =debug also its
// time.

#include "calibrate-workload.h"

#include "calibrate-host.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace ns3
{
namespace r3d
{
namespace calibrate
{

NS_LOG_COMPONENT_DEFINE("R3dCalibrate");

namespace
{

/// Longest row used for softmax / layernorm when the catalog gives no width.
constexpr int64_t MAX_ROW = 1024;

/// A pooling reduction over more inputs per output than this is a global
/// pool (reduced along contiguous memory); fewer is a window.
constexpr int64_t GLOBAL_POOL_RATIO = 16;

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

} // namespace

/**
 * \brief A model's equivalent workload: one closure per layer over tensors
 *        allocated once.
 *
 * Activations flow through two ping-pong buffers: layer i reads the buffer
 * layer i-1 wrote, so, as in the real network, a layer's input is still in
 * cache when it is small. Second operands (residuals, attention's second
 * matrix, concat's other half) come from a third buffer.
 */
struct Workload::Impl
{
    /**
     * \brief Build the workload: activation buffers and random weights.
     * \param model the catalog model (must outlive the workload)
     */
    explicit Impl(const DnnModel& model)
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

Workload::Workload(const DnnModel& model)
    : m_impl(std::make_unique<Impl>(model))
{
}

Workload::~Workload() = default;

double
Workload::Run()
{
    return m_impl->Run();
}

void
Workload::LogLayerTimes()
{
    m_impl->LogLayerTimes();
}

const WorkloadStats&
Workload::GetStats() const
{
    return m_impl->m_stats;
}

} // namespace calibrate
} // namespace r3d
} // namespace ns3
