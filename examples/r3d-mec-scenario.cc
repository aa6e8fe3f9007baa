/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// r3d-mec-scenario: the whole end-edge-cloud MEC simulation.
//
// IoT devices (Wi-Fi stations) generate DNN inference requests; edge servers
// (co-located with the Wi-Fi APs) and the cloud (behind point-to-point WAN
// links) serve them on Roofline-timed engines; a deployment controller on
// edge 0 decides, with the chosen policy, which models live where, from
// status reports that travel over the network. Writes the results JSON
// (--output), optionally one CSV row per request (--csv), and prints a
// summary table.
//
//   r3d-mec-scenario --policy=edge-only --nDevices=16 --output=run.json
//   r3d-mec-scenario --PrintAttributes=ns3::MecTopologyHelper   (all topology knobs)

#include "ns3/catalog-helper.h"
#include "ns3/core-module.h"
#include "ns3/deployment-controller.h"
#include "ns3/deployment-policy.h"
#include "ns3/inference-workload.h"
#include "ns3/mec-application-helpers.h"
#include "ns3/mec-results.h"
#include "ns3/mec-topology-helper.h"
#include "ns3/program-support.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

int
Run(int argc, char* argv[])
{
    uint32_t nDevices = 8;
    uint32_t nEdges = 2;
    double simTime = 10;
    double rate = 1;
    std::string models = "mobilenet-v2:50,resnet18:60,resnet50:100,ssd-mobilenet-v1:80";
    std::string policy = "greedy";
    std::string staticFile;
    std::string allocator = "ram";
    double controlInterval = 1;
    double reportInterval = 0.5;
    double timeout = 2;
    std::string arrival = "poisson";
    std::string traceFile;
    std::string endDevice = "jetson-nano";
    std::string edgeDevice = "jetson-agx-xavier";
    std::string cloudDevice = "v100";
    std::string wifiStandard = "802.11ac";
    std::string mobility = "static";
    std::string wanRate = "1Gbps";
    std::string wanDelay = "20ms";
    std::string controller = "edge-0";
    uint32_t queueCapacity = 32;
    bool preDeploy = true;
    double failEdgeAt = -1;
    double failWanAt = -1;
    std::string output;
    std::string csv;
    bool progress = true;
    bool quiet = false;
    CatalogHelper catalogs;

    CommandLine cmd(__FILE__);
    cmd.Usage("End-edge-cloud MEC simulation of multi-DNN inference with dynamic model "
              "deployment (see doc/r3d.rst, \"MEC scenario\").");
    cmd.AddValue("nDevices", "IoT devices (Wi-Fi stations, device i at site i % nEdges)", nDevices);
    cmd.AddValue("nEdges", "edge sites (an edge server with a Wi-Fi AP each)", nEdges);
    cmd.AddValue("simTime", "simulated seconds", simTime);
    cmd.AddValue("rate", "requests per second per device and model", rate);
    cmd.AddValue("models",
                 "models and deadlines: name[:deadlineMs],... (default deadline 100 ms)",
                 models);
    cmd.AddValue("policy", "deployment policy: " + DeploymentPolicy::GetKnownNames(), policy);
    cmd.AddValue("staticFile", "deployment file for --policy=static", staticFile);
    cmd.AddValue("allocator", "engine allocator: one-at-a-time, equal-share or ram", allocator);
    cmd.AddValue("controlInterval", "seconds between two controller decisions", controlInterval);
    cmd.AddValue("reportInterval", "seconds between two status reports", reportInterval);
    cmd.AddValue("timeout", "seconds after which a client drops an unanswered request", timeout);
    cmd.AddValue("arrival", "poisson, periodic or trace", arrival);
    cmd.AddValue("traceFile", "arrivals for --arrival=trace (CSV time_s,model[,node])", traceFile);
    cmd.AddValue("endDevice", "device catalog name of the IoT devices", endDevice);
    cmd.AddValue("edgeDevice", "device catalog name of the edge servers", edgeDevice);
    cmd.AddValue("cloudDevice", "device catalog name of the cloud server", cloudDevice);
    cmd.AddValue("wifiStandard", "802.11n, 802.11ac or 802.11ax", wifiStandard);
    cmd.AddValue("mobility", "static or random-walk", mobility);
    cmd.AddValue("wanRate", "edge-cloud link rate", wanRate);
    cmd.AddValue("wanDelay", "edge-cloud link one-way delay", wanDelay);
    cmd.AddValue("queueCapacity",
                 "jobs that may wait on a node's engine (0: unlimited)",
                 queueCapacity);
    cmd.AddValue("controller", "node running the controller: edge-<k> or cloud", controller);
    cmd.AddValue("preDeploy",
                 "start from the policy's initial deployment, already loaded",
                 preDeploy);
    cmd.AddValue("failEdgeAt", "take edge-0 down at this time, s (negative: never)", failEdgeAt);
    cmd.AddValue("failWanAt",
                 "take edge-0's WAN link down at this time, s (negative: never)",
                 failWanAt);
    catalogs.AddCommandLineOptions(cmd);
    cmd.AddValue("output", "write the results JSON here (atomically)", output);
    cmd.AddValue("csv", "write one CSV row per request here", csv);
    cmd.AddValue("progress", "show simulation progress on stderr", progress);
    cmd.AddValue("quiet", "do not print the summary table", quiet);
    cmd.Parse(argc, argv);

    auto fail = [](const std::string& what) -> int {
        std::cerr << "r3d-mec-scenario: error: " << what << "\n";
        return 1;
    };
    if (nDevices == 0 || nEdges == 0)
    {
        return fail("--nDevices and --nEdges must be at least 1");
    }
    if (!(simTime > 0) || !(rate >= 0) || !(controlInterval > 0) || !(reportInterval > 0) ||
        !(timeout > 0))
    {
        return fail("--simTime, --controlInterval, --reportInterval and --timeout must be "
                    "positive and --rate not negative");
    }
    if (arrival != "poisson" && arrival != "periodic" && arrival != "trace")
    {
        return fail("--arrival: unknown '" + arrival + "' (expected poisson, periodic or trace)");
    }
    if (arrival == "trace" && traceFile.empty())
    {
        return fail("--arrival=trace needs --traceFile");
    }
    if (policy == "static" && staticFile.empty())
    {
        return fail("--policy=static needs --staticFile");
    }
    std::vector<WorkloadModel> workload;
    try
    {
        workload = InferenceWorkload::ParseModels(models, MilliSeconds(100));
    }
    catch (const std::invalid_argument& e)
    {
        return fail(std::string("--models: ") + e.what());
    }
    for (const auto& m : workload)
    {
        catalogs.GetModels()->Get(m.name); // a clear error for an unknown model
    }
    if (arrival == "trace")
    {
        InferenceWorkload::LoadTrace(traceFile, InferenceWorkload::Names(workload), "");
    }
    const std::string devicesFile = catalogs.GetDevices()->GetFile();
    const std::string modelsFile = catalogs.GetModels()->GetFile();

    auto wallStart = std::chrono::steady_clock::now();

    Config::SetDefault("ns3::InferenceEngine::QueueCapacity", UintegerValue(queueCapacity));

    // Network, engines, energy.
    Ptr<MecTopologyHelper> topologyHelper = CreateObject<MecTopologyHelper>();
    topologyHelper->SetAttribute("NDevices", UintegerValue(nDevices));
    topologyHelper->SetAttribute("NEdges", UintegerValue(nEdges));
    topologyHelper->SetAttribute("EndDevice", StringValue(endDevice));
    topologyHelper->SetAttribute("EdgeDevice", StringValue(edgeDevice));
    topologyHelper->SetAttribute("CloudDevice", StringValue(cloudDevice));
    topologyHelper->SetAttribute("DevicesFile", StringValue(devicesFile));
    topologyHelper->SetAttribute("ModelsFile", StringValue(modelsFile));
    topologyHelper->SetAttribute("WifiStandard", StringValue(wifiStandard));
    topologyHelper->SetAttribute("Mobility", StringValue(mobility));
    topologyHelper->SetAttribute("WanRate", DataRateValue(DataRate(wanRate)));
    topologyHelper->SetAttribute("WanDelay", TimeValue(Time(wanDelay)));
    topologyHelper->SetAttribute("Allocator", StringValue(allocator));
    MecTopology topology = topologyHelper->Build();

    uint32_t controllerNode = topology.servers.GetN();
    for (uint32_t i = 0; i < topology.names.size(); ++i)
    {
        if (topology.names[i] == controller && topology.tier[i] != Tier::END)
        {
            controllerNode = i;
        }
    }
    if (controllerNode == topology.servers.GetN())
    {
        return fail("--controller: '" + controller + "' is not an edge or the cloud (edge-0.." +
                    "edge-" + std::to_string(nEdges - 1) + ", cloud)");
    }

    // Applications.
    MecApplicationHelper appHelper(models);
    appHelper.SetCatalogFiles(devicesFile, modelsFile);
    appHelper.SetControllerNode(controllerNode);
    appHelper.Servers().SetAttribute("ReportInterval", TimeValue(Seconds(reportInterval)));
    appHelper.Clients().SetAttribute("Rate", DoubleValue(rate));
    appHelper.Clients().SetAttribute("Arrival", StringValue(arrival));
    appHelper.Clients().SetAttribute("TraceFile", StringValue(traceFile));
    appHelper.Clients().SetAttribute("RequestTimeout", TimeValue(Seconds(timeout)));
    appHelper.Clients().SetAttribute("ReportInterval", TimeValue(Seconds(reportInterval)));
    appHelper.Controller().SetPolicy(policy);
    if (policy == "static")
    {
        appHelper.Controller().SetPolicyAttribute("File", StringValue(staticFile));
    }
    appHelper.Controller().SetAttribute("ControlInterval", TimeValue(Seconds(controlInterval)));
    appHelper.Controller().SetAttribute("PreDeploy", BooleanValue(preDeploy));
    // What an operator knows of its WAN: the controller's prior round trip.
    appHelper.Controller().SetAttribute("PriorWanRtt", TimeValue(2 * Time(wanDelay)));
    MecApplications apps = appHelper.Install(topology);

    int64_t stream = 1000;
    stream += topologyHelper->AssignStreams(topology, stream);
    MecApplicationHelper::AssignStreams(apps, stream);

    if (failEdgeAt >= 0)
    {
        MecApplicationHelper::ScheduleNodeDown(topologyHelper,
                                               topology,
                                               apps,
                                               topology.EdgeIndex(0),
                                               Seconds(failEdgeAt));
    }
    if (failWanAt >= 0)
    {
        topologyHelper->ScheduleWanDown(topology, 0, Seconds(failWanAt));
    }

    std::unique_ptr<ShowProgress> show;
    if (progress)
    {
        show = std::make_unique<ShowProgress>(Seconds(1), std::cerr);
    }
    Simulator::Stop(Seconds(simTime));
    Simulator::Run();
    show.reset();

    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    MecResults results(apps.tracker,
                       InferenceWorkload::Names(workload),
                       MecApplicationHelper::CollectNodeResults(topology, apps));
    auto param = [&results](const std::string& k, const auto& v) {
        std::ostringstream s;
        s << v;
        results.AddParameter(k, s.str());
    };
    param("nDevices", nDevices);
    param("nEdges", nEdges);
    param("simTime", simTime);
    param("rate", rate);
    param("models", models);
    param("policy", policy);
    param("staticFile", staticFile);
    param("allocator", allocator);
    param("controlInterval", controlInterval);
    param("reportInterval", reportInterval);
    param("timeout", timeout);
    param("arrival", arrival);
    param("traceFile", traceFile);
    param("endDevice", endDevice);
    param("edgeDevice", edgeDevice);
    param("cloudDevice", cloudDevice);
    param("wifiStandard", wifiStandard);
    param("mobility", mobility);
    param("wanRate", wanRate);
    param("wanDelay", wanDelay);
    param("controller", controller);
    param("queueCapacity", queueCapacity);
    param("preDeploy", preDeploy ? "true" : "false");
    param("failEdgeAt", failEdgeAt);
    param("failWanAt", failWanAt);
    param("devicesFile", devicesFile);
    param("modelsFile", modelsFile);
    results.SetRun(RngSeedManager::GetSeed(), RngSeedManager::GetRun(), simTime, wall);

    if (!quiet)
    {
        std::cout << "r3d-mec-scenario: " << nDevices << " devices (" << endDevice << "), "
                  << nEdges << " edges (" << edgeDevice << "), cloud (" << cloudDevice
                  << "); policy " << policy << ", allocator " << allocator << "; " << simTime
                  << " s simulated in " << std::fixed << std::setprecision(1) << wall
                  << " s (RngRun " << RngSeedManager::GetRun() << ")\n\n";
        std::cout.unsetf(std::ios::fixed);
        results.PrintSummary(std::cout);
    }
    if (!output.empty())
    {
        r3d::WriteFileAtomically(output, results.ToJson());
        std::cerr << "r3d-mec-scenario: wrote " << output << "\n";
    }
    if (!csv.empty())
    {
        r3d::WriteFileAtomically(csv, results.ToCsv());
        std::cerr << "r3d-mec-scenario: wrote " << csv << "\n";
    }
    Simulator::Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-mec-scenario", Run, argc, argv);
}
