/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The efficiency fit recovers known parameters from latencies worked out by
// hand and from synthetic rows of a fusing runtime on two devices, rejects
// bad calibration files, and reproduces rows of the doc's fit table.

#include "r3d-test-util.h"

#include "ns3/catalog-error.h"
#include "ns3/efficiency-fit.h"
#include "ns3/roofline-model.h"
#include "ns3/test.h"

#include <cmath>
#include <cstdio>
#include <map>

using namespace ns3;

namespace
{

// Device: 100 GFLOP/s fp32, 10 GB/s (the format before runtimes: the
// legacy runtime "default").
const std::string DEVICES = R"({
 "efficiencyClasses": {"t": {"fp32": {"compute": 1, "depthwise": 1, "memory": 1,
                                      "layerOverheadUs": 0}}},
 "devices": [{"name": "d", "class": "t", "tier": "edge", "peakGflops": {"fp32": 100},
   "memoryBandwidthGBps": 10, "memoryCapacityGB": 1, "storageBandwidthMBps": 100,
   "computeUnits": 1, "computeUnitKind": "cores", "idlePowerW": 1, "maxPowerW": 2}]})";

// Two devices of class "g" under a TensorRT-like runtime "gpu": epilogue
// fusion, tensor-core peaks, Winograd, a kernel lasts at least t_k.
const std::string GPU_DEVICES = R"({
 "runtimes": {"gpu": {"description": "test", "fusion": "epilogue", "matrixUnits": true,
                      "winograd": true, "kernelOverhead": "minimum", "source": "test"}},
 "efficiencyClasses": {"g": {"gpu": {
   "fp32": {"compute": 1, "depthwise": 1, "memory": 1, "kernelOverheadUs": 0},
   "fp16": {"compute": 1, "depthwise": 1, "memory": 1, "kernelOverheadUs": 0}}}},
 "devices": [
  {"name": "small", "class": "g", "tier": "end", "peakGflops": {"fp32": 100, "fp16": 400},
   "memoryBandwidthGBps": 10, "memoryCapacityGB": 1, "storageBandwidthMBps": 100,
   "computeUnits": 1, "computeUnitKind": "sms", "idlePowerW": 1, "maxPowerW": 2},
  {"name": "large", "class": "g", "tier": "edge", "peakGflops": {"fp32": 300, "fp16": 1200},
   "memoryBandwidthGBps": 40, "memoryCapacityGB": 1, "storageBandwidthMBps": 100,
   "computeUnits": 4, "computeUnitKind": "sms", "idlePowerW": 1, "maxPowerW": 2}]})";

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

CalibrationRow
Row(const std::string& device,
    const std::string& model,
    Precision precision,
    const std::string& runtime,
    double latency)
{
    CalibrationRow r;
    r.id = device + "/" + model + "/" + PrecisionToString(precision);
    r.device = device;
    r.model = model;
    r.precision = precision;
    r.runtime = runtime;
    r.latency = latency;
    return r;
}

} // namespace

/**
 * \ingroup r3d-tests
 * Four one-purpose models whose latencies are worked out by hand from chosen
 * parameters (compute 0.4, depthwise 0.25, memory 0.6, overhead 50 us); the
 * fit, started elsewhere and without a prior, must find those parameters
 * again.
 *
 *  A: one conv, 1 GFLOP, 0.3 MB:    1e9 / (100e9 x 0.4) + 50 us = 25.05 ms
 *  B: ten convs, 0.1 GFLOP each:    25 ms + 10 x 50 us          = 25.50 ms
 *  C: one fc, 1 MFLOP, 20 MB:       20e6 / (10e9 x 0.6) + 50 us = 3.38333 ms
 *  D: one depthwise conv, 1 GFLOP:  1e9 / (100e9 x 0.1) + 50 us = 100.05 ms
 *
 * Each is far from its other roof (A's memory time is 0.05 ms, C's compute
 * time 0.025 ms), so each row pins one parameter. Tolerance 1e-4 relative:
 * Brent's method converges far tighter; Powell's method stops when an
 * iteration gains less than 1e-12 of the objective.
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
        g.runtime = "default";
        g.free = {"compute", "depthwise", "memory", "kernelOverheadUs"};
        g.prior = RooflineEfficiency{0.9, 0.9, 0.9, 1e-6};
        const Precision p = Precision::FP32;
        g.rows = {Row("d", "a", p, "default", 25.05e-3),
                  Row("d", "b", p, "default", 25.5e-3),
                  Row("d", "c", p, "default", 3.38333333333e-3),
                  Row("d", "d", p, "default", 100.05e-3)};
        FitResult fit = EfficiencyFit::Fit(g, *devices, *catalog, 0);

        const double tol = 1e-4;
        const RooflineEfficiency& e = fit.efficiency.at(p);
        NS_TEST_ASSERT_MSG_EQ_TOL(e.compute, 0.4, 0.4 * tol, "compute");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.depthwise, 0.25, 0.25 * tol, "depthwise");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.memory, 0.6, 0.6 * tol, "memory");
        NS_TEST_ASSERT_MSG_EQ_TOL(e.layerOverhead, 50e-6, 50e-6 * tol, "overhead");
        NS_TEST_ASSERT_MSG_LT(fit.maxAbsError, tol, "every row reproduced");
        // One device: every row is held out by model, and each model pins a
        // different parameter, so those predictions fall back on others.
        for (const FitRowResult& r : fit.rows)
        {
            NS_TEST_ASSERT_MSG_EQ((r.heldOut == HeldOut::MODEL), true, "held out by model");
        }

        std::remove(devicesFile.c_str());
        std::remove(modelsFile.c_str());
    }
};

/**
 * \ingroup r3d-tests
 * Synthetic rows of a fusing, Winograd, minimum-overhead runtime: six shipped
 * models at fp32 and fp16 on two devices of one class, their latencies
 * computed by RooflineModel from chosen parameters (compute fp32 0.4, fp16
 * 0.7, depthwise 0.2, memory 0.6, 30 us per kernel, Winograd 2.5). The fit,
 * started from the prior and without its weight, recovers each parameter;
 * since both devices obey the same parameters, each device's rows are
 * predicted from the other's alone (leave-one-device-out) as well.
 *
 * Tolerance 1e-3 relative: the 24 rows determine the 6 parameters, but the
 * depthwise factor and the overhead act on few, small layers, so the
 * objective is flat along them near the optimum and Powell's method stops
 * when an iteration gains less than 1e-12 of the objective.
 */
class RuntimeRecoveryTestCase : public TestCase
{
  public:
    RuntimeRecoveryTestCase()
        : TestCase("fit recovers runtime parameters from synthetic rows on two devices")
    {
    }

  private:
    void DoRun() override
    {
        std::string devicesFile = r3dtest::WriteTempFile("fit-gpu-devices.json", GPU_DEVICES);
        Ptr<DeviceCatalog> devices = DeviceCatalog::LoadFile(devicesFile);
        Ptr<ModelCatalog> models = ModelCatalog::LoadFile(ModelCatalog::GetDefaultPath());
        const InferenceRuntime& gpu = devices->GetRuntime("gpu");

        std::map<Precision, RooflineEfficiency> truth;
        truth[Precision::FP32] = RooflineEfficiency{0.4, 0.2, 0.6, 30e-6, 2.5};
        truth[Precision::FP16] = RooflineEfficiency{0.7, 0.2, 0.6, 30e-6, 2.5};
        CalibrationGroup g;
        g.deviceClass = "g";
        g.runtime = "gpu";
        g.free = {"compute", "depthwise", "memory", "kernelOverheadUs", "winograd"};
        g.prior = RooflineEfficiency{0.5, 0.3, 0.6, 20e-6, 2.25};
        for (const char* device : {"small", "large"})
        {
            for (const char* model :
                 {"alexnet", "vgg16", "resnet18", "resnet50", "mobilenet-v2", "efficientnet-b0"})
            {
                for (const auto& [p, e] : truth)
                {
                    RooflineModel roofline(devices->Get(device), p, gpu, e);
                    double latency = roofline.EstimateModel(models->Get(model)).latency;
                    g.rows.push_back(Row(device, model, p, "gpu", latency));
                }
            }
        }
        FitResult fit = EfficiencyFit::Fit(g, *devices, *models, 0);

        const double tol = 1e-3;
        for (const auto& [p, e] : truth)
        {
            const RooflineEfficiency& f = fit.efficiency.at(p);
            std::string at = " at " + PrecisionToString(p);
            NS_TEST_ASSERT_MSG_EQ_TOL(f.compute, e.compute, e.compute * tol, "compute" << at);
            NS_TEST_ASSERT_MSG_EQ_TOL(f.depthwise, e.depthwise, e.depthwise * tol, "dw" << at);
            NS_TEST_ASSERT_MSG_EQ_TOL(f.memory, e.memory, e.memory * tol, "memory" << at);
            NS_TEST_ASSERT_MSG_EQ_TOL(f.layerOverhead,
                                      e.layerOverhead,
                                      e.layerOverhead * tol,
                                      "kernel overhead" << at);
            NS_TEST_ASSERT_MSG_EQ_TOL(f.winograd, e.winograd, e.winograd * tol, "wino" << at);
        }
        for (const FitRowResult& r : fit.rows)
        {
            NS_TEST_ASSERT_MSG_EQ((r.heldOut == HeldOut::DEVICE), true, r.row.id);
            NS_TEST_ASSERT_MSG_LT(std::abs(r.relativeError), tol, r.row.id << " in sample");
            NS_TEST_ASSERT_MSG_LT(std::abs(r.heldOutError), tol, r.row.id << " held out");
        }
        ErrorSummary s = ErrorSummary::Of({0.1, -0.3, 1.5, -0.6, 0.2});
        // |errors| 0.1 0.2 0.3 0.6 1.5; ratios 1.1 0.7 2.5 0.4 1.2.
        NS_TEST_ASSERT_MSG_EQ_TOL(s.medianAbsError, 0.3, 1e-15, "median |error|");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.within25, 0.4, 1e-15, "within 25%");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.within2x, 0.6, 1e-15, "within 2x");
        std::remove(devicesFile.c_str());
    }
};

/**
 * \ingroup r3d-tests
 * Bad calibration files are rejected with the entry and field named.
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
        const std::string group = R"({"class": "t", "runtime": "default", "free": ["compute"]})";
        const std::string row = R"({"id": "r1", "device": "d", "model": "a", "precision": "fp32",
                                    "runtime": "default", "latencyMs": 1, "source": "s"})";
        auto file = [&](const std::string& groups, const std::string& rows) {
            return R"({"priorWeight": 0.3, "prior": {}, "groups": [)" + groups + R"(], "rows": [)" +
                   rows + "]}";
        };
        auto with = [](std::string text, const std::string& from, const std::string& to) {
            return text.replace(text.find(from), from.size(), to);
        };

        struct Case
        {
            std::string contents;
            std::string field;
        } cases[] = {
            {file(group, with(row, "\"fp32\"", "\"fp8\"")), "rows[0].precision"},
            {file(with(group, "\"compute\"", "\"speed\""), row), "groups[0].free"},
            {file(group, with(row, "\"latencyMs\": 1", "\"latencyMs\": -1")), "rows[0].latencyMs"},
            {file(group, row + "," + row), "rows[1].id"},
            {file(group + "," + group, row), "groups[1].runtime"},
            {file(group, with(row, "\"source\": \"s\"", "\"source\": \"s\", \"speed\": 2")),
             "rows[0].speed"},
        };

        for (const Case& c : cases)
        {
            std::string path = r3dtest::WriteTempFile("calibration.json", c.contents);
            std::string message;
            try
            {
                EfficiencyFit::LoadFile(path);
            }
            catch (const CatalogError& e)
            {
                message = e.what();
            }
            NS_TEST_ASSERT_MSG_NE(message.find("field '" + c.field + "'"),
                                  std::string::npos,
                                  "error names " << c.field << ": '" << message << "'");
            std::remove(path.c_str());
        }

        // Rows that load but do not map: the error names the row.
        std::string devicesFile = r3dtest::WriteTempFile("fit-devices.json", DEVICES);
        std::string modelsFile =
            r3dtest::WriteTempFile("fit-models.json",
                                   R"({"models": [)" + Model("a", Layer("conv", 1e9, 3e5)) + "]}");
        Ptr<DeviceCatalog> devices = DeviceCatalog::LoadFile(devicesFile);
        Ptr<ModelCatalog> models = ModelCatalog::LoadFile(modelsFile);

        struct Mapping
        {
            std::string contents;
            std::string field;
            std::string problem;
        } mappings[] = {
            {file(group, with(row, "\"device\": \"d\"", "\"device\": \"e\"")),
             "device",
             "unknown device 'e'"},
            {file(group, with(row, "\"model\": \"a\"", "\"model\": \"b\"")),
             "model",
             "unknown model 'b'"},
            {file(with(group, "\"class\": \"t\"", "\"class\": \"u\""), row),
             "runtime",
             "no group fits class 't'"},
            {file(group, with(row, "\"fp32\"", "\"fp16\"")), "precision", "no peak for fp16"},
        };

        for (const Mapping& m : mappings)
        {
            std::string path = r3dtest::WriteTempFile("calibration.json", m.contents);
            std::string message;
            try
            {
                CalibrationPlan plan = EfficiencyFit::LoadFile(path);
                EfficiencyFit::AssignRows(plan, *devices, *models);
            }
            catch (const CatalogError& e)
            {
                message = e.what();
            }
            NS_TEST_ASSERT_MSG_NE(message.find("entry 'r1': field '" + m.field + "'"),
                                  std::string::npos,
                                  "error names row r1 and " << m.field << ": '" << message << "'");
            NS_TEST_ASSERT_MSG_NE(message.find(m.problem),
                                  std::string::npos,
                                  "error says " << m.problem << ": '" << message << "'");
            std::remove(path.c_str());
        }
        std::remove(devicesFile.c_str());
        std::remove(modelsFile.c_str());

        // The shipped file loads and maps onto the shipped catalogs; every
        // row is fitted or says why not.
        Ptr<DeviceCatalog> shippedDevices =
            DeviceCatalog::LoadFile(DeviceCatalog::GetDefaultPath());
        Ptr<ModelCatalog> shippedModels = ModelCatalog::LoadFile(ModelCatalog::GetDefaultPath());
        CalibrationPlan plan = EfficiencyFit::LoadFile(EfficiencyFit::GetDefaultPath());
        EfficiencyFit::AssignRows(plan, *shippedDevices, *shippedModels);
        std::size_t fitted = 0;
        for (const CalibrationGroup& g : plan.groups)
        {
            NS_TEST_ASSERT_MSG_GT(g.rows.size(), 0, g.deviceClass << "/" << g.runtime);
            fitted += g.rows.size();
        }
        std::size_t excluded = 0;
        for (const CalibrationRow& r : plan.rows)
        {
            excluded += r.excluded.empty() ? 0 : 1;
        }
        NS_TEST_ASSERT_MSG_EQ(fitted + excluded, plan.rows.size(), "every row mapped or excluded");
        NS_TEST_ASSERT_MSG_EQ(plan.rows.size(), 151, "19 + 132 reference rows");
    }
};

/**
 * \ingroup r3d-tests
 * Rows of the doc's fit table (Validation, "Fit to published latencies":
 * the output of r3d-fit-efficiency on the shipped files) come out of the fit
 * again: in-sample and held-out errors of two rows from each of three groups
 * -- a GPU class under TensorRT, held out by device; an x86 class under ncnn,
 * by device and by model; a data-centre GPU at int8, by model.
 *
 * Tolerance 0.06 percentage points: the table rounds to 0.1 %, plus a little
 * for the optimizer's stopping rule on another machine.
 */
class ShippedFitTestCase : public TestCase
{
  public:
    ShippedFitTestCase()
        : TestCase("rows of the doc's fit table are reproduced")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DeviceCatalog> devices = DeviceCatalog::LoadFile(DeviceCatalog::GetDefaultPath());
        Ptr<ModelCatalog> models = ModelCatalog::LoadFile(ModelCatalog::GetDefaultPath());
        CalibrationPlan plan = EfficiencyFit::LoadFile(EfficiencyFit::GetDefaultPath());
        EfficiencyFit::AssignRows(plan, *devices, *models);

        struct Expected
        {
            const char* deviceClass; //!< group class
            const char* runtime;     //!< group runtime
            const char* row;         //!< row id
            double error;            //!< in-sample error, %
            double heldOut;          //!< held-out error, %
            HeldOut by;              //!< how it was held out
        } expected[] = {
            {"gpu-cuda-cores", "tensorrt", "C1", 1.6, 18.4, HeldOut::DEVICE},
            {"gpu-cuda-cores", "tensorrt", "X87", -11.5, -26.6, HeldOut::DEVICE},
            {"x86-cpu", "ncnn", "C19", -0.3, 0.4, HeldOut::DEVICE},
            {"x86-cpu", "ncnn", "X18", -11.8, -20.1, HeldOut::MODEL},
            {"datacenter-gpu", "tensorrt", "X113", -6.2, -17.5, HeldOut::DEVICE},
            {"datacenter-gpu", "tensorrt", "X115", -2.6, -5.7, HeldOut::MODEL},
        };

        std::map<std::string, FitResult> fits;
        for (const Expected& e : expected)
        {
            std::string key = std::string(e.deviceClass) + "/" + e.runtime;
            if (fits.count(key) == 0)
            {
                for (const CalibrationGroup& g : plan.groups)
                {
                    if (g.deviceClass == e.deviceClass && g.runtime == e.runtime)
                    {
                        fits[key] = EfficiencyFit::Fit(g, *devices, *models, plan.priorWeight);
                    }
                }
            }
            bool found = false;
            for (const FitRowResult& r : fits.at(key).rows)
            {
                if (r.row.id == e.row)
                {
                    found = true;
                    NS_TEST_ASSERT_MSG_EQ_TOL(r.relativeError * 100, e.error, 0.06, e.row);
                    NS_TEST_ASSERT_MSG_EQ_TOL(r.heldOutError * 100, e.heldOut, 0.06, e.row);
                    NS_TEST_ASSERT_MSG_EQ((r.heldOut == e.by), true, e.row << " held out by");
                }
            }
            NS_TEST_ASSERT_MSG_EQ(found, true, "row " << e.row << " in " << key);
        }
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
        AddTestCase(new RuntimeRecoveryTestCase, TestCase::QUICK);
        AddTestCase(new CalibrationFileTestCase, TestCase::QUICK);
        AddTestCase(new ShippedFitTestCase, TestCase::QUICK);
    }
};

/// The suite's instance.
static EfficiencyFitTestSuite g_efficiencyFitTestSuite;
