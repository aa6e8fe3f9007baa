/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-request-tracker-helper.h"

#include "ns3/inference-client.h"
#include "ns3/mec-server.h"
#include "ns3/uinteger.h"

namespace ns3
{

MecRequestTrackerHelper::MecRequestTrackerHelper()
    : m_tracker(CreateObject<MecRequestTracker>())
{
}

Ptr<MecRequestTracker>
MecRequestTrackerHelper::GetTracker() const
{
    return m_tracker;
}

Ptr<MecRequestTracker>
MecRequestTrackerHelper::Install(ApplicationContainer apps)
{
    Ptr<MecRequestTracker> tracker = m_tracker;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        if (Ptr<InferenceClient> client = DynamicCast<InferenceClient>(*it))
        {
            UintegerValue origin;
            UintegerValue node;
            client->GetAttribute("OriginIndex", origin);
            client->GetAttribute("NodeIndex", node);
            const auto o = static_cast<uint32_t>(origin.Get());
            const auto n = static_cast<uint32_t>(node.Get());
            client->TraceConnectWithoutContext(
                "Request",
                Callback<void, uint64_t, uint32_t, Time>(
                    [tracker, o, n](uint64_t id, uint32_t model, Time deadline) {
                        tracker->Generate(o, n, model, deadline, id);
                    }));
            client->TraceConnectWithoutContext("RequestSent",
                                               MakeCallback(&MecRequestTracker::SetHost, tracker));
            client->TraceConnectWithoutContext(
                "RequestCompleted",
                Callback<void, uint64_t, Time, Time, Time>(
                    [tracker](uint64_t id, Time received, Time started, Time finished) {
                        tracker->Complete(id, received, started, finished);
                    }));
            client->TraceConnectWithoutContext(
                "RequestDropped",
                Callback<void, uint64_t, MecDropReason>(
                    [tracker](uint64_t id, MecDropReason reason) { tracker->Drop(id, reason); }));
        }
        else if (Ptr<MecServer> server = DynamicCast<MecServer>(*it))
        {
            server->TraceConnectWithoutContext(
                "RequestDropped",
                Callback<void, uint64_t, MecDropReason>(
                    [tracker](uint64_t id, MecDropReason reason) { tracker->Drop(id, reason); }));
        }
    }
    return tracker;
}

} // namespace ns3
