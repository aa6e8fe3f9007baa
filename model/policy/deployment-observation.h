/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEPLOYMENT_OBSERVATION_H
#define R3D_DEPLOYMENT_OBSERVATION_H

#include "mec-view.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief A named contiguous range of an observation vector.
 */
struct ObservationBlock
{
    std::string name;        //!< e.g. "node[2]", "origin[0]", "computeTime", "weight"
    uint32_t offset{0};      //!< first element
    uint32_t size{0};        //!< number of elements
    std::string description; //!< what the elements are, in order
};

/**
 * \ingroup r3d
 * \brief Scales that bring the observation's features to about [0, 1].
 */
struct ObservationNorms
{
    double queue{16};         //!< jobs: queueLength and runningJobs are divided by it
    double age{5};            //!< s: report age is divided by it
    double rate{20};          //!< requests/s: demand is divided by it
    double rttMs{200};        //!< ms: round trips are divided by it
    double linkMbps{1000};    //!< Mbit/s: Wi-Fi rate and goodput are divided by it
    double signalMinDbm{-90}; //!< dBm mapped to 0
    double signalMaxDbm{-30}; //!< dBm mapped to 1
};

/**
 * \ingroup r3d
 * \brief The fixed-size numeric form of a MecView and of deployment actions,
 *        for learning policies.
 *
 * Sizes are fixed at construction: N nodes, M models, D origins. Encode
 * returns GetSize() floats, every one in [0, 1]; a value that is missing
 * (never reported, NaN) is 0 and the node's or origin's "reported" flag
 * tells it apart from a true 0. Order (GetLayout gives the same as blocks):
 *
 * - per node n (11 + M each): tier one-hot (end, edge, cloud); reported;
 *   down; report age / age norm; queueLength / queue norm; runningJobs /
 *   queue norm; computeUtilization; bandwidthUtilization; FreeMemory /
 *   memoryCapacity; per model its state (0 absent, 0.5 loading, 1 ready);
 * - per origin o (3 + M + 2N each): reported; per model demand / rate norm;
 *   signal, -90 dBm -> 0 .. -30 dBm -> 1; phyRateMbps / link norm; per host
 *   node goodputMbps / link norm; per host node rttMs / RTT norm;
 * - per (node, model), index n*M + m: x / (1 + x) with x = computeTime /
 *   deadline (1 for an infinite compute time; deadline 1 s if not positive);
 * - per model: weightBytes / the largest memoryCapacity.
 *
 * Every ratio is clipped to [0, 1].
 *
 * Actions are factorized: one choice per (node, model), index n*M + m,
 * among KEEP (0), DEPLOY (1), EVICT (2). Mask gives the feasible choices;
 * ToActions turns a choice vector into DeploymentActions.
 */
class DeploymentObservation
{
  public:
    /// The choice for one (node, model) pair.
    enum Choice : uint8_t
    {
        KEEP = 0,   //!< leave it as it is
        DEPLOY = 1, //!< load the model on the node
        EVICT = 2   //!< free the model's memory on the node
    };

    /// Number of choices per (node, model) pair.
    static constexpr uint32_t N_CHOICES = 3;

    /**
     * \param nNodes server nodes (N)
     * \param nModels models (M)
     * \param nOrigins origins, i.e. clients (D)
     * \param norms feature scales
     */
    DeploymentObservation(uint32_t nNodes,
                          uint32_t nModels,
                          uint32_t nOrigins,
                          const ObservationNorms& norms = ObservationNorms());

    /** \return N */
    uint32_t GetNodes() const;
    /** \return M */
    uint32_t GetModels() const;
    /** \return D */
    uint32_t GetOrigins() const;
    /** \return the feature scales */
    const ObservationNorms& GetNorms() const;

    /** \return the observation's length: N (11 + M) + D (3 + M + 2N) + N M + M */
    uint32_t GetSize() const;
    /** \return the length of one node's block: 11 + M */
    uint32_t GetNodeBlockSize() const;
    /** \return the length of one origin's block: 3 + M + 2N */
    uint32_t GetOriginBlockSize() const;
    /**
     * \param node node index
     * \return offset of the node's block
     */
    uint32_t GetNodeOffset(uint32_t node) const;
    /**
     * \param origin origin index
     * \return offset of the origin's block
     */
    uint32_t GetOriginOffset(uint32_t origin) const;
    /** \return offset of the computeTime block (N M elements) */
    uint32_t GetComputeOffset() const;
    /** \return offset of the weight block (M elements) */
    uint32_t GetWeightOffset() const;

    /**
     * \return the blocks, in order, contiguous and covering [0, GetSize())
     *         (saved with checkpoints so an agent can check its input)
     */
    std::vector<ObservationBlock> GetLayout() const;

    /**
     * \param view a view with N nodes, M models and D origins
     * \return the observation, GetSize() values in [0, 1]
     * \throws std::invalid_argument if the view's sizes differ
     */
    std::vector<float> Encode(const MecView& view) const;

    /** \return the number of factorized choices: N M */
    uint32_t GetActionCount() const;

    /**
     * \brief Feasible choices, each judged alone.
     * \param view the view
     * \return N M 3 flags, index (n M + m) 3 + choice: KEEP always 1;
     *         DEPLOY 1 iff the model is not held and weightBytes <=
     *         FreeMemory; EVICT 1 iff held (READY or LOADING)
     * \throws std::invalid_argument if the view's sizes differ
     */
    std::vector<uint8_t> Mask(const MecView& view) const;

    /**
     * \brief Turn choices into actions.
     *
     * A DEPLOY of a held model and an EVICT of a model not held are ignored.
     * The k-th deploy of a model (in node order) and its k-th eviction (in
     * node order) make one MIGRATE (target = the deploy's node, source = the
     * eviction's node): the source evicts once the target is ready, so its
     * memory is not available to this vector's deploys. The other evictions
     * are applied first and free their memory; the deploys then follow in
     * node-then-model order, each skipped if it no longer fits the memory
     * left by the evictions and the earlier deploys (sequential
     * feasibility). If a skipped deploy was to be a MIGRATE, its eviction
     * pairs with a later accepted deploy of the same model, or stays a plain
     * EVICT (whose memory is then not reused in this vector).
     *
     * Output: EVICTs (node, model order), then DEPLOYs and MIGRATEs (node,
     * model order). Applied in order, no node's memory is exceeded.
     *
     * \param view the view
     * \param choices N M choices in {0, 1, 2}, index n M + m
     * \return the actions
     * \throws std::invalid_argument on a wrong size or a choice > 2
     */
    std::vector<DeploymentAction> ToActions(const MecView& view,
                                            const std::vector<uint32_t>& choices) const;

  private:
    /**
     * \param view a view
     * \throws std::invalid_argument unless it has N nodes, M models, D origins
     */
    void CheckView(const MecView& view) const;

    uint32_t m_nodes;         //!< N
    uint32_t m_models;        //!< M
    uint32_t m_origins;       //!< D
    ObservationNorms m_norms; //!< feature scales
};

} // namespace ns3

#endif /* R3D_DEPLOYMENT_OBSERVATION_H */
