/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-info.h"

// Written at build time by cmake/r3d-build-info.cmake (path given by the
// build); absent in builds that do not run it.
#ifdef R3D_BUILD_INFO_HEADER
#include R3D_BUILD_INFO_HEADER
#endif

#ifndef R3D_MODULE_VERSION
#define R3D_MODULE_VERSION "unknown"
#endif
#ifndef R3D_BUILD_COMMIT
#define R3D_BUILD_COMMIT "unknown"
#endif

namespace ns3
{
namespace r3d
{

std::string
GetModuleVersion()
{
    return R3D_MODULE_VERSION;
}

std::string
GetBuildCommit()
{
    return R3D_BUILD_COMMIT;
}

} // namespace r3d
} // namespace ns3
