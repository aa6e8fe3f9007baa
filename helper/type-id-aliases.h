/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_TYPE_ID_ALIASES_H
#define R3D_TYPE_ID_ALIASES_H

#include "ns3/object-factory.h"
#include "ns3/type-id.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief Short names for the TypeIds of one kind of part (policies,
 *        allocators), resolved to an ObjectFactory, as ns-3's helpers choose
 *        parts by TypeId.
 *
 * A name is either an alias of the table (e.g. "edge-only", which stands
 * for ns3::TierPolicy with Tier=edge) or the TypeId name of any registered,
 * constructible subclass of the base. Adding a part therefore touches no
 * existing file: it works by its TypeId name at once, and gets a short name
 * by one line in the table of the helper that owns it.
 */
class TypeIdAliases
{
  public:
    /// One short name.
    struct Alias
    {
        std::string name;   //!< the short name, e.g. "edge-only"
        std::string typeId; //!< the TypeId name it stands for, e.g. "ns3::TierPolicy"
        /// attributes preset on the factory, e.g. {"Tier", "edge"}
        std::vector<std::pair<std::string, std::string>> attributes;
    };

    /**
     * \param base the base TypeId every name must derive from
     * \param kind what the names are, for messages (e.g. "deployment policy")
     * \param aliases the short names, in the order they are listed
     */
    TypeIdAliases(TypeId base, std::string kind, std::vector<Alias> aliases);

    /**
     * \brief A factory for a name, with the alias's attributes preset.
     * \param name a short name or a TypeId name
     * \return the factory
     * \throws std::invalid_argument for an unknown name (or a TypeId that is
     *         not a constructible subclass of the base), listing the known names
     */
    ObjectFactory Resolve(const std::string& name) const;

    /**
     * \param name a short name or a TypeId name
     * \return whether Resolve accepts it
     */
    bool IsKnown(const std::string& name) const;

    /**
     * \param name a short name
     * \return the TypeId name it stands for, or \p name itself if it is not
     *         an alias
     */
    std::string GetTypeName(const std::string& name) const;

    /**
     * \return the names Resolve accepts, comma separated: the short names in
     *         table order, then the TypeId names of the registered
     *         constructible subclasses of the base, sorted
     */
    std::string GetNames() const;

  private:
    TypeId m_base;                //!< base of every name
    std::string m_kind;           //!< for messages
    std::vector<Alias> m_aliases; //!< short names
};

} // namespace ns3

#endif /* R3D_TYPE_ID_ALIASES_H */
