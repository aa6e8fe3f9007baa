/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_ENGINE_CONTAINER_H
#define R3D_INFERENCE_ENGINE_CONTAINER_H

#include "ns3/inference-engine.h"
#include "ns3/ptr.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The inference engines an InferenceEngineHelper installed, in the
 *        order of the nodes given to it.
 */
class InferenceEngineContainer
{
  public:
    /// Iterator over the engines.
    typedef std::vector<Ptr<InferenceEngine>>::const_iterator Iterator;

    /**
     * \brief Append an engine.
     * \param engine the engine
     */
    void Add(Ptr<InferenceEngine> engine);

    /**
     * \param i index
     * \return the i-th engine
     */
    Ptr<InferenceEngine> Get(uint32_t i) const;

    /** \return the number of engines */
    uint32_t GetN() const;

    /** \return iterator to the first engine */
    Iterator Begin() const;

    /** \return iterator past the last engine */
    Iterator End() const;

  private:
    std::vector<Ptr<InferenceEngine>> m_engines; //!< engines
};

} // namespace ns3

#endif /* R3D_INFERENCE_ENGINE_CONTAINER_H */
