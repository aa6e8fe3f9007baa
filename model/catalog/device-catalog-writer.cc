/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "device-catalog-writer.h"

#include "catalog-error.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace ns3
{

namespace
{

using Json = nlohmann::ordered_json;

/// Round to a number of significant digits.
double
Round(double value, int digits)
{
    if (value == 0 || !std::isfinite(value))
    {
        return value;
    }
    double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(std::abs(value))));
    return std::round(value * scale) / scale;
}

/// A figure converted to catalog units.
double
Figure(double si, double unit)
{
    return Round(si / unit, 10);
}

Json
EfficiencyToJson(const RooflineEfficiency& e)
{
    Json j{{"compute", Round(e.compute, 4)},
           {"depthwise", Round(e.depthwise, 4)},
           {"memory", Round(e.memory, 4)},
           {"kernelOverheadUs", Round(e.layerOverhead * 1e6, 4)}};
    if (e.winograd != 1.0)
    {
        j["winograd"] = Round(e.winograd, 4);
    }
    if (!e.fit.empty())
    {
        j["fit"] = e.fit;
    }
    return j;
}

Json
RuntimeToJson(const InferenceRuntime& r)
{
    return {{"description", r.description},
            {"fusion", KernelFusionToString(r.fusion)},
            {"matrixUnits", r.matrixUnits},
            {"winograd", r.winograd},
            {"kernelOverhead", KernelOverheadModeToString(r.overhead)},
            {"source", r.source}};
}

Json
PeaksToJson(const std::map<Precision, double>& peaks)
{
    Json j = Json::object();
    for (Precision p : AllPrecisions())
    {
        auto it = peaks.find(p);
        if (it != peaks.end())
        {
            j[PrecisionToString(p)] = Figure(it->second, 1e9);
        }
    }
    return j;
}

bool
SameEfficiency(const RooflineEfficiency& a, const RooflineEfficiency& b)
{
    auto same = [](double x, double y) { return Round(x, 4) == Round(y, 4); };
    return same(a.compute, b.compute) && same(a.depthwise, b.depthwise) &&
           same(a.memory, b.memory) && same(a.layerOverhead, b.layerOverhead) &&
           same(a.winograd, b.winograd);
}

Json
DeviceToJson(const DeviceProfile& d, const std::vector<EfficiencyClassEntry>& classes)
{
    Json j{{"name", d.name}, {"class", d.deviceClass}, {"tier", TierToString(d.tier)}};
    if (!d.defaultRuntime.empty())
    {
        j["defaultRuntime"] = d.defaultRuntime;
    }
    j["peakGflops"] = PeaksToJson(d.peakFlops);
    if (!d.vectorPeakFlops.empty())
    {
        j["vectorPeakGflops"] = PeaksToJson(d.vectorPeakFlops);
    }
    j["memoryBandwidthGBps"] = Figure(d.memoryBandwidth, 1e9);
    j["memoryCapacityGB"] = Figure(d.memoryCapacity, 1e9);
    j["storageBandwidthMBps"] = Figure(d.storageBandwidth, 1e6);
    j["computeUnits"] = d.computeUnits;
    j["computeUnitKind"] = d.computeUnitKind;
    j["idlePowerW"] = Round(d.idlePower, 10);
    j["maxPowerW"] = Round(d.maxPower, 10);
    // Written per device: a generated catalog has no modelInitialization table.
    j["modelInitS"] = Round(d.modelInitTime, 10);

    // The device's own efficiencies: those its class does not give.
    std::map<std::string, std::map<Precision, RooflineEfficiency>> tables;
    if (d.runtimes.empty())
    {
        tables[LegacyRuntime().name] = d.efficiency;
    }
    for (const auto& [name, profile] : d.runtimes)
    {
        tables[name] = name == d.defaultRuntime ? d.efficiency : profile.efficiency;
    }
    Json own = Json::object();
    for (const auto& [runtime, table] : tables)
    {
        for (const auto& [p, e] : table)
        {
            bool fromClass = false;
            for (const EfficiencyClassEntry& c : classes)
            {
                fromClass = fromClass || (c.deviceClass == d.deviceClass && c.runtime == runtime &&
                                          c.precision == p && SameEfficiency(c.efficiency, e));
            }
            if (!fromClass)
            {
                own[runtime][PrecisionToString(p)] = EfficiencyToJson(e);
            }
        }
    }
    if (!own.empty())
    {
        j["efficiency"] = own;
    }
    if (!d.sources.empty())
    {
        j["sources"] = d.sources;
    }
    return j;
}

void
SetEntries(Json& classesJson, const std::vector<EfficiencyClassEntry>& classes)
{
    for (const EfficiencyClassEntry& c : classes)
    {
        classesJson[c.deviceClass][c.runtime][PrecisionToString(c.precision)] =
            EfficiencyToJson(c.efficiency);
    }
}

} // namespace

std::string
DeviceCatalogWriter::Write(const std::string& note,
                           const std::vector<InferenceRuntime>& runtimes,
                           const std::vector<EfficiencyClassEntry>& classes,
                           const std::vector<DeviceProfile>& devices)
{
    Json doc{{"schema", "r3d-devices/2"}, {"note", note}};
    std::map<std::string, InferenceRuntime> defined;
    for (const InferenceRuntime& r : runtimes)
    {
        defined[r.name] = r;
    }
    for (const DeviceProfile& d : devices)
    {
        for (const auto& [name, profile] : d.runtimes)
        {
            defined[name] = profile.runtime;
        }
    }
    defined.erase(LegacyRuntime().name);
    Json runtimesJson = Json::object();
    for (const auto& [name, r] : defined)
    {
        runtimesJson[name] = RuntimeToJson(r);
    }
    doc["runtimes"] = runtimesJson;
    Json classesJson = Json::object();
    SetEntries(classesJson, classes);
    doc["efficiencyClasses"] = classesJson;
    Json devicesJson = Json::array();
    for (const DeviceProfile& d : devices)
    {
        devicesJson.push_back(DeviceToJson(d, classes));
    }
    doc["devices"] = devicesJson;
    return doc.dump(1) + "\n";
}

std::string
DeviceCatalogWriter::SetEfficiencyClasses(const std::string& catalogText,
                                          const std::string& file,
                                          const std::vector<EfficiencyClassEntry>& classes)
{
    Json doc;
    try
    {
        doc = Json::parse(catalogText);
    }
    // Json::exception, not only parse_error: a number beyond a double's
    // range (1e400) is an out_of_range error of the parser.
    catch (const Json::exception& e)
    {
        throw CatalogError(file, "", "", std::string("malformed JSON: ") + e.what());
    }
    if (!doc.is_object())
    {
        throw CatalogError(file, "", "", "expected a JSON object");
    }
    if (!doc.contains("efficiencyClasses"))
    {
        doc["efficiencyClasses"] = Json::object();
    }
    SetEntries(doc["efficiencyClasses"], classes);
    return doc.dump(1) + "\n";
}

} // namespace ns3
