/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_CLIENT_H
#define R3D_INFERENCE_CLIENT_H

#include "demand-profile.h"
#include "inference-workload.h"
#include "mec-connection.h"
#include "request-tracker.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class MecServer;
struct DnnModel;

/**
 * \ingroup r3d
 * \brief An IoT device's inference workload: generates requests per model
 *        and sends each to the node that should serve it.
 *
 * Demand: Rate requests per second in total, split over the models by a
 * Zipf popularity (ZipfExponent; 0 is uniform) over a ranking of the models
 * that is drawn at start and drawn again every ShiftInterval (clients with
 * the same PopularityGroup draw the same rankings: the scenario gives the
 * devices of one site one group), and modulated over time by RateProfile
 * (RateProfile: the mean stays Rate). Arrivals per model: Poisson (default;
 * a model of share p arrives at Rate * p * Factor(t), by thinning),
 * periodic with a random phase (every 1 / (Rate * p), each kept with
 * probability Factor(t) / MaxFactor), or a trace file
 * (InferenceWorkload::LoadTrace; popularity and profile unused). Per-model
 * Poisson streams of rates Rate * p_m are one Poisson stream of rate Rate
 * whose requests pick model m with probability p_m. Each request is served locally
 * if the model is READY on this node's own MecServer; otherwise it goes to
 * the READY host with the lowest estimated completion time
 *   network(h) + computeTime(h, m) * (1 + load(h) + outstanding(h))
 * where computeTime and load (queued + running jobs) come from the
 * controller's latest routing message, outstanding(h) counts this client's
 * requests at h still unanswered, and network(h) = (input + result bytes) *
 * 8 / goodput(h) + rtt(h) uses this client's own measurements (EWMA;
 * before the first one, the prior path the routing table gives, which the
 * controller derives from hops and the WAN as for its own estimates, or
 * AssumedRate and AssumedRtt if it gives none). When no host has the
 * model READY, the request goes where it is LOADING (this node first) and
 * waits there for the load; only when nobody holds it is it dropped
 * (no-host). Requests generated before
 * the first routing message wait for it (their timeout runs). Requests and
 * results are MecMessages over TCP carrying the model's input and result
 * sizes. A request unanswered after RequestTimeout is dropped (timeout,
 * reclassified by the tracker as node-down or link-down if a failure lies
 * on its path).
 *
 * Every ReportInterval the client reports to the controller its request
 * rate per model (arrivals in the last RateWindow), its Wi-Fi signal and rate (WifiLinkMonitor) and
 * its measured goodput and round trip per host.
 */
class InferenceClient : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    InferenceClient();
    ~InferenceClient() override;

    /// Arrival process.
    enum Arrival
    {
        POISSON,  //!< exponential inter-arrival times, mean 1 / Rate
        PERIODIC, //!< every 1 / Rate, random phase per model
        TRACE     //!< TraceFile's arrivals
    };

    /**
     * TracedCallback signature of Request.
     * \param [in] id the request id (unique across clients)
     * \param [in] model its model index
     * \param [in] deadline its relative deadline
     */
    typedef void (*RequestTracedCallback)(uint64_t id, uint32_t model, Time deadline);
    /**
     * TracedCallback signature of RequestSent.
     * \param [in] id the request id
     * \param [in] host the node index of its host
     */
    typedef void (*SentTracedCallback)(uint64_t id, uint32_t host);
    /**
     * TracedCallback signature of RequestCompleted.
     * \param [in] id the request id
     * \param [in] serverReceived when its input was all at the server
     * \param [in] started when its compute started
     * \param [in] finished when its compute finished
     */
    typedef void (*CompletedTracedCallback)(uint64_t id,
                                            Time serverReceived,
                                            Time started,
                                            Time finished);
    /**
     * TracedCallback signature of RequestDropped.
     * \param [in] id the request id
     * \param [in] reason why it ended without a result
     */
    typedef void (*DroppedTracedCallback)(uint64_t id, MecDropReason reason);

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Set the stream of the popularity rankings. Clients given the
     *        same stream (and RngRun) draw the same rankings at the same
     *        times; InferenceClientHelper::AssignStreams gives each
     *        PopularityGroup one stream.
     * \param stream the stream index
     */
    void SetPopularityStream(int64_t stream);

    /// \return the PopularityGroup attribute
    uint32_t GetPopularityGroup() const;

    /**
     * \return the current share of requests of each model (by model index;
     *         sums to 1), after the latest popularity shift
     */
    std::vector<double> GetModelShares() const;

    /// \return requests generated by this client
    uint64_t GetGenerated() const;
    /// \return requests dispatched to this node's own server (a redirected
    ///         request counts once per attempt)
    uint64_t GetServedLocally() const;
    /// \return requests sent over the network (a redirected request counts
    ///         once per attempt)
    uint64_t GetSentRemote() const;
    /// \return times a request was sent again after a no-host reject
    uint64_t GetRedirects() const;
    /// \return node indices of the hosts in the latest routing table, ascending
    std::vector<uint32_t> GetRoutingHosts() const;

  protected:
    /** \brief Release the references this object holds (ns-3's Object::DoDispose). */
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A host as known from the controller's routing message.
    struct Host
    {
        Ipv4Address address;             //!< service address
        double load{0};                  //!< queued + running jobs reported
        std::vector<uint8_t> state;      //!< per model ModelState
        std::vector<double> computeTime; //!< per model, s
        double priorRate{0};             //!< bit/s until measured (0: AssumedRate)
        double priorRtt{0};              //!< s until measured (with priorRate)
    };

    /// This client's measurements of a host.
    struct PathEstimate
    {
        double goodput{0};       //!< bit/s, EWMA (0: none yet)
        double rtt{0};           //!< s, EWMA
        uint32_t outstanding{0}; //!< requests unanswered
    };

    /// A request generated and not yet ended.
    struct Outstanding
    {
        uint32_t host{0};      //!< node index (NO_NODE until dispatched)
        uint32_t model{0};     //!< model index
        Time generated;        //!< when it was generated
        Time deadline;         //!< absolute deadline
        EventId timeout;       //!< timeout event
        uint32_t redirects{0}; //!< times sent again after a no-host reject
    };

    void EnsureModels();
    /**
     * A host (this node's server included) could not serve request \p id.
     * A no-host reject (the model left that host: evicted, or a LOADING copy
     * evicted while the request waited for it) sends the request again,
     * to the best host the routing table still lists for the model, at most
     * MaxRedirects times; any other reason, or no redirect left, ends it.
     * \param id request id
     * \param reason why the host refused it
     */
    void OnReject(uint64_t id, MecDropReason reason);
    /// One request fewer outstanding on the path to \p host (none for this
    /// node or NO_NODE).
    void ReleasePath(uint32_t host);
    void ScheduleArrival(uint32_t model, bool first);
    void Arrive(uint32_t model);
    void DrawRanking();
    void Shift();
    void ScheduleTrace(std::size_t next);
    void Generate(uint32_t model);
    void Dispatch(uint64_t id, uint32_t model);
    double Estimate(uint32_t host, uint32_t model) const;
    Ptr<MecConnection> ConnectionTo(uint32_t host);
    void Receive(Ptr<MecConnection> connection, const MecMessage& message);
    void OnRouting(const MecMessage& message);
    void OnResult(const MecMessage& message);
    void Finish(uint64_t id);
    void Timeout(uint64_t id);
    void ConnectController();
    void Report();

    uint32_t m_nodeIndex;       //!< NodeIndex attribute
    uint32_t m_originIndex;     //!< OriginIndex attribute
    std::string m_modelList;    //!< Models attribute
    std::string m_modelsFile;   //!< ModelsFile attribute
    double m_rate;              //!< Rate attribute (requests/s, all models)
    double m_zipf;              //!< ZipfExponent attribute
    Time m_shiftInterval;       //!< ShiftInterval attribute (0: never)
    uint32_t m_popularityGroup; //!< PopularityGroup attribute
    std::string m_profileSpec;  //!< RateProfile attribute
    Arrival m_arrival;          //!< Arrival attribute
    std::string m_traceFile;    //!< TraceFile attribute
    Time m_timeout;             //!< RequestTimeout attribute
    uint32_t m_maxRedirects;    //!< MaxRedirects attribute
    uint64_t m_redirected{0};   //!< requests sent again after a no-host reject
    uint16_t m_serverPort;      //!< ServerPort attribute
    Ipv4Address m_controller;   //!< ControllerAddress attribute
    uint16_t m_controllerPort;  //!< ControllerPort attribute
    Time m_reportInterval;      //!< ReportInterval attribute
    Time m_startJitter;         //!< StartJitter attribute
    Time m_rateWindow;          //!< RateWindow attribute
    double m_assumedRate;       //!< AssumedRate attribute, bit/s
    Time m_assumedRtt;          //!< AssumedRtt attribute
    double m_smoothing;         //!< Smoothing attribute
    bool m_encodedRequests;     //!< EncodedRequests attribute

    Ptr<MecServer> m_local;                              //!< this node's server (may be null)
    std::vector<WorkloadModel> m_workload;               //!< models and deadlines
    std::vector<const DnnModel*> m_models;               //!< by model index
    std::vector<TraceArrival> m_trace;                   //!< TRACE arrivals
    Ptr<ExponentialRandomVariable> m_interArrival;       //!< POISSON gaps (mean 1)
    Ptr<UniformRandomVariable> m_phase;                  //!< PERIODIC phases
    Ptr<UniformRandomVariable> m_startDelay;             //!< draws the StartJitter delay
    Ptr<UniformRandomVariable> m_thinning;               //!< RateProfile acceptance draws
    Ptr<UniformRandomVariable> m_popularity;             //!< ranking draws (group stream)
    RateProfile m_profile;                               //!< parsed RateProfile
    std::vector<double> m_shares;                        //!< per model: share of requests
    EventId m_shiftEvent;                                //!< next popularity shift
    std::vector<EventId> m_arrivalEvents;                //!< next arrival per model (or trace)
    bool m_haveRouting{false};                           //!< a routing message arrived
    std::map<uint32_t, Host> m_hosts;                    //!< routing table by node index
    std::map<uint32_t, PathEstimate> m_paths;            //!< measurements by node index
    std::map<uint32_t, Ptr<MecConnection>> m_conns;      //!< connections by node index
    std::map<uint64_t, Outstanding> m_outstanding;       //!< by request id
    std::deque<std::pair<uint64_t, uint32_t>> m_backlog; //!< (id, model) waiting for routing
    Ptr<MecConnection> m_controllerConnection;           //!< to the controller
    EventId m_reportEvent;                               //!< next report
    std::vector<std::deque<Time>> m_recentArrivals;      //!< per model, within RateWindow
    std::vector<double> m_sinceReport; //!< per model, requests since the previous report
    Time m_started;                    //!< StartApplication time
    bool m_active{false};              //!< between Start and Stop
    uint64_t m_generated{0};           //!< generated
    uint64_t m_servedLocally{0};       //!< served locally
    uint64_t m_remote{0};              //!< sent over the network
    uint64_t m_sequence{0};            //!< last request's sequence number

    TracedCallback<uint64_t, uint32_t, Time> m_requestTrace;     //!< Request trace
    TracedCallback<uint64_t, uint32_t> m_sentTrace;              //!< RequestSent trace
    TracedCallback<uint64_t, Time, Time, Time> m_completedTrace; //!< RequestCompleted trace
    TracedCallback<uint64_t, MecDropReason> m_droppedTrace;      //!< RequestDropped trace
};

} // namespace ns3

#endif /* R3D_INFERENCE_CLIENT_H */
