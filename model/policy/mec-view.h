/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_VIEW_H
#define R3D_MEC_VIEW_H

#include "ns3/device-profile.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief What the deployment controller knows about a server node before
 *        any report: its inventory entry (configured, not measured).
 */
struct MecNodeInfo
{
    uint32_t index{0};        //!< position in MecView::nodes (0 .. N-1)
    uint32_t nodeId{0};       //!< ns-3 Node id
    std::string name;         //!< display name, e.g. "edge-0", "device-3", "cloud"
    Tier tier{Tier::EDGE};    //!< tier
    std::string device;       //!< device catalog name
    std::string runtime;      //!< inference runtime its engine uses ("" = the device's default)
    int32_t site{-1};         //!< edge site index (end devices and edges), -1 for the cloud
    Ipv4Address address;      //!< address the node's MecServer listens on
    double memoryCapacity{0}; //!< memory for models, bytes (MecServer::GetModelMemory)
    //! bytes of memory a model holds per byte of its FP32 weights: the
    //! weights stay in memory at the precision the node runs them at (FP32 1,
    //! FP16 0.5, INT8 0.25; MecServer::GetMemoryPerWeightByte)
    double memoryPerWeightByte{1};
    double dynamicPower{0}; //!< maxPower - idlePower of its device, W (catalog)
};

/**
 * \ingroup r3d
 * \brief A model's state on a server.
 */
enum class ModelState : uint8_t
{
    ABSENT = 0,  //!< not in memory
    LOADING = 1, //!< being fetched or loaded; serves no request yet
    READY = 2    //!< in memory, serving
};

/**
 * \ingroup r3d
 * \brief The latest status report received from one server (stale by the
 *        report's age: see reportTime).
 */
struct MecNodeStatus
{
    bool reported{false};         //!< false until a first report arrived
    Time reportTime;              //!< when the report was sent (sender's clock = simulation clock)
    uint32_t queueLength{0};      //!< jobs waiting on the engine
    uint32_t runningJobs{0};      //!< jobs running on the engine
    double computeUtilization{0}; //!< mean compute share in use since the previous report
    double bandwidthUtilization{0}; //!< mean bandwidth share in use since the previous report
    double freeMemory{0};           //!< bytes not held by deployed or loading models
    std::vector<ModelState> models; //!< per model (MecView::models order)
    std::vector<double> serveRate;  //!< per model: requests received per second
    bool down{false}; //!< the node reported itself down (never set by a report: by timeout)
};

/**
 * \ingroup r3d
 * \brief Link quality seen by a client (an IoT device) in its latest report.
 */
struct MecLinkStatus
{
    bool reported{false}; //!< false until a first report arrived
    double signalDbm{
        std::numeric_limits<double>::quiet_NaN()}; //!< Wi-Fi signal from the AP (NaN: none)
    double phyRateMbps{std::numeric_limits<double>::quiet_NaN()}; //!< last Wi-Fi data rate received
    std::vector<double>
        goodputMbps;           //!< per host node index: measured request goodput (NaN: unknown)
    std::vector<double> rttMs; //!< per host node index: measured network round trip (NaN: unknown)
};

/**
 * \ingroup r3d
 * \brief One deployment change.
 */
struct DeploymentAction
{
    /// What to do.
    enum Kind : uint8_t
    {
        DEPLOY = 0, //!< load \c model on \c node (weights fetched from the nearest holder)
        EVICT = 1,  //!< free \c model's memory on \c node
        MIGRATE = 2 //!< move \c model from \c source to \c node (fetched from \c source, which
                    //!< evicts it when \c node is ready)
    };

    Kind kind{DEPLOY};  //!< kind
    uint32_t node{0};   //!< target node index
    uint32_t model{0};  //!< model index
    uint32_t source{0}; //!< MIGRATE only: node index the model leaves

    /**
     * \param other another action
     * \return true if both are the same change
     */
    bool operator==(const DeploymentAction& other) const
    {
        return kind == other.kind && node == other.node && model == other.model &&
               source == other.source;
    }
};

/**
 * \ingroup r3d
 * \brief The deployment controller's view of the system at a decision:
 *        inventory, the latest reports (stale), demand and estimates.
 *
 * Indices: nodes 0..N-1 are server nodes (MecNodeInfo::index), models 0..M-1
 * the scenario's models, origins 0..D-1 the clients (IoT devices).
 */
struct MecView
{
    Time now;                          //!< decision time
    std::vector<MecNodeInfo> nodes;    //!< inventory, by node index
    std::vector<MecNodeStatus> status; //!< latest report, by node index
    std::vector<std::string> models;   //!< model names, by model index
    std::vector<double> weightBytes;   //!< per model: FP32 weight bytes (stored and transferred)
    std::vector<double> inputBytes;    //!< per model: request size on the wire
    std::vector<double> resultBytes;   //!< per model: result size on the wire
    std::vector<double> deadline;      //!< per model: deadline, s
    std::vector<uint32_t> origins;     //!< per origin: its node index (the IoT device's own server)
    /// [origin][model]: requests per second (latest client reports)
    std::vector<std::vector<double>> demand;
    /// [origin][model]: requests generated since the previous decision, as
    /// reported so far (client reports carry their counts since their
    /// previous report; the controller sums them and restarts after each
    /// decision). Empty in views built by hand: policies treat it as unknown.
    std::vector<std::vector<double>> recentRequests;
    std::vector<MecLinkStatus> links; //!< per origin: latest link report
    /// [node][model]: Roofline estimate of one inference alone, s
    std::vector<std::vector<double>> computeTime;
    double defaultPathRate{0}; //!< bit/s assumed for a path never measured
    double defaultPathRtt{0};  //!< s assumed for a path never measured
    /// [origin][host]: round trip assumed for a path never measured, s
    /// (empty: defaultPathRtt); the controller fills it from the topology.
    std::vector<std::vector<double>> pathRttPrior;
    /// If > 0: an unmeasured path's goodput is this share of the Wi-Fi data
    /// rate the origin reported (defaultPathRate when it reported none).
    double wifiGoodputShare{0};

    /**
     * \brief Models resident on a node as far as the controller knows:
     *        READY or LOADING in the latest report, with the controller's own
     *        commands sent since then applied.
     * \param node node index
     * \param model model index
     * \return true if held or being loaded
     */
    bool IsHeld(uint32_t node, uint32_t model) const
    {
        return node < status.size() && status[node].models.size() > model &&
               status[node].models[model] != ModelState::ABSENT;
    }

    /**
     * \brief Estimated network time of one request of \p model from \p origin
     *        to \p host and back: input and result over the measured goodput
     *        (defaultPathRate when unmeasured) plus one round trip. Zero when
     *        the host is the origin's own node.
     *
     * t = (inputBytes + resultBytes) * 8 / rate + rtt, with rate =
     * links[origin].goodputMbps[host] * 1e6 if reported, finite and > 0, else
     * defaultPathRate; rtt = links[origin].rttMs[host] / 1e3 if reported and
     * finite, else defaultPathRtt. Infinite if the rate is 0.
     * \param origin origin index
     * \param host node index
     * \param model model index
     * \return seconds
     */
    double NetworkTime(uint32_t origin, uint32_t host, uint32_t model) const;

    /**
     * \brief What NetworkTime assumes for a path from \p origin to \p host
     *        that the origin has not measured.
     *
     * rate = wifiGoodputShare * links[origin].phyRateMbps * 1e6 if the share
     * is > 0 and the origin reported a Wi-Fi rate, else defaultPathRate;
     * rtt = pathRttPrior[origin][host] if filled, else defaultPathRtt.
     * \param origin origin index
     * \param host node index
     * \param[out] rate goodput, bit/s (0 if no default is configured)
     * \param[out] rtt round trip, s
     */
    void PriorPath(uint32_t origin, uint32_t host, double& rate, double& rtt) const;

    /**
     * \brief Estimated completion time of one request: NetworkTime plus
     *        compute time scaled by the host's reported load (queue length and
     *        running jobs ahead of it).
     *
     * t = NetworkTime + computeTime[host][model] * (1 + queueLength +
     * runningJobs), the load taken from the host's latest report (none if it
     * never reported). A crude estimate, free of any queueing model: every
     * job ahead is assumed to cost as much as this one.
     * \param origin origin index
     * \param host node index
     * \param model model index
     * \return seconds
     */
    double CompletionTime(uint32_t origin, uint32_t host, uint32_t model) const;

    /**
     * \brief Memory a node has left for new models: the latest report's
     *        free memory, with the controller's own commands sent since then
     *        applied (the controller keeps its view optimistic).
     *
     * status[node].freeMemory if the node reported; before its first report,
     * memoryCapacity minus the MemoryBytes of the models IsHeld on it.
     * \param node node index
     * \return bytes
     */
    double FreeMemory(uint32_t node) const;

    /**
     * \brief Memory \p model occupies on \p node when deployed:
     *        weightBytes[model] * nodes[node].memoryPerWeightByte.
     * \param node node index
     * \param model model index
     * \return bytes
     */
    double MemoryBytes(uint32_t node, uint32_t model) const
    {
        return weightBytes[model] * nodes[node].memoryPerWeightByte;
    }
};

} // namespace ns3

#endif /* R3D_MEC_VIEW_H */
