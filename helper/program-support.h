/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PROGRAM_SUPPORT_H
#define R3D_PROGRAM_SUPPORT_H

#include <string>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \brief Run a command-line program's body, turning any exception into a
 *        one-line error and exit status 1 (bad input never crashes).
 * \param name the program's name, prefixed to the error
 * \param body the program
 * \param argc argument count
 * \param argv arguments
 * \return body's status, or 1 after an exception
 */
int RunProgram(const std::string& name, int (*body)(int, char**), int argc, char** argv);

/**
 * \ingroup r3d
 * \brief Write a file atomically: to a temporary file beside it, then
 *        renamed over it, so a reader never sees half a file.
 * \param path the file
 * \param contents its new contents
 * \throws std::runtime_error if it cannot be written
 */
void WriteFileAtomically(const std::string& path, const std::string& contents);

/**
 * \ingroup r3d
 * \brief Round to 4 significant digits, for figures written to catalogs
 *        (readable files, small diffs).
 * \param value the value
 * \return the rounded value
 */
double RoundSignificant(double value);

} // namespace r3d
} // namespace ns3

#endif /* R3D_PROGRAM_SUPPORT_H */
