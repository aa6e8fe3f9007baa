/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MODULE_INFO_H
#define R3D_MODULE_INFO_H

#include <string>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \brief The module's version, as CITATION.cff states it (e.g. "0.1.0"),
 *        when the library was built; "unknown" if the build could not read it.
 * \return the version string
 */
std::string GetModuleVersion();

/**
 * \ingroup r3d
 * \brief The git commit the library was built from: the full hash, with
 *        "-dirty" appended when tracked files differed from it; "unknown"
 *        for a build outside a git checkout (a source tarball) or by the waf
 *        build (wscript-compat), which does not generate it.
 *
 * Written into every results document so that a figure can be traced back
 * to the code that produced it. Refreshed at every build (cmake -P
 * cmake/r3d-build-info.cmake), which recompiles only module-info.cc when
 * the commit changed.
 *
 * \return the commit string
 */
std::string GetBuildCommit();

} // namespace r3d
} // namespace ns3

#endif /* R3D_MODULE_INFO_H */
