/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-results.h"

#include "module-info.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ns3
{

namespace
{

/// Latencies of a set of completed requests, with their split.
struct LatencySet
{
    std::vector<double> total; //!< end to end, ms
    double uplink{0};          //!< sum, ms
    double waiting{0};         //!< sum, ms
    double compute{0};         //!< sum, ms
    double downlink{0};        //!< sum, ms

    void Add(const MecRequestRecord& r)
    {
        total.push_back(r.GetLatency().GetSeconds() * 1e3);
        uplink += (r.serverReceived - r.generated).GetSeconds() * 1e3;
        waiting += (r.started - r.serverReceived).GetSeconds() * 1e3;
        compute += (r.finished - r.started).GetSeconds() * 1e3;
        downlink += (r.resultReceived - r.finished).GetSeconds() * 1e3;
    }

    nlohmann::json ToJson()
    {
        nlohmann::json j;
        j["count"] = total.size();
        if (total.empty())
        {
            for (const char* k : {"mean", "p50", "p95", "p99"})
            {
                j[k] = nullptr;
            }
            j["split"] = nullptr;
            return j;
        }
        std::sort(total.begin(), total.end());
        double n = total.size();
        double sum = 0;
        for (double t : total)
        {
            sum += t;
        }
        j["mean"] = sum / n;
        j["p50"] = MecResults::Percentile(total, 50);
        j["p95"] = MecResults::Percentile(total, 95);
        j["p99"] = MecResults::Percentile(total, 99);
        j["split"] = {{"uplink", uplink / n},
                      {"waiting", waiting / n},
                      {"compute", compute / n},
                      {"downlink", downlink / n}};
        return j;
    }
};

} // namespace

MecResults::MecResults(Ptr<MecRequestTracker> tracker,
                       std::vector<std::string> models,
                       std::vector<MecNodeResult> nodes)
    : m_tracker(tracker),
      m_models(std::move(models)),
      m_nodes(std::move(nodes))
{
}

void
MecResults::AddParameter(const std::string& name, const std::string& value)
{
    m_parameters.push_back({name, value, 0, 0, 's'});
}

void
MecResults::AddParameter(const std::string& name, const char* value)
{
    AddParameter(name, std::string(value));
}

void
MecResults::AddParameter(const std::string& name, double value)
{
    m_parameters.push_back({name, "", value, 0, 'n'});
}

void
MecResults::AddParameter(const std::string& name, int64_t value)
{
    m_parameters.push_back({name, "", 0, value, 'i'});
}

void
MecResults::AddParameter(const std::string& name, bool value)
{
    m_parameters.push_back({name, "", value ? 1.0 : 0.0, 0, 'b'});
}

void
MecResults::SetWarmup(double seconds)
{
    m_warmup = seconds;
}

void
MecResults::SetEvents(uint64_t events)
{
    m_events = events;
}

void
MecResults::SetRun(uint32_t seed, uint64_t run, double simTime, double wallClockS)
{
    m_seed = seed;
    m_run = run;
    m_simTime = simTime;
    m_wallClock = wallClockS;
}

double
MecResults::Percentile(const std::vector<double>& sorted, double p)
{
    double h = (sorted.size() - 1) * p / 100.0;
    auto lo = static_cast<std::size_t>(std::floor(h));
    std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

std::string
MecResults::ToJson() const
{
    nlohmann::ordered_json doc;
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const Parameter& p : m_parameters)
    {
        if (p.kind == 'n')
        {
            params[p.name] = p.number;
        }
        else if (p.kind == 'i')
        {
            params[p.name] = p.integer;
        }
        else if (p.kind == 'b')
        {
            params[p.name] = p.number != 0;
        }
        else
        {
            params[p.name] = p.text;
        }
    }
    // Which code wrote this document: a figure can be traced to its commit.
    doc["module"] = {{"name", "r3d"},
                     {"version", r3d::GetModuleVersion()},
                     {"commit", r3d::GetBuildCommit()}};
    doc["parameters"] = params;
    doc["seed"] = m_seed;
    doc["run"] = m_run;
    doc["simTimeS"] = m_simTime;

    // Requests.
    const auto& records = m_tracker->GetRecords();
    const Time warmup = Seconds(m_warmup);
    uint64_t met = 0;
    uint64_t inFlight = 0;
    uint64_t redirected = 0; // requests sent again after a no-host reject
    uint64_t generated = 0;
    uint64_t completed = 0;
    uint64_t excluded = 0;
    std::map<MecDropReason, uint64_t> drops;
    LatencySet all;
    std::vector<LatencySet> perModel(m_models.size());
    std::map<std::string, LatencySet> perTier;
    for (const char* t : {"end", "edge", "cloud"})
    {
        perTier[t];
    }
    for (const auto& r : records)
    {
        if (r.generated < warmup)
        {
            ++excluded;
            continue;
        }
        ++generated;
        redirected += r.redirects > 0 ? 1 : 0;
        if (r.outcome == MecOutcome::IN_FLIGHT)
        {
            ++inFlight;
        }
        if (r.outcome == MecOutcome::DROPPED)
        {
            ++drops[r.reason];
        }
        if (r.outcome != MecOutcome::COMPLETED)
        {
            continue;
        }
        ++completed;
        met += r.MetDeadline() ? 1 : 0;
        all.Add(r);
        perModel.at(r.model).Add(r);
        perTier[TierToString(m_nodes.at(r.host).tier)].Add(r);
    }
    nlohmann::ordered_json dropped;
    for (auto reason : {MecDropReason::NO_HOST,
                        MecDropReason::QUEUE_FULL,
                        MecDropReason::TIMEOUT,
                        MecDropReason::NODE_DOWN,
                        MecDropReason::LINK_DOWN})
    {
        dropped[MecDropReasonToString(reason)] = drops[reason];
    }
    dropped["total"] = generated - completed - inFlight;
    doc["requests"] = {{"generated", generated},
                       {"completed", completed},
                       {"deadlineMet", met},
                       {"dropped", dropped},
                       {"inFlight", inFlight},
                       {"redirected", redirected},
                       {"warmupExcluded", excluded}};

    nlohmann::ordered_json latency;
    latency["overall"] = all.ToJson();
    nlohmann::ordered_json byModel;
    for (std::size_t i = 0; i < m_models.size(); ++i)
    {
        byModel[m_models[i]] = perModel[i].ToJson();
    }
    latency["perModel"] = byModel;
    nlohmann::ordered_json byTier;
    for (const char* t : {"end", "edge", "cloud"})
    {
        byTier[t] = perTier[t].ToJson();
    }
    latency["perTier"] = byTier;
    doc["latencyMs"] = latency;

    // Energy per tier, utilization and deployments per node.
    nlohmann::ordered_json energy;
    MecNodeEnergy allTiers;
    auto add = [](MecNodeEnergy& sum, const MecNodeEnergy& e) {
        sum.compute += e.compute;
        sum.computeIdle += e.computeIdle;
        sum.loading += e.loading;
        sum.radio += e.radio;
        sum.radioIdle += e.radioIdle;
        sum.wired += e.wired;
        sum.wiredBytes += e.wiredBytes;
    };
    auto toJson = [](const MecNodeEnergy& e) {
        return nlohmann::ordered_json{{"total", e.Total()},
                                      {"dynamic", e.Dynamic()},
                                      {"idle", e.Idle()},
                                      {"compute", e.compute},
                                      {"computeDynamic", e.compute - e.computeIdle},
                                      {"loading", e.loading},
                                      {"radio", e.radio},
                                      {"radioDynamic", e.radio - e.radioIdle},
                                      {"wired", e.wired},
                                      {"wiredBytes", e.wiredBytes}};
    };
    for (const char* t : {"end", "edge", "cloud"})
    {
        MecNodeEnergy tier;
        for (const auto& n : m_nodes)
        {
            if (TierToString(n.tier) == t)
            {
                add(tier, n.energy);
            }
        }
        energy[t] = toJson(tier);
        add(allTiers, tier);
    }
    energy["all"] = toJson(allTiers);
    // A node without energy models has no figure, not a zero.
    bool measured = std::all_of(m_nodes.begin(), m_nodes.end(), [](const MecNodeResult& n) {
        return n.energyMeasured;
    });
    doc["energyJ"] = measured ? energy : nlohmann::ordered_json();

    nlohmann::ordered_json util;
    uint64_t loads = 0;
    uint64_t evictions = 0;
    uint64_t migrations = 0;
    uint64_t bytes = 0;
    for (const auto& n : m_nodes)
    {
        util[n.name] = {{"tier", TierToString(n.tier)},
                        {"device", n.device},
                        {"runtime", n.runtime},
                        {"precision", n.precision},
                        {"modelMemoryBytes", n.modelMemory},
                        {"compute", n.computeUtilization},
                        {"bandwidth", n.bandwidthUtilization}};
        loads += n.loads;
        evictions += n.evictions;
        migrations += n.migrations;
        bytes += n.bytesMoved;
    }
    doc["utilization"] = util;
    doc["deployments"] = {{"loads", loads},
                          {"evictions", evictions},
                          {"migrations", migrations},
                          {"bytesMoved", bytes}};
    if (m_hasCost)
    {
        nlohmann::ordered_json weights;
        for (const auto& [name, value] : m_costWeights)
        {
            weights[name] = value;
        }
        doc["cost"] = {{"mean", m_cost.total},
                       {"latency", m_cost.latency},
                       {"miss", m_cost.miss},
                       {"energy", m_cost.energy},
                       {"change", m_cost.change},
                       {"intervals", m_costIntervals},
                       {"weights", weights}};
    }
    doc["events"] = m_events;
    doc["wallClockS"] = m_wallClock;
    return doc.dump(2) + "\n";
}

std::string
MecResults::ToCsv() const
{
    std::ostringstream out;
    out << "id,origin,model,host,outcome,reason,generated_s,deadline_s,latency_ms,"
           "uplink_ms,waiting_ms,compute_ms,downlink_ms,deadline_met\n";
    out << std::setprecision(12);
    for (const auto& r : m_tracker->GetRecords())
    {
        bool done = r.outcome == MecOutcome::COMPLETED;
        auto ms = [](Time t) { return t.GetSeconds() * 1e3; };
        out << r.id << ',' << r.origin << ',' << m_models.at(r.model) << ','
            << (r.host < m_nodes.size() ? m_nodes[r.host].name : "") << ','
            << MecOutcomeToString(r.outcome) << ','
            << (r.reason == MecDropReason::NONE ? "" : MecDropReasonToString(r.reason)) << ','
            << r.generated.GetSeconds() << ',' << r.deadline.GetSeconds() << ',';
        if (done)
        {
            out << ms(r.GetLatency()) << ',' << ms(r.serverReceived - r.generated) << ','
                << ms(r.started - r.serverReceived) << ',' << ms(r.finished - r.started) << ','
                << ms(r.resultReceived - r.finished) << ',' << (r.MetDeadline() ? 1 : 0);
        }
        else
        {
            out << ",,,,,";
        }
        out << '\n';
    }
    return out.str();
}

void
MecResults::PrintSummary(std::ostream& os) const
{
    nlohmann::json doc = nlohmann::json::parse(ToJson());
    const auto& req = doc["requests"];
    auto fmt = [](const nlohmann::json& v) {
        std::ostringstream s;
        if (v.is_null())
        {
            s << "-";
        }
        else
        {
            s << std::fixed << std::setprecision(1) << v.get<double>();
        }
        return s.str();
    };
    os << "requests: " << req["generated"] << " generated, " << req["completed"] << " completed ("
       << req["deadlineMet"] << " met the deadline), " << req["dropped"]["total"] << " dropped, "
       << req["inFlight"] << " in flight\n";
    os << "dropped by reason:";
    for (auto& [k, v] : req["dropped"].items())
    {
        if (k != "total")
        {
            os << " " << k << "=" << v;
        }
    }
    os << "\n\n";
    os << std::left << std::setw(28) << "latency (ms)" << std::right << std::setw(7) << "count"
       << std::setw(9) << "mean" << std::setw(9) << "p50" << std::setw(9) << "p95" << std::setw(9)
       << "p99" << std::setw(9) << "uplink" << std::setw(9) << "wait" << std::setw(9) << "compute"
       << std::setw(9) << "downlnk"
       << "\n";
    auto row = [&](const std::string& name, const nlohmann::json& l) {
        os << std::left << std::setw(28) << name << std::right << std::setw(7)
           << l["count"].get<uint64_t>() // a json value ignores setw
           << std::setw(9) << fmt(l["mean"]) << std::setw(9) << fmt(l["p50"]) << std::setw(9)
           << fmt(l["p95"]) << std::setw(9) << fmt(l["p99"]);
        for (const char* k : {"uplink", "waiting", "compute", "downlink"})
        {
            os << std::setw(9) << (l["split"].is_null() ? "-" : fmt(l["split"][k]));
        }
        os << "\n";
    };
    row("all", doc["latencyMs"]["overall"]);
    for (auto& [k, v] : doc["latencyMs"]["perModel"].items())
    {
        row("model " + k, v);
    }
    for (auto& [k, v] : doc["latencyMs"]["perTier"].items())
    {
        row("served at " + k, v);
    }
    os << "\n"
       << std::left << std::setw(28) << "energy (J)" << std::right << std::setw(10) << "total"
       << std::setw(10) << "dynamic" << std::setw(10) << "compute" << std::setw(10) << "loading"
       << std::setw(10) << "radio" << std::setw(10) << "wired"
       << "\n";
    for (const char* t : {"end", "edge", "cloud", "all"})
    {
        if (doc["energyJ"].is_null())
        {
            os << std::left << std::setw(28) << t << std::right << std::setw(10)
               << "not measured (no energy model installed)\n";
            continue;
        }
        const auto& e = doc["energyJ"][t];
        os << std::left << std::setw(28) << t << std::right << std::setw(10) << fmt(e["total"])
           << std::setw(10) << fmt(e["dynamic"]) << std::setw(10) << fmt(e["compute"])
           << std::setw(10) << fmt(e["loading"]) << std::setw(10) << fmt(e["radio"])
           << std::setw(10) << fmt(e["wired"]) << "\n";
    }
    const auto& d = doc["deployments"];
    os << "\ndeployments: " << d["loads"] << " loads, " << d["evictions"] << " evictions, "
       << d["migrations"] << " migrations, " << fmt(d["bytesMoved"].get<double>() / 1e6)
       << " MB of weights moved\n";
    if (m_hasCost)
    {
        const auto& c = doc["cost"];
        auto f4 = [](const nlohmann::json& v) {
            std::ostringstream s;
            s << std::fixed << std::setprecision(4) << v.get<double>();
            return s.str();
        };
        os << "cost (mean of " << c["intervals"] << " intervals): " << f4(c["mean"])
           << " = latency " << f4(c["latency"]) << " + miss " << f4(c["miss"]) << " + energy "
           << f4(c["energy"]) << " + change " << f4(c["change"]) << "\n";
    }
}

void
MecResults::SetCost(const CostTerms& mean,
                    std::size_t intervals,
                    const std::vector<std::pair<std::string, double>>& weights)
{
    m_hasCost = true;
    m_cost = mean;
    m_costIntervals = intervals;
    m_costWeights = weights;
}

} // namespace ns3
