/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The efficiency fit recovers known parameters from latencies worked out by
// hand, and rejects bad calibration files.

#include "r3d-test-util.h"

#include "ns3/catalog-error.h"
#include "ns3/efficiency-fit.h"
#include "ns3/test.h"

#include <cstdio>

using namespace ns3;

namespace
{

// Device: 100 GFLOP/s fp32, 10 GB/s.
const std::string DEVICES = R"({
 "efficiencyClasses": {"t": {"fp32": {"compute": 1, "depthwise": 1, "memory": 1,
                                      "layerOverheadUs": 0}}},
 "devices": [{"name": "d", "class": "t", "tier": "edge", "peakGflops": {"fp32": 100},
   "memoryBandwidthGBps": 10, "memoryCapacityGB": 1, "storageBandwidthMBps": 100,
   "computeUnits": 1, "computeUnitKind": "cores", "idlePowerW": 1, "maxPowerW": 2}]})";

std::string
Layer(const std::string& kind, double flops, double bytes)
{
    return R"({"name": "l", "kind": ")" + kind + R"(", "flops": )" + std::to_string(flops) +
           R"(, "weightBytes": )" + std::to_string(bytes) + R"(, "inputBytes": 0,
             "outputBytes": 0})";
}

std::string
Model(const std::string& name, const std::string& layers)
{
    return R"({"name": ")" + name + R"(", "family": "x", "input": "x", "inputBytes": 1,
               "resultBytes": 1, "layers": [)" +
           layers + "]}";
}

} // namespace

/**
 * \ingroup r3d-tests
 * Four one-purpose models whose latencies are worked out by hand from chosen
 * parameters (compute 0.4, depthwise 0.25, memory 0.6, overhead 50 us); the
 * fit, started elsewhere, must find those parameters again.
 *
 *  A: one conv, 1 GFLOP, 0.3 MB:    1e9 / (100e9 x 0.4) + 50 us = 25.05 ms
 *  B: ten convs, 0.1 GFLOP each:    25 ms + 10 x 50 us          = 25.50 ms
 *  C: one fc, 1 MFLOP, 20 MB:       20e6 / (10e9 x 0.6) + 50 us = 3.38333 ms
 *  D: one depthwise conv, 1 GFLOP:  1e9 / (100e9 x 0.1) + 50 us = 100.05 ms
 *
 * Each is far from its other roof (A's memory time is 0.05 ms, C's compute
 * time 0.025 ms), so each row pins one parameter. Tolerance 1e-4 relative:
 * Brent's method converges far tighter; the coordinate descent stops when
 * a sweep gains less than 1e-12 in squared log error.
 */
class EfficiencyRecoveryTestCase : public TestCase
{
  public:
    EfficiencyRecoveryTestCase()
        : TestCase("fit recovers parameters from hand-computed latencies")
    {
    }

  private:
    void DoRun() override
    {
        std::string tenConvs;
        for (int i = 0; i < 10; ++i)
        {
            tenConvs += (i > 0 ? "," : "") + Layer("conv", 1e8, 1e4);
        }
        std::string models = R"({"models": [)" + Model("a", Layer("conv", 1e9, 3e5)) + "," +
                             Model("b", tenConvs) + "," + Model("c", Layer("fc", 1e6, 20e6)) + "," +
                             Model("d", Layer("depthwise-conv", 1e9, 3e5)) + "]}";
        std::string devicesFile = r3dtest::WriteTempFile("fit-devices.json", DEVICES);
        std::string modelsFile = r3dtest::WriteTempFile("fit-models.json", models);
        Ptr<DeviceCatalog> devices = DeviceCatalog::LoadFile(devicesFile);
        Ptr<ModelCatalog> catalog = ModelCatalog::LoadFile(modelsFile);

        CalibrationGroup g;
        g.deviceClass = "t";
        g.precision = Precision::FP32;
        g.runtime = "hand";
        g.free = {"compute", "depthwise", "memory", "layerOverheadUs"};
        g.start = RooflineEfficiency{0.9, 0.9, 0.9, 1e-6};
        g.rows = {{"d", "a", 1, 25.05e-3, ""},
                  {"d", "b", 1, 25.5e-3, ""},
                  {"d", "c", 1, 3.38333333333e-3, ""},
                  {"d", "d", 1, 100.05e-3, ""}};
        FitResult fit = EfficiencyFit::Fit(g, *devices, *catalog);

        const double tol = 1e-4;
        NS_TEST_ASSERT_MSG_EQ_TOL(fit.efficiency.compute, 0.4, 0.4 * tol, "compute");
        NS_TEST_ASSERT_MSG_EQ_TOL(fit.efficiency.depthwise, 0.25, 0.25 * tol, "depthwise");
        NS_TEST_ASSERT_MSG_EQ_TOL(fit.efficiency.memory, 0.6, 0.6 * tol, "memory");
        NS_TEST_ASSERT_MSG_EQ_TOL(fit.efficiency.layerOverhead, 50e-6, 50e-6 * tol, "overhead");
        NS_TEST_ASSERT_MSG_LT(fit.maxAbsError, tol, "every row reproduced");

        std::remove(devicesFile.c_str());
        std::remove(modelsFile.c_str());
    }
};

/**
 * \ingroup r3d-tests
 * Bad calibration files are rejected with the field named.
 */
class CalibrationFileTestCase : public TestCase
{
  public:
    CalibrationFileTestCase()
        : TestCase("calibration file errors")
    {
    }

  private:
    void DoRun() override
    {
        const std::string row = R"({"device": "d", "model": "a", "latencyMs": 1, "source": "s"})";

        struct Case
        {
            std::string group;
            std::string field;
        } cases[] = {
            {R"({"class": "t", "precision": "fp8", "runtime": "r", "free": ["compute"],
                 "rows": [)" +
                 row + "]}",
             "precision"},
            {R"({"class": "t", "precision": "fp32", "runtime": "r", "free": ["speed"],
                 "rows": [)" +
                 row + "]}",
             "free"},
            {R"({"class": "t", "precision": "fp32", "runtime": "r", "free": ["compute"],
                 "rows": [{"device": "d", "model": "a", "latencyMs": -1, "source": "s"}]})",
             "rows[0].latencyMs"},
        };

        for (const Case& c : cases)
        {
            std::string file =
                r3dtest::WriteTempFile("calibration.json", R"({"groups": [)" + c.group + "]}");
            std::string message;
            try
            {
                EfficiencyFit::LoadFile(file);
            }
            catch (const CatalogError& e)
            {
                message = e.what();
            }
            NS_TEST_ASSERT_MSG_NE(message.find("field '" + c.field + "'"),
                                  std::string::npos,
                                  "error names " << c.field << ": '" << message << "'");
            std::remove(file.c_str());
        }
        // The shipped file loads.
        CalibrationPlan plan = EfficiencyFit::LoadFile(EfficiencyFit::GetDefaultPath());
        NS_TEST_ASSERT_MSG_GT(plan.groups.size(), 0, "shipped calibration groups");
    }
};

/**
 * \ingroup r3d-tests
 * The efficiency fit.
 */
class EfficiencyFitTestSuite : public TestSuite
{
  public:
    EfficiencyFitTestSuite()
        : TestSuite("r3d-efficiency-fit", UNIT)
    {
        AddTestCase(new EfficiencyRecoveryTestCase, TestCase::QUICK);
        AddTestCase(new CalibrationFileTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static EfficiencyFitTestSuite g_efficiencyFitTestSuite;
