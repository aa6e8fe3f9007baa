/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-engine-container.h"

namespace ns3
{

void
InferenceEngineContainer::Add(Ptr<InferenceEngine> engine)
{
    m_engines.push_back(engine);
}

Ptr<InferenceEngine>
InferenceEngineContainer::Get(uint32_t i) const
{
    return m_engines.at(i);
}

uint32_t
InferenceEngineContainer::GetN() const
{
    return m_engines.size();
}

InferenceEngineContainer::Iterator
InferenceEngineContainer::Begin() const
{
    return m_engines.begin();
}

InferenceEngineContainer::Iterator
InferenceEngineContainer::End() const
{
    return m_engines.end();
}

} // namespace ns3
