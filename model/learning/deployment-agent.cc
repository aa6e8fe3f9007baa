/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-agent.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(DeploymentAgent);

TypeId
DeploymentAgent::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DeploymentAgent").SetParent<Object>().SetGroupName("R3d");
    return tid;
}

} // namespace ns3
