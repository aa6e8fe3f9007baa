/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CALIBRATE_OUTPUT_H
#define R3D_CALIBRATE_OUTPUT_H

// r3d-calibrate, output: the host's catalog entry (written with the module's
// DeviceCatalogWriter), the fit of its efficiency parameters, and the
// validation table. See calibrate-output.cc. Free of LibTorch.

#include "calibrate-host.h"

#include "ns3/device-catalog.h"
#include "ns3/efficiency-fit.h"
#include "ns3/model-catalog.h"

#include <string>
#include <vector>

namespace ns3
{
namespace r3d
{
namespace calibrate
{

/// Starting values of the fit, and the values of parameters it keeps fixed.
/// Depthwise stays at 0.5 if no depthwise model is measured; memory at the
/// measured roof.
extern const RooflineEfficiency FIT_START;

/// Summary of one model's timed runs.
struct ModelTiming
{
    /**
     * \param samples run times, seconds (not empty)
     */
    explicit ModelTiming(std::vector<double> samples);

    double median{0};    //!< seconds
    double min{0};       //!< seconds
    double max{0};       //!< seconds
    std::size_t runs{0}; //!< timed runs
};

/**
 * \brief The host's catalog entry.
 * \param name device name
 * \param m the measurements
 * \param efficiency fp32 efficiency parameters under the "libtorch" runtime
 *        (its fit says how they were obtained)
 * \return the profile: class "host-cpu", tier "edge", default runtime
 *         "libtorch", a source for every figure
 */
DeviceProfile MakeHostProfile(const std::string& name,
                              const HostMeasurements& m,
                              const RooflineEfficiency& efficiency);

/**
 * \brief A device catalog holding one host entry, in the module's format.
 * \param host the entry
 * \param note the catalog's note
 * \return the JSON text (DeviceCatalogWriter)
 */
std::string HostCatalog(const DeviceProfile& host, const std::string& note);

/**
 * \brief The parameters to fit: compute, kernel overhead, memory, and
 *        depthwise if a measured model has depthwise convolutions, in that
 *        order of priority, no more than there are measurements.
 * \param models the measured models
 * \return the free parameter names
 */
std::vector<std::string> FreeParameters(const std::vector<const DnnModel*>& models);

/**
 * \brief Fit the host's efficiency to its measured latencies, against a
 *        temporary catalog holding the entry (EfficiencyFit looks devices up
 *        in a DeviceCatalog).
 * \param host the entry (its efficiency is irrelevant)
 * \param models the measured models
 * \param timings their timings
 * \param catalog the model catalog
 * \param[out] group the group fitted (rows and free parameters)
 * \return the fit, without prior (held out by model: one device)
 */
FitResult FitHost(const DeviceProfile& host,
                  const std::vector<const DnnModel*>& models,
                  const std::vector<ModelTiming>& timings,
                  const ModelCatalog& catalog,
                  CalibrationGroup& group);

/**
 * \brief Print the measured, fitted and leave-one-model-out latencies.
 * \param models the measured models
 * \param timings their timings
 * \param fit the fit
 * \param device the written entry, as loaded back
 */
void PrintValidation(const std::vector<const DnnModel*>& models,
                     const std::vector<ModelTiming>& timings,
                     const FitResult& fit,
                     const DeviceProfile& device);

} // namespace calibrate
} // namespace r3d
} // namespace ns3

#endif /* R3D_CALIBRATE_OUTPUT_H */
