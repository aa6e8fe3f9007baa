/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_SERVER_H
#define R3D_MEC_SERVER_H

#include "mec-connection.h"
#include "request-tracker.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/mec-view.h"
#include "ns3/nstime.h"
#include "ns3/precision.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class InferenceEngine;
class ModelLoadingEnergyModel;
class UniformRandomVariable;
struct DnnModel;
struct InferenceJobRecord;

/**
 * \ingroup r3d
 * \brief Hosts DNN models on a node and serves inference requests on its
 *        InferenceEngine (every node that can host models runs one, IoT
 *        devices included, for local inference).
 *
 * - Requests arrive over TCP (MecConnection, port Port) or, from the client
 *   on the same node, through SubmitLocal. A request for a READY model goes
 *   to the engine; for a LOADING model it waits until the load ends; for an
 *   absent model, or when the engine's queue is full, the server rejects it
 *   (no-host, queue-full) and the client records the drop.
 * - Models occupy memory while LOADING or READY: their weights at the
 *   precision the node runs them at (FP32 bytes x BytesPerElement / 4, e.g.
 *   half for FP16), out of ModelMemory (or ModelMemoryShare of the whole
 *   zoo; default the device's memoryCapacity). Weights are stored and moved
 *   at FP32 size.
 * - A deploy command for a model whose weights are not on the node's storage
 *   fetches them from the source named in the command (FETCH / WEIGHTS
 *   messages: a real TCP transfer of the weight bytes), falling back to the
 *   cloud if the source does not hold them. Weights received stay on
 *   storage. Loading storage -> memory then takes weightBytes /
 *   storageBandwidth + ModelInitTime (runtime/engine set-up; default the
 *   device catalog's modelInitialization figure for its class), one load
 *   at a time, drawing the ModelLoadingEnergyModel's power.
 * - A migrate command is a deploy (weights from the source the command
 *   names, like a deploy's); when the model is READY here, the server sends
 *   RELEASE to the node the model leaves, which evicts it.
 * - Every ReportInterval (and at once when a model's state changes) it sends
 *   a status report to the controller.
 * - Fail() models the node going down: every request it holds is dropped as
 *   node-down, its memory empties and it stops answering; Recover() brings
 *   it back as a rebooted node.
 */
class MecServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MecServer();
    ~MecServer() override;

    /// Result of a local request: (id, serverReceived, started, finished).
    typedef std::function<void(uint64_t, Time, Time, Time)> LocalResult;
    /// Rejection of a local request: (id, reason).
    typedef std::function<void(uint64_t, MecDropReason)> LocalReject;

    /**
     * TracedCallback signature of RequestDropped.
     * \param [in] id the request id (as its client gave it)
     * \param [in] reason why it ended without a result
     */
    typedef void (*DroppedTracedCallback)(uint64_t id, MecDropReason reason);

    /**
     * \param model draws the loading power while a model loads (optional;
     *        MecApplicationHelper sets the topology's per-node model)
     */
    void SetLoadingEnergyModel(Ptr<ModelLoadingEnergyModel> model);

    /**
     * \brief Serve a request from the client on this node (no network).
     * \param id request id
     * \param model model index
     * \param deadline absolute deadline
     * \param done called with the result
     * \param reject called if the request is rejected
     */
    void SubmitLocal(uint64_t id,
                     uint32_t model,
                     Time deadline,
                     LocalResult done,
                     LocalReject reject);

    /**
     * \brief Put a model in memory at once, without transfer or load time
     *        (the initial deployment of a system already running).
     * \param model model index
     * \return false if it does not fit
     */
    bool PreDeploy(uint32_t model);

    /**
     * \brief Apply a deployment command as if it came from the controller.
     * \param kind DEPLOY, EVICT or MIGRATE
     * \param model model index
     * \param source weights' source address (DEPLOY, MIGRATE; 0.0.0.0: the cloud)
     * \param release MIGRATE: the node the model leaves, told to evict it
     *        once it is READY here
     */
    void Command(DeploymentAction::Kind kind,
                 uint32_t model,
                 Ipv4Address source,
                 Ipv4Address release = Ipv4Address::GetAny());

    /**
     * \brief The node goes down (power lost): every request it holds is
     *        dropped as node-down, its engine's jobs are cancelled (compute
     *        power drops to idle at once), every model leaves memory (state
     *        ABSENT; weights on storage stay), loads and fetches in progress
     *        are abandoned, every socket is closed and reports stop.
     */
    void Fail();

    /**
     * \brief The node comes back after Fail(), as a rebooted node: memory
     *        empty (models must be deployed again; weights on storage load
     *        from it without a new transfer), listening again, connected to
     *        the controller anew, reporting at once and every ReportInterval.
     *        No effect on a node that is not down.
     */
    void Recover();

    /// \return true between Fail() and Recover()
    bool IsDown() const;

    /// \param model model index \return its state here
    ModelState GetModelState(uint32_t model) const;

    /// \return bytes of memory not held by models
    double GetFreeMemory() const;

    /**
     * \return memory for models, bytes (ModelMemory, ModelMemoryShare or
     *         the device's capacity, resolved)
     */
    double GetModelMemory();
    /**
     * \return bytes of memory a model holds per byte of its FP32 weights
     *         (BytesPerElement of the precision / 4)
     */
    double GetMemoryPerWeightByte();
    /// \return the fixed set-up time of every load (ModelInitTime, resolved)
    Time GetModelInitTime();

    /// \return the node index (NodeIndex attribute)
    uint32_t GetNodeIndex() const;

    /**
     * \brief Assign a fixed random variable stream (the StartJitter draw).
     * \param stream the stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return completed model loads
    uint64_t GetLoads() const;
    /// \return evictions (commands and releases)
    uint64_t GetEvictions() const;
    /// \return migrations completed here (as the destination)
    uint64_t GetMigrations() const;
    /// \return weight bytes received over the network
    uint64_t GetBytesFetched() const;
    /// \return the precision models run at here (Precision "auto" resolved at start)
    Precision GetPrecision() const;
    /// \return total time spent loading models
    Time GetLoadingTime() const;
    /// \return commands that could not be applied (no memory, already held)
    uint64_t GetRefusedCommands() const;

    /// Trace signature: a model's state changed.
    typedef void (*ModelStateTracedCallback)(uint32_t model, ModelState state);

  protected:
    /** \brief Release the references this object holds (ns-3's Object::DoDispose). */
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A request held by the server.
    struct Pending
    {
        uint64_t id{0};     //!< request id
        uint32_t model{0};  //!< model index
        Time deadline;      //!< absolute deadline
        Time received;      //!< all input bytes here
        LocalResult done;   //!< reply with the result
        LocalReject reject; //!< reply with a rejection
    };

    /// Per model state on this node.
    struct Slot
    {
        ModelState state{ModelState::ABSENT}; //!< state
        bool stored{false};                   //!< weights on local storage
        bool migrating{false};                //!< a MIGRATE brought it here
        Ipv4Address migrationSource;          //!< the node it leaves (MIGRATE)
        std::deque<Pending> waiting;          //!< requests waiting for the load
        uint64_t arrivals{0};                 //!< requests since the last report
    };

    void EnsureModels();
    /// Open the listening sockets (Port, and WiredPort on jumbo-frame nodes).
    void Listen();
    /**
     * Listen, then connect to the controller and report every ReportInterval
     * (at start and reboot).
     * \param connectDelay wait before connecting (StartJitter draw; 0 at reboot)
     */
    void GoOnline(Time connectDelay);
    const DnnModel& Model(uint32_t index) const;
    double WeightBytes(uint32_t index) const;
    double MemoryBytes(uint32_t index) const;
    void Accept(Ptr<MecConnection> connection);
    /**
     * \param peer another server's address
     * \return the port to fetch weights from it on: WiredPort if its
     *         segments fit the whole route, else Port
     */
    uint16_t PortFor(Ipv4Address peer) const;
    void Receive(Ptr<MecConnection> connection, const MecMessage& message);
    void Handle(Pending pending);
    void Run(Pending pending);
    void JobDone(Pending pending, const InferenceJobRecord& record);
    void StartDeploy(uint32_t model, Ipv4Address source, bool migrate, Ipv4Address release);
    void Fetch(uint32_t model, Ipv4Address source);
    void OnWeights(uint32_t model, const MecMessage& message);
    void QueueLoad(uint32_t model);
    void NextLoad();
    void LoadDone(uint32_t model);
    void Evict(uint32_t model);
    void SetState(uint32_t model, ModelState state);
    void ConnectController();
    void Report();
    void ScheduleReport();

    uint16_t m_port;                 //!< Port attribute
    uint16_t m_wiredPort;            //!< WiredPort attribute
    uint32_t m_nodeIndex;            //!< NodeIndex attribute
    std::string m_modelList;         //!< Models attribute
    std::string m_modelsFile;        //!< ModelsFile attribute
    Ipv4Address m_controller;        //!< ControllerAddress attribute
    uint16_t m_controllerPort;       //!< ControllerPort attribute
    Ipv4Address m_cloud;             //!< CloudAddress attribute
    Time m_reportInterval;           //!< ReportInterval attribute
    Time m_startJitter;              //!< StartJitter attribute
    bool m_holdsAll;                 //!< HoldsAllWeights attribute
    std::string m_precisionName;     //!< Precision attribute
    uint64_t m_modelMemory;          //!< ModelMemory attribute, bytes
    double m_modelMemoryShare;       //!< ModelMemoryShare attribute
    Time m_modelInitTime;            //!< ModelInitTime attribute (resolved at EnsureModels)
    double m_memoryPerWeightByte{1}; //!< memory bytes per FP32 weight byte

    Ptr<InferenceEngine> m_engine;                //!< the node's engine
    Ptr<ModelLoadingEnergyModel> m_loadingEnergy; //!< loading power (may be null)
    std::vector<const DnnModel*> m_models;        //!< by model index
    Precision m_precision{Precision::FP32};       //!< compute precision
    double m_capacity{0};                         //!< memory for models, bytes
    double m_storageBandwidth{0};                 //!< bytes/s
    std::vector<Slot> m_slots;                    //!< by model index
    std::map<uint64_t, Pending> m_running;        //!< engine job id -> request
    Ptr<Socket> m_listener;                       //!< listening socket
    Ptr<Socket> m_wiredListener; //!< listening socket of WiredPort (largest MTU), if any
    std::vector<Ptr<MecConnection>> m_connections;    //!< accepted and opened
    std::map<uint32_t, Ptr<MecConnection>> m_fetches; //!< model -> fetch connection
    Ptr<MecConnection> m_controllerConnection;        //!< to the controller
    std::deque<uint32_t> m_loadQueue;                 //!< models waiting to load
    bool m_loading{false};                            //!< a load is in progress
    uint32_t m_loadingModel{0};                       //!< which
    Time m_loadStarted;                               //!< when it started
    EventId m_loadEvent;                              //!< its end
    EventId m_reportEvent;                            //!< next report, or the first connection
    Ptr<UniformRandomVariable> m_startDelay;          //!< draws the StartJitter delay
    Time m_lastReport;                                //!< previous report time
    double m_lastComputeIntegral{0};                  //!< compute busy integral at it
    double m_lastBandwidthIntegral{0};                //!< bandwidth busy integral at it
    bool m_down{false};                               //!< between Fail() and Recover()
    uint64_t m_onlineCount{0};  //!< GoOnline calls (tells stale link-up callbacks apart)
    bool m_active{false};       //!< between Start and Stop
    uint64_t m_loads{0};        //!< loads completed
    uint64_t m_evictions{0};    //!< evictions
    uint64_t m_migrations{0};   //!< migrations completed here
    uint64_t m_bytesFetched{0}; //!< weight bytes received
    uint64_t m_refused{0};      //!< refused commands
    Time m_loadingTime;         //!< total loading time
    TracedCallback<uint32_t, ModelState> m_stateTrace;      //!< ModelState trace
    TracedCallback<uint64_t, MecDropReason> m_droppedTrace; //!< RequestDropped trace
};

} // namespace ns3

#endif /* R3D_MEC_SERVER_H */
