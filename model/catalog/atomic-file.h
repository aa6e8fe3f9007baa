/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_ATOMIC_FILE_H
#define R3D_ATOMIC_FILE_H

#include <string>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \brief Write a file atomically: to a temporary file beside it (suffixed
 *        with the process id), then renamed over it, so a reader never sees
 *        half a file and parallel runs never share a temporary.
 * \param path the file
 * \param contents its new contents
 * \throws std::runtime_error naming the file and the system's reason if it
 *         cannot be written or renamed (the temporary is removed)
 */
void WriteFileAtomically(const std::string& path, const std::string& contents);

/**
 * \ingroup r3d
 * \brief Why WriteFileAtomically could not write this file, found before a
 *        long run rather than after it: the path is a directory, or its
 *        temporary cannot be created beside it (tried, then removed).
 * \param path the file
 * \return "" if it can be written, else the reason ("is a directory",
 *         "No such file or directory", "Permission denied" ...)
 */
std::string OutputFileProblem(const std::string& path);

} // namespace r3d
} // namespace ns3

#endif /* R3D_ATOMIC_FILE_H */
