/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Cost of the inference engine per simulator event, with 1, 4 and 16 jobs
// running at once, next to ns-3's own cost per (empty) event, in one run.
//
//   build/bin/r3d-engine-benchmark [--benchmark_repetitions=5]
//
// Each iteration runs jobs of ResNet-50, MobileNet-V2, BERT-base and YOLOv5s
// in turn on a Jetson AGX Xavier (fp16) under one allocator, keeping N jobs
// in flight (a finishing job submits the next) until 200 jobs have ended;
// "ns_per_event" is the wall time of Simulator::Run over the simulator
// events it executed (layer ends, almost all). "Ns3TcpEvents" is ns-3's own
// cost per event in a network simulation: a TCP bulk transfer over a
// point-to-point link.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/device-catalog.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/inference-engine.h"
#include "ns3/internet-module.h"
#include "ns3/model-catalog.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/pointer.h"

#include <benchmark/benchmark.h>
#include <chrono>

using namespace ns3;

namespace
{

/// Run the simulation, adding its wall time (ns) and events executed.
void
TimedRun(double* runNs, uint64_t* events)
{
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    *runNs +=
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    *events += Simulator::GetEventCount();
    Simulator::Destroy();
}

/// Models submitted in turn, so jobs are out of phase (no shared layer ends).
const char* const MIX[] = {"resnet50", "mobilenet-v2", "bert-base", "yolov5s"};

void
EngineEvents(benchmark::State& state, const std::string& allocator)
{
    const uint32_t inFlight = state.range(0);
    const uint32_t jobs = 200;
    Ptr<DeviceCatalog> devices = DeviceCatalog::LoadCached(DeviceCatalog::GetDefaultPath());
    Ptr<ModelCatalog> models = ModelCatalog::LoadCached(ModelCatalog::GetDefaultPath());
    uint64_t events = 0;
    double runNs = 0;
    for (auto _ : state)
    {
        Ptr<InferenceEngine> engine = CreateObject<InferenceEngine>();
        engine->SetDevice(devices->Get("jetson-agx-xavier"));
        engine->SetModelCatalog(models);
        engine->SetAttribute("MaxConcurrentJobs", UintegerValue(inFlight));
        engine->SetAttribute("Allocator",
                             PointerValue(InferenceEngineHelper::CreateAllocator(allocator)));
        uint32_t submitted = 0;
        InferenceEngine::DoneCallback next;
        auto submit = [&]() {
            engine->Submit(MIX[submitted % 4], Precision::FP16, 1, Seconds(1), next);
            ++submitted;
        };
        next = InferenceEngine::DoneCallback([&](const InferenceJobRecord&) {
            if (submitted < jobs)
            {
                submit();
            }
        });
        Simulator::Schedule(Seconds(0), [&]() {
            for (uint32_t i = 0; i < inFlight; ++i)
            {
                submit();
            }
        });
        TimedRun(&runNs, &events);
    }
    state.counters["ns_per_event"] = runNs / events;
    state.counters["events"] = benchmark::Counter(events, benchmark::Counter::kAvgIterations);
}

/// ns-3 alone: a chain of empty events.
void
EmptyEvent(uint32_t* left)
{
    if (--*left > 0)
    {
        Simulator::Schedule(NanoSeconds(10), &EmptyEvent, left);
    }
}

void
Ns3EmptyEvents(benchmark::State& state)
{
    uint64_t events = 0;
    double runNs = 0;
    for (auto _ : state)
    {
        uint32_t left = 100000;
        Simulator::Schedule(Seconds(0), &EmptyEvent, &left);
        TimedRun(&runNs, &events);
    }
    state.counters["ns_per_event"] = runNs / events;
}

/// ns-3 in a network simulation: 2 MB of TCP over a 100 Mb/s, 1 ms link.
void
Ns3TcpEvents(benchmark::State& state)
{
    uint64_t events = 0;
    double runNs = 0;
    for (auto _ : state)
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
        BulkSendHelper sender("ns3::TcpSocketFactory",
                              InetSocketAddress(interfaces.GetAddress(1), 9));
        sender.SetAttribute("MaxBytes", UintegerValue(2000000));
        sender.Install(nodes.Get(0));
        PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink.Install(nodes.Get(1));
        TimedRun(&runNs, &events);
    }
    state.counters["ns_per_event"] = runNs / events;
    state.counters["events"] = benchmark::Counter(events, benchmark::Counter::kAvgIterations);
}

} // namespace

BENCHMARK(Ns3TcpEvents)->Unit(benchmark::kMillisecond);
BENCHMARK(Ns3EmptyEvents)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EngineEvents, equal_share, std::string("equal-share"))
    ->Arg(1)
    ->Arg(4)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EngineEvents, ram, std::string("ram"))
    ->Arg(1)
    ->Arg(4)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
