/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Internal to the module (not installed): validated reading of catalog JSON.
// Kept out of the public headers so users of the catalogs do not compile
// nlohmann/json.

#ifndef R3D_CATALOG_JSON_H
#define R3D_CATALOG_JSON_H

#include "catalog-error.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

namespace ns3
{
namespace r3d
{

/**
 * \brief Read and parse a JSON file.
 * \param path the file
 * \return the document
 * \throws CatalogError if the file cannot be read or is not valid JSON
 */
nlohmann::json ParseJsonFile(const std::string& path);

/**
 * \brief How an element of a catalog's top-level array is named in messages:
 *        by its "name" field when it has a string one, else by position.
 * \param array the array (e.g. "devices")
 * \param arrayName the array's field name
 * \param index the element's position
 * \return e.g. "jetson-nano" or "devices[3]"
 */
std::string EntryName(const nlohmann::json& array, const std::string& arrayName, std::size_t index);

/**
 * \brief Path of a data file shipped with the module.
 * \param name the file name, e.g. "devices.json"
 * \return $R3D_DATA_DIR/name if that variable is set, else the module's
 *         data/ folder
 */
std::string DataFilePath(const std::string& name);

/**
 * \brief Reads the fields of one JSON object (a catalog entry), turning every
 *        problem into a CatalogError that names file, entry and field.
 */
class EntryReader
{
  public:
    /**
     * \param file the catalog file
     * \param entry the entry's name (or position) used in messages
     * \param object the entry; must be a JSON object
     */
    EntryReader(const std::string& file, const std::string& entry, const nlohmann::json& object);

    /**
     * \brief A reader for a sub-object of this entry; its messages name
     *        fields as "<field>.<sub-field>".
     * \param field the field holding the sub-object
     * \return the reader
     */
    EntryReader Nested(const std::string& field) const;

    /**
     * \brief A reader for one object of an array field of this entry; its
     *        messages name fields as "<field>[<index>].<sub-field>".
     * \param field the array field
     * \param index the element
     * \return the reader
     */
    EntryReader Element(const std::string& field, std::size_t index) const;

    /**
     * \param field a field name
     * \return true if the entry has it
     */
    bool Has(const std::string& field) const;

    /**
     * \brief A required finite number.
     * \param field the field
     * \param allowZero whether 0 is allowed (negative never is)
     * \return the value
     */
    double Number(const std::string& field, bool allowZero = false) const;

    /**
     * \brief An optional boolean.
     * \param field the field
     * \param otherwise the value when the field is absent
     * \return the value
     */
    bool Boolean(const std::string& field, bool otherwise = false) const;

    /**
     * \brief A required non-empty string.
     * \param field the field
     * \return the value
     */
    std::string String(const std::string& field) const;

    /**
     * \brief A required JSON object.
     * \param field the field
     * \return the object
     */
    const nlohmann::json& Object(const std::string& field) const;

    /**
     * \brief A required non-empty JSON array.
     * \param field the field
     * \return the array
     */
    const nlohmann::json& Array(const std::string& field) const;

    /**
     * \brief Reject fields other than these (catches misspelt optional
     *        fields). Fields named "note" are always allowed.
     * \param known the fields this entry may have
     */
    void RejectUnknown(std::initializer_list<const char*> known) const;

    /**
     * \brief Raise an error about a field of this entry.
     * \param field the field
     * \param problem what is wrong
     */
    [[noreturn]] void Fail(const std::string& field, const std::string& problem) const;

  private:
    const nlohmann::json& Get(const std::string& field) const;

    std::string m_file;             //!< catalog file
    std::string m_entry;            //!< entry name
    std::string m_prefix;           //!< prefix of field names in messages
    const nlohmann::json& m_object; //!< the entry
};

} // namespace r3d
} // namespace ns3

#endif /* R3D_CATALOG_JSON_H */
