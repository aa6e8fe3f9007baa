/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CACHE_POLICY_H
#define R3D_CACHE_POLICY_H

#include "deployment-policy.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Baselines "lru" and "lfu": on-demand caching of models at the edge,
 *        with least recently or least frequently requested eviction.
 *
 * At every decision:
 * - **Cloud** (tier CLOUD): the fallback holder. Every model not held on a
 *   cloud node is deployed there, in model index order, while its
 *   MecView::MemoryBytes fits the node's MecView::FreeMemory minus what this
 *   decision already deployed there (at the first decision: every model that
 *   fits). The cloud is never evicted.
 * - **Edge servers** (tier EDGE) are caches for the origins at their site
 *   (origin o is at site nodes[origins[o]].site; an edge at site
 *   MecNodeInfo::site). The site's requested set R holds the models the
 *   site's origins requested since the previous decision
 *   (MecView::recentRequests summed over them, > 0) when the view has the
 *   counts; in a view without them (built by hand), the models whose demand
 *   summed over the site's origins is > 0 requests/s (a NaN counts as no
 *   demand). Per (edge, model) the policy keeps:
 *   - lastRequested: the decision time of the latest decision at which the
 *     model was in R (the LRU key; never requested: older than any time);
 *   - frequency: the number of requests so far: the counts, or without
 *     them the site demand (requests/s) times the time since the previous
 *     decision (s), summed over decisions (the LFU key; the first decision
 *     adds nothing without counts).
 *   Then for every model of R not held on the edge (READY or LOADING count
 *   as held), by site demand descending (ties by model index): if its
 *   MemoryBytes exceed the memory available (FreeMemory minus what this
 *   decision already deployed on the edge, plus what it already evicted),
 *   held models that are not in R are evicted, one at a time, until it fits:
 *   - lru (default): least recently requested first; ties: lower frequency,
 *     then lower model index;
 *   - lfu: least frequently requested first; ties: older lastRequested, then
 *     lower model index.
 *   If it cannot fit even after evicting every held model not in R (or its
 *   MemoryBytes exceed the edge's memoryCapacity), it is not deployed and
 *   nothing is evicted for it. A model requested in the current interval is
 *   never evicted and memory is never overcommitted.
 * - **End devices** (tier END) are never touched.
 *
 * Actions: cloud deploys first, then per edge in node index order its
 * evictions, each before the DEPLOY it makes room for. DEPLOYs have source
 * 0: the controller fetches the weights from the nearest holder. Nothing is
 * done for a model already held.
 *
 * How it differs from a per-request cache in a server: a miss does not load
 * the model at once. Loads happen at control-interval granularity, driven by
 * the demand reports the controller received, so the cache reacts one
 * interval late (and by the reports' age); while a model is missing or
 * loading at the edge its requests are served by the nearest holder (the
 * cloud). The recency and frequency keys are per interval, not per request.
 * This is the fair comparison: every policy, r3d included, acts only at
 * control intervals, on the same reports, through the same DeploymentPolicy
 * interface, and pays the same load times.
 *
 * State (the keys and the previous decision time) lives in the policy
 * object, sized from the view at the first decision and reset when the
 * view's node or model count changes: one policy object per controller.
 */
class CachePolicy : public DeploymentPolicy
{
  public:
    /// Which held model to evict first.
    enum Eviction : uint8_t
    {
        LRU = 0, //!< least recently requested
        LFU = 1  //!< least frequently requested (estimated requests)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Create an LRU policy (set the Eviction attribute for LFU).
    CachePolicy();

    std::vector<DeploymentAction> Decide(const MecView& view) override;

    /**
     * \param eviction the eviction order
     */
    void SetEviction(Eviction eviction);

    /** \return the eviction order */
    Eviction GetEviction() const;

    /**
     * \brief The LRU key of a model on an edge node.
     * \param node node index
     * \param model model index
     * \return the decision time, s, of the latest decision at which the
     *         model was requested at the node's site (-infinity if never, or
     *         before the first decision)
     */
    double GetLastRequested(uint32_t node, uint32_t model) const;

    /**
     * \brief The LFU key of a model on an edge node.
     * \param node node index
     * \param model model index
     * \return estimated requests for the model at the node's site so far
     *         (sum of site demand, requests/s, times decision interval, s);
     *         0 before the first decision
     */
    double GetFrequency(uint32_t node, uint32_t model) const;

  private:
    /**
     * \brief Size (and clear) the state for a view if its node or model
     *        count differs from the state's.
     * \param view the controller's view
     */
    void Resize(const MecView& view);

    /**
     * \brief Whether \p a should be evicted before \p b on \p node.
     * \param node node index
     * \param a model index
     * \param b model index
     * \return true if \p a goes first
     */
    bool EvictBefore(uint32_t node, uint32_t a, uint32_t b) const;

    /**
     * \brief The cloud's actions: deploy every missing model that fits.
     * \param view the controller's view
     * \param node a cloud node index
     * \param[in,out] actions appended to
     */
    void DecideCloud(const MecView& view,
                     uint32_t node,
                     std::vector<DeploymentAction>& actions) const;

    /**
     * \brief An edge's actions, after updating its keys.
     * \param view the controller's view
     * \param node an edge node index
     * \param interval time since the previous decision, s (0 at the first)
     * \param[in,out] actions appended to
     */
    void DecideEdge(const MecView& view,
                    uint32_t node,
                    double interval,
                    std::vector<DeploymentAction>& actions);

    Eviction m_eviction; //!< eviction order
    uint32_t m_nodes;    //!< node count the state is sized for
    uint32_t m_models;   //!< model count the state is sized for
    bool m_decided;      //!< true once a decision was made on this state
    Time m_lastDecision; //!< time of the previous decision
    /// [node][model]: decision time, s, the model was last requested at the
    /// node's site (-infinity: never); used for edge nodes only
    std::vector<std::vector<double>> m_lastRequested;
    /// [node][model]: estimated requests at the node's site (site demand,
    /// requests/s, times interval, s, summed); used for edge nodes only
    std::vector<std::vector<double>> m_frequency;
};

} // namespace ns3

#endif /* R3D_CACHE_POLICY_H */
