/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CALIBRATE_WORKLOAD_H
#define R3D_CALIBRATE_WORKLOAD_H

// r3d-calibrate, workload plan: a catalog model run as a roofline-equivalent
// LibTorch workload, layer by layer (see calibrate-workload.cc). The header
// is free of LibTorch.

#include "ns3/dnn-model.h"

#include <cstdint>
#include <memory>

namespace ns3
{
namespace r3d
{
namespace calibrate
{

/** \brief What the equivalent workload of a model is made of. */
struct WorkloadStats
{
    uint32_t layers{0};         //!< catalog layers
    uint32_t gemm{0};           //!< conv / fc / matmul run as one GEMM
    uint32_t depthwise2d{0};    //!< depthwise convs run as a real depthwise conv2d
    uint32_t depthwise1d{0};    //!< depthwise convs run as a grouped conv1d (shape not inferable)
    uint32_t memoryOps{0};      //!< pool, eltwise, softmax, ... as memory-bound tensor ops
    double catalogMacFlops{0};  //!< FLOPs of the catalog's MAC layers
    double workloadMacFlops{0}; //!< FLOPs of their equivalents
};

/**
 * \brief A model's equivalent workload: one LibTorch op per catalog layer,
 *        over tensors allocated once, random weights (fixed seed).
 */
class Workload
{
  public:
    /**
     * \brief Build the workload: activation buffers and random weights.
     * \param model the catalog model (must outlive the workload)
     */
    explicit Workload(const DnnModel& model);

    ~Workload();

    /**
     * \brief One forward pass.
     * \return its wall-clock time, seconds
     */
    double Run();

    /** \brief NS_LOG_DEBUG each layer's time, the median of 5 passes. */
    void LogLayerTimes();

    /** \return the workload's make-up */
    const WorkloadStats& GetStats() const;

  private:
    struct Impl;                  //!< the tensors and closures (LibTorch)
    std::unique_ptr<Impl> m_impl; //!< implementation
};

} // namespace calibrate
} // namespace r3d
} // namespace ns3

#endif /* R3D_CALIBRATE_WORKLOAD_H */
