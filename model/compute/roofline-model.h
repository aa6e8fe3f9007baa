/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_ROOFLINE_MODEL_H
#define R3D_ROOFLINE_MODEL_H

#include "ns3/device-profile.h"
#include "ns3/dnn-model.h"
#include "ns3/precision.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The part of a device granted to one inference: fractions of its
 *        compute units and of its DRAM bandwidth, each in (0, 1].
 */
struct ResourceShare
{
    double compute{1.0};   //!< fraction of the compute units
    double bandwidth{1.0}; //!< fraction of the memory bandwidth
};

/**
 * \ingroup r3d
 * \brief The Roofline estimate of one layer.
 */
struct LayerEstimate
{
    double flops{0};         //!< FLOPs executed (batch included)
    double bytes{0};         //!< DRAM bytes moved (weights once, activations per sample)
    double intensity{0};     //!< operational intensity, FLOP/byte
    double ridgePoint{0};    //!< intensity where this layer's two roofs meet, FLOP/byte
    double computeTime{0};   //!< flops / attainable FLOP/s, seconds
    double memoryTime{0};    //!< bytes / attainable bandwidth, seconds
    double overhead{0};      //!< fixed time the layer adds, seconds: the runtime's per-kernel
                             //!< t_k (additive mode), what t_k adds beyond max(computeTime,
                             //!< memoryTime) (minimum mode), 0 when fused into the kernel before
    double latency{0};       //!< max(computeTime, memoryTime) + overhead, seconds
    bool memoryBound{false}; //!< memoryTime > computeTime (intensity below the ridge)
    bool fused{false};       //!< runs inside the kernel before it (no kernel of its own)
};

/**
 * \ingroup r3d
 * \brief The Roofline estimate of a whole model: the sum over its layers.
 */
struct ModelEstimate
{
    double latency{0};                 //!< seconds
    double flops{0};                   //!< total FLOPs
    double bytes{0};                   //!< total DRAM bytes
    uint32_t kernels{0};               //!< kernels launched (layers not fused)
    std::vector<LayerEstimate> layers; //!< per layer, in execution order
};

/**
 * \ingroup r3d
 * \brief Roofline latency model of DNN layers on one device, under one
 *        inference runtime, at one precision.
 *
 * For a layer with F FLOPs and B bytes of DRAM traffic (at batch b: F = b F1,
 * B = W + b (I + O - S), weights W read once per batch, S the bytes a fusing
 * runtime saves on a fused layer (0 otherwise), sizes scaled by the
 * precision's element size), granted a compute share c and a bandwidth share
 * m of a device with peak P (on the units the runtime uses: tensor cores or
 * not) and bandwidth BW:
 *
 *   t_compute = F / (P · e_c(layer) · c),  t_memory = B / (BW · e_m · m),
 *   t = max(t_compute, t_memory) + t_0
 *
 * with e_c = compute efficiency (times the depthwise factor for depthwise
 * convolutions, times the Winograd factor for hinted convolutions under a
 * Winograd runtime), e_m = memory efficiency, and t_0 = 0 for a layer fused
 * into the kernel before it, else the runtime's per-kernel overhead t_k
 * (additive mode) or max(0, t_k - max(t_compute, t_memory)) (minimum mode:
 * a kernel lasts at least t_k). Parameters from the device's
 * RooflineEfficiency for that runtime and precision. The layer is
 * memory-bound when its intensity F/B is below the ridge point
 * (P e_c c) / (BW e_m m). See doc/r3d.rst for the derivation.
 */
class RooflineModel
{
  public:
    /**
     * \brief The model under the device's default runtime.
     * \param device the device (must outlive the model)
     * \param precision the precision to run at
     * \throws CatalogError if the device has no peak for that precision
     */
    RooflineModel(const DeviceProfile& device, Precision precision);

    /**
     * \brief The model under a runtime of the device's.
     * \param device the device (must outlive the model)
     * \param precision the precision to run at
     * \param runtime a runtime the device offers ("" = its default)
     * \throws CatalogError if the device does not offer the runtime, or not
     *         at that precision
     */
    RooflineModel(const DeviceProfile& device, Precision precision, const std::string& runtime);

    /**
     * \brief The model with a runtime and efficiency parameters given
     *        explicitly (what the efficiency fit tries out).
     * \param device the device (must outlive the model)
     * \param precision the precision to run at
     * \param runtime the runtime's properties
     * \param efficiency the efficiency parameters
     * \throws CatalogError if the device has no peak for that precision
     */
    RooflineModel(const DeviceProfile& device,
                  Precision precision,
                  const InferenceRuntime& runtime,
                  const RooflineEfficiency& efficiency);

    /**
     * \brief FLOP/s a layer kind attains with a given compute share.
     * \param kind the layer kind
     * \param computeShare fraction of the compute units, (0, 1]
     * \return FLOP/s
     */
    double GetAttainableFlops(LayerKind kind, double computeShare = 1.0) const;

    /**
     * \brief FLOP/s a layer attains with a given compute share: as for its
     *        kind, times the Winograd factor if it is a hinted convolution
     *        and the runtime transforms those.
     * \param layer the layer
     * \param computeShare fraction of the compute units, (0, 1]
     * \return FLOP/s
     */
    double GetAttainableFlops(const DnnLayer& layer, double computeShare = 1.0) const;

    /**
     * \brief Bytes/s attained with a given bandwidth share.
     * \param bandwidthShare fraction of the bandwidth, (0, 1]
     * \return bytes/s
     */
    double GetAttainableBandwidth(double bandwidthShare = 1.0) const;

    /**
     * \brief The ridge point: the operational intensity (FLOP/byte) above
     *        which a layer of this kind is compute-bound.
     * \param kind the layer kind (conv by default)
     * \param share the granted share of the device
     * \return FLOP/byte
     */
    double GetRidgePoint(LayerKind kind = LayerKind::CONV, ResourceShare share = {}) const;

    /**
     * \brief DRAM bytes a layer moves (less what fusion saves, under a
     *        fusing runtime).
     * \param layer the layer
     * \param batch the batch size (>= 1)
     * \return bytes
     */
    double GetLayerBytes(const DnnLayer& layer, uint32_t batch = 1) const;

    /**
     * \brief Operational intensity of a layer, FLOP/byte.
     * \param layer the layer
     * \param batch the batch size (>= 1)
     * \return FLOP/byte (0 for a layer without FLOPs)
     */
    double GetIntensity(const DnnLayer& layer, uint32_t batch = 1) const;

    /**
     * \brief Is the layer memory-bound on this device with this share?
     * \param layer the layer
     * \param batch the batch size
     * \param share the granted share
     * \return true if its intensity is below the ridge point
     */
    bool IsMemoryBound(const DnnLayer& layer, uint32_t batch = 1, ResourceShare share = {}) const;

    /**
     * \brief Estimate one layer.
     * \param layer the layer
     * \param batch the batch size (>= 1)
     * \param share the granted share
     * \return the estimate
     */
    LayerEstimate EstimateLayer(const DnnLayer& layer,
                                uint32_t batch = 1,
                                ResourceShare share = {}) const;

    /**
     * \brief Estimate a whole model: the sum over its layers.
     * \param model the model
     * \param batch the batch size (>= 1)
     * \param share the granted share
     * \return the estimate
     */
    ModelEstimate EstimateModel(const DnnModel& model,
                                uint32_t batch = 1,
                                ResourceShare share = {}) const;

    /** \return the device */
    const DeviceProfile& GetDevice() const;

    /** \return the precision */
    Precision GetPrecision() const;

    /** \return the efficiency parameters in use */
    const RooflineEfficiency& GetEfficiency() const;

    /** \return the runtime in use */
    const InferenceRuntime& GetRuntime() const;

    /** \return the peak FLOP/s in use (of the units the runtime uses) */
    double GetPeakFlops() const;

    /**
     * \param layer a layer
     * \return true if the runtime runs it inside the kernel before it
     */
    bool IsFused(const DnnLayer& layer) const;

  private:
    const DeviceProfile& m_device;   //!< the device (owned by its catalog)
    Precision m_precision;           //!< precision
    InferenceRuntime m_runtime;      //!< runtime
    double m_peak;                   //!< peak FLOP/s at m_precision on the runtime's units
    RooflineEfficiency m_efficiency; //!< efficiency at m_precision under m_runtime
    double m_bytesScale;             //!< element size / 4 (catalog bytes are fp32)
};

} // namespace ns3

#endif /* R3D_ROOFLINE_MODEL_H */
