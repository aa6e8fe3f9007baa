/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_SCENARIO_DISTRIBUTION_H
#define R3D_SCENARIO_DISTRIBUTION_H

#include "mec-scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief A distribution of MEC scenarios to train an agent on: each
 *        training episode draws its model subset, device count, popularity
 *        and memory limits from it (r3d-train --distribution).
 *
 * A JSON object (data/r3d-training-distribution.json) whose keys are
 * optional; each list is a set of values drawn uniformly:
 *
 * \code
 * {
 *   "models": {"pool": ["mobilenet-v2:50", "resnet18:60", ...], "min": 4, "max": 8},
 *   "nDevices": [4, 8, 12],   "devicesPerEdge": 4,
 *   "zipf": [0.6, 1.0, 1.4],  "shiftInterval": [5, 10, 20],
 *   "memoryEnd": ["0.05", "0.1"], "memoryEdge": ["0.2", "0.3", "0.5"],
 *   "rateProfile": ["constant", "sine:30:0.5"]
 * }
 * \endcode
 *
 * "models" draws a subset of between min and max of the pool's entries
 * (each "name:deadlineMs" as --models takes them), kept in pool order;
 * nEdges is nDevices / devicesPerEdge rounded up. A key that is absent
 * leaves the scenario's own value. The draws use ns-3's generator
 * (MRG32k3a, RngStream) on a stream of their own, substream = the
 * episode's RngRun, so the seed and the run govern them and they take no
 * stream number from the simulation (its random realization is the one
 * r3d-mec-scenario makes with the same RngRun and parameters).
 */
class ScenarioDistribution
{
  public:
    /**
     * \brief Read a distribution file.
     * \param path the JSON file
     * \return the distribution
     * \throws std::invalid_argument naming the file and the key or entry that
     *         is wrong (unknown key, empty list, value out of range, min >
     *         max, max > pool size)
     */
    static ScenarioDistribution Load(const std::string& path);

    /**
     * \brief Draw a scenario.
     * \param p the parameters to change (keys absent from the file are kept)
     * \param seed the RngSeed
     * \param run the episode's RngRun
     */
    void Apply(MecScenarioParameters& p, uint32_t seed, uint64_t run) const;

    /**
     * \param p parameters Apply changed
     * \return what Apply draws, in a few words ("6 models, 8 devices,
     *         zipf 1, shift 10 s, memory end 0.1 edge 0.3, constant")
     */
    std::string Describe(const MecScenarioParameters& p) const;

    /** \return the file it was read from */
    const std::string& GetFile() const;

  private:
    std::string m_file;                    //!< the file
    std::vector<std::string> m_pool;       //!< models pool ("name:deadlineMs")
    uint32_t m_minModels{0};               //!< subset size, at least
    uint32_t m_maxModels{0};               //!< subset size, at most
    std::vector<uint32_t> m_nDevices;      //!< device counts
    uint32_t m_devicesPerEdge{4};          //!< devices per edge
    std::vector<double> m_zipf;            //!< Zipf exponents
    std::vector<double> m_shiftInterval;   //!< s
    std::vector<std::string> m_memoryEnd;  //!< --memoryEnd values
    std::vector<std::string> m_memoryEdge; //!< --memoryEdge values
    std::vector<std::string> m_profiles;   //!< --rateProfile values
};

} // namespace ns3

#endif /* R3D_SCENARIO_DISTRIBUTION_H */
