/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Catalog loading: the shipped catalogs load and hold what the module
// promises; every kind of bad input raises a CatalogError that names the
// file, the entry and the field.

#include "r3d-test-util.h"

#include "ns3/abort.h"
#include "ns3/catalog-error.h"
#include "ns3/device-catalog-writer.h"
#include "ns3/device-catalog.h"
#include "ns3/model-catalog.h"
#include "ns3/roofline-model.h"
#include "ns3/test.h"

#include <cmath>
#include <cstdio>
#include <functional>

using namespace ns3;

namespace
{

/// A valid one-device catalog; the cases below break one thing at a time.
const std::string GOOD_DEVICE = R"({
  "name": "dev-a", "class": "c", "tier": "edge",
  "peakGflops": {"fp32": 100},
  "memoryBandwidthGBps": 10, "memoryCapacityGB": 1, "storageBandwidthMBps": 100,
  "computeUnits": 4, "computeUnitKind": "cores", "idlePowerW": 1, "maxPowerW": 5
})";

const std::string CLASSES = R"("efficiencyClasses": {"c": {"fp32": {
  "compute": 0.5, "depthwise": 0.5, "memory": 0.8, "layerOverheadUs": 10}}})";

/// A runtime definition and a class table for it (the format with runtimes).
const std::string RUNTIME_CLASSES =
    R"("runtimes": {"rt": {"description": "d", "fusion": "epilogue", "matrixUnits": true,
                          "winograd": false, "kernelOverhead": "minimum", "source": "s"}},
       "efficiencyClasses": {"c": {"rt": {"fp32": {"compute": 0.5, "depthwise": 0.5,
                                                    "memory": 0.8, "kernelOverheadUs": 10}}}})";

/// RUNTIME_CLASSES with one textual replacement.
std::string
RuntimeClassesWith(const std::string& from, const std::string& to)
{
    std::string c = RUNTIME_CLASSES;
    std::size_t at = c.find(from);
    NS_ABORT_MSG_IF(at == std::string::npos, "test bug: '" << from << "' not in RUNTIME_CLASSES");
    return c.replace(at, from.size(), to);
}

std::string
DeviceFile(const std::string& devices, const std::string& classes = CLASSES)
{
    return "{" + classes + ", \"devices\": [" + devices + "]}";
}

/// GOOD_DEVICE with one textual replacement.
std::string
DeviceWith(const std::string& from, const std::string& to)
{
    std::string d = GOOD_DEVICE;
    std::size_t at = d.find(from);
    NS_ABORT_MSG_IF(at == std::string::npos, "test bug: '" << from << "' not in GOOD_DEVICE");
    return d.replace(at, from.size(), to);
}

const std::string GOOD_LAYER =
    R"({"name": "l0", "kind": "conv", "flops": 1000, "weightBytes": 40, "inputBytes": 400,
        "outputBytes": 400})";

/// A layer of a kind without weights (1000 FLOPs, 400 bytes in and out) with
/// extra fields.
std::string
LayerWith(const std::string& kind, const std::string& extra)
{
    return R"({"name": "l0", "kind": ")" + kind +
           R"(", "flops": 1000, "weightBytes": 0, "inputBytes": 400, "outputBytes": 400, )" +
           extra + "}";
}

std::string
ModelEntry(const std::string& layer)
{
    return R"({"name": "m-a", "family": "classification", "input": "x", "inputBytes": 10,
               "resultBytes": 4, "layers": [)" +
           layer + "]}";
}

std::string
ModelFile(const std::string& layer)
{
    return R"({"models": [)" + ModelEntry(layer) + "]}";
}

} // namespace

/**
 * \ingroup r3d-tests
 * The shipped catalogs load, list every device and model the module
 * documents, and give each device figure a source.
 */
class ShippedCatalogTestCase : public TestCase
{
  public:
    ShippedCatalogTestCase()
        : TestCase("shipped catalogs load and are complete")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DeviceCatalog> devices = DeviceCatalog::LoadFile(DeviceCatalog::GetDefaultPath());
        NS_TEST_ASSERT_MSG_EQ(devices->GetNames().size(), 25, "25 devices");
        for (const char* name : {"raspberry-pi-4",
                                 "jetson-nano",
                                 "jetson-nano-cpu",
                                 "jetson-tx2",
                                 "jetson-tx2-nx",
                                 "jetson-xavier-nx",
                                 "jetson-agx-xavier",
                                 "jetson-agx-xavier-cpu",
                                 "jetson-agx-orin",
                                 "jetson-agx-orin-32gb",
                                 "jetson-agx-orin-cpu",
                                 "jetson-orin-nx",
                                 "jetson-orin-nano",
                                 "jetson-orin-nano-super",
                                 "jetson-orin-nano-cpu",
                                 "edge-cpu",
                                 "celeron-n5105",
                                 "ryzen-7-5700g",
                                 "ryzen-5-5560u",
                                 "core-i3-1005g1",
                                 "t4",
                                 "v100",
                                 "v100-pcie",
                                 "a100",
                                 "a100-80gb"})
        {
            NS_TEST_ASSERT_MSG_EQ(devices->Has(name), true, "device " << name);
            const DeviceProfile& d = devices->Get(name);
            for (const auto& [p, peak] : d.peakFlops)
            {
                NS_TEST_ASSERT_MSG_EQ(d.sources.count("peakGflops." + PrecisionToString(p)),
                                      1,
                                      name << " gives a source for its " << PrecisionToString(p)
                                           << " peak");
                NS_TEST_ASSERT_MSG_EQ(d.efficiency.at(p).fit.empty(),
                                      false,
                                      name << " says where its " << PrecisionToString(p)
                                           << " efficiency comes from");
            }
            if (!d.vectorPeakFlops.empty())
            {
                NS_TEST_ASSERT_MSG_EQ(d.sources.count("vectorPeakGflops"),
                                      1,
                                      name << " gives a source for its vector peaks");
            }
            bool nvidia = d.computeUnitKind == "sms";
            NS_TEST_ASSERT_MSG_EQ(d.defaultRuntime,
                                  nvidia ? "tensorrt" : "ncnn",
                                  name << ": TensorRT on NVIDIA GPUs, ncnn on CPUs by default");
            for (const char* figure : {"memoryBandwidthGBps",
                                       "memoryCapacityGB",
                                       "storageBandwidthMBps",
                                       "computeUnits",
                                       "idlePowerW",
                                       "maxPowerW"})
            {
                NS_TEST_ASSERT_MSG_EQ(d.sources.count(figure),
                                      1,
                                      name << " gives a source for " << figure);
            }
            NS_TEST_ASSERT_MSG_EQ(d.SupportsPrecision(Precision::FP32), true, name << " fp32");
        }
        Ptr<ModelCatalog> models = ModelCatalog::LoadFile(ModelCatalog::GetDefaultPath());
        for (const char* name : {"alexnet",
                                 "vgg16",
                                 "resnet18",
                                 "resnet50",
                                 "mobilenet-v2",
                                 "mobilenet-v3-large",
                                 "inception-v3",
                                 "efficientnet-b0",
                                 "yolov5s",
                                 "yolov8n",
                                 "yolov3-tiny",
                                 "ssd-mobilenet-v1",
                                 "bert-base",
                                 "bert-large"})
        {
            NS_TEST_ASSERT_MSG_EQ(models->Has(name), true, "model " << name);
        }
    }
};

/**
 * \ingroup r3d-tests
 * Every shipped device, under every runtime it offers, at every precision
 * that runtime runs there, predicts a finite positive latency for every
 * shipped model, with at least one kernel and no more kernels than layers.
 */
class EveryPredictionTestCase : public TestCase
{
  public:
    EveryPredictionTestCase()
        : TestCase("every device x runtime x precision x model predicts a latency")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DeviceCatalog> devices = DeviceCatalog::LoadFile(DeviceCatalog::GetDefaultPath());
        Ptr<ModelCatalog> models = ModelCatalog::LoadFile(ModelCatalog::GetDefaultPath());
        std::size_t predictions = 0;
        for (const std::string& d : devices->GetNames())
        {
            const DeviceProfile& device = devices->Get(d);
            for (const std::string& runtime : device.GetRuntimeNames())
            {
                for (Precision p : AllPrecisions())
                {
                    if (!device.SupportsRuntime(runtime, p))
                    {
                        continue;
                    }
                    RooflineModel roofline(device, p, runtime);
                    for (const std::string& m : models->GetNames())
                    {
                        ModelEstimate e = roofline.EstimateModel(models->Get(m));
                        NS_TEST_ASSERT_MSG_EQ((std::isfinite(e.latency) && e.latency > 0),
                                              true,
                                              d << " " << runtime << " " << PrecisionToString(p)
                                                << " " << m << ": " << e.latency);
                        NS_TEST_ASSERT_MSG_EQ(
                            (e.kernels >= 1 && e.kernels <= models->Get(m).layers.size()),
                            true,
                            d << " " << runtime << " " << m << " kernels");
                        ++predictions;
                    }
                }
            }
            for (const auto& [p, peak] : device.peakFlops)
            {
                NS_TEST_ASSERT_MSG_EQ(device.SupportsRuntime("", p),
                                      true,
                                      d << ": the default runtime runs " << PrecisionToString(p));
            }
        }
        NS_TEST_ASSERT_MSG_GT(predictions, 25 * 14, "predictions made");
    }
};

/**
 * \ingroup r3d-tests
 * The writer and the reader agree: the shipped catalog written back (every
 * device's efficiencies in its own entry, then the same with the class
 * tables set) loads to the same profiles, figures to the writer's 10
 * significant digits and efficiencies to its 4.
 */
class CatalogRoundTripTestCase : public TestCase
{
  public:
    CatalogRoundTripTestCase()
        : TestCase("device catalog writer round trip")
    {
    }

  private:
    void Compare(const DeviceProfile& a, const DeviceProfile& b)
    {
        auto close = [](double x, double y, int digits) {
            return std::abs(x - y) <= std::abs(x) * std::pow(10.0, 1 - digits);
        };
        NS_TEST_ASSERT_MSG_EQ(a.deviceClass, b.deviceClass, a.name);
        NS_TEST_ASSERT_MSG_EQ((a.tier == b.tier), true, a.name);
        NS_TEST_ASSERT_MSG_EQ(a.defaultRuntime, b.defaultRuntime, a.name);
        NS_TEST_ASSERT_MSG_EQ(a.peakFlops.size(), b.peakFlops.size(), a.name);
        for (const auto& [p, peak] : a.peakFlops)
        {
            NS_TEST_ASSERT_MSG_EQ(close(peak, b.peakFlops.at(p), 10), true, a.name << " peak");
        }
        for (const auto& [p, peak] : a.vectorPeakFlops)
        {
            NS_TEST_ASSERT_MSG_EQ(close(peak, b.vectorPeakFlops.at(p), 10), true, a.name);
        }
        NS_TEST_ASSERT_MSG_EQ(close(a.memoryBandwidth, b.memoryBandwidth, 10), true, a.name);
        NS_TEST_ASSERT_MSG_EQ(close(a.memoryCapacity, b.memoryCapacity, 10), true, a.name);
        NS_TEST_ASSERT_MSG_EQ(close(a.storageBandwidth, b.storageBandwidth, 10), true, a.name);
        NS_TEST_ASSERT_MSG_EQ(a.computeUnits, b.computeUnits, a.name);
        NS_TEST_ASSERT_MSG_EQ(a.computeUnitKind, b.computeUnitKind, a.name);
        NS_TEST_ASSERT_MSG_EQ(close(a.idlePower, b.idlePower, 10), true, a.name);
        NS_TEST_ASSERT_MSG_EQ(close(a.maxPower, b.maxPower, 10), true, a.name);
        NS_TEST_ASSERT_MSG_EQ(close(a.modelInitTime, b.modelInitTime, 10), true, a.name);
        NS_TEST_ASSERT_MSG_EQ((a.sources == b.sources), true, a.name << " sources");
        NS_TEST_ASSERT_MSG_EQ(a.runtimes.size(), b.runtimes.size(), a.name << " runtimes");
        for (const auto& [name, profile] : a.runtimes)
        {
            const RuntimeProfile& other = b.runtimes.at(name);
            NS_TEST_ASSERT_MSG_EQ((profile.runtime.fusion == other.runtime.fusion &&
                                   profile.runtime.overhead == other.runtime.overhead &&
                                   profile.runtime.matrixUnits == other.runtime.matrixUnits &&
                                   profile.runtime.winograd == other.runtime.winograd),
                                  true,
                                  a.name << " runtime " << name);
            for (const auto& [p, e] : profile.efficiency)
            {
                const RooflineEfficiency& f = other.efficiency.at(p);
                NS_TEST_ASSERT_MSG_EQ(
                    (close(e.compute, f.compute, 4) && close(e.depthwise, f.depthwise, 4) &&
                     close(e.memory, f.memory, 4) && close(e.layerOverhead, f.layerOverhead, 4) &&
                     close(e.winograd, f.winograd, 4) && e.fit == f.fit),
                    true,
                    a.name << " " << name << " " << PrecisionToString(p));
            }
        }
    }

    void DoRun() override
    {
        Ptr<DeviceCatalog> shipped = DeviceCatalog::LoadFile(DeviceCatalog::GetDefaultPath());
        std::vector<DeviceProfile> profiles;
        std::vector<EfficiencyClassEntry> classes;
        for (const std::string& d : shipped->GetNames())
        {
            profiles.push_back(shipped->Get(d));
            for (const auto& [runtime, profile] : profiles.back().runtimes)
            {
                for (const auto& [p, e] : profile.efficiency)
                {
                    classes.push_back({profiles.back().deviceClass, runtime, p, e});
                }
            }
        }
        // Every device carrying its own efficiencies.
        std::string own = DeviceCatalogWriter::Write("test", {}, {}, profiles);
        std::string file = r3dtest::WriteTempFile("round-trip.json", own);
        Ptr<DeviceCatalog> reread = DeviceCatalog::LoadFile(file);
        for (const DeviceProfile& d : profiles)
        {
            Compare(d, reread->Get(d.name));
        }
        // Class tables set afterwards: entries equal to the class's are no
        // longer needed in the devices, but the profiles are the same.
        std::string withClasses = DeviceCatalogWriter::Write("test", {}, classes, profiles);
        NS_TEST_ASSERT_MSG_LT(withClasses.size(), own.size(), "class tables shorten the file");
        std::string file2 = r3dtest::WriteTempFile("round-trip-classes.json", withClasses);
        reread = DeviceCatalog::LoadFile(file2);
        for (const DeviceProfile& d : profiles)
        {
            Compare(d, reread->Get(d.name));
        }
        // SetEfficiencyClasses changes one entry and keeps the rest.
        EfficiencyClassEntry changed = classes.front();
        changed.efficiency.compute = 0.123;
        changed.efficiency.fit = "changed";
        std::string file3 = r3dtest::WriteTempFile(
            "round-trip-set.json",
            DeviceCatalogWriter::SetEfficiencyClasses(withClasses, file2, {changed}));
        reread = DeviceCatalog::LoadFile(file3);
        for (const DeviceProfile& d : profiles)
        {
            const DeviceProfile& r = reread->Get(d.name);
            bool inClass = d.deviceClass == changed.deviceClass &&
                           r.runtimes.count(changed.runtime) > 0 &&
                           r.runtimes.at(changed.runtime).efficiency.count(changed.precision) > 0;
            if (inClass)
            {
                NS_TEST_ASSERT_MSG_EQ(
                    r.runtimes.at(changed.runtime).efficiency.at(changed.precision).fit,
                    "changed",
                    d.name << " takes the changed class entry");
            }
            else
            {
                Compare(d, r);
            }
        }
        for (const std::string& f : {file, file2, file3})
        {
            std::remove(f.c_str());
        }
    }
};

/**
 * \ingroup r3d-tests
 * One bad input: loading (or looking up) must raise a CatalogError whose
 * message names the file, the entry and the field.
 */
/**
 * The set-up time of a model load: the class's modelInitialization entry, a
 * device's own modelInitS over it, 0 without either.
 */
class ModelInitTestCase : public TestCase
{
  public:
    ModelInitTestCase()
        : TestCase("modelInitialization per class, modelInitS per device, 0 without")
    {
    }

  private:
    void DoRun() override
    {
        const std::string table =
            CLASSES + R"(, "modelInitialization": {"c": {"seconds": 0.75, "source": "s"}})";
        std::string own = GOOD_DEVICE;
        own.replace(own.find("\"dev-a\""), 7, "\"dev-b\"");
        own.replace(own.find("\"maxPowerW\": 5"), 14, "\"maxPowerW\": 5, \"modelInitS\": 2");
        const std::string path = r3dtest::WriteTempFile("r3d-model-init.json",
                                                        DeviceFile(GOOD_DEVICE + "," + own, table));
        Ptr<DeviceCatalog> c = DeviceCatalog::LoadFile(path);
        NS_TEST_ASSERT_MSG_EQ(c->Get("dev-a").modelInitTime, 0.75, "the class's figure");
        NS_TEST_ASSERT_MSG_EQ(c->Get("dev-b").modelInitTime, 2.0, "the device's own");
        const std::string bare =
            r3dtest::WriteTempFile("r3d-model-init-bare.json", DeviceFile(GOOD_DEVICE));
        NS_TEST_ASSERT_MSG_EQ(DeviceCatalog::LoadFile(bare)->Get("dev-a").modelInitTime,
                              0.0,
                              "no table: read time only");
    }
};

class CatalogErrorTestCase : public TestCase
{
  public:
    /**
     * \param label what is wrong, for the test's name
     * \param action loads or looks up; must throw
     * \param entry the entry the message must name ("" if none)
     * \param field the field the message must name ("" if none)
     * \param problem a fragment of the problem's description
     */
    CatalogErrorTestCase(const std::string& label,
                         std::function<void(const std::string&)> action,
                         const std::string& contents,
                         const std::string& entry,
                         const std::string& field,
                         const std::string& problem)
        : TestCase("error: " + label),
          m_label(label),
          m_action(std::move(action)),
          m_contents(contents),
          m_entry(entry),
          m_field(field),
          m_problem(problem)
    {
    }

  private:
    void DoRun() override
    {
        std::string file = r3dtest::WriteTempFile(GetName().substr(7) + ".json", m_contents);
        std::string message;
        try
        {
            m_action(file);
        }
        catch (const CatalogError& e)
        {
            message = e.what();
        }
        NS_TEST_ASSERT_MSG_NE(message, "", m_label << ": no CatalogError raised");
        NS_TEST_ASSERT_MSG_EQ(message.rfind(file, 0),
                              0,
                              "message starts with the file: " << message);
        if (!m_entry.empty())
        {
            NS_TEST_ASSERT_MSG_NE(message.find("entry '" + m_entry + "'"),
                                  std::string::npos,
                                  "message names entry " << m_entry << ": " << message);
        }
        if (!m_field.empty())
        {
            NS_TEST_ASSERT_MSG_NE(message.find("field '" + m_field + "'"),
                                  std::string::npos,
                                  "message names field " << m_field << ": " << message);
        }
        NS_TEST_ASSERT_MSG_NE(message.find(m_problem),
                              std::string::npos,
                              "message says '" << m_problem << "': " << message);
        std::remove(file.c_str());
    }

    std::string m_label;                              //!< what is wrong
    std::function<void(const std::string&)> m_action; //!< what must throw
    std::string m_contents;                           //!< file contents
    std::string m_entry;                              //!< expected entry
    std::string m_field;                              //!< expected field
    std::string m_problem;                            //!< expected problem fragment
};

/**
 * \ingroup r3d-tests
 * Catalog loading and validation.
 */
class CatalogTestSuite : public TestSuite
{
  public:
    CatalogTestSuite()
        : TestSuite("r3d-catalog", UNIT)
    {
        AddTestCase(new ShippedCatalogTestCase, TestCase::QUICK);
        AddTestCase(new EveryPredictionTestCase, TestCase::QUICK);
        AddTestCase(new CatalogRoundTripTestCase, TestCase::QUICK);
        AddTestCase(new ModelInitTestCase, TestCase::QUICK);

        auto loadDevices = [](const std::string& f) { DeviceCatalog::LoadFile(f); };
        auto loadModels = [](const std::string& f) { ModelCatalog::LoadFile(f); };
        auto add = [this](const std::string& label,
                          std::function<void(const std::string&)> action,
                          const std::string& contents,
                          const std::string& entry,
                          const std::string& field,
                          const std::string& problem) {
            AddTestCase(new CatalogErrorTestCase(label, action, contents, entry, field, problem),
                        TestCase::QUICK);
        };

        // Devices.
        add(
            "missing file",
            [](const std::string& f) { DeviceCatalog::LoadFile(f + ".does-not-exist"); },
            "",
            "",
            "",
            "cannot open");
        add("malformed device JSON", loadDevices, "{\"devices\": [", "", "", "malformed JSON");
        // A number beyond a double's range is the parser's out_of_range
        // error, not a parse_error (found by fuzz/device-catalog-fuzzer.cc).
        add("device number beyond a double",
            loadDevices,
            DeviceFile(DeviceWith("\"maxPowerW\": 5", "\"maxPowerW\": 1e320")),
            "",
            "",
            "number overflow parsing '1e320'");
        add("negative set-up time",
            loadDevices,
            DeviceFile(GOOD_DEVICE,
                       CLASSES +
                           R"(, "modelInitialization": {"c": {"seconds": -1, "source": "s"}})"),
            "modelInitialization.c",
            "seconds",
            "negative");
        add("set-up time without source",
            loadDevices,
            DeviceFile(GOOD_DEVICE, CLASSES + R"(, "modelInitialization": {"c": {"seconds": 1}})"),
            "modelInitialization.c",
            "source",
            "missing");
        add("device set-up time not a number",
            loadDevices,
            DeviceFile(DeviceWith("\"maxPowerW\": 5", "\"maxPowerW\": 5, \"modelInitS\": \"1\"")),
            "dev-a",
            "modelInitS",
            "expected a number");
        add("missing field",
            loadDevices,
            DeviceFile(DeviceWith("\"memoryBandwidthGBps\": 10,", "")),
            "dev-a",
            "memoryBandwidthGBps",
            "missing");
        add("negative field",
            loadDevices,
            DeviceFile(DeviceWith("\"maxPowerW\": 5", "\"maxPowerW\": -5")),
            "dev-a",
            "maxPowerW",
            "negative");
        add("zero field",
            loadDevices,
            DeviceFile(DeviceWith("\"memoryCapacityGB\": 1", "\"memoryCapacityGB\": 0")),
            "dev-a",
            "memoryCapacityGB",
            "greater than zero");
        add("string for number",
            loadDevices,
            DeviceFile(DeviceWith("\"computeUnits\": 4", "\"computeUnits\": \"4\"")),
            "dev-a",
            "computeUnits",
            "expected a number");
        add("unknown precision",
            loadDevices,
            DeviceFile(DeviceWith("{\"fp32\": 100}", "{\"fp32\": 100, \"bf16\": 50}")),
            "dev-a",
            "peakGflops.bf16",
            "unknown precision");
        add("negative peak",
            loadDevices,
            DeviceFile(DeviceWith("{\"fp32\": 100}", "{\"fp32\": -100}")),
            "dev-a",
            "peakGflops.fp32",
            "negative");
        add("unknown tier",
            loadDevices,
            DeviceFile(DeviceWith("\"tier\": \"edge\"", "\"tier\": \"fog\"")),
            "dev-a",
            "tier",
            "unknown tier");
        add("duplicate device",
            loadDevices,
            DeviceFile(GOOD_DEVICE + "," + GOOD_DEVICE),
            "dev-a",
            "name",
            "duplicate device name");
        add("misspelt field",
            loadDevices,
            DeviceFile(DeviceWith("\"idlePowerW\"", "\"idlePowerWatts\"")),
            "dev-a",
            "idlePowerWatts",
            "unknown field");
        add("idle above max",
            loadDevices,
            DeviceFile(DeviceWith("\"idlePowerW\": 1", "\"idlePowerW\": 9")),
            "dev-a",
            "idlePowerW",
            "greater than maxPowerW");
        add("no efficiency for a precision",
            loadDevices,
            DeviceFile(DeviceWith("{\"fp32\": 100}", "{\"fp32\": 100, \"fp16\": 200}")),
            "dev-a",
            "class",
            "no efficiency parameters for fp16");
        add("unknown efficiency precision",
            loadDevices,
            DeviceFile(GOOD_DEVICE,
                       R"("efficiencyClasses": {"c": {"fp64": {"compute": 1, "depthwise": 1,
                          "memory": 1, "layerOverheadUs": 0}}})"),
            "efficiencyClasses.c",
            "fp64",
            "unknown precision");
        add("memory efficiency above 1",
            loadDevices,
            DeviceFile(GOOD_DEVICE,
                       R"("efficiencyClasses": {"c": {"fp32": {"compute": 1, "depthwise": 1,
                          "memory": 1.5, "layerOverheadUs": 0}}})"),
            "efficiencyClasses.c",
            "fp32.memory",
            "cannot exceed 1");
        add("unknown runtime fusion",
            loadDevices,
            DeviceFile(GOOD_DEVICE, RuntimeClassesWith("\"epilogue\"", "\"graph\"")),
            "runtimes.rt",
            "fusion",
            "unknown fusion");
        add("unknown kernel overhead mode",
            loadDevices,
            DeviceFile(GOOD_DEVICE, RuntimeClassesWith("\"minimum\"", "\"max\"")),
            "runtimes.rt",
            "kernelOverhead",
            "unknown mode");
        add("class runtime not defined",
            loadDevices,
            DeviceFile(GOOD_DEVICE,
                       RuntimeClassesWith("{\"rt\": {\"fp32\"", "{\"tvm\": {\"fp32\"")),
            "efficiencyClasses.c",
            "tvm",
            "runtime not defined");
        add("default runtime without parameters",
            loadDevices,
            DeviceFile(DeviceWith("\"tier\": \"edge\"",
                                  "\"tier\": \"edge\", \"defaultRuntime\": \"other\""),
                       RUNTIME_CLASSES),
            "dev-a",
            "defaultRuntime",
            "'other' has no efficiency parameters");
        add("vector peak above peak",
            loadDevices,
            DeviceFile(DeviceWith("{\"fp32\": 100}",
                                  "{\"fp32\": 100}, \"vectorPeakGflops\": {\"fp32\": 200}"),
                       RUNTIME_CLASSES),
            "dev-a",
            "vectorPeakGflops.fp32",
            "no higher");
        add("kernel overhead missing",
            loadDevices,
            DeviceFile(GOOD_DEVICE, RuntimeClassesWith(", \"kernelOverheadUs\": 10", "")),
            "efficiencyClasses.c",
            "rt.fp32.kernelOverheadUs",
            "missing");
        add(
            "unknown device asked for",
            [](const std::string& f) { DeviceCatalog::LoadFile(f)->Get("dev-b"); },
            DeviceFile(GOOD_DEVICE),
            "dev-b",
            "",
            "unknown device");

        // Models.
        add("malformed model JSON", loadModels, "{\"models\": [{]}", "", "", "malformed JSON");
        add("model number beyond a double",
            loadModels,
            "{\"models\": [{\"name\": \"m\", \"inputBytes\": 2e308}]}",
            "",
            "",
            "number overflow parsing '2e308'");
        add("layer missing flops",
            loadModels,
            ModelFile(R"({"name": "l0", "kind": "conv", "weightBytes": 40, "inputBytes": 400,
                         "outputBytes": 400})"),
            "m-a",
            "layers[0].flops",
            "missing");
        add("layer negative bytes",
            loadModels,
            ModelFile(R"({"name": "l0", "kind": "conv", "flops": 1000, "weightBytes": -40,
                         "inputBytes": 400, "outputBytes": 400})"),
            "m-a",
            "layers[0].weightBytes",
            "negative");
        add("unknown layer kind",
            loadModels,
            ModelFile(R"({"name": "l0", "kind": "lstm", "flops": 1000, "weightBytes": 40,
                         "inputBytes": 400, "outputBytes": 400})"),
            "m-a",
            "layers[0].kind",
            "unknown layer kind");
        add("duplicate model",
            loadModels,
            R"({"models": [)" + ModelEntry(GOOD_LAYER) + "," + ModelEntry(GOOD_LAYER) + "]}",
            "m-a",
            "name",
            "duplicate model name");
        add("no layers", loadModels, ModelFile(""), "m-a", "layers", "non-empty");
        add("unknown layer fusion",
            loadModels,
            ModelFile(LayerWith("eltwise", R"("fusion": "merged", "fusionSavedBytes": 0)")),
            "m-a",
            "layers[0].fusion",
            "unknown fusion");
        add("epilogue of nothing",
            loadModels,
            ModelFile(
                LayerWith("eltwise",
                          R"("fusion": "epilogue", "fusedInto": "l-1", "fusionSavedBytes": 400)")),
            "m-a",
            "layers[0].fusedInto",
            "just before it");
        add("fusion saves more than moved",
            loadModels,
            ModelFile(LayerWith("concat", R"("fusion": "elided", "fusionSavedBytes": 900)")),
            "m-a",
            "layers[0].fusionSavedBytes",
            "more than the layer moves");
        add("winograd hint on a pool",
            loadModels,
            ModelFile(LayerWith("pool", R"("winograd": true)")),
            "m-a",
            "layers[0].winograd",
            "only conv layers");
        add(
            "unknown model asked for",
            [](const std::string& f) { ModelCatalog::LoadFile(f)->Get("resnet-1000"); },
            ModelFile(GOOD_LAYER),
            "resnet-1000",
            "",
            "unknown model");
    }
};

/// The suite's instance.
static CatalogTestSuite g_catalogTestSuite;
