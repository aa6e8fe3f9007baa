/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_RESULTS_H
#define R3D_MEC_RESULTS_H

#include "ns3/deployment-cost.h"
#include "ns3/device-profile.h"
#include "ns3/mec-node-energy.h"
#include "ns3/request-tracker.h"

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief What a scenario measured on one server node, for MecResults.
 */
struct MecNodeResult
{
    std::string name;               //!< node name
    Tier tier{Tier::EDGE};          //!< tier
    std::string device;             //!< device catalog name
    std::string runtime;            //!< inference runtime its engine used
    std::string precision;          //!< precision its models ran at ("fp16", ...)
    double modelMemory{0};          //!< memory for models, bytes (MecServer::GetModelMemory)
    double computeUtilization{0};   //!< mean compute share in use over the run
    double bandwidthUtilization{0}; //!< mean bandwidth share in use over the run
    MecNodeEnergy energy;           //!< J, by component, idle and dynamic
    bool energyMeasured{true};      //!< false: no energy model on the node; its energy
                                    //!< is written as null and printed "not measured"
    uint64_t loads{0};              //!< models loaded
    uint64_t evictions{0};          //!< models evicted
    uint64_t migrations{0};         //!< migrations completed here
    uint64_t bytesMoved{0};         //!< weight bytes received
};

/**
 * \ingroup r3d
 * \brief Summarizes a MEC scenario run: the results JSON, the per-request
 *        CSV and the summary table (see doc/r3d.rst, "Results").
 *
 * Latency statistics are over completed requests; percentiles interpolate
 * linearly between order statistics (Hyndman and Fan's type 7, NumPy's
 * default). Per tier means the tier of the node that served the request.
 */
class MecResults
{
  public:
    /**
     * \param tracker the scenario's request tracker
     * \param models model names, by model index
     * \param nodes per server node index
     */
    MecResults(Ptr<MecRequestTracker> tracker,
               std::vector<std::string> models,
               std::vector<MecNodeResult> nodes);

    /**
     * \brief Add a run parameter to the results' "parameters" object, as a
     *        JSON string.
     * \param name parameter name
     * \param value its value as given
     */
    void AddParameter(const std::string& name, const std::string& value);
    /// \copydoc AddParameter(const std::string&, const std::string&)
    void AddParameter(const std::string& name, const char* value);
    /**
     * \brief Add a numeric run parameter (a JSON number).
     * \param name parameter name
     * \param value its value, in the unit of its command-line option
     */
    void AddParameter(const std::string& name, double value);
    /**
     * \brief Add an integer run parameter (a JSON integer).
     * \param name parameter name
     * \param value its value
     */
    void AddParameter(const std::string& name, int64_t value);
    /**
     * \brief Add a yes/no run parameter (a JSON boolean).
     * \param name parameter name
     * \param value its value
     */
    void AddParameter(const std::string& name, bool value);

    /**
     * \brief Set the run's identity.
     * \param seed RngSeedManager seed
     * \param run RngSeedManager run number
     * \param simTime simulated time
     * \param wallClockS wall-clock seconds of the run
     */
    void SetRun(uint32_t seed, uint64_t run, double simTime, double wallClockS);

    /**
     * \brief Set the number of events the simulator executed (reported as
     *        "events", for the cost of a run: events per wall-clock second).
     * \param events Simulator::GetEventCount() at the end of the run
     */
    void SetEvents(uint64_t events);

    /**
     * \brief Leave requests generated before \p seconds out of the request
     *        counts and latency statistics (a warm-up period); the JSON's
     *        requests.warmupExcluded counts them. Energy, deployments and
     *        cost are the caller's to measure after the same time.
     * \param seconds warm-up, s (0: none)
     */
    void SetWarmup(double seconds);

    /**
     * \brief Add the run's cost (the "cost" object and a summary line).
     * \param mean mean terms over the run's control intervals
     * \param intervals number of intervals
     * \param weights the cost's weights, by attribute name
     */
    void SetCost(const CostTerms& mean,
                 std::size_t intervals,
                 const std::vector<std::pair<std::string, double>>& weights);

    /**
     * \return the results document as JSON text
     */
    std::string ToJson() const;

    /**
     * \return one CSV row per request, with a header row
     */
    std::string ToCsv() const;

    /**
     * \brief Print a short summary table.
     * \param os the stream
     */
    void PrintSummary(std::ostream& os) const;

    /**
     * \brief Percentile of sorted values (type 7).
     * \param sorted values in ascending order (not empty)
     * \param p percentile in [0, 100]
     * \return the interpolated value
     */
    static double Percentile(const std::vector<double>& sorted, double p);

  private:
    Ptr<MecRequestTracker> m_tracker;   //!< requests
    std::vector<std::string> m_models;  //!< model names
    std::vector<MecNodeResult> m_nodes; //!< per node

    /// A run parameter: text, a number or a boolean.
    struct Parameter
    {
        std::string name;   //!< its name
        std::string text;   //!< the value, if a string
        double number{0};   //!< the value, if a number
        int64_t integer{0}; //!< the value, if an integer
        char kind{'s'};     //!< 's' string, 'n' number, 'i' integer, 'b' boolean (number != 0)
    };

    std::vector<Parameter> m_parameters; //!< run parameters, in the order added
    uint64_t m_events{0};                //!< simulator events executed
    uint32_t m_seed{1};                  //!< seed
    uint64_t m_run{1};                   //!< run
    double m_simTime{0};                 //!< simulated seconds
    double m_wallClock{0};               //!< wall-clock seconds
    double m_warmup{0};                  //!< warm-up, s
    bool m_hasCost{false};               //!< SetCost called
    CostTerms m_cost;                    //!< mean cost terms
    std::size_t m_costIntervals{0};      //!< intervals
    std::vector<std::pair<std::string, double>> m_costWeights; //!< cost weights
};

} // namespace ns3

#endif /* R3D_MEC_RESULTS_H */
