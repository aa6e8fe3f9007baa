/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_PAYLOADS_H
#define R3D_MEC_PAYLOADS_H

#include "mec-message.h"

#include "ns3/ipv4-address.h"
#include "ns3/mec-view.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The payload of a SERVER_REPORT: a server's load and model states.
 *
 * Carried in MecMessage::values (doubles, little-endian on the wire, layout
 * version = the header's MecMessage::kVersion): queue length, running jobs,
 * compute utilization, bandwidth utilization, free memory (bytes), then per
 * model of the scenario (in its order) the state (ModelState as a number)
 * and the arrival rate (requests/s) since the previous report: 5 + 2 M
 * values. The sender's node index is MecMessage::node.
 */
struct MecServerReport
{
    uint32_t queueLength{0};          //!< jobs waiting on the engine
    uint32_t runningJobs{0};          //!< jobs running on the engine
    double computeUtilization{0};     //!< mean compute share in use since the last report, [0, 1]
    double bandwidthUtilization{0};   //!< mean bandwidth share in use since the last report, [0, 1]
    double freeMemory{0};             //!< bytes not held by deployed or loading models
    std::vector<ModelState> states;   //!< per model
    std::vector<double> arrivalRates; //!< per model, requests/s since the last report

    /**
     * \brief Write the payload into a message (type and values).
     * \param message the message; its other fields are left as they are
     */
    void Encode(MecMessage& message) const;

    /**
     * \brief Read the payload of a message.
     * \param message a SERVER_REPORT
     * \param models M, the scenario's number of models
     * \param[out] report the payload (unchanged on failure)
     * \param[out] error why the message was rejected
     * \return false for another type, a wrong length, a model state that is
     *         not a ModelState, a negative or non-finite count or amount
     */
    static bool Decode(const MecMessage& message,
                       uint32_t models,
                       MecServerReport& report,
                       std::string& error);
};

/**
 * \ingroup r3d
 * \brief The payload of a CLIENT_REPORT: a client's demand and what it
 *        measured of its paths.
 *
 * Values: the request rate per model (requests/s over the client's rate
 * window), the Wi-Fi signal (dBm, NaN: none) and data rate (Mb/s, NaN:
 * none), then (host node index, goodput Mb/s, round trip ms) per measured
 * host: M + 2 + 3 H values. The sender is MecMessage::origin / node.
 */
struct MecClientReport
{
    /// What the client measured on its path to one host.
    struct Path
    {
        uint32_t host{0};      //!< host node index
        double goodputMbps{0}; //!< request goodput, Mb/s
        double rttMs{0};       //!< network round trip, ms
    };

    std::vector<double> demand;   //!< per model, requests/s (over the client's RateWindow)
    std::vector<double> requests; //!< per model, requests generated since the previous report
    double signalDbm{0};          //!< Wi-Fi signal from the AP, dBm (NaN: none)
    double phyRateMbps{0};        //!< last Wi-Fi data rate received, Mb/s (NaN: none)
    std::vector<Path> paths;      //!< measured hosts

    /**
     * \brief Write the payload into a message (type and values).
     * \param message the message
     */
    void Encode(MecMessage& message) const;

    /**
     * \brief Read the payload of a message.
     * \param message a CLIENT_REPORT
     * \param models M
     * \param[out] report the payload (unchanged on failure)
     * \param[out] error why the message was rejected
     * \return false for another type, a wrong length, a negative or
     *         non-finite rate, a host index that is not an integer
     */
    static bool Decode(const MecMessage& message,
                       uint32_t models,
                       MecClientReport& report,
                       std::string& error);
};

/**
 * \ingroup r3d
 * \brief The payload of a ROUTING message: the hosts a client may use.
 *
 * Values, per host: node index, IPv4 address (as a 32-bit number), load
 * (jobs queued and running), then per model its state (ModelState) and
 * compute time (s): 3 + 2 M values per host.
 */
struct MecRoutingTable
{
    /// One host.
    struct Host
    {
        uint32_t node{0};                //!< node index
        Ipv4Address address;             //!< where its server listens
        double load{0};                  //!< jobs queued and running
        std::vector<ModelState> states;  //!< per model
        std::vector<double> computeTime; //!< per model, s (Roofline estimate)
        /// Goodput the controller assumes for this client's path to the
        /// host until the client measures it, bit/s (0: none configured)
        double priorRate{0};
        double priorRtt{0}; //!< round trip assumed likewise, s
    };

    std::vector<Host> hosts; //!< in node index order

    /**
     * \brief Write the payload into a message (type and values).
     * \param message the message
     */
    void Encode(MecMessage& message) const;

    /**
     * \brief Read the payload of a message.
     * \param message a ROUTING message
     * \param models M
     * \param[out] table the payload (unchanged on failure)
     * \param[out] error why the message was rejected
     * \return false for another type, a length that is not a whole number of
     *         hosts, a node index or address that is not a 32-bit integer,
     *         a state that is not a ModelState, a negative or non-finite
     *         load, compute time, prior rate or prior round trip
     */
    static bool Decode(const MecMessage& message,
                       uint32_t models,
                       MecRoutingTable& table,
                       std::string& error);
};

/**
 * \ingroup r3d
 * \brief The payload of a COMMAND: a deployment change for one server.
 *
 * MecMessage::code is the action (DeploymentAction::Kind), model the model
 * index, node and address the node index and IPv4 address of the server to
 * fetch the weights from (address 0: none known, the server asks the
 * cloud); for a MIGRATE, values holds one number: the address of the node
 * the model leaves (told to evict once the target is ready).
 */
struct MecCommand
{
    DeploymentAction::Kind kind{DeploymentAction::DEPLOY}; //!< what to do
    uint32_t model{0};                                     //!< model index
    uint32_t sourceNode{0}; //!< node index of the weights' holder (when sourceAddress is set)
    Ipv4Address source;     //!< weights' holder (0.0.0.0: none known)
    Ipv4Address release;    //!< MIGRATE: the node the model leaves (0.0.0.0 otherwise)

    /**
     * \brief Write the payload into a message (type, code, model, node,
     *        address, values).
     * \param message the message
     */
    void Encode(MecMessage& message) const;

    /**
     * \brief Read the payload of a message.
     * \param message a COMMAND
     * \param[out] command the payload (unchanged on failure)
     * \param[out] error why the message was rejected
     * \return false for another type, an unknown action, a release address
     *         on another action than MIGRATE or one that is not a 32-bit
     *         integer
     */
    static bool Decode(const MecMessage& message, MecCommand& command, std::string& error);
};

} // namespace ns3

#endif /* R3D_MEC_PAYLOADS_H */
