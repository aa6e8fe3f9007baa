/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_FAULTS_FILE_H
#define R3D_FAULTS_FILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief One fault (or recovery) of a faults file: at \c time, \c action
 *        on \c target.
 */
struct MecFaultEvent
{
    /// What happens.
    enum Action
    {
        DOWN, //!< the node or link goes down
        UP,   //!< it comes back (a node as rebooted: memory empty)
        LOSS, //!< the link loses packets at \c lossRate from now on (0: none)
        AWAY, //!< a device leaves every access point's range
        BACK  //!< it comes back into range
    };

    uint32_t line{0};         //!< line of the file (1-based), for messages
    double time{0};           //!< when, s (absolute simulation time)
    Action action{DOWN};      //!< what
    double lossRate{0};       //!< LOSS: packet error rate, [0, 1]
    std::string target;       //!< as written: a node name or a link name
    bool isNode{false};       //!< the target is a node
    bool isController{false}; //!< the target is the controller (neither node nor link)
    uint32_t nodeIndex{0};    //!< isNode: its node index (MecTopology order)
};

/**
 * \ingroup r3d
 * \brief Read a faults file: CSV with the header \c time_s,action,target.
 *
 * - \c time_s: seconds, finite, from 0 to 1e9 (r3d::kMaxOptionSeconds),
 *   not decreasing from row to row;
 * - \c action: \c down, \c up, \c loss=R (R a packet error rate in
 *   [0, 1]; \c loss=0 ends the loss), \c away or \c back;
 * - \c target: a node, \c device-I, \c edge-K or \c cloud (\c down and
 *   \c up; \c away and \c back for devices only), \c controller (the
 *   controller process: \c down and \c up), or a wired link, \c wan-K,
 *   \c backhaul-A-B or (star) \c backhaul-K-aggregation (\c down, \c up,
 *   \c loss=R). Link names are checked against the built
 *   topology when the faults are scheduled (MecTopology::LinkByName), since
 *   they depend on the backhaul shape.
 *
 * Lines whose first non-blank character is '#' and blank lines are
 * skipped; fields may be padded with blanks; CRLF line ends are accepted.
 *
 * \param path the file
 * \param nDevices the scenario's devices
 * \param nEdges the scenario's edges
 * \return the events in file order
 * \throws std::invalid_argument "PATH:LINE: field 'NAME': PROBLEM" for a
 *         bad row, "PATH: ..." for an unreadable path, an empty file or a
 *         missing header
 */
std::vector<MecFaultEvent> ReadFaultsFile(const std::string& path,
                                          uint32_t nDevices,
                                          uint32_t nEdges);

} // namespace ns3

#endif /* R3D_FAULTS_FILE_H */
