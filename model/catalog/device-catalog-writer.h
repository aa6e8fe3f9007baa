/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEVICE_CATALOG_WRITER_H
#define R3D_DEVICE_CATALOG_WRITER_H

#include "device-profile.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief One entry of a device catalog's efficiencyClasses: the efficiency
 *        parameters of a device class under a runtime at a precision.
 */
struct EfficiencyClassEntry
{
    std::string deviceClass;              //!< the class
    std::string runtime;                  //!< the runtime
    Precision precision{Precision::FP32}; //!< the precision
    RooflineEfficiency efficiency;        //!< the parameters; efficiency.fit says where from
};

/**
 * \ingroup r3d
 * \brief Writes the device-catalog format that DeviceCatalog::LoadFile reads
 *        (doc/r3d.rst, "Device catalog"); used by r3d-calibrate and
 *        r3d-fit-efficiency.
 *
 * It returns the text; callers write it to a file (atomically). Figures are
 * written in the catalog's units (GFLOP/s, GB/s, GB, MB/s, W, µs) rounded to
 * 10 significant digits, efficiency parameters to 4 (readable files, small
 * diffs); loading what it writes gives the same profiles to that precision.
 */
class DeviceCatalogWriter
{
  public:
    /**
     * \brief A complete device catalog.
     * \param note the file's note (units, conventions)
     * \param runtimes runtime definitions to write besides those the
     *        devices use
     * \param classes the efficiencyClasses entries
     * \param devices the devices, in file order; a device's efficiencies are
     *        written in its entry where they differ from its class's in
     *        \p classes
     * \return the JSON text
     */
    static std::string Write(const std::string& note,
                             const std::vector<InferenceRuntime>& runtimes,
                             const std::vector<EfficiencyClassEntry>& classes,
                             const std::vector<DeviceProfile>& devices);

    /**
     * \brief An existing catalog with some efficiencyClasses entries set (added
     *        or replaced) and everything else kept as it was.
     * \param catalogText the catalog's JSON text
     * \param file the catalog's path, for errors
     * \param classes the entries to set
     * \return the new JSON text
     * \throws CatalogError if the text is not a JSON object
     */
    static std::string SetEfficiencyClasses(const std::string& catalogText,
                                            const std::string& file,
                                            const std::vector<EfficiencyClassEntry>& classes);
};

} // namespace ns3

#endif /* R3D_DEVICE_CATALOG_WRITER_H */
