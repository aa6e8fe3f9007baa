/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "compute-energy-model-helper.h"

#include "ns3/abort.h"
#include "ns3/compute-energy-model.h"
#include "ns3/double.h"
#include "ns3/energy-source.h"
#include "ns3/inference-engine.h"

namespace ns3
{

ComputeEnergyModelHelper::ComputeEnergyModelHelper()
{
    m_source.SetTypeId("ns3::BasicEnergySource");
    m_source.Set("BasicEnergySourceInitialEnergyJ", DoubleValue(1e9));
}

void
ComputeEnergyModelHelper::SetSourceAttribute(const std::string& name, const AttributeValue& value)
{
    m_source.Set(name, value);
}

DeviceEnergyModelContainer
ComputeEnergyModelHelper::Install(NodeContainer nodes) const
{
    EnergySourceContainer sources;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<EnergySource> source = m_source.Create<EnergySource>();
        source->SetNode(*it);
        // Aggregated as ns-3's EnergySourceHelper does, so scripts find it.
        Ptr<EnergySourceContainer> onNode = (*it)->GetObject<EnergySourceContainer>();
        if (!onNode)
        {
            onNode = CreateObject<EnergySourceContainer>();
            (*it)->AggregateObject(onNode);
        }
        onNode->Add(source);
        sources.Add(source);
    }
    return Install(nodes, sources);
}

DeviceEnergyModelContainer
ComputeEnergyModelHelper::Install(NodeContainer nodes, EnergySourceContainer sources) const
{
    NS_ABORT_MSG_IF(nodes.GetN() != sources.GetN(), "one energy source per node");
    DeviceEnergyModelContainer models;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<InferenceEngine> engine = nodes.Get(i)->GetObject<InferenceEngine>();
        NS_ABORT_MSG_IF(!engine,
                        "node " << nodes.Get(i)->GetId()
                                << " has no InferenceEngine: install one first");
        Ptr<ComputeEnergyModel> model = CreateObject<ComputeEnergyModel>();
        model->SetEngine(engine);
        model->SetEnergySource(sources.Get(i));
        sources.Get(i)->AppendDeviceEnergyModel(model);
        models.Add(model);
    }
    return models;
}

} // namespace ns3
