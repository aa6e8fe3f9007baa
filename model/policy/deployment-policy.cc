/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "deployment-policy.h"

#include "greedy-policy.h"
#include "oracle-policy.h"
#include "random-policy.h"
#include "static-policy.h"
#include "tier-policy.h"

#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/r3d-policy.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DeploymentPolicy");

NS_OBJECT_ENSURE_REGISTERED(DeploymentPolicy);

namespace
{

/**
 * \return the TypeId names of the concrete (constructible) subclasses of
 *         DeploymentPolicy registered in this program, sorted
 */
std::vector<std::string>
PolicyTypeNames()
{
    std::vector<std::string> names;
    TypeId base = DeploymentPolicy::GetTypeId();
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        if (tid != base && tid.IsChildOf(base) && tid.HasConstructor())
        {
            names.push_back(tid.GetName());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

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

Ptr<DeploymentPolicy>
DeploymentPolicy::CreateByName(const std::string& name)
{
    NS_LOG_FUNCTION(name);
    Tier tier;
    if (TierPolicy::TierFromPolicyName(name, tier))
    {
        Ptr<TierPolicy> policy = CreateObject<TierPolicy>();
        policy->SetTier(tier);
        return policy;
    }
    if (name == "random")
    {
        return CreateObject<RandomPolicy>();
    }
    if (name == "greedy")
    {
        return CreateObject<GreedyPolicy>();
    }
    if (name == "static")
    {
        return CreateObject<StaticPolicy>();
    }
    if (name == "r3d")
    {
        return CreateObject<R3dPolicy>();
    }
    if (name == "oracle")
    {
        return CreateObject<OraclePolicy>();
    }
    // Any registered subclass by TypeId name, e.g. a learning policy that
    // lives in another module.
    TypeId tid;
    if (TypeId::LookupByNameFailSafe(name, &tid) && tid.IsChildOf(GetTypeId()) &&
        tid.HasConstructor())
    {
        ObjectFactory factory;
        factory.SetTypeId(tid);
        return factory.Create<DeploymentPolicy>();
    }
    throw std::invalid_argument("unknown deployment policy '" + name +
                                "'; known: " + GetKnownNames());
}

std::string
DeploymentPolicy::GetKnownNames()
{
    std::string names = "local-only, edge-only, cloud-only, random, greedy, static, r3d, oracle";
    for (const std::string& type : PolicyTypeNames())
    {
        names += ", " + type;
    }
    return names;
}

} // namespace ns3
