/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \defgroup r3d r3d: multi-DNN inference in MEC networks
 *
 * IoT devices, edge servers and the cloud serve concurrent DNN inference
 * requests over ns-3 networks, and a deployment policy (the R3D agent, or a
 * baseline) decides which models each node holds, loading, evicting and
 * migrating them while demand shifts. The module's layers, one folder each
 * under model/:
 *
 * - catalog: precisions, the device and model catalogs and their JSON reader
 *   (DeviceCatalog, ModelCatalog, CatalogHelper reads them).
 * - compute: the Roofline latency model (RooflineModel), its fitted
 *   efficiencies (EfficiencyFit), the inference engine (InferenceEngine) and
 *   its allocators (RamAllocator, EqualShareAllocator, OneAtATimeAllocator),
 *   compute and model-loading energy (ComputeEnergyModel,
 *   ModelLoadingEnergyModel).
 * - policy: the controller's view (MecView), DeploymentPolicy and the
 *   baselines (TierPolicy, RandomPolicy, GreedyPolicy, StaticPolicy,
 *   OraclePolicy), the observation a learning policy sees and the cost
 *   (DeploymentCost).
 * - learning: DeploymentAgent, R3dPolicy and the PPO agent (PpoAgent, in a
 *   library of its own that links LibTorch and is loaded on first use).
 * - network: the messages, TCP framing (MecConnection), the applications
 *   (InferenceClient, MecServer, DeploymentController), the request tracker
 *   (MecRequestTracker) and the Wi-Fi link monitor.
 * - simulation: PurgingMapScheduler.
 *
 * helper/ builds them into scenarios (MecTopologyHelper, the application
 * helpers, InferenceEngineHelper, DeploymentControllerHelper, MecScenario,
 * R3dTrainer). The model, its equations and their sources are described in
 * doc/r3d.rst; measured results in doc/r3d-evaluation.rst.
 */
