/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "roofline-model.h"

#include "ns3/assert.h"
#include "ns3/catalog-error.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RooflineModel");

RooflineModel::RooflineModel(const DeviceProfile& device, Precision precision)
    : RooflineModel(device, precision, "")
{
}

RooflineModel::RooflineModel(const DeviceProfile& device,
                             Precision precision,
                             const std::string& runtime)
    : RooflineModel(device,
                    precision,
                    device.GetRuntime(runtime),
                    device.GetEfficiency(runtime, precision))
{
}

RooflineModel::RooflineModel(const DeviceProfile& device,
                             Precision precision,
                             const InferenceRuntime& runtime,
                             const RooflineEfficiency& efficiency)
    : m_device(device),
      m_precision(precision),
      m_runtime(runtime),
      m_peak(device.GetPeakFlops(precision, runtime.matrixUnits)),
      m_efficiency(efficiency),
      m_bytesScale(BytesPerElement(precision) / 4.0)
{
    if (m_peak <= 0)
    {
        throw CatalogError("-",
                           device.name,
                           "peakGflops",
                           "the device does not support " + PrecisionToString(precision));
    }
}

double
RooflineModel::GetAttainableFlops(LayerKind kind, double computeShare) const
{
    NS_ASSERT_MSG(computeShare > 0 && computeShare <= 1 + 1e-9, "compute share " << computeShare);
    double efficiency = m_efficiency.compute;
    if (kind == LayerKind::DEPTHWISE_CONV)
    {
        efficiency *= m_efficiency.depthwise;
    }
    return m_peak * efficiency * computeShare;
}

double
RooflineModel::GetAttainableFlops(const DnnLayer& layer, double computeShare) const
{
    double flops = GetAttainableFlops(layer.kind, computeShare);
    return (layer.winograd && m_runtime.winograd) ? flops * m_efficiency.winograd : flops;
}

bool
RooflineModel::IsFused(const DnnLayer& layer) const
{
    return m_runtime.fusion == KernelFusion::EPILOGUE && layer.fusion != LayerFusion::NONE;
}

double
RooflineModel::GetAttainableBandwidth(double bandwidthShare) const
{
    NS_ASSERT_MSG(bandwidthShare > 0 && bandwidthShare <= 1 + 1e-9,
                  "bandwidth share " << bandwidthShare);
    return m_device.memoryBandwidth * m_efficiency.memory * bandwidthShare;
}

double
RooflineModel::GetRidgePoint(LayerKind kind, ResourceShare share) const
{
    return GetAttainableFlops(kind, share.compute) / GetAttainableBandwidth(share.bandwidth);
}

double
RooflineModel::GetLayerBytes(const DnnLayer& layer, uint32_t batch) const
{
    double activations = layer.inputBytes + layer.outputBytes;
    if (IsFused(layer))
    {
        activations = std::max(0.0, activations - layer.fusionSavedBytes);
    }
    return (layer.weightBytesRead + batch * activations) * m_bytesScale;
}

double
RooflineModel::GetIntensity(const DnnLayer& layer, uint32_t batch) const
{
    double bytes = GetLayerBytes(layer, batch);
    return bytes > 0 ? layer.flops * batch / bytes : 0;
}

bool
RooflineModel::IsMemoryBound(const DnnLayer& layer, uint32_t batch, ResourceShare share) const
{
    return GetIntensity(layer, batch) <
           GetAttainableFlops(layer, share.compute) / GetAttainableBandwidth(share.bandwidth);
}

LayerEstimate
RooflineModel::EstimateLayer(const DnnLayer& layer, uint32_t batch, ResourceShare share) const
{
    NS_ASSERT_MSG(batch >= 1, "batch must be at least 1");
    LayerEstimate e;
    e.flops = layer.flops * batch;
    e.bytes = GetLayerBytes(layer, batch);
    e.intensity = e.bytes > 0 ? e.flops / e.bytes : 0;
    e.ridgePoint =
        GetAttainableFlops(layer, share.compute) / GetAttainableBandwidth(share.bandwidth);
    e.computeTime = e.flops / GetAttainableFlops(layer, share.compute);
    e.memoryTime = e.bytes / GetAttainableBandwidth(share.bandwidth);
    e.fused = IsFused(layer);
    double roofline = std::max(e.computeTime, e.memoryTime);
    if (e.fused)
    {
        e.overhead = 0;
    }
    else if (m_runtime.overhead == KernelOverheadMode::MINIMUM)
    {
        e.overhead = std::max(0.0, m_efficiency.layerOverhead - roofline);
    }
    else
    {
        e.overhead = m_efficiency.layerOverhead;
    }
    e.latency = roofline + e.overhead;
    e.memoryBound = e.memoryTime > e.computeTime;
    return e;
}

ModelEstimate
RooflineModel::EstimateModel(const DnnModel& model, uint32_t batch, ResourceShare share) const
{
    NS_LOG_FUNCTION(model.name << batch << share.compute << share.bandwidth);
    ModelEstimate total;
    total.layers.reserve(model.layers.size());
    for (const DnnLayer& layer : model.layers)
    {
        LayerEstimate e = EstimateLayer(layer, batch, share);
        total.latency += e.latency;
        total.flops += e.flops;
        total.bytes += e.bytes;
        total.kernels += e.fused ? 0 : 1;
        total.layers.push_back(e);
    }
    NS_LOG_DEBUG(model.name << " on " << m_device.name << " under " << m_runtime.name << " at "
                            << PrecisionToString(m_precision) << " batch " << batch << ": "
                            << total.latency * 1e3 << " ms, " << total.kernels << " kernels");
    return total;
}

const DeviceProfile&
RooflineModel::GetDevice() const
{
    return m_device;
}

Precision
RooflineModel::GetPrecision() const
{
    return m_precision;
}

const RooflineEfficiency&
RooflineModel::GetEfficiency() const
{
    return m_efficiency;
}

const InferenceRuntime&
RooflineModel::GetRuntime() const
{
    return m_runtime;
}

double
RooflineModel::GetPeakFlops() const
{
    return m_peak;
}

} // namespace ns3
