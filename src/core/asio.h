// Include this instead of <boost/asio.hpp>: Boost 1.74's Asio needs <utility> first under C++20.
#pragma once

#include <utility>  // must precede Asio (Boost 1.74 + C++20)

#include <boost/asio.hpp>
