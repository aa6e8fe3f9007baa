/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "input-file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ns3
{
namespace r3d
{

std::string
InputFileProblem(const std::string& path)
{
    if (path.empty())
    {
        return "no file given (empty path)";
    }
    std::error_code ec;
    std::filesystem::file_status status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found)
    {
        return "no such file";
    }
    if (ec)
    {
        return "cannot be read (" + ec.message() + ")";
    }
    if (std::filesystem::is_directory(status))
    {
        return "is a directory, not a file";
    }
    std::ifstream in(path);
    if (!in)
    {
        return std::string("cannot be read (") + std::strerror(errno) + ")";
    }
    return "";
}

} // namespace r3d
} // namespace ns3
