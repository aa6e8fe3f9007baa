/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_EFFICIENCY_FIT_H
#define R3D_EFFICIENCY_FIT_H

#include "ns3/device-catalog.h"
#include "ns3/model-catalog.h"
#include "ns3/precision.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief One measured latency to fit the Roofline efficiency parameters to.
 */
struct CalibrationRow
{
    std::string device; //!< device catalog name
    std::string model;  //!< model catalog name
    uint32_t batch{1};  //!< batch size
    double latency{0};  //!< measured latency, seconds
    std::string source; //!< where the figure comes from
};

/**
 * \ingroup r3d
 * \brief The rows of one device class at one precision, fitted together to
 *        one set of efficiency parameters.
 */
struct CalibrationGroup
{
    std::string deviceClass;              //!< device class the fit applies to
    Precision precision{Precision::FP32}; //!< precision of the rows
    std::string runtime;                  //!< inference runtime measured (TensorRT, ncnn, …)
    std::vector<std::string> free;        //!< parameters fitted ("compute", "depthwise",
                                          //!< "memory", "layerOverheadUs")
    RooflineEfficiency start;             //!< fixed values, and starting values of free ones
    std::vector<CalibrationRow> rows;     //!< measurements
};

/**
 * \ingroup r3d
 * \brief Efficiency parameters of a class and precision that no measurement
 *        covers, set from a fitted one (an assumption the file states).
 */
struct DerivedEfficiency
{
    std::string deviceClass;                  //!< class to set
    Precision precision{Precision::FP32};     //!< precision to set
    std::string fromClass;                    //!< class to copy from
    Precision fromPrecision{Precision::FP32}; //!< precision to copy from
    double computeScale{1.0};                 //!< factor on the copied compute efficiency
    std::string why;                          //!< the assumption, in words
};

/**
 * \ingroup r3d
 * \brief The contents of a calibration file: groups to fit and entries to
 *        derive from them.
 */
struct CalibrationPlan
{
    std::vector<CalibrationGroup> groups;   //!< fitted groups
    std::vector<DerivedEfficiency> derived; //!< derived entries
};

/**
 * \ingroup r3d
 * \brief Predicted against measured latency of one calibration row.
 */
struct FitRowResult
{
    CalibrationRow row;         //!< the measurement
    double predicted{0};        //!< model latency with the fitted parameters, seconds
    double relativeError{0};    //!< (predicted - measured) / measured
    double leaveOneOutError{0}; //!< same, with the parameters fitted without this row
};

/**
 * \ingroup r3d
 * \brief Result of fitting one CalibrationGroup.
 */
struct FitResult
{
    RooflineEfficiency efficiency;     //!< fitted parameters
    std::vector<FitRowResult> rows;    //!< per row
    double meanAbsError{0};            //!< mean |relative error|
    double maxAbsError{0};             //!< max |relative error|
    double meanAbsLeaveOneOutError{0}; //!< mean |leave-one-out relative error|
};

/**
 * \ingroup r3d
 * \brief Fits the efficiency parameters of the Roofline model to measured
 *        latencies, by least squares on log(predicted / measured).
 *
 * Powell's conjugate-direction method with Brent line searches (Boost.Math)
 * within the parameters' physical bounds, until an iteration no longer
 * improves the objective. Log errors weigh a 2x miss on a 1 ms model like
 * one on a 500 ms model.
 */
class EfficiencyFit
{
  public:
    /**
     * \brief Load a calibration file (data/calibration.json format).
     * \param path the JSON file
     * \return its groups and derived entries
     * \throws CatalogError on any problem in the file
     */
    static CalibrationPlan LoadFile(const std::string& path);

    /** \return the path of data/calibration.json */
    static std::string GetDefaultPath();

    /**
     * \brief Fit one group.
     * \param group the rows and which parameters are free
     * \param devices the device catalog (rows' devices must be in it)
     * \param models the model catalog (rows' models must be in it)
     * \return fitted parameters and per-row errors
     * \throws CatalogError if a row names an unknown device or model, or a
     *         device without the group's precision
     */
    static FitResult Fit(const CalibrationGroup& group,
                         const DeviceCatalog& devices,
                         const ModelCatalog& models);

    /**
     * \brief Latency the model predicts for a row with given parameters.
     * \param row the row
     * \param precision the precision
     * \param efficiency the parameters
     * \param devices the device catalog
     * \param models the model catalog
     * \return seconds
     */
    static double Predict(const CalibrationRow& row,
                          Precision precision,
                          const RooflineEfficiency& efficiency,
                          const DeviceCatalog& devices,
                          const ModelCatalog& models);
};

} // namespace ns3

#endif /* R3D_EFFICIENCY_FIT_H */
