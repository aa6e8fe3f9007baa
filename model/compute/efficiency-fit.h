/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_EFFICIENCY_FIT_H
#define R3D_EFFICIENCY_FIT_H

#include "ns3/device-catalog.h"
#include "ns3/model-catalog.h"
#include "ns3/precision.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief One published latency measurement of the calibration file, mapped
 *        to catalog entries.
 */
struct CalibrationRow
{
    std::string id;                       //!< row id in the file (e.g. "X41")
    std::string device;                   //!< device catalog name
    std::string model;                    //!< model catalog name
    Precision precision{Precision::FP32}; //!< precision measured
    std::string runtime;                  //!< runtime name (a device's runtime)
    uint32_t batch{1};                    //!< batch size
    double latency{0};                    //!< measured latency, seconds
    std::string statistic;                //!< what the figure is (mean, p90, ...)
    std::string source;                   //!< where the figure comes from
    std::string measuredOn;               //!< the hardware as the source names it
    std::string note;                     //!< how the row maps to the catalog (proxies, ...)
    std::string excluded;                 //!< non-empty: why the row is not fitted
};

/**
 * \ingroup r3d
 * \brief The rows of one device class under one runtime, fitted together:
 *        a compute efficiency per precision, shared depthwise, memory,
 *        per-kernel overhead and Winograd parameters.
 */
struct CalibrationGroup
{
    std::string deviceClass;          //!< device class the fit applies to
    std::string runtime;              //!< runtime the rows measure
    std::vector<std::string> free;    //!< parameters fitted: "compute" (one per precision
                                      //!< with rows), "depthwise", "memory",
                                      //!< "kernelOverheadUs", "winograd"
    RooflineEfficiency prior;         //!< centre of the prior of free parameters, value
                                      //!< of fixed ones
    std::string note;                 //!< why the group is set up so
    std::vector<CalibrationRow> rows; //!< the rows (EfficiencyFit::AssignRows)
};

/**
 * \ingroup r3d
 * \brief Efficiency parameters of a class, runtime and precision that no
 *        measurement covers, set from the same class and runtime at another
 *        precision (an assumption the file states).
 */
struct DerivedEfficiency
{
    std::string deviceClass;                  //!< class to set
    std::string runtime;                      //!< runtime to set
    Precision precision{Precision::FP32};     //!< precision to set
    Precision fromPrecision{Precision::FP32}; //!< fitted precision to copy from
    double computeScale{1.0};                 //!< factor on the copied compute efficiency
    std::string why;                          //!< the assumption, in words
};

/**
 * \ingroup r3d
 * \brief The contents of a calibration file.
 */
struct CalibrationPlan
{
    std::string file;                       //!< the calibration file
    std::vector<CalibrationRow> rows;       //!< every row, fitted or excluded, in file order
    std::vector<CalibrationGroup> groups;   //!< fitted groups
    std::vector<DerivedEfficiency> derived; //!< derived entries
    double priorWeight{0};                  //!< weight of the prior (see EfficiencyFit)
};

/**
 * \ingroup r3d
 * \brief How a row's held-out prediction was made.
 */
enum class HeldOut
{
    DEVICE, //!< by a fit without any row of the row's device (leave-one-device-out)
    MODEL   //!< by a fit without the rows of the row's model on its device
            //!< (leave-one-model-out: no other device of the group measured the
            //!< row's precision)
};

/**
 * \ingroup r3d
 * \brief Predicted against measured latency of one calibration row.
 */
struct FitRowResult
{
    CalibrationRow row;               //!< the measurement
    double predicted{0};              //!< model latency with the fitted parameters, seconds
    double relativeError{0};          //!< (predicted - measured) / measured
    double heldOutPredicted{0};       //!< model latency with a fit that did not see the row
    double heldOutError{0};           //!< (heldOutPredicted - measured) / measured
    HeldOut heldOut{HeldOut::DEVICE}; //!< which rows that fit left out
};

/**
 * \ingroup r3d
 * \brief Result of fitting one CalibrationGroup.
 */
struct FitResult
{
    std::map<Precision, RooflineEfficiency> efficiency; //!< per precision with rows
    std::vector<FitRowResult> rows;                     //!< per row, in group order
    double meanAbsError{0};                             //!< mean |relative error|
    double maxAbsError{0};                              //!< max |relative error|
    double meanAbsHeldOutError{0};                      //!< mean |held-out relative error|
};

/**
 * \ingroup r3d
 * \brief Median and spread of a set of relative errors.
 */
struct ErrorSummary
{
    std::size_t rows{0};      //!< number of errors
    double medianAbsError{0}; //!< median |error|
    double within25{0};       //!< share with |error| <= 25 %
    double within2x{0};       //!< share with predicted/measured in [1/2, 2]

    /**
     * \param relativeErrors (predicted - measured) / measured, each > -1
     * \return their summary (all zero if empty)
     */
    static ErrorSummary Of(const std::vector<double>& relativeErrors);
};

/**
 * \ingroup r3d
 * \brief Fits the efficiency parameters of the Roofline model to measured
 *        latencies, per device class and runtime.
 *
 * Minimizes sum over rows of log^2(predicted / measured) plus w times sum over
 * free parameters of log^2(value / prior) (w = the plan's priorWeight: a weak
 * log-normal prior that keeps parameters no row constrains at their stated
 * prior instead of anywhere in their bounds). Powell's conjugate-direction
 * method on the logarithms of the parameters, each line search a 64-cell grid
 * scan refined with Brent's method (Boost.Math), within physical bounds, until
 * an iteration no longer improves the objective. Log errors weigh a 2x miss
 * on a 1 ms model like one on a 500 ms model.
 */
class EfficiencyFit
{
  public:
    /**
     * \brief Load a calibration file (data/calibration.json format).
     * \param path the JSON file
     * \return its rows, groups and derived entries (groups without rows:
     *         see AssignRows)
     * \throws CatalogError on any problem in the file
     */
    static CalibrationPlan LoadFile(const std::string& path);

    /** \return the path of data/calibration.json */
    static std::string GetDefaultPath();

    /**
     * \brief Put every row that is not excluded into the group of its
     *        device's class and its runtime.
     * \param plan the plan (its groups' rows are replaced)
     * \param devices the device catalog
     * \param models the model catalog
     * \throws CatalogError naming the row if its device, model, runtime or
     *         group is unknown, or the device lacks the precision
     */
    static void AssignRows(CalibrationPlan& plan,
                           const DeviceCatalog& devices,
                           const ModelCatalog& models);

    /**
     * \brief Fit one group, and predict each row again from a fit that did
     *        not see it (its device, or else its model; see HeldOut).
     * \param group the rows and which parameters are free
     * \param devices the device catalog
     * \param models the model catalog
     * \param priorWeight weight of the prior (0: none)
     * \return fitted parameters and per-row errors
     * \throws CatalogError if a row names an unknown device, model or runtime
     */
    static FitResult Fit(const CalibrationGroup& group,
                         const DeviceCatalog& devices,
                         const ModelCatalog& models,
                         double priorWeight = 0);

    /**
     * \brief Fit a group's parameters to some of its rows.
     * \param group the group (free parameters, prior)
     * \param rows the rows to fit to (may be empty: the prior)
     * \param devices the device catalog
     * \param models the model catalog
     * \param priorWeight weight of the prior
     * \return parameters per precision of the rows (every precision of the
     *         group's rows; precisions without rows among \p rows keep the
     *         prior's compute efficiency)
     */
    static std::map<Precision, RooflineEfficiency> FitRows(
        const CalibrationGroup& group,
        const std::vector<const CalibrationRow*>& rows,
        const DeviceCatalog& devices,
        const ModelCatalog& models,
        double priorWeight);

    /**
     * \brief Latency the model predicts for a row with given parameters,
     *        under the row's runtime.
     * \param row the row
     * \param efficiency the parameters
     * \param devices the device catalog
     * \param models the model catalog
     * \return seconds
     */
    static double Predict(const CalibrationRow& row,
                          const RooflineEfficiency& efficiency,
                          const DeviceCatalog& devices,
                          const ModelCatalog& models);
};

} // namespace ns3

#endif /* R3D_EFFICIENCY_FIT_H */
