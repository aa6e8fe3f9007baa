/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "catalog-helper.h"

#include "ns3/log.h"

#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CatalogHelper");

namespace
{

/// Load a catalog once per path for the whole process.
template <typename Catalog>
Ptr<Catalog>
LoadShared(const std::string& path)
{
    static std::map<std::string, Ptr<Catalog>> loaded;
    auto it = loaded.find(path);
    if (it != loaded.end())
    {
        return it->second;
    }
    NS_LOG_INFO("loading " << path);
    Ptr<Catalog> catalog = Catalog::LoadFile(path);
    loaded[path] = catalog;
    return catalog;
}

} // namespace

CatalogHelper::CatalogHelper()
    : m_devicesFile(DeviceCatalog::GetDefaultPath()),
      m_modelsFile(ModelCatalog::GetDefaultPath())
{
}

void
CatalogHelper::SetDevicesFile(const std::string& path)
{
    m_devicesFile = path.empty() ? DeviceCatalog::GetDefaultPath() : path;
}

void
CatalogHelper::SetModelsFile(const std::string& path)
{
    m_modelsFile = path.empty() ? ModelCatalog::GetDefaultPath() : path;
}

Ptr<DeviceCatalog>
CatalogHelper::GetDevices() const
{
    return LoadShared<DeviceCatalog>(m_devicesFile);
}

Ptr<ModelCatalog>
CatalogHelper::GetModels() const
{
    return LoadShared<ModelCatalog>(m_modelsFile);
}

} // namespace ns3
