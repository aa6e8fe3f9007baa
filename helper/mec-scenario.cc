/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-scenario.h"

#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/demand-profile.h"
#include "ns3/deployment-controller.h"
#include "ns3/device-catalog.h"
#include "ns3/double.h"
#include "ns3/global-value.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/inference-workload.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/option-values.h"
#include "ns3/pointer.h"
#include "ns3/positions-file.h"
#include "ns3/r3d-policy.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/show-progress.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <type_traits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MecScenario");

namespace
{

double
SteadyNow()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

MecScenario::MecScenario() = default;

MecScenarioParameters&
MecScenario::Parameters()
{
    return m_params;
}

const MecScenarioParameters&
MecScenario::Parameters() const
{
    return m_params;
}

CatalogHelper&
MecScenario::Catalogs()
{
    return m_catalogs;
}

void
MecScenario::AddCommandLineOptions(CommandLine& cmd)
{
    MecScenarioParameters& p = m_params;
    // The scheduler that drops cancelled events (see PurgingMapScheduler),
    // as a default of ns-3's own SchedulerType, so --SchedulerType=... (any
    // ns-3 scheduler) still overrides it.
    GlobalValue::Bind("SchedulerType", StringValue("ns3::PurgingMapScheduler"));
    // Counts through CountOption: ns-3 would read "-1" as 4294967295.
    cmd.AddValue("nDevices",
                 "IoT devices (Wi-Fi stations, device i at site i % nEdges unless --positionsFile "
                 "places it)",
                 r3d::CountOption("nDevices", p.nDevices),
                 std::to_string(p.nDevices));
    cmd.AddValue("nEdges",
                 "edge sites (an edge server with a Wi-Fi AP each)",
                 r3d::CountOption("nEdges", p.nEdges),
                 std::to_string(p.nEdges));
    r3d::AddValue(cmd, "simTime", "simulated seconds", p.simTime);
    r3d::AddValue(cmd,
                  "warmup",
                  "seconds at the start left out of the statistics: requests generated, "
                  "energy, deployments and cost intervals before it (-1: 20 % of --simTime, "
                  "at most --simTime - --controlInterval)",
                  p.warmup);
    r3d::AddValue(cmd,
                  "rate",
                  "requests per second per device, all models together (split by --zipf)",
                  p.rate);
    r3d::AddValue(cmd,
                  "zipf",
                  "Zipf exponent S of the models' popularity: the model of rank r gets r^-S / "
                  "sum_k k^-S of a device's requests (0: uniform)",
                  p.zipf);
    r3d::AddValue(cmd,
                  "shiftInterval",
                  "seconds between two random re-rankings of the models' popularity (0: never)",
                  p.shiftInterval);
    r3d::AddValue(cmd,
                  "popularityScope",
                  "who shares one popularity ranking: device (each its own), site (the devices "
                  "of one edge site) or global",
                  p.popularityScope);
    r3d::AddValue(cmd,
                  "rateProfile",
                  "rate over time, mean --rate: constant, sine:PERIOD_S:DEPTH (diurnal) or "
                  "onoff:ON_S:OFF_S (bursts at rate x (ON+OFF)/ON)",
                  p.rateProfile);
    r3d::AddValue(cmd,
                  "memoryEnd",
                  "memory for models on each IoT device: bytes with a unit (1GB, 512MiB) or a "
                  "share of what the scenario's models take in memory there (0.25); device: "
                  "the device catalog's memoryCapacityGB",
                  p.memoryEnd);
    r3d::AddValue(cmd,
                  "memoryEdge",
                  "memory for models on each edge server (as --memoryEnd)",
                  p.memoryEdge);
    r3d::AddValue(cmd,
                  "memoryCloud",
                  "memory for models on the cloud (as --memoryEnd)",
                  p.memoryCloud);
    r3d::AddValue(cmd,
                  "models",
                  "models and deadlines: name[:deadlineMs],... (default deadline 100 ms)",
                  p.models);
    r3d::AddValue(cmd,
                  "policy",
                  "deployment policy: " + DeploymentControllerHelper::GetPolicyNames(),
                  p.policy);
    r3d::AddValue(cmd, "staticFile", "deployment file for --policy=static", p.staticFile);
    r3d::AddValue(
        cmd,
        "checkpoint",
        "agent checkpoint for --policy=r3d (default: the shipped one, data/r3d-default.pt)",
        p.checkpoint);
    r3d::AddValue(cmd,
                  "allocator",
                  "engine allocator: " + InferenceEngineHelper::GetAllocatorNames(),
                  p.allocator);
    r3d::AddValue(cmd,
                  "controlInterval",
                  "seconds between two controller decisions",
                  p.controlInterval);
    r3d::AddValue(cmd, "reportInterval", "seconds between two status reports", p.reportInterval);
    r3d::AddValue(cmd,
                  "timeout",
                  "seconds after which a client drops an unanswered request",
                  p.timeout);
    r3d::AddValue(cmd, "arrival", "poisson, periodic or trace", p.arrival);
    r3d::AddValue(cmd,
                  "traceFile",
                  "arrivals for --arrival=trace (CSV time_s,model[,node])",
                  p.traceFile);
    r3d::AddValue(cmd, "endDevice", "device catalog name of the IoT devices", p.endDevice);
    r3d::AddValue(cmd, "edgeDevice", "device catalog name of the edge servers", p.edgeDevice);
    r3d::AddValue(cmd, "cloudDevice", "device catalog name of the cloud server", p.cloudDevice);
    r3d::AddValue(cmd,
                  "endRuntime",
                  "inference runtime of the IoT devices (empty: the device's default; "
                  "r3d-roofline --runtimes lists them)",
                  p.endRuntime);
    r3d::AddValue(cmd,
                  "edgeRuntime",
                  "inference runtime of the edge servers (empty: the device's default)",
                  p.edgeRuntime);
    r3d::AddValue(cmd,
                  "cloudRuntime",
                  "inference runtime of the cloud server (empty: the device's default)",
                  p.cloudRuntime);
    r3d::AddValue(cmd, "wifiStandard", "802.11n, 802.11ac or 802.11ax", p.wifiStandard);
    r3d::AddValue(cmd, "mobility", "static or random-walk", p.mobility);
    r3d::AddValue(cmd,
                  "positionsFile",
                  "CSV of node positions: header node,x_m,y_m (metres) or node,lat,lon (WGS84 "
                  "degrees), then rows device-<i>, edge-<k> (cloud ignored); a listed device joins "
                  "its nearest edge (not given: edges on a line, device i at site i % nEdges)",
                  p.positionsFile);
    r3d::AddValue(cmd, "wanRate", "edge-cloud link rate", p.wanRate);
    r3d::AddValue(cmd, "wanDelay", "edge-cloud link one-way delay", p.wanDelay);
    cmd.AddValue("queueCapacity",
                 "jobs that may wait on a node's engine (0: unlimited)",
                 r3d::CountOption("queueCapacity", p.queueCapacity),
                 std::to_string(p.queueCapacity));
    r3d::AddValue(cmd,
                  "maxRequests",
                  "refuse a run expected to generate more requests than this (rate x devices x "
                  "simTime, at the rate profile's peak); raise it for long or heavy runs",
                  p.maxRequests);
    r3d::AddValue(cmd,
                  "controller",
                  "node running the controller: edge-<k> or cloud",
                  p.controller);
    r3d::AddValue(cmd,
                  "priorRate",
                  "goodput (Mb/s) the controller assumes on a path no client has measured or "
                  "reported a Wi-Fi rate for (DeploymentController::DefaultPathRate)",
                  p.priorRate);
    r3d::AddValue(cmd,
                  "preDeploy",
                  "start from the policy's initial deployment, already loaded",
                  p.preDeploy);
    r3d::AddValue(cmd,
                  "requestPayload",
                  "what a request carries: encoded (a JPEG at the model's input resolution for "
                  "vision models, measured by generator/measure-encoded-inputs.py) or raw (the "
                  "input tensor)",
                  p.requestPayload);
    r3d::AddValue(cmd,
                  "failEdgeAt",
                  "take edge-0 down at this time, s (negative: never)",
                  p.failEdgeAt);
    r3d::AddValue(cmd,
                  "failWanAt",
                  "take edge-0's WAN link down at this time, s (negative: never)",
                  p.failWanAt);
    r3d::AddValue(cmd,
                  "faults",
                  "faults file: CSV time_s,action,target; actions down, up, loss=RATE, away, "
                  "back; targets device-I, edge-K, cloud, controller, wan-K, backhaul-A-B (see "
                  "the doc, 'Faults')",
                  p.faultsFile);
    m_catalogs.AddCommandLineOptions(cmd);
}

void
MecScenario::Validate(bool probePolicy)
{
    const MecScenarioParameters& p = m_params;
    m_validated = false;
    auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
    // What Build sets from the options above: a user's --ns3:: default for
    // it would be overridden, so it is refused (issue: never silently).
    r3d::RefuseOwnedAttributeDefaults({
        {"ns3::InferenceClient", "Rate", "--rate"},
        {"ns3::InferenceClient", "ZipfExponent", "--zipf"},
        {"ns3::InferenceClient", "ShiftInterval", "--shiftInterval"},
        {"ns3::InferenceClient", "RateProfile", "--rateProfile"},
        {"ns3::InferenceClient", "Arrival", "--arrival"},
        {"ns3::InferenceClient", "TraceFile", "--traceFile"},
        {"ns3::InferenceClient", "RequestTimeout", "--timeout"},
        {"ns3::InferenceClient", "ReportInterval", "--reportInterval"},
        {"ns3::InferenceClient", "EncodedRequests", "--requestPayload"},
        {"ns3::InferenceClient", "ModelsFile", "--models-file"},
        {"ns3::MecServer", "ReportInterval", "--reportInterval"},
        {"ns3::MecServer", "ModelMemory", "--memoryEnd, --memoryEdge and --memoryCloud"},
        {"ns3::MecServer", "ModelMemoryShare", "--memoryEnd, --memoryEdge and --memoryCloud"},
        {"ns3::MecServer", "ModelsFile", "--models-file"},
        {"ns3::DeploymentController", "ControlInterval", "--controlInterval"},
        {"ns3::DeploymentController", "EncodedRequests", "--requestPayload"},
        {"ns3::DeploymentController", "PreDeploy", "--preDeploy"},
        {"ns3::DeploymentController", "PriorWanRtt", "--wanDelay"},
        {"ns3::DeploymentController", "DefaultPathRate", "--priorRate"},
        {"ns3::DeploymentController", "ModelsFile", "--models-file"},
        {"ns3::DeploymentController", "DevicesFile", "--devices-file"},
        {"ns3::InferenceEngine", "QueueCapacity", "--queueCapacity"},
        {"ns3::InferenceEngine", "Runtime", "--endRuntime, --edgeRuntime and --cloudRuntime"},
        {"ns3::InferenceEngine", "DevicesFile", "--devices-file"},
        {"ns3::InferenceEngine", "ModelsFile", "--models-file"},
        {"ns3::StaticPolicy", "File", "--staticFile"},
        {"ns3::R3dPolicy", "Checkpoint", "--checkpoint"},
        // Every node's source holds 1e9 J (ComputeEnergyModelHelper): energy
        // is accounted, never limited; the scenario models no battery.
        {"ns3::BasicEnergySource",
         "BasicEnergySourceInitialEnergyJ",
         "",
         "the scenario models no battery: each node's source holds 1e9 J, so energy is "
         "accounted, never limited"},
        {"ns3::StaWifiMac",
         "MaxMissedBeacons",
         "",
         "MecTopologyHelper sets every station's MaxMissedBeacons from its Attribute of the "
         "same name (default 30); give --ns3::MecTopologyHelper::MaxMissedBeacons instead"},
    });
    for (const char* attribute : {"NDevices",
                                  "NEdges",
                                  "EndDevice",
                                  "EdgeDevice",
                                  "CloudDevice",
                                  "EndRuntime",
                                  "EdgeRuntime",
                                  "CloudRuntime",
                                  "DevicesFile",
                                  "ModelsFile",
                                  "WifiStandard",
                                  "Mobility",
                                  "PositionsFile",
                                  "WanRate",
                                  "WanDelay",
                                  "Allocator",
                                  "QueueCapacity"})
    {
        // Each such Attribute has the option of the same name (lower camel case).
        std::string option = attribute;
        option[0] = static_cast<char>(std::tolower(option[0]));
        option = option == "devicesFile"  ? "devices-file"
                 : option == "modelsFile" ? "models-file"
                                          : option;
        r3d::RefuseOwnedAttributeDefaults({{"ns3::MecTopologyHelper", attribute, "--" + option}});
    }
    if (p.nDevices == 0 || p.nEdges == 0)
    {
        fail("--nDevices and --nEdges must be at least 1");
    }
    if (p.nEdges > 256)
    {
        // Site k's Wi-Fi subnet is 10.k.0.0/16 (MecTopologyHelper).
        fail("--nEdges must be at most 256 (got " + std::to_string(p.nEdges) + ")");
    }
    // Each option named on its own, with the value given (NaN fails too).
    for (const auto& [name, value] : {std::pair<const char*, double>{"--simTime", p.simTime},
                                      {"--controlInterval", p.controlInterval},
                                      {"--reportInterval", p.reportInterval},
                                      {"--timeout", p.timeout},
                                      {"--priorRate", p.priorRate}})
    {
        if (!(value > 0))
        {
            std::ostringstream what;
            what << name << " must be positive (got " << value << ")";
            fail(what.str());
        }
    }
    if (!(p.rate >= 0) || !std::isfinite(p.rate))
    {
        std::ostringstream what;
        what << "--rate must be a finite number, 0 or more (got " << p.rate << ")";
        fail(what.str());
    }
    if (p.simTime < p.controlInterval)
    {
        // The cost is counted per control interval: a run needs one.
        std::ostringstream what;
        what << "--simTime must be at least --controlInterval = " << p.controlInterval
             << " s, so that a control interval fits in the run (got " << p.simTime << ")";
        fail(what.str());
    }
    // -1 (the default): a fifth of the run, leaving a control interval.
    m_warmup = p.warmup == -1
                   ? std::max(0.0, std::min(0.2 * p.simTime, p.simTime - p.controlInterval))
                   : p.warmup;
    if (!(m_warmup >= 0) || !(m_warmup <= p.simTime - p.controlInterval))
    {
        // At least one control interval must start after the warm-up, or
        // the run would have no cost to report.
        std::ostringstream what;
        what << "--warmup must be from 0 to --simTime - --controlInterval = "
             << p.simTime - p.controlInterval << " s, so that a control interval follows it (got "
             << p.warmup << "; -1 for 20 % of --simTime)";
        fail(what.str());
    }
    if (!(p.zipf >= 0) || !std::isfinite(p.zipf))
    {
        std::ostringstream what;
        what << "--zipf must be a finite number, 0 or more (got " << p.zipf << ")";
        fail(what.str());
    }
    if (!(p.shiftInterval == 0 || p.shiftInterval >= 1e-3))
    {
        // Below 1 ms a shift per client per millisecond swamps the run (and
        // below ns-3's 1 ns resolution it would silently mean never).
        std::ostringstream what;
        what << "--shiftInterval must be 0 (never) or at least 0.001 s (got " << p.shiftInterval
             << ")";
        fail(what.str());
    }
    if (p.popularityScope != "device" && p.popularityScope != "site" &&
        p.popularityScope != "global")
    {
        fail("--popularityScope: unknown '" + p.popularityScope +
             "' (expected device, site or global)");
    }
    try
    {
        RateProfile::Parse(p.rateProfile);
    }
    catch (const std::invalid_argument& e)
    {
        fail(std::string("--rateProfile: ") + e.what());
    }
    if (!(p.maxRequests > 0))
    {
        std::ostringstream what;
        what << "--maxRequests must be positive (got " << p.maxRequests << ")";
        fail(what.str());
    }
    // Every time option within what ns-3's Time holds (it aborts beyond).
    for (const auto& [name, value] : {std::pair<const char*, double>{"--simTime", p.simTime},
                                      {"--controlInterval", p.controlInterval},
                                      {"--reportInterval", p.reportInterval},
                                      {"--timeout", p.timeout},
                                      {"--warmup", p.warmup},
                                      {"--shiftInterval", p.shiftInterval},
                                      {"--failEdgeAt", p.failEdgeAt},
                                      {"--failWanAt", p.failWanAt}})
    {
        if (std::isnan(value) || value > r3d::kMaxOptionSeconds)
        {
            std::ostringstream what;
            what << name << " must be at most " << r3d::kMaxOptionSeconds << " s (got " << value
                 << ")";
            fail(what.str());
        }
    }
    double wanBps = 0;
    if (!r3d::ParseBitRate(p.wanRate, wanBps) || !(wanBps > 0))
    {
        fail("--wanRate: '" + p.wanRate +
             "' is not a positive data rate (a number and a unit such as 1Gbps, 100Mb/s, "
             "10MB/s)");
    }
    double wanDelay = 0;
    if (!r3d::ParseTimeSeconds(p.wanDelay, wanDelay) || !(wanDelay >= 0) ||
        wanDelay > r3d::kMaxOptionSeconds)
    {
        fail("--wanDelay: '" + p.wanDelay +
             "' is not a time from 0 to 1e9 s (a number and a unit such as 20ms, 0.5s)");
    }
    if (p.requestPayload != "encoded" && p.requestPayload != "raw")
    {
        fail("--requestPayload: unknown '" + p.requestPayload + "' (expected encoded or raw)");
    }
    if (p.wifiStandard != "802.11n" && p.wifiStandard != "802.11ac" && p.wifiStandard != "802.11ax")
    {
        fail("--wifiStandard: unknown '" + p.wifiStandard +
             "' (expected 802.11n, 802.11ac or 802.11ax)");
    }
    if (p.mobility != "static" && p.mobility != "random-walk")
    {
        fail("--mobility: unknown '" + p.mobility + "' (expected static or random-walk)");
    }
    if (!p.positionsFile.empty())
    {
        try
        {
            ReadPositionsFile(p.positionsFile, p.nDevices, p.nEdges);
        }
        catch (const std::invalid_argument& e)
        {
            fail(std::string("--positionsFile: ") + e.what());
        }
    }
    m_faults.clear();
    if (!p.faultsFile.empty())
    {
        try
        {
            m_faults = ReadFaultsFile(p.faultsFile, p.nDevices, p.nEdges);
        }
        catch (const std::invalid_argument& e)
        {
            fail(std::string("--faults: ") + e.what());
        }
    }
    if (p.arrival != "poisson" && p.arrival != "periodic" && p.arrival != "trace")
    {
        fail("--arrival: unknown '" + p.arrival + "' (expected poisson, periodic or trace)");
    }
    if (p.arrival != "trace" && !p.traceFile.empty())
    {
        fail("--traceFile is for --arrival=trace (the arrival is '" + p.arrival + "')");
    }
    if (p.arrival == "trace" && p.traceFile.empty())
    {
        fail("--arrival=trace needs --traceFile");
    }
    // Unknown names answered with the option the user typed.
    try
    {
        DeploymentControllerHelper::ResolvePolicy(p.policy);
    }
    catch (const std::invalid_argument& e)
    {
        fail(std::string("--policy: ") + e.what());
    }
    try
    {
        InferenceEngineHelper::ResolveAllocator(p.allocator);
    }
    catch (const std::invalid_argument& e)
    {
        fail(std::string("--allocator: ") + e.what());
    }
    if (p.policy == "static" && p.staticFile.empty())
    {
        fail("--policy=static needs --staticFile");
    }
    if (!p.checkpoint.empty() && p.policy != "r3d")
    {
        fail("--checkpoint is for --policy=r3d (the policy is '" + p.policy + "')");
    }
    std::vector<WorkloadModel> workload;
    try
    {
        workload = InferenceWorkload::ParseModels(p.models, MilliSeconds(100));
    }
    catch (const std::invalid_argument& e)
    {
        fail(std::string("--models: ") + e.what());
    }
    for (const auto& m : workload)
    {
        m_catalogs.GetModels()->Get(m.name); // a clear error for an unknown model
    }
    m_modelNames = InferenceWorkload::Names(workload);
    if (p.arrival == "trace")
    {
        std::vector<std::string> devices;
        for (uint32_t i = 0; i < p.nDevices; ++i)
        {
            devices.push_back("device-" + std::to_string(i));
        }
        std::size_t rows = 0;
        try
        {
            InferenceWorkload::LoadTrace(p.traceFile, m_modelNames, "", devices, &rows);
        }
        catch (const std::invalid_argument& e)
        {
            fail(std::string("--traceFile: ") + e.what());
        }
        if (rows == 0)
        {
            fail("--traceFile: " + p.traceFile +
                 ": no arrival (only a header, comments or blank lines): the run would "
                 "generate no request");
        }
    }
    else
    {
        // A run that would not end in reasonable time is refused, not started.
        // Arrivals are drawn at the profile's peak rate, then thinned.
        const double peak = RateProfile::Parse(p.rateProfile).MaxFactor();
        double expected = p.rate * peak * p.nDevices * p.simTime;
        if (expected > p.maxRequests)
        {
            std::ostringstream what;
            what << "--rate=" << p.rate << " would generate about " << expected
                 << " requests (rate x " << p.nDevices << " devices x " << p.simTime << " s"
                 << (peak > 1 ? " x the --rateProfile's peak factor" : "")
                 << "), more than --maxRequests=" << p.maxRequests
                 << "; lower the load or raise --maxRequests";
            fail(what.str());
        }
        const double shifts = p.shiftInterval > 0 ? p.simTime / p.shiftInterval * p.nDevices : 0;
        if (shifts > p.maxRequests)
        {
            std::ostringstream what;
            what << "--shiftInterval=" << p.shiftInterval << " would re-rank about " << shifts
                 << " times (simTime / shiftInterval x " << p.nDevices
                 << " devices), more than --maxRequests=" << p.maxRequests
                 << "; lengthen the interval or raise --maxRequests";
            fail(what.str());
        }
    }
    m_devicesFile = m_catalogs.GetDevices()->GetFile();
    m_modelsFile = m_catalogs.GetModels()->GetFile();
    // Each tier's device, and its runtime among those the device offers.
    Ptr<DeviceCatalog> devices = m_catalogs.GetDevices();
    auto join = [](const std::vector<std::string>& names) {
        std::string list;
        for (const std::string& n : names)
        {
            list += (list.empty() ? "" : ", ") + n;
        }
        return list;
    };
    auto offers = [&devices](const std::string& device, const std::string& runtime) {
        std::vector<std::string> r = devices->Get(device).GetRuntimeNames();
        return std::find(r.begin(), r.end(), runtime) != r.end();
    };
    for (const auto& [deviceOption, device, runtimeOption, runtime] :
         {std::make_tuple("--endDevice", p.endDevice, "--endRuntime", p.endRuntime),
          std::make_tuple("--edgeDevice", p.edgeDevice, "--edgeRuntime", p.edgeRuntime),
          std::make_tuple("--cloudDevice", p.cloudDevice, "--cloudRuntime", p.cloudRuntime)})
    {
        if (!devices->Has(device))
        {
            fail(std::string(deviceOption) + ": '" + device + "' is not in the device catalog " +
                 m_devicesFile + " (it has: " + join(devices->GetNames()) + ")");
        }
        if (!runtime.empty() && !offers(device, runtime))
        {
            // Where that runtime does run (CPU runtimes are on the catalog's
            // CPU devices, e.g. jetson-nano-cpu, not on the GPU entries).
            std::vector<std::string> hosts;
            for (const std::string& n : devices->GetNames())
            {
                if (offers(n, runtime))
                {
                    hosts.push_back(n);
                }
            }
            std::string elsewhere = join(hosts);
            fail(std::string(runtimeOption) + ": device '" + device + "' does not offer '" +
                 runtime + "' (it has: " + join(devices->Get(device).GetRuntimeNames()) + ")" +
                 (elsewhere.empty()
                      ? std::string("; no device of the catalog offers it")
                      : "; '" + runtime + "' runs on: " + elsewhere + " (choose one with --" +
                            std::string(deviceOption).substr(2) + ")"));
        }
    }
    // Memory for models per tier: a unit, or a share of the zoo.
    for (const auto& [option, value, device] :
         {std::make_tuple("--memoryEnd", p.memoryEnd, p.endDevice),
          std::make_tuple("--memoryEdge", p.memoryEdge, p.edgeDevice),
          std::make_tuple("--memoryCloud", p.memoryCloud, p.cloudDevice)})
    {
        if (value.empty() || value == "device")
        {
            continue; // the device catalog's memoryCapacityGB
        }
        double bytes = 0;
        double share = 0;
        if (!r3d::ParseMemoryAmount(value, bytes, share))
        {
            fail(std::string(option) + ": '" + value +
                 "' is neither bytes with a unit (1GB, 512MB, 2GiB) nor a share of the "
                 "models' memory in (0, 1] (0.25)");
        }
        const double capacity = devices->Get(device).memoryCapacity;
        if (share == 0 && bytes < 1)
        {
            fail(std::string(option) + "=" + value + " is less than one byte");
        }
        if (bytes > capacity)
        {
            std::ostringstream what;
            what << option << "=" << value << " is more than device '" << device << "' has for "
                 << "models: " << capacity / 1e9 << " GB (memoryCapacityGB in " << m_devicesFile
                 << ")";
            fail(what.str());
        }
    }
    bool controllerKnown = p.controller == "cloud";
    for (uint32_t k = 0; k < p.nEdges; ++k)
    {
        controllerKnown = controllerKnown || p.controller == "edge-" + std::to_string(k);
    }
    if (!controllerKnown)
    {
        fail("--controller: '" + p.controller + "' is not an edge or the cloud (edge-0..edge-" +
             std::to_string(p.nEdges - 1) + ", cloud)");
    }
    m_validated = true; // what Build needs is in place; the policy probe follows
    if (!probePolicy)
    {
        return;
    }
    // A policy that cannot be created (unknown name, bad file, checkpoint that
    // cannot be loaded) fails here, before any simulation.
    Ptr<DeploymentPolicy> probe = DeploymentControllerHelper::CreatePolicy(p.policy);
    if (p.policy == "static")
    {
        probe->SetAttribute("File", StringValue(p.staticFile));
    }
    if (p.policy == "r3d")
    {
        probe->SetAttribute("Checkpoint", StringValue(p.checkpoint));
    }
    try
    {
        probe->CheckConfiguration();
    }
    catch (const std::invalid_argument& e)
    {
        fail(std::string(p.policy == "r3d" ? "--checkpoint: " : "--policy: ") + e.what());
    }
    if (p.policy != "static" && !p.staticFile.empty())
    {
        // Sweeps give one file to every policy: read and checked whatever
        // the policy, used by static only.
        Ptr<DeploymentPolicy> staticProbe = DeploymentControllerHelper::CreatePolicy("static");
        try
        {
            staticProbe->SetAttribute("File", StringValue(p.staticFile));
            staticProbe->CheckConfiguration();
        }
        catch (const std::invalid_argument& e)
        {
            fail(std::string("--staticFile: ") + e.what());
        }
    }
}

std::vector<std::string>
MecScenario::GetModelNames() const
{
    return m_modelNames;
}

void
MecScenario::Build(Ptr<DeploymentPolicy> policy)
{
    NS_LOG_FUNCTION(this);
    const MecScenarioParameters& p = m_params;
    if (!m_validated)
    {
        // It resolves the warm-up and reads the faults file Build uses.
        throw std::logic_error("MecScenario::Build: call Validate first");
    }
    m_buildWall = SteadyNow();

    // Network, engines, energy.
    m_topologyHelper = CreateObject<MecTopologyHelper>();
    m_topologyHelper->SetAttribute("NDevices", UintegerValue(p.nDevices));
    m_topologyHelper->SetAttribute("NEdges", UintegerValue(p.nEdges));
    m_topologyHelper->SetAttribute("EndDevice", StringValue(p.endDevice));
    m_topologyHelper->SetAttribute("EdgeDevice", StringValue(p.edgeDevice));
    m_topologyHelper->SetAttribute("CloudDevice", StringValue(p.cloudDevice));
    m_topologyHelper->SetAttribute("EndRuntime", StringValue(p.endRuntime));
    m_topologyHelper->SetAttribute("EdgeRuntime", StringValue(p.edgeRuntime));
    m_topologyHelper->SetAttribute("CloudRuntime", StringValue(p.cloudRuntime));
    m_topologyHelper->SetAttribute("DevicesFile", StringValue(m_devicesFile));
    m_topologyHelper->SetAttribute("ModelsFile", StringValue(m_modelsFile));
    m_topologyHelper->SetAttribute("WifiStandard", StringValue(p.wifiStandard));
    m_topologyHelper->SetAttribute("Mobility", StringValue(p.mobility));
    m_topologyHelper->SetAttribute("PositionsFile", StringValue(p.positionsFile));
    m_topologyHelper->SetAttribute("WanRate", DataRateValue(DataRate(p.wanRate)));
    m_topologyHelper->SetAttribute("WanDelay", TimeValue(Time(p.wanDelay)));
    m_topologyHelper->SetAttribute("Allocator", StringValue(p.allocator));
    m_topologyHelper->SetAttribute("QueueCapacity", IntegerValue(p.queueCapacity));
    m_topology = std::make_unique<MecTopology>(m_topologyHelper->Build());
    MecTopology& topology = *m_topology;

    uint32_t controllerNode = topology.servers.GetN();
    for (uint32_t i = 0; i < topology.names.size(); ++i)
    {
        if (topology.names[i] == p.controller && topology.tier[i] != Tier::END)
        {
            controllerNode = i;
        }
    }
    NS_ABORT_MSG_IF(controllerNode == topology.servers.GetN(),
                    "MecScenario: controller " << p.controller << " not found (Validate first)");

    // Applications.
    MecApplicationHelper appHelper(p.models);
    appHelper.SetCatalogFiles(m_devicesFile, m_modelsFile);
    appHelper.SetControllerNode(controllerNode);
    appHelper.Servers().SetAttribute("ReportInterval", TimeValue(Seconds(p.reportInterval)));
    appHelper.Clients().SetAttribute("Rate", DoubleValue(p.rate));
    appHelper.Clients().SetAttribute("ZipfExponent", DoubleValue(p.zipf));
    appHelper.Clients().SetAttribute("ShiftInterval", TimeValue(Seconds(p.shiftInterval)));
    appHelper.Clients().SetAttribute("RateProfile", StringValue(p.rateProfile));
    for (const auto& [tier, value] : {std::make_pair(Tier::END, p.memoryEnd),
                                      std::make_pair(Tier::EDGE, p.memoryEdge),
                                      std::make_pair(Tier::CLOUD, p.memoryCloud)})
    {
        double bytes = 0;
        double share = 0;
        if (!value.empty() && value != "device" && r3d::ParseMemoryAmount(value, bytes, share))
        {
            if (share > 0)
            {
                appHelper.SetServerAttribute(tier, "ModelMemoryShare", DoubleValue(share));
            }
            else
            {
                appHelper.SetServerAttribute(tier,
                                             "ModelMemory",
                                             UintegerValue(static_cast<uint64_t>(bytes)));
            }
        }
    }
    appHelper.Clients().SetAttribute("Arrival", StringValue(p.arrival));
    appHelper.Clients().SetAttribute("TraceFile", StringValue(p.traceFile));
    appHelper.Clients().SetAttribute("RequestTimeout", TimeValue(Seconds(p.timeout)));
    appHelper.Clients().SetAttribute("ReportInterval", TimeValue(Seconds(p.reportInterval)));
    appHelper.Controller().SetPolicy(policy ? std::string("greedy") : p.policy);
    if (!policy && p.policy == "static")
    {
        appHelper.Controller().SetPolicyAttribute("File", StringValue(p.staticFile));
    }
    if (!policy && p.policy == "r3d" && !p.checkpoint.empty())
    {
        appHelper.Controller().SetPolicyAttribute("Checkpoint", StringValue(p.checkpoint));
    }
    appHelper.Controller().SetAttribute("ControlInterval", TimeValue(Seconds(p.controlInterval)));
    appHelper.Clients().SetAttribute("EncodedRequests",
                                     BooleanValue(p.requestPayload == "encoded"));
    appHelper.Controller().SetAttribute("EncodedRequests",
                                        BooleanValue(p.requestPayload == "encoded"));
    appHelper.Controller().SetAttribute("PreDeploy", BooleanValue(p.preDeploy));
    // What an operator knows of its WAN: the controller's prior round trip.
    appHelper.Controller().SetAttribute("PriorWanRtt", TimeValue(2 * Time(p.wanDelay)));
    // ... and of its access paths before any client reported.
    appHelper.Controller().SetAttribute("DefaultPathRate", DoubleValue(p.priorRate * 1e6));
    m_apps = appHelper.Install(topology);
    // Popularity groups: who draws the same rankings.
    for (uint32_t i = 0; i < m_apps.clients.GetN(); ++i)
    {
        const uint32_t group = p.popularityScope == "device" ? i
                               : p.popularityScope == "site" ? topology.siteOf[i]
                                                             : 0;
        m_apps.clients.Get(i)->SetAttribute("PopularityGroup", UintegerValue(group));
    }
    if (policy)
    {
        m_apps.controller.Get(0)->SetAttribute("Policy", PointerValue(policy));
    }

    int64_t stream = 1000;
    stream += m_topologyHelper->AssignStreams(topology, stream);
    MecApplicationHelper::AssignStreams(m_apps, stream);

    if (p.failEdgeAt >= 0)
    {
        MecApplicationHelper::ScheduleNodeDown(m_topologyHelper,
                                               topology,
                                               m_apps,
                                               topology.EdgeIndex(0),
                                               Seconds(p.failEdgeAt));
    }
    if (p.failWanAt >= 0)
    {
        m_topologyHelper->ScheduleWanDown(topology, 0, Seconds(p.failWanAt));
    }
    if (!p.faultsFile.empty())
    {
        try
        {
            MecApplicationHelper::ScheduleFaults(m_topologyHelper,
                                                 topology,
                                                 m_apps,
                                                 m_faults,
                                                 p.faultsFile);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(std::string("--faults: ") + e.what());
        }
    }

    m_atWarmup.clear();
    if (m_warmup > 0)
    {
        Simulator::Schedule(Seconds(m_warmup), [this]() {
            m_atWarmup = MecApplicationHelper::CollectNodeResults(*m_topology, m_apps);
        });
    }

    m_cost = CreateObject<DeploymentCostMonitor>();
    m_cost->Attach(m_apps.tracker,
                   DynamicCast<DeploymentController>(m_apps.controller.Get(0)),
                   topology.sources);
    // The cost charges the energy decisions can change (see DeploymentCost).
    const MecTopology* measured = m_topology.get();
    m_cost->SetEnergyMeter(Callback<double>([measured]() { return measured->GetDynamicEnergy(); }));
}

double
MecScenario::Run(bool progress)
{
    NS_LOG_FUNCTION(this << progress);
    std::unique_ptr<ShowProgress> show;
    if (progress)
    {
        show = std::make_unique<ShowProgress>(Seconds(1), std::cerr);
    }
    Simulator::Stop(Seconds(m_params.simTime));
    Simulator::Run();
    show.reset();
    m_cost->Finish();
    return SteadyNow() - m_buildWall;
}

MecResults
MecScenario::GetResults(double wallClockS) const
{
    const MecScenarioParameters& p = m_params;
    std::vector<MecNodeResult> nodes =
        MecApplicationHelper::CollectNodeResults(*m_topology, m_apps);
    if (!m_atWarmup.empty())
    {
        // What happened after the warm-up: counters less their values then,
        // utilization as the mean over (warmup, simTime].
        const double T = p.simTime;
        const double w = m_warmup;
        for (std::size_t i = 0; i < nodes.size() && i < m_atWarmup.size(); ++i)
        {
            MecNodeResult& n = nodes[i];
            const MecNodeResult& a = m_atWarmup[i];
            n.energy.compute -= a.energy.compute;
            n.energy.computeIdle -= a.energy.computeIdle;
            n.energy.loading -= a.energy.loading;
            n.energy.radio -= a.energy.radio;
            n.energy.radioIdle -= a.energy.radioIdle;
            n.energy.wired -= a.energy.wired;
            n.energy.wiredBytes -= a.energy.wiredBytes;
            n.loads -= a.loads;
            n.evictions -= a.evictions;
            n.migrations -= a.migrations;
            n.bytesMoved -= a.bytesMoved;
            n.computeUtilization = (n.computeUtilization * T - a.computeUtilization * w) / (T - w);
            n.bandwidthUtilization =
                (n.bandwidthUtilization * T - a.bandwidthUtilization * w) / (T - w);
        }
    }
    MecResults results(m_apps.tracker, m_modelNames, nodes);
    results.SetWarmup(m_warmup);
    // Numbers as JSON numbers, flags as booleans, the rest as given.
    auto param = [&results](const std::string& k, const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
        {
            results.AddParameter(k, static_cast<int64_t>(v));
        }
        else if constexpr (std::is_floating_point_v<T>)
        {
            results.AddParameter(k, static_cast<double>(v));
        }
        else
        {
            results.AddParameter(k, v);
        }
    };
    param("nDevices", p.nDevices);
    param("nEdges", p.nEdges);
    param("simTime", p.simTime);
    param("warmup", m_warmup);
    param("rate", p.rate);
    param("zipf", p.zipf);
    param("shiftInterval", p.shiftInterval);
    param("popularityScope", p.popularityScope);
    param("rateProfile", p.rateProfile);
    param("memoryEnd", p.memoryEnd);
    param("memoryEdge", p.memoryEdge);
    param("memoryCloud", p.memoryCloud);
    param("models", p.models);
    param("policy", p.policy);
    param("staticFile", p.staticFile);
    param("checkpoint", p.checkpoint);
    if (p.policy == "r3d")
    {
        const std::string difference = GetCheckpointScenario();
        param("checkpointScenario", difference.empty() ? "as trained" : difference);
    }
    param("allocator", p.allocator);
    param("controlInterval", p.controlInterval);
    param("reportInterval", p.reportInterval);
    param("timeout", p.timeout);
    param("arrival", p.arrival);
    param("traceFile", p.traceFile);
    param("endDevice", p.endDevice);
    param("edgeDevice", p.edgeDevice);
    param("cloudDevice", p.cloudDevice);
    param("endRuntime", p.endRuntime);
    param("edgeRuntime", p.edgeRuntime);
    param("cloudRuntime", p.cloudRuntime);
    param("wifiStandard", p.wifiStandard);
    param("mobility", p.mobility);
    param("positionsFile", p.positionsFile);
    param("wanRate", p.wanRate);
    param("wanDelay", p.wanDelay);
    param("controller", p.controller);
    param("priorRate", p.priorRate);
    param("queueCapacity", p.queueCapacity);
    param("maxRequests", p.maxRequests);
    param("preDeploy", p.preDeploy);
    param("requestPayload", p.requestPayload);
    param("failEdgeAt", p.failEdgeAt);
    param("failWanAt", p.failWanAt);
    param("faults", p.faultsFile);
    param("devicesFile", m_devicesFile);
    param("modelsFile", m_modelsFile);
    // ns-3 Attribute defaults the user gave (--ns3::Class::Attribute=value,
    // NS_ATTRIBUTE_DEFAULT), by their full name: two runs that differ only
    // there can be told apart.
    for (const auto& [name, text] : r3d::GetGivenAttributeDefaults())
    {
        param(name, text);
    }
    results.SetRun(RngSeedManager::GetSeed(), RngSeedManager::GetRun(), p.simTime, wallClockS);
    results.SetEvents(Simulator::GetEventCount());
    std::vector<std::pair<std::string, double>> weights;
    for (const char* name :
         {"LatencyWeight", "LatencyCap", "MissWeight", "EnergyWeight", "ChangeWeight"})
    {
        DoubleValue v;
        m_cost->GetCost()->GetAttribute(name, v);
        weights.emplace_back(name, v.Get());
    }
    results.SetCost(m_cost->GetMean(Seconds(m_warmup)),
                    m_cost->CountIntervals(Seconds(m_warmup)),
                    weights);
    return results;
}

std::string
MecScenario::GetCheckpointScenario() const
{
    Ptr<R3dPolicy> r3d = DynamicCast<R3dPolicy>(GetPolicy());
    return r3d ? r3d->GetScenarioDifference() : "";
}

Ptr<DeploymentCostMonitor>
MecScenario::GetCost() const
{
    return m_cost;
}

const MecTopology&
MecScenario::GetTopology() const
{
    return *m_topology;
}

const MecApplications&
MecScenario::GetApplications() const
{
    return m_apps;
}

Ptr<DeploymentPolicy>
MecScenario::GetPolicy() const
{
    return DynamicCast<DeploymentController>(m_apps.controller.Get(0))->GetPolicy();
}

void
MecScenario::Destroy()
{
    NS_LOG_FUNCTION(this);
    m_cost = nullptr;
    m_apps = MecApplications();
    m_topology.reset();
    m_topologyHelper = nullptr;
    Simulator::Destroy();
    Names::Clear(); // the node names outlive Simulator::Destroy; the next Build registers them
                    // again
}

} // namespace ns3
