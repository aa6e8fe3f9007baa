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

/**
 * Read a {precision: {compute, depthwise, memory, layerOverheadUs}} table.
 */
std::map<Precision, RooflineEfficiency>
ReadEfficiencyTable(const EntryReader& table, const nlohmann::json& object)
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
        r.RejectUnknown({"compute", "depthwise", "memory", "layerOverheadUs", "fit"});
        RooflineEfficiency e;
        e.compute = r.Number("compute");
        e.depthwise = r.Number("depthwise");
        e.memory = r.Number("memory");
        e.layerOverhead = r.Number("layerOverheadUs", true) * MICRO;
        if (e.memory > 1.0)
        {
            r.Fail("memory", "a fraction of the DRAM bandwidth cannot exceed 1");
        }
        result[p] = e;
    }
    return result;
}

DeviceProfile
ReadDevice(const std::string& file,
           const std::string& entry,
           const nlohmann::json& object,
           const std::map<std::string, std::map<Precision, RooflineEfficiency>>& classes)
{
    EntryReader r(file, entry, object);
    r.RejectUnknown({"name",
                     "class",
                     "tier",
                     "peakGflops",
                     "memoryBandwidthGBps",
                     "memoryCapacityGB",
                     "storageBandwidthMBps",
                     "computeUnits",
                     "computeUnitKind",
                     "idlePowerW",
                     "maxPowerW",
                     "efficiency",
                     "sources"});
    DeviceProfile d;
    d.name = r.String("name");
    d.deviceClass = r.String("class");
    if (!TierFromString(r.String("tier"), d.tier))
    {
        r.Fail("tier", "unknown tier '" + r.String("tier") + "' (expected end, edge or cloud)");
    }
    const nlohmann::json& peaks = r.Object("peakGflops");
    if (peaks.empty())
    {
        r.Fail("peakGflops", "lists no precision");
    }
    EntryReader peakReader = r.Nested("peakGflops");
    for (auto it = peaks.begin(); it != peaks.end(); ++it)
    {
        Precision p;
        if (!PrecisionFromString(it.key(), p))
        {
            peakReader.Fail(it.key(), "unknown precision (expected fp32, fp16 or int8)");
        }
        d.peakFlops[p] = peakReader.Number(it.key()) * GIGA;
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
    d.idlePower = r.Number("idlePowerW", true);
    d.maxPower = r.Number("maxPowerW");
    if (d.idlePower > d.maxPower)
    {
        r.Fail("idlePowerW", "greater than maxPowerW");
    }

    // Efficiency: the class's table, overridden per precision by the entry's.
    auto cls = classes.find(d.deviceClass);
    if (cls != classes.end())
    {
        d.efficiency = cls->second;
    }
    if (r.Has("efficiency"))
    {
        for (const auto& [p, e] :
             ReadEfficiencyTable(r.Nested("efficiency"), r.Object("efficiency")))
        {
            d.efficiency[p] = e;
        }
    }
    for (const auto& [p, peak] : d.peakFlops)
    {
        if (d.efficiency.count(p) == 0)
        {
            r.Fail("class",
                   "no efficiency parameters for " + PrecisionToString(p) + ": class '" +
                       d.deviceClass +
                       "' is not in efficiencyClasses for that precision and the entry has no "
                       "'efficiency' of its own");
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
    top.RejectUnknown({"schema", "efficiencyClasses", "devices"});

    std::map<std::string, std::map<Precision, RooflineEfficiency>> classes;
    if (top.Has("efficiencyClasses"))
    {
        const nlohmann::json& table = top.Object("efficiencyClasses");
        for (auto it = table.begin(); it != table.end(); ++it)
        {
            EntryReader entry(path, "efficiencyClasses." + it.key(), it.value());
            classes[it.key()] = ReadEfficiencyTable(entry, it.value());
        }
    }

    Ptr<DeviceCatalog> catalog = Create<DeviceCatalog>();
    catalog->m_file = path;
    const nlohmann::json& devices = top.Array("devices");
    for (std::size_t i = 0; i < devices.size(); ++i)
    {
        DeviceProfile d =
            ReadDevice(path, r3d::EntryName(devices, "devices", i), devices[i], classes);
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

} // namespace ns3
