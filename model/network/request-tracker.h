/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_REQUEST_TRACKER_H
#define R3D_REQUEST_TRACKER_H

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief How a request ended.
 */
enum class MecOutcome : uint8_t
{
    IN_FLIGHT = 0, //!< not ended when the simulation stopped
    COMPLETED = 1, //!< its result reached the client
    DROPPED = 2    //!< it ended without a result (see MecDropReason)
};

/**
 * \ingroup r3d
 * \brief Why a request was dropped.
 */
enum class MecDropReason : uint8_t
{
    NONE = 0,       //!< not dropped
    NO_HOST = 1,    //!< no node held the model (at the client, or at the server it reached)
    QUEUE_FULL = 2, //!< the server's queue was full
    TIMEOUT = 3,    //!< no result within the client's timeout, for no known failure
    NODE_DOWN = 4,  //!< the serving node was down
    LINK_DOWN = 5   //!< a link on the path to the serving node was down
};

/**
 * \param reason a reason
 * \return its name in results: "no-host", "queue-full", "timeout", "node-down", "link-down"
 */
std::string MecDropReasonToString(MecDropReason reason);

/**
 * \param outcome an outcome
 * \return "in-flight", "completed" or "dropped"
 */
std::string MecOutcomeToString(MecOutcome outcome);

/**
 * \ingroup r3d
 * \brief Everything recorded about one request.
 *
 * Timestamps are simulation times. For a completed request
 * latency = resultReceived - generated
 *         = uplink (serverReceived - generated)
 *         + waiting (started - serverReceived: queue and model load)
 *         + compute (finished - started)
 *         + downlink (resultReceived - finished),
 * so the four parts add up exactly. For local inference uplink and downlink
 * are zero.
 */
struct MecRequestRecord
{
    static constexpr uint32_t NO_NODE = std::numeric_limits<uint32_t>::max(); //!< no host

    uint64_t id{0};                            //!< global id, from 1
    uint32_t origin{0};                        //!< origin (client) index
    uint32_t originNode{0};                    //!< the client's node index
    uint32_t model{0};                         //!< model index
    uint32_t host{NO_NODE};                    //!< node index it was (last) sent to
    uint32_t redirects{0};                     //!< times sent again after a no-host reject
    Time generated;                            //!< created at the client
    Time deadline;                             //!< absolute deadline
    Time serverReceived;                       //!< all input bytes at the server
    Time started;                              //!< compute started
    Time finished;                             //!< compute finished
    Time resultReceived;                       //!< result back at the client
    Time ended;                                //!< when the outcome was recorded
    MecOutcome outcome{MecOutcome::IN_FLIGHT}; //!< outcome
    MecDropReason reason{MecDropReason::NONE}; //!< drop reason

    /// \return resultReceived - generated (completed requests)
    Time GetLatency() const;

    /// \return true if completed by the deadline
    bool MetDeadline() const;
};

/**
 * \ingroup r3d
 * \brief The ground truth of request outcomes, shared by every application
 *        of a scenario (like FlowMonitor: it sees what no single node can).
 *
 * Each request gets exactly one outcome: the first one recorded wins, later
 * ones for the same request are ignored (e.g. the client's timeout of a
 * request the tracker already knows was lost with a failed node). A request
 * still open at the end counts as in flight, so
 * generated = completed + dropped + inFlight holds by construction; the
 * system tests check it against the applications' own counters.
 */
class MecRequestTracker : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MecRequestTracker();
    ~MecRequestTracker() override;

    /// Classifies a timed-out request from its client's node index, its
    /// host's node index and when it was generated: NODE_DOWN, LINK_DOWN
    /// (a fault on the way at any time since then) or TIMEOUT.
    typedef Callback<MecDropReason, uint32_t, uint32_t, Time> FailureClassifier;

    /**
     * \brief Record a new request (now).
     * \param origin origin index
     * \param originNode the client's node index
     * \param model model index
     * \param deadline relative deadline
     * \param requestId the id the applications know it by (InferenceClient's
     *        ids, unique across clients); 0: the record's own id
     * \return the record's id (1, 2, ... in the order requests are
     *         generated: GetRecords()[id - 1])
     */
    uint64_t Generate(uint32_t origin,
                      uint32_t originNode,
                      uint32_t model,
                      Time deadline,
                      uint64_t requestId = 0);

    /**
     * \brief Record where the request was sent (ignored once it ended). A
     *        second host for the same request is a redirect (the client
     *        sent it again after a no-host reject): counted in redirects.
     * \param requestId the request's id as the applications know it
     * \param host node index
     */
    void SetHost(uint64_t requestId, uint32_t host);

    /**
     * \brief Record a completion (result received by the client).
     * \param requestId the request's id as the applications know it
     * \param serverReceived when the server had all input bytes
     * \param started when compute started
     * \param finished when compute finished
     * \return true if this ended the request (false: it had already ended)
     */
    bool Complete(uint64_t requestId, Time serverReceived, Time started, Time finished);

    /**
     * \brief Record a drop. A TIMEOUT is reclassified by the failure
     *        classifier (node or link down on the way to the host).
     * \param requestId the request's id as the applications know it
     * \param reason why
     * \return true if this ended the request
     */
    bool Drop(uint64_t requestId, MecDropReason reason);

    /**
     * \param classifier consulted for timeouts with (origin node, host)
     */
    void SetFailureClassifier(FailureClassifier classifier);

    /// \return every request, by id - 1
    const std::vector<MecRequestRecord>& GetRecords() const;

    /// \param id a record's id (Generate's return value) \return its record
    const MecRequestRecord& Get(uint64_t id) const;

    /// \return requests generated
    uint64_t GetGenerated() const;
    /// \return requests completed
    uint64_t GetCompleted() const;
    /// \return requests dropped, all reasons
    uint64_t GetDropped() const;
    /// \param reason a reason \return requests dropped for it
    uint64_t GetDropped(MecDropReason reason) const;
    /// \return requests not ended
    uint64_t GetInFlight() const;
    /// \return outcomes ignored because the request had already ended
    uint64_t GetLateOutcomes() const;

    /// Trace signature: a request ended.
    typedef void (*OutcomeTracedCallback)(const MecRequestRecord& record);

  private:
    /**
     * \param requestId an id as the applications know it
     * \return the record of that request if it has not ended, else null
     */
    MecRequestRecord* Open(uint64_t requestId);

    std::vector<MecRequestRecord> m_records;           //!< by id - 1
    std::unordered_map<uint64_t, uint64_t> m_open;     //!< record id by request id, until it ends
    uint64_t m_completed{0};                           //!< completed
    std::vector<uint64_t> m_dropped;                   //!< by reason
    uint64_t m_late{0};                                //!< ignored outcomes
    FailureClassifier m_classifier;                    //!< timeout classifier
    TracedCallback<const MecRequestRecord&> m_outcome; //!< Outcome trace
};

} // namespace ns3

#endif /* R3D_REQUEST_TRACKER_H */
