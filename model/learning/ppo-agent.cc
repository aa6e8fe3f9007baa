/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// LibTorch is included here and nowhere else in the library.
#include "ppo-agent.h"

#include "ns3/deployment-features.h"
#include "ns3/double.h"
#include "ns3/input-file.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <torch/torch.h>

static_assert(ns3::DeploymentFeatures::N_FEATURES == 19, "GAIN_FEATURE below assumes the layout");

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PpoAgent");

NS_OBJECT_ENSURE_REGISTERED(PpoAgent);

namespace
{

constexpr int64_t N_CHOICES = 3;
constexpr int64_t TIER_END_FEATURE = 0;    // DeploymentFeatures: "tierEnd"
constexpr int64_t GAIN_FEATURE = 14;       // DeploymentFeatures: "gain"
constexpr int64_t UNREPORTED_FEATURE = 18; // DeploymentFeatures: "unreported"

/// Shared pair MLP, masked policy head, pooled critic.
struct PairNetImpl : torch::nn::Module
{
    PairNetImpl(int64_t features,
                int64_t hidden,
                double keepBias,
                double initialKeepBias,
                double gainPrior,
                double devicePrior)
        : l1(register_module("l1", torch::nn::Linear(features, hidden))),
          l2(register_module("l2", torch::nn::Linear(hidden, hidden))),
          pi(register_module("pi", torch::nn::Linear(hidden, N_CHOICES))),
          skip(register_module("skip", torch::nn::Linear(features, N_CHOICES))),
          v(register_module("v", torch::nn::Linear(2 * hidden, 1)))
    {
        torch::NoGradGuard noGrad;
        pi->weight.mul_(0.01); // near-uniform among the non-keep choices at first
        pi->bias.zero_();
        pi->bias[0] = keepBias;
        // The linear path starts as the prior "deploy where the estimated
        // gain is high, evict where it is negative"; training moves it.
        skip->weight.zero_();
        skip->bias.zero_();
        const int64_t gain = GAIN_FEATURE;
        skip->weight[1][gain] = gainPrior;
        skip->weight[2][gain] = -gainPrior;
        // The initial deployment is free: explore more there.
        skip->weight[0][UNREPORTED_FEATURE] = initialKeepBias - keepBias;
        // Later, a deploy on an IoT device fetches the weights over the Wi-Fi
        // link its requests share: discouraged, except in the initial
        // deployment (nodes not reported yet).
        skip->weight[1][TIER_END_FEATURE] = -devicePrior;
        skip->weight[1][UNREPORTED_FEATURE] = devicePrior;
    }

    /// x [P, F], mask [P, 3], P = N M -> logits [P, 3] (masked), values [M]
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x,
                                                    const torch::Tensor& mask,
                                                    int64_t models)
    {
        auto h = torch::tanh(l2(torch::tanh(l1(x))));
        auto logits = (pi(h) + skip(x)).masked_fill(mask.logical_not(), -1e9);
        auto byModel = h.reshape({-1, models, h.size(1)});                           // [N, M, H]
        auto pooled = torch::cat({byModel.mean(0), std::get<0>(byModel.max(0))}, 1); // [M, 2H]
        return {logits, v(pooled).squeeze(-1)};
    }

    torch::nn::Linear l1;
    torch::nn::Linear l2;
    torch::nn::Linear pi;
    torch::nn::Linear skip;
    torch::nn::Linear v;
};

TORCH_MODULE(PairNet);

torch::Tensor
FeatureTensor(const std::vector<float>& features, uint32_t pairs)
{
    return torch::from_blob(
               const_cast<float*>(features.data()),
               {static_cast<int64_t>(pairs), static_cast<int64_t>(DeploymentFeatures::N_FEATURES)},
               torch::kFloat32)
        .clone();
}

torch::Tensor
MaskTensor(const std::vector<uint8_t>& mask, uint32_t pairs)
{
    return torch::from_blob(const_cast<uint8_t*>(mask.data()),
                            {static_cast<int64_t>(pairs), N_CHOICES},
                            torch::kUInt8)
        .to(torch::kBool);
}

} // namespace

struct PpoAgent::Impl
{
    Impl(int64_t hidden,
         double keepBias,
         double initialKeepBias,
         double gainPrior,
         double devicePrior,
         double lr,
         uint64_t seed)
        : net(nullptr),
          optimizer(nullptr)
    {
        torch::manual_seed(seed);
        net = PairNet(DeploymentFeatures::N_FEATURES,
                      hidden,
                      keepBias,
                      initialKeepBias,
                      gainPrior,
                      devicePrior);
        optimizer =
            std::make_unique<torch::optim::Adam>(net->parameters(), torch::optim::AdamOptions(lr));
    }

    PairNet net;                                   //!< the network
    std::unique_ptr<torch::optim::Adam> optimizer; //!< its optimizer
};

TypeId
PpoAgent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PpoAgent")
            .SetParent<DeploymentAgent>()
            .SetGroupName("R3d")
            .AddConstructor<PpoAgent>()
            .AddAttribute("Hidden",
                          "Width of the pair network's two hidden layers (at most 4096: "
                          "beyond, the network alone takes gigabytes).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&PpoAgent::m_hidden),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddAttribute("LearningRate",
                          "Adam's learning rate.",
                          DoubleValue(3e-3),
                          MakeDoubleAccessor(&PpoAgent::m_learningRate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Gamma",
                          "Discount per control interval.",
                          DoubleValue(0.9),
                          MakeDoubleAccessor(&PpoAgent::m_gamma),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("Lambda",
                          "GAE's lambda.",
                          DoubleValue(0.9),
                          MakeDoubleAccessor(&PpoAgent::m_lambda),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("Clip",
                          "PPO's clipping range epsilon.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&PpoAgent::m_clip),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Epochs",
                          "Passes over a batch per update.",
                          UintegerValue(8),
                          MakeUintegerAccessor(&PpoAgent::m_epochs),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EntropyCoefficient",
                          "Weight of the entropy bonus.",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&PpoAgent::m_entropyCoef),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("ValueCoefficient",
                          "Weight of the critic's loss.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&PpoAgent::m_valueCoef),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("MaxGradNorm",
                          "Gradient norm clipping.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&PpoAgent::m_maxGradNorm),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("KeepBias",
                          "Initial bias of the keep logit (an untrained agent mostly keeps).",
                          DoubleValue(4.5),
                          MakeDoubleAccessor(&PpoAgent::m_keepBias),
                          MakeDoubleChecker<double>())
            .AddAttribute("InitialKeepBias",
                          "Initial keep-logit bias for a node that has not reported yet (the "
                          "initial deployment, which is free: more exploration there).",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&PpoAgent::m_initialKeepBias),
                          MakeDoubleChecker<double>())
            .AddAttribute("GainPrior",
                          "Initial weight of the pair's estimated gain (feature 14) on the "
                          "deploy logit (and minus it on the evict logit), through a linear "
                          "path beside the MLP. 0: an uninformed start.",
                          DoubleValue(8.0),
                          MakeDoubleAccessor(&PpoAgent::m_gainPrior),
                          MakeDoubleChecker<double>())
            .AddAttribute("DevicePrior",
                          "Initial penalty on the deploy logit of an IoT device that has "
                          "reported (weights fetched over its Wi-Fi link mid-run); the "
                          "initial deployment is exempt.",
                          DoubleValue(6.0),
                          MakeDoubleAccessor(&PpoAgent::m_devicePrior),
                          MakeDoubleChecker<double>())
            .AddAttribute("Seed",
                          "Seed of the weights' initialization.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&PpoAgent::m_seed),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

PpoAgent::PpoAgent()
    : m_hidden(64),
      m_learningRate(3e-3),
      m_gamma(0.9),
      m_lambda(0.9),
      m_clip(0.2),
      m_epochs(8),
      m_entropyCoef(0.01),
      m_valueCoef(0.5),
      m_maxGradNorm(0.5),
      m_keepBias(4.5),
      m_initialKeepBias(2.0),
      m_gainPrior(8.0),
      m_devicePrior(6.0),
      m_seed(1)
{
    // Deterministic and cheap: the networks are tiny, threads only add noise.
    torch::set_num_threads(1);
}

PpoAgent::~PpoAgent() = default;

void
PpoAgent::DoInitialize()
{
    Ensure();
    DeploymentAgent::DoInitialize();
}

void
PpoAgent::Ensure() const
{
    if (!m_impl)
    {
        m_impl = std::make_unique<Impl>(m_hidden,
                                        m_keepBias,
                                        m_initialKeepBias,
                                        m_gainPrior,
                                        m_devicePrior,
                                        m_learningRate,
                                        m_seed);
    }
}

std::string
PpoAgent::GetAlgorithm() const
{
    return "ppo";
}

std::vector<float>
PpoAgent::Probabilities(const std::vector<float>& features,
                        const std::vector<uint8_t>& mask,
                        uint32_t pairs,
                        uint32_t models)
{
    Ensure();
    CheckSizes(features, mask, pairs, models);
    torch::NoGradGuard noGrad;
    auto [logits, values] =
        m_impl->net->forward(FeatureTensor(features, pairs), MaskTensor(mask, pairs), models);
    auto p = torch::softmax(logits, 1).contiguous();
    return std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
}

void
PpoAgent::CheckSizes(const std::vector<float>& features,
                     const std::vector<uint8_t>& mask,
                     uint32_t pairs,
                     uint32_t models) const
{
    NS_ABORT_MSG_UNLESS(models > 0 && pairs % models == 0,
                        "PpoAgent: " << pairs << " pairs are not N x " << models << " models");
    NS_ABORT_MSG_UNLESS(features.size() ==
                                static_cast<std::size_t>(pairs) * DeploymentFeatures::N_FEATURES &&
                            mask.size() == static_cast<std::size_t>(pairs) * N_CHOICES,
                        "PpoAgent: features or mask of the wrong size");
}

AgentStep
PpoAgent::Act(const std::vector<float>& features,
              const std::vector<uint8_t>& mask,
              uint32_t pairs,
              uint32_t models,
              const std::vector<double>& uniforms)
{
    Ensure();
    CheckSizes(features, mask, pairs, models);
    NS_ABORT_MSG_UNLESS(uniforms.empty() || uniforms.size() == pairs,
                        "PpoAgent::Act: need one uniform per pair");
    torch::NoGradGuard noGrad;
    auto [logits, values] =
        m_impl->net->forward(FeatureTensor(features, pairs), MaskTensor(mask, pairs), models);
    auto logp = torch::log_softmax(logits, 1).contiguous();
    const float* lp = logp.data_ptr<float>();

    AgentStep step;
    step.pairs = pairs;
    step.models = models;
    step.features = features;
    step.mask = mask;
    auto v = values.contiguous();
    step.values.assign(v.data_ptr<float>(), v.data_ptr<float>() + models);
    step.choices.resize(pairs);
    step.logProb.resize(pairs);
    for (uint32_t p = 0; p < pairs; ++p)
    {
        uint32_t choice = 0;
        if (uniforms.empty())
        {
            for (uint32_t c = 1; c < N_CHOICES; ++c)
            {
                if (mask[p * N_CHOICES + c] && lp[p * N_CHOICES + c] > lp[p * N_CHOICES + choice])
                {
                    choice = c;
                }
            }
        }
        else
        {
            // Inverse CDF over the feasible choices (an infeasible one has
            // probability exp(-1e9) = 0 and is skipped explicitly too).
            double u = uniforms[p];
            double cumulative = 0;
            uint32_t last = 0;
            bool picked = false;
            for (uint32_t c = 0; c < N_CHOICES && !picked; ++c)
            {
                if (!mask[p * N_CHOICES + c])
                {
                    continue;
                }
                last = c;
                cumulative += std::exp(static_cast<double>(lp[p * N_CHOICES + c]));
                if (u < cumulative)
                {
                    choice = c;
                    picked = true;
                }
            }
            if (!picked)
            {
                choice = last; // rounding: u above the summed probabilities
            }
        }
        NS_ASSERT(mask[p * N_CHOICES + choice]);
        step.choices[p] = choice;
        step.logProb[p] = lp[p * N_CHOICES + choice];
    }
    return step;
}

AgentUpdateStats
PpoAgent::Update(const std::vector<std::vector<AgentStep>>& episodes)
{
    Ensure();
    AgentUpdateStats stats;
    // Per model: advantages (GAE) and returns, episode by episode.
    std::vector<const AgentStep*> steps;
    std::vector<std::vector<double>> advantages; // [step][model]
    std::vector<std::vector<double>> returns;    // [step][model]
    for (const auto& episode : episodes)
    {
        const std::size_t T = episode.size();
        if (T == 0)
        {
            continue;
        }
        const uint32_t M = episode[0].models;
        std::vector<std::vector<double>> adv(T, std::vector<double>(M, 0.0));
        for (uint32_t m = 0; m < M; ++m)
        {
            double next = 0;
            for (std::size_t i = T; i-- > 0;)
            {
                NS_ABORT_MSG_UNLESS(episode[i].models == M && episode[i].rewards.size() == M &&
                                        episode[i].values.size() == M,
                                    "PpoAgent::Update: a step without one reward per model");
                // Truncated episode: bootstrap the last step with its own value.
                const double value = episode[i].values[m];
                const double nextValue = i + 1 < T ? episode[i + 1].values[m] : value;
                const double delta = episode[i].rewards[m] + m_gamma * nextValue - value;
                next = delta + m_gamma * m_lambda * (i + 1 < T ? next : 0.0);
                adv[i][m] = next;
            }
        }
        for (std::size_t i = 0; i < T; ++i)
        {
            steps.push_back(&episode[i]);
            std::vector<double> ret(M);
            for (uint32_t m = 0; m < M; ++m)
            {
                ret[m] = adv[i][m] + episode[i].values[m];
            }
            advantages.push_back(adv[i]);
            returns.push_back(ret);
        }
    }
    stats.steps = steps.size();
    if (steps.empty())
    {
        return stats;
    }
    double sum = 0;
    double count = 0;
    for (const auto& a : advantages)
    {
        for (double x : a)
        {
            sum += x;
            ++count;
        }
    }
    const double mean = sum / count;
    double var = 0;
    for (const auto& a : advantages)
    {
        for (double x : a)
        {
            var += (x - mean) * (x - mean);
        }
    }
    const double sd = std::sqrt(var / count) + 1e-8;
    for (auto& a : advantages)
    {
        for (double& x : a)
        {
            x = (x - mean) / sd;
        }
    }

    auto& net = m_impl->net;
    for (uint32_t epoch = 0; epoch < m_epochs; ++epoch)
    {
        m_impl->optimizer->zero_grad();
        torch::Tensor policyLoss = torch::zeros({});
        torch::Tensor valueLoss = torch::zeros({});
        torch::Tensor entropy = torch::zeros({});
        double kl = 0;
        double clipped = 0;
        double active = 0;
        double valueCount = 0;
        for (std::size_t s = 0; s < steps.size(); ++s)
        {
            const AgentStep& st = *steps[s];
            const int64_t M = st.models;
            auto mask = MaskTensor(st.mask, st.pairs);
            auto [logits, values] = net->forward(FeatureTensor(st.features, st.pairs), mask, M);
            auto logp = torch::log_softmax(logits, 1);
            auto choices = torch::tensor(std::vector<int64_t>(st.choices.begin(), st.choices.end()),
                                         torch::kInt64);
            auto newLogp = logp.gather(1, choices.unsqueeze(1)).squeeze(1);
            auto oldLogp = torch::tensor(st.logProb, torch::kFloat32);
            auto activeMask = (mask.sum(1) > 1).to(torch::kFloat32);
            auto ratio = torch::exp(newLogp - oldLogp);
            // Pair n M + m takes model m's advantage.
            auto a = torch::tensor(advantages[s], torch::kFloat64)
                         .to(torch::kFloat32)
                         .repeat({static_cast<int64_t>(st.pairs) / M});
            auto surrogate = torch::min(ratio * a, torch::clamp(ratio, 1 - m_clip, 1 + m_clip) * a);
            auto probs = torch::softmax(logits, 1);
            auto pairEntropy = -(probs * logp.clamp_min(-50.0)).sum(1);
            policyLoss = policyLoss - (surrogate * activeMask).sum();
            entropy = entropy + (pairEntropy * activeMask).sum();
            auto target = torch::tensor(returns[s], torch::kFloat64).to(torch::kFloat32);
            valueLoss = valueLoss + torch::pow(values - target, 2).sum();
            valueCount += M;
            {
                torch::NoGradGuard noGrad;
                active += activeMask.sum().item<double>();
                kl += ((oldLogp - newLogp) * activeMask).sum().item<double>();
                clipped += (((ratio - 1).abs() > m_clip).to(torch::kFloat32) * activeMask)
                               .sum()
                               .item<double>();
            }
        }
        const double nActive = std::max(active, 1.0);
        policyLoss = policyLoss / nActive;
        entropy = entropy / nActive;
        valueLoss = valueLoss / valueCount;
        auto loss = policyLoss + m_valueCoef * valueLoss - m_entropyCoef * entropy;
        loss.backward();
        torch::nn::utils::clip_grad_norm_(net->parameters(), m_maxGradNorm);
        m_impl->optimizer->step();
        stats.policyLoss = policyLoss.item<double>();
        stats.valueLoss = valueLoss.item<double>();
        stats.entropy = entropy.item<double>();
        stats.approxKl = kl / nActive;
        stats.clipFraction = clipped / nActive;
    }
    return stats;
}

void
PpoAgent::SaveWeights(const std::string& path) const
{
    Ensure();
    // A dict of named tensors in PyTorch's own format: Python reads it with
    // torch.load(path).
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto& item : m_impl->net->named_parameters())
    {
        dict.insert(item.key(), item.value().detach().clone());
    }
    std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
    {
        throw std::runtime_error("cannot write '" + path + "'");
    }
}

void
PpoAgent::LoadWeights(const std::string& path)
{
    Ensure();
    std::string problem = r3d::InputFileProblem(path);
    if (!problem.empty())
    {
        throw std::runtime_error("cannot read '" + path + "': " + problem);
    }
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    c10::IValue value;
    try
    {
        value = torch::pickle_load(bytes);
    }
    catch (const c10::Error& e)
    {
        throw std::runtime_error("'" + path + "' is not a PyTorch tensor file");
    }
    if (!value.isGenericDict())
    {
        throw std::runtime_error("'" + path + "' does not hold a dict of named tensors");
    }
    auto dict = value.toGenericDict();
    torch::NoGradGuard noGrad;
    // Check every tensor before copying any, so a bad file leaves the
    // agent's weights as they were.
    std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;
    for (auto& item : m_impl->net->named_parameters())
    {
        if (!dict.contains(item.key()))
        {
            throw std::runtime_error("'" + path + "' has no tensor '" + item.key() + "'");
        }
        const c10::IValue& entry = dict.at(item.key());
        if (!entry.isTensor())
        {
            throw std::runtime_error("'" + path + "': entry '" + item.key() + "' is not a tensor");
        }
        torch::Tensor t = entry.toTensor();
        if (t.sizes() != item.value().sizes())
        {
            std::ostringstream what;
            what << "'" << path << "': tensor '" << item.key() << "' has shape " << t.sizes()
                 << ", the agent's is " << item.value().sizes()
                 << " (different Hidden or feature count?)";
            throw std::runtime_error(what.str());
        }
        if (!t.is_floating_point())
        {
            throw std::runtime_error("'" + path + "': tensor '" + item.key() +
                                     "' is not floating point");
        }
        if (!torch::isfinite(t).all().item<bool>())
        {
            throw std::runtime_error("'" + path + "': tensor '" + item.key() +
                                     "' holds NaN or infinite values (a diverged training run?)");
        }
        copies.emplace_back(item.value(), t);
    }
    for (auto& [to, from] : copies)
    {
        to.copy_(from);
    }
}

std::vector<std::pair<std::string, double>>
PpoAgent::GetHyperParameters() const
{
    return {{"Hidden", m_hidden},
            {"LearningRate", m_learningRate},
            {"Gamma", m_gamma},
            {"Lambda", m_lambda},
            {"Clip", m_clip},
            {"Epochs", m_epochs},
            {"EntropyCoefficient", m_entropyCoef},
            {"ValueCoefficient", m_valueCoef},
            {"MaxGradNorm", m_maxGradNorm},
            {"KeepBias", m_keepBias},
            {"InitialKeepBias", m_initialKeepBias},
            {"GainPrior", m_gainPrior},
            {"DevicePrior", m_devicePrior},
            {"Seed", m_seed}};
}

} // namespace ns3
