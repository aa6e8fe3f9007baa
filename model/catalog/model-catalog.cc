/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "model-catalog.h"

#include "catalog-json.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ModelCatalog");

namespace
{

using r3d::EntryReader;

DnnLayer
ReadLayer(const EntryReader& r)
{
    r.RejectUnknown({"name",
                     "kind",
                     "flops",
                     "weightBytes",
                     "weightBytesRead",
                     "inputBytes",
                     "outputBytes",
                     "fusion",
                     "fusedInto",
                     "fusionSavedBytes",
                     "winograd"});
    DnnLayer l;
    l.name = r.String("name");
    if (!LayerKindFromString(r.String("kind"), l.kind))
    {
        r.Fail("kind", "unknown layer kind '" + r.String("kind") + "'");
    }
    l.flops = r.Number("flops", true);
    l.weightBytes = r.Number("weightBytes", true);
    l.weightBytesRead =
        r.Has("weightBytesRead") ? r.Number("weightBytesRead", true) : l.weightBytes;
    l.inputBytes = r.Number("inputBytes", true);
    l.outputBytes = r.Number("outputBytes", true);
    if (l.weightBytesRead > l.weightBytes)
    {
        r.Fail("weightBytesRead", "greater than weightBytes");
    }
    if (r.Has("fusion"))
    {
        if (!LayerFusionFromString(r.String("fusion"), l.fusion))
        {
            r.Fail("fusion",
                   "unknown fusion '" + r.String("fusion") +
                       "' (expected none, epilogue or elided)");
        }
        l.fusionSavedBytes = r.Number("fusionSavedBytes", true);
        if (l.fusionSavedBytes > l.inputBytes + l.outputBytes + l.weightBytesRead)
        {
            r.Fail("fusionSavedBytes", "more than the layer moves");
        }
        if (l.fusion == LayerFusion::EPILOGUE)
        {
            l.fusedInto = r.String("fusedInto");
        }
    }
    l.winograd = r.Boolean("winograd");
    if (l.winograd && l.kind != LayerKind::CONV)
    {
        r.Fail("winograd", "only conv layers take the Winograd hint");
    }
    return l;
}

DnnModel
ReadModel(const std::string& file, const std::string& entry, const nlohmann::json& object)
{
    EntryReader r(file, entry, object);
    r.RejectUnknown({"name",
                     "family",
                     "source",
                     "input",
                     "inputBytes",
                     "encodedInputBytes",
                     "encodedInputSource",
                     "resultBytes",
                     "layers"});
    DnnModel m;
    m.name = r.String("name");
    m.family = r.String("family");
    m.input = r.String("input");
    m.inputBytes = r.Number("inputBytes");
    // Optional (catalogs before encoded requests): the raw tensor.
    m.encodedInputBytes = r.Has("encodedInputBytes") ? r.Number("encodedInputBytes") : m.inputBytes;
    m.resultBytes = r.Number("resultBytes");
    const nlohmann::json& layers = r.Array("layers");
    for (std::size_t i = 0; i < layers.size(); ++i)
    {
        m.layers.push_back(ReadLayer(r.Element("layers", i)));
        const DnnLayer& l = m.layers.back();
        if (l.fusion == LayerFusion::EPILOGUE && (i == 0 || m.layers[i - 1].name != l.fusedInto))
        {
            r.Element("layers", i)
                .Fail("fusedInto", "an epilogue fuses into the layer just before it");
        }
    }
    if (m.GetFlops() <= 0)
    {
        r.Fail("layers", "the layers add up to zero FLOPs");
    }
    return m;
}

} // namespace

ModelCatalog::ModelCatalog()
    : NamedCatalog<DnnModel>("model")
{
}

Ptr<ModelCatalog>
ModelCatalog::LoadFile(const std::string& path)
{
    NS_LOG_FUNCTION(path);
    nlohmann::json doc = r3d::ParseJsonFile(path);
    EntryReader top(path, "", doc);
    top.RejectUnknown({"schema", "generatedBy", "models"});

    Ptr<ModelCatalog> catalog = Create<ModelCatalog>();
    catalog->m_file = path;
    const nlohmann::json& models = top.Array("models");
    for (std::size_t i = 0; i < models.size(); ++i)
    {
        DnnModel m = ReadModel(path, r3d::EntryName(models, "models", i), models[i]);
        NS_LOG_DEBUG("loaded model " << m.name << " with " << m.layers.size() << " layers");
        catalog->Add(std::move(m));
    }
    return catalog;
}

Ptr<ModelCatalog>
ModelCatalog::LoadCached(const std::string& path)
{
    return LoadCatalogOnce<ModelCatalog>(path);
}

std::string
ModelCatalog::GetDefaultPath()
{
    return r3d::DataFilePath("models.json");
}

} // namespace ns3
