/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Shared by the fuzz targets of readers that take a path (not installed).

#ifndef R3D_FUZZ_INPUT_FILE_H
#define R3D_FUZZ_INPUT_FILE_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace ns3
{
namespace r3dfuzz
{

/**
 * \brief Write a fuzz input to this process's temporary file and return its
 *        path. The file is created once (mkstemp, with \p suffix so that
 *        readers that look at the extension see the usual one), rewritten
 *        for every input and removed at exit: the readers under test take
 *        paths, and one file per process keeps runs of millions of inputs
 *        off the file system's metadata.
 * \param data the input
 * \param size its length
 * \param suffix the file name's ending, e.g. ".json"
 * \return the file's path
 */
inline const std::string&
WriteInputFile(const uint8_t* data, std::size_t size, const char* suffix)
{
    static std::string path = [suffix]() {
        const char* dir = std::getenv("TMPDIR");
        std::string name = std::string(dir && *dir ? dir : "/tmp") + "/r3d-fuzz-XXXXXX" + suffix;
        int fd = mkstemps(name.data(), static_cast<int>(std::string(suffix).size()));
        if (fd < 0)
        {
            std::perror("r3d-fuzz: mkstemps");
            std::abort();
        }
        close(fd);
        static std::string removeAtExit;
        removeAtExit = name;
        std::atexit([]() { std::remove(removeAtExit.c_str()); });
        return name;
    }();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0)
    {
        std::perror("r3d-fuzz: writing the input file");
        std::abort();
    }
    return path;
}

} // namespace r3dfuzz
} // namespace ns3

#endif /* R3D_FUZZ_INPUT_FILE_H */
