/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_WORKLOAD_H
#define R3D_INFERENCE_WORKLOAD_H

#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief A scenario's model: its catalog name and the deadline of its requests.
 */
struct WorkloadModel
{
    std::string name; //!< model catalog name
    Time deadline;    //!< relative deadline of each request
};

/**
 * \ingroup r3d
 * \brief One arrival of a trace workload.
 */
struct TraceArrival
{
    Time at;        //!< arrival time
    uint32_t model; //!< model index (position in the scenario's model list)
};

/**
 * \ingroup r3d
 * \brief Parsing of the workload descriptions shared by clients, the
 *        controller and the scenario program.
 */
class InferenceWorkload
{
  public:
    /**
     * \brief Parse a model list "name[:deadlineMs],name[:deadlineMs],...".
     * \param spec the list, e.g. "mobilenet-v2:50,resnet50:150"
     * \param defaultDeadline deadline of models given without one
     * \return the models, in order
     * \throws std::invalid_argument naming the bad item (empty list, empty
     *         name, duplicate, deadline not a positive number, below
     *         ns-3's time resolution or beyond 1e12 ms)
     */
    static std::vector<WorkloadModel> ParseModels(const std::string& spec, Time defaultDeadline);

    /**
     * \brief The names of a model list.
     * \param models parsed models
     * \return their names, in order
     */
    static std::vector<std::string> Names(const std::vector<WorkloadModel>& models);

    /**
     * \brief Load a trace file: CSV lines "time_s,model" (every client
     *        replays them) or "time_s,model,node" (only the client on the
     *        node with that name); '#' starts a comment; an optional header
     *        line starting with "time" is skipped.
     * \param path the file
     * \param models the scenario's model names (the trace may only use these)
     * \param nodeName the name of the client's node
     * \param knownNodes the names a node column may hold (empty: not
     *        checked); a scenario passes its devices' names so that a row for
     *        a node it does not have is an error, not a silently idle trace
     * \param allRows if not null, set to the number of arrival rows in the
     *        file, for any node (0: the trace would generate nothing)
     * \return this client's arrivals, in time order
     * \throws std::invalid_argument "<path>:<line>: <problem>" for an
     *         unreadable file or a directory, a bad time (not a number,
     *         negative, or beyond 1e9 s: ns-3's Time ends near 9.2e9 s), an
     *         unknown model
     *         or node, a wrong column count or times that go backwards
     */
    static std::vector<TraceArrival> LoadTrace(const std::string& path,
                                               const std::vector<std::string>& models,
                                               const std::string& nodeName,
                                               const std::vector<std::string>& knownNodes = {},
                                               std::size_t* allRows = nullptr);
};

} // namespace ns3

#endif /* R3D_INFERENCE_WORKLOAD_H */
