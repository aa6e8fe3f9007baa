/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef R3D_CATALOG_ERROR_H
#define R3D_CATALOG_ERROR_H

#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \ingroup r3d
 * \brief A catalog file, or a name looked up in one, is invalid.
 *
 * The message names where the problem is, as precisely as known:
 * "<file>: entry '<entry>': field '<field>': <problem>". Programs catch it,
 * print what() and exit non-zero; tests check that bad input raises it.
 */
class CatalogError : public std::runtime_error
{
  public:
    /**
     * \brief Build the error.
     * \param file the catalog file (or "-" when not from a file)
     * \param entry the entry's name or position ("" if the error is file-wide)
     * \param field the offending field ("" if none)
     * \param problem what is wrong
     */
    CatalogError(const std::string& file,
                 const std::string& entry,
                 const std::string& field,
                 const std::string& problem);

    /** \return the file named by the error */
    const std::string& GetFile() const;
    /** \return the entry named by the error ("" if none) */
    const std::string& GetEntry() const;
    /** \return the field named by the error ("" if none) */
    const std::string& GetField() const;

  private:
    std::string m_file;  //!< file
    std::string m_entry; //!< entry
    std::string m_field; //!< field
};

} // namespace ns3

#endif /* R3D_CATALOG_ERROR_H */
