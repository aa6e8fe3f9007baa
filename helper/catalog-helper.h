/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CATALOG_HELPER_H
#define R3D_CATALOG_HELPER_H

#include "ns3/command-line.h"
#include "ns3/device-catalog.h"
#include "ns3/model-catalog.h"
#include "ns3/ptr.h"

#include <string>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Gives scripts the device and model catalogs: the module's own by
 *        default, or the user's files.
 *
 * Catalogs are loaded on first use and shared: every helper (and node) asking
 * for the same file gets the same catalog object, so a scenario with many
 * nodes parses each file once.
 */
class CatalogHelper
{
  public:
    /** \brief Use the module's catalogs (data/devices.json, data/models.json). */
    CatalogHelper();

    /**
     * \brief Use a user's device catalog.
     * \param path a JSON file in data/devices.json's format ("" = the module's)
     */
    void SetDevicesFile(const std::string& path);

    /**
     * \brief Use a user's model catalog.
     * \param path a JSON file in data/models.json's format ("" = the module's)
     */
    void SetModelsFile(const std::string& path);

    /**
     * \brief Let a program's users choose the catalogs: registers
     *        --devices-file and --models-file, which call SetDevicesFile and
     *        SetModelsFile. The helper must outlive cmd.Parse.
     * \param cmd the program's command line
     */
    void AddCommandLineOptions(CommandLine& cmd);

    /**
     * \return the device catalog
     * \throws CatalogError if the file is invalid
     */
    Ptr<DeviceCatalog> GetDevices() const;

    /**
     * \return the model catalog
     * \throws CatalogError if the file is invalid
     */
    Ptr<ModelCatalog> GetModels() const;

  private:
    std::string m_devicesFile; //!< device catalog path
    std::string m_modelsFile;  //!< model catalog path
};

} // namespace ns3

#endif /* R3D_CATALOG_HELPER_H */
