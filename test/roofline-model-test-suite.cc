/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Roofline latency model against hand-computed expectations on a device with
// round numbers (r3dtest::RoundDevice: fp32 100 GFLOP/s, fp16 200 GFLOP/s,
// 10 GB/s; compute efficiency 0.5, depthwise 0.5, memory 0.8, 10 us per
// layer), so attainable fp32 compute is 50 GFLOP/s and bandwidth 8 GB/s.
//
// Tolerance: 1e-12 relative. The model is a few multiplications and one max;
// only floating-point rounding separates it from the closed form.

#include "r3d-test-util.h"

#include "ns3/catalog-error.h"
#include "ns3/roofline-model.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

constexpr double REL_TOL = 1e-12;

/// 1 GFLOP on 1 MB of weights, 1 MB in, 1 MB out (fp32 bytes).
DnnLayer
ComputeBoundLayer()
{
    DnnLayer l;
    l.name = "big-conv";
    l.kind = LayerKind::CONV;
    l.flops = 1e9;
    l.weightBytes = l.weightBytesRead = 1e6;
    l.inputBytes = 1e6;
    l.outputBytes = 1e6;
    return l;
}

/// 8 MFLOP on 16 MB of weights, 2 MB in, 2 MB out (a batch-1 fc layer).
DnnLayer
MemoryBoundLayer()
{
    DnnLayer l;
    l.name = "fc";
    l.kind = LayerKind::FC;
    l.flops = 8e6;
    l.weightBytes = l.weightBytesRead = 16e6;
    l.inputBytes = 2e6;
    l.outputBytes = 2e6;
    return l;
}

/// RoundDevice with two runtimes: "fused-gpu" (default: epilogue fusion,
/// tensor-core peaks, Winograd x2, a kernel lasts at least 10 us) and
/// "plain-cpu" (no fusion, vector peaks, no Winograd, 10 us added per
/// kernel). fp16 vector units: 50 GFLOP/s (matrix units: 200).
DeviceProfile
RuntimeDevice()
{
    DeviceProfile d = r3dtest::RoundDevice();
    d.vectorPeakFlops[Precision::FP16] = 50e9;
    RooflineEfficiency e{0.5, 0.5, 0.8, 10e-6, 2.0, "by hand"};
    RuntimeProfile gpu{{"fused-gpu",
                        "test",
                        KernelFusion::EPILOGUE,
                        true,
                        true,
                        KernelOverheadMode::MINIMUM,
                        "test"},
                       {{Precision::FP32, e}, {Precision::FP16, e}}};
    RuntimeProfile cpu{{"plain-cpu",
                        "test",
                        KernelFusion::NONE,
                        false,
                        false,
                        KernelOverheadMode::ADDITIVE,
                        "test"},
                       {{Precision::FP32, e}, {Precision::FP16, e}}};
    d.runtimes = {{"fused-gpu", gpu}, {"plain-cpu", cpu}};
    d.defaultRuntime = "fused-gpu";
    d.efficiency = gpu.efficiency;
    return d;
}

/// A residual block as a runtime sees it: a Winograd-hinted conv (1 GFLOP,
/// 1 MB each of weights, input and output), its residual add (0.25 MFLOP,
/// 2 MB in, 1 MB out; an epilogue of the conv saving 2 MB) and a
/// concatenation (2 MB in, 2 MB out; elided, saving 4 MB). fp32 bytes.
DnnModel
ResidualBlock()
{
    DnnLayer conv = ComputeBoundLayer();
    conv.winograd = true;
    DnnLayer add;
    add.name = "add";
    add.kind = LayerKind::ELTWISE;
    add.flops = 0.25e6;
    add.inputBytes = 2e6;
    add.outputBytes = 1e6;
    add.fusion = LayerFusion::EPILOGUE;
    add.fusedInto = conv.name;
    add.fusionSavedBytes = 2e6;
    DnnLayer concat;
    concat.name = "concat";
    concat.kind = LayerKind::CONCAT;
    concat.inputBytes = 2e6;
    concat.outputBytes = 2e6;
    concat.fusion = LayerFusion::ELIDED;
    concat.fusionSavedBytes = 4e6;
    DnnModel m;
    m.name = "residual-block";
    m.layers = {conv, add, concat};
    return m;
}

} // namespace

/**
 * \ingroup r3d-tests
 * A compute-bound and a memory-bound layer at fp32, batch 1, whole device.
 */
class RooflineLayerTestCase : public TestCase
{
  public:
    RooflineLayerTestCase()
        : TestCase("compute-bound and memory-bound layers, ridge point")
    {
    }

  private:
    void DoRun() override
    {
        DeviceProfile device = r3dtest::RoundDevice();
        RooflineModel roofline(device, Precision::FP32);

        // Ridge point: 50 GFLOP/s / 8 GB/s = 6.25 FLOP/byte.
        NS_TEST_ASSERT_MSG_EQ_TOL(roofline.GetRidgePoint(), 6.25, 6.25 * REL_TOL, "ridge point");
        // Depthwise: 0.5 x 0.5 x 100 GFLOP/s = 25 GFLOP/s, ridge 3.125.
        NS_TEST_ASSERT_MSG_EQ_TOL(roofline.GetRidgePoint(LayerKind::DEPTHWISE_CONV),
                                  3.125,
                                  3.125 * REL_TOL,
                                  "depthwise ridge point");

        // Compute-bound: 1e9 / 50e9 = 20 ms compute; 3e6 / 8e9 = 0.375 ms
        // memory; latency = 20 ms + 10 us.
        LayerEstimate c = roofline.EstimateLayer(ComputeBoundLayer());
        NS_TEST_ASSERT_MSG_EQ_TOL(c.computeTime, 20e-3, 20e-3 * REL_TOL, "compute time");
        NS_TEST_ASSERT_MSG_EQ_TOL(c.memoryTime, 0.375e-3, 0.375e-3 * REL_TOL, "memory time");
        NS_TEST_ASSERT_MSG_EQ_TOL(c.latency, 20.01e-3, 20.01e-3 * REL_TOL, "latency");
        NS_TEST_ASSERT_MSG_EQ_TOL(c.intensity, 1e9 / 3e6, 1e9 / 3e6 * REL_TOL, "intensity");
        NS_TEST_ASSERT_MSG_EQ(c.memoryBound, false, "1 GFLOP on 3 MB is compute-bound");
        NS_TEST_ASSERT_MSG_EQ(roofline.IsMemoryBound(ComputeBoundLayer()), false, "query");

        // Memory-bound: 20 MB / 8 GB/s = 2.5 ms memory; 8e6 / 50e9 =
        // 0.16 ms compute; latency 2.5 ms + 10 us. Intensity 0.4 < 6.25.
        LayerEstimate m = roofline.EstimateLayer(MemoryBoundLayer());
        NS_TEST_ASSERT_MSG_EQ_TOL(m.memoryTime, 2.5e-3, 2.5e-3 * REL_TOL, "memory time");
        NS_TEST_ASSERT_MSG_EQ_TOL(m.computeTime, 0.16e-3, 0.16e-3 * REL_TOL, "compute time");
        NS_TEST_ASSERT_MSG_EQ_TOL(m.latency, 2.51e-3, 2.51e-3 * REL_TOL, "latency");
        NS_TEST_ASSERT_MSG_EQ_TOL(m.intensity, 0.4, 0.4 * REL_TOL, "intensity");
        NS_TEST_ASSERT_MSG_EQ(m.memoryBound, true, "0.4 FLOP/byte is memory-bound");
        NS_TEST_ASSERT_MSG_EQ(roofline.IsMemoryBound(MemoryBoundLayer()), true, "query");
    }
};

/**
 * \ingroup r3d-tests
 * Batch size, precision and granted share scale FLOPs, bytes and roofs as
 * the model's equations say.
 */
class RooflineScalingTestCase : public TestCase
{
  public:
    RooflineScalingTestCase()
        : TestCase("batch, precision and share scaling")
    {
    }

  private:
    void DoRun() override
    {
        DeviceProfile device = r3dtest::RoundDevice();
        RooflineModel fp32(device, Precision::FP32);
        RooflineModel fp16(device, Precision::FP16);

        // Batch 4 of the fc layer: weights read once (16 MB), activations
        // 4 x 4 MB: 32 MB -> 4 ms; 32 MFLOP -> 0.64 ms; still memory-bound.
        LayerEstimate b4 = fp32.EstimateLayer(MemoryBoundLayer(), 4);
        NS_TEST_ASSERT_MSG_EQ_TOL(b4.flops, 32e6, 32e6 * REL_TOL, "batch flops");
        NS_TEST_ASSERT_MSG_EQ_TOL(b4.bytes, 32e6, 32e6 * REL_TOL, "batch bytes");
        NS_TEST_ASSERT_MSG_EQ_TOL(b4.latency, 4.01e-3, 4.01e-3 * REL_TOL, "batch latency");

        // fp16: bytes halve (10 MB -> 1.25 ms), peak doubles (100 GFLOP/s
        // attainable), ridge 100/8 = 12.5.
        LayerEstimate h = fp16.EstimateLayer(MemoryBoundLayer());
        NS_TEST_ASSERT_MSG_EQ_TOL(h.bytes, 10e6, 10e6 * REL_TOL, "fp16 bytes");
        NS_TEST_ASSERT_MSG_EQ_TOL(h.latency, 1.26e-3, 1.26e-3 * REL_TOL, "fp16 latency");
        NS_TEST_ASSERT_MSG_EQ_TOL(fp16.GetRidgePoint(), 12.5, 12.5 * REL_TOL, "fp16 ridge");
        LayerEstimate hc = fp16.EstimateLayer(ComputeBoundLayer());
        NS_TEST_ASSERT_MSG_EQ_TOL(hc.computeTime, 10e-3, 10e-3 * REL_TOL, "fp16 compute");

        // Half the compute units: the compute-bound layer takes twice as
        // long; half the bandwidth does not change it (still compute-bound).
        LayerEstimate halfCompute = fp32.EstimateLayer(ComputeBoundLayer(), 1, {0.5, 1.0});
        NS_TEST_ASSERT_MSG_EQ_TOL(halfCompute.latency,
                                  40.01e-3,
                                  40.01e-3 * REL_TOL,
                                  "half compute share");
        LayerEstimate halfBw = fp32.EstimateLayer(ComputeBoundLayer(), 1, {1.0, 0.5});
        NS_TEST_ASSERT_MSG_EQ_TOL(halfBw.latency, 20.01e-3, 20.01e-3 * REL_TOL, "half bandwidth");
        // ...and the memory-bound layer the other way round.
        LayerEstimate mHalfBw = fp32.EstimateLayer(MemoryBoundLayer(), 1, {1.0, 0.5});
        NS_TEST_ASSERT_MSG_EQ_TOL(mHalfBw.latency, 5.01e-3, 5.01e-3 * REL_TOL, "memory share");
        LayerEstimate mHalfC = fp32.EstimateLayer(MemoryBoundLayer(), 1, {0.5, 1.0});
        NS_TEST_ASSERT_MSG_EQ_TOL(mHalfC.latency, 2.51e-3, 2.51e-3 * REL_TOL, "compute share");
        // The ridge point moves with the share: (0.5 x 50) / 8 = 3.125.
        NS_TEST_ASSERT_MSG_EQ_TOL(fp32.GetRidgePoint(LayerKind::CONV, {0.5, 1.0}),
                                  3.125,
                                  3.125 * REL_TOL,
                                  "ridge at half compute");

        // Depthwise: 1 GFLOP at 25 GFLOP/s = 40 ms.
        DnnLayer dw = ComputeBoundLayer();
        dw.kind = LayerKind::DEPTHWISE_CONV;
        NS_TEST_ASSERT_MSG_EQ_TOL(fp32.EstimateLayer(dw).computeTime,
                                  40e-3,
                                  40e-3 * REL_TOL,
                                  "depthwise compute time");

        // Embedding: only the rows read count, not the whole table.
        DnnLayer emb;
        emb.kind = LayerKind::EMBEDDING;
        emb.weightBytes = 100e6;
        emb.weightBytesRead = 1e6;
        emb.inputBytes = 0.5e6;
        emb.outputBytes = 1e6;
        NS_TEST_ASSERT_MSG_EQ_TOL(fp32.EstimateLayer(emb).bytes,
                                  2.5e6,
                                  2.5e6 * REL_TOL,
                                  "embedding bytes");
    }
};

/**
 * \ingroup r3d-tests
 * A model is the sum of its layers; unsupported precision is an error.
 */
class RooflineModelTotalTestCase : public TestCase
{
  public:
    RooflineModelTotalTestCase()
        : TestCase("model total and unsupported precision")
    {
    }

  private:
    void DoRun() override
    {
        DeviceProfile device = r3dtest::RoundDevice();
        RooflineModel roofline(device, Precision::FP32);
        DnnModel model;
        model.name = "two-layers";
        model.layers = {ComputeBoundLayer(), MemoryBoundLayer(), ComputeBoundLayer()};
        // 20.01 + 2.51 + 20.01 ms.
        ModelEstimate e = roofline.EstimateModel(model);
        NS_TEST_ASSERT_MSG_EQ_TOL(e.latency, 42.53e-3, 42.53e-3 * REL_TOL, "model latency");
        NS_TEST_ASSERT_MSG_EQ(e.layers.size(), 3, "one estimate per layer");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.flops, 2.008e9, 2.008e9 * REL_TOL, "model flops");
        NS_TEST_ASSERT_MSG_EQ_TOL(model.GetMacs(), 1.004e9, 1.004e9 * REL_TOL, "MACs");

        bool threw = false;
        try
        {
            RooflineModel int8(device, Precision::INT8);
        }
        catch (const CatalogError& error)
        {
            threw = std::string(error.what()).find("int8") != std::string::npos;
        }
        NS_TEST_ASSERT_MSG_EQ(threw, true, "a device without int8 cannot run int8");
    }
};

/**
 * \ingroup r3d-tests
 * Runtimes: fusion, matrix vs vector peaks, Winograd, the two per-kernel
 * overhead modes, runtime choice, all by hand on ResidualBlock().
 *
 * fused-gpu, fp32 (100 GFLOP/s, Winograd x2 -> 100 GFLOP/s attained):
 *   conv   max(1e9 / 100e9 = 10 ms, 3 MB / 8 GB/s = 0.375 ms), overhead
 *          max(0, 10 us - 10 ms) = 0                              10 ms
 *   add    fused: (3 - 2) MB / 8 GB/s = 0.125 ms (compute 5 us)    0.125 ms
 *   concat elided: nothing                                         0
 *   total 10.125 ms, 1 kernel
 * plain-cpu, fp32 (no fusion, no Winograd: 50 GFLOP/s, + 10 us each):
 *   conv 20 ms + 10 us; add 3 MB -> 0.375 ms + 10 us; concat 4 MB ->
 *   0.5 ms + 10 us; total 20.905 ms, 3 kernels
 * fp16 halves the bytes; fused-gpu uses the 200 GFLOP/s matrix peak (conv
 *   1e9 / (200e9 x 0.5 x 2) = 5 ms), plain-cpu the 50 GFLOP/s vector peak
 *   (conv 1e9 / 25e9 = 40 ms + 10 us).
 * A small layer under fused-gpu (0.1 MFLOP, no bytes: 2 us of compute)
 *   lasts the 10 us minimum: overhead 8 us.
 */
class RooflineRuntimeTestCase : public TestCase
{
  public:
    RooflineRuntimeTestCase()
        : TestCase("runtimes: fusion, units, Winograd, kernel overhead")
    {
    }

  private:
    void DoRun() override
    {
        DeviceProfile device = RuntimeDevice();
        DnnModel block = ResidualBlock();

        RooflineModel gpu(device, Precision::FP32); // the default runtime
        NS_TEST_ASSERT_MSG_EQ(gpu.GetRuntime().name, "fused-gpu", "default runtime");
        ModelEstimate e = gpu.EstimateModel(block);
        NS_TEST_ASSERT_MSG_EQ_TOL(e.layers[0].latency, 10e-3, 10e-3 * REL_TOL, "conv");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.layers[0].overhead, 0.0, 1e-18, "no overhead beyond 10 us");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.layers[1].latency, 0.125e-3, 0.125e-3 * REL_TOL, "epilogue");
        NS_TEST_ASSERT_MSG_EQ(e.layers[1].fused, true, "the add is fused");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.layers[2].bytes, 0.0, 1e-18, "the concat moves nothing");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.latency, 10.125e-3, 10.125e-3 * REL_TOL, "fused total");
        NS_TEST_ASSERT_MSG_EQ(e.kernels, 1, "one kernel");
        NS_TEST_ASSERT_MSG_EQ(block.GetKernelCount(true), 1, "kernel count, fused");
        NS_TEST_ASSERT_MSG_EQ(block.GetKernelCount(false), 3, "kernel count, unfused");

        RooflineModel cpu(device, Precision::FP32, "plain-cpu");
        e = cpu.EstimateModel(block);
        NS_TEST_ASSERT_MSG_EQ_TOL(e.latency, 20.905e-3, 20.905e-3 * REL_TOL, "unfused total");
        NS_TEST_ASSERT_MSG_EQ(e.kernels, 3, "three kernels");

        RooflineModel gpu16(device, Precision::FP16, "fused-gpu");
        NS_TEST_ASSERT_MSG_EQ_TOL(gpu16.EstimateLayer(block.layers[0]).latency,
                                  5e-3,
                                  5e-3 * REL_TOL,
                                  "fp16 on matrix units");
        RooflineModel cpu16(device, Precision::FP16, "plain-cpu");
        NS_TEST_ASSERT_MSG_EQ_TOL(cpu16.EstimateLayer(block.layers[0]).latency,
                                  40.01e-3,
                                  40.01e-3 * REL_TOL,
                                  "fp16 on vector units");

        DnnLayer small;
        small.name = "small";
        small.kind = LayerKind::CONV;
        small.flops = 0.1e6;
        LayerEstimate s = gpu.EstimateLayer(small);
        NS_TEST_ASSERT_MSG_EQ_TOL(s.overhead, 8e-6, 8e-6 * 1e-9, "padding to the minimum");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.latency, 10e-6, 10e-6 * 1e-9, "a kernel lasts 10 us");

        // A tier run under another runtime.
        DeviceProfile asCpu = device.WithRuntime("plain-cpu");
        NS_TEST_ASSERT_MSG_EQ(asCpu.defaultRuntime, "plain-cpu", "WithRuntime");
        NS_TEST_ASSERT_MSG_EQ_TOL(
            RooflineModel(asCpu, Precision::FP32).EstimateModel(block).latency,
            20.905e-3,
            20.905e-3 * REL_TOL,
            "WithRuntime gives that runtime's latency");
        std::string message;
        try
        {
            RooflineModel none(device, Precision::FP32, "tvm");
        }
        catch (const CatalogError& error)
        {
            message = error.what();
        }
        NS_TEST_ASSERT_MSG_NE(message.find("no runtime 'tvm'"),
                              std::string::npos,
                              "unknown runtime: " << message);
    }
};

/**
 * \ingroup r3d-tests
 * The Roofline model's test suite.
 */
class RooflineModelTestSuite : public TestSuite
{
  public:
    RooflineModelTestSuite()
        : TestSuite("r3d-roofline", UNIT)
    {
        AddTestCase(new RooflineLayerTestCase, TestCase::QUICK);
        AddTestCase(new RooflineScalingTestCase, TestCase::QUICK);
        AddTestCase(new RooflineModelTotalTestCase, TestCase::QUICK);
        AddTestCase(new RooflineRuntimeTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static RooflineModelTestSuite g_rooflineModelTestSuite;
