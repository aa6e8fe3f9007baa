/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inference-engine.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/catalog-error.h"
#include "ns3/device-catalog.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InferenceEngine");

NS_OBJECT_ENSURE_REGISTERED(InferenceEngine);

namespace
{

/// A layer this close to its end (in seconds at the current rate) is done:
/// events are scheduled with nanosecond resolution.
constexpr double END_TOLERANCE_S = 1e-9;

} // namespace

Time
InferenceJobRecord::GetQueueingTime() const
{
    return started - enqueued;
}

Time
InferenceJobRecord::GetComputeTime() const
{
    return finished - started;
}

TypeId
InferenceEngine::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::InferenceEngine")
            .SetParent<Object>()
            .SetGroupName("R3d")
            .AddConstructor<InferenceEngine>()
            .AddAttribute("DeviceName",
                          "Device catalog name of this node's device (unless SetDevice is "
                          "called).",
                          StringValue(""),
                          MakeStringAccessor(&InferenceEngine::m_deviceName),
                          MakeStringChecker())
            .AddAttribute(
                "Runtime",
                "Inference runtime the device runs models under, one the device "
                "offers in the catalog ('' = the device's default: TensorRT on "
                "NVIDIA GPUs, ncnn on CPUs). Applies when the device is set (DeviceName or "
                "SetDevice).",
                StringValue(""),
                MakeStringAccessor(&InferenceEngine::m_runtime),
                MakeStringChecker())
            .AddAttribute("DevicesFile",
                          "Device catalog JSON ('' = the module's data/devices.json).",
                          StringValue(""),
                          MakeStringAccessor(&InferenceEngine::m_devicesFile),
                          MakeStringChecker())
            .AddAttribute("ModelsFile",
                          "Model catalog JSON ('' = the module's data/models.json).",
                          StringValue(""),
                          MakeStringAccessor(&InferenceEngine::m_modelsFile),
                          MakeStringChecker())
            .AddAttribute("MaxConcurrentJobs",
                          "Most jobs running at once (0 = no limit but the allocator's).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&InferenceEngine::m_maxConcurrent),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QueueCapacity",
                          "Most jobs waiting to run (0 = unlimited); a job arriving to a "
                          "full queue is dropped.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&InferenceEngine::m_queueCapacity),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QueueDiscipline",
                          "Order in which waiting jobs start.",
                          EnumValue(InferenceEngine::FIFO),
                          MakeEnumAccessor(&InferenceEngine::m_discipline),
                          MakeEnumChecker(InferenceEngine::FIFO,
                                          "fifo",
                                          InferenceEngine::DEADLINE,
                                          "deadline"))
            .AddAttribute("DiscreteComputeUnits",
                          "Whether compute is granted in whole units (cores, SMs) when "
                          "there are at least as many units as running jobs.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&InferenceEngine::m_discreteUnits),
                          MakeBooleanChecker())
            .AddAttribute(
                "Allocator",
                "How the device is divided among running jobs (default: "
                "ns3::RamAllocator).",
                PointerValue(),
                MakePointerAccessor(&InferenceEngine::SetAllocator, &InferenceEngine::GetAllocator),
                MakePointerChecker<InferenceAllocator>())
            .AddTraceSource("JobQueued",
                            "A job was submitted.",
                            MakeTraceSourceAccessor(&InferenceEngine::m_jobQueued),
                            "ns3::InferenceEngine::JobTracedCallback")
            .AddTraceSource("JobStarted",
                            "A job began to run.",
                            MakeTraceSourceAccessor(&InferenceEngine::m_jobStarted),
                            "ns3::InferenceEngine::JobTracedCallback")
            .AddTraceSource("JobDropped",
                            "A job found the queue full.",
                            MakeTraceSourceAccessor(&InferenceEngine::m_jobDropped),
                            "ns3::InferenceEngine::JobTracedCallback")
            .AddTraceSource("JobCancelled",
                            "A running or queued job was dropped by CancelAll (its node "
                            "went down).",
                            MakeTraceSourceAccessor(&InferenceEngine::m_jobCancelled),
                            "ns3::InferenceEngine::JobTracedCallback")
            .AddTraceSource("JobFinished",
                            "A job ended; the record has its queueing and compute time.",
                            MakeTraceSourceAccessor(&InferenceEngine::m_jobFinished),
                            "ns3::InferenceEngine::JobFinishedTracedCallback")
            .AddTraceSource("Utilization",
                            "Fractions of compute and of bandwidth in use changed.",
                            MakeTraceSourceAccessor(&InferenceEngine::m_utilization),
                            "ns3::InferenceEngine::UtilizationTracedCallback")
            .AddTraceSource("Allocation",
                            "The allocator re-divided the device among the running jobs.",
                            MakeTraceSourceAccessor(&InferenceEngine::m_allocation),
                            "ns3::InferenceEngine::AllocationTracedCallback");
    return tid;
}

InferenceEngine::InferenceEngine()
    : m_maxConcurrent(4),
      m_queueCapacity(0),
      m_discipline(FIFO),
      m_discreteUnits(true)
{
    NS_LOG_FUNCTION(this);
}

InferenceEngine::~InferenceEngine()
{
    NS_LOG_FUNCTION(this);
}

void
InferenceEngine::DoDispose()
{
    Simulator::Cancel(m_event);
    m_running.clear();
    m_queue.clear();
    m_allocator = nullptr;
    m_models = nullptr;
    Object::DoDispose();
}

void
InferenceEngine::SetAllocator(Ptr<InferenceAllocator> allocator)
{
    NS_ABORT_MSG_IF(!m_running.empty(), "change the allocator before jobs run");
    m_allocator = allocator;
}

Ptr<InferenceAllocator>
InferenceEngine::GetAllocator() const
{
    return m_allocator;
}

void
InferenceEngine::SetDevice(const DeviceProfile& device)
{
    NS_LOG_FUNCTION(this << device.name);
    NS_ABORT_MSG_IF(!m_running.empty() || !m_queue.empty(), "set the device before jobs run");
    // Under the Runtime attribute's runtime: the copy's default runtime and
    // efficiencies are that runtime's, so every Roofline model below uses it.
    m_device = m_runtime.empty() ? device : device.WithRuntime(m_runtime);
    m_hasDevice = true;
    m_roofline.clear();
}

void
InferenceEngine::EnsureDevice()
{
    if (m_hasDevice)
    {
        return;
    }
    std::string file = m_devicesFile.empty() ? DeviceCatalog::GetDefaultPath() : m_devicesFile;
    if (m_deviceName.empty())
    {
        throw CatalogError(file,
                           "",
                           "",
                           "the inference engine has no device: set its DeviceName attribute "
                           "or call SetDevice");
    }
    SetDevice(DeviceCatalog::LoadCached(file)->Get(m_deviceName));
}

const DeviceProfile&
InferenceEngine::GetDevice()
{
    EnsureDevice();
    return m_device;
}

void
InferenceEngine::SetModelCatalog(Ptr<ModelCatalog> models)
{
    m_models = models;
}

const RooflineModel&
InferenceEngine::GetRoofline(Precision precision)
{
    auto it = m_roofline.find(precision);
    if (it == m_roofline.end())
    {
        it = m_roofline.emplace(precision, RooflineModel(m_device, precision)).first;
    }
    return it->second;
}

uint64_t
InferenceEngine::Submit(const std::string& model,
                        Precision precision,
                        uint32_t batch,
                        Time deadline,
                        DoneCallback done)
{
    NS_LOG_FUNCTION(this << model << PrecisionToString(precision) << batch << deadline);
    NS_ABORT_MSG_IF(batch < 1, "batch size must be at least 1");
    EnsureDevice();
    if (!m_models)
    {
        m_models = ModelCatalog::LoadCached(m_modelsFile.empty() ? ModelCatalog::GetDefaultPath()
                                                                 : m_modelsFile);
    }
    Job job;
    job.model = &m_models->Get(model); // throws for an unknown model
    GetRoofline(precision);            // throws for a precision the device lacks
    job.record.id = m_nextId++;
    job.record.model = model;
    job.record.precision = precision;
    job.record.batch = batch;
    job.record.enqueued = Simulator::Now();
    job.record.deadline = Simulator::Now() + deadline;
    job.done = done;

    if (m_running.size() >= GetConcurrencyLimit() && m_queueCapacity > 0 &&
        m_queue.size() >= m_queueCapacity)
    {
        NS_LOG_INFO("queue full: dropping job " << job.record.id << " (" << model << ")");
        m_jobDropped(job.record.id, model);
        return 0;
    }
    m_jobQueued(job.record.id, model);
    Advance();
    if (m_discipline == DEADLINE)
    {
        auto later =
            std::upper_bound(m_queue.begin(), m_queue.end(), job, [](const Job& a, const Job& b) {
                return a.record.deadline < b.record.deadline;
            });
        m_queue.insert(later, std::move(job));
    }
    else
    {
        m_queue.push_back(std::move(job));
    }
    uint64_t id = m_nextId - 1;
    Update(false);
    return id;
}

JobDemand
InferenceEngine::DemandOf(const Job& job)
{
    LayerEstimate e = GetRoofline(job.record.precision)
                          .EstimateLayer(job.model->layers[job.layer], job.record.batch);
    return JobDemand{e.computeTime, e.memoryTime, e.overhead};
}

uint32_t
InferenceEngine::GetConcurrencyLimit() const
{
    uint32_t limit = m_maxConcurrent == 0 ? std::numeric_limits<uint32_t>::max() : m_maxConcurrent;
    uint32_t policy = m_allocator ? m_allocator->GetMaxConcurrentJobs() : 0;
    return policy == 0 ? limit : std::min(limit, policy);
}

void
InferenceEngine::Advance()
{
    Time now = Simulator::Now();
    double dt = (now - m_lastUpdate).GetSeconds();
    if (dt > 0)
    {
        for (Job& job : m_running)
        {
            job.remaining = std::max(0.0, job.remaining - dt / job.layerTime);
        }
        m_computeIntegral += m_computeUsed * dt;
        m_bandwidthIntegral += m_bandwidthUsed * dt;
        if (!m_running.empty())
        {
            m_busy += now - m_lastUpdate;
        }
    }
    m_lastUpdate = now;
}

void
InferenceEngine::OnEvent()
{
    NS_LOG_FUNCTION(this);
    Advance();
    Update(false);
}

void
InferenceEngine::Update(bool reallocate)
{
    if (!m_allocator)
    {
        // No allocator set (InferenceEngineHelper always sets one): R3D's
        // RAM, by TypeId so that this file depends on the interface only.
        m_allocator = ObjectFactory("ns3::RamAllocator").Create<InferenceAllocator>();
    }
    std::vector<InferenceJobRecord> started;
    std::vector<std::pair<InferenceJobRecord, DoneCallback>> finished;
    bool layerChanged = false;

    // Move a job past its finished layers (and past layers with nothing to
    // do); false once it has run its last layer.
    auto nextLayers = [&](Job& job, bool entering) {
        while (true)
        {
            if (!entering)
            {
                ++job.layer;
                layerChanged = true;
            }
            entering = false;
            if (job.layer >= job.model->layers.size())
            {
                return false;
            }
            job.demand = DemandOf(job);
            job.remaining = 1.0;
            if (job.demand.SoloTime() > 0)
            {
                return true;
            }
        }
    };
    auto finish = [&](Job& job) {
        job.record.finished = Simulator::Now();
        finished.emplace_back(job.record, job.done);
        reallocate = true;
    };

    // Layers (and jobs) that have ended.
    for (auto it = m_running.begin(); it != m_running.end();)
    {
        if (it->remaining * it->layerTime <= END_TOLERANCE_S && !nextLayers(*it, false))
        {
            finish(*it);
            it = m_running.erase(it);
        }
        else
        {
            ++it;
        }
    }
    // Start waiting jobs while there is room.
    while (!m_queue.empty() && m_running.size() < GetConcurrencyLimit())
    {
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        job.record.started = Simulator::Now();
        job.layer = 0;
        started.push_back(job.record);
        reallocate = true;
        if (nextLayers(job, true))
        {
            m_running.push_back(std::move(job));
        }
        else
        {
            finish(job);
        }
    }

    // Re-divide the device, or re-time the jobs whose layer changed.
    if (reallocate || (layerChanged && m_allocator->IsDemandAware()))
    {
        if (!m_running.empty())
        {
            std::vector<JobDemand> demands;
            for (const Job& job : m_running)
            {
                demands.push_back(job.demand);
            }
            std::vector<ResourceShare> shares =
                m_allocator->Allocate(demands, m_device.computeUnits, m_discreteUnits);
            NS_ASSERT(shares.size() == m_running.size());
            for (std::size_t i = 0; i < m_running.size(); ++i)
            {
                m_running[i].share = shares[i];
            }
            m_allocation(shares);
        }
    }
    double compute = 0;
    double bandwidth = 0;
    for (Job& job : m_running)
    {
        job.layerTime = job.demand.TimeWith(job.share);
        NS_ASSERT_MSG(std::isfinite(job.layerTime) && job.layerTime > 0,
                      "allocator left job " << job.record.id << " without a needed resource");
        compute += job.demand.computeTime / job.layerTime;
        bandwidth += job.demand.memoryTime / job.layerTime;
    }
    if (compute != m_computeUsed || bandwidth != m_bandwidthUsed)
    {
        m_computeUsed = compute;
        m_bandwidthUsed = bandwidth;
        m_utilization(compute, bandwidth);
    }
    ScheduleNext();

    // Last, so that callbacks may submit jobs to a consistent engine.
    for (const InferenceJobRecord& r : started)
    {
        NS_LOG_DEBUG("job " << r.id << " (" << r.model << ") started after "
                            << r.GetQueueingTime().As(Time::MS));
        m_jobStarted(r.id, r.model);
    }
    for (auto& [record, done] : finished)
    {
        NS_LOG_DEBUG("job " << record.id << " (" << record.model << ") finished: compute "
                            << record.GetComputeTime().As(Time::MS));
        m_jobFinished(record);
        if (!done.IsNull())
        {
            done(record);
        }
    }
}

void
InferenceEngine::ScheduleNext()
{
    Simulator::Cancel(m_event);
    if (m_running.empty())
    {
        return;
    }
    double next = std::numeric_limits<double>::infinity();
    for (const Job& job : m_running)
    {
        next = std::min(next, job.remaining * job.layerTime);
    }
    // Round up to the simulator's resolution so the layer has surely ended.
    m_event = Simulator::Schedule(NanoSeconds(static_cast<int64_t>(std::ceil(next * 1e9))),
                                  &InferenceEngine::OnEvent,
                                  this);
}

uint32_t
InferenceEngine::CancelAll()
{
    NS_LOG_FUNCTION(this);
    Advance(); // account the utilization up to now
    std::vector<std::pair<uint64_t, std::string>> cancelled;
    for (const Job& job : m_running)
    {
        cancelled.emplace_back(job.record.id, job.record.model);
    }
    for (const Job& job : m_queue)
    {
        cancelled.emplace_back(job.record.id, job.record.model);
    }
    m_running.clear();
    m_queue.clear();
    Update(true);
    for (const auto& [id, model] : cancelled)
    {
        m_jobCancelled(id, model);
    }
    return cancelled.size();
}

uint32_t
InferenceEngine::GetRunningJobs() const
{
    return m_running.size();
}

uint32_t
InferenceEngine::GetQueuedJobs() const
{
    return m_queue.size();
}

double
InferenceEngine::GetComputeUtilization() const
{
    return m_computeUsed;
}

double
InferenceEngine::GetBandwidthUtilization() const
{
    return m_bandwidthUsed;
}

double
InferenceEngine::GetMeanComputeUtilization() const
{
    double now = Simulator::Now().GetSeconds();
    double pending = m_computeUsed * (Simulator::Now() - m_lastUpdate).GetSeconds();
    return now > 0 ? (m_computeIntegral + pending) / now : 0;
}

double
InferenceEngine::GetMeanBandwidthUtilization() const
{
    double now = Simulator::Now().GetSeconds();
    double pending = m_bandwidthUsed * (Simulator::Now() - m_lastUpdate).GetSeconds();
    return now > 0 ? (m_bandwidthIntegral + pending) / now : 0;
}

Time
InferenceEngine::GetBusyTime() const
{
    return m_busy + (m_running.empty() ? Time(0) : Simulator::Now() - m_lastUpdate);
}

} // namespace ns3
