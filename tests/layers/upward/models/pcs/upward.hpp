#pragma once
// Fixture of the layer check (tests/CMakeLists.txt): a domain reaching up to the site.
#include "models/site/site.hpp"
