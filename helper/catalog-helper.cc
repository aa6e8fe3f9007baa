/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "catalog-helper.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CatalogHelper");

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
    return DeviceCatalog::LoadCached(m_devicesFile);
}

Ptr<ModelCatalog>
CatalogHelper::GetModels() const
{
    return ModelCatalog::LoadCached(m_modelsFile);
}

} // namespace ns3
