/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Cost of one deployment decision made in-process (R3D) next to the cost of
// shipping the same observation to an agent in another process and its
// action back over ZeroMQ (ns3-gym's REQ/REP design), in one run.
//
//   build/bin/r3d-decision-benchmark [--iterations=2000] [--devices=8]
//                                    [--models=4] [--output=FILE]
//
// The controller's view is built by hand, of the default scenario's size:
// --devices IoT devices (tier END, 4 GB, jetson-nano), 2 edges (32 GB,
// jetson-agx-xavier) and the cloud (32 GB, v100), in that node order; one
// origin per device, on its own node; the default scenario's four models
// (mobilenet-v2, resnet18, resnet50, ssd-mobilenet-v1), then synthetic ones
// up to --models. Every node and origin has reported: demand of 1 to 5
// requests/s per origin and model, goodput and round trip to the edges and
// the cloud, a few models READY (LOADING on the cloud), small queues.
//
// Timed with std::chrono::steady_clock, after 50 warm-up calls each, over
// --iterations calls (median, 10th and 90th percentile, in microseconds):
//
// - "decide": R3dPolicy::Decide with an untrained PpoAgent (default
//   attributes, greedy): the whole observation-to-action path (features,
//   mask, network forward, ToActions);
// - "features + mask": DeploymentFeatures::Encode and
//   DeploymentObservation::Mask alone;
// - "forward": PpoAgent::Act alone on precomputed features and mask (the
//   LibTorch share);
// - "zmq round trip": a REQ socket sends a message of the observation's size
//   (N M F float32 features + N M 3 mask bytes, the features' actual bytes)
//   to a REP socket served by a thread of this process over
//   tcp://127.0.0.1, which replies N M bytes (one choice per pair) at once,
//   computing nothing. This is the transport alone: an external agent would
//   add its own forward pass, so the ns3-gym-style cost of a decision is
//   about round trip + forward (medians added; the features and ToActions
//   would still run in the simulator).

#include "ns3/core-module.h"
#include "ns3/deployment-cost.h"
#include "ns3/deployment-features.h"
#include "ns3/deployment-observation.h"
#include "ns3/mec-view.h"
#include "ns3/option-values.h"
#include "ns3/ppo-agent.h"
#include "ns3/program-support.h"
#include "ns3/r3d-policy.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sched.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include <zmq.h>

using namespace ns3;

namespace
{

/// Calls before timing starts, for every measurement.
const uint32_t WARMUP = 50;

/// Named models: the default scenario's (helper/mec-scenario.h).
struct ModelSpec
{
    const char* name;    //!< catalog name
    double weightBytes;  //!< memory when deployed
    double inputBytes;   //!< request size
    double resultBytes;  //!< result size
    double deadline;     //!< s
    double computeEnd;   //!< s, alone on a jetson-nano
    double computeEdge;  //!< s, alone on a jetson-agx-xavier
    double computeCloud; //!< s, alone on a v100
};

const ModelSpec MODELS[] = {
    {"mobilenet-v2", 14e6, 150528, 4000, 0.05, 0.030, 0.006, 0.0015},
    {"resnet18", 47e6, 150528, 4000, 0.06, 0.045, 0.008, 0.0020},
    {"resnet50", 102e6, 150528, 4000, 0.1, 0.110, 0.016, 0.0040},
    {"ssd-mobilenet-v1", 27e6, 270000, 2400, 0.08, 0.060, 0.010, 0.0030},
};

/// Edges of the default scenario.
const uint32_t EDGES = 2;

/**
 * \param nDevices IoT devices (one origin each)
 * \param nModels models (the four named ones, then synthetic ones)
 * \return a view of the default scenario's shape in which every node and
 *         origin has reported
 */
MecView
BuildView(uint32_t nDevices, uint32_t nModels)
{
    std::mt19937 rng(12345);
    auto uniform = [&rng](double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng);
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();

    MecView v;
    v.now = Seconds(30);
    auto node = [&v](const std::string& name,
                     Tier tier,
                     const std::string& device,
                     int32_t site,
                     double memory,
                     double power) {
        MecNodeInfo info;
        info.index = v.nodes.size();
        info.nodeId = info.index;
        info.name = name;
        info.tier = tier;
        info.device = device;
        info.site = site;
        info.address = Ipv4Address(0x0a000001 + info.index); // 10.0.0.1, ...
        info.memoryCapacity = memory;
        info.dynamicPower = power;
        v.nodes.push_back(info);
    };
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        node("device-" + std::to_string(i), Tier::END, "jetson-nano", i % EDGES, 4e9, 5);
    }
    for (uint32_t e = 0; e < EDGES; ++e)
    {
        node("edge-" + std::to_string(e), Tier::EDGE, "jetson-agx-xavier", e, 32e9, 20);
    }
    node("cloud", Tier::CLOUD, "v100", -1, 32e9, 250);
    const uint32_t nNodes = v.nodes.size();
    const uint32_t firstEdge = nDevices;
    const uint32_t cloud = nNodes - 1;

    // Models: the named ones, then variants of them (larger, same deadline).
    v.computeTime.assign(nNodes, std::vector<double>(nModels, 0.0));
    for (uint32_t m = 0; m < nModels; ++m)
    {
        const ModelSpec& spec = MODELS[m % 4];
        const double scale = 1 + 0.25 * (m / 4);
        v.models.push_back(m < 4 ? std::string(spec.name)
                                 : std::string(spec.name) + "-v" + std::to_string(m / 4));
        v.weightBytes.push_back(spec.weightBytes * scale);
        v.inputBytes.push_back(spec.inputBytes);
        v.resultBytes.push_back(spec.resultBytes);
        v.deadline.push_back(spec.deadline);
        for (uint32_t n = 0; n < nNodes; ++n)
        {
            const Tier tier = v.nodes[n].tier;
            const double t = tier == Tier::END    ? spec.computeEnd
                             : tier == Tier::EDGE ? spec.computeEdge
                                                  : spec.computeCloud;
            v.computeTime[n][m] = t * scale;
        }
    }

    // Reports: edge e holds the models m with m % 2 == e, the cloud holds
    // every third model and is loading the next, every third device holds
    // the first model.
    v.status.resize(nNodes);
    for (uint32_t n = 0; n < nNodes; ++n)
    {
        MecNodeStatus& s = v.status[n];
        const Tier tier = v.nodes[n].tier;
        s.reported = true;
        s.reportTime = v.now - Seconds(uniform(0.05, 0.5));
        s.models.assign(nModels, ModelState::ABSENT);
        s.serveRate.assign(nModels, 0.0);
        for (uint32_t m = 0; m < nModels; ++m)
        {
            if ((tier == Tier::EDGE && m % EDGES == n - firstEdge) ||
                (tier == Tier::CLOUD && m % 3 == 0) || (tier == Tier::END && n % 3 == 0 && m == 0))
            {
                s.models[m] = ModelState::READY;
                s.serveRate[m] = uniform(2, 12);
            }
            else if (tier == Tier::CLOUD && m % 3 == 1)
            {
                s.models[m] = ModelState::LOADING;
            }
        }
        double held = 0;
        for (uint32_t m = 0; m < nModels; ++m)
        {
            held += s.models[m] != ModelState::ABSENT ? v.weightBytes[m] : 0;
        }
        s.freeMemory = std::max(0.0, v.nodes[n].memoryCapacity - held);
        s.queueLength = tier == Tier::END ? 0 : uint32_t(uniform(0, 4));
        s.runningJobs = tier == Tier::END ? uint32_t(uniform(0, 2)) : uint32_t(uniform(1, 5));
        s.computeUtilization = uniform(0.1, 0.7);
        s.bandwidthUtilization = uniform(0.05, 0.4);
    }

    // Origins: device i on node i, reporting demand and its links.
    for (uint32_t o = 0; o < nDevices; ++o)
    {
        v.origins.push_back(o);
        std::vector<double> demand(nModels);
        for (double& d : demand)
        {
            d = uniform(1, 5);
        }
        v.demand.push_back(demand);

        MecLinkStatus link;
        link.reported = true;
        link.signalDbm = uniform(-70, -45);
        link.phyRateMbps = uniform(200, 433);
        link.goodputMbps.assign(nNodes, nan);
        link.rttMs.assign(nNodes, nan);
        const uint32_t ownEdge = firstEdge + v.nodes[o].site;
        for (uint32_t e = firstEdge; e < cloud; ++e)
        {
            const bool own = e == ownEdge;
            link.goodputMbps[e] = own ? uniform(60, 120) : uniform(30, 60);
            link.rttMs[e] = own ? uniform(2, 6) : uniform(8, 15);
        }
        link.goodputMbps[cloud] = uniform(25, 50);
        link.rttMs[cloud] = uniform(42, 55); // 2 x 20 ms WAN, plus Wi-Fi
        v.links.push_back(link);
    }
    v.defaultPathRate = 50e6;
    v.defaultPathRtt = 0.01;
    v.wifiGoodputShare = 0.5;
    return v;
}

/// Median and spread of timed calls, in microseconds.
struct Stats
{
    double median{0}; //!< 50th percentile
    double p10{0};    //!< 10th percentile
    double p90{0};    //!< 90th percentile
};

/**
 * \param samples durations, µs (sorted in place)
 * \return their percentiles (nearest rank)
 */
Stats
Summarize(std::vector<double>& samples)
{
    std::sort(samples.begin(), samples.end());
    auto at = [&samples](double q) {
        return samples[std::size_t(std::lround(q * (samples.size() - 1)))];
    };
    return Stats{at(0.5), at(0.1), at(0.9)};
}

/**
 * \brief Call \p f WARMUP times, then time \p iterations calls.
 * \param iterations timed calls
 * \param f the call
 * \return its statistics
 */
template <typename F>
Stats
Measure(uint32_t iterations, F&& f)
{
    for (uint32_t i = 0; i < WARMUP; ++i)
    {
        f();
    }
    std::vector<double> samples(iterations);
    for (uint32_t i = 0; i < iterations; ++i)
    {
        auto start = std::chrono::steady_clock::now();
        f();
        samples[i] =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count();
    }
    return Summarize(samples);
}

/// \return CPUs this process may run on (as nproc prints)
uint32_t
CpuCount()
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0)
    {
        return CPU_COUNT(&set);
    }
    return std::thread::hardware_concurrency();
}

/// \return the CPU's "model name" from /proc/cpuinfo ("unknown" if none)
std::string
CpuModel()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
    {
        if (line.rfind("model name", 0) == 0)
        {
            std::size_t colon = line.find(':');
            if (colon != std::string::npos)
            {
                std::size_t first = line.find_first_not_of(" \t", colon + 1);
                return first == std::string::npos ? "unknown" : line.substr(first);
            }
        }
    }
    return "unknown";
}

/**
 * \brief A REQ socket talking to a REP responder thread over TCP loopback.
 *
 * The responder answers every non-empty request with \c replyBytes bytes
 * (all KEEP) without looking at it; an empty request stops it. Failures
 * throw std::runtime_error, naming the ZeroMQ call and its error.
 */
class ZmqLoopback
{
  public:
    /**
     * \param replyBytes size of every reply
     */
    explicit ZmqLoopback(std::size_t replyBytes)
        : m_reply(replyBytes, 0)
    {
        m_context = zmq_ctx_new();
        if (!m_context)
        {
            Fail("zmq_ctx_new");
        }
        try
        {
            void* rep = Socket(ZMQ_REP);
            if (zmq_bind(rep, "tcp://127.0.0.1:*") != 0)
            {
                int error = errno;
                zmq_close(rep);
                Fail("zmq_bind tcp://127.0.0.1:*", error);
            }
            char endpoint[256];
            std::size_t size = sizeof(endpoint);
            if (zmq_getsockopt(rep, ZMQ_LAST_ENDPOINT, endpoint, &size) != 0)
            {
                int error = errno;
                zmq_close(rep);
                Fail("zmq_getsockopt ZMQ_LAST_ENDPOINT", error);
            }
            m_endpoint = endpoint;
            // The socket moves to the responder thread: starting the thread
            // is the full memory barrier ZeroMQ asks for.
            m_responder = std::thread(&ZmqLoopback::Serve, this, rep);

            m_req = Socket(ZMQ_REQ);
            int timeoutMs = 5000; // a lost responder fails the run, not hangs it
            if (zmq_setsockopt(m_req, ZMQ_RCVTIMEO, &timeoutMs, sizeof(timeoutMs)) != 0)
            {
                Fail("zmq_setsockopt ZMQ_RCVTIMEO");
            }
            if (zmq_connect(m_req, m_endpoint.c_str()) != 0)
            {
                Fail("zmq_connect " + m_endpoint);
            }
        }
        catch (...)
        {
            Close();
            throw;
        }
    }

    ~ZmqLoopback()
    {
        Close();
    }

    ZmqLoopback(const ZmqLoopback&) = delete;
    ZmqLoopback& operator=(const ZmqLoopback&) = delete;

    /** \return the responder's endpoint, e.g. "tcp://127.0.0.1:41234" */
    const std::string& GetEndpoint() const
    {
        return m_endpoint;
    }

    /**
     * \brief Send a request and wait for the reply.
     * \param request the request's bytes
     * \param reply receives the reply (its size is the expected one)
     */
    void RoundTrip(const std::vector<uint8_t>& request, std::vector<uint8_t>& reply)
    {
        if (zmq_send(m_req, request.data(), request.size(), 0) != int(request.size()))
        {
            Fail("zmq_send");
        }
        int got = zmq_recv(m_req, reply.data(), reply.size(), 0);
        if (got < 0)
        {
            Fail(errno == EAGAIN ? "zmq_recv (no reply within 5 s)" : "zmq_recv");
        }
        if (std::size_t(got) != reply.size())
        {
            throw std::runtime_error("ZeroMQ: reply of " + std::to_string(got) +
                                     " bytes, expected " + std::to_string(reply.size()));
        }
    }

    /// Stop the responder (empty request) and release every socket.
    void Close()
    {
        if (m_req && m_responder.joinable())
        {
            // Best effort: on failure, zmq_ctx_shutdown below unblocks it.
            if (zmq_send(m_req, "", 0, 0) == 0)
            {
                char byte;
                zmq_recv(m_req, &byte, 1, 0);
            }
        }
        if (m_context && m_responder.joinable())
        {
            zmq_ctx_shutdown(m_context); // a blocked zmq_msg_recv returns ETERM
        }
        if (m_responder.joinable())
        {
            m_responder.join();
        }
        if (m_req)
        {
            zmq_close(m_req);
            m_req = nullptr;
        }
        if (m_context)
        {
            zmq_ctx_term(m_context);
            m_context = nullptr;
        }
    }

  private:
    /**
     * \param type ZMQ_REQ or ZMQ_REP
     * \return a socket that drops unsent messages at close
     */
    void* Socket(int type)
    {
        void* socket = zmq_socket(m_context, type);
        if (!socket)
        {
            Fail("zmq_socket");
        }
        int linger = 0;
        zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof(linger));
        return socket;
    }

    /**
     * \brief The responder thread: reply to each request until an empty one
     *        or the context's shutdown.
     * \param rep the bound REP socket (closed on return)
     */
    void Serve(void* rep)
    {
        zmq_msg_t request;
        zmq_msg_init(&request);
        while (zmq_msg_recv(&request, rep, 0) >= 0)
        {
            const bool stop = zmq_msg_size(&request) == 0;
            if (zmq_send(rep, m_reply.data(), stop ? 0 : m_reply.size(), 0) < 0 || stop)
            {
                break;
            }
        }
        zmq_msg_close(&request);
        zmq_close(rep);
    }

    /**
     * \param what the failed call
     * \param error its errno (default: the current one)
     * \throws std::runtime_error always
     */
    [[noreturn]] static void Fail(const std::string& what, int error = errno)
    {
        throw std::runtime_error("ZeroMQ: " + what + " failed: " + zmq_strerror(error));
    }

    void* m_context{nullptr};     //!< ZeroMQ context
    void* m_req{nullptr};         //!< the requesting socket (main thread)
    std::thread m_responder;      //!< the REP thread
    std::string m_endpoint;       //!< where the REP socket is bound
    std::vector<uint8_t> m_reply; //!< every reply's bytes
};

/**
 * \param stats statistics
 * \return them as JSON
 */
nlohmann::ordered_json
ToJson(const Stats& stats)
{
    return {{"median", stats.median}, {"p10", stats.p10}, {"p90", stats.p90}};
}

int
Run(int argc, char* argv[])
{
    uint32_t iterations = 2000;
    uint32_t nDevices = 8;
    uint32_t nModels = 4;
    std::string output;

    CommandLine cmd(__FILE__);
    cmd.Usage("Time one R3D deployment decision in-process (R3dPolicy::Decide, and its "
              "LibTorch forward alone) and a ZeroMQ REQ/REP round trip over TCP loopback "
              "carrying the same observation and action sizes (ns3-gym's transport).");
    r3d::AddValue(cmd,
                  "iterations",
                  "timed calls per measurement (after 50 warm-up calls)",
                  iterations);
    r3d::AddValue(cmd,
                  "devices",
                  "IoT devices, one origin each (2 edges and the cloud are added)",
                  nDevices);
    r3d::AddValue(cmd,
                  "models",
                  "models (the default scenario's 4, then synthetic variants of them)",
                  nModels);
    r3d::AddValue(cmd, "output", "also write the results as JSON here (atomically)", output);
    cmd.Parse(argc, argv);
    if (iterations == 0 || nDevices == 0 || nModels == 0)
    {
        std::cerr << "r3d-decision-benchmark: error: --iterations, --devices and --models must "
                     "be positive\n";
        return 1;
    }

    const MecView view = BuildView(nDevices, nModels);
    const uint32_t nNodes = view.nodes.size();
    const uint32_t nOrigins = view.origins.size();
    const uint32_t nFeatures = DeploymentFeatures::N_FEATURES;
    const uint32_t pairs = nNodes * nModels;
    const std::size_t featureBytes = std::size_t(pairs) * nFeatures * sizeof(float);
    const std::size_t maskBytes = std::size_t(pairs) * DeploymentObservation::N_CHOICES;
    const std::size_t observationBytes = featureBytes + maskBytes;
    const std::size_t actionBytes = pairs;

    // In-process: the policy as the controller calls it, then its parts.
    Ptr<PpoAgent> agent = CreateObject<PpoAgent>();
    agent->SetAttribute("Seed", UintegerValue(1));
    Ptr<R3dPolicy> policy = CreateObject<R3dPolicy>();
    policy->SetAgent(agent);
    std::size_t actions = 0;
    const Stats decide = Measure(iterations, [&]() { actions = policy->Decide(view).size(); });

    DeploymentObservation observation(nNodes, nModels, nOrigins);
    DoubleValue cap;
    CreateObject<DeploymentCost>()->GetAttribute("LatencyCap", cap);
    DeploymentFeatures encoder(ObservationNorms(), cap.Get());
    std::vector<float> features;
    std::vector<uint8_t> mask;
    const Stats encode = Measure(iterations, [&]() {
        features = encoder.Encode(view);
        mask = observation.Mask(view);
    });
    const Stats forward =
        Measure(iterations, [&]() { agent->Act(features, mask, pairs, nModels, {}); });

    // ZeroMQ: the same observation's bytes out, one choice per pair back.
    std::vector<uint8_t> request(observationBytes);
    std::memcpy(request.data(), features.data(), featureBytes);
    std::memcpy(request.data() + featureBytes, mask.data(), maskBytes);
    std::vector<uint8_t> reply(actionBytes);
    Stats roundTrip;
    std::string endpoint;
    try
    {
        ZmqLoopback loopback(actionBytes);
        endpoint = loopback.GetEndpoint();
        roundTrip = Measure(iterations, [&]() { loopback.RoundTrip(request, reply); });
    }
    catch (const std::runtime_error& e)
    {
        std::cerr << "r3d-decision-benchmark: error: " << e.what() << "\n";
        return 2;
    }
    const double gymTotal = roundTrip.median + forward.median;
    int zmqMajor = 0;
    int zmqMinor = 0;
    int zmqPatch = 0;
    zmq_version(&zmqMajor, &zmqMinor, &zmqPatch);
    const std::string zmqVersion =
        std::to_string(zmqMajor) + "." + std::to_string(zmqMinor) + "." + std::to_string(zmqPatch);

    const uint32_t cpus = CpuCount();
    const std::string cpu = CpuModel();
    std::ostringstream out;
    out << "r3d-decision-benchmark: one deployment decision, in-process vs over ZeroMQ\n"
        << "machine:     " << cpus << " CPUs (nproc), " << cpu << "\n"
        << "sizes:       N=" << nNodes << " nodes (" << nDevices << " devices, " << EDGES
        << " edges, 1 cloud), M=" << nModels << " models, D=" << nOrigins
        << " origins, F=" << nFeatures << " features, " << pairs << " pairs\n"
        << "observation: " << observationBytes << " bytes (" << pairs << "x" << nFeatures
        << " float32 + " << pairs << "x3 mask bytes); action: " << actionBytes
        << " bytes (1 per pair)\n"
        << "timing:      " << iterations << " calls after " << WARMUP
        << " warm-up, steady_clock; agent: untrained PpoAgent, greedy (" << actions
        << " actions per decision)\n\n";
    auto row = [&out](const std::string& name, const Stats& s) {
        out << std::left << std::setw(46) << name << std::right << std::fixed
            << std::setprecision(1) << std::setw(10) << s.median << std::setw(10) << s.p10
            << std::setw(10) << s.p90 << "\n";
    };
    out << std::left << std::setw(46) << "microseconds" << std::right << std::setw(10) << "median"
        << std::setw(10) << "p10" << std::setw(10) << "p90"
        << "\n";
    row("in-process R3dPolicy::Decide (whole path)", decide);
    row("  features + mask", encode);
    row("  network forward (PpoAgent::Act)", forward);
    row("ZeroMQ REQ/REP round trip, tcp loopback", roundTrip);
    out << std::left << std::setw(46) << "ns3-gym-style total ~ round trip + forward" << std::right
        << std::setw(10) << gymTotal << "\n\n"
        << "The ZeroMQ figure is transport only (libzmq " << zmqVersion << ", " << endpoint
        << ", the responder computes nothing);\nan external agent adds its forward pass, so "
           "compare the in-process decision with round trip + forward.\n";
    std::cout << out.str();

    if (!output.empty())
    {
        nlohmann::ordered_json doc;
        doc["benchmark"] = "r3d-decision-benchmark";
        doc["machine"] = {{"nproc", cpus}, {"cpu", cpu}};
        doc["sizes"] = {{"nodes", nNodes},
                        {"devices", nDevices},
                        {"edges", EDGES},
                        {"models", nModels},
                        {"origins", nOrigins},
                        {"features", nFeatures},
                        {"pairs", pairs},
                        {"observationBytes", observationBytes},
                        {"actionBytes", actionBytes}};
        doc["iterations"] = iterations;
        doc["warmup"] = WARMUP;
        doc["actionsPerDecision"] = actions;
        doc["zmq"] = {{"version", zmqVersion}, {"endpoint", endpoint}};
        doc["microseconds"] = {{"decide", ToJson(decide)},
                               {"featuresMask", ToJson(encode)},
                               {"forward", ToJson(forward)},
                               {"zmqRoundTrip", ToJson(roundTrip)},
                               {"gymStyleTotalMedian", gymTotal}};
        r3d::WriteFileAtomically(output, doc.dump(2) + "\n");
        std::cerr << "r3d-decision-benchmark: wrote " << output << "\n";
    }
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return r3d::RunProgram("r3d-decision-benchmark", Run, argc, argv);
}
