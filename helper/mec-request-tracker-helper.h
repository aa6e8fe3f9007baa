/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MEC_REQUEST_TRACKER_HELPER_H
#define R3D_MEC_REQUEST_TRACKER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/request-tracker.h"

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Connects a MecRequestTracker to the trace sources of the MEC
 *        applications, as FlowMonitorHelper connects FlowMonitor to the
 *        nodes: the applications report requests and outcomes through their
 *        trace sources and know nothing of the tracker.
 *
 * Connected: every InferenceClient's Request, RequestSent,
 * RequestCompleted and RequestDropped, and every MecServer's
 * RequestDropped (node-down drops of the requests it held).
 *
 * \code
 *   MecRequestTrackerHelper trackerHelper;
 *   Ptr<MecRequestTracker> tracker = trackerHelper.Install(servers);
 *   trackerHelper.Install(clients);
 * \endcode
 */
class MecRequestTrackerHelper
{
  public:
    MecRequestTrackerHelper();

    /**
     * \brief Connect the tracker to applications (InferenceClient and
     *        MecServer; others are ignored). Install clients after their
     *        NodeIndex and OriginIndex attributes are set (the helpers that
     *        install them set both).
     * \param apps the applications
     * \return the tracker (the same for every call on this helper)
     */
    Ptr<MecRequestTracker> Install(ApplicationContainer apps);

    /** \return the tracker */
    Ptr<MecRequestTracker> GetTracker() const;

  private:
    Ptr<MecRequestTracker> m_tracker; //!< the tracker
};

} // namespace ns3

#endif /* R3D_MEC_REQUEST_TRACKER_HELPER_H */
