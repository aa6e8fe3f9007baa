/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Fuzz target: ModelCatalog::LoadFile on arbitrary bytes. A CatalogError is the
// reader's documented answer to a bad file; anything else (another
// exception, an abort, NS_ASSERT, a sanitizer report, a hang) is a finding.

#include "fuzz-input-file.h"

#include "ns3/catalog-error.h"
#include "ns3/model-catalog.h"

/**
 * \brief libFuzzer's entry point.
 * \param data the input: the catalog file's bytes
 * \param size its length
 * \return 0
 */
extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string& path = ns3::r3dfuzz::WriteInputFile(data, size, ".json");
    try
    {
        ns3::ModelCatalog::LoadFile(path);
    }
    catch (const ns3::CatalogError&)
    {
    }
    return 0;
}
