/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The model catalog that generator/generate-models.py builds from the
// architecture definitions, held against published totals (shared reference,
// section B): multiply-accumulates of conv / fc / matmul layers and parameter
// counts, within 3%.
//
// Why 3%: published figures are rounded to 3-4 digits and count slightly
// different things (bias adds, BN parameters, detection post-processing);
// an architecture error (a missing block, a wrong width) moves the totals by
// far more than that.

#include "ns3/model-catalog.h"
#include "ns3/test.h"

#include <cmath>

using namespace ns3;

namespace
{

/// A published total for one model.
struct Published
{
    const char* model; //!< catalog name
    double gmacs;      //!< published GMACs at batch 1
    double mparams;    //!< published parameters (millions) of the model as run
    const char* where; //!< source
};

// BERT-large, sequence s = 384, hidden h = 1024, 24 layers, FFN 4h, in MACs:
// per layer s(4h^2 + 8h^2) for the Q, K, V, O projections and the FFN, plus
// 2 s^2 h for QK^T and attention x V; plus the span head s h 2.
//   24 (384 * 12 * 1024^2 + 2 * 384^2 * 1024) + 384 * 1024 * 2
constexpr double BERT_LARGE_GMACS =
    (24 * (384.0 * 12 * 1024 * 1024 + 2.0 * 384 * 384 * 1024) + 384.0 * 1024 * 2) / 1e9;

// Inception-v3's published 27.16 M parameters include the auxiliary
// classifier, which does not run at inference. AuxLogits: 1x1 conv 768->128
// (98,304 weights + 256 BN), 5x5 conv 128->768 (2,457,600 + 1,536 BN),
// fc 768->1000 (768,000 + 1,000 bias) = 3,326,696.
constexpr double INCEPTION_V3_MPARAMS = 27.16 - 3.326696;

// BERT-large's published 335.1 M includes the 1.05 M pooler (1024^2 + 1024),
// which the SQuAD span head (1024 x 2 + 2) replaces.
constexpr double BERT_LARGE_MPARAMS = 335.1 - (1024.0 * 1024 + 1024) / 1e6 + 2050 / 1e6;

const Published PUBLISHED[] = {
    {"alexnet", 0.714, 61.10, "torchvision"},
    {"vgg16", 15.47, 138.36, "torchvision"},
    {"resnet18", 1.814, 11.69, "torchvision"},
    {"resnet50", 4.089, 25.56, "torchvision"},
    {"mobilenet-v2", 0.301, 3.50, "torchvision"},
    {"mobilenet-v3-large", 0.217, 5.48, "torchvision"},
    {"inception-v3", 5.713, INCEPTION_V3_MPARAMS, "torchvision, without AuxLogits"},
    {"efficientnet-b0", 0.39, 5.29, "torchvision"},
    {"yolov5s", 16.5 / 2, 7.2, "Ultralytics, 16.5 GFLOPs"},
    {"yolov8n", 8.7 / 2, 3.2, "Ultralytics, 8.7 GFLOPs"},
    {"yolov3-tiny", 5.56 / 2, 8.85, "darknet, 5.56 BFLOPs"},
    {"ssd-mobilenet-v1", 2.47 / 2, 6.8, "MLPerf Inference 2.47 GOPs; TF OD API ~6.8 M"},
    {"bert-base", 11.2, 110, "Google BERT-Base, sequence 128"},
    {"bert-large", BERT_LARGE_GMACS, BERT_LARGE_MPARAMS, "closed form, sequence 384"},
};

constexpr double TOLERANCE = 0.03;

} // namespace

/**
 * \ingroup r3d-tests
 * Generated totals of one model against its published figures.
 */
class ModelTotalsTestCase : public TestCase
{
  public:
    /**
     * \param catalog the shipped model catalog
     * \param published the published figures
     */
    ModelTotalsTestCase(Ptr<ModelCatalog> catalog, const Published& published)
        : TestCase(std::string("totals of ") + published.model),
          m_catalog(catalog),
          m_published(published)
    {
    }

  private:
    void DoRun() override
    {
        const DnnModel& m = m_catalog->Get(m_published.model);
        double gmacs = m.GetMacs() / 1e9;
        double mparams = m.GetParameters() / 1e6;
        NS_TEST_ASSERT_MSG_EQ_TOL(gmacs,
                                  m_published.gmacs,
                                  TOLERANCE * m_published.gmacs,
                                  m_published.model << " GMACs vs " << m_published.where);
        NS_TEST_ASSERT_MSG_EQ_TOL(mparams,
                                  m_published.mparams,
                                  TOLERANCE * m_published.mparams,
                                  m_published.model << " parameters vs " << m_published.where);
        NS_TEST_ASSERT_MSG_GT(m.inputBytes, 0, "request size");
        NS_TEST_ASSERT_MSG_GT(m.resultBytes, 0, "result size");
    }

    Ptr<ModelCatalog> m_catalog; //!< catalog
    Published m_published;       //!< expectation
};

/**
 * \ingroup r3d-tests
 * Spot checks of single generated layers against shapes worked out by hand.
 */
class GeneratedLayerTestCase : public TestCase
{
  public:
    /// \param catalog the shipped model catalog
    explicit GeneratedLayerTestCase(Ptr<ModelCatalog> catalog)
        : TestCase("generated layers match hand-worked shapes"),
          m_catalog(catalog)
    {
    }

  private:
    void DoRun() override
    {
        // ResNet-18 conv1: 3->64, 7x7, stride 2, 224 -> 112.
        // MACs = 112 * 112 * 64 * 3 * 49 = 118,013,952; params 64*3*49 + BN 128.
        const DnnLayer& conv1 = m_catalog->Get("resnet18").layers.front();
        NS_TEST_ASSERT_MSG_EQ((conv1.kind == LayerKind::CONV), true, "conv1 is a conv");
        NS_TEST_ASSERT_MSG_EQ(conv1.flops, 2.0 * 118013952, "conv1 FLOPs");
        NS_TEST_ASSERT_MSG_EQ(conv1.weightBytes, 4.0 * (64 * 3 * 49 + 128), "conv1 weights");
        NS_TEST_ASSERT_MSG_EQ(conv1.inputBytes, 4.0 * 3 * 224 * 224, "conv1 input");
        NS_TEST_ASSERT_MSG_EQ(conv1.outputBytes, 4.0 * 64 * 112 * 112, "conv1 output");

        // VGG-16's first classifier layer: 25088 -> 4096 with bias.
        bool found = false;
        for (const DnnLayer& l : m_catalog->Get("vgg16").layers)
        {
            if (l.kind == LayerKind::FC && !found)
            {
                found = true;
                NS_TEST_ASSERT_MSG_EQ(l.flops, 2.0 * 25088 * 4096, "vgg16 fc6 FLOPs");
                NS_TEST_ASSERT_MSG_EQ(l.weightBytes, 4.0 * (25088 * 4096 + 4096), "fc6 weights");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(found, true, "vgg16 has fc layers");

        // MobileNet-V2 has depthwise layers, and each has groups == channels:
        // MACs = output elements x 9.
        std::size_t depthwise = 0;
        for (const DnnLayer& l : m_catalog->Get("mobilenet-v2").layers)
        {
            if (l.kind == LayerKind::DEPTHWISE_CONV)
            {
                ++depthwise;
                NS_TEST_ASSERT_MSG_EQ(l.flops, 2.0 * 9 * l.outputBytes / 4, "depthwise 3x3 MACs");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(depthwise, 17, "MobileNet-V2 has 17 depthwise convolutions");
    }

    Ptr<ModelCatalog> m_catalog; //!< catalog
};

/**
 * \ingroup r3d-tests
 * Kernels a runtime with epilogue fusion launches, counted by hand from the
 * architectures, and the generator's Winograd hints.
 *
 * ResNet-18 (39 layers): conv1, maxpool, 8 basic blocks of conv-conv-add-relu
 * (3 of them with a 1x1 downsample conv), avgpool, fc. The add of each block
 * is the epilogue of the conv just before it (conv2, or the downsample conv
 * where there is one), the ReLU after it the epilogue of the add: 16 fused,
 * 1 + 1 + 8 x 2 + 3 + 1 + 1 = 23 kernels. Winograd: the 3x3 convs of the
 * blocks not striding: 16 minus the first conv of stages 2-4 = 13.
 *
 * MobileNet-V2 (64 layers): of its 17 inverted-residual blocks, those with
 * stride 1 and as many output as input channels add their input to the
 * projection's output -- 1 + 2 + 3 + 2 + 2 = 10 (24-, 32-, 64-, 96- and
 * 160-channel stages): 54 kernels. Its only dense 3x3 conv strides: no hint.
 */
class FusedKernelTestCase : public TestCase
{
  public:
    /// \param catalog the shipped model catalog
    explicit FusedKernelTestCase(Ptr<ModelCatalog> catalog)
        : TestCase("fused kernel counts and Winograd hints by hand"),
          m_catalog(catalog)
    {
    }

  private:
    void DoRun() override
    {
        const DnnModel& resnet = m_catalog->Get("resnet18");
        NS_TEST_ASSERT_MSG_EQ(resnet.layers.size(), 39, "ResNet-18 layers");
        NS_TEST_ASSERT_MSG_EQ(resnet.GetKernelCount(false), 39, "ResNet-18 unfused kernels");
        NS_TEST_ASSERT_MSG_EQ(resnet.GetKernelCount(true), 23, "ResNet-18 fused kernels");
        std::size_t winograd = 0;
        for (std::size_t i = 0; i < resnet.layers.size(); ++i)
        {
            const DnnLayer& l = resnet.layers[i];
            winograd += l.winograd ? 1 : 0;
            if (l.fusion == LayerFusion::EPILOGUE)
            {
                NS_TEST_ASSERT_MSG_EQ(l.fusedInto, resnet.layers[i - 1].name, l.name);
                // The add saves its conv's output twice (written, read back);
                // the ReLU the add's.
                NS_TEST_ASSERT_MSG_EQ(l.fusionSavedBytes,
                                      2 * resnet.layers[i - 1].outputBytes,
                                      l.name << " saved bytes");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(winograd, 13, "ResNet-18 Winograd-hinted convolutions");

        const DnnModel& mobilenet = m_catalog->Get("mobilenet-v2");
        NS_TEST_ASSERT_MSG_EQ(mobilenet.layers.size(), 64, "MobileNet-V2 layers");
        NS_TEST_ASSERT_MSG_EQ(mobilenet.GetKernelCount(true), 54, "MobileNet-V2 fused kernels");
        for (const DnnLayer& l : mobilenet.layers)
        {
            NS_TEST_ASSERT_MSG_EQ(l.winograd, false, l.name << ": no Winograd hint");
        }
    }

    Ptr<ModelCatalog> m_catalog; //!< catalog
};

/**
 * \ingroup r3d-tests
 * The generated model catalog against published figures.
 */
class ModelGeneratorTestSuite : public TestSuite
{
  public:
    ModelGeneratorTestSuite()
        : TestSuite("r3d-model-generator", UNIT)
    {
        Ptr<ModelCatalog> catalog = ModelCatalog::LoadFile(ModelCatalog::GetDefaultPath());
        for (const Published& p : PUBLISHED)
        {
            AddTestCase(new ModelTotalsTestCase(catalog, p), TestCase::QUICK);
        }
        AddTestCase(new GeneratedLayerTestCase(catalog), TestCase::QUICK);
        AddTestCase(new FusedKernelTestCase(catalog), TestCase::QUICK);
    }
};

/// The suite's instance.
static ModelGeneratorTestSuite g_modelGeneratorTestSuite;
