/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "agent-checkpoint.h"

#include "ns3/atomic-file.h"
#include "ns3/deployment-features.h"
#include "ns3/double.h"
#include "ns3/input-file.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AgentCheckpoint");

namespace
{

constexpr const char* FORMAT = "r3d-agent-checkpoint";
constexpr int VERSION = 1;

std::string
Fnv1a(const std::string& text)
{
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text)
    {
        h ^= c;
        h *= 1099511628211ULL;
    }
    std::ostringstream s;
    s << std::hex << std::setw(16) << std::setfill('0') << h;
    return s.str();
}

std::string
Fixed(double v)
{
    std::ostringstream s;
    s << std::setprecision(9) << v;
    return s.str();
}

} // namespace

std::string
AgentCheckpoint::SidecarPath(const std::string& weights)
{
    const std::string ext = ".pt";
    if (weights.size() > ext.size() &&
        weights.compare(weights.size() - ext.size(), ext.size(), ext) == 0)
    {
        return weights.substr(0, weights.size() - ext.size()) + ".json";
    }
    return weights + ".json";
}

std::string
AgentCheckpoint::Signature(const MecView& view)
{
    nlohmann::ordered_json sig;
    std::string hashed;
    nlohmann::ordered_json models = nlohmann::ordered_json::array();
    for (std::size_t m = 0; m < view.models.size(); ++m)
    {
        models.push_back({{"name", view.models[m]},
                          {"weightBytes", view.weightBytes[m]},
                          {"deadlineS", view.deadline[m]}});
        hashed += view.models[m] + ";" + Fixed(view.weightBytes[m]) + ";" +
                  Fixed(view.deadline[m]) + "\n";
    }
    // One entry per device type, in name order: the node count may differ.
    std::map<std::string, std::size_t> devices;
    for (std::size_t n = 0; n < view.nodes.size(); ++n)
    {
        devices.emplace(view.nodes[n].device, n);
    }
    nlohmann::ordered_json deviceList = nlohmann::ordered_json::array();
    for (const auto& [name, n] : devices)
    {
        const MecNodeInfo& info = view.nodes[n];
        deviceList.push_back({{"name", name},
                              {"memoryCapacity", info.memoryCapacity},
                              {"dynamicPowerW", info.dynamicPower}});
        hashed += name + ";" + Fixed(info.memoryCapacity) + ";" + Fixed(info.dynamicPower);
        for (std::size_t m = 0; m < view.models.size(); ++m)
        {
            hashed += ";" + Fixed(view.computeTime[n][m]);
        }
        hashed += "\n";
    }
    sig["models"] = models;
    sig["devices"] = deviceList;
    sig["hash"] = Fnv1a(hashed);
    return sig.dump();
}

void
AgentCheckpoint::Save(const std::string& path,
                      Ptr<DeploymentAgent> agent,
                      const std::string& signature,
                      const std::string& training)
{
    NS_LOG_FUNCTION(path);
    nlohmann::ordered_json doc;
    doc["format"] = FORMAT;
    doc["version"] = VERSION;
    doc["weights"] =
        path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    doc["algorithm"] = agent->GetAlgorithm();
    nlohmann::ordered_json hyper;
    for (const auto& [name, value] : agent->GetHyperParameters())
    {
        hyper[name] = value;
    }
    doc["hyperParameters"] = hyper;
    doc["observation"] = {{"perPair", DeploymentFeatures::GetNames()},
                          {"features", DeploymentFeatures::N_FEATURES},
                          {"index", "(n * M + m) * F + f for node n, model m, feature f"},
                          {"documentation", "doc/r3d.rst, The R3D agent: observation"}};
    doc["action"] = {{"choices", {"keep", "deploy", "evict"}},
                     {"index", "n * M + m: one choice per (node, model) pair"},
                     {"masking",
                      "deploy only if not held and it fits FreeMemory; evict only if "
                      "held; ToActions pairs deploy+evict of a model into MIGRATE"}};
    doc["scenario"] = nlohmann::ordered_json::parse(signature);
    doc["training"] = nlohmann::ordered_json::parse(training);

    agent->SaveWeights(path + ".tmp");
    if (std::rename((path + ".tmp").c_str(), path.c_str()) != 0)
    {
        throw std::runtime_error("cannot rename '" + path + ".tmp' to '" + path + "'");
    }
    r3d::WriteFileAtomically(SidecarPath(path), doc.dump(2) + "\n");
}

AgentCheckpoint::Sidecar
AgentCheckpoint::ReadSidecar(const std::string& path,
                             const std::string& algorithm,
                             const std::vector<std::string>& hyperParameters)
{
    NS_LOG_FUNCTION(path << algorithm);
    const std::string sidecar = SidecarPath(path);
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument("checkpoint '" + path + "': " + what);
    };
    std::string problem = r3d::InputFileProblem(sidecar);
    if (!problem.empty())
    {
        fail("cannot read its sidecar '" + sidecar + "': " + problem);
    }
    std::ifstream in(sidecar);
    nlohmann::json doc;
    try
    {
        doc = nlohmann::json::parse(in);
    }
    catch (const nlohmann::json::exception& e)
    {
        fail("sidecar '" + sidecar + "' is not valid JSON: " + e.what());
    }
    Sidecar result;
    try
    {
        if (doc.value("format", "") != FORMAT)
        {
            fail("sidecar '" + sidecar + "': field \"format\" is not \"" + FORMAT + "\"");
        }
        // Compared as JSON, not read with get<int>(): a version such as 1e300
        // would not fit an int (undefined behaviour).
        if (doc.at("version") != nlohmann::json(VERSION))
        {
            fail("sidecar '" + sidecar + "': version " + doc.at("version").dump() +
                 " (this build reads version " + std::to_string(VERSION) + ")");
        }
        result.algorithm = doc.at("algorithm").get<std::string>();
        if (result.algorithm != algorithm)
        {
            fail("trained with algorithm '" + result.algorithm + "', the agent is '" + algorithm +
                 "'");
        }
        const auto names = doc.at("observation").at("perPair").get<std::vector<std::string>>();
        if (names != DeploymentFeatures::GetNames())
        {
            std::ostringstream what;
            what << "observation differs: the checkpoint has " << names.size()
                 << " features per pair (" << nlohmann::json(names).dump() << "), this build "
                 << DeploymentFeatures::N_FEATURES << " ("
                 << nlohmann::json(DeploymentFeatures::GetNames()).dump() << ")";
            fail(what.str());
        }
        const nlohmann::json& hyper = doc.at("hyperParameters");
        if (!hyper.is_object())
        {
            fail("sidecar '" + sidecar + "': field \"hyperParameters\": expected an object, got " +
                 hyper.dump());
        }
        for (auto& [name, value] : hyper.items())
        {
            const std::string field =
                "sidecar '" + sidecar + "': field \"hyperParameters." + name + "\": ";
            // An unknown name would reach ObjectBase::SetAttribute, which
            // aborts the program (NS_FATAL_ERROR) instead of throwing.
            if (std::find(hyperParameters.begin(), hyperParameters.end(), name) ==
                hyperParameters.end())
            {
                fail(field + "not a hyper-parameter of the '" + algorithm + "' agent");
            }
            if (!value.is_number() || !std::isfinite(value.get<double>()))
            {
                fail(field + "expected a finite number, got " + value.dump());
            }
            const double v = value.get<double>();
            // The agent's unsigned integers (UintegerValue): a fraction, a
            // negative number or one past 2^32 - 1 is not one of them (and
            // converting such a double to uint32_t is undefined behaviour).
            if ((name == "Hidden" || name == "Seed" || name == "Epochs") &&
                !(v >= 0 && v <= 4294967295.0 && std::floor(v) == v))
            {
                fail(field + "expected a whole number in [0, 4294967295], got " + value.dump());
            }
            result.hyperParameters.emplace_back(name, v);
        }
        // Compare reads the models' names: check them here, where the file
        // is named, rather than at the first decision.
        const nlohmann::json& scenario = doc.at("scenario");
        scenario.at("hash").get<std::string>();
        const nlohmann::json& models = scenario.at("models");
        if (!models.is_array())
        {
            fail("sidecar '" + sidecar + "': field \"scenario.models\": expected an array, got " +
                 models.dump());
        }
        for (std::size_t i = 0; i < models.size(); ++i)
        {
            if (!models[i].is_object() || !models[i].contains("name") ||
                !models[i]["name"].is_string())
            {
                fail("sidecar '" + sidecar + "': field \"scenario.models[" + std::to_string(i) +
                     "].name\": expected a model's name, got " + models[i].dump());
            }
        }
        result.scenario = scenario.dump();
    }
    catch (const nlohmann::json::exception& e)
    {
        fail("sidecar '" + sidecar + "': " + e.what());
    }
    return result;
}

std::string
AgentCheckpoint::Load(const std::string& path, Ptr<DeploymentAgent> agent)
{
    NS_LOG_FUNCTION(path);
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument("checkpoint '" + path + "': " + what);
    };
    // The weights first: a missing checkpoint reads as missing, not as a
    // missing sidecar; and a sidecar given in its place is named as such.
    if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0)
    {
        fail("this is a JSON file; give the weights (the .pt file), whose sidecar is the .json "
             "beside it");
    }
    const std::string problem = r3d::InputFileProblem(path);
    if (!problem.empty())
    {
        fail("cannot read it: " + problem);
    }
    std::vector<std::string> known;
    for (const auto& [name, value] : agent->GetHyperParameters())
    {
        known.push_back(name);
    }
    const Sidecar sidecar = ReadSidecar(path, agent->GetAlgorithm(), known);
    for (const auto& [name, value] : sidecar.hyperParameters)
    {
        // FailSafe: a value the attribute's checker refuses is the file's
        // error, not a reason for NS_FATAL_ERROR.
        bool set = (name == "Hidden" || name == "Seed" || name == "Epochs")
                       ? agent->SetAttributeFailSafe(name, UintegerValue(uint32_t(value)))
                       : agent->SetAttributeFailSafe(name, DoubleValue(value));
        if (!set)
        {
            std::ostringstream what;
            what << "sidecar '" << SidecarPath(path) << "': field \"hyperParameters." << name
                 << "\": the agent refuses the value " << value;
            fail(what.str());
        }
    }
    try
    {
        agent->LoadWeights(path);
    }
    catch (const std::runtime_error& e)
    {
        fail(e.what());
    }
    return sidecar.scenario;
}

std::string
AgentCheckpoint::Compare(const std::string& signature, const MecView& view)
{
    nlohmann::json want;
    try
    {
        want = nlohmann::json::parse(signature);
        want.at("hash").get<std::string>();
    }
    catch (const nlohmann::json::exception& e)
    {
        throw std::invalid_argument(std::string("not a checkpoint signature: ") + e.what());
    }
    const nlohmann::json have = nlohmann::json::parse(Signature(view));
    if (want.at("hash") == have.at("hash"))
    {
        return "";
    }
    std::vector<std::string> wantModels;
    std::vector<std::string> haveModels;
    try
    {
        const nlohmann::json& models = want.at("models");
        if (!models.is_array())
        {
            throw std::invalid_argument("not a checkpoint signature: \"models\" is not an array");
        }
        for (const auto& m : models)
        {
            wantModels.push_back(m.at("name").get<std::string>());
        }
    }
    catch (const nlohmann::json::exception& e)
    {
        throw std::invalid_argument(std::string("not a checkpoint signature: ") + e.what());
    }
    for (const auto& m : have.at("models"))
    {
        haveModels.push_back(m.at("name").get<std::string>());
    }
    std::ostringstream what;
    if (wantModels != haveModels)
    {
        what << "models " << nlohmann::json(wantModels).dump() << " in training, "
             << nlohmann::json(haveModels).dump() << " here";
    }
    else if (want.at("models") != have.at("models"))
    {
        what << "model figures (weight bytes or deadlines) differ: training "
             << want.at("models").dump() << ", here " << have.at("models").dump();
    }
    else if (want.value("devices", nlohmann::json()) != have.at("devices"))
    {
        // value(): a signature without "devices" differs, it is not an error.
        what << "devices differ (their catalog device, or their memory for models): training "
             << want.value("devices", nlohmann::json()).dump() << ", here "
             << have.at("devices").dump();
    }
    else
    {
        what << "the Roofline compute times differ (another device or model catalog, or "
                "another inference runtime)";
    }
    return what.str();
}

} // namespace ns3
