/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_ROOFLINE_MODEL_H
#define R3D_ROOFLINE_MODEL_H

#include "ns3/device-profile.h"
#include "ns3/dnn-model.h"
#include "ns3/precision.h"

#include <cstdint>
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
    double overhead{0};      //!< fixed per-layer time, seconds
    double latency{0};       //!< max(computeTime, memoryTime) + overhead, seconds
    bool memoryBound{false}; //!< memoryTime > computeTime (intensity below the ridge)
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
    std::vector<LayerEstimate> layers; //!< per layer, in execution order
};

/**
 * \ingroup r3d
 * \brief Roofline latency model of DNN layers on one device at one precision.
 *
 * For a layer with F FLOPs and B bytes of DRAM traffic (at batch b: F = b F1,
 * B = W + b (I + O), weights W read once per batch, sizes scaled by the
 * precision's element size), granted a compute share c and a bandwidth share
 * m of a device with peak P and bandwidth BW:
 *
 *   t_compute = F / (P · e_c(kind) · c),  t_memory = B / (BW · e_m · m),
 *   t = max(t_compute, t_memory) + t_0
 *
 * with e_c = compute efficiency (times the depthwise factor for depthwise
 * convolutions), e_m = memory efficiency and t_0 the per-layer overhead, all
 * from the device's RooflineEfficiency for that precision. The layer is
 * memory-bound when its intensity F/B is below the ridge point
 * (P e_c c) / (BW e_m m). See doc/r3d.rst for the derivation.
 */
class RooflineModel
{
  public:
    /**
     * \param device the device
     * \param precision the precision to run at
     * \throws CatalogError if the device has no peak for that precision
     */
    RooflineModel(const DeviceProfile& device, Precision precision);

    /**
     * \brief FLOP/s a layer kind attains with a given compute share.
     * \param kind the layer kind
     * \param computeShare fraction of the compute units, (0, 1]
     * \return FLOP/s
     */
    double GetAttainableFlops(LayerKind kind, double computeShare = 1.0) const;

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
     * \brief DRAM bytes a layer moves.
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

  private:
    const DeviceProfile& m_device;   //!< the device (owned by its catalog)
    Precision m_precision;           //!< precision
    double m_peak;                   //!< peak FLOP/s at m_precision
    RooflineEfficiency m_efficiency; //!< efficiency at m_precision
    double m_bytesScale;             //!< element size / 4 (catalog bytes are fp32)
};

} // namespace ns3

#endif /* R3D_ROOFLINE_MODEL_H */
