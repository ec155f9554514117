# install(): the libraries, their headers and a CMake package, so that another project can use
#   find_package(mcp 0.1 CONFIG REQUIRED COMPONENTS sqlite postgres dynamodb lambda client testing auth)
# Each component has an export set of its own (mcp-<component>-targets.cmake), imported only when asked for, so
# a project that wants stdio and HTTP with memory stores needs neither libpq, SQLite nor OpenSSL to build or run.
include(CMakePackageConfigHelpers)

set(MCP_COMPONENTS core aws sqlite postgres dynamodb lambda client testing auth)
set(MCP_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/mcp)

foreach(component IN LISTS MCP_COMPONENTS)
  get_property(targets GLOBAL PROPERTY MCP_COMPONENT_TARGETS_${component})
  if(NOT targets) # not built (MCP_WITH_...=OFF): find_package says it is not installed
    continue()
  endif()
  install(TARGETS ${targets} EXPORT mcp-${component}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(EXPORT mcp-${component} NAMESPACE mcp:: FILE mcp-${component}-targets.cmake
          DESTINATION ${MCP_INSTALL_CMAKEDIR})
endforeach()

# The public headers: everything under src/mcp but the test support of our own suites.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/mcp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp"
        PATTERN "*test_support.hpp" EXCLUDE
        PATTERN "sqlite_test_files.hpp" EXCLUDE
        PATTERN "testdata" EXCLUDE
        REGEX "/mcp/(aws|http|lambda|storage|storage/postgres)/testing$" EXCLUDE)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mcpConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/mcpConfig.cmake INSTALL_DESTINATION ${MCP_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so 0.1 accepts 0.1.y only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mcpConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mcpConfig.cmake ${PROJECT_BINARY_DIR}/mcpConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/mcp_lambda_package.cmake
        DESTINATION ${MCP_INSTALL_CMAKEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/cmake/lambda/glibc_2_34.cpp ${PROJECT_SOURCE_DIR}/cmake/lambda/logging_libraries.cpp
        DESTINATION ${MCP_INSTALL_CMAKEDIR}/lambda)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/cmake/lambda/package_lambda.sh DESTINATION ${MCP_INSTALL_CMAKEDIR}/lambda)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/mcp)
