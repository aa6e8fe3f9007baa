/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_MESSAGE_H
#define R3D_MEC_MESSAGE_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Kinds of messages exchanged by r3d's applications.
 */
enum class MecMessageType : uint8_t
{
    REQUEST = 1,       //!< client -> server: run \c model on the input (payload: input bytes)
    RESULT = 2,        //!< server -> client: the inference result (payload: result bytes)
    REJECT = 3,        //!< server -> client: the request was not accepted (\c code: MecDropReason)
    SERVER_REPORT = 4, //!< server -> controller: status report
    CLIENT_REPORT = 5, //!< client -> controller: demand and link report
    COMMAND =
        6, //!< controller -> server: deploy / evict / migrate (\c code: DeploymentAction::Kind)
    ROUTING = 7, //!< controller -> client: hosts and their load per model
    FETCH = 8,   //!< server -> server: send me the weights of \c model
    WEIGHTS =
        9, //!< server -> server: weights of \c model (payload: weight bytes; \c code 0 = not held)
    RELEASE = 10 //!< server -> server: the migration of \c model is done, evict it
};

/**
 * \brief Name of a message type, e.g. "request".
 * \param type the type
 * \return its name
 */
std::string MecMessageTypeToString(MecMessageType type);

/**
 * \ingroup r3d
 * \brief One application message: a small header (the fields below, all
 *        serialized) followed by \c payloadBytes of opaque payload standing
 *        for the input, result or weights.
 *
 * On the wire: a 4-byte header length, the header, then the payload. The
 * payload is zero-filled virtual packet data (ns-3 does not allocate it), so
 * a 500 MB weight transfer costs packets and events, not memory. Fields a
 * type does not use are zero/empty.
 */
struct MecMessage
{
    /// Header format version, checked by DeserializeHeader. It also versions
    /// the layouts of the typed payloads carried in \c values
    /// (MecServerReport, MecClientReport, MecRoutingTable, MecCommand):
    /// version 1 carried the same numbers without typed decoders; version 3
    /// added each routing-table host's prior path (rate and round trip).
    static constexpr uint8_t kVersion = 3;

    MecMessageType type{MecMessageType::REQUEST}; //!< kind
    uint64_t id{0};                               //!< request id (REQUEST, RESULT, REJECT)
    uint32_t node{0};           //!< sender's node index (reports, FETCH), or COMMAND's source node
    uint32_t origin{0};         //!< REQUEST/RESULT: origin index of the client
    uint32_t model{0};          //!< model index
    uint32_t code{0};           //!< REJECT: reason; COMMAND: action kind; WEIGHTS: 1 = held
    uint32_t address{0};        //!< COMMAND: IPv4 address (host order) of the weights' source
    Time sent;                  //!< when the sender created the message
    std::vector<int64_t> times; //!< RESULT: server receive, compute start, compute end (ns)
    std::vector<double> values; //!< reports and routing tables (layout per type, see the writers)
    uint64_t payloadBytes{0};   //!< opaque payload after the header, bytes

    /**
     * \brief Serialize the header (everything but the payload).
     * \return the header bytes
     */
    std::vector<uint8_t> SerializeHeader() const;

    /**
     * \brief Parse a header written by SerializeHeader.
     * \param data header bytes
     * \param size their number
     * \param[out] message the parsed message (payloadBytes included)
     * \param[out] error if not null, why the bytes were rejected
     * \return false if the bytes are not a valid header (another version, an
     *         unknown type, too short, too long, vector lengths that do not
     *         fit)
     */
    static bool DeserializeHeader(const uint8_t* data,
                                  uint32_t size,
                                  MecMessage& message,
                                  std::string* error = nullptr);

    /**
     * \return the bytes this message occupies on the wire (length prefix,
     *         header and payload)
     */
    uint64_t GetWireSize() const;
};

} // namespace ns3

#endif /* R3D_MEC_MESSAGE_H */
