/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "atomic-file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{
namespace r3d
{

namespace
{

/// The temporary beside a file (suffixed with the process id).
std::string
TemporaryPath(const std::string& path)
{
    return path + ".tmp." + std::to_string(getpid());
}

} // namespace

void
WriteFileAtomically(const std::string& path, const std::string& contents)
{
    std::string tmp = TemporaryPath(path);
    {
        std::ofstream out(tmp);
        out << contents;
        out.flush();
        if (!out)
        {
            std::remove(tmp.c_str());
            throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        std::string reason = std::strerror(errno);
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot rename " + tmp + " to " + path + ": " + reason);
    }
}

std::string
OutputFileProblem(const std::string& path)
{
    struct stat info;
    if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    {
        return "is a directory";
    }
    const std::string tmp = TemporaryPath(path);
    std::FILE* probe = std::fopen(tmp.c_str(), "w");
    if (!probe)
    {
        return std::strerror(errno);
    }
    std::fclose(probe);
    std::remove(tmp.c_str());
    return "";
}

} // namespace r3d
} // namespace ns3
