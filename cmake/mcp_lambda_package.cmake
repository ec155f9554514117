# mcp_add_lambda_package(TARGET [OUTPUT_DIRECTORY DIR]): packages a program of yours for the AWS Lambda
# provided.al2023 runtime, from a Debian 12 build. Call it after the target's sources and links are set. It adds
#   TARGET_bootstrap    the same sources, definitions and links, linked to load on Amazon Linux 2023 (below);
#                       OUTPUT_NAME bootstrap; not part of `all`
#   TARGET_lambda_zip   builds DIR/bootstrap.zip (default: <binary dir>/TARGET_lambda): `bootstrap` stripped at
#                       the root, the shared libraries AL2023 lacks in lib/, checked by package_lambda.sh: no
#                       symbol newer than glibc 2.34 or GCC 11's libgcc_s, no libstdc++.so, lib/ found first
# Build the zip with `cmake --build <dir> --target TARGET_lambda_zip`, deploy it with --runtime provided.al2023
# --handler bootstrap (docs/lambda.md). How the binary is made to load on AL2023 (glibc 2.34, GCC 11):
#   -static-libstdc++          GCC 12's libstdc++.so needs GLIBCXX_3.4.30 and GLIBC_2.36: it goes inside.
#   Boost.JSON/URL, RE2 .a     Debian's shared ones would pull libstdc++.so back in (whole archives, so every
#                              symbol is ours and --as-needed drops the .so).
#   logging_libraries.cpp      spdlog and fmt come only as shared libraries: their code is compiled in here.
#   glibc_2_34.cpp             arc4random, which the static libstdc++ refers to (GLIBC_2.36).
#   libgcc stays shared        Debian's static unwinder calls _dl_find_object (GLIBC_2.35); AL2023's own
#                              libgcc_s.so.1 serves instead (only GCC_3.0 to GCC_7.0.0 symbols are used).
#   DT_RPATH $ORIGIN/lib       searched before LD_LIBRARY_PATH (Lambda puts /lib64 first there), and for the
#                              bundled libraries' own dependencies too: RUNPATH would be neither.
set(MCP_LAMBDA_PACKAGE_FILES ${CMAKE_CURRENT_LIST_DIR}/lambda CACHE INTERNAL "mcp_add_lambda_package's sources")

function(mcp_add_lambda_package target)
  cmake_parse_arguments(P "" "OUTPUT_DIRECTORY" "" ${ARGN})
  if(NOT TARGET ${target})
    message(FATAL_ERROR "mcp_add_lambda_package: no target named '${target}'")
  endif()
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "EXECUTABLE")
    message(FATAL_ERROR "mcp_add_lambda_package: '${target}' is a ${type}; it takes a program (add_executable)")
  endif()
  if(NOT P_OUTPUT_DIRECTORY)
    set(P_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/${target}_lambda)
  endif()
  _mcp_lambda_libraries()

  set(boot ${target}_bootstrap)
  add_executable(${boot} EXCLUDE_FROM_ALL ${MCP_LAMBDA_PACKAGE_FILES}/glibc_2_34.cpp)
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  foreach(source IN LISTS sources)
    if(NOT IS_ABSOLUTE "${source}" AND NOT source MATCHES "^\\$<")
      set(source ${source_dir}/${source})
    endif()
    target_sources(${boot} PRIVATE ${source})
  endforeach()
  foreach(property INCLUDE_DIRECTORIES COMPILE_DEFINITIONS COMPILE_OPTIONS COMPILE_FEATURES)
    set_property(TARGET ${boot} APPEND PROPERTY ${property} $<TARGET_PROPERTY:${target},${property}>)
  endforeach()
  get_target_property(links ${target} LINK_LIBRARIES)
  set_target_properties(${boot} PROPERTIES OUTPUT_NAME bootstrap RUNTIME_OUTPUT_DIRECTORY ${P_OUTPUT_DIRECTORY}/build
                                           BUILD_RPATH "$ORIGIN/lib")
  target_link_libraries(${boot} PRIVATE mcp_lambda_logging_libraries ${links}
                        "$<LINK_LIBRARY:WHOLE_ARCHIVE,${MCP_BOOST_JSON_ARCHIVE},${MCP_BOOST_URL_ARCHIVE},${MCP_RE2_ARCHIVE}>")
  target_link_options(${boot} PRIVATE -static-libstdc++ LINKER:--as-needed LINKER:--disable-new-dtags)

  add_custom_target(${target}_lambda_zip
    COMMAND bash ${MCP_LAMBDA_PACKAGE_FILES}/package_lambda.sh $<TARGET_FILE:${boot}> ${P_OUTPUT_DIRECTORY}
    DEPENDS ${boot} VERBATIM
    COMMENT "Packaging ${target} for AWS Lambda (provided.al2023): ${P_OUTPUT_DIRECTORY}/bootstrap.zip")
endfunction()

# The libraries every bootstrap shares, made once per build: spdlog's and fmt's code, compiled with the macros
# their users see (spdlog::spdlog's), and the static archives of Boost and RE2.
function(_mcp_lambda_libraries)
  if(TARGET mcp_lambda_logging_libraries)
    return()
  endif()
  find_package(spdlog REQUIRED)
  find_library(MCP_BOOST_JSON_ARCHIVE NAMES libboost_json.a REQUIRED)
  find_library(MCP_BOOST_URL_ARCHIVE NAMES libboost_url.a REQUIRED)
  find_library(MCP_RE2_ARCHIVE NAMES libre2.a REQUIRED) # libre2-dev's; the schema validator's regexes
  add_library(mcp_lambda_logging_libraries OBJECT EXCLUDE_FROM_ALL ${MCP_LAMBDA_PACKAGE_FILES}/logging_libraries.cpp)
  target_link_libraries(mcp_lambda_logging_libraries PRIVATE spdlog::spdlog)
  set_target_properties(mcp_lambda_logging_libraries PROPERTIES CXX_STANDARD 20)
endfunction()
