/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Compute energy through ns-3's energy framework, against busy/idle patterns
// worked out by hand on r3dtest::EngineDevice (idle 1 W, max 5 W).
//
// Tolerance 1e-6 J: job ends are rounded up to the nanosecond, which moves
// at most a few nanoseconds between 1 W and 5 W (< 1e-7 J).

#include "r3d-test-util.h"

#include "ns3/basic-energy-source.h"
#include "ns3/compute-energy-model-helper.h"
#include "ns3/compute-energy-model.h"
#include "ns3/double.h"
#include "ns3/energy-source-container.h"
#include "ns3/inference-engine-helper.h"
#include "ns3/node-container.h"
#include "ns3/patched-wifi-radio-energy-model.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/wifi-phy-state.h"

using namespace ns3;

/**
 * \ingroup r3d-tests
 * Idle 1 s, busy 1 s at full utilization, idle 1 s: 1 + 5 + 1 = 7 J, read
 * from the model and from the BasicEnergySource (100 J at the start).
 */
class BusyIdleEnergyTestCase : public TestCase
{
  public:
    BusyIdleEnergyTestCase()
        : TestCase("energy of idle, busy, idle, through the energy framework")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(1);
        InferenceEngineHelper engines;
        Ptr<InferenceEngine> engine = engines.Install(nodes).Get(0);
        engine->SetDevice(r3dtest::EngineDevice());
        // "big": 100 GFLOP at 100 GFLOP/s = 1 s, compute-bound (u = 1).
        engine->SetModelCatalog(r3dtest::WriteModels(
            "energy-models.json",
            {{"big", {{1e11, 1e6}}}, {"cb", {{1e9, 1e6}}}, {"mb", {{1e6, 1e8}}}}));
        ComputeEnergyModelHelper energy;
        energy.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(100));
        energy.SetSourceAttribute("BasicEnergySupplyVoltageV", DoubleValue(3));
        DeviceEnergyModelContainer models = energy.Install(nodes);

        Simulator::Schedule(Seconds(1), [engine]() {
            engine->Submit("big", Precision::FP32, 1, Seconds(10), {});
        });
        double atTwoAndHalf = 0;
        Simulator::Schedule(Seconds(2.5),
                            [&]() { atTwoAndHalf = models.Get(0)->GetTotalEnergyConsumption(); });
        Simulator::Stop(Seconds(3));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ_TOL(atTwoAndHalf, 6.5, 1e-6, "1 + 5 + 0.5 J at 2.5 s");
        NS_TEST_ASSERT_MSG_EQ_TOL(models.Get(0)->GetTotalEnergyConsumption(), 7.0, 1e-6, "7 J");
        Ptr<EnergySource> source = nodes.Get(0)->GetObject<EnergySourceContainer>()->Get(0);
        NS_TEST_ASSERT_MSG_EQ_TOL(source->GetRemainingEnergy(), 93.0, 1e-6, "source: 100 - 7 J");
        NS_TEST_ASSERT_MSG_EQ_TOL(DynamicCast<ComputeEnergyModel>(models.Get(0))->GetPower(),
                                  1.0,
                                  1e-12,
                                  "idle again");
        Simulator::Destroy();
    }
};

/**
 * \ingroup r3d-tests
 * Partial utilization: cb + mb under equal-share for 20 ms. Compute in use
 * (10 + 0.01) / 20 = 0.5005, bandwidth (0.1 + 10) / 20 = 0.505; the power
 * follows the larger: 1 + 4 x 0.505 = 3.02 W. Over 1 s:
 * 3.02 x 0.02 + 1 x 0.98 = 1.0404 J.
 */
class PartialUtilizationEnergyTestCase : public TestCase
{
  public:
    PartialUtilizationEnergyTestCase()
        : TestCase("energy at partial utilization")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(1);
        InferenceEngineHelper engines;
        engines.SetAllocator("equal-share");
        Ptr<InferenceEngine> engine = engines.Install(nodes).Get(0);
        engine->SetDevice(r3dtest::EngineDevice());
        engine->SetModelCatalog(r3dtest::WriteModels("energy-models2.json",
                                                     {{"cb", {{1e9, 1e6}}}, {"mb", {{1e6, 1e8}}}}));
        DeviceEnergyModelContainer models = ComputeEnergyModelHelper().Install(nodes);
        double power = 0;
        Simulator::Schedule(Seconds(0), [engine]() {
            engine->Submit("cb", Precision::FP32, 1, Seconds(1), {});
            engine->Submit("mb", Precision::FP32, 1, Seconds(1), {});
        });
        Simulator::Schedule(MilliSeconds(10), [&]() {
            power = DynamicCast<ComputeEnergyModel>(models.Get(0))->GetPower();
        });
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ_TOL(power, 3.02, 1e-9, "power while both run");
        NS_TEST_ASSERT_MSG_EQ_TOL(models.Get(0)->GetTotalEnergyConsumption(),
                                  1.0404,
                                  1e-6,
                                  "energy over 1 s");
        Simulator::Destroy();
    }
};

/**
 * ns-3.37's WifiRadioEnergyModel leaks a switch-off event on each state
 * change (PatchedWifiRadioEnergyModel): the event scheduled by the nested
 * HandleEnergyChanged, for the time left in the *old* state, stays live. A
 * radio that transmits briefly and then idles therefore switches OFF when
 * the battery would have run out had it kept transmitting, while energy is
 * left. A 100 J source at 3 V: TX (0.38 A) from 0.1 to 0.2 s, then IDLE
 * (0.273 A); 99.80 J remain at 0.2 s, which last 99.80 / 1.14 = 87.5 s in
 * TX (the leaked event: OFF at ~87.7 s) and 99.80 / 0.819 = 121.9 s in IDLE.
 * At 100 s the source holds 99.80 - 99.8 x 0.819 = 18 J, above its 10 %
 * low-battery threshold (10 J, reached at ~110 s), so the radio must still
 * be IDLE. ns-3's own model is checked too (OFF at 100 s), so that the test
 * shows the fault it guards against; if a later ns-3 fixes it, that half
 * fails and the patch can go.
 */
class RadioSwitchOffTestCase : public TestCase
{
  public:
    /// \param patched PatchedWifiRadioEnergyModel, else ns-3's
    explicit RadioSwitchOffTestCase(bool patched)
        : TestCase(patched ? "patched Wi-Fi radio model: no early switch-off"
                           : "ns-3.37's Wi-Fi radio model: switches off early (the fault)"),
          m_patched(patched)
    {
    }

  private:
    void DoRun() override
    {
        Ptr<BasicEnergySource> source = CreateObject<BasicEnergySource>();
        source->SetInitialEnergy(100);
        source->SetSupplyVoltage(3);
        Ptr<WifiRadioEnergyModel> radio = CreateObject<WifiRadioEnergyModel>();
        if (m_patched)
        {
            radio = CreateObject<PatchedWifiRadioEnergyModel>();
        }
        radio->SetIdleCurrentA(0.273);
        radio->SetTxCurrentA(0.38);
        radio->SetEnergySource(source);
        source->AppendDeviceEnergyModel(radio);
        Simulator::Schedule(Seconds(0.1),
                            &WifiRadioEnergyModel::ChangeState,
                            radio,
                            int(WifiPhyState::TX));
        Simulator::Schedule(Seconds(0.2),
                            &WifiRadioEnergyModel::ChangeState,
                            radio,
                            int(WifiPhyState::IDLE));
        WifiPhyState at100 = WifiPhyState::IDLE;
        double energyAt100 = 0;
        Simulator::Schedule(Seconds(100), [&]() {
            at100 = radio->GetCurrentState();
            energyAt100 = source->GetRemainingEnergy();
        });
        Simulator::Stop(Seconds(101));
        Simulator::Run();
        Simulator::Destroy();
        // The source and the model hold each other: EnergySource::DoDispose
        // breaks the cycle (LeakSanitizer finds it otherwise).
        source->Dispose();
        radio->Dispose();
        // 100 - 0.1 x 0.819 - 0.1 x 1.14 - 99.8 x 0.819 (before any OFF);
        // OFF from 87.7 s on draws nothing: 0.05 J tolerance for rounding.
        if (m_patched)
        {
            NS_TEST_EXPECT_MSG_EQ(int(at100), int(WifiPhyState::IDLE), "still IDLE at 100 s");
            NS_TEST_EXPECT_MSG_EQ_TOL(energyAt100, 18.06, 0.05, "idle drain to 100 s");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(int(at100), int(WifiPhyState::OFF), "ns-3.37: OFF at 100 s");
        }
    }

    bool m_patched; //!< which model
};

/**
 * \ingroup r3d-tests
 * Compute energy.
 */
class ComputeEnergyTestSuite : public TestSuite
{
  public:
    ComputeEnergyTestSuite()
        : TestSuite("r3d-compute-energy", UNIT)
    {
        AddTestCase(new BusyIdleEnergyTestCase, TestCase::QUICK);
        AddTestCase(new PartialUtilizationEnergyTestCase, TestCase::QUICK);
        AddTestCase(new RadioSwitchOffTestCase(true), TestCase::QUICK);
        AddTestCase(new RadioSwitchOffTestCase(false), TestCase::QUICK);
    }
};

/// The suite's instance.
static ComputeEnergyTestSuite g_computeEnergyTestSuite;
