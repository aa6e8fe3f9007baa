/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "device-catalog.h"

#include "catalog-json.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeviceCatalog");

namespace
{

using r3d::EntryReader;

// Units of the catalog's fields, to SI.
constexpr double GIGA = 1e9;
constexpr double MEGA = 1e6;
constexpr double MICRO = 1e-6;

/// Efficiency tables of one class (or one device): runtime -> precision -> parameters.
using EfficiencyTables = std::map<std::string, std::map<Precision, RooflineEfficiency>>;

/// Name of the runtime a table without runtime level (the format before
/// runtimes) belongs to.
const std::string&
LegacyName()
{
    return LegacyRuntime().name;
}

/**
 * Read a {precision: {compute, depthwise, memory, kernelOverheadUs, winograd,
 * fit}} table.
 */
std::map<Precision, RooflineEfficiency>
ReadPrecisionTable(const EntryReader& table, const nlohmann::json& object)
{
    std::map<Precision, RooflineEfficiency> result;
    for (auto it = object.begin(); it != object.end(); ++it)
    {
        Precision p;
        if (!PrecisionFromString(it.key(), p))
        {
            table.Fail(it.key(), "unknown precision (expected fp32, fp16 or int8)");
        }
        EntryReader r = table.Nested(it.key());
        r.RejectUnknown({"compute",
                         "depthwise",
                         "memory",
                         "kernelOverheadUs",
                         "layerOverheadUs",
                         "winograd",
                         "fit"});
        RooflineEfficiency e;
        e.compute = r.Number("compute");
        e.depthwise = r.Number("depthwise");
        e.memory = r.Number("memory");
        if (r.Has("kernelOverheadUs") == r.Has("layerOverheadUs"))
        {
            r.Fail("kernelOverheadUs",
                   r.Has("kernelOverheadUs") ? "given twice (also as layerOverheadUs)" : "missing");
        }
        e.layerOverhead =
            r.Number(r.Has("kernelOverheadUs") ? "kernelOverheadUs" : "layerOverheadUs", true) *
            MICRO;
        e.winograd = r.Has("winograd") ? r.Number("winograd") : 1.0;
        e.fit = r.Has("fit") ? r.String("fit") : "";
        if (e.memory > 1.0)
        {
            r.Fail("memory", "a fraction of the DRAM bandwidth cannot exceed 1");
        }
        result[p] = e;
    }
    return result;
}

/**
 * Read a class's (or a device's) efficiency tables: {runtime: {precision:
 * …}}, or, in the format before runtimes, {precision: …} (the legacy
 * runtime).
 */
EfficiencyTables
ReadEfficiencyTables(const EntryReader& table, const nlohmann::json& object)
{
    // Legacy: the values are parameter sets, not tables per precision.
    if (!object.empty() && object.begin().value().is_object() &&
        object.begin().value().contains("compute"))
    {
        return {{LegacyName(), ReadPrecisionTable(table, object)}};
    }
    EfficiencyTables result;
    for (auto it = object.begin(); it != object.end(); ++it)
    {
        result[it.key()] = ReadPrecisionTable(table.Nested(it.key()), table.Object(it.key()));
    }
    return result;
}

/// Read the runtimes section: {name: {description, fusion, matrixUnits, …}}.
std::map<std::string, InferenceRuntime>
ReadRuntimes(const std::string& file, const nlohmann::json& object)
{
    std::map<std::string, InferenceRuntime> result;
    for (auto it = object.begin(); it != object.end(); ++it)
    {
        EntryReader r(file, "runtimes." + it.key(), it.value());
        r.RejectUnknown(
            {"description", "fusion", "matrixUnits", "winograd", "kernelOverhead", "source"});
        InferenceRuntime rt;
        rt.name = it.key();
        rt.description = r.String("description");
        if (!KernelFusionFromString(r.String("fusion"), rt.fusion))
        {
            r.Fail("fusion",
                   "unknown fusion '" + r.String("fusion") + "' (expected none or epilogue)");
        }
        rt.matrixUnits = r.Boolean("matrixUnits");
        rt.winograd = r.Boolean("winograd");
        if (!KernelOverheadModeFromString(r.String("kernelOverhead"), rt.overhead))
        {
            r.Fail("kernelOverhead",
                   "unknown mode '" + r.String("kernelOverhead") +
                       "' (expected additive or minimum)");
        }
        rt.source = r.String("source");
        result[rt.name] = rt;
    }
    return result;
}

/// Read a {precision: GFLOP/s} table into FLOP/s.
std::map<Precision, double>
ReadPeaks(const EntryReader& r, const std::string& field)
{
    const nlohmann::json& peaks = r.Object(field);
    EntryReader peakReader = r.Nested(field);
    std::map<Precision, double> result;
    for (auto it = peaks.begin(); it != peaks.end(); ++it)
    {
        Precision p;
        if (!PrecisionFromString(it.key(), p))
        {
            peakReader.Fail(it.key(), "unknown precision (expected fp32, fp16 or int8)");
        }
        result[p] = peakReader.Number(it.key()) * GIGA;
    }
    return result;
}

DeviceProfile
ReadDevice(const std::string& file,
           const std::string& entry,
           const nlohmann::json& object,
           const std::map<std::string, EfficiencyTables>& classes,
           const std::map<std::string, InferenceRuntime>& runtimes,
           const std::map<std::string, double>& modelInit)
{
    EntryReader r(file, entry, object);
    r.RejectUnknown({"name",
                     "class",
                     "tier",
                     "peakGflops",
                     "vectorPeakGflops",
                     "defaultRuntime",
                     "memoryBandwidthGBps",
                     "memoryCapacityGB",
                     "storageBandwidthMBps",
                     "computeUnits",
                     "computeUnitKind",
                     "idlePowerW",
                     "maxPowerW",
                     "modelInitS",
                     "efficiency",
                     "sources"});
    DeviceProfile d;
    d.name = r.String("name");
    d.deviceClass = r.String("class");
    if (!TierFromString(r.String("tier"), d.tier))
    {
        r.Fail("tier", "unknown tier '" + r.String("tier") + "' (expected end, edge or cloud)");
    }
    d.peakFlops = ReadPeaks(r, "peakGflops");
    if (d.peakFlops.empty())
    {
        r.Fail("peakGflops", "lists no precision");
    }
    if (r.Has("vectorPeakGflops"))
    {
        d.vectorPeakFlops = ReadPeaks(r, "vectorPeakGflops");
        for (const auto& [p, peak] : d.vectorPeakFlops)
        {
            if (d.peakFlops.count(p) == 0 || peak > d.peakFlops.at(p))
            {
                r.Nested("vectorPeakGflops")
                    .Fail(PrecisionToString(p),
                          "must be a precision of peakGflops, with a peak no higher");
            }
        }
    }
    d.memoryBandwidth = r.Number("memoryBandwidthGBps") * GIGA;
    d.memoryCapacity = r.Number("memoryCapacityGB") * GIGA;
    d.storageBandwidth = r.Number("storageBandwidthMBps") * MEGA;
    double units = r.Number("computeUnits");
    if (units != static_cast<uint32_t>(units))
    {
        r.Fail("computeUnits", "must be a whole number");
    }
    d.computeUnits = static_cast<uint32_t>(units);
    d.computeUnitKind = r.String("computeUnitKind");
    if (d.computeUnitKind != "cores" && d.computeUnitKind != "sms")
    {
        r.Fail("computeUnitKind", "expected \"cores\" or \"sms\"");
    }
    auto init = modelInit.find(d.deviceClass);
    d.modelInitTime = r.Has("modelInitS")       ? r.Number("modelInitS", true)
                      : init != modelInit.end() ? init->second
                                                : 0.0;
    d.idlePower = r.Number("idlePowerW", true);
    d.maxPower = r.Number("maxPowerW");
    if (d.idlePower > d.maxPower)
    {
        r.Fail("idlePowerW", "greater than maxPowerW");
    }

    // Efficiency: the class's tables, overridden per runtime and precision
    // by the entry's.
    EfficiencyTables tables;
    auto cls = classes.find(d.deviceClass);
    if (cls != classes.end())
    {
        tables = cls->second;
    }
    if (r.Has("efficiency"))
    {
        for (const auto& [runtime, table] :
             ReadEfficiencyTables(r.Nested("efficiency"), r.Object("efficiency")))
        {
            for (const auto& [p, e] : table)
            {
                tables[runtime][p] = e;
            }
        }
    }
    if (tables.empty())
    {
        r.Fail("class",
               "no efficiency parameters: class '" + d.deviceClass +
                   "' is not in efficiencyClasses and the entry has no 'efficiency' of its own");
    }
    if (r.Has("defaultRuntime"))
    {
        d.defaultRuntime = r.String("defaultRuntime");
    }
    else if (tables.size() == 1)
    {
        d.defaultRuntime = tables.begin()->first;
    }
    else
    {
        r.Fail("defaultRuntime", "missing (the device has several runtimes)");
    }
    if (tables.count(d.defaultRuntime) == 0)
    {
        r.Fail("defaultRuntime",
               "'" + d.defaultRuntime + "' has no efficiency parameters for class '" +
                   d.deviceClass + "'");
    }
    for (const auto& [name, table] : tables)
    {
        RuntimeProfile profile;
        auto definition = runtimes.find(name);
        if (definition != runtimes.end())
        {
            profile.runtime = definition->second;
        }
        else if (name == LegacyName())
        {
            profile.runtime = LegacyRuntime();
        }
        else
        {
            r.Fail(name == d.defaultRuntime ? "defaultRuntime" : "class",
                   "runtime '" + name + "' is not defined in the file's runtimes");
        }
        for (const auto& [p, e] : table)
        {
            if (d.SupportsPrecision(p))
            {
                profile.efficiency[p] = e;
            }
        }
        if (!profile.efficiency.empty())
        {
            d.runtimes[name] = profile;
        }
    }
    d.efficiency = d.runtimes[d.defaultRuntime].efficiency;
    for (const auto& [p, peak] : d.peakFlops)
    {
        if (d.efficiency.count(p) == 0)
        {
            r.Fail("class",
                   "no efficiency parameters for " + PrecisionToString(p) + " under runtime '" +
                       d.defaultRuntime + "': class '" + d.deviceClass +
                       "' is not in efficiencyClasses for that runtime and precision and the "
                       "entry has no 'efficiency' of its own");
        }
    }
    if (r.Has("sources"))
    {
        const nlohmann::json& sources = r.Object("sources");
        for (auto it = sources.begin(); it != sources.end(); ++it)
        {
            if (!it.value().is_string())
            {
                r.Fail("sources." + it.key(), "expected a string");
            }
            d.sources[it.key()] = it.value().get<std::string>();
        }
    }
    return d;
}

} // namespace

DeviceCatalog::DeviceCatalog()
    : NamedCatalog<DeviceProfile>("device")
{
}

Ptr<DeviceCatalog>
DeviceCatalog::LoadFile(const std::string& path)
{
    NS_LOG_FUNCTION(path);
    nlohmann::json doc = r3d::ParseJsonFile(path);
    EntryReader top(path, "", doc);
    top.RejectUnknown(
        {"schema", "runtimes", "efficiencyClasses", "modelInitialization", "devices"});

    std::map<std::string, InferenceRuntime> runtimes;
    if (top.Has("runtimes"))
    {
        runtimes = ReadRuntimes(path, top.Object("runtimes"));
    }
    std::map<std::string, EfficiencyTables> classes;
    if (top.Has("efficiencyClasses"))
    {
        const nlohmann::json& table = top.Object("efficiencyClasses");
        for (auto it = table.begin(); it != table.end(); ++it)
        {
            EntryReader entry(path, "efficiencyClasses." + it.key(), it.value());
            classes[it.key()] = ReadEfficiencyTables(entry, it.value());
            for (const auto& [runtime, table] : classes[it.key()])
            {
                if (runtimes.count(runtime) == 0 && runtime != LegacyName())
                {
                    entry.Fail(runtime, "runtime not defined in the file's runtimes");
                }
            }
        }
    }

    // Fixed set-up time of a model load, per device class.
    std::map<std::string, double> modelInit;
    if (top.Has("modelInitialization"))
    {
        const nlohmann::json& table = top.Object("modelInitialization");
        for (auto it = table.begin(); it != table.end(); ++it)
        {
            EntryReader entry(path, "modelInitialization." + it.key(), it.value());
            entry.RejectUnknown({"seconds", "source"});
            modelInit[it.key()] = entry.Number("seconds", true);
            entry.String("source");
        }
    }

    Ptr<DeviceCatalog> catalog = Create<DeviceCatalog>();
    catalog->m_file = path;
    catalog->m_runtimes = runtimes;
    const nlohmann::json& devices = top.Array("devices");
    for (std::size_t i = 0; i < devices.size(); ++i)
    {
        DeviceProfile d = ReadDevice(path,
                                     r3d::EntryName(devices, "devices", i),
                                     devices[i],
                                     classes,
                                     runtimes,
                                     modelInit);
        NS_LOG_DEBUG("loaded device " << d.name);
        catalog->Add(std::move(d));
    }
    return catalog;
}

Ptr<DeviceCatalog>
DeviceCatalog::LoadCached(const std::string& path)
{
    return LoadCatalogOnce<DeviceCatalog>(path);
}

std::string
DeviceCatalog::GetDefaultPath()
{
    return r3d::DataFilePath("devices.json");
}

const std::map<std::string, InferenceRuntime>&
DeviceCatalog::GetRuntimes() const
{
    return m_runtimes;
}

const InferenceRuntime&
DeviceCatalog::GetRuntime(const std::string& name) const
{
    auto it = m_runtimes.find(name);
    if (it != m_runtimes.end())
    {
        return it->second;
    }
    if (name == LegacyName())
    {
        return LegacyRuntime();
    }
    std::string known;
    for (const auto& [n, r] : m_runtimes)
    {
        known += (known.empty() ? "" : ", ") + n;
    }
    throw CatalogError(m_file,
                       "runtimes",
                       name,
                       "unknown runtime (the catalog defines: " + known + ")");
}

} // namespace ns3
