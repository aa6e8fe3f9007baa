/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "agent-library.h"

#include "ns3/log.h"

#include <dlfcn.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AgentLibrary");

namespace r3d
{

bool
LoadAgentLibrary(std::string& error)
{
#ifndef R3D_AGENT_LIBRARY
    error = "r3d was built without LibTorch (configure found none, or -DR3D_TORCH=OFF), so its "
            "learning agent (ns3::PpoAgent) is not available";
    return false;
#else
    static void* handle = nullptr;
    static std::string lastError;
    if (handle)
    {
        return true;
    }
    // The path CMake built it at; then the bare file name, which the dynamic
    // linker looks up in this library's run path and LD_LIBRARY_PATH (an
    // installed or relocated build).
    for (const char* name : {R3D_AGENT_LIBRARY, R3D_AGENT_LIBRARY_NAME})
    {
        handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
        if (handle)
        {
            NS_LOG_INFO("loaded " << name);
            return true;
        }
        const char* message = dlerror();
        lastError = message ? message : name;
    }
    error = "cannot load r3d's learning library: " + lastError;
    return false;
#endif
}

} // namespace r3d
} // namespace ns3
