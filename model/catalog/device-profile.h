/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_DEVICE_PROFILE_H
#define R3D_DEVICE_PROFILE_H

#include "inference-runtime.h"
#include "precision.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

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
 *        class, inference runtime and precision (see doc/r3d.rst, "Roofline
 *        latency model").
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
    double layerOverhead{0.0}; //!< fixed time per kernel, in seconds (launch, dispatch; a
                               //!< layer fused into the kernel before it has none)
    double winograd{1.0};      //!< factor on compute for Winograd-hinted convolutions, when
                               //!< the runtime transforms them (fewer multiplications)
    std::string fit;           //!< how the values were obtained (the catalog's "fit")
};

/**
 * \ingroup r3d
 * \brief An inference runtime available on a device, with the device's
 *        efficiencies under it.
 */
struct RuntimeProfile
{
    InferenceRuntime runtime;                           //!< the runtime's properties
    std::map<Precision, RooflineEfficiency> efficiency; //!< per precision it runs at
};

/**
 * \ingroup r3d
 * \brief One device of the device catalog, in SI units.
 */
struct DeviceProfile
{
    std::string name;                            //!< catalog name, e.g. "jetson-nano"
    std::string deviceClass;                     //!< efficiency class, e.g. "gpu-cuda-cores"
    Tier tier{Tier::EDGE};                       //!< tier hint
    std::map<Precision, double> peakFlops;       //!< peak FLOP/s per supported precision, on the
                                                 //!< device's fastest units (tensor cores if any)
    std::map<Precision, double> vectorPeakFlops; //!< peak FLOP/s on the vector units (CUDA
                                                 //!< cores, SIMD) where lower than peakFlops
    double memoryBandwidth{0};                   //!< DRAM bandwidth, bytes/s
    double memoryCapacity{0};                    //!< memory available for models, bytes
    double storageBandwidth{0};                  //!< storage-to-memory bandwidth, bytes/s
    double modelInitTime{0};     //!< fixed set-up of every model load after its weights are read
                                 //!< (runtime/engine initialization), s; the catalog's
                                 //!< modelInitialization entry for the device's class, or the
                                 //!< entry's own modelInitS; 0 if the catalog gives neither
    uint32_t computeUnits{1};    //!< shareable compute units (cores or SMs)
    std::string computeUnitKind; //!< "cores" or "sms"
    double idlePower{0};         //!< idle power, W
    double maxPower{0};          //!< power at full utilization, W
    std::map<Precision, RooflineEfficiency> efficiency; //!< per supported precision, under
                                                        //!< the default runtime
    std::map<std::string, std::string> sources;         //!< where each figure comes from
    std::string defaultRuntime; //!< the runtime callers get without asking ("" for a
                                //!< profile without runtimes: LegacyRuntime())
    std::map<std::string, RuntimeProfile> runtimes; //!< runtimes available, by name

    /**
     * \param precision a precision
     * \return true if the device lists a peak for it (the default runtime
     *         runs every such precision)
     */
    bool SupportsPrecision(Precision precision) const;

    /**
     * \brief Can the device run a precision under a runtime?
     * \param runtime a runtime name ("" = the default runtime)
     * \param precision a precision
     * \return true if the runtime is available and has efficiencies for it
     */
    bool SupportsRuntime(const std::string& runtime, Precision precision) const;

    /** \return the names of the runtimes available, the default first */
    std::vector<std::string> GetRuntimeNames() const;

    /**
     * \brief A runtime's properties.
     * \param runtime a runtime name ("" = the default runtime)
     * \return the runtime (LegacyRuntime() for a profile without runtimes)
     * \throws CatalogError if the device does not offer it
     */
    const InferenceRuntime& GetRuntime(const std::string& runtime = "") const;

    /**
     * \brief The efficiency parameters of a runtime at a precision.
     * \param runtime a runtime name ("" = the default runtime, whose values
     *        are the \c efficiency member)
     * \param precision the precision
     * \return the parameters
     * \throws CatalogError if the device cannot run the precision under it
     */
    const RooflineEfficiency& GetEfficiency(const std::string& runtime, Precision precision) const;

    /**
     * \brief Peak FLOP/s at a precision on the units a runtime uses.
     * \param precision the precision
     * \param matrixUnits true for a runtime that uses matrix units (tensor
     *        cores): peakFlops; false: vectorPeakFlops where listed, else
     *        peakFlops
     * \return FLOP/s (0 if the device lists no peak for the precision)
     */
    double GetPeakFlops(Precision precision, bool matrixUnits) const;

    /**
     * \brief This device with another default runtime: what a scenario
     *        uses to run a tier under a runtime of its choice.
     * \param runtime a runtime the device offers
     * \return a copy whose defaultRuntime and efficiency are that runtime's;
     *         its precisions (peakFlops) are those the runtime runs
     * \throws CatalogError if the device does not offer the runtime
     */
    DeviceProfile WithRuntime(const std::string& runtime) const;
};

} // namespace ns3

#endif /* R3D_DEVICE_PROFILE_H */
