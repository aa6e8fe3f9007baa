/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_CONTROLLER_H
#define R3D_DEPLOYMENT_CONTROLLER_H

#include "mec-connection.h"

#include "ns3/application.h"
#include "ns3/deployment-policy.h"
#include "ns3/event-id.h"
#include "ns3/mec-view.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

struct MecRoutingTable;

/**
 * \ingroup r3d
 * \brief Decides where models are deployed, from status reports that reach
 *        it over the network, and sends the decisions back as commands.
 *
 * Servers and clients connect to it (TCP, Port) and send periodic reports;
 * it keeps the latest of each in a MecView. At start (with PreDeploy, the
 * policy's initial deployment is put in place at once: a system already
 * running) and every ControlInterval it asks its DeploymentPolicy for
 * actions, checks each against its view (memory, model held, server
 * reachable: infeasible ones are counted and skipped), sends the commands
 * to the servers over their connections and updates its view optimistically
 * (a deployed model counts as LOADING until a report says otherwise). A
 * DEPLOY or MIGRATE names the weights' nearest holder (fewest hops in the
 * end-edge-cloud tree; on a tie an edge, then the cloud, then a device; the
 * cloud holds every model); a MIGRATE also names the node the model leaves.
 *
 * Paths no client has measured yet are estimated from priors: goodput a
 * share (WifiGoodputShare) of the Wi-Fi rate the client reported, round
 * trip PriorHopRtt per hop plus PriorWanRtt through the WAN.
 *
 * After each decision and whenever a server report changes a model's state,
 * it sends every client a routing message: per server, its address, load
 * and per model state and Roofline compute time (alone on the device).
 * Servers whose connection closed, or whose last report is older than
 * StaleAfter, are left out (they may be down); servers that have not
 * reported yet are listed with the initial deployment the controller put
 * there.
 */
class DeploymentController : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DeploymentController();
    ~DeploymentController() override;

    /// Puts a model on a server at once: (node index, model index) -> placed.
    typedef std::function<bool(uint32_t, uint32_t)> PreDeployHook;

    /**
     * \brief The servers this controller manages (node index = position).
     * \param nodes inventory
     */
    void SetInventory(const std::vector<MecNodeInfo>& nodes);

    /**
     * \brief The clients: origin index = position, value = its node index.
     * \param originNodes node index per origin
     */
    void SetOrigins(const std::vector<uint32_t>& originNodes);

    /**
     * \brief Backhaul hops between sites, for the controller's hop counts
     *        (weight sources, prior round trips). Without it, sites are one
     *        hop apart (a mesh).
     * \param hops hops[a][b] between the edges of sites a and b
     */
    void SetSiteHops(const std::vector<std::vector<uint32_t>>& hops);

    /**
     * \param hook used for the initial deployment when PreDeploy is true
     */
    void SetPreDeployHook(PreDeployHook hook);

    /// \return the policy
    Ptr<DeploymentPolicy> GetPolicy() const;

    /// \return the current view (what the policy saw last, updated since)
    const MecView& GetView() const;

    /// \return decisions taken
    uint64_t GetDecisions() const;
    /// \return commands sent
    uint64_t GetCommandsSent() const;
    /// \return actions skipped as infeasible or unreachable
    uint64_t GetActionsSkipped() const;

    /**
     * \brief The controller process crashes (its node stays up): pending
     *        decisions are cancelled, the listening socket and every
     *        connection close (peers see the close and retry), the view is
     *        discarded. No effect if it is not running.
     */
    void Fail();

    /**
     * \brief The controller restarts after Fail(): an empty view, listening
     *        again; routing and decisions resume once every server has
     *        reported or StaleAfter after the restart, whichever is first;
     *        then every ControlInterval. No initial deployment (PreDeploy
     *        applies at the first start only). No effect if it is running.
     */
    void Recover();

    /// \return true between Fail() and Recover()
    bool IsDown() const;

    /// \return true after Recover() until the view is rebuilt from reports
    bool IsRebuilding() const;

    /// Trace signature: a decision and the actions applied.
    typedef void (*DecisionTracedCallback)(const MecView& view,
                                           const std::vector<DeploymentAction>& actions);

  protected:
    /** \brief Release the references this object holds (ns-3's Object::DoDispose). */
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    void EnsureView();
    void Accept(Ptr<MecConnection> connection);
    void Receive(Ptr<MecConnection> connection, const MecMessage& message);
    void OnServerReport(Ptr<MecConnection> connection, const MecMessage& message);
    void OnClientReport(Ptr<MecConnection> connection, const MecMessage& message);
    void Decide();
    bool Apply(const DeploymentAction& action, bool initial);
    uint32_t NearestHolder(uint32_t node, uint32_t model) const;
    uint32_t Hops(uint32_t a, uint32_t b) const;
    /**
     * Send the routing table to every connected client, or only to
     * \p origin. A table lists the edges, the cloud and the devices that
     * hold a model (another client may use those), cut to each client's
     * candidates (CandidatesFor), each with the path this client is assumed
     * to have to it until it measures one (MecView::PriorPath).
     * \param origin origin index, or UINT32_MAX for every client
     */
    void SendRouting(uint32_t origin = std::numeric_limits<uint32_t>::max());
    /**
     * The part of \p table that \p origin's client gets: per model and
     * state (READY, LOADING), the RoutingHostsPerModel hosts with the lowest
     * MecView::CompletionTime from this origin, the origin's own node left
     * out (the client serves itself without a table). All of \p table if
     * RoutingHostsPerModel is 0.
     * \param origin origin index
     * \param table every routable host
     * \return the client's table, hosts in \p table's order
     */
    MecRoutingTable CandidatesFor(uint32_t origin, const MecRoutingTable& table) const;
    /// Ends the rebuild after Recover(): silent servers taken as down, a decision.
    void EndRebuild();

    uint16_t m_port;                //!< Port attribute
    Time m_interval;                //!< ControlInterval attribute
    Ptr<DeploymentPolicy> m_policy; //!< Policy attribute
    std::string m_modelList;        //!< Models attribute
    std::string m_modelsFile;       //!< ModelsFile attribute
    std::string m_devicesFile;      //!< DevicesFile attribute
    double m_defaultRate;           //!< DefaultPathRate attribute
    Time m_defaultRtt;              //!< DefaultPathRtt attribute
    Time m_staleAfter;              //!< StaleAfter attribute
    uint32_t m_hostsPerModel;       //!< RoutingHostsPerModel attribute
    double m_wifiShare;             //!< WifiGoodputShare attribute
    Time m_hopRtt;                  //!< PriorHopRtt attribute
    Time m_wanRtt;                  //!< PriorWanRtt attribute
    bool m_preDeploy;               //!< PreDeploy attribute
    bool m_encodedRequests;         //!< EncodedRequests attribute

    MecView m_view;                                   //!< what the controller knows
    bool m_viewReady{false};                          //!< m_view built
    std::vector<uint32_t> m_originNodes;              //!< node index per origin
    std::vector<std::vector<uint32_t>> m_siteHops;    //!< backhaul hops between sites
    PreDeployHook m_preDeployHook;                    //!< initial placement
    Ptr<Socket> m_listener;                           //!< listening socket
    std::vector<Ptr<MecConnection>> m_accepted;       //!< all connections
    std::map<uint32_t, Ptr<MecConnection>> m_servers; //!< node index -> connection
    std::map<uint32_t, Ptr<MecConnection>> m_clients; //!< origin index -> connection
    EventId m_event;                                  //!< next decision
    EventId m_rebuildEvent;                           //!< end of the rebuild
    bool m_down{false};                               //!< between Fail() and Recover()
    bool m_rebuilding{false};                         //!< after Recover(), view incomplete
    uint64_t m_decisions{0};                          //!< decisions
    uint64_t m_commands{0};                           //!< commands sent
    uint64_t m_skipped{0};                            //!< actions skipped
    TracedCallback<const MecView&, const std::vector<DeploymentAction>&>
        m_decisionTrace; //!< Decision
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_CONTROLLER_H */
