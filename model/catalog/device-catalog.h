/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEVICE_CATALOG_H
#define R3D_DEVICE_CATALOG_H

#include "device-profile.h"
#include "named-catalog.h"

#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The hardware catalog: device profiles loaded and validated from a
 *        JSON file (data/devices.json by default; format in doc/r3d.rst).
 *
 * Every problem in the file raises a CatalogError naming the file, the entry
 * and the field; so does asking for a device the catalog does not have.
 */
class DeviceCatalog : public SimpleRefCount<DeviceCatalog>, public NamedCatalog<DeviceProfile>
{
  public:
    /** \brief An empty catalog; use LoadFile. */
    DeviceCatalog();

    /**
     * \brief Load and validate a device catalog.
     * \param path the JSON file
     * \return the catalog
     * \throws CatalogError on any problem in the file
     */
    static Ptr<DeviceCatalog> LoadFile(const std::string& path);

    /**
     * \brief Load a catalog once per process (see LoadCatalogOnce).
     * \param path the JSON file
     * \return the catalog, shared by every caller with the same path
     * \throws CatalogError on any problem in the file
     */
    static Ptr<DeviceCatalog> LoadCached(const std::string& path);

    /**
     * \return the path of the catalog shipped with the module
     *         ($R3D_DATA_DIR/devices.json if that variable is set)
     */
    static std::string GetDefaultPath();

    /** \return the runtimes the file defines, by name */
    const std::map<std::string, InferenceRuntime>& GetRuntimes() const;

    /**
     * \brief A runtime the file defines ("default": LegacyRuntime()).
     * \param name the runtime's name
     * \return its properties
     * \throws CatalogError if the file does not define it
     */
    const InferenceRuntime& GetRuntime(const std::string& name) const;

  private:
    std::map<std::string, InferenceRuntime> m_runtimes; //!< runtimes defined by the file
};

} // namespace ns3

#endif /* R3D_DEVICE_CATALOG_H */
