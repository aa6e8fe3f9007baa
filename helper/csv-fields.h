/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CSV_FIELDS_H
#define R3D_CSV_FIELDS_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \param text a field or line
 * \return it without leading and trailing blanks (spaces, tabs)
 */
std::string TrimBlanks(const std::string& text);

/**
 * \ingroup r3d
 * \param line a CSV line (no quoting: r3d's files have none)
 * \return its comma-separated fields, each trimmed (TrimBlanks)
 */
std::vector<std::string> SplitCsvFields(const std::string& line);

/**
 * \ingroup r3d
 * \param text a field
 * \param[out] value the number (set only on success)
 * \return true if the whole field is a finite decimal number (an optional
 *         sign, digits, an optional exponent)
 */
bool ParseFiniteField(const std::string& text, double& value);

/**
 * \ingroup r3d
 * \brief Parse a node name of the MEC scenario: "device-I", "edge-K" or
 *        "cloud", into its node index (devices 0 .. D-1, edges D .. D+E-1,
 *        the cloud D+E; MecTopology's order).
 * \param name the name
 * \param nDevices the scenario's devices
 * \param nEdges the scenario's edges
 * \param[out] index the node index (set only on success)
 * \return false if the name is not one of the scenario's nodes (indices are
 *         decimal, without sign or leading zeros)
 */
bool ParseNodeName(const std::string& name, uint32_t nDevices, uint32_t nEdges, uint32_t& index);

/**
 * \ingroup r3d
 * \param nDevices the scenario's devices
 * \param nEdges the scenario's edges
 * \return the scenario's node names for messages: "device-0 .. device-7,
 *         edge-0 .. edge-1, cloud"
 */
std::string NodeNamesText(uint32_t nDevices, uint32_t nEdges);

/**
 * \ingroup r3d
 * \brief Read a text file's lines for a CSV reader: a UTF-8 byte order mark
 *        and CR line ends removed, each line trimmed; blank lines and lines
 *        whose first non-blank character is '#' are left out.
 * \param path the file
 * \param what what the file is, for the message ("faults file")
 * \return the kept lines and their 1-based line numbers
 * \throws std::invalid_argument "PATH: cannot open the WHAT: REASON" for a
 *         missing, unreadable or non-regular path (r3d::InputFileProblem)
 */
std::vector<std::pair<uint32_t, std::string>> ReadCsvLines(const std::string& path,
                                                           const std::string& what);

} // namespace r3d
} // namespace ns3

#endif /* R3D_CSV_FIELDS_H */
