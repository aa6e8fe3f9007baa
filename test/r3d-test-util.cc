/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "r3d-test-util.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace ns3
{
namespace r3dtest
{

std::string
WriteTempFile(const std::string& name, const std::string& contents)
{
    const char* tmp = std::getenv("TMPDIR");
    std::string path = std::string(tmp != nullptr ? tmp : "/tmp") + "/r3d-test-" +
                       std::to_string(getpid()) + "-" + name;
    std::ofstream out(path);
    out << contents;
    return path;
}

DeviceProfile
RoundDevice()
{
    DeviceProfile d;
    d.name = "round";
    d.deviceClass = "test";
    d.peakFlops[Precision::FP32] = 100e9;
    d.peakFlops[Precision::FP16] = 200e9;
    d.memoryBandwidth = 10e9;
    d.memoryCapacity = 1e9;
    d.storageBandwidth = 100e6;
    d.computeUnits = 4;
    d.computeUnitKind = "cores";
    d.idlePower = 1;
    d.maxPower = 5;
    RooflineEfficiency e{0.5, 0.5, 0.8, 10e-6};
    d.efficiency[Precision::FP32] = e;
    d.efficiency[Precision::FP16] = e;
    return d;
}

DeviceProfile
EngineDevice()
{
    DeviceProfile d = RoundDevice();
    d.name = "engine-test";
    d.efficiency[Precision::FP32] = RooflineEfficiency{1.0, 1.0, 1.0, 0.0};
    d.efficiency[Precision::FP16] = RooflineEfficiency{1.0, 1.0, 1.0, 0.0};
    return d;
}

Ptr<ModelCatalog>
WriteModels(
    const std::string& name,
    const std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>>& models)
{
    std::ostringstream json;
    json.precision(17);
    json << "{\"models\": [";
    for (std::size_t m = 0; m < models.size(); ++m)
    {
        json << (m ? "," : "") << "{\"name\": \"" << models[m].first
             << "\", \"family\": \"x\", \"input\": \"x\", \"inputBytes\": 1000, "
                "\"resultBytes\": 100, \"layers\": [";
        for (std::size_t l = 0; l < models[m].second.size(); ++l)
        {
            json << (l ? "," : "") << "{\"name\": \"l" << l
                 << "\", \"kind\": \"conv\", \"flops\": " << models[m].second[l].first
                 << ", \"weightBytes\": " << models[m].second[l].second
                 << ", \"inputBytes\": 0, \"outputBytes\": 0}";
        }
        json << "]}";
    }
    json << "]}";
    std::string path = WriteTempFile(name, json.str());
    Ptr<ModelCatalog> catalog = ModelCatalog::LoadFile(path);
    std::remove(path.c_str());
    return catalog;
}

MecNodeInfo&
AddNode(MecView& view, const std::string& name, Tier tier, int32_t site, double memoryCapacity)
{
    MecNodeInfo info;
    info.index = view.nodes.size();
    info.nodeId = info.index;
    info.name = name;
    info.tier = tier;
    info.site = site;
    info.memoryCapacity = memoryCapacity;
    view.nodes.push_back(info);
    return view.nodes.back();
}

DeploymentAction
Act(DeploymentAction::Kind kind, uint32_t node, uint32_t model, uint32_t source)
{
    return DeploymentAction{kind, node, model, source};
}

std::string
Show(const std::vector<DeploymentAction>& actions)
{
    std::ostringstream s;
    const char* kinds[] = {"DEPLOY", "EVICT", "MIGRATE"};
    for (const DeploymentAction& a : actions)
    {
        s << kinds[a.kind] << "(n" << a.node << ",m" << a.model;
        if (a.kind == DeploymentAction::MIGRATE)
        {
            s << "<-n" << a.source;
        }
        s << ") ";
    }
    return s.str();
}

MecView
SmallAgentView()
{
    MecView v;
    v.now = Seconds(1);
    auto node = [&v](const std::string& name, Tier tier, int32_t site, double memory) {
        MecNodeInfo& info = AddNode(v, name, tier, site, memory);
        info.device = name;
        info.dynamicPower = 10;
    };
    node("device-0", Tier::END, 0, 350e6);
    node("edge-0", Tier::EDGE, 0, 500e6);
    node("cloud", Tier::CLOUD, -1, 1e9);
    v.models = {"a", "b"};
    v.weightBytes = {100e6, 200e6};
    v.inputBytes = {120000, 1e6}; // a: 125 kB with its result = 1e6 bit; b: 8e6 bit
    v.resultBytes = {5000, 0};
    v.deadline = {0.1, 0.2};
    v.origins = {0};
    v.demand.assign(1, std::vector<double>(2, 0.0));
    v.links.resize(1);
    v.status.resize(3);
    for (MecNodeStatus& s : v.status)
    {
        s.models.assign(2, ModelState::ABSENT);
    }
    v.status[1].models[0] = ModelState::READY;
    v.computeTime = {{0.05, 0.2}, {0.01, 0.04}, {0.002, 0.008}};
    v.defaultPathRate = 1e8;
    v.defaultPathRtt = 0.005;
    return v;
}

} // namespace r3dtest
} // namespace ns3
