/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_AGENT_LIBRARY_H
#define R3D_AGENT_LIBRARY_H

#include <string>

namespace ns3
{
namespace r3d
{

/**
 * \ingroup r3d
 * \brief Load r3d's learning library (the PPO agent, which links LibTorch)
 *        into the process, once, on first use.
 *
 * The module's main library does not link LibTorch, so programs that never
 * use the agent do not pay for it (LibTorch costs about 1 s and 170 MB at
 * start-up). The first R3dPolicy that needs an agent type that is not
 * registered calls this; loading the library registers its TypeIds.
 *
 * \param[out] error why it could not be loaded (the module was built
 *             without LibTorch, or dlopen's message)
 * \return true if the library is loaded (now or before)
 */
bool LoadAgentLibrary(std::string& error);

} // namespace r3d
} // namespace ns3

#endif /* R3D_AGENT_LIBRARY_H */
