/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "static-policy.h"

#include "ns3/catalog-json.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("StaticPolicy");

NS_OBJECT_ENSURE_REGISTERED(StaticPolicy);

namespace
{

/**
 * \param names some names
 * \return them, comma separated
 */
std::string
Join(const std::vector<std::string>& names)
{
    std::string s;
    for (const std::string& n : names)
    {
        s += (s.empty() ? "" : ", ") + n;
    }
    return s;
}

/**
 * \brief Read a deployment file and check its top level.
 * \param file the path (StaticPolicy's File)
 * \return its "deployments" object
 * \throws CatalogError naming the file and the field
 */
nlohmann::json
ReadDeployments(const std::string& file)
{
    if (file.empty())
    {
        throw CatalogError("-",
                           "",
                           "",
                           "StaticPolicy's File attribute is empty: set it to a deployment JSON "
                           "(see data/static-deployment-example.json)");
    }
    nlohmann::json doc = r3d::ParseJsonFile(file);
    r3d::EntryReader top(file, "", doc);
    top.RejectUnknown({"deployments"});
    return top.Object("deployments");
}

} // namespace

TypeId
StaticPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::StaticPolicy")
            .SetParent<DeploymentPolicy>()
            .SetGroupName("R3d")
            .AddConstructor<StaticPolicy>()
            .AddAttribute("File",
                          "Deployment JSON: {\"deployments\": {\"<node name>\": [\"<model>\", "
                          "...], ...}} (see data/static-deployment-example.json).",
                          StringValue(""),
                          MakeStringAccessor(&StaticPolicy::m_file),
                          MakeStringChecker());
    return tid;
}

StaticPolicy::StaticPolicy()
{
}

void
StaticPolicy::CheckConfiguration()
{
    NS_LOG_FUNCTION(this << m_file);
    ReadDeployments(m_file);
}

void
StaticPolicy::Load(const MecView& view)
{
    NS_LOG_FUNCTION(this << m_file);
    const nlohmann::json deployments = ReadDeployments(m_file);

    std::vector<std::string> nodeNames;
    for (const MecNodeInfo& info : view.nodes)
    {
        nodeNames.push_back(info.name);
    }
    std::vector<std::vector<bool>> wanted(view.nodes.size(),
                                          std::vector<bool>(view.models.size(), false));
    for (auto it = deployments.begin(); it != deployments.end(); ++it)
    {
        const std::string& name = it.key();
        const std::string field = "deployments." + name;
        auto node = std::find(nodeNames.begin(), nodeNames.end(), name);
        if (node == nodeNames.end())
        {
            throw CatalogError(m_file, name, "", "unknown node (known: " + Join(nodeNames) + ")");
        }
        uint32_t n = node - nodeNames.begin();
        if (!it.value().is_array())
        {
            throw CatalogError(m_file,
                               name,
                               field,
                               "expected a JSON array of model names, got " +
                                   std::string(it.value().type_name()));
        }
        double total = 0;
        for (std::size_t i = 0; i < it.value().size(); ++i)
        {
            const nlohmann::json& model = it.value()[i];
            const std::string at = field + "[" + std::to_string(i) + "]";
            if (!model.is_string())
            {
                throw CatalogError(m_file, name, at, "expected a model name, got " + model.dump());
            }
            auto m = std::find(view.models.begin(), view.models.end(), model.get<std::string>());
            if (m == view.models.end())
            {
                throw CatalogError(m_file,
                                   name,
                                   at,
                                   "unknown model '" + model.get<std::string>() +
                                       "' (known: " + Join(view.models) + ")");
            }
            uint32_t index = m - view.models.begin();
            if (wanted[n][index])
            {
                throw CatalogError(m_file,
                                   name,
                                   at,
                                   "model '" + model.get<std::string>() + "' listed twice");
            }
            wanted[n][index] = true;
            total += view.MemoryBytes(n, index);
        }
        if (total > view.nodes[n].memoryCapacity)
        {
            std::ostringstream problem;
            problem << "the models need " << total / 1e6 << " MB but the node has "
                    << view.nodes[n].memoryCapacity / 1e6 << " MB of memory for models";
            throw CatalogError(m_file, name, field, problem.str());
        }
    }
    m_wanted = wanted;
    m_loadedFile = m_file;
}

const std::vector<std::vector<bool>>&
StaticPolicy::GetDeployment() const
{
    return m_wanted;
}

std::vector<DeploymentAction>
StaticPolicy::Decide(const MecView& view)
{
    NS_LOG_FUNCTION(this << view.now);
    if (m_loadedFile.empty() || m_loadedFile != m_file || m_wanted.size() != view.nodes.size())
    {
        Load(view);
    }
    std::vector<DeploymentAction> evicts;
    std::vector<DeploymentAction> deploys;
    for (uint32_t n = 0; n < view.nodes.size(); ++n)
    {
        for (uint32_t m = 0; m < view.models.size(); ++m)
        {
            bool held = view.IsHeld(n, m);
            if (held && !m_wanted[n][m])
            {
                evicts.push_back(DeploymentAction{DeploymentAction::EVICT, n, m, 0});
            }
            else if (!held && m_wanted[n][m])
            {
                deploys.push_back(DeploymentAction{DeploymentAction::DEPLOY, n, m, 0});
            }
        }
    }
    // Evictions first, so the deploys find the memory they free.
    evicts.insert(evicts.end(), deploys.begin(), deploys.end());
    return evicts;
}

} // namespace ns3
