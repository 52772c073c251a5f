# Third-party libraries, all from Debian 12 packages (scripts/setup.sh installs them).
# Each becomes an imported target named deps::<name> so the rest of the tree never repeats how a
# library is found.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Boost 1.74 REQUIRED)

pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(SPDLOG REQUIRED IMPORTED_TARGET spdlog)
pkg_check_modules(FMT REQUIRED IMPORTED_TARGET fmt)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)

find_library(SNAPPY_LIBRARY snappy REQUIRED)
find_path(SNAPPY_INCLUDE_DIR snappy.h REQUIRED)
add_library(deps::snappy INTERFACE IMPORTED)
target_link_libraries(deps::snappy INTERFACE ${SNAPPY_LIBRARY})
target_include_directories(deps::snappy INTERFACE ${SNAPPY_INCLUDE_DIR})

find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
add_library(deps::cli11 INTERFACE IMPORTED)
target_include_directories(deps::cli11 INTERFACE ${CLI11_INCLUDE_DIR})

# Boost 1.74 Asio/Beast under C++20: <utility> must come before Asio's headers (a 1.74 bug);
# core/asio.h does that, include it instead of <boost/asio.hpp>.
add_library(deps::boost INTERFACE IMPORTED)
target_link_libraries(deps::boost INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(deps::boost INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)

add_library(deps::zstd ALIAS PkgConfig::ZSTD)
add_library(deps::spdlog INTERFACE IMPORTED)
target_link_libraries(deps::spdlog INTERFACE PkgConfig::SPDLOG PkgConfig::FMT)
target_compile_definitions(deps::spdlog INTERFACE SPDLOG_FMT_EXTERNAL)
add_library(deps::tomlpp ALIAS PkgConfig::TOMLPP)

if(BUILD_TESTING)
  find_package(GTest REQUIRED)
endif()
if(BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# MongoDB C driver and libbson 1.23 (Debian: libmongoc-dev, libbson-dev).
find_package(bson-1.0 CONFIG REQUIRED)
find_package(mongoc-1.0 CONFIG REQUIRED)
add_library(deps::bson ALIAS mongo::bson_shared)
add_library(deps::mongoc ALIAS mongo::mongoc_shared)

# simdjson 3 (Debian: libsimdjson-dev).
pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
add_library(deps::simdjson ALIAS PkgConfig::SIMDJSON)

# SQLite 3.40 (Debian: libsqlite3-dev) for the trace server's embedded storage.
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
add_library(deps::sqlite3 ALIAS PkgConfig::SQLITE3)
