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

# mcp_layer(NAME SOURCES... DEPS ...): the library target mcp_NAME with src/ on its include path.
function(mcp_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS" ${ARGN})
  add_library(mcp_${name} ${L_SOURCES})
  add_library(mcp::${name} ALIAS mcp_${name})
  target_include_directories(mcp_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(mcp_${name} PUBLIC ${L_DEPS} PRIVATE mcp_warnings)
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
