/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-policy.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeploymentPolicy");

NS_OBJECT_ENSURE_REGISTERED(DeploymentPolicy);

TypeId
DeploymentPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DeploymentPolicy").SetParent<Object>().SetGroupName("R3d");
    return tid;
}

int64_t
DeploymentPolicy::AssignStreams(int64_t /* stream */)
{
    return 0;
}

void
DeploymentPolicy::CheckConfiguration()
{
}

} // namespace ns3
