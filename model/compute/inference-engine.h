/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_INFERENCE_ENGINE_H
#define R3D_INFERENCE_ENGINE_H

#include "inference-allocator.h"
#include "roofline-model.h"

#include "ns3/callback.h"
#include "ns3/device-profile.h"
#include "ns3/event-id.h"
#include "ns3/model-catalog.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief What happened to one inference job on an engine.
 */
struct InferenceJobRecord
{
    uint64_t id{0};                       //!< engine-unique id (from 1)
    std::string model;                    //!< model name
    Precision precision{Precision::FP32}; //!< precision
    uint32_t batch{1};                    //!< batch size
    Time enqueued;                        //!< when Submit was called
    Time started;                         //!< when it began to run
    Time finished;                        //!< when its last layer ended
    Time deadline;                        //!< absolute deadline (enqueued + relative deadline)

    /** \return started - enqueued */
    Time GetQueueingTime() const;
    /** \return finished - started */
    Time GetComputeTime() const;
};

/**
 * \ingroup r3d
 * \brief Runs DNN inference jobs on one device (one per node, aggregated to
 *        the Node), several at a time, timed by the Roofline model.
 *
 * Jobs advance layer by layer. Between two events every running job
 * progresses at a constant rate: its current layer takes
 * max(t_c / c, t_m / m) + t_0 with the share (c, m) its allocator grants.
 * The engine schedules only the next completion (layer end or job end).
 * Whenever the set of running jobs changes -- and, for a demand-aware
 * allocator such as RAM, whenever a job starts a new layer -- the allocator
 * re-divides the device and every running job is re-timed exactly, keeping
 * the work it has done.
 *
 * At most MaxConcurrentJobs run at once (and no more than the allocator
 * allows); the others wait in a queue, served FIFO or earliest deadline
 * first. A full queue (QueueCapacity) rejects new jobs.
 */
class InferenceEngine : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    InferenceEngine();
    ~InferenceEngine() override;

    /// Queue order.
    enum QueueDiscipline
    {
        FIFO,    //!< first come, first served
        DEADLINE //!< earliest deadline first (ties: arrival order)
    };

    /// Called when a job ends.
    typedef Callback<void, const InferenceJobRecord&> DoneCallback;

    /**
     * \brief Use this device (instead of the DeviceName attribute), under
     *        the Runtime attribute's runtime if it is set.
     * \param device the profile; copied (GetDevice returns the copy, whose
     *        defaultRuntime is the runtime in use)
     * \throws CatalogError if the device does not offer the Runtime attribute's runtime
     */
    void SetDevice(const DeviceProfile& device);

    /**
     * \return the device
     * \throws CatalogError if DeviceName names no device of the catalog
     */
    const DeviceProfile& GetDevice();

    /**
     * \brief Use this model catalog (instead of the ModelsFile attribute).
     * \param models the catalog
     */
    void SetModelCatalog(Ptr<ModelCatalog> models);

    /**
     * \brief Submit a job.
     * \param model a model of the catalog
     * \param precision the precision to run at (the device must have it)
     * \param batch the batch size (>= 1)
     * \param deadline relative deadline (used by the DEADLINE discipline)
     * \param done called when the job ends (may be null)
     * \return the job's id, or 0 if the queue is full (the job is dropped
     *         and the JobDropped trace fires)
     * \throws CatalogError for an unknown model or a precision the device
     *         lacks
     */
    uint64_t Submit(const std::string& model,
                    Precision precision,
                    uint32_t batch,
                    Time deadline,
                    DoneCallback done);

    /**
     * \brief Drop every running and queued job without calling their
     *        completion callbacks (the node they run on went down: its
     *        compute stops drawing power at once). Fires JobCancelled for
     *        each.
     * \return the number of jobs dropped
     */
    uint32_t CancelAll();

    /** \return jobs running now */
    uint32_t GetRunningJobs() const;
    /** \return jobs waiting in the queue */
    uint32_t GetQueuedJobs() const;
    /** \return fraction of the device's compute in use now, [0, 1] */
    double GetComputeUtilization() const;
    /** \return fraction of the device's bandwidth in use now, [0, 1] */
    double GetBandwidthUtilization() const;
    /** \return compute utilization averaged over time since the start */
    double GetMeanComputeUtilization() const;
    /** \return bandwidth utilization averaged over time since the start */
    double GetMeanBandwidthUtilization() const;
    /** \return total time with at least one job running */
    Time GetBusyTime() const;

    /**
     * TracedCallback signature for job id and model name.
     * \param [in] id the job id
     * \param [in] model the model name
     */
    typedef void (*JobTracedCallback)(uint64_t id, const std::string& model);

    /**
     * TracedCallback signature for a finished job.
     * \param [in] record the job's record
     */
    typedef void (*JobFinishedTracedCallback)(const InferenceJobRecord& record);

    /**
     * TracedCallback signature for utilization changes.
     * \param [in] compute fraction of compute in use
     * \param [in] bandwidth fraction of bandwidth in use
     */
    typedef void (*UtilizationTracedCallback)(double compute, double bandwidth);

    /**
     * TracedCallback signature for a new division of the device.
     * \param [in] shares one per running job, in start order
     */
    typedef void (*AllocationTracedCallback)(const std::vector<ResourceShare>& shares);

  protected:
    /** \brief Release the references this object holds (ns-3's Object::DoDispose). */
    void DoDispose() override;

  private:
    /// A job on the engine.
    struct Job
    {
        InferenceJobRecord record;      //!< what is reported
        const DnnModel* model{nullptr}; //!< the model (owned by the catalog)
        DoneCallback done;              //!< completion callback
        std::size_t layer{0};           //!< current layer
        double remaining{1.0};          //!< fraction of the current layer left
        JobDemand demand;               //!< current layer's demand
        ResourceShare share;            //!< granted share
        double layerTime{0};            //!< current layer's time with the share, s
    };

    void EnsureDevice();
    const RooflineModel& GetRoofline(Precision precision);
    JobDemand DemandOf(const Job& job);
    void Advance();
    void OnEvent();
    void Update(bool reallocate);
    void ScheduleNext();
    void SetAllocator(Ptr<InferenceAllocator> allocator);
    Ptr<InferenceAllocator> GetAllocator() const;
    uint32_t GetConcurrencyLimit() const;

    std::string m_deviceName;            //!< DeviceName attribute
    std::string m_runtime;               //!< Runtime attribute
    std::string m_devicesFile;           //!< DevicesFile attribute
    std::string m_modelsFile;            //!< ModelsFile attribute
    uint32_t m_maxConcurrent;            //!< MaxConcurrentJobs attribute
    uint32_t m_queueCapacity;            //!< QueueCapacity attribute
    QueueDiscipline m_discipline;        //!< QueueDiscipline attribute
    bool m_discreteUnits;                //!< DiscreteComputeUnits attribute
    Ptr<InferenceAllocator> m_allocator; //!< Allocator attribute

    bool m_hasDevice{false};                       //!< m_device is set
    DeviceProfile m_device;                        //!< the device
    Ptr<ModelCatalog> m_models;                    //!< model catalog
    std::map<Precision, RooflineModel> m_roofline; //!< per precision, for m_device

    std::vector<Job> m_running;    //!< running jobs, in start order
    std::deque<Job> m_queue;       //!< waiting jobs
    uint64_t m_nextId{1};          //!< next job id
    EventId m_event;               //!< next completion
    Time m_lastUpdate;             //!< when progress was last accounted
    double m_computeUsed{0};       //!< compute fraction in use
    double m_bandwidthUsed{0};     //!< bandwidth fraction in use
    double m_computeIntegral{0};   //!< integral of compute use, s
    double m_bandwidthIntegral{0}; //!< integral of bandwidth use, s
    Time m_busy;                   //!< time with jobs running

    TracedCallback<uint64_t, const std::string&> m_jobQueued;       //!< JobQueued
    TracedCallback<uint64_t, const std::string&> m_jobStarted;      //!< JobStarted
    TracedCallback<uint64_t, const std::string&> m_jobDropped;      //!< JobDropped
    TracedCallback<uint64_t, const std::string&> m_jobCancelled;    //!< JobCancelled
    TracedCallback<const InferenceJobRecord&> m_jobFinished;        //!< JobFinished
    TracedCallback<double, double> m_utilization;                   //!< Utilization
    TracedCallback<const std::vector<ResourceShare>&> m_allocation; //!< Allocation
};

} // namespace ns3

#endif /* R3D_INFERENCE_ENGINE_H */
