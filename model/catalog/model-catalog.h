/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_MODEL_CATALOG_H
#define R3D_MODEL_CATALOG_H

#include "dnn-model.h"
#include "named-catalog.h"

#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief The DNN model catalog: layer lists loaded and validated from a JSON
 *        file (data/models.json by default, written by
 *        generator/generate-models.py).
 *
 * Every problem in the file raises a CatalogError naming the file, the entry
 * and the field; so does asking for a model the catalog does not have.
 */
class ModelCatalog : public SimpleRefCount<ModelCatalog>, public NamedCatalog<DnnModel>
{
  public:
    /** \brief An empty catalog; use LoadFile. */
    ModelCatalog();

    /**
     * \brief Load and validate a model catalog.
     * \param path the JSON file
     * \return the catalog
     * \throws CatalogError on any problem in the file
     */
    static Ptr<ModelCatalog> LoadFile(const std::string& path);

    /**
     * \brief Load a catalog once per process (see LoadCatalogOnce).
     * \param path the JSON file
     * \return the catalog, shared by every caller with the same path
     * \throws CatalogError on any problem in the file
     */
    static Ptr<ModelCatalog> LoadCached(const std::string& path);

    /**
     * \return the path of the catalog shipped with the module
     *         ($R3D_DATA_DIR/models.json if that variable is set)
     */
    static std::string GetDefaultPath();
};

} // namespace ns3

#endif /* R3D_MODEL_CATALOG_H */
