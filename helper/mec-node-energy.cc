/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mec-node-energy.h"

namespace ns3
{

double
MecNodeEnergy::Total() const
{
    return compute + loading + radio + wired;
}

double
MecNodeEnergy::Idle() const
{
    return computeIdle + radioIdle;
}

double
MecNodeEnergy::Dynamic() const
{
    return Total() - Idle();
}

} // namespace ns3
