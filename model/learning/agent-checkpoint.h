/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_AGENT_CHECKPOINT_H
#define R3D_AGENT_CHECKPOINT_H

#include "deployment-agent.h"

#include "ns3/mec-view.h"
#include "ns3/ptr.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Checkpoints of a DeploymentAgent: the weights (PyTorch format, a
 *        dict of named tensors) and a JSON sidecar beside them.
 *
 * For weights "agent.pt" the sidecar is "agent.json" (a path not ending in
 * ".pt" gets ".json" appended). The sidecar holds: format and version; the
 * algorithm and its hyper-parameters; the observation layout (per-pair
 * feature names, index) and the action layout (choices, index); the
 * scenario signature (models with weight bytes and deadline, devices with
 * memory and dynamic power, and an FNV-1a hash of those figures and of the
 * Roofline compute time of every model on every device); and the training
 * summary (free-form JSON from r3d-train).
 *
 * A checkpoint fits any scenario whose per-pair features have the same
 * names (Load refuses another layout): the agent scores every (node,
 * model) pair with one network from the pair's properties (weight bytes,
 * compute time, deadline, demand, load state), never its identity, so
 * other models, node counts and devices are inputs, not a mismatch.
 * Compare says how a scenario differs from the training one, for the
 * record (MecScenario writes it as the "checkpointScenario" parameter).
 */
class AgentCheckpoint
{
  public:
    /**
     * \param weights the weights' path
     * \return the sidecar's path
     */
    static std::string SidecarPath(const std::string& weights);

    /**
     * \brief The scenario signature of a view (JSON text).
     * \param view a controller's view (inventory, models, compute times)
     * \return {"models": [...], "devices": [...], "hash": "..."}
     */
    static std::string Signature(const MecView& view);

    /**
     * \brief Write weights and sidecar, each atomically.
     * \param path the weights' path
     * \param agent the agent
     * \param signature Signature() of the training scenario
     * \param training training summary (a JSON object's text)
     * \throws std::runtime_error if a file cannot be written
     */
    static void Save(const std::string& path,
                     Ptr<DeploymentAgent> agent,
                     const std::string& signature,
                     const std::string& training);

    /**
     * \brief What Load takes from a checkpoint's sidecar (ReadSidecar).
     */
    struct Sidecar
    {
        std::string algorithm; //!< the agent's algorithm, e.g. "ppo"
        /// The hyper-parameters, in the file's order: name and value.
        std::vector<std::pair<std::string, double>> hyperParameters;
        std::string scenario; //!< the training scenario's Signature() (JSON text)
    };

    /**
     * \brief Read and validate a checkpoint's sidecar, without an agent
     *        (Load's first half; no LibTorch needed, so it is fuzzed on its
     *        own: fuzz/checkpoint-sidecar-fuzzer.cc).
     *
     * Checks, in this order: the file is readable and valid JSON; "format"
     * is "r3d-agent-checkpoint"; "version" is the one this build reads;
     * "algorithm" is \p algorithm; "observation.perPair" names this build's
     * per-pair features (DeploymentFeatures::GetNames); "hyperParameters" is
     * an object whose names are all in \p hyperParameters, with numbers as
     * values (whole numbers in [0, 2^32) for Hidden, Seed and Epochs, the
     * agent's unsigned integers); "scenario" is a signature: an object with
     * a string "hash" and a "models" array of objects with a string "name"
     * (what Compare reads).
     * \param path the weights' path (the sidecar is SidecarPath(path))
     * \param algorithm the algorithm of the agent the checkpoint is for
     * \param hyperParameters the names of that agent's hyper-parameters
     *        (DeploymentAgent::GetHyperParameters): the sidecar may set only
     *        these
     * \return the sidecar's algorithm, hyper-parameters and signature
     * \throws std::invalid_argument "checkpoint '<path>': ..." naming the
     *         sidecar, the field and what is wrong
     */
    static Sidecar ReadSidecar(const std::string& path,
                               const std::string& algorithm,
                               const std::vector<std::string>& hyperParameters);

    /**
     * \brief Read a checkpoint into an agent: reads the sidecar
     *        (ReadSidecar), sets the agent's hyper-parameters from it, then
     *        loads the weights.
     * \param path the weights' path
     * \param agent an agent of the sidecar's algorithm, not used yet
     * \return the sidecar's signature (JSON text), to check against scenarios
     * \throws std::invalid_argument naming the file and what is wrong (a
     *         hyper-parameter the agent refuses included)
     */
    static std::string Load(const std::string& path, Ptr<DeploymentAgent> agent);

    /**
     * \brief How a scenario differs from the one a checkpoint was trained on.
     * \param signature the checkpoint's Signature()
     * \param view the scenario's view
     * \return "" if the signature hashes agree, else what differs: the
     *         models (names in order), their figures (weight bytes or
     *         deadlines), the devices (catalog device or memory for models),
     *         or the Roofline compute times
     * \throws std::invalid_argument if \p signature is not a signature's JSON
     */
    static std::string Compare(const std::string& signature, const MecView& view);
};

} // namespace ns3

#endif /* R3D_AGENT_CHECKPOINT_H */
