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
// summary table with the run's cost (see DeploymentCost).
//
//   r3d-mec-scenario --policy=edge-only --nDevices=16 --output=run.json
//   r3d-mec-scenario --policy=r3d                 (the shipped trained agent)
//   r3d-mec-scenario --PrintAttributes=ns3::MecTopologyHelper   (all topology knobs)

#include "ns3/core-module.h"
#include "ns3/event-profile.h"
#include "ns3/event-profiling-scheduler.h"
#include "ns3/mec-scenario.h"
#include "ns3/option-values.h"
#include "ns3/program-support.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

int
Run(int argc, char* argv[])
{
    MecScenario scenario;
    std::string output;
    std::string csv;
    std::string eventProfile;
    bool progress = true;
    bool quiet = false;

    CommandLine cmd(__FILE__);
    cmd.Usage("End-edge-cloud MEC simulation of multi-DNN inference with dynamic model "
              "deployment (see doc/r3d.rst, \"MEC scenario\").");
    scenario.AddCommandLineOptions(cmd);
    r3d::AddValue(cmd, "output", "write the results JSON here (atomically)", output);
    r3d::AddValue(cmd, "csv", "write one CSV row per request here", csv);
    r3d::AddValue(
        cmd,
        "eventProfile",
        "count the simulator's events by kind (the class and the type of the member "
        "function each calls) and write the counts here as CSV (replaces --SchedulerType by "
        "ns3::EventProfilingScheduler)",
        eventProfile);
    r3d::AddValue(cmd, "progress", "show simulation progress on stderr", progress);
    r3d::AddValue(cmd, "quiet", "do not print the summary table", quiet);
    cmd.Parse(argc, argv);

    try
    {
        scenario.Validate();
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "r3d-mec-scenario: error: " << e.what() << "\n";
        return 1;
    }
    const MecScenarioParameters& p = scenario.Parameters();
    r3d::RequireWritable({{"--output", output}, {"--csv", csv}, {"--eventProfile", eventProfile}});

    Ptr<EventProfile> profile;
    if (!eventProfile.empty())
    {
        profile = CreateObject<EventProfile>();
        ObjectFactory scheduler("ns3::EventProfilingScheduler");
        scheduler.Set("Profile", PointerValue(profile));
        Simulator::SetScheduler(scheduler);
    }
    scenario.Build();
    const double wall = scenario.Run(progress);
    MecResults results = scenario.GetResults(wall);

    if (!quiet)
    {
        // "device" or "device, runtime" when a tier's runtime was chosen.
        auto on = [](const std::string& device, const std::string& runtime) {
            return device + (runtime.empty() ? "" : ", " + runtime);
        };
        std::cout << "r3d-mec-scenario: " << p.nDevices << " devices ("
                  << on(p.endDevice, p.endRuntime) << "), " << p.nEdges << " edges ("
                  << on(p.edgeDevice, p.edgeRuntime) << "), cloud ("
                  << on(p.cloudDevice, p.cloudRuntime) << "); policy " << p.policy << ", allocator "
                  << p.allocator << "; " << p.simTime << " s simulated in " << std::fixed
                  << std::setprecision(1) << wall << " s (RngRun " << RngSeedManager::GetRun()
                  << ")\n";
        if (!scenario.GetCheckpointScenario().empty())
        {
            std::cout << "note: the r3d checkpoint was trained on another scenario ("
                      << scenario.GetCheckpointScenario()
                      << "); it decides from the models' properties\n";
        }
        std::cout << "\n";
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
    if (profile)
    {
        // Before Destroy: Simulator::Destroy takes the events still pending
        // out of the scheduler, which would count them.
        r3d::WriteFileAtomically(eventProfile, profile->ToCsv());
        std::cerr << "r3d-mec-scenario: wrote " << eventProfile << "\n";
    }
    scenario.Destroy();
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-mec-scenario", Run, argc, argv);
}
