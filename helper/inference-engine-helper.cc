/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-engine-helper.h"

#include "ns3/abort.h"
#include "ns3/inference-allocator.h"
#include "ns3/pointer.h"
#include "ns3/ram-allocator.h"
#include "ns3/string.h"

#include <stdexcept>

namespace ns3
{

InferenceEngineHelper::InferenceEngineHelper()
{
    m_engine.SetTypeId("ns3::InferenceEngine");
    m_allocator.SetTypeId("ns3::RamAllocator");
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

void
InferenceEngineHelper::SetAllocator(const std::string& name)
{
    Ptr<InferenceAllocator> byName = InferenceAllocator::CreateByName(name);
    if (byName)
    {
        m_allocator.SetTypeId(byName->GetInstanceTypeId());
        return;
    }
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(name, &tid) ||
        !tid.IsChildOf(InferenceAllocator::GetTypeId()))
    {
        throw std::invalid_argument("unknown allocator '" + name + "' (expected " +
                                    InferenceAllocator::GetNames() +
                                    ", or an InferenceAllocator TypeId)");
    }
    m_allocator.SetTypeId(tid);
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
