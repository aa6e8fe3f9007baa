/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Catalog loading: the shipped catalogs load and hold what the module
// promises; every kind of bad input raises a CatalogError that names the
// file, the entry and the field.

#include "r3d-test-util.h"

#include "ns3/abort.h"
#include "ns3/catalog-error.h"
#include "ns3/device-catalog.h"
#include "ns3/model-catalog.h"
#include "ns3/test.h"

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
        for (const char* name : {"raspberry-pi-4",
                                 "jetson-nano",
                                 "jetson-tx2",
                                 "jetson-xavier-nx",
                                 "jetson-agx-xavier",
                                 "jetson-agx-orin",
                                 "jetson-orin-nx",
                                 "jetson-orin-nano",
                                 "edge-cpu",
                                 "t4",
                                 "v100",
                                 "a100"})
        {
            NS_TEST_ASSERT_MSG_EQ(devices->Has(name), true, "device " << name);
            const DeviceProfile& d = devices->Get(name);
            for (const char* figure : {"peakGflops",
                                       "memoryBandwidthGBps",
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
 * One bad input: loading (or looking up) must raise a CatalogError whose
 * message names the file, the entry and the field.
 */
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
        add(
            "unknown device asked for",
            [](const std::string& f) { DeviceCatalog::LoadFile(f)->Get("dev-b"); },
            DeviceFile(GOOD_DEVICE),
            "dev-b",
            "",
            "unknown device");

        // Models.
        add("malformed model JSON", loadModels, "{\"models\": [{]}", "", "", "malformed JSON");
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
