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
    : m_device(device),
      m_precision(precision),
      m_peak(0),
      m_bytesScale(BytesPerElement(precision) / 4.0)
{
    auto peak = device.peakFlops.find(precision);
    auto efficiency = device.efficiency.find(precision);
    if (peak == device.peakFlops.end() || efficiency == device.efficiency.end())
    {
        std::string supported;
        for (const auto& [p, v] : device.peakFlops)
        {
            supported += (supported.empty() ? "" : ", ") + PrecisionToString(p);
        }
        throw CatalogError("-",
                           device.name,
                           "peakGflops",
                           "the device does not support " + PrecisionToString(precision) +
                               " (it supports " + supported + ")");
    }
    m_peak = peak->second;
    m_efficiency = efficiency->second;
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
    return (layer.weightBytesRead + batch * (layer.inputBytes + layer.outputBytes)) * m_bytesScale;
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
    return GetIntensity(layer, batch) < GetRidgePoint(layer.kind, share);
}

LayerEstimate
RooflineModel::EstimateLayer(const DnnLayer& layer, uint32_t batch, ResourceShare share) const
{
    NS_ASSERT_MSG(batch >= 1, "batch must be at least 1");
    LayerEstimate e;
    e.flops = layer.flops * batch;
    e.bytes = GetLayerBytes(layer, batch);
    e.intensity = e.bytes > 0 ? e.flops / e.bytes : 0;
    e.ridgePoint = GetRidgePoint(layer.kind, share);
    e.computeTime = e.flops / GetAttainableFlops(layer.kind, share.compute);
    e.memoryTime = e.bytes / GetAttainableBandwidth(share.bandwidth);
    e.overhead = m_efficiency.layerOverhead;
    e.latency = std::max(e.computeTime, e.memoryTime) + e.overhead;
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
        total.layers.push_back(e);
    }
    NS_LOG_DEBUG(model.name << " on " << m_device.name << " at " << PrecisionToString(m_precision)
                            << " batch " << batch << ": " << total.latency * 1e3 << " ms");
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

} // namespace ns3
