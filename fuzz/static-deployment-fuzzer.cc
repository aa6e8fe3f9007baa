/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: StaticPolicy reading its deployment file (Attribute File):
// CheckConfiguration (the structure) and Load against a small fixed view
// (the nodes and models of data/static-deployment-example.json, so that the
// shipped example goes past the name checks), then one Decide. A
// CatalogError is the documented answer to a bad file; anything else (another
// exception, an abort, NS_ASSERT, a sanitizer report, a hang) is a finding.

#include "fuzz-input-file.h"
#include "r3d-test-util.h"

#include "ns3/catalog-error.h"
#include "ns3/mec-view.h"
#include "ns3/static-policy.h"
#include "ns3/string.h"

#include <cstdlib>
#include <iostream>

namespace
{

/**
 * \brief The view the files are checked against: two devices, two edges
 *        and the cloud; the example's eight models; memory so that the
 *        example fits and a few more models do not.
 * \return the view
 */
ns3::MecView
MakeView()
{
    using namespace ns3;
    MecView v;
    v.now = Seconds(1);
    const std::vector<std::pair<std::string, Tier>> nodes = {{"device-0", Tier::END},
                                                             {"device-1", Tier::END},
                                                             {"edge-0", Tier::EDGE},
                                                             {"edge-1", Tier::EDGE},
                                                             {"cloud", Tier::CLOUD}};
    const std::vector<double> memory = {20e6, 20e6, 60e6, 60e6, 1e9};
    for (std::size_t n = 0; n < nodes.size(); ++n)
    {
        const auto& [name, tier] = nodes[n];
        r3dtest::AddNode(v, name, tier, tier == Tier::CLOUD ? -1 : int32_t(n % 2), memory[n])
            .device = name;
    }
    v.models = {"mobilenet-v2",
                "resnet18",
                "resnet50",
                "ssd-mobilenet-v1",
                "efficientnet-b0",
                "yolov5s",
                "inception-v3",
                "mobilenet-v3-large"};
    v.weightBytes = {7e6, 23e6, 51e6, 14e6, 11e6, 15e6, 48e6, 11e6};
    const std::size_t models = v.models.size();
    v.inputBytes.assign(models, 1e5);
    v.resultBytes.assign(models, 1e3);
    v.deadline.assign(models, 0.1);
    v.origins = {0, 1};
    v.demand.assign(2, std::vector<double>(models, 0.0));
    v.links.resize(2);
    v.status.resize(nodes.size());
    for (MecNodeStatus& s : v.status)
    {
        s.models.assign(models, ModelState::ABSENT);
    }
    v.status[2].models[1] = ModelState::READY; // edge-0 holds resnet18
    v.computeTime.assign(nodes.size(), std::vector<double>(models, 0.01));
    v.defaultPathRate = 1e8;
    v.defaultPathRtt = 0.005;
    return v;
}

} // namespace

/**
 * \brief libFuzzer's entry point.
 * \param data the input: the deployment file's bytes
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace ns3;
    static const MecView view = MakeView();
    const std::string& path = r3dfuzz::WriteInputFile(data, size, ".json");
    Ptr<StaticPolicy> policy = CreateObject<StaticPolicy>();
    policy->SetAttribute("File", StringValue(path));
    try
    {
        policy->CheckConfiguration();
    }
    catch (const CatalogError&)
    {
    }
    try
    {
        policy->Load(view);
        const auto& wanted = policy->GetDeployment();
        if (wanted.size() != view.nodes.size())
        {
            std::cerr << "r3d-fuzz-static-deployment: a deployment of " << wanted.size()
                      << " nodes for a view of " << view.nodes.size() << std::endl;
            std::abort();
        }
        for (const DeploymentAction& a : policy->Decide(view))
        {
            if (a.node >= view.nodes.size() || a.model >= view.models.size())
            {
                std::cerr << "r3d-fuzz-static-deployment: an action outside the view" << std::endl;
                std::abort();
            }
        }
    }
    catch (const CatalogError&)
    {
    }
    return 0;
}
