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
    }
};

/// The suite's instance.
static RooflineModelTestSuite g_rooflineModelTestSuite;
