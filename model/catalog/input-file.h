/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INPUT_FILE_H
#define R3D_INPUT_FILE_H

#include <string>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \brief What keeps a path from being read as an input file, so that every
 *        reader (catalogs, traces, deployment files, checkpoints) names the
 *        path and the reason instead of failing inside a stream (a directory
 *        opens as an ifstream on Linux and then reads nothing or throws
 *        "basic_filebuf::underflow").
 * \param path the path given by the user
 * \return "" if it is a readable regular file; otherwise the problem, e.g.
 *         "no such file", "is a directory, not a file", "cannot be read
 *         (permission denied)", "no file given (empty path)"
 */
std::string InputFileProblem(const std::string& path);

} // namespace r3d
} // namespace ns3

#endif /* R3D_INPUT_FILE_H */
