/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_NAMED_CATALOG_H
#define R3D_NAMED_CATALOG_H

#include "catalog-error.h"

#include "ns3/ptr.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Entries of a catalog file, looked up by their unique name.
 *
 * The shared part of DeviceCatalog and ModelCatalog: file-ordered entries,
 * duplicate-name rejection and lookups whose failure names the file and the
 * known entries. \p Entry must have a std::string member \c name.
 */
template <typename Entry>
class NamedCatalog
{
  public:
    /**
     * \brief Look an entry up by name.
     * \param name the entry's name
     * \return the entry
     * \throws CatalogError if there is no such entry
     */
    const Entry& Get(const std::string& name) const
    {
        for (const Entry& e : m_entries)
        {
            if (e.name == name)
            {
                return e;
            }
        }
        std::string known;
        for (const Entry& e : m_entries)
        {
            known += (known.empty() ? "" : ", ") + e.name;
        }
        throw CatalogError(m_file,
                           name,
                           "",
                           "unknown " + m_what + " (the catalog has: " + known + ")");
    }

    /**
     * \param name an entry name
     * \return true if the catalog has it
     */
    bool Has(const std::string& name) const
    {
        for (const Entry& e : m_entries)
        {
            if (e.name == name)
            {
                return true;
            }
        }
        return false;
    }

    /** \return the entry names, in file order */
    std::vector<std::string> GetNames() const
    {
        std::vector<std::string> names;
        for (const Entry& e : m_entries)
        {
            names.push_back(e.name);
        }
        return names;
    }

    /** \return the file the catalog was loaded from */
    const std::string& GetFile() const
    {
        return m_file;
    }

  protected:
    /**
     * \param what what an entry is, for messages ("device", "model")
     */
    explicit NamedCatalog(std::string what)
        : m_what(std::move(what))
    {
    }

    /**
     * \brief Append an entry.
     * \param entry the entry
     * \throws CatalogError if the name is already taken
     */
    void Add(Entry entry)
    {
        if (Has(entry.name))
        {
            throw CatalogError(m_file, entry.name, "name", "duplicate " + m_what + " name");
        }
        m_entries.push_back(std::move(entry));
    }

    std::string m_file;           //!< source file
    std::vector<Entry> m_entries; //!< entries in file order

  private:
    std::string m_what; //!< what an entry is
};

/**
 * \ingroup r3d
 * \brief Load a catalog file once per process: every later call with the
 *        same path returns the same catalog, so a scenario with many nodes
 *        parses each file once.
 * \tparam Catalog DeviceCatalog or ModelCatalog
 * \param path the file
 * \return the catalog
 * \throws CatalogError if the file is invalid (and it is not cached)
 */
template <typename Catalog>
Ptr<Catalog>
LoadCatalogOnce(const std::string& path)
{
    static std::map<std::string, Ptr<Catalog>> loaded;
    auto it = loaded.find(path);
    if (it == loaded.end())
    {
        it = loaded.emplace(path, Catalog::LoadFile(path)).first;
    }
    return it->second;
}

} // namespace ns3

#endif /* R3D_NAMED_CATALOG_H */
