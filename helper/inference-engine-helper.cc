/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-engine-helper.h"

#include "type-id-aliases.h"

#include "ns3/abort.h"
#include "ns3/inference-allocator.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <stdexcept>
#include <vector>

namespace ns3
{

InferenceEngineHelper::InferenceEngineHelper()
{
    m_engine.SetTypeId("ns3::InferenceEngine");
    m_allocator = ResolveAllocator("ram");
}

void
InferenceEngineHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_engine.Set(name, value);
}

void
InferenceEngineHelper::SetDevice(const std::string& deviceName)
{
    m_engine.Set("DeviceName", StringValue(deviceName));
}

namespace
{

/// Short allocator names. A new allocator is added here (and nowhere else)
/// to get a short name; its TypeId name works without one.
const TypeIdAliases&
AllocatorAliases()
{
    static const TypeIdAliases aliases(InferenceAllocator::GetTypeId(),
                                       "allocator",
                                       {
                                           {"one-at-a-time", "ns3::OneAtATimeAllocator", {}},
                                           {"equal-share", "ns3::EqualShareAllocator", {}},
                                           {"ram", "ns3::RamAllocator", {}},
                                       });
    return aliases;
}

} // namespace

ObjectFactory
InferenceEngineHelper::ResolveAllocator(const std::string& type)
{
    return AllocatorAliases().Resolve(type);
}

Ptr<InferenceAllocator>
InferenceEngineHelper::CreateAllocator(const std::string& type)
{
    return ResolveAllocator(type).Create<InferenceAllocator>();
}

std::string
InferenceEngineHelper::GetAllocatorNames()
{
    return AllocatorAliases().GetNames();
}

InferenceEngineContainer
InferenceEngineHelper::Install(NodeContainer nodes) const
{
    InferenceEngineContainer engines;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        engines.Add(Install(*it));
    }
    return engines;
}

Ptr<InferenceEngine>
InferenceEngineHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(node->GetObject<InferenceEngine>(),
                    "node " << node->GetId() << " has an inference engine already");
    Ptr<InferenceEngine> engine = m_engine.Create<InferenceEngine>();
    engine->SetAttribute("Allocator", PointerValue(m_allocator.Create<InferenceAllocator>()));
    node->AggregateObject(engine);
    return engine;
}

} // namespace ns3
