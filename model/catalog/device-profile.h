/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEVICE_PROFILE_H
#define R3D_DEVICE_PROFILE_H

#include "precision.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Where a device sits in the end–edge–cloud hierarchy.
 */
enum class Tier
{
    END,  //!< an IoT / end device
    EDGE, //!< an edge server
    CLOUD //!< a cloud server
};

/**
 * \brief Catalog name of a tier ("end", "edge", "cloud").
 * \param tier the tier
 * \return its name
 */
std::string TierToString(Tier tier);

/**
 * \brief Parse a tier name.
 * \param name "end", "edge" or "cloud"
 * \param[out] tier the parsed tier, set only on success
 * \return true if the name is known
 */
bool TierFromString(const std::string& name, Tier& tier);

/**
 * \ingroup r3d
 * \brief Efficiency parameters of the Roofline latency model for one device
 *        class and precision (see doc/r3d.rst, "Roofline latency model").
 *
 * They turn the datasheet roofs into what a real runtime attains. They are
 * fitted to published measurements by r3d-fit-efficiency, or to the host by
 * r3d-calibrate.
 */
struct RooflineEfficiency
{
    double compute{1.0};       //!< fraction of peak FLOP/s reached by conv, fc and matmul layers
    double depthwise{1.0};     //!< extra factor on compute for depthwise convolutions
    double memory{1.0};        //!< fraction of DRAM bandwidth reached
    double layerOverhead{0.0}; //!< fixed time per layer, in seconds (launch, dispatch)
};

/**
 * \ingroup r3d
 * \brief One device of the device catalog, in SI units.
 */
struct DeviceProfile
{
    std::string name;                                   //!< catalog name, e.g. "jetson-nano"
    std::string deviceClass;                            //!< efficiency class, e.g. "jetson-gpu"
    Tier tier{Tier::EDGE};                              //!< tier hint
    std::map<Precision, double> peakFlops;              //!< peak FLOP/s per supported precision
    double memoryBandwidth{0};                          //!< DRAM bandwidth, bytes/s
    double memoryCapacity{0};                           //!< memory available for models, bytes
    double storageBandwidth{0};                         //!< storage-to-memory bandwidth, bytes/s
    uint32_t computeUnits{1};                           //!< shareable compute units (cores or SMs)
    std::string computeUnitKind;                        //!< "cores" or "sms"
    double idlePower{0};                                //!< idle power, W
    double maxPower{0};                                 //!< power at full utilization, W
    std::map<Precision, RooflineEfficiency> efficiency; //!< per supported precision
    std::map<std::string, std::string> sources;         //!< where each figure comes from

    /**
     * \param precision a precision
     * \return true if the device lists a peak for it
     */
    bool SupportsPrecision(Precision precision) const;
};

} // namespace ns3

#endif /* R3D_DEVICE_PROFILE_H */
