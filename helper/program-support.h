/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_PROGRAM_SUPPORT_H
#define R3D_PROGRAM_SUPPORT_H

// WriteFileAtomically lives in model/ (the checkpoint writes with it); the
// programs that include this header get it from here too.
#include "ns3/atomic-file.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \brief Run a command-line program's body, turning any exception into a
 *        one-line error and exit status 1 (bad input never crashes). The
 *        "--ns3::Class::Attribute=value" and "--Global=value" arguments are
 *        checked first (CheckAttributeArguments).
 * \param name the program's name, prefixed to the error
 * \param body the program
 * \param argc argument count
 * \param argv arguments
 * \return body's status, or 1 after an exception
 */
int RunProgram(const std::string& name, int (*body)(int, char**), int argc, char** argv);

/**
 * \ingroup r3d
 * \brief Check, before a long run, that the files it will write can be
 *        written (OutputFileProblem), so a bad path is reported at once
 *        instead of after the run.
 * \param files (option, path) pairs, e.g. {"--output", "run.json"}; an
 *        empty path (the file not asked for) is skipped
 * \throws std::invalid_argument "OPTION: cannot write 'PATH': REASON" for
 *         the first that cannot
 */
void RequireWritable(const std::vector<std::pair<std::string, std::string>>& files);

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
