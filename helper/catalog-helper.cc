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

void
CatalogHelper::AddCommandLineOptions(CommandLine& cmd)
{
    cmd.AddValue("devices-file",
                 "device catalog JSON (default: the module's)",
                 Callback<bool, std::string>([this](std::string path) {
                     SetDevicesFile(path);
                     return true;
                 }));
    cmd.AddValue("models-file",
                 "model catalog JSON (default: the module's)",
                 Callback<bool, std::string>([this](std::string path) {
                     SetModelsFile(path);
                     return true;
                 }));
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
