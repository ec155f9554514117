include(GNUInstallDirs)

# Warnings and the helpers every layer uses to declare its library and its tests.
add_library(mcp_warnings INTERFACE)
# -Wno-missing-field-initializers: g++ 12 warns on designated initializers that skip members, our API's style.
target_compile_options(mcp_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wno-missing-field-initializers)
if(MCP_WERROR)
  target_compile_options(mcp_warnings INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 at -O2/-O3 (the release preset) reports std::string copies inside libstdc++ as overlapping memcpy
  # (GCC bug 105651, a false positive): without this, -Werror stops the release build in code that is fine.
  target_compile_options(mcp_warnings INTERFACE $<$<NOT:$<CONFIG:Debug>>:-Wno-restrict>)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Boost.Asio coroutines trip -Wunused-lambda-capture inside Boost headers only through our code's instantiations.
  target_compile_options(mcp_warnings INTERFACE -Wno-unused-lambda-capture)
endif()

# mcp_layer(NAME SOURCES... DEPS... [COMPONENT C]): the library target mcp_NAME (mcp::NAME) with src/ on its
# include path in the build and include/ once installed, C++20 for its users, and a place in the export set of
# its package component (cmake/mcp_package.cmake; core unless given).
function(mcp_layer name)
  cmake_parse_arguments(L "" "COMPONENT" "SOURCES;DEPS" ${ARGN})
  if(NOT L_COMPONENT)
    set(L_COMPONENT core)
  endif()
  add_library(mcp_${name} ${L_SOURCES})
  add_library(mcp::${name} ALIAS mcp_${name})
  mcp_exported(mcp_${name} ${name} ${L_COMPONENT})
  target_link_libraries(mcp_${name} PUBLIC ${L_DEPS})
endfunction()

# mcp_exported(TARGET EXPORT_NAME COMPONENT): what every installed library target shares. Our warnings are for
# our own compiles only ($<BUILD_INTERFACE>, so an installed target does not ask for them).
function(mcp_exported target export_name component)
  get_target_property(type ${target} TYPE)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_compile_features(${target} INTERFACE cxx_std_20)
  else()
    target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>
                                                $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    target_compile_features(${target} PUBLIC cxx_std_20)
    target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:mcp_warnings>)
  endif()
  set_property(GLOBAL APPEND PROPERTY MCP_COMPONENT_TARGETS_${component} ${target})
endfunction()

# mcp_self_registering(TARGET SYMBOL): a program that links TARGET keeps the object that defines the C function
# SYMBOL, whose static initialiser registers the target with the framework (storage/backends.hpp,
# front_door.hpp). A static library's object nothing refers to would otherwise be left out.
function(mcp_self_registering target symbol)
  target_link_options(${target} INTERFACE "LINKER:--undefined=${symbol}")
endfunction()

# mcp_test(NAME SOURCES... DEPS ...): a GoogleTest executable registered with ctest.
function(mcp_test name)
  if(NOT MCP_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest_main mcp_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
