/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_SCENARIO_H
#define R3D_MEC_SCENARIO_H

#include "catalog-helper.h"
#include "deployment-cost-monitor.h"
#include "mec-application-helpers.h"
#include "mec-results.h"
#include "mec-topology-helper.h"

#include "ns3/deployment-policy.h"

#include <cstdint>
#include <memory>
#include <string>

namespace ns3
{

class CommandLine;

/**
 * \ingroup r3d
 * \brief The parameters of the end-edge-cloud MEC scenario, with the
 *        defaults of r3d-mec-scenario (see doc/r3d.rst, "The MEC scenario").
 */
struct MecScenarioParameters
{
    uint32_t nDevices{8};    //!< IoT devices
    uint32_t nEdges{2};      //!< edge sites
    double simTime{40};      //!< simulated seconds
    double warmup{-1};       //!< s at the start left out of the statistics (-1: 20 % of simTime)
    double rate{4};          //!< requests per second per device, all models together
    double zipf{1};          //!< Zipf exponent of the models' popularity (0: uniform)
    double shiftInterval{8}; //!< s between popularity re-rankings (0: never)
    std::string popularityScope{"site"}; //!< who shares a ranking: device, site or global
    std::string rateProfile{"constant"}; //!< RateProfile spec of every client
    std::string memoryEnd{
        "0.1"}; //!< IoT devices' memory for models ("device" or "": the catalog's; "1GB"; "0.25")
    std::string memoryEdge{"0.3"}; //!< edge servers' memory for models (as memoryEnd)
    std::string memoryCloud;       //!< cloud's memory for models (as memoryEnd)
    //! served models with their deadlines: "name:deadlineMs,..." (--models)
    std::string models{"mobilenet-v2:50,resnet18:60,resnet50:100,ssd-mobilenet-v1:80,"
                       "efficientnet-b0:60,yolov5s:80,inception-v3:100,mobilenet-v3-large:50"};
    std::string policy{"lru"};      //!< DeploymentControllerHelper::SetPolicy name
    std::string staticFile;         //!< StaticPolicy file (policy "static")
    std::string checkpoint;         //!< R3dPolicy checkpoint (policy "r3d"; empty: shipped one)
    std::string allocator{"ram"};   //!< engine allocator
    double controlInterval{1};      //!< s between decisions
    double reportInterval{0.5};     //!< s between status reports
    double timeout{2};              //!< s before a client drops a request
    std::string arrival{"poisson"}; //!< poisson, periodic or trace
    std::string traceFile;          //!< arrivals for "trace"
    std::string endDevice{"jetson-nano"};        //!< IoT device catalog name
    std::string edgeDevice{"jetson-agx-xavier"}; //!< edge catalog name
    std::string cloudDevice{"v100"};             //!< cloud catalog name
    std::string endRuntime;                      //!< IoT devices' runtime ("" = default)
    std::string edgeRuntime;                     //!< edge servers' runtime ("" = default)
    std::string cloudRuntime;                    //!< cloud's runtime ("" = default)
    std::string wifiStandard{"802.11ac"};        //!< Wi-Fi standard
    std::string mobility{"static"};              //!< static or random-walk
    std::string positionsFile;                   //!< node positions CSV ("" = sites on a line)
    std::string wanRate{"1Gbps"};                //!< edge-cloud rate
    std::string wanDelay{"20ms"};                //!< edge-cloud one-way delay
    std::string controller{"edge-0"};            //!< controller node
    double priorRate{100};                 //!< Mb/s the controller assumes on unmeasured paths
    uint32_t queueCapacity{32};            //!< engine queue capacity
    bool preDeploy{false};                 //!< initial deployment in place at start (free)
    std::string requestPayload{"encoded"}; //!< "encoded" (JPEG for images) or "raw" tensors
    double failEdgeAt{-1};                 //!< edge-0 down at (s), negative: never
    double failWanAt{-1};                  //!< edge-0's WAN down at (s), negative: never
    std::string faultsFile;                //!< faults CSV (ReadFaultsFile), "" = none
    double maxRequests{1e6};               //!< refuse runs expected to generate more requests
};

/**
 * \ingroup r3d
 * \brief Builds, runs and summarizes the end-edge-cloud MEC scenario: what
 *        r3d-mec-scenario runs once and r3d-train runs once per episode.
 *
 * Usage: AddCommandLineOptions, parse, Validate; then per run Build, Run,
 * GetResults, Destroy. Each Build starts from a fresh simulation; the
 * DeploymentCost of the run (GetCost) is attached at Build.
 */
class MecScenario
{
  public:
    MecScenario();

    /** \return the parameters (set them before Validate and Build) */
    MecScenarioParameters& Parameters();
    /** \return the parameters */
    const MecScenarioParameters& Parameters() const;

    /** \return the catalogs (their command-line options are added too) */
    CatalogHelper& Catalogs();

    /**
     * \brief Add every scenario parameter and the catalog options.
     * \param cmd the command line
     */
    void AddCommandLineOptions(CommandLine& cmd);

    /**
     * \brief Check the parameters and load the catalogs.
     * \param probePolicy also create the --policy (loading its file or
     *        checkpoint) to check it; false when the caller gives Build its
     *        own policy (r3d-train: the agent being trained, whatever the
     *        shipped checkpoint holds)
     * \throws std::invalid_argument naming the option that is wrong
     */
    void Validate(bool probePolicy = true);

    /** \return the workload's model names, by model index (after Validate) */
    std::vector<std::string> GetModelNames() const;

    /**
     * \brief Build a fresh simulation: topology, applications, streams,
     *        faults, cost monitor.
     * \param policy the policy to use; null: Parameters().policy by name
     * \throws std::logic_error if Validate has not succeeded first
     */
    void Build(Ptr<DeploymentPolicy> policy = nullptr);

    /**
     * \brief Run the simulation to simTime and close the cost's last interval.
     * \param progress show ns-3's ShowProgress on stderr
     * \return wall-clock seconds from Build to the end of the run
     */
    double Run(bool progress);

    /**
     * \param wallClockS wall-clock seconds of the run
     * \return the results, with every parameter and the cost
     */
    MecResults GetResults(double wallClockS) const;

    /** \return the cost monitor of the run */
    Ptr<DeploymentCostMonitor> GetCost() const;

    /**
     * \return for --policy=r3d after Run: "" if the scenario is the one the
     *         checkpoint was trained on, else what differs (the agent runs
     *         anyway: R3dPolicy::GetScenarioDifference); "" for other policies
     */
    std::string GetCheckpointScenario() const;
    /** \return the topology of the run */
    const MecTopology& GetTopology() const;
    /** \return the applications of the run */
    const MecApplications& GetApplications() const;
    /** \return the controller's policy in the run */
    Ptr<DeploymentPolicy> GetPolicy() const;

    /** \brief End the run: Simulator::Destroy and Names::Clear. */
    void Destroy();

  private:
    MecScenarioParameters m_params;          //!< parameters
    CatalogHelper m_catalogs;                //!< catalogs
    std::string m_devicesFile;               //!< resolved device catalog
    std::string m_modelsFile;                //!< resolved model catalog
    std::vector<std::string> m_modelNames;   //!< workload models
    double m_warmup{0};                      //!< warm-up in effect, s (Validate resolves -1)
    std::vector<MecFaultEvent> m_faults;     //!< --faults, read once by Validate
    bool m_validated{false};                 //!< Validate has checked the parameters
    Ptr<MecTopologyHelper> m_topologyHelper; //!< topology helper of the run
    /// Topology of the run (held by pointer: it holds Objects by value, whose
    /// copy assignment is shallow; copy construction is safe).
    std::unique_ptr<MecTopology> m_topology;
    MecApplications m_apps;                //!< applications of the run
    Ptr<DeploymentCostMonitor> m_cost;     //!< cost of the run
    double m_buildWall{0};                 //!< steady-clock seconds at Build
    std::vector<MecNodeResult> m_atWarmup; //!< what each node measured at the warm-up's end
};

} // namespace ns3

#endif /* R3D_MEC_SCENARIO_H */
